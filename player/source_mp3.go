package player

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"
)

// mp3Source plays a progressive MP3 over HTTP. It never downloads more than
// the decoder consumes, and seeks with a Range request at the byte offset the
// bitrate (or the Xing or VBRI table of contents) gives.
type mp3Source struct {
	m        *media
	duration time.Duration // from the API, never by scanning

	mu     sync.Mutex
	probed bool
	start  int64 // first audio frame
	size   int64 // total bytes, 0 if unknown
	hdr    mp3Header
	xing   *xingInfo
	vbri   *vbriInfo
	// the probe's reader, still connected, and what it read: the first
	// decoding from the start plays on from there
	first  *rangeReader
	prefix []byte
}

// release closes the probe's connection, if still open; a later decoding
// from the start connects again.
func (s *mp3Source) release() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.first != nil {
		s.first.close()
	}
}

func newMP3Source(m *media, duration time.Duration) *mp3Source {
	return &mp3Source{m: m, duration: max(duration, 0)}
}

// probe learns where the audio starts, its bitrate and the Xing or VBRI TOC
// from the first few kilobytes (and the file size from Content-Range).
func (s *mp3Source) probe(ctx context.Context) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.probed {
		return nil
	}
	// The probe reads through the decoder's own first request: the
	// decoder plays on from what it read, on the same connection.
	rr := &rangeReader{ctx: ctx, m: s.m}
	b := make([]byte, 16<<10)
	n, err := io.ReadFull(rr, b)
	b = b[:n]
	var fatal *fatalReadError
	if n == 0 || errors.As(err, &fatal) {
		rr.close()
		if err == io.EOF {
			err = errors.New("the stream is empty")
		}
		return fmt.Errorf("probe mp3: %w", err)
	}
	size := rr.size
	s.first, s.prefix = rr, b
	defer func() {
		if !s.probed { // failed: nothing plays on from here
			rr.close()
			s.first, s.prefix = nil, nil
		}
	}()
	start := int64(id3Size(b))
	if start+4096 > int64(len(b)) && (size == 0 || size > int64(len(b))) {
		// a large ID3 tag (artwork): probe after it with a range of its own
		if b, _, err = s.fetchRange(ctx, start, 8<<10); err != nil {
			return fmt.Errorf("probe mp3 after ID3: %w", err)
		}
	} else {
		b = b[min(start, int64(len(b))):]
	}
	i, h, ok := findFrame(b)
	if !ok {
		return fmt.Errorf("probe mp3: no MPEG audio frame in its first %d bytes: not audio, or not an MP3 stream", len(b))
	}
	s.start, s.size, s.hdr = start+int64(i), size, h
	if x, ok := parseXing(b[i:], h); ok {
		s.xing = x
		s.start += int64(h.length) // the tag frame holds no audio
	} else if v, err := parseVBRI(b[i:]); err == nil {
		s.vbri = v
		s.start += int64(h.length) // nor does a VBRI one
	} // a broken VBRI tag costs seek accuracy, not playback: the bitrate decides
	s.probed = true
	return nil
}

// length implements lengther: the stream's own length once probed, from
// the Xing or VBRI frame count, else from its size and bitrate; 0 when
// neither is known.
func (s *mp3Source) length() time.Duration {
	s.mu.Lock()
	defer s.mu.Unlock()
	h := s.hdr
	if !s.probed || h.sampleRate <= 0 {
		return 0
	}
	frames := int64(0)
	switch {
	case s.xing != nil && s.xing.frames > 0:
		frames = int64(s.xing.frames)
	case s.vbri != nil && s.vbri.frames > 0:
		frames = int64(s.vbri.frames)
	}
	var sec float64
	switch {
	case frames > 0:
		sec = float64(frames) * float64(h.samplesPerFrame()) / float64(h.sampleRate)
	case s.size > s.start && h.bitrate > 0:
		sec = float64(s.size-s.start) * 8 / (float64(h.bitrate) * 1000)
	}
	// the numbers are the server's: bounded far from overflow
	return time.Duration(min(sec, maxStreamLength.Seconds()) * float64(time.Second))
}

// maxStreamLength bounds a length computed from a server's numbers.
const maxStreamLength = 1000 * time.Hour

func (s *mp3Source) fetchRange(ctx context.Context, off, n int64) ([]byte, int64, error) {
	resp, err := s.m.open(ctx, off, n)
	if err != nil {
		return nil, 0, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(io.LimitReader(resp.Body, n))
	s.m.bytes.Add(int64(len(b)))
	if err != nil && len(b) == 0 {
		return nil, 0, fmt.Errorf("read range: %w", err)
	}
	return b, totalSize(resp, off), nil
}

// totalSize reads the full length from Content-Range or Content-Length.
func totalSize(resp *http.Response, off int64) int64 {
	if cr := resp.Header.Get("Content-Range"); cr != "" {
		if i := strings.LastIndexByte(cr, '/'); i >= 0 {
			if n, err := strconv.ParseInt(cr[i+1:], 10, 64); err == nil {
				return n
			}
		}
	}
	if resp.ContentLength > 0 {
		if resp.StatusCode == http.StatusPartialContent {
			return 0
		}
		return resp.ContentLength
	}
	return 0
}

// offsetFor maps a position to a byte offset: the Xing or VBRI TOC when
// present, the constant bitrate otherwise.
func (s *mp3Source) offsetFor(t time.Duration) int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	if off, ok := s.vbriOffsetFor(t); ok {
		return off
	}
	audio := s.size - s.start
	if s.xing != nil && s.xing.bytes > 0 {
		audio = int64(s.xing.bytes)
		if s.size > s.start {
			// the tag's count is the encoder's word; the file's size wins
			audio = min(audio, s.size-s.start)
		}
	}
	if s.xing != nil && s.xing.toc != nil && s.duration > 0 && audio > 0 {
		pct := float64(t) / float64(s.duration) * 100
		pct = max(0, min(pct, 99.999))
		i := int(pct)
		a := float64(s.xing.toc[i])
		b := 256.0
		if i < 99 {
			b = float64(s.xing.toc[i+1])
		}
		x := a + (b-a)*(pct-float64(i))
		return s.clamp(s.start + int64(x/256*float64(audio)))
	}
	bps := float64(s.hdr.bitrate) * 1000 / 8
	if v := s.vbri; v != nil && v.bytes > 0 && v.frames > 0 && s.hdr.sampleRate > 0 {
		// the tag frame's own bitrate says nothing about a VBR file;
		// the tag's totals give the average
		bps = float64(v.bytes) / (float64(v.frames) * float64(s.hdr.samplesPerFrame()) / float64(s.hdr.sampleRate))
	}
	return s.clamp(s.start + int64(min(max(t.Seconds(), 0)*bps, 1<<50)))
}

// clamp keeps a seek offset inside the file (when its size is known) and
// at or after the first audio frame. s.mu is held.
func (s *mp3Source) clamp(off int64) int64 {
	if s.size > 0 && off >= s.size {
		off = s.size - 1
	}
	return max(off, s.start)
}

// vbriOffsetFor walks the VBRI table to the stretch that holds t and
// interpolates inside it. The table counts bytes from the first audio
// frame, the one after the tag frame. s.mu is held.
func (s *mp3Source) vbriOffsetFor(t time.Duration) (int64, bool) {
	v := s.vbri
	if v == nil || len(v.toc) == 0 || s.hdr.sampleRate <= 0 {
		return 0, false
	}
	perEntry := float64(v.framesPerEntry*s.hdr.samplesPerFrame()) / float64(s.hdr.sampleRate)
	at := max(t.Seconds(), 0) / perEntry
	var off int64
	for _, n := range v.toc {
		if at < 1 {
			off += int64(at * float64(n))
			break
		}
		off += n
		at--
	}
	return s.clamp(off + s.start), true
}

// decode implements source.
func (s *mp3Source) decode(ctx context.Context, from time.Duration, q *pcmQueue, warn func(error)) error {
	var off int64
	if from > 0 {
		if err := s.probe(ctx); err != nil {
			return err
		}
		off = s.offsetFor(from)
	}
	s.mu.Lock()
	first, prefix := s.first, s.prefix
	s.first = nil
	s.mu.Unlock()
	var r io.Reader
	if first != nil && from == 0 {
		// the probe read the start already, and its connection goes on
		first.ctx, first.warn = ctx, warn
		defer first.close()
		r = io.MultiReader(bytes.NewReader(prefix), first)
	} else {
		if first != nil {
			first.close()
		}
		rr := &rangeReader{ctx: ctx, m: s.m, off: off, warn: warn}
		defer rr.close()
		if from > 0 {
			rr.size = s.size
		}
		r = rr
	}
	al := &aligner{q: q, origin: from}
	return decodeMP3Stream(ctx, r, al, 0, warn, nil)
}

// rangeReader reads an HTTP resource from off on, reconnecting with a Range
// request from the current byte when the connection drops, so the decoder
// above sees one unbroken stream.
//
// It asks for the file in bounded ranges, a small one first (a quick start
// after a seek) and larger ones after, so no more than one range is ever in
// flight: an open-ended request would let the server push megabytes into
// the socket buffers ahead of the decoder.
type rangeReader struct {
	ctx    context.Context
	m      *media
	off    int64
	size   int64
	body   io.ReadCloser
	end    int64 // first byte after the range being read
	chunk  int64
	warn   func(error)
	errs   int
	failed error // a fatalReadError, returned from then on
}

const (
	firstRange = 64 << 10
	nextRange  = 256 << 10
)

// Read reads on; once the transport failed it keeps failing the same way
// (bufio and the decoder read again after an error).
func (r *rangeReader) Read(p []byte) (int, error) {
	if r.failed != nil {
		return 0, r.failed
	}
	n, err := r.read(p)
	var fatal *fatalReadError
	if errors.As(err, &fatal) {
		r.failed = err
	}
	return n, err
}

func (r *rangeReader) read(p []byte) (int, error) {
	for {
		if r.body == nil {
			if r.size > 0 && r.off >= r.size {
				return 0, io.EOF
			}
			if r.chunk == 0 {
				r.chunk = firstRange
			}
			n := r.chunk
			if r.size > 0 {
				n = min(n, r.size-r.off)
			}
			resp, err := r.m.open(r.ctx, r.off, n)
			if err != nil {
				if r.ctx.Err() != nil {
					return 0, &fatalReadError{r.ctx.Err()}
				}
				return 0, &fatalReadError{err}
			}
			if sz := totalSize(resp, r.off); sz > 0 {
				r.size = sz
			}
			r.body = resp.Body
			r.end = r.off + n
			if resp.StatusCode != http.StatusPartialContent {
				r.end = 0 // the whole rest came: read it to the end
			}
			r.chunk = nextRange
		}
		n, err := r.body.Read(p)
		r.off += int64(n)
		r.m.bytes.Add(int64(n))
		if n > 0 {
			r.errs = 0
		}
		if err == nil {
			return n, nil
		}
		r.body.Close()
		r.body = nil
		if err == io.EOF && (r.size == 0 || r.off >= r.size) {
			if n > 0 {
				return n, nil
			}
			return 0, io.EOF
		}
		if err == io.EOF && r.end > 0 && r.off >= r.end {
			// this range is done; the next Read asks for the next one
			if n > 0 {
				return n, nil
			}
			continue
		}
		if r.ctx.Err() != nil {
			return n, &fatalReadError{r.ctx.Err()}
		}
		var se *stallError
		if errors.As(err, &se) {
			// Stalled: reconnect from r.off at once, but only so often.
			if err := r.m.noteStall(err); err != nil {
				return n, &fatalReadError{err}
			}
			if n > 0 {
				return n, nil
			}
			continue
		}
		// Dropped mid-body: reconnect from r.off after a pause.
		r.errs++
		if r.errs > mediaAttempts {
			return n, &fatalReadError{fmt.Errorf("media connection keeps dropping: %w", err)}
		}
		// Recovered trouble is not the listener's business: no event.
		select {
		case <-r.ctx.Done():
			return n, &fatalReadError{r.ctx.Err()}
		case <-time.After(backoff(r.errs - 1)):
		}
		if n > 0 {
			return n, nil
		}
	}
}

func (r *rangeReader) close() {
	if r.body != nil {
		r.body.Close()
		r.body = nil
	}
}
