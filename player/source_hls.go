package player

import (
	"bytes"
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

// hlsSource plays an HLS stream as packagers write it: AAC-LC in fMP4
// (EXT-X-MAP), AAC (ADTS) or MP3 in MPEG-TS, packed ADTS or MP3 segments;
// whole files or byte ranges of one (EXT-X-BYTERANGE); parts joined by
// EXT-X-DISCONTINUITY, each decoded afresh. It fetches a few segments ahead
// of the decoder and no more.
type hlsSource struct {
	m    *media
	kind streamKind

	mu   sync.Mutex
	pl   *hlsPlaylist
	from string // the signed URL pl came from

	initMu sync.Mutex
	inits  map[int]*fmp4Init // by EXT-X-MAP index

	heAAC atomic.Bool // the stream is HE-AAC: only its core plays

	keyMu sync.Mutex
	keys  map[string][]byte // AES-128 keys by URI

	cache segCache // the segments fetched last

	// discarded counts decoded frames dropped as lying before where the
	// decoding was asked to start: a seek's wasted work (tests read it)
	discarded atomic.Int64
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
		// the best variant's audio: its own, or its audio group's
		// rendition (the variant itself may be video only)
		v := pl.variants
		sort.SliceStable(v, func(i, j int) bool { return v[i].bandwidth > v[j].bandwidth })
		au := pl.audioFor(v[0])
		if pl, err = h.fetchPlaylist(ctx, au); err != nil {
			return fmt.Errorf("variant playlist: %w", err)
		}
		if pl.master {
			return fmt.Errorf("variant playlist %s is itself a master playlist (only one level is allowed)", sanitize(redact(au)))
		}
	}
	if err := playable(pl); err != nil {
		return err
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.pl != nil && len(h.pl.segments) != len(pl.segments) {
		return fmt.Errorf("playlist changed from %d to %d segments", len(h.pl.segments), len(pl.segments))
	}
	h.pl, h.from = pl, u
	return nil
}

// playable refuses, in plain words, a media playlist cirrus cannot play:
// encrypted with DRM (SAMPLE-AES, key systems), AES-128 over byte ranges
// (whole segments under AES-128 play), or live.
func playable(pl *hlsPlaylist) error {
	if pl.keyMethod != "" {
		what := pl.keyMethod
		if pl.keyFormat != "" {
			what += ", " + pl.keyFormat
		}
		return fmt.Errorf("%w (EXT-X-KEY METHOD=%s); cirrus cannot play encrypted Go+ streams", ErrDRM, sanitize(truncate(what, 80)))
	}
	for _, s := range pl.segments {
		if s.key != nil && s.rng.n > 0 {
			return fmt.Errorf("%w: AES-128 encryption of byte ranges (EXT-X-KEY with EXT-X-BYTERANGE)", ErrUnsupported)
		}
	}
	if !pl.endList {
		return fmt.Errorf("%w: cirrus plays only complete tracks, and this playlist has no EXT-X-ENDLIST", ErrLive)
	}
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

// segmentEnd implements segmenter.
func (h *hlsSource) segmentEnd(t time.Duration) time.Duration {
	pl, _ := h.playlist()
	s := pl.segments[pl.segmentAt(t)]
	return s.start + s.dur
}

func (h *hlsSource) playlist() (*hlsPlaylist, string) {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.pl, h.from
}

// fetch gets segment i, reloading the playlist once the signed URLs have
// expired.
func (h *hlsSource) fetch(ctx context.Context, i int) ([]byte, error) {
	b, err := h.fetchPart(ctx, func(pl *hlsPlaylist) (string, byteRange) {
		return pl.segments[i].uri, pl.segments[i].rng
	})
	if err != nil {
		return nil, err
	}
	pl, _ := h.playlist()
	if seg := pl.segments[i]; seg.key != nil {
		return h.decrypt(ctx, seg, b)
	}
	return b, nil
}

// fetchMap gets the init segment of EXT-X-MAP k.
func (h *hlsSource) fetchMap(ctx context.Context, k int) ([]byte, error) {
	return h.fetchPart(ctx, func(pl *hlsPlaylist) (string, byteRange) {
		return pl.maps[k].uri, pl.maps[k].rng
	})
}

// fetchPart fetches what pick names in the current playlist: a whole
// resource, or a byte range of one with a Range request.
func (h *hlsSource) fetchPart(ctx context.Context, pick func(*hlsPlaylist) (string, byteRange)) ([]byte, error) {
	var last error
	for attempt := 0; attempt < 3; attempt++ {
		pl, from := h.playlist()
		u, r := pick(pl)
		var b []byte
		var err error
		if r.n > 0 {
			b, err = h.m.fetchRange(ctx, u, r)
		} else {
			b, err = h.m.fetchAll(ctx, u, maxSegmentBytes)
		}
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

// initFor returns the init segment of EXT-X-MAP k, fetched once.
func (h *hlsSource) initFor(ctx context.Context, k int) (*fmp4Init, error) {
	h.initMu.Lock()
	defer h.initMu.Unlock()
	if in := h.inits[k]; in != nil {
		return in, nil
	}
	b, err := h.fetchMap(ctx, k)
	if err != nil {
		return nil, fmt.Errorf("init segment: %w", err)
	}
	in, err := parseInit(b)
	if err != nil {
		return nil, err
	}
	if h.inits == nil {
		h.inits = map[int]*fmp4Init{}
	}
	h.inits[k] = in
	return in, nil
}

type fetchedSegment struct {
	i    int
	disc int // the segment's discontinuity count (hlsSegment.disc)
	data []byte
	err  error
}

// segQueue hands out fetched segments in order; first, when set, comes
// before the channel's (the segment decode looked at to tell the format).
type segQueue struct {
	first *fetchedSegment
	ch    <-chan fetchedSegment
}

func (q *segQueue) next() (fetchedSegment, bool) {
	if q.first != nil {
		s := *q.first
		q.first = nil
		return s, true
	}
	s, ok := <-q.ch
	return s, ok
}

// cached is segment i from the cache, else fetched (and kept there).
func (h *hlsSource) cached(ctx context.Context, i int) ([]byte, error) {
	if b := h.cache.get(i); b != nil {
		return b, nil
	}
	b, err := h.fetch(ctx, i)
	if err == nil {
		h.cache.put(i, b)
	}
	return b, err
}

// segCache keeps the last few segments fetched (decrypted), so that a
// seek into one of them (back a little, or forward into what was fetched
// ahead) decodes at once, with no request on the way to its first sound,
// as mpv's demuxer cache does. Segments are read, never written, once
// fetched: the cache hands out the same bytes.
type segCache struct {
	mu    sync.Mutex
	segs  []cachedSegment // oldest first
	bytes int
}

type cachedSegment struct {
	i    int
	data []byte
}

const (
	hlsCacheSegments = hlsPrefetch + 4 // the ones fetched ahead, the one playing and a few behind
	hlsCacheBytes    = 8 << 20
)

// hlsCacheOff turns the cache off, for a test that needs a seek to fetch.
var hlsCacheOff atomic.Bool

func (c *segCache) get(i int) []byte {
	if hlsCacheOff.Load() {
		return nil
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, s := range c.segs {
		if s.i == i {
			return s.data
		}
	}
	return nil
}

func (c *segCache) put(i int, b []byte) {
	if len(b) > hlsCacheBytes/2 || hlsCacheOff.Load() {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, s := range c.segs {
		if s.i == i {
			return
		}
	}
	c.segs = append(c.segs, cachedSegment{i, b})
	c.bytes += len(b)
	for len(c.segs) > hlsCacheSegments || c.bytes > hlsCacheBytes {
		c.bytes -= len(c.segs[0].data)
		c.segs[0] = cachedSegment{}
		c.segs = c.segs[1:]
	}
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
			b, err := h.cached(ctx, i)
			select {
			case ch <- fetchedSegment{i: i, disc: pl.segments[i].disc, data: b, err: err}:
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

// decode implements source. The first segment tells the format: fMP4 (it
// has an EXT-X-MAP), MPEG-TS (AAC or MP3 inside), packed ADTS AAC, or
// else MP3.
func (h *hlsSource) decode(ctx context.Context, from time.Duration, q *pcmQueue, warn func(error)) error {
	pl, _ := h.playlist()
	at := from
	start := pl.segmentAt(from)
	if k := pl.segments[start].mapIx; k >= 0 {
		in, err := h.initFor(ctx, k)
		if err != nil {
			return err
		}
		// The playlist counts media time, which starts with the
		// encoder's priming; the listener's time starts after it.
		at = from + in.primingTime()
		start = pl.segmentAt(at)
	}
	ch := h.prefetch(ctx, start)
	first, ok := <-ch
	if !ok {
		return ctx.Err()
	}
	if first.err != nil {
		return fmt.Errorf("segment %d: %w", first.i+1, first.err)
	}
	segs := &segQueue{first: &first, ch: ch}
	f, err := sniffSegment(pl.segments[start], first.data, h.kind)
	if err != nil {
		return fmt.Errorf("segment %d: %w", first.i+1, err)
	}
	if f == segMP3 {
		return h.decodeMP3(ctx, from, start, segs, q, warn)
	}
	return h.decodeAAC(ctx, at, start, segs, q, warn)
}

// segFormat is what a segment holds.
type segFormat int

const (
	segFMP4 segFormat = iota // fMP4 AAC with an EXT-X-MAP
	segADTS                  // AAC: in MPEG-TS, or packed ADTS
	segMP3                   // MP3: in MPEG-TS, or packed
)

// sniffSegment tells a segment's format. Without a sign of AAC, an
// hls_mp3 stream's segments are MP3; an AAC stream's are refused.
func sniffSegment(seg hlsSegment, b []byte, kind streamKind) (segFormat, error) {
	if seg.mapIx >= 0 {
		return segFMP4, nil
	}
	if isTS(b) {
		a, err := demuxTS(b, false)
		if err != nil {
			return 0, err
		}
		switch a.codec {
		case tsAAC:
			return segADTS, nil
		case tsMP3:
			return segMP3, nil
		}
		return 0, errTSNoAudio
	}
	b = b[min(id3Size(b), len(b)):]
	if _, ok := parseADTSHeader(b); ok {
		return segADTS, nil
	}
	if kind == kindHLSMP3 {
		return segMP3, nil
	}
	if _, _, ok := findFrame(b[:min(len(b), 8192)]); ok {
		return segMP3, nil
	}
	return 0, fmt.Errorf("%w: neither fMP4 (no EXT-X-MAP), MPEG-TS, ADTS AAC nor MP3", ErrUnsupported)
}

// aacRun is access units that share one decoder configuration.
type aacRun struct {
	asc       []byte
	in        *fmp4Init // fMP4: the init segment; nil for ADTS
	samples   []fmp4Sample
	timescale uint32
}

// aacRuns reads the access units of one segment. A segment that cannot be
// read is a skippable error; fatal says the stream cannot go on (DRM, a
// codec cirrus does not play, an init segment that cannot be had).
func (h *hlsSource) aacRuns(ctx context.Context, seg hlsSegment, b []byte) (runs []aacRun, skip, fatal error) {
	if seg.mapIx >= 0 {
		in, err := h.initFor(ctx, seg.mapIx)
		if err != nil {
			return nil, nil, err
		}
		samples, err := fragmentSamples(b, in)
		if errors.Is(err, ErrDRM) {
			return nil, nil, err
		}
		if err != nil {
			return nil, err, nil
		}
		return []aacRun{{asc: in.asc, in: in, samples: samples, timescale: in.timescale}}, nil, nil
	}
	var es []byte
	if isTS(b) {
		a, err := demuxTS(b, false)
		if errors.Is(err, ErrDRM) || errors.Is(err, ErrUnsupported) {
			return nil, nil, err
		}
		if err != nil {
			return nil, err, nil
		}
		if a.codec != tsAAC {
			return nil, nil, fmt.Errorf("%w: %v in a stream that began as AAC", ErrUnsupported, a.codec)
		}
		if a.damaged > 0 {
			skip = fmt.Errorf("%d damaged PES packets dropped", a.damaged)
		}
		es = a.es
	} else {
		es = b[min(id3Size(b), len(b)):]
	}
	for len(es) > 0 {
		units, asc, rest, _, err := splitADTS(es)
		if errors.Is(err, ErrUnsupported) {
			return nil, nil, err
		}
		if err != nil {
			if len(runs) == 0 {
				return nil, err, nil
			}
			break
		}
		r := aacRun{asc: asc, samples: make([]fmp4Sample, len(units))}
		for i, u := range units {
			r.samples[i] = fmp4Sample{data: u}
		}
		runs = append(runs, r)
		if len(runs) > 64 {
			return nil, nil, fmt.Errorf("%w: ADTS configuration changes more than 64 times in a segment", ErrUnsupported)
		}
		es = rest
	}
	return runs, skip, nil
}

// primingTime is the edit list's skip as a duration.
func (in *fmp4Init) primingTime() time.Duration {
	if in.timescale == 0 {
		return 0
	}
	return time.Duration(in.priming) * time.Second / time.Duration(in.timescale)
}

// decodeAAC decodes AAC (fMP4 or ADTS) from segment start on, dropping
// what comes before media time at: the encoder's priming (the edit list's
// media_time; ADTS carries no such number, so cirrus never trims an ADTS
// stream) and, after a seek, the part of the segment before the target. A
// sample whose duration is shorter than a frame (the encoder's padding at
// the end of a track) keeps only its duration's worth, so consecutive
// tracks join without a gap. After an EXT-X-DISCONTINUITY, or when the
// configuration changes, a new decoder starts; audio at another sample
// rate is resampled to the track's.
func (h *hlsSource) decodeAAC(ctx context.Context, at time.Duration, start int, segs *segQueue, q *pcmQueue, warn func(error)) error {
	pl, _ := h.playlist()
	al := &aligner{q: q, origin: pl.segments[start].start, discarded: &h.discarded}
	skip := at - pl.segments[start].start
	var dec *aacDecoder
	defer func() {
		if dec != nil {
			dec.close()
		}
	}()
	var decASC []byte
	part := pl.segments[start].disc
	lostInARow := 0
	seeking := skip > 0 // the first run decodes from just before skip (see aacSeekPoint)
	for {
		s, ok := segs.next()
		if !ok {
			break
		}
		if s.err != nil {
			return fmt.Errorf("segment %d: %w", s.i+1, s.err)
		}
		seg := pl.segments[s.i]
		runs, serr, err := h.aacRuns(ctx, seg, s.data)
		if err != nil {
			return fmt.Errorf("segment %d: %w", s.i+1, err)
		}
		if serr != nil {
			warn(fmt.Errorf("segment %d: %w", s.i+1, serr))
		}
		total, bad := 0, 0
		for _, r := range runs {
			drop := 0 // decoded frames to drop: a new part's priming
			if dec == nil || seg.disc != part || !bytes.Equal(r.asc, decASC) {
				if dec != nil {
					dec.close()
				}
				if dec, err = newAACDecoder(r.asc); err != nil {
					return fmt.Errorf("segment %d: %w", s.i+1, err)
				}
				if decASC != nil {
					// a new part: its rate may differ
					al.newPart()
					if r.in != nil && seg.disc != part {
						drop = sampleFrames(r.in.priming, r.in.timescale, dec.rate)
					}
				}
				decASC, part = r.asc, seg.disc
				if err := al.setRate(dec.rate); err != nil {
					return fmt.Errorf("segment %d: %w", s.i+1, err)
				}
			}
			samples := r.samples
			if seeking {
				seeking = false
				k, skipped := aacSeekPoint(samples, r.timescale, dec.rate, skip)
				samples = samples[k:]
				al.skipped(skipped)
			}
			total += len(samples)
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
				if n := sampleFrames(smp.dur, r.timescale, dec.rate); n >= 0 && n < len(buf) {
					buf = buf[:n]
				}
				if d := min(drop, len(buf)); d > 0 {
					buf, drop = buf[d:], drop-d
				}
				if err := al.push(ctx, buf, skip); err != nil {
					return err
				}
				if !h.heAAC.Load() && dec.heAAC() {
					h.heAAC.Store(true)
					warn(noteError(heAACNote))
				}
			}
		}
		if bad > 0 {
			warn(fmt.Errorf("segment %d: %d of %d AAC frames undecodable, skipped", s.i+1, bad, total))
		}
		lost, damaged := bad == total, bad > 0 || serr != nil
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

// aacSeekPoint is where decoding starts in samples (the access units of
// a seek's segment, from its start; timescale theirs, 0 for ADTS) to hear
// it from skip on exactly as when decoded from its start: one access unit
// before the one that holds the target, whose second half the target's
// overlaps (AAC-LC keeps nothing else from frame to frame but the noise
// generator of perceptual noise substitution, noise either way). skipped
// is the audio of the units before it, by their durations (a unit without
// one is a whole frame). The work after a seek is then two frames,
// wherever in the segment the target lies.
func aacSeekPoint(samples []fmp4Sample, timescale uint32, rate int, skip time.Duration) (k int, skipped time.Duration) {
	if rate <= 0 || skip <= 0 {
		return 0, 0
	}
	target := (int64(skip)*int64(rate) + int64(time.Second)/2) / int64(time.Second)
	var at, prev int64 // frames before unit k, before unit k-1
	for k < len(samples) {
		n := int64(sampleFrames(samples[k].dur, timescale, rate))
		if n < 0 || n > aacFrameLen {
			n = aacFrameLen
		}
		if at+n > target {
			break
		}
		prev, at = at, at+n
		k++
	}
	if k == 0 {
		return 0, 0
	}
	return k - 1, time.Duration(prev * int64(time.Second) / int64(rate))
}

// aacFrameLen is the audio of one AAC-LC access unit, in frames.
const aacFrameLen = 1024

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
// The first audio sets the track's rate; a part after a discontinuity at
// another rate is resampled to it (the output runs at one rate).
type aligner struct {
	q      *pcmQueue
	origin time.Duration
	rate   int
	pos    int64 // frames pushed or skipped since origin
	heard  bool  // decoded audio was pushed
	// ahead is audio a seek did not decode (see skipped), counted into
	// pos once the rate is known
	ahead     time.Duration
	discarded *atomic.Int64 // when set, counts decoded frames dropped before skip

	in int        // the rate of the part being pushed; 0 until known
	rs *resampler // from in to rate, when they differ
}

// setRate says the rate of the audio pushed next. Within one part the rate
// must not change; newPart starts a part that may have another.
func (a *aligner) setRate(r int) error {
	if r <= 0 {
		return nil
	}
	if a.rate == 0 {
		a.rate = a.q.setRate(r)
		a.pos += a.frames(a.ahead)
		a.ahead = 0
	}
	switch {
	case a.in == 0:
		a.in = r
		if r != a.rate {
			a.rs = newResampler(r, a.rate)
		}
	case r != a.in:
		return fmt.Errorf("sample rate changed from %d to %d Hz without a discontinuity", a.in, r)
	}
	return nil
}

// skipped says that the decoder starts d after origin: the audio before
// it was not decoded at all (a seek starts a few frames before its
// target), and the next audio pushed is d into the timeline. d is a whole
// number of the decoder's frames, at its rate: where the rates agree it
// comes back exact (see frames).
func (a *aligner) skipped(d time.Duration) {
	if a.rate == 0 {
		a.ahead += d
		return
	}
	a.pos += a.frames(d)
}

// newPart starts a part of the stream that is decoded afresh (after an
// EXT-X-DISCONTINUITY): its sample rate is its own.
func (a *aligner) newPart() { a.in, a.rs = 0, nil }

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
	if a.rs != nil {
		f = a.rs.convert(f)
	}
	sk := a.frames(skip)
	if a.pos < sk {
		d := min(sk-a.pos, int64(len(f)))
		a.pos += d
		f = f[d:]
		if audio && a.discarded != nil {
			a.discarded.Add(d)
		}
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
// segment boundaries), a fresh one after each EXT-X-DISCONTINUITY.
func (h *hlsSource) decodeMP3(ctx context.Context, from time.Duration, start int, segs *segQueue, q *pcmQueue, warn func(error)) error {
	pl, _ := h.playlist()
	al := &aligner{q: q, origin: pl.segments[start].start, discarded: &h.discarded}
	sr := &segmentReader{segs: segs.ch, pending: segs.first, warn: warn, part: -1}
	var base int64 // bytes sr delivered before the current part
	mark := func(consumed int64) time.Duration {
		sr.mu.Lock()
		defer sr.mu.Unlock()
		// the last segment that started at or before consumed
		at := base + consumed
		k := sort.Search(len(sr.starts), func(i int) bool { return sr.starts[i].off > at }) - 1
		if k < 0 {
			return al.origin
		}
		return pl.segments[sr.starts[k].i].start
	}
	skip := from - pl.segments[start].start
	// A seek decodes from a few frames before its target, not from the
	// segment's start (see mp3SeekPoint).
	sr.cut = func(es []byte) []byte {
		cut, skipped := mp3SeekPoint(es, skip)
		al.skipped(skipped)
		return es[cut:]
	}
	for {
		if err := decodeMP3Stream(ctx, sr, al, skip, warn, mark); err != nil {
			return err
		}
		if ctx.Err() != nil || !sr.nextPart() {
			return ctx.Err()
		}
		sr.mu.Lock()
		base = sr.total
		sr.mu.Unlock()
		al.newPart()
	}
}

// segmentReader concatenates fetched segments, unwrapping MPEG-TS if the
// segments come in a transport stream. At an EXT-X-DISCONTINUITY it ends
// (io.EOF) until nextPart.
type segmentReader struct {
	segs    <-chan fetchedSegment
	pending *fetchedSegment // read, not yet delivered: the next part's first
	cur     []byte
	warn    func(error) // may be nil
	part    int         // the discontinuity count of the part being read; -1 before the first
	ended   bool        // the part ended at a discontinuity
	// cut, when set, is applied once to the first segment's audio (its
	// MPEG audio frames, out of a transport stream or after an ID3 tag)
	// and gives what is to be decoded of it
	cut func(es []byte) []byte

	mu     sync.Mutex
	total  int64 // bytes delivered
	starts []segStart
}

type segStart struct {
	i   int
	off int64
}

// nextPart goes on past a discontinuity; false at the end of the stream.
func (r *segmentReader) nextPart() bool {
	if !r.ended {
		return false
	}
	r.ended = false
	return true
}

func (r *segmentReader) Read(p []byte) (int, error) {
	for len(r.cur) == 0 {
		if r.ended {
			return 0, io.EOF
		}
		var s fetchedSegment
		if r.pending != nil {
			s, r.pending = *r.pending, nil
		} else {
			var ok bool
			if s, ok = <-r.segs; !ok {
				return 0, io.EOF
			}
		}
		if s.err != nil {
			return 0, &fatalReadError{fmt.Errorf("segment %d: %w", s.i+1, s.err)}
		}
		if r.part >= 0 && s.disc != r.part {
			r.pending, r.ended, r.part = &s, true, s.disc
			return 0, io.EOF
		}
		r.part = s.disc
		r.cur = s.data
		if isTS(r.cur) {
			a, err := demuxTS(r.cur, true)
			switch {
			case errors.Is(err, ErrDRM) || errors.Is(err, ErrUnsupported):
				return 0, &fatalReadError{fmt.Errorf("segment %d: %w", s.i+1, err)}
			case err != nil:
				r.note(fmt.Errorf("segment %d skipped: %w", s.i+1, err))
				r.cur = nil
			case a.codec == tsAAC:
				return 0, &fatalReadError{fmt.Errorf("segment %d: %w: AAC in a stream that began as MP3", s.i+1, ErrUnsupported)}
			default:
				if a.damaged > 0 {
					r.note(fmt.Errorf("segment %d: %d PES packets arrived damaged", s.i+1, a.damaged))
				}
				r.cur = a.es
			}
		} else if n := id3Size(r.cur); n > 0 {
			// Packed-audio segments open with an ID3 timestamp tag
			// (RFC 8216 3.4); it is not audio.
			r.cur = r.cur[min(n, len(r.cur)):]
		}
		if r.cut != nil {
			r.cur, r.cut = r.cut(r.cur), nil
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

func (r *segmentReader) note(err error) {
	if r.warn != nil {
		r.warn(err)
	}
}
