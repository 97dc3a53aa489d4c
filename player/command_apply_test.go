package player

import (
	"context"
	"math"
	"testing"
	"time"

	"github.com/cirrus-tui/cirrus/player/command"
)

// Every press counts: steps submitted in a burst are applied in order to
// the player's own state, and the last event reports the last of them.
func TestControllerBurstsCount(t *testing.T) {
	c := newLocalCDN(t)
	p, _ := newWAVPlayer(t, c, 0)
	defer p.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := p.Do(ctx, command.Command{Op: command.OpVolume, Volume: 0.8}); err != nil {
		t.Fatal(err)
	}
	up := command.Command{Op: command.OpVolume, Relative: true, Volume: 0.05}
	down := command.Command{Op: command.OpVolume, Relative: true, Volume: -0.05}
	var last uint64
	for range 4 {
		last = p.Submit(up)
	}
	waitSeq(t, p, last)
	if v := p.Status().Volume; math.Abs(v-1) > 1e-9 {
		t.Errorf("++++ from 80%%: %v, want 1", v)
	}
	for range 8 {
		last = p.Submit(down)
	}
	waitSeq(t, p, last)
	if v := p.Status().Volume; math.Abs(v-0.6) > 1e-9 {
		t.Errorf("eight - from 100%%: %v, want 0.6", v)
	}
	p.Submit(command.Command{Op: command.OpRepeat})
	last = p.Submit(command.Command{Op: command.OpRepeat})
	waitSeq(t, p, last)
	if r := p.Status().Repeat; r != RepeatAll {
		t.Errorf("r r from off: %v, want all", r)
	}
	p.Submit(command.Command{Op: command.OpShuffle})
	last = p.Submit(command.Command{Op: command.OpShuffle})
	waitSeq(t, p, last)
	if p.Status().Shuffle {
		t.Error("s s left shuffle on")
	}
	if err := p.Do(ctx, command.Command{Op: command.OpLike}); err == nil {
		t.Error("the player applied a like")
	}
}

// waitSeq reads events until one reports seq applied; Rev only grows.
func waitSeq(t *testing.T, p *Player, seq uint64) {
	t.Helper()
	var rev uint64
	waitEvent(t, p, 30*time.Second, func(ev Event) bool {
		if ev.Status.Rev < rev {
			t.Fatalf("event Rev went back: %d after %d", ev.Status.Rev, rev)
		}
		rev = ev.Status.Rev
		return ev.Status.Seq >= seq
	})
}
