package player

import (
	"errors"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/cirrus-tui/cirrus/api"
)

// collectErrors plays tr to the end and returns the error events seen.
func playCollect(t *testing.T, p *Player, tr api.Track, timeout time.Duration) []error {
	t.Helper()
	var errs []error
	p.PlayTracks([]api.Track{tr}, 0)
	waitEvent(t, p, timeout, func(ev Event) bool {
		if ev.Kind == EventError {
			errs = append(errs, ev.Err)
		}
		return stoppedAfterPlaying(ev)
	})
	return errs
}

// checkContinuous asserts the whole tone sequence, each tone 3 s long, with
// no gap: what a listener hears when a fault was recovered from in time.
func checkContinuous(t *testing.T, out string) {
	t.Helper()
	x, rate := readWAV(t, out)
	checkContinuousAudio(t, x, rate)
}

// checkContinuousAudio is checkContinuous on a recording read.
func checkContinuousAudio(t *testing.T, x []float64, rate int) {
	t.Helper()
	length := time.Duration(len(x)) * time.Second / time.Duration(rate)
	if length < 23900*time.Millisecond || length > 24300*time.Millisecond {
		t.Errorf("played %v, want 24 s", length)
	}
	raw := toneRuns(x, rate)
	runs := significant(raw, 300*time.Millisecond)
	if got := freqsOf(runs); !slices.Equal(got, toneFreqs) {
		t.Fatalf("tones %v, want %v (runs %+v)", got, toneFreqs, raw)
	}
	for i, r := range runs {
		want := time.Duration(i) * toneLen
		if d := r.from - want; d < -200*time.Millisecond || d > 200*time.Millisecond {
			t.Errorf("tone %v starts at %v, want %v (audio shifted or lost)", r.freq, r.from, want)
		}
	}
	for _, r := range raw {
		if r.freq <= 0 && r.from > 200*time.Millisecond && r.to < length-200*time.Millisecond && r.to-r.from > 100*time.Millisecond {
			t.Errorf("gap of %v at %v", r.to-r.from, r.from)
		}
	}
}

func TestDroppedConnectionResumes(t *testing.T) {
	c := newLocalCDN(t)
	for _, tc := range []struct {
		name  string
		tr    api.Track
		after int64
	}{{"hls-aac", c.hlsAAC(1), 15000}, {"mp3", c.mp3(3), 100000}} {
		t.Run(tc.name, func(t *testing.T) {
			c.dropAfter.Store(tc.after)
			c.dropTimes.Store(2)
			defer c.dropAfter.Store(0)
			p, out := newWAVPlayer(t, c, 0)
			errs := playCollect(t, p, tc.tr, 90*time.Second)
			if err := p.Close(); err != nil {
				t.Fatal(err)
			}
			if c.dropTimes.Load() > 0 {
				t.Fatalf("the server never cut a connection (%d cuts left)", c.dropTimes.Load())
			}
			if len(errs) > 0 {
				t.Errorf("error events for a recovered fault: %v", errs)
			}
			checkContinuous(t, out)
		})
	}
}

func TestExpiredSignedURLReresolves(t *testing.T) {
	c := newLocalCDN(t)
	for _, tc := range []struct {
		name string
		tr   api.Track
	}{{"hls-aac", c.hlsAAC(1)}, {"mp3", c.mp3(3)}} {
		t.Run(tc.name, func(t *testing.T) {
			c.ttl.Store(int64(1500 * time.Millisecond))
			defer c.ttl.Store(0)
			if tc.name == "mp3" {
				// one progressive request outlives its URL; make it reconnect
				// after the URL died (150 kB is 9 s of audio, 2 s of wall time)
				c.dropAfter.Store(150000)
				c.dropTimes.Store(1)
				defer c.dropAfter.Store(0)
			}
			r0, e0 := c.resolves.Load(), c.expired.Load()
			// 4x real time: the 24 s track takes 6 s, outliving several URLs
			p, out := newWAVPlayer(t, c, 4)
			errs := playCollect(t, p, tc.tr, 90*time.Second)
			if err := p.Close(); err != nil {
				t.Fatal(err)
			}
			if len(errs) > 0 {
				t.Errorf("error events for a recovered fault: %v", errs)
			}
			if c.expired.Load() == e0 {
				t.Fatalf("no request hit an expired URL; the test proves nothing")
			}
			if c.resolves.Load() < r0+2 {
				t.Errorf("resolved %d times, want a re-resolve", c.resolves.Load()-r0)
			}
			checkContinuous(t, out)
		})
	}
}

func TestCorruptSegment(t *testing.T) {
	c := newLocalCDN(t)
	for _, tc := range []struct {
		name string
		tr   api.Track
	}{{"hls-aac", c.hlsAAC(1)}, {"hls-mp3", c.hlsMP3(2)}} {
		t.Run(tc.name, func(t *testing.T) {
			c.corruptSeg.Store(4) // 6 s to 8 s: the 500 Hz tone's first two thirds
			defer c.corruptSeg.Store(0)
			p, out := newWAVPlayer(t, c, 0)
			errs := playCollect(t, p, tc.tr, 90*time.Second)
			if err := p.Close(); err != nil {
				t.Fatal(err)
			}
			if len(errs) == 0 {
				t.Errorf("no error event for a corrupt segment")
			}
			x, rate := readWAV(t, out)
			runs := significant(toneRuns(x, rate), 300*time.Millisecond)
			got := freqsOf(runs)
			// every tone outside the broken segment is there, in order
			for _, f := range []float64{300, 400, 600, 700, 800, 900, 1000} {
				if !slices.Contains(got, f) {
					t.Errorf("tone %v missing after a corrupt segment: %v", f, got)
				}
			}
			if !slices.IsSorted(got) {
				t.Errorf("tones out of order: %v", got)
			}
			length := time.Duration(len(x)) * time.Second / time.Duration(rate)
			if length < 23*time.Second || length > 25*time.Second {
				t.Errorf("played %v, want about 24 s (the timeline is kept)", length)
			}
		})
	}
}

func TestBlockedAndDRMReportReason(t *testing.T) {
	c := newLocalCDN(t)
	blocked := c.hlsAAC(1)
	blocked.Access = api.AccessBlocked
	p, _ := newWAVPlayer(t, c, 0)
	errs := playCollect(t, p, blocked, 20*time.Second)
	if len(errs) != 1 || !errors.Is(errs[0], ErrBlocked) {
		t.Fatalf("blocked track: errors %v, want one ErrBlocked", errs)
	}
}

var _ = sync.Mutex{}
