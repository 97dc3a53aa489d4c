package player

import (
	"context"
	"os"
	"testing"
	"time"

	"github.com/cirrus-tui/cirrus/api"
)

// TestNullOutputPacesInRealTime plays through the null output: the position
// moves no faster than the clock (a lower bound on elapsed time only, so a
// slow machine cannot make it fail), it keeps moving, and nothing is
// written to the working directory.
func TestNullOutputPacesInRealTime(t *testing.T) {
	c := newLocalCDN(t)
	dir := t.TempDir()
	t.Chdir(dir)
	p, err := New(context.Background(), Options{Output: NullOutput, res: c})
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	defer p.Close()
	p.PlayTracks([]api.Track{c.hlsAAC(1)}, 0)
	waitEvent(t, p, 30*time.Second, func(ev Event) bool { return ev.Kind == EventState && ev.Status.State == Playing })
	began := time.Now()
	ev := waitEvent(t, p, 30*time.Second, func(ev Event) bool {
		return ev.Kind == EventPosition && ev.Status.Position >= 2*time.Second
	})
	if took := time.Since(began); took < ev.Status.Position-300*time.Millisecond {
		t.Errorf("position %v after %v of wall time: the null output does not pace", ev.Status.Position, took)
	}
	if ev.Status.State != Playing {
		t.Errorf("state %v", ev.Status.State)
	}
	p.Pause()
	pos := p.Status().Position
	time.Sleep(300 * time.Millisecond)
	if p2 := p.Status().Position; p2 != pos {
		t.Errorf("position moved while paused: %v -> %v", pos, p2)
	}
	if err := p.Close(); err != nil {
		t.Errorf("close: %v", err)
	}
	if ents, _ := os.ReadDir(dir); len(ents) != 0 {
		t.Errorf("the null output left files: %v", ents)
	}
}
