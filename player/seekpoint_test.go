//go:build cgo || !linux

package player

import (
	"context"
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
