package ui

import (
	"context"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/muesli/termenv"

	"github.com/cirrus-tui/cirrus/api"
	"github.com/cirrus-tui/cirrus/api/fake"
	"github.com/cirrus-tui/cirrus/config"
	"github.com/cirrus-tui/cirrus/player"
	"github.com/cirrus-tui/cirrus/ui/session"
)

// openSession starts a real player (WAV) and a model on the state
// directory state, restoring what it holds.
func openSession(t *testing.T, srv *fake.Server, c *api.Client, state string) *flow {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	p, err := player.New(ctx, player.Options{API: c, Output: t.TempDir() + "/out.wav"})
	if err != nil {
		cancel()
		t.Fatalf("player: %v", err)
	}
	t.Cleanup(func() { p.Close(); cancel() })
	f := &flow{t: t, msgs: make(chan tea.Msg, 4096), srv: srv, c: c, p: p}
	f.m = New(Options{Context: ctx, Backend: c, Audio: p, LoggedIn: true, StateDir: state, Playback: config.Playback{RestoreSession: true},
		OpenURL: func(context.Context, string) error { return nil }, CopyText: func(string) error { return nil }})
	f.send(tea.WindowSizeMsg{Width: 140, Height: 40})
	f.exec(f.m.Init())
	f.wait("the history", func() bool { return f.m.mem.hist != nil })
	return f
}

// relatedAsked counts the double's related-tracks requests for u.
func relatedAsked(srv *fake.Server, u api.URN) (n int) {
	for path, c := range srv.Stats().Requests {
		if strings.Contains(path, string(u)) && strings.HasSuffix(path, "/related") {
			n += c
		}
	}
	return n
}

// A radio goes on after a restart: the session saves it with the queue;
// the restarted player and model (a new player, a new model, from the
// saved file) show its rows as radio and the bar says radio; playing on
// refills from the same seed, with no track twice and not the one heard
// within the last 4 hours (the history's word, from before the restart).
func TestFlowRadioResumesAfterARestart(t *testing.T) {
	pinProfile(t, termenv.Ascii)
	state := t.TempDir() // first made, last removed: after the players and the models stop
	srv, err := fake.New(fake.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(srv.Close)
	tok, _ := srv.IssueToken("cirrus-demo")
	c := api.New(api.Options{BaseURL: srv.URL(), AuthURL: srv.AuthURL(), ClientID: fake.DemoClientID,
		ClientSecret: fake.DemoClientSecret, Tokens: api.StaticToken(tok), MaxRetries: 1})

	f := openSession(t, srv, c, state)
	feed := f.list(tabFeed)
	f.wait("the feed", func() bool { return feed.Len() > 0 })
	seed := *f.selectWhere(feed, playable).Track
	rel, err := c.RelatedTracks(context.Background(), seed.URN, api.ListOptions{Limit: player.AutoplayRelatedLimit, Access: []string{api.AccessPlayable}})
	if err != nil || len(rel.Collection) < 2*player.RadioAhead {
		t.Fatalf("related of the seed: %v (%d)", err, len(rel.Collection))
	}
	// Heard here an hour ago: the seed's most related track.
	heard := rel.Collection[0]
	if heard.URN == seed.URN {
		heard = rel.Collection[1]
	}
	f.m.mem.hist.Add(session.EntryOf(&heard, time.Now().Add(-time.Hour)))

	f.press("R")
	f.wait("the radio playing", func() bool {
		st := f.p.Status()
		return len(f.p.QueueEntries()) == 1+player.RadioAhead && st.State == player.Playing && st.Radio != nil && f.m.auto.radioOn()
	})
	f.press("n")
	f.wait("the next radio track", func() bool { st := f.p.Status(); return st.State == player.Playing && st.Index == 1 })
	before := f.p.QueueEntries()
	f.press("q")
	f.wait("quit", func() bool { return f.quit })
	f.p.Close()
	var saved *session.State
	deadline := time.Now().Add(30 * time.Second)
	for saved == nil || saved.Radio == nil || len(saved.Queue) != len(before) || saved.Current != 1 {
		if time.Now().After(deadline) {
			t.Fatalf("the session file after quitting: %+v", saved)
		}
		time.Sleep(50 * time.Millisecond)
		saved, _ = session.LoadState(state)
	}
	if saved.Radio.Seed.URN != seed.URN || saved.Radio.Title != seed.Title {
		t.Fatalf("saved radio %+v, want the seed %s", saved.Radio, seed.URN)
	}
	asked := relatedAsked(srv, seed.URN)

	// Restart: a new player and model from the saved file.
	g := openSession(t, srv, c, state)
	g.wait("the radio restored", func() bool {
		st := g.p.Status()
		return st.Radio != nil && st.Index == 1 && len(g.p.QueueEntries()) == len(before) && g.m.auto.radioOn()
	})
	for i, e := range g.p.QueueEntries() {
		if e.From != player.FromRadio || e.Track.URN != before[i].Track.URN {
			t.Fatalf("restored entry %d: %s from %q, want %s from radio", i, e.Track.URN, e.From, before[i].Track.URN)
		}
	}
	g.press("6")
	g.wait("the queue's rows", func() bool { return strings.Count(g.m.View(), "radio") >= len(before) })
	if l := g.m.nowLabel(); !strings.Contains(l, "radio") {
		t.Errorf("bar label %q after the restart, want radio", l)
	}
	if relatedAsked(srv, seed.URN) != asked {
		t.Fatalf("refilled with %d radio tracks still to play", g.p.Upcoming(player.FromRadio))
	}

	// Play on: fewer than 3 left, the radio refills from its seed.
	g.wait("the restored track, paused", func() bool { return g.p.Status().State == player.Paused })
	g.press(" ")
	g.wait("playing", func() bool { return g.p.Status().State == player.Playing })
	left := g.p.Upcoming(player.FromRadio)
	for skip := 2; skip <= 1+left-player.RadioLow+1; skip++ {
		g.press("n")
		g.wait("the next radio track", func() bool { st := g.p.Status(); return st.State == player.Playing && st.Index == skip })
	}
	g.wait("the refill", func() bool {
		return relatedAsked(srv, seed.URN) > asked && g.p.Upcoming(player.FromRadio) >= player.RadioLow && !g.m.auto.busy
	})
	if n := relatedAsked(srv, seed.URN); n != asked+1 {
		t.Errorf("related tracks of the seed asked %d times after the restart, want once", n-asked)
	}
	es := g.p.QueueEntries()
	if len(es) <= len(before) {
		t.Fatalf("no refill: %d entries", len(es))
	}
	seen := map[api.URN]bool{}
	for i, e := range es {
		if e.From != player.FromRadio {
			t.Errorf("entry %d (%s) from %q, want radio", i, e.Track.URN, e.From)
		}
		if seen[e.Track.URN] || e.Track.URN == heard.URN {
			t.Errorf("entry %d: %s comes again (or was heard an hour ago)", i, e.Track.URN)
		}
		seen[e.Track.URN] = true
	}
	t.Logf("%d entries before the restart, %d after playing on", len(before), len(es))
	g.press("q")
	g.wait("quit", func() bool { return g.quit })
}
