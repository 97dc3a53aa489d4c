package ui

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/cirrus-tui/cirrus/api"
	"github.com/cirrus-tui/cirrus/api/fake"
)

// Issue 26, part 3: a visual selection's actions against api/fake over
// loopback and a real player, with the setups of the playlist edit tests
// (openPlaylist, burst, checkPlaylist).

func (f *flow) puts() int { return f.srv.Stats().Routes[putPlaylistRoute] }

const putPlaylistRoute = "PUT /playlists/{playlist_urn}"

// v j j x removes three rows in one write, in order with a single x
// pressed before it while neither was answered.
func TestFlowVisualRemoveFromPlaylist(t *testing.T) {
	f := newFlow(t, 160, 40)
	urn := api.NewURN(api.KindPlaylist, fake.DemoPlaylistID)
	want := f.serverIDs(f.c, urn) // 8 tracks
	l := f.openPlaylist(urn)
	l.Move(2)
	puts := f.puts()
	f.burst("v", "j", "j", "x")
	want = slices.Delete(want, 2, 5)
	f.checkPlaylist(l, urn, want, want[2], "v j j x")
	if n := f.puts() - puts; n != 1 {
		t.Errorf("%d writes for one selection, want 1", n)
	}
	if !strings.Contains(f.m.status.text, "Removed 3 tracks") || !strings.Contains(f.m.status.text, "5 tracks") || f.m.status.err {
		t.Errorf("status %q", f.m.status.text)
	}
	if f.m.vis.sel != nil || l.sel.on {
		t.Error("the selection outlived the removal")
	}

	// x, then v j x at once, before any answer: row 0 goes, then the two
	// rows that were 1 and 2.
	f.srv.SetFaults(fake.Faults{Latency: 5 * 1e6})
	l.Move(0)
	f.burst("x", "v", "j", "x")
	want = want[3:]
	f.checkPlaylist(l, urn, want, want[0], "x v j x")
}

// J/K on a selection of an open playlist move its rows together, one
// write a press, in the order pressed, the selection going with them; a
// failed move says so, ends the selection and shows what the double holds.
func TestFlowVisualMoveInPlaylist(t *testing.T) {
	f := newFlow(t, 160, 40)
	urn := api.NewURN(api.KindPlaylist, fake.DemoPlaylistID)
	ids := f.serverIDs(f.c, urn)
	l := f.openPlaylist(urn)
	f.srv.SetFaults(fake.Faults{Latency: 5 * 1e6}) // the presses land before any answer
	l.Move(3)
	puts := f.puts()
	f.burst("v", "j", "K", "K")
	want := []string{ids[0], ids[3], ids[4], ids[1], ids[2], ids[5], ids[6], ids[7]}
	f.checkPlaylist(l, urn, want, ids[4], "v j K K")
	if lo, hi, ok := l.Selection(); !ok || lo != 1 || hi != 2 {
		t.Errorf("the selection is %d..%d (%v), want rows 1..2", lo, hi, ok)
	}
	if n := f.puts() - puts; n != 2 {
		t.Errorf("%d writes for two presses, want 2", n)
	}
	if !strings.Contains(f.m.status.text, "Moved 2 tracks") || f.m.status.err {
		t.Errorf("status %q", f.m.status.text)
	}
	f.burst("J")
	want = []string{ids[0], ids[1], ids[3], ids[4], ids[2], ids[5], ids[6], ids[7]}
	f.checkPlaylist(l, urn, want, ids[4], "J")

	f.srv.SetFaults(fake.Faults{FailNextWrites: 2}) // the PUT and its one retry
	f.burst("J")
	f.checkPlaylist(l, urn, want, ids[4], "J, failing")
	if !f.m.status.err || !strings.Contains(f.m.status.text, "move 2 tracks") || f.m.vis.sel != nil {
		t.Errorf("status %q, selection %v", f.m.status.text, f.m.vis.sel)
	}
}

// The removal's write fails: every row comes back, the header counts
// them, the double is untouched, and the status line says what failed.
func TestFlowVisualRemoveFails(t *testing.T) {
	f := newFlow(t, 160, 40)
	urn := api.NewURN(api.KindPlaylist, fake.DemoPlaylistID)
	want := f.serverIDs(f.c, urn)
	l := f.openPlaylist(urn)
	l.Move(1)
	f.srv.SetFaults(fake.Faults{FailNextWrites: 2}) // the PUT and its one retry
	f.burst("v", "j", "j", "x")
	f.checkPlaylist(l, urn, want, want[4], "v j j x, failing") // the cursor stays on the row after the run
	if !f.m.status.err || !strings.Contains(f.m.status.text, "remove 3 tracks") {
		t.Errorf("status %q does not say the removal failed", f.m.status.text)
	}
}

// A selection goes in the queue in one change, in the order shown; in the
// Queue tab V selects queued rows, J/K carry them together and x removes
// them, read back from the player.
func TestFlowVisualQueue(t *testing.T) {
	f := newFlow(t, 160, 40)
	urn := api.NewURN(api.KindPlaylist, fake.DemoPlaylistID)
	ids := f.serverIDs(f.c, urn)
	l := f.openPlaylist(urn)
	l.Move(1)
	f.press("v", "j", "j", "j", "j", "a")
	queued := func() []string {
		var out []string
		for _, e := range f.p.QueueEntries() {
			out = append(out, e.Track.URN.ID())
		}
		return out
	}
	f.wait("the queue", func() bool { return len(queued()) == 5 && strings.HasPrefix(f.m.status.text, "Added 5 tracks") })
	if got := queued(); !slices.Equal(got, ids[1:6]) {
		t.Fatalf("queued %v, want %v", got, ids[1:6])
	}

	f.press("6")
	q := f.m.tabs.pane(tabQueue).(*queuePane)
	f.wait("the queue tab", func() bool { return q.list.Len() == 5 })
	q.list.Move(2)
	order := slices.Clone(ids[1:6])
	step := func(key string, want []string, lo, hi int) {
		t.Helper()
		f.press(key)
		f.wait("the player's queue after "+key, func() bool { return slices.Equal(queued(), want) && slices.Equal(rowIDs(q.list), want) })
		if glo, ghi, ok := q.list.Selection(); !ok || glo != lo || ghi != hi {
			t.Fatalf("after %s the selection is %d..%d (%v), want %d..%d", key, glo, ghi, ok, lo, hi)
		}
	}
	f.press("V", "j") // rows 2 and 3
	step("K", []string{order[0], order[2], order[3], order[1], order[4]}, 1, 2)
	step("K", []string{order[2], order[3], order[0], order[1], order[4]}, 0, 1)
	f.press("K") // at the top: nothing moves
	step("J", []string{order[0], order[2], order[3], order[1], order[4]}, 1, 2)
	f.m.status.text = ""
	f.press("x")
	want := []string{order[0], order[1], order[4]}
	f.wait("the removal", func() bool {
		return slices.Equal(queued(), want) && q.list.Len() == 3 && f.m.status.text != ""
	})
	if !strings.Contains(f.m.status.text, "Removed 2 tracks from the queue") || f.m.vis.sel != nil {
		t.Errorf("status %q, selection %v", f.m.status.text, f.m.vis.sel)
	}
}

// Liking a selection: each like is written, one fails (a 503 the track
// read back says was not carried out); one message counts them, and every
// mark shows what the double holds.
func TestFlowVisualLike(t *testing.T) {
	f := newFlow(t, 160, 40)
	urn := api.NewURN(api.KindPlaylist, fake.DemoPlaylistID)
	l := f.openPlaylist(urn)
	ctx := context.Background()
	rows := l.Items()[0:3]
	for _, it := range rows {
		if err := f.c.UnlikeTrack(ctx, it.Track.URN); err != nil {
			t.Fatal(err)
		}
	}
	l.Invalidate()
	f.exec(l.Refresh())
	f.wait("the playlist read again", func() bool { return l.Loaded() && !l.Loading() && l.Len() == 8 })
	rows = l.Items()[0:3]
	for _, it := range rows {
		delete(f.m.lib.liked, it.Track.URN) // what the Likes tab taught at start: the rows now say
	}
	l.Move(0)
	f.srv.SetFaults(fake.Faults{FailNextWrites: 1})
	f.m.status.text = ""
	f.press("v", "j", "j", "f")
	f.wait("the batch's message", func() bool { return len(f.m.vis.likes) == 0 && strings.HasPrefix(f.m.status.text, "Liked") })
	if !f.m.status.err || !strings.Contains(f.m.status.text, "Liked 2 of 3 tracks; 1 failed") {
		t.Errorf("status %q", f.m.status.text)
	}
	liked := 0
	for _, it := range rows {
		on, _ := f.serverLike(it.Track.URN)
		if on {
			liked++
		}
		if f.m.lib.isLiked(it) != on {
			t.Errorf("%s: shown liked %v, the double says %v", it.Track.Title, !on, on)
		}
	}
	if liked != 2 {
		t.Errorf("the double holds %d of the 3 liked, want 2", liked)
	}
}

// P on a selection: the tracks go in one edit; one the playlist holds
// already is not added again, and the message says so.
func TestFlowVisualAddToPlaylist(t *testing.T) {
	f := newFlow(t, 160, 40)
	ctx := context.Background()
	demo := api.NewURN(api.KindPlaylist, fake.DemoPlaylistID)
	ids := f.serverIDs(f.c, demo)
	target, err := f.c.CreatePlaylist(ctx, "Target", "private", []api.URN{api.NewURN(api.KindTrack, mustID(t, ids[1]))})
	if err != nil {
		t.Fatal(err)
	}
	l := f.openPlaylist(demo)
	l.Move(0)
	puts := f.puts()
	f.press("v", "j", "j", "P")
	f.wait("the picker", func() bool { return f.m.picker != nil && f.m.picker.list.Loaded() && !f.m.picker.list.Loading() })
	if !strings.Contains(f.m.View(), "Add 3 selected tracks to which playlist?") {
		t.Errorf("the picker does not name the selection:\n%s", f.m.View())
	}
	f.selectWhere(f.m.picker.list, func(it item) bool { return it.Playlist != nil && it.Playlist.URN == target.URN })
	f.m.status.text = ""
	f.press("enter")
	f.wait("the add", func() bool { return strings.HasPrefix(f.m.status.text, "Added") || f.m.status.err })
	if f.m.status.text != "Added 2 tracks to “Target”: 3 tracks. 1 was there already, not added again." {
		t.Errorf("status %q", f.m.status.text)
	}
	if got := f.serverIDs(f.c, target.URN); !slices.Equal(got, []string{ids[1], ids[0], ids[2]}) {
		t.Errorf("Target holds %v", got)
	}
	if n := f.puts() - puts; n != 1 {
		t.Errorf("%d writes, want 1", n)
	}
	if f.m.vis.sel != nil {
		t.Error("the selection outlived the add")
	}
}

func mustID(t *testing.T, id string) int64 {
	t.Helper()
	var n int64
	for _, r := range id {
		if r < '0' || r > '9' {
			t.Fatalf("id %q", id)
		}
		n = n*10 + int64(r-'0')
	}
	return n
}
