package player

import (
	"errors"
	"testing"
	"time"

	"github.com/cirrus-tui/cirrus/api"
)

// Going back past a track that cannot play keeps going back: the queue is
// mix → blocked → preview, and previous from the third track lands on the
// first, not on the third again.
func TestPreviousSkipsUnplayableBackwards(t *testing.T) {
	c := newLocalCDN(t)
	first, blocked, third := c.mp3(1), c.mp3(2), c.mp3(3)
	blocked.Access = api.AccessBlocked
	p, _ := newWAVPlayer(t, c, 1)
	p.PlayTracks([]api.Track{first, blocked, third}, 2)
	playingTrack := func(urn api.URN) func(Event) bool {
		return func(ev Event) bool {
			return ev.Kind == EventState && ev.Status.State == Playing && ev.Status.Track != nil && ev.Status.Track.URN == urn
		}
	}
	waitEvent(t, p, 20*time.Second, playingTrack(third.URN))
	p.Previous() // within the first seconds: goes back one
	var sawBlocked bool
	ev := waitEvent(t, p, 20*time.Second, func(ev Event) bool {
		if ev.Kind == EventError && errors.Is(ev.Err, ErrBlocked) {
			sawBlocked = true
		}
		return ev.Kind == EventState && ev.Status.State == Playing
	})
	if !sawBlocked {
		t.Errorf("no ErrBlocked reported for the blocked track")
	}
	if got := ev.Status.Track.URN; got != first.URN {
		t.Fatalf("after previous past a blocked track, playing %v, want %v (the first track)", got, first.URN)
	}
}

// TestTickAfter: playing steadily, the tick wakes just after the
// position's next second (one wake-up a second, each with its position
// event); while the audio runs low, is starved, buffering or away, every
// tickEvery.
func TestTickAfter(t *testing.T) {
	ms := time.Millisecond
	for _, c := range []struct {
		name           string
		pos, ahead     time.Duration
		done, unsteady bool
		want           time.Duration
	}{
		{"steady, mid-second", 12300 * ms, 3 * time.Second, false, false, 700*ms + tickLate},
		{"steady, on the second", 12 * time.Second, 3 * time.Second, false, false, time.Second + tickLate},
		{"steady, just before the second", 12999 * ms, 2 * time.Second, false, false, ms + tickLate},
		{"decoded to the end", 12300 * ms, 200 * ms, true, false, 700*ms + tickLate},
		{"running low", 12300 * ms, tickSteadyAhead - ms, false, false, tickEvery},
		{"starved or buffering", 12300 * ms, 3 * time.Second, false, true, tickEvery},
	} {
		if got := tickAfter(c.pos, c.ahead, c.done, c.unsteady); got != c.want {
			t.Errorf("%s: tickAfter(%v, %v, %v, %v) = %v, want %v", c.name, c.pos, c.ahead, c.done, c.unsteady, got, c.want)
		}
	}
}
