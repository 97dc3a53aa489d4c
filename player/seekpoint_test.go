//go:build cgo || !linux

package player

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/cirrus-tui/cirrus/api/fake"
)

// decodeFrom decodes h from from and returns the first n frames it
// queues, and how many decoded frames it dropped before from.
func decodeFrom(t *testing.T, h *hlsSource, from time.Duration, n int) ([][2]float32, int64) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	q := newPCMQueue(n + 48000)
	d0 := h.discarded.Load()
	done := make(chan error, 1)
	go func() {
		err := h.decode(ctx, from, q, func(err error) { t.Errorf("warning: %v", err) })
		q.finish(err)
		done <- err
	}()
	out := make([][2]float32, 0, n)
	buf := make([][2]float32, 4096)
	for len(out) < n {
		k, ok := q.read(buf[:min(len(buf), n-len(out))])
		out = append(out, buf[:k]...)
		if !ok {
			break
		}
	}
	if err := q.Err(); err != nil {
		t.Fatalf("decode from %v: %v", from, err)
	}
	cancel()
	<-done
	return out, h.discarded.Load() - d0
}

// A seek decodes from a few frames before its target, not from its
// segment's start: what it plays is, sample for sample, what playing
// through the segment plays from there, and the audio it decodes and
// drops does not grow with how far into the segment the target lies (a
// few codec frames, never the segment).
func TestSeekDecodesFromTheTargetsFrame(t *testing.T) {
	_, c := newFake(t)
	tr := fakeTrack(t, c, fake.TestTonesTrackID)
	for _, f := range []struct {
		format string
		kind   streamKind
		frame  int64 // samples per codec frame
		// preroll bounds the frames decoded and dropped before a
		// target: two MP3 frames and their bit reservoir's, one AAC
		// frame, and the frame the target lies in
		preroll int64
		// fresh: a seek into a segment's first fresh codec frames
		// decodes from the segment's start, without what the frames
		// before it hold (the MP3 bit reservoir, the AAC overlap), as a
		// seek always did: those first frames differ from playing
		// through
		fresh int
	}{
		{"hls_mp3_128", kindHLSMP3, 1152, 5, 3},
		{"hls_aac_160", kindHLSAAC, 1024, 2, 1},
	} {
		t.Run(f.format, func(t *testing.T) {
			res := &fakeRes{Client: c, only: f.format}
			s, err := res.Streams(context.Background(), tr.URN)
			if err != nil {
				t.Fatal(err)
			}
			u := s.HLSMP3128URL
			if f.kind == kindHLSAAC {
				u = s.HLSAAC160URL
			}
			h, err := openHLS(context.Background(), newMedia(res, u, nil, 0), f.kind)
			if err != nil {
				t.Fatal(err)
			}
			pl, _ := h.playlist()
			prev, seg := pl.segments[0], pl.segments[1]
			const keep = 8192
			rate := 44100
			frames := func(d time.Duration) int {
				return int((int64(d)*int64(rate) + int64(time.Second)/2) / int64(time.Second))
			}
			// what playing through gives: the segment before and 5 s of
			// the next, decoded in one go
			through, _ := decodeFrom(t, h, prev.start, frames(seg.start-prev.start)+5*rate+keep)
			for _, off := range []time.Duration{0, 10 * time.Millisecond, 700 * time.Millisecond, 2345678 * time.Microsecond, 4 * time.Second} {
				got, dropped := decodeFrom(t, h, seg.start+off, keep)
				if len(got) != keep {
					t.Fatalf("seek to +%v: %d frames, want %d", off, len(got), keep)
				}
				want := through[frames(seg.start-prev.start)+frames(off):][:keep]
				from := max(0, f.fresh*int(f.frame)-frames(off))
				diff := 0
				for i := from; i < keep; i++ {
					if got[i] != want[i] {
						if diff == 0 {
							t.Errorf("seek to +%v: frame %d is %v, playing through %v", off, i, got[i], want[i])
						}
						diff++
					}
				}
				if diff > 0 {
					t.Errorf("seek to +%v: %d of %d frames differ from playing through", off, diff, keep-from)
				}
				if limit := f.preroll * f.frame; dropped > limit {
					t.Errorf("seek to +%v: %d frames decoded and dropped, want at most %d (%d codec frames)", off, dropped, limit, f.preroll)
				}
				t.Logf("seek to +%v: %d frames decoded and dropped", off, dropped)
			}
		})
	}
}

// A seek into a segment the source fetched (the one playing, one fetched
// ahead, one just behind) decodes it from memory, with no request on the
// way to its first sound; with the cache off, the same seek fetches.
func TestSeekIntoAFetchedSegmentFetchesNothing(t *testing.T) {
	h := &hlsHost{}
	c := newHostileCDN(t, h.handler(t))
	src, err := openHLS(context.Background(), newMedia(c, c.srv.URL+"/mp3ts/index.m3u8", nil, 5*testStall), kindHLSMP3)
	if err != nil {
		t.Fatal(err)
	}
	// requests for segments 0 to 2 (a decode may fetch 3 ahead)
	fetches := func() int {
		h.mu.Lock()
		defer h.mu.Unlock()
		n := 0
		for _, r := range h.requests {
			if strings.HasPrefix(r, "mp3ts/seg") && !strings.HasPrefix(r, "mp3ts/seg3") {
				n++
			}
		}
		return n
	}
	// play 2.5 s: segments 0 to 2 are fetched
	decodeFrom(t, src, 0, 110250)
	if n := fetches(); n != 3 {
		t.Fatalf("%d requests for segments 0 to 2 playing through them, want 3", n)
	}
	for _, to := range []time.Duration{1500 * time.Millisecond, 300 * time.Millisecond, 2500 * time.Millisecond} {
		if x, _ := decodeFrom(t, src, to, 4096); len(x) != 4096 {
			t.Fatalf("seek to %v: %d frames", to, len(x))
		}
	}
	if n := fetches(); n != 3 {
		t.Errorf("%d requests for segments 0 to 2 after seeks into them, want the first 3 only", n)
	}
	hlsCacheOff.Store(true)
	defer hlsCacheOff.Store(false)
	decodeFrom(t, src, 300*time.Millisecond, 4096)
	if n := fetches(); n == 3 {
		t.Errorf("no request after a seek with the cache off: the requests do not tell a cached seek")
	}
}

// The same in MPEG-TS segments (MP3 and ADTS AAC inside, as ffmpeg's HLS
// muxer writes them): a seek into a segment plays what playing through
// plays from there, the MP3 sample for sample. The AAC differs by at most
// 1.3e-5 (−98 dBFS) here: ffmpeg's encoder uses perceptual noise
// substitution by default, whose noise comes from a generator whose state
// depends on where decoding began (most likely that; not checked band by
// band). The fixtures' 48 kbit/s MP3 has small frames, so its bit
// reservoir reaches back over more of them than the fake's 128 kbit/s.
func TestSeekIntoTSDecodesFromTheTargetsFrame(t *testing.T) {
	c := newHostileCDN(t, (&hlsHost{}).handler(t))
	for _, f := range []struct {
		dir     string
		kind    streamKind
		tol     float32 // the largest difference allowed
		dropped int64   // the most frames decoded and dropped
	}{{"mp3ts", kindHLSMP3, 0, 8 * 1152}, {"ts", kindHLSAAC, 1e-4, 2 * 1024}} {
		src, err := openHLS(context.Background(), newMedia(c, c.srv.URL+"/"+f.dir+"/index.m3u8", nil, 5*testStall), f.kind)
		if err != nil {
			t.Fatal(err)
		}
		const keep = 4096
		through, _ := decodeFrom(t, src, 0, 44100)
		for _, to := range []time.Duration{600 * time.Millisecond, 850 * time.Millisecond} {
			got, dropped := decodeFrom(t, src, to, keep)
			at := int((int64(to)*44100 + int64(time.Second)/2) / int64(time.Second))
			if len(got) != keep {
				t.Fatalf("%s: seek to %v: %d frames", f.dir, to, len(got))
			}
			diff := 0
			for i := range got {
				for ch := range 2 {
					if d := got[i][ch] - through[at+i][ch]; d > f.tol || -d > f.tol {
						diff++
					}
				}
			}
			if diff > 0 {
				t.Errorf("%s: seek to %v: %d of %d samples differ from playing through by more than %g", f.dir, to, diff, 2*keep, f.tol)
			}
			if dropped > f.dropped {
				t.Errorf("%s: seek to %v: %d frames decoded and dropped", f.dir, to, dropped)
			}
		}
	}
}
