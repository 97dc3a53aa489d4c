package player

import (
	"slices"
	"testing"
	"time"

	"github.com/cirrus-tui/cirrus/api"
)

// TestSeek jumps forward before playing, then back while playing, and checks
// what the WAV holds after each seek: the tone at the target, for as long
// as the target is from that tone's end.
func TestSeek(t *testing.T) {
	c := newLocalCDN(t)
	for _, tc := range []struct {
		name string
		tr   api.Track
	}{{"hls-aac", c.hlsAAC(1)}, {"hls-mp3", c.hlsMP3(2)}, {"mp3", c.mp3(3)}} {
		t.Run(tc.name, func(t *testing.T) { checkSeek(t, c, tc.tr) })
	}
}

// checkSeek loads tr paused, seeks to 19.5 s, plays, seeks back to 4.5 s
// at 21.5 s, and checks the tones the WAV holds.
func checkSeek(t *testing.T, res resolver, tr api.Track) {
	t.Helper()
	{
		{
			p, out := newWAVPlayer(t, res, 2)
			p.Load(tr)
			waitEvent(t, p, 20*time.Second, func(ev Event) bool { return ev.Kind == EventState && ev.Status.State == Paused })
			p.Seek(19500 * time.Millisecond)
			if pos := p.Status().Position; pos != 19500*time.Millisecond {
				t.Errorf("position after seek %v, want 19.5s", pos)
			}
			p.Play()
			waitEvent(t, p, 20*time.Second, func(ev Event) bool {
				return ev.Kind == EventPosition && ev.Status.Position >= 21500*time.Millisecond
			})
			p.Seek(4500 * time.Millisecond)
			waitEvent(t, p, 20*time.Second, func(ev Event) bool {
				return ev.Kind == EventSeeked
			})
			waitEvent(t, p, 60*time.Second, stoppedAfterPlaying)
			if err := p.Close(); err != nil {
				t.Fatal(err)
			}
			x, rate := readWAV(t, out)
			runs := significant(toneRuns(x, rate), 300*time.Millisecond)
			want := []float64{900, 1000, 400, 500, 600, 700, 800, 900, 1000}
			if got := freqsOf(runs); !slices.Equal(got, want) {
				t.Fatalf("tones %v, want %v (runs %+v)", got, want, runs)
			}
			near := func(what string, got, want time.Duration) {
				if d := got - want; d < -250*time.Millisecond || d > 250*time.Millisecond {
					t.Errorf("%s: %v, want %v", what, got, want)
				}
			}
			near("900 Hz after the seek to 19.5s", runs[0].to-runs[0].from, 1500*time.Millisecond)
			near("400 Hz after the seek back to 4.5s", runs[2].to-runs[2].from, 1500*time.Millisecond)
			near("500 Hz (unaffected)", runs[3].to-runs[3].from, 3*time.Second)
		}
	}
}
