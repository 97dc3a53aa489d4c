package player

import (
	"math"
	"testing"
	"time"

	"github.com/cirrus-tui/cirrus/api"
)

// TestSlowEventReaderNeverStallsAudio plays a whole track without ever
// reading the event channel: sound must not wait for the reader.
func TestSlowEventReaderNeverStallsAudio(t *testing.T) {
	c := newLocalCDN(t)
	p, out := newWAVPlayer(t, c, 0)
	p.PlayTracks([]api.Track{c.hlsAAC(1)}, 0)
	deadline := time.Now().Add(60 * time.Second)
	for p.Status().State != Stopped {
		if time.Now().After(deadline) {
			t.Fatalf("playback stalled: %+v", p.Status())
		}
		time.Sleep(20 * time.Millisecond)
	}
	if len(p.Events()) == 0 {
		t.Errorf("no events queued: the test did not exercise a slow reader")
	}
	p.Close()
	checkContinuous(t, out)
}

// TestPauseResume pauses mid-track: nothing is written while paused, and
// the audio resumes exactly where it stopped.
func TestPauseResume(t *testing.T) {
	c := newLocalCDN(t)
	p, out := newWAVPlayer(t, c, 4)
	p.PlayTracks([]api.Track{c.hlsAAC(1)}, 0)
	waitEvent(t, p, 20*time.Second, func(ev Event) bool {
		return ev.Kind == EventPosition && ev.Status.Position > 7*time.Second
	})
	p.Pause()
	if st := p.Status().State; st != Paused {
		t.Fatalf("state %v after Pause", st)
	}
	w := p.out.(*wavOutput)
	frames := func() int64 { w.mu.Lock(); defer w.mu.Unlock(); return w.frames }
	time.Sleep(100 * time.Millisecond) // a write in flight may land
	f0 := frames()
	pos := p.Status().Position
	time.Sleep(700 * time.Millisecond)
	if f1 := frames(); f1 != f0 {
		t.Errorf("%d frames written while paused", f1-f0)
	}
	if p2 := p.Status().Position; p2 != pos {
		t.Errorf("position moved while paused: %v -> %v", pos, p2)
	}
	p.Toggle()
	waitEvent(t, p, 60*time.Second, stoppedAfterPlaying)
	p.Close()
	checkContinuous(t, out)
}

func TestVolume(t *testing.T) {
	c := newLocalCDN(t)
	rms := func(v float64) float64 {
		p, out := newWAVPlayer(t, c, 0)
		p.SetVolume(v)
		p.PlayTracks([]api.Track{c.hlsAAC(1)}, 0)
		waitEvent(t, p, 60*time.Second, stoppedAfterPlaying)
		p.Close()
		x, _ := readWAV(t, out)
		var s float64
		for _, v := range x[44100 : 44100*2] {
			s += v * v
		}
		return math.Sqrt(s / 44100)
	}
	full, half := rms(1), rms(0.5)
	if r := half / full; r < 0.23 || r > 0.27 {
		t.Errorf("volume 0.5 gives %.3f of full amplitude, want 0.25 (gain is volume squared)", r)
	}
}
