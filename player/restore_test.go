package player

import (
	"testing"
	"time"

	"github.com/cirrus-tui/cirrus/api"
)

// TestRestore prepares the second of three tracks at 19.5 s, paused: no
// sound until Play, then the tone at 19.5 s, and the queue intact.
func TestRestore(t *testing.T) {
	c := newLocalCDN(t)
	tracks := []api.Track{c.mp3(1), c.mp3(2), c.mp3(3)}
	p, out := newWAVPlayer(t, c, 2)
	p.Restore(tracks, 1, 19500*time.Millisecond)
	ev := waitEvent(t, p, 20*time.Second, func(ev Event) bool { return ev.Kind == EventState && ev.Status.State == Paused })
	if ev.Status.Index != 1 || ev.Status.Track.URN != tracks[1].URN {
		t.Fatalf("restored to %d %v", ev.Status.Index, ev.Status.Track)
	}
	if pos := p.Status().Position; pos != 19500*time.Millisecond {
		t.Errorf("restored position %v, want 19.5s", pos)
	}
	if q := p.Queue(); len(q) != 3 {
		t.Errorf("queue %d tracks", len(q))
	}
	p.Play()
	waitEvent(t, p, 20*time.Second, func(ev Event) bool {
		return ev.Kind == EventPosition && ev.Status.Position >= 21*time.Second
	})
	if err := p.Close(); err != nil {
		t.Fatal(err)
	}
	x, rate := readWAV(t, out)
	runs := significant(toneRuns(x, rate), 300*time.Millisecond)
	if got := freqsOf(runs); len(got) == 0 || got[0] != 900 {
		t.Fatalf("tones %v, want playback to start in the 900 Hz part at 19.5s", got)
	}
}

// Refresh replaces restored stubs with the tracks read again, in place:
// the current track and its position stay, and an event says so.
func TestRefreshKeepsPlace(t *testing.T) {
	c := newLocalCDN(t)
	tracks := []api.Track{c.mp3(1), c.mp3(2), c.mp3(3)}
	stubs := make([]api.Track, len(tracks))
	for i, tr := range tracks {
		stubs[i] = api.Track{URN: tr.URN, Title: tr.Title, Duration: tr.Duration, StreamURL: tr.StreamURL}
	}
	p, _ := newWAVPlayer(t, c, 2)
	defer p.Close()
	p.Restore(stubs, 1, 5*time.Second)
	waitEvent(t, p, 20*time.Second, func(ev Event) bool { return ev.Kind == EventState && ev.Status.State == Paused })
	whole := tracks[1]
	whole.Genre, whole.PlaybackCount, whole.WaveformURL = "Ambient", 77, "https://wave.example/2.json"
	p.Refresh([]api.Track{whole, {URN: api.NewURN(api.KindTrack, 999), Title: "not queued"}})
	ev := waitEvent(t, p, 20*time.Second, func(ev Event) bool {
		return ev.Kind == EventQueueChanged && ev.Status.Track != nil && ev.Status.Track.Genre == "Ambient"
	})
	if ev.Status.Index != 1 || ev.Status.Track.PlaybackCount != 77 || ev.Status.State != Paused || ev.Status.Position != 5*time.Second {
		t.Errorf("after Refresh: %+v", ev.Status)
	}
	q := p.Queue()
	if len(q) != 3 || q[1].WaveformURL != whole.WaveformURL || q[0].Genre != "" {
		t.Errorf("queue after Refresh: %+v", q)
	}
}
