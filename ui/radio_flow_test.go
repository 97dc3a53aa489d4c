package ui

import (
	"context"
	"testing"

	"github.com/muesli/termenv"

	"github.com/cirrus-tui/cirrus/api"
	"github.com/cirrus-tui/cirrus/api/fake"
	"github.com/cirrus-tui/cirrus/config"
	"github.com/cirrus-tui/cirrus/player"

	tea "github.com/charmbracelet/bubbletea"
)

// A radio against the double and a real player (WAV): a track heard just
// before is not picked; R on a feed track queues it after the playing
// one with related tracks; skipping through more tracks than the first
// batch holds refills the queue before it runs out; every entry after
// the first is the radio's, none twice, and the bar says radio.
func TestFlowRadioRefillsWithoutRepeats(t *testing.T) {
	pinProfile(t, termenv.Ascii)
	state := t.TempDir() // first made, last removed: after the player and the model stop
	srv, err := fake.New(fake.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(srv.Close)
	tok, _ := srv.IssueToken("cirrus-demo")
	c := api.New(api.Options{BaseURL: srv.URL(), AuthURL: srv.AuthURL(), ClientID: fake.DemoClientID,
		ClientSecret: fake.DemoClientSecret, Tokens: api.StaticToken(tok), MaxRetries: 1})
	ctx, cancel := context.WithCancel(context.Background())
	p, err := player.New(ctx, player.Options{API: c, Output: t.TempDir() + "/out.wav"})
	if err != nil {
		cancel()
		t.Fatalf("player: %v", err)
	}
	t.Cleanup(func() { p.Close(); cancel() })
	f := &flow{t: t, msgs: make(chan tea.Msg, 4096), srv: srv, c: c, p: p}
	f.m = New(Options{Context: ctx, Backend: c, Audio: p, LoggedIn: true, StateDir: state, Playback: config.Playback{},
		OpenURL: func(context.Context, string) error { return nil }, CopyText: func(string) error { return nil }})
	f.send(tea.WindowSizeMsg{Width: 140, Height: 40})
	f.exec(f.m.Init())
	f.wait("the history", func() bool { return f.m.mem.hist != nil })

	feed := f.list(tabFeed)
	f.wait("the feed", func() bool { return feed.Len() > 0 })
	seed := f.selectWhere(feed, playable).Track
	rel, err := c.RelatedTracks(ctx, seed.URN, api.ListOptions{Limit: player.AutoplayRelatedLimit, Access: []string{api.AccessPlayable}})
	if err != nil || len(rel.Collection) < player.RadioAhead+3 {
		t.Fatalf("related of the seed: %v (%d)", err, len(rel.Collection))
	}
	// Heard here just now: the seed's most related track.
	heard := rel.Collection[0]
	if heard.URN == seed.URN {
		heard = rel.Collection[1]
	}
	f.send(playFromMsg{tracks: []api.Track{heard}})
	f.wait("the heard track playing", func() bool {
		st := f.p.Status()
		return st.State == player.Playing && st.Track != nil && st.Track.URN == heard.URN
	})

	f.press("R")
	f.wait("the radio queued", func() bool { return len(f.p.QueueEntries()) >= 1+player.RadioAhead })
	first := len(f.p.QueueEntries())
	if st := f.p.Status(); st.Track == nil || st.Track.URN != heard.URN {
		t.Fatalf("starting the radio changed the playing track: %v", st.Track)
	}
	for skip := 1; skip <= 8; skip++ {
		f.press("n")
		f.wait("the next radio track playing", func() bool {
			st := f.p.Status()
			return st.State == player.Playing && st.Index == skip && !f.m.auto.busy
		})
		if skip == 1 && f.p.Status().Track.URN != seed.URN {
			t.Fatalf("after the playing track came %s, want the seed %s", f.p.Status().Track.URN, seed.URN)
		}
		if l := f.m.nowLabel(); l != "radio" {
			t.Errorf("skip %d: bar label %q, want radio", skip, l)
		}
		f.wait("the radio refilled", func() bool { return f.p.Upcoming(player.FromRadio) >= player.RadioLow })
	}
	es := f.p.QueueEntries()
	if len(es) <= first {
		t.Fatalf("the queue was not refilled: %d entries, %d at the start", len(es), first)
	}
	seen := map[api.URN]bool{}
	for i, e := range es {
		if i == 0 {
			if e.From != player.FromListener || e.Track.URN != heard.URN {
				t.Errorf("entry 0: %s from %q, want the track played by hand", e.Track.URN, e.From)
			}
			continue
		}
		if e.From != player.FromRadio {
			t.Errorf("entry %d (%s) from %q, want radio", i, e.Track.URN, e.From)
		}
		if seen[e.Track.URN] || e.Track.URN == heard.URN {
			t.Errorf("entry %d: %s comes again", i, e.Track.URN)
		}
		seen[e.Track.URN] = true
	}
	t.Logf("%d entries after 8 skips (%d at the start), %d radio tracks still to play", len(es), first, f.p.Upcoming(player.FromRadio))
	f.press("q")
	f.wait("quit", func() bool { return f.quit })
}
