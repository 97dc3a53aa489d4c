package player

import (
	"context"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/cirrus-tui/cirrus/api"
)

func newWAVPlayer(t *testing.T, c resolver, speed float64) (*Player, string) {
	t.Helper()
	out := filepath.Join(t.TempDir(), "out.wav")
	p, err := New(context.Background(), Options{Output: out, res: c, WAVSpeed: speed})
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	t.Cleanup(func() { p.Close() })
	return p, out
}

// playWhole plays tr to the end into a WAV file and returns its tone runs.
func playWhole(t *testing.T, c *localCDN, tr api.Track) ([]toneRun, time.Duration) {
	t.Helper()
	p, out := newWAVPlayer(t, c, 0)
	p.PlayTracks([]api.Track{tr}, 0)
	waitEvent(t, p, 60*time.Second, stoppedAfterPlaying)
	if err := p.Close(); err != nil {
		t.Fatalf("close: %v", err)
	}
	x, rate := readWAV(t, out)
	return significant(toneRuns(x, rate), 300*time.Millisecond), time.Duration(len(x)) * time.Second / time.Duration(rate)
}

func TestPlaysEveryFormatInOrder(t *testing.T) {
	c := newLocalCDN(t)
	for _, tc := range []struct {
		name string
		tr   api.Track
	}{{"hls-aac", c.hlsAAC(1)}, {"hls-mp3", c.hlsMP3(2)}, {"mp3", c.mp3(3)}} {
		t.Run(tc.name, func(t *testing.T) {
			runs, length := playWhole(t, c, tc.tr)
			if got := freqsOf(runs); !slices.Equal(got, toneFreqs) {
				t.Fatalf("tones %v, want %v (runs %+v)", got, toneFreqs, runs)
			}
			if length < 23900*time.Millisecond || length > 24300*time.Millisecond {
				t.Errorf("played %v, want 24 s", length)
			}
			for i, r := range runs {
				want := time.Duration(i) * toneLen
				if d := r.from - want; d < -200*time.Millisecond || d > 200*time.Millisecond {
					t.Errorf("tone %v starts at %v, want %v", r.freq, r.from, want)
				}
			}
		})
	}
}
