package player

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// hlsSource plays an HLS stream: AAC-LC in fMP4 or MP3 segments. It fetches
// a few segments ahead of the decoder and no more.
type hlsSource struct {
	m    *media
	kind streamKind

	mu   sync.Mutex
	pl   *hlsPlaylist
	from string // the signed URL pl came from

	initMu sync.Mutex
	init   *fmp4Init

	heAAC atomic.Bool // the stream is HE-AAC: only its core plays
}

const (
	hlsPrefetch     = 2        // segments queued ahead of the one being decoded
	maxSegmentBytes = 32 << 20 // sanity bound on one segment
	maxPlaylistSize = 16 << 20
)

// openHLS resolves the playlist (following a master playlist to its variant)
// and refuses encrypted streams with a clear reason.
func openHLS(ctx context.Context, m *media, kind streamKind) (*hlsSource, error) {
	h := &hlsSource{m: m, kind: kind}
	if err := h.reload(ctx, ""); err != nil {
		return nil, err
	}
	return h, nil
}

// reload fetches the playlist again, resolving the redirector anew when the
// signed URL stale failed (expired).
func (h *hlsSource) reload(ctx context.Context, stale string) error {
	var u string
	var err error
	if stale != "" {
		u, err = h.m.refresh(ctx, stale)
	} else {
		u, err = h.m.url(ctx)
	}
	if err != nil {
		return err
	}
	pl, err := h.fetchPlaylist(ctx, u)
	if isExpired(err) {
		if u, err = h.m.refresh(ctx, u); err != nil {
			return err
		}
		pl, err = h.fetchPlaylist(ctx, u)
	}
	if err != nil {
		return err
	}
	if pl.master {
		v := pl.variants
		sort.SliceStable(v, func(i, j int) bool { return v[i].bandwidth > v[j].bandwidth })
		if pl, err = h.fetchPlaylist(ctx, v[0].uri); err != nil {
			return fmt.Errorf("variant playlist: %w", err)
		}
		if pl.master {
			return fmt.Errorf("variant playlist %s is itself a master playlist (only one level is allowed)", sanitize(redact(v[0].uri)))
		}
	}
	if pl.keyMethod != "" {
		what := pl.keyMethod
		if pl.keyFormat != "" {
			what += ", " + pl.keyFormat
		}
		return fmt.Errorf("%w (EXT-X-KEY METHOD=%s); cirrus cannot play encrypted Go+ streams", ErrDRM, sanitize(what))
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.pl != nil && len(h.pl.segments) != len(pl.segments) {
		return fmt.Errorf("playlist changed from %d to %d segments", len(h.pl.segments), len(pl.segments))
	}
	h.pl, h.from = pl, u
	return nil
}

func (h *hlsSource) fetchPlaylist(ctx context.Context, u string) (*hlsPlaylist, error) {
	b, err := h.m.fetchAll(ctx, u, maxPlaylistSize)
	if err != nil {
		return nil, fmt.Errorf("fetch playlist: %w", err)
	}
	pl, err := parsePlaylist(b, u)
	if err != nil {
		return nil, fmt.Errorf("playlist %s: %w", redact(u), err)
	}
	return pl, nil
}

func isExpired(err error) bool {
	var se *httpStatusError
	return errors.As(err, &se) && (se.code == http.StatusForbidden || se.code == http.StatusUnauthorized || se.code == http.StatusGone)
}

// length implements lengther: the playlist's total duration.
func (h *hlsSource) length() time.Duration {
	pl, _ := h.playlist()
	if pl == nil {
		return 0
	}
	return pl.total
}

func (h *hlsSource) playlist() (*hlsPlaylist, string) {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.pl, h.from
}

// fetch gets a URI of the playlist (segment i, or the init segment when i<0),
// reloading the playlist once the signed URLs have expired.
func (h *hlsSource) fetch(ctx context.Context, i int) ([]byte, error) {
	var last error
	for attempt := 0; attempt < 3; attempt++ {
		pl, from := h.playlist()
		u := pl.mapURI
		if i >= 0 {
			u = pl.segments[i].uri
		}
		b, err := h.m.fetchAll(ctx, u, maxSegmentBytes)
		if err == nil {
			return b, nil
		}
		last = err
		if !isExpired(err) {
			return nil, err
		}
		if err := h.reload(ctx, from); err != nil {
			return nil, fmt.Errorf("reload expired playlist: %w", err)
		}
	}
	return nil, last
}

func (h *hlsSource) initSegment(ctx context.Context) (*fmp4Init, error) {
	h.initMu.Lock()
	defer h.initMu.Unlock()
	if h.init != nil {
		return h.init, nil
	}
	pl, _ := h.playlist()
	if pl.mapURI == "" {
		return nil, errors.New("fMP4 playlist without EXT-X-MAP")
	}
	b, err := h.fetch(ctx, -1)
	if err != nil {
		return nil, fmt.Errorf("init segment: %w", err)
	}
	in, err := parseInit(b)
	if err != nil {
		return nil, err
	}
	h.init = in
	return in, nil
}

type fetchedSegment struct {
	i    int
	data []byte
	err  error
}

// prefetch fetches segments from start on into a small channel, so at most
// hlsPrefetch+1 segments are in memory ahead of the decoder.
func (h *hlsSource) prefetch(ctx context.Context, start int) <-chan fetchedSegment {
	ch := make(chan fetchedSegment, hlsPrefetch)
	pl, _ := h.playlist()
	n := len(pl.segments)
	go func() {
		defer close(ch)
		for i := start; i < n; i++ {
			b, err := h.fetch(ctx, i)
			select {
			case ch <- fetchedSegment{i: i, data: b, err: err}:
			case <-ctx.Done():
				return
			}
			if err != nil {
				return
			}
		}
	}()
	return ch
}

// decode implements source.
func (h *hlsSource) decode(ctx context.Context, from time.Duration, q *pcmQueue, warn func(error)) error {
	pl, _ := h.playlist()
	if h.kind == kindHLSMP3 {
		start := pl.segmentAt(from)
		return h.decodeMP3(ctx, from, start, h.prefetch(ctx, start), q, warn)
	}
	in, err := h.initSegment(ctx)
	if err != nil {
		return err
	}
	// The playlist counts media time, which starts with the encoder's
	// priming; the listener's time starts after it.
	at := from + in.primingTime()
	start := pl.segmentAt(at)
	return h.decodeAAC(ctx, in, at, start, h.prefetch(ctx, start), q, warn)
}

// primingTime is the edit list's skip as a duration.
func (in *fmp4Init) primingTime() time.Duration {
	if in.timescale == 0 {
		return 0
	}
	return time.Duration(in.priming) * time.Second / time.Duration(in.timescale)
}

// decodeAAC decodes fMP4 AAC from segment start on, dropping what comes
// before media time at: the encoder's priming (the edit list's media_time;
// ADTS carries no such number, so cirrus never trims an ADTS stream) and,
// after a seek, the part of the segment before the target. A sample whose
// duration is shorter than a frame (the encoder's padding at the end of a
// track) keeps only its duration's worth, so consecutive tracks join
// without a gap.
func (h *hlsSource) decodeAAC(ctx context.Context, in *fmp4Init, at time.Duration, start int, segs <-chan fetchedSegment, q *pcmQueue, warn func(error)) error {
	dec, err := newAACDecoder(in.asc)
	if err != nil {
		return err
	}
	defer dec.close()
	pl, _ := h.playlist()
	al := &aligner{q: q, origin: pl.segments[start].start}
	al.setRate(dec.rate)
	skip := at - pl.segments[start].start
	lostInARow := 0
	for s := range segs {
		if s.err != nil {
			return fmt.Errorf("segment %d: %w", s.i+1, s.err)
		}
		seg := pl.segments[s.i]
		samples, err := fragmentSamples(s.data, in)
		if errors.Is(err, ErrDRM) {
			return err
		}
		lost, damaged := err != nil, err != nil
		if err != nil {
			warn(fmt.Errorf("segment %d skipped: %w", s.i+1, err))
		} else {
			bad := 0
			for _, smp := range samples {
				buf, err := safeAAC(dec, smp.data)
				if err != nil {
					if bad++; bad == 1 {
						// at once for a stream on trial; the
						// listener hears the summary below
						warn(frameLost{fmt.Errorf("segment %d: AAC frames undecodable: %w", s.i+1, err)})
					}
					continue
				}
				al.setRate(dec.rate)
				if n := sampleFrames(smp.dur, in.timescale, dec.rate); n >= 0 && n < len(buf) {
					buf = buf[:n]
				}
				if err := al.push(ctx, buf, skip); err != nil {
					return err
				}
				if !h.heAAC.Load() && dec.heAAC() {
					h.heAAC.Store(true)
					warn(noteError(heAACNote))
				}
			}
			if bad > 0 {
				warn(fmt.Errorf("segment %d: %d of %d AAC frames undecodable, skipped", s.i+1, bad, len(samples)))
			}
			lost, damaged = bad == len(samples), bad > 0
		}
		if !lost {
			lostInARow = 0
		} else if lostInARow++; lostInARow >= maxLostInARow {
			return fmt.Errorf("%d segments in a row undecodable (last: segment %d)", lostInARow, s.i+1)
		}
		if damaged {
			// Keep the timeline: what was lost becomes silence.
			if err := al.padTo(ctx, seg.start+seg.dur, seg.dur, skip); err != nil {
				return err
			}
		}
		if ctx.Err() != nil {
			return ctx.Err()
		}
	}
	return ctx.Err()
}

// sampleFrames converts a sample's duration in the track's timescale to
// frames at rate, to the nearest (a 90 kHz timescale gives 1024 samples
// at 44.1 kHz a duration of 2089.8 units, written 2089 or 2090); -1 when
// the track does not say.
func sampleFrames(dur, timescale uint32, rate int) int {
	if dur == 0 || timescale == 0 || rate <= 0 {
		return -1
	}
	ts := int64(timescale)
	return int((int64(dur)*int64(rate) + ts/2) / ts)
}

// streamNote implements noter: what the listener should know about how
// the stream plays.
func (h *hlsSource) streamNote() string {
	if h.heAAC.Load() {
		return heAACNote
	}
	return ""
}

// maxLostInARow undecodable segments end a track: a stream of garbage is
// not played as minutes of silence.
const maxLostInARow = 5

// safeAAC decodes one frame, turning a decoder panic into an error.
func safeAAC(d *aacDecoder, frame []byte) (out [][2]float32, err error) {
	defer func() {
		if r := recover(); r != nil {
			out, err = nil, fmt.Errorf("aac decoder panic: %v", r)
		}
	}()
	return d.decode(frame)
}

// aligner pushes decoded audio onto the timeline that starts at origin,
// dropping what lies before the seek target and padding gaps with silence.
type aligner struct {
	q      *pcmQueue
	origin time.Duration
	rate   int
	pos    int64 // frames pushed or skipped since origin
	heard  bool  // decoded audio was pushed
}

func (a *aligner) setRate(r int) {
	if r > 0 && a.rate == 0 {
		a.rate = r
		a.q.setRate(r)
	}
}

// frames converts d to frames, to the nearest: a duration made from a
// count of frames (an edit list's priming) comes back as that count.
func (a *aligner) frames(d time.Duration) int64 {
	return (int64(d)*int64(a.rate) + int64(time.Second)/2) / int64(time.Second)
}

// push queues decoded audio f (the queue copies it; f is not kept),
// skipping the part before skip (relative to origin).
func (a *aligner) push(ctx context.Context, f [][2]float32, skip time.Duration) error {
	return a.put(ctx, f, skip, true)
}

// put is push; audio is false for silence standing in for lost audio.
func (a *aligner) put(ctx context.Context, f [][2]float32, skip time.Duration, audio bool) error {
	if a.rate == 0 {
		return errors.New("decoder reported no sample rate")
	}
	sk := a.frames(skip)
	if a.pos < sk {
		d := min(sk-a.pos, int64(len(f)))
		a.pos += d
		f = f[d:]
	}
	if len(f) == 0 {
		return nil
	}
	a.pos += int64(len(f))
	if audio && !a.heard {
		a.heard = true
		a.q.markAudio()
	}
	return a.q.push(ctx, f)
}

// silence is what padTo pushes, a piece at a time.
var silence = make([][2]float32, 4096)

// padTo fills silence up to t (absolute) for audio that was lost, at most
// limit (the lost stretch's length by its tag) and never more than
// maxLostSilence: a segment's length comes from its audio, and a tag's
// claim only says how much silence may stand in for a lost one.
func (a *aligner) padTo(ctx context.Context, t, limit time.Duration, skip time.Duration) error {
	if a.rate == 0 {
		return nil
	}
	missing := min(a.frames(t-a.origin)-a.pos, a.frames(min(limit, maxLostSilence)))
	// Small differences are encoder padding, not loss.
	if missing < int64(a.rate)/10 {
		return nil
	}
	for missing > 0 {
		n := min(missing, int64(len(silence)))
		if err := a.put(ctx, silence[:n], skip, false); err != nil {
			return err
		}
		missing -= n
	}
	return nil
}

// maxLostSilence bounds the silence standing in for one lost segment.
const maxLostSilence = 30 * time.Second

// sanitize strips control characters from network text before it can reach
// a terminal.
func sanitize(s string) string {
	return strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0) {
			return -1
		}
		return r
	}, s)
}

// decodeMP3 plays MP3 segments as one stream (the bit reservoir spans
// segment boundaries).
func (h *hlsSource) decodeMP3(ctx context.Context, from time.Duration, start int, segs <-chan fetchedSegment, q *pcmQueue, warn func(error)) error {
	pl, _ := h.playlist()
	al := &aligner{q: q, origin: pl.segments[start].start}
	sr := &segmentReader{segs: segs}
	mark := func(consumed int64) time.Duration {
		sr.mu.Lock()
		defer sr.mu.Unlock()
		// the last segment that started at or before consumed
		k := sort.Search(len(sr.starts), func(i int) bool { return sr.starts[i].off > consumed }) - 1
		if k < 0 {
			return al.origin
		}
		return pl.segments[sr.starts[k].i].start
	}
	return decodeMP3Stream(ctx, sr, al, from-pl.segments[start].start, warn, mark)
}

// segmentReader concatenates fetched segments, unwrapping MPEG-TS if the
// segments come in a transport stream.
type segmentReader struct {
	segs <-chan fetchedSegment
	cur  []byte

	mu     sync.Mutex
	total  int64 // bytes delivered
	starts []segStart
}

type segStart struct {
	i   int
	off int64
}

func (r *segmentReader) Read(p []byte) (int, error) {
	for len(r.cur) == 0 {
		s, ok := <-r.segs
		if !ok {
			return 0, io.EOF
		}
		if s.err != nil {
			return 0, &fatalReadError{fmt.Errorf("segment %d: %w", s.i+1, s.err)}
		}
		r.cur = s.data
		if isTS(r.cur) {
			r.cur = tsAudioPayload(r.cur)
		} else if n := id3Size(r.cur); n > 0 {
			// Packed-audio segments open with an ID3 timestamp tag
			// (RFC 8216 3.4); it is not audio.
			r.cur = r.cur[min(n, len(r.cur)):]
		}
		r.mu.Lock()
		r.starts = append(r.starts, segStart{i: s.i, off: r.total})
		if len(r.starts) > 8 {
			r.starts = r.starts[len(r.starts)-8:]
		}
		r.mu.Unlock()
	}
	n := copy(p, r.cur)
	r.cur = r.cur[n:]
	r.mu.Lock()
	r.total += int64(n)
	r.mu.Unlock()
	return n, nil
}
