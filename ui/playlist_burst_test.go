package ui

import (
	"slices"
	"strings"
	"testing"

	"github.com/cirrus-tui/cirrus/api"
	"github.com/cirrus-tui/cirrus/api/fake"
)

// Issue 25, item 2: edit keys pressed in a burst, before any answer, each
// do what was pressed, against api/fake over loopback.

// burst presses keys on the open playlist and waits for every edit's answer.
func (f *flow) burst(keys ...string) {
	f.t.Helper()
	f.m.status.text = ""
	f.press(keys...)
	f.wait("every edit answered", func() bool { return len(f.m.edits.queues) == 0 && f.m.status.text != "" })
}

func rowIDs(l *List[item]) []string {
	var out []string
	for _, it := range l.Items() {
		out = append(out, it.Track.URN.ID())
	}
	return out
}

// checkPlaylist compares the double, the rows, the cursor's track and the
// header's count.
func (f *flow) checkPlaylist(l *List[item], urn api.URN, want []string, cursorOn string, what string) {
	f.t.Helper()
	if got := f.serverIDs(f.c, urn); !slices.Equal(got, want) {
		f.t.Errorf("%s: the double holds %v, want %v (status %q)", what, got, want, f.m.status.text)
	}
	if got := rowIDs(l); !slices.Equal(got, want) {
		f.t.Errorf("%s: the screen lists %v, want %v", what, got, want)
	}
	if it, ok := l.Selected(); !ok || it.Track.URN.ID() != cursorOn {
		f.t.Errorf("%s: the cursor is on %v, want track %s", what, it.Track, cursorOn)
	}
	if v := f.m.View(); !strings.Contains(v, plural(int64(len(want)), "track")+" · ") {
		f.t.Errorf("%s: the header does not count %d tracks:\n%s", what, len(want), v)
	}
}

func TestFlowPlaylistEditBursts(t *testing.T) {
	f := newFlow(t, 160, 40)
	urn := api.NewURN(api.KindPlaylist, fake.DemoPlaylistID)
	want := f.serverIDs(f.c, urn) // 8 tracks
	l := f.openPlaylist(urn)
	f.srv.SetFaults(fake.Faults{Latency: 5 * 1e6}) // 5 ms a request: the presses land before any answer

	// x j x on row 1: removes rows 1 and (what was) 3.
	l.Move(1)
	f.burst("x", "j", "x")
	want = slices.Delete(want, 1, 2)
	want = slices.Delete(want, 2, 3)
	f.checkPlaylist(l, urn, want, want[2], "x j x")
	if !strings.Contains(f.m.status.text, "6 tracks") || f.m.status.err {
		t.Errorf("x j x: status %q", f.m.status.text)
	}

	// x x x on row 0: removes the first three.
	l.Move(0)
	f.burst("x", "x", "x")
	want = want[3:]
	f.checkPlaylist(l, urn, want, want[0], "x x x")

	// J J J on row 0: the first track goes to row 3 (of 3 rows: the last).
	first := want[0]
	f.burst("J", "J", "J")
	want = append(want[1:], first)
	f.checkPlaylist(l, urn, want, first, "J J J")

	// K from the last row: up one.
	f.burst("K")
	want[1], want[2] = want[2], want[1]
	f.checkPlaylist(l, urn, want, first, "K")
}

// A burst whose first edit fails: the others still do what was pressed,
// the status line names the failure, and the screen shows the server.
func TestFlowPlaylistEditBurstWithAFailure(t *testing.T) {
	f := newFlow(t, 160, 40)
	urn := api.NewURN(api.KindPlaylist, fake.DemoPlaylistID)
	want := f.serverIDs(f.c, urn)
	l := f.openPlaylist(urn)
	l.Move(1)
	f.srv.SetFaults(fake.Faults{FailNextWrites: 2}) // the PUT and its one retry
	f.burst("x", "j", "x")
	// The first removal (row 1) failed; the second removed the track the
	// cursor was on, row 3 of the list as it was.
	want = slices.Delete(want, 3, 4)
	f.checkPlaylist(l, urn, want, want[3], "x j x, the first failing")
	if !f.m.status.err || !strings.Contains(f.m.status.text, "1 of 2 edits failed") || !strings.Contains(f.m.status.text, "remove") {
		t.Errorf("status %q does not say which edit failed", f.m.status.text)
	}
}

// Issue 25, item 6: a rename (E) from the list of my playlists leaves the
// cursor on the renamed playlist, which shows its new title.
func TestFlowRenameKeepsTheCursor(t *testing.T) {
	f := newFlow(t, 160, 40)
	f.press("4")
	pls := f.list(tabPlaylists)
	f.wait("my playlists", func() bool { return pls.Loaded() && !pls.Loading() && pls.Len() > 2 })
	pls.Move(2)
	it, _ := pls.Selected()
	f.press("E")
	for range len([]rune(it.Playlist.Title)) {
		f.press("backspace")
	}
	f.typeText("Renamed Here")
	f.m.status.text = ""
	f.press("enter")
	f.wait("the rename and the list read again", func() bool {
		return strings.HasPrefix(f.m.status.text, "Renamed") && pls.Loaded() && !pls.Loading()
	})
	got, _ := pls.Selected()
	if pls.Cursor() != 2 || got.Playlist == nil || got.Playlist.URN != it.Playlist.URN || got.Playlist.Title != "Renamed Here" {
		t.Fatalf("after E the cursor is on row %d: %+v", pls.Cursor(), got.Playlist)
	}
}

// Issue 25, item 6: a private playlist says so in its row and its header;
// a public one does not.
func TestPrivatePlaylistIsMarked(t *testing.T) {
	b, a := fixture(), &recAudio{}
	pub := b.myPlaylists[0]
	priv := api.Playlist{URN: "soundcloud:playlists:11", Title: "Secret Set", User: pub.User, TrackCount: 1, Sharing: "private"}
	b.myPlaylists = append(b.myPlaylists, priv)
	b.plTracks[priv.URN] = b.tracks[:1]
	m := newTestModel(b, a, 140, 40)
	initModel(t, m)
	settle(t, m, kp("4"))
	lines := strings.Split(m.View(), "\n")
	for _, l := range lines {
		switch {
		case strings.Contains(l, "Secret Set") && !strings.Contains(l, "PRIVATE"):
			t.Errorf("the private playlist's row has no mark: %q", l)
		case strings.Contains(l, "Road Trip") && strings.Contains(l, "PRIVATE"):
			t.Errorf("the public playlist's row is marked: %q", l)
		}
	}
	settle(t, m, kp("j"))
	settle(t, m, kp("enter"))
	if v := m.View(); !strings.Contains(v, "PRIVATE · 1 track") {
		t.Errorf("the private playlist's header has no mark:\n%s", v)
	}
}
