package ui

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/cirrus-tui/cirrus/api"
	"github.com/cirrus-tui/cirrus/api/fake"
)

// Issue 25, item 3: a burst of like, follow and repost presses against
// api/fake, some of whose writes fail, settles to what the server holds.

// rainyWindow searches for a track the demo user does not like (any more)
// and selects it.
func (f *flow) rainyWindow() item {
	f.t.Helper()
	urn := api.NewURN(api.KindTrack, 1008) // Rainy Window, liked in the demo
	if err := f.c.UnlikeTrack(context.Background(), urn); err != nil {
		f.t.Fatal(err)
	}
	f.press("/")
	f.typeText("rainy window")
	f.press("enter")
	res := f.list(tabSearch)
	f.wait("search results", func() bool { return res.Loaded() && !res.Loading() && res.Len() > 0 })
	return f.selectWhere(res, func(it item) bool { return it.Track != nil && it.Track.Title == "Rainy Window" })
}

// settled waits until no like, follow or repost write is out.
func (f *flow) settled() {
	f.t.Helper()
	f.wait("every write answered", func() bool { return len(f.m.lib.writes) == 0 && f.m.status.text != "" })
}

// serverLike reads a track's like state and count from the double.
func (f *flow) serverLike(urn api.URN) (bool, int64) {
	f.t.Helper()
	t, err := f.c.Track(context.Background(), urn)
	if err != nil {
		f.t.Fatal(err)
	}
	return t.UserFavorite, t.FavoritingsCount
}

func (f *flow) checkLike(tr item, what string) {
	f.t.Helper()
	on, n := f.serverLike(tr.URN())
	if got, gotN := f.m.lib.isLiked(tr), f.m.lib.likes(tr); got != on || gotN != n {
		f.t.Errorf("%s: the screen shows liked %v with %d likes, the server has %v with %d (status %q)", what, got, gotN, on, n, f.m.status.text)
	}
	if v := f.m.View(); !strings.Contains(v, fmt.Sprintf("♥ %d", n)) {
		f.t.Errorf("%s: the detail pane does not show ♥ %d:\n%s", what, n, v)
	}
}

func TestFlowLikeTwiceFirstWriteFails(t *testing.T) {
	f := newFlow(t, 160, 40)
	tr := f.rainyWindow()
	on, n := f.serverLike(tr.URN())
	if on {
		t.Fatal("setup: Rainy Window is liked")
	}
	f.srv.SetFaults(fake.Faults{FailNextWrites: 1}) // the like's POST
	f.press("f", "f")
	f.settled()
	f.checkLike(tr, "f f, the first write failing")
	if got, _ := f.serverLike(tr.URN()); got != on {
		t.Errorf("the server's like went from %v to %v", on, got)
	}
	if !f.m.status.err || !strings.Contains(f.m.status.text, "Could not like") {
		t.Errorf("status %q does not say the like failed", f.m.status.text)
	}
	if _, got := f.serverLike(tr.URN()); got != n {
		t.Errorf("the server's count went from %d to %d", n, got)
	}

	// The same again from liked: the unlike's DELETE is retried once, so
	// two faults fail it.
	f.m.status.text = ""
	f.press("f")
	f.settled()
	f.checkLike(tr, "a plain f")
	f.m.status.text = ""
	f.srv.SetFaults(fake.Faults{FailNextWrites: 2})
	f.press("f", "f")
	f.settled()
	f.checkLike(tr, "f f on a liked track, the first write failing")
	if on, _ := f.serverLike(tr.URN()); !on || !strings.Contains(f.m.status.text, "Could not unlike") {
		t.Errorf("server liked %v, status %q", on, f.m.status.text)
	}
}

func TestFlowLikeThriceBothWritesFail(t *testing.T) {
	f := newFlow(t, 160, 40)
	tr := f.rainyWindow()
	on, _ := f.serverLike(tr.URN())
	// f f f: the first write fails; by then the user wants the other
	// state again, so a second write goes out, and fails too.
	f.srv.SetFaults(fake.Faults{FailNextWrites: 2})
	f.press("f", "f", "f")
	f.settled()
	f.checkLike(tr, "f f f, both writes failing")
	if got, _ := f.serverLike(tr.URN()); got != on {
		t.Errorf("the server's like went from %v to %v", on, got)
	}
	if left := f.srv.Faults().FailNextWrites; left != 0 {
		t.Errorf("%d of the two failing writes were not sent", left)
	}
}

// Answers settle in the order the server saw the writes: a press while a
// write is out sends the next one only after the answer.
func TestLikeBurstSendsOneWriteAtATime(t *testing.T) {
	b := fixture()
	_, e := testParts(b, &recAudio{})
	l := newLibrary(e)
	it := item{Track: &b.tracks[0]} // 10 likes, not liked
	first := l.like(it)
	if l.like(it) != nil || l.like(it) != nil {
		t.Fatal("a second write went out while the first was on its way")
	}
	if !l.isLiked(it) || l.likes(it) != 11 {
		t.Fatalf("after three presses: liked %v, %d likes; want liked, 11", l.isLiked(it), l.likes(it))
	}
	b.fail("LikeTrack", &api.Error{Status: 403, Message: "no"}, true)
	_, cmd := l.Update(runCmd(first)[0])
	if l.isLiked(it) != true || l.likes(it) != 11 {
		t.Errorf("while the retry is out: liked %v, %d likes", l.isLiked(it), l.likes(it))
	}
	msgs := runCmd(cmd)
	if len(msgs) != 1 || b.called("LikeTrack") != 2 {
		t.Fatalf("after the refusal, with the user wanting it liked: %d messages, calls %v", len(msgs), b.Calls())
	}
	_, cmd = l.Update(msgs[0])
	if !l.isLiked(it) || l.likes(it) != 11 || len(l.writes) != 0 {
		t.Errorf("after the second like: liked %v, %d likes, %d writes out", l.isLiked(it), l.likes(it), len(l.writes))
	}
	if st, ok := has[statusMsg](runCmd(cmd)); !ok || st.err {
		t.Errorf("status %+v", st)
	}
}

// A follow whose write fails is read back: the screen shows what the
// server holds.
func TestFlowFollowTwiceFirstWriteFails(t *testing.T) {
	f := newFlow(t, 160, 40)
	tr := f.rainyWindow()
	u := tr.Track.User
	isF := func() bool {
		ok, err := f.c.IsFollowing(context.Background(), u.URN)
		if err != nil {
			t.Fatal(err)
		}
		return ok
	}
	was := isF()
	f.srv.SetFaults(fake.Faults{FailNextWrites: 8}) // PUT and DELETE are retried: every attempt fails
	f.press("F", "F")
	f.settled()
	if isF() != was || f.m.lib.following[u.URN] != was {
		t.Errorf("F F, every write failing: server %v, screen %v, was %v (%s)", isF(), f.m.lib.following[u.URN], was, f.m.status.text)
	}
	f.srv.SetFaults(fake.Faults{})
	f.m.status.text = ""
	f.press("F", "F", "F")
	f.settled()
	if isF() == was || f.m.lib.following[u.URN] != isF() {
		t.Errorf("F F F: server %v, screen %v, was %v (%s)", isF(), f.m.lib.following[u.URN], was, f.m.status.text)
	}
}
