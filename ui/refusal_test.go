package ui

import (
	"strings"
	"testing"

	"github.com/cirrus-tui/cirrus/api"
	"github.com/cirrus-tui/cirrus/api/fake"
	"github.com/cirrus-tui/cirrus/player"
)

// Against the double answering as to an app without a paid plan: playing
// a full track and liking one each say cirrus's sentence once, on the
// status line and in the detail pane, and the player does not walk the
// likes into the same 403.
func TestFlowRefusedApp(t *testing.T) {
	f := newFlow(t, 140, 40)
	f.srv.SetFaults(fake.Faults{LimitedApp: true})
	f.press("2") // Likes
	likes := f.list(tabLikes)
	f.wait("the likes", func() bool { return likes.Loaded() && !likes.Loading() && likes.Len() > 5 })
	streams, writes := api.RefusedStreams.Sentence(), api.RefusedWrites.Sentence()

	f.selectWhere(likes, func(it item) bool { return it.Track != nil && it.Track.URN == "soundcloud:tracks:1001" })
	f.press("enter")
	f.wait("the refusal on the status line", func() bool { return f.m.status.text == SanitizeLine(streams) })
	// it goes on only to a track that offers a preview (the likes hold
	// some), or stops
	f.wait("a preview or a stop", func() bool {
		st := f.m.np.status
		return st.State == player.Stopped || (st.State == player.Playing && st.Position > 0)
	})
	if st := f.m.np.status; st.State == player.Playing && (!st.Preview || st.Track == nil || st.Track.Access != api.AccessPreview) {
		t.Errorf("after the refusal the player plays %+v; only previews may play", st.Track)
	}
	f.p.Stop()
	f.wait("the player to stop", func() bool { return f.m.np.status.State == player.Stopped })
	if !f.m.status.err || !f.m.status.sticky {
		t.Errorf("the refusal is not a sticky error: %+v", f.m.status)
	}
	if v := f.m.View(); strings.Contains(v, fake.RefusedMessage) || strings.Contains(v, "403") {
		t.Errorf("the raw body reached the screen:\n%s", v)
	}
	// the player did not walk the likes into the wall: each track's
	// streams were asked for at most twice (its preload and its turn)
	for k, c := range f.srv.Stats().Requests {
		if strings.HasSuffix(k, "/streams") && c > 2 {
			t.Errorf("%s asked %d times after the refusal", k, c)
		}
	}
	// a write: the second sentence, once
	f.selectWhere(likes, func(it item) bool { return it.Track != nil && it.Track.URN == "soundcloud:tracks:1008" })
	f.press("f")
	f.wait("the write refusal", func() bool { return f.m.status.text == SanitizeLine(writes) })
	if !f.m.lib.isLiked(item{Track: &api.Track{URN: "soundcloud:tracks:1008"}}) {
		t.Error("the refused unlike was not rolled back")
	}
	// said once: another refusal of the same kind leaves the status line alone
	f.send(statusMsg{text: "something else"})
	f.press("f")
	f.wait("the refused write's answer", func() bool { return len(f.m.refused.kinds) == 2 && drained(f) })
	if f.m.status.text != "something else" {
		t.Errorf("the refusal was said again: %q", f.m.status.text)
	}
	// the detail pane keeps both sentences
	v := f.m.View()
	for _, s := range []string{"does not let this app stream full", "does not let this app change"} {
		if !strings.Contains(v, s) {
			t.Errorf("the detail pane lacks %q:\n%s", s, v)
		}
	}
}

// drained processes what is queued and says whether nothing is left.
func drained(f *flow) bool {
	for {
		select {
		case msg := <-f.msgs:
			f.send(msg)
		default:
			return true
		}
	}
}
