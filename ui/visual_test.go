package ui

import (
	"slices"
	"strings"
	"testing"

	"github.com/muesli/termenv"

	"github.com/cirrus-tui/cirrus/api"
)

// The selection model: the span runs from the anchor to the cursor
// whichever way the cursor goes, and only while it is on.
func TestSelectionModel(t *testing.T) {
	pinProfile(t, termenv.Ascii)
	c, e := testParts(fixture(), &recAudio{})
	l := newList(c, e, "empty", source[item]{}, renderItemWith(nil))
	u := fxUser(1, "ana")
	var items []item
	for i := range 10 {
		tr := fxTrack(i+1, "T"+itoa(i), &u, api.AccessPlayable)
		items = append(items, item{Track: &tr})
	}
	l.SetItems(items)
	l.SetSize(60, 8) // 7 rows and the footer
	if _, _, ok := l.Selection(); ok || l.SelectedItems() != nil {
		t.Fatal("a selection before v")
	}
	l.Move(3)
	l.StartSelection()
	span := func(lo, hi int, what string) {
		t.Helper()
		glo, ghi, ok := l.Selection()
		if !ok || glo != lo || ghi != hi || len(l.SelectedItems()) != hi-lo+1 {
			t.Fatalf("%s: span %d..%d (%v), want %d..%d", what, glo, ghi, ok, lo, hi)
		}
	}
	span(3, 3, "v")
	l.Move(5)
	span(3, 5, "down two")
	l.Move(1)
	span(1, 3, "up past the anchor")
	if got := l.SelectedItems(); got[0].Track.Title != "T1" || got[2].Track.Title != "T3" {
		t.Errorf("selected rows %q..%q", got[0].Track.Title, got[2].Track.Title)
	}

	v := l.View()
	bars := 0
	for _, line := range strings.Split(v, "\n") {
		if strings.HasPrefix(line, "┃") {
			bars++
		}
	}
	if bars != 3 || !strings.Contains(v, "┃▸♪ T1") || !strings.Contains(v, "┃ ♪ T3") || !strings.Contains(v, "▸") {
		t.Errorf("3 rows should carry the bar, the cursor's with ▸:\n%s", v)
	}
	if !strings.Contains(v, "3 selected · 2/10") {
		t.Errorf("the footer does not count the selection:\n%s", v)
	}

	l.SetItems(items[:2]) // the list shrank under the anchor: clamped
	span(1, 1, "shrunk")
	l.SetItems(items)
	l.EndSelection()
	if _, _, ok := l.Selection(); ok || strings.Contains(l.View(), "┃") || strings.Contains(l.View(), "selected") {
		t.Error("the selection outlived its end")
	}
	l.StartSelection()
	l.SetItems(nil)
	if l.sel.on {
		t.Error("a selection of an emptied list")
	}
	l.SetItems(items)
	l.StartSelection()
	l.Reset()
	if l.sel.on {
		t.Error("a selection of a reset list")
	}
	empty := newList(c, e, "empty", source[item]{}, renderItemWith(nil))
	empty.StartSelection()
	if empty.sel.on {
		t.Error("a selection of no rows")
	}
}

// v starts a selection in the list on screen, motions extend it, the
// status line counts it, and esc, v, or leaving the list end it.
func TestVisualKeys(t *testing.T) {
	pinProfile(t, termenv.Ascii)
	m, _, _ := started(t, 80, 24)
	feed := m.tabs.pane(tabFeed).(*browsePane).top().list()
	m.Update(statusMsg{text: "Liked “Morning Fog”."})
	press(t, m, "v", "j", "j")
	if m.vis.sel != feed || feed.selecting() != 3 {
		t.Fatalf("v j j: %d selected in %v", feed.selecting(), m.vis.sel)
	}
	v := m.View()
	if !strings.Contains(v, "3 selected · a queue") || strings.Count(v, "┃") != 3 {
		t.Errorf("v j j: the screen does not show the selection:\n%s", v)
	}
	press(t, m, "k")
	if feed.selecting() != 2 {
		t.Errorf("k shrinks it: %d", feed.selecting())
	}
	press(t, m, "esc")
	if m.vis.sel != nil || feed.sel.on || m.body != bodyTab || m.tabs.active != tabFeed {
		t.Fatal("esc should end the selection and stay on the feed")
	}
	press(t, m, "v", "G")
	if feed.selecting() != 4 { // row 1 to the last of 5
		t.Errorf("v G: %d selected", feed.selecting())
	}
	press(t, m, "V")
	if m.vis.sel != nil {
		t.Error("V again should end it")
	}
	press(t, m, "v", "j", "2")
	if m.vis.sel != nil || feed.sel.on {
		t.Error("switching tabs should end the selection")
	}
	press(t, m, "1", ":")
	m.cmd.input.SetValue("visual")
	press(t, m, "enter")
	if m.vis.sel != feed {
		t.Error(":visual should start a selection")
	}
	// the rows change under it: a sort, a reload
	press(t, m, "S")
	if m.vis.sel != nil || feed.sel.on {
		t.Error("sorting should end the selection")
	}
	press(t, m, "S", "S", "S", "S", "v", "j", "ctrl+r")
	if m.vis.sel != nil || feed.sel.on {
		t.Error("a reload should end the selection")
	}
}

// Actions on a selection skip the rows they cannot apply to and say how
// many; after the action the selection ends.
func TestVisualActionsSkipRows(t *testing.T) {
	m, b, a := started(t, 80, 24)
	// Feed: Morning Fog, Tide Pools (liked), Road Trip (playlist), Night Drive, 静かな雨
	press(t, m, "v", "G", "a")
	if got := callsWith(a.Calls(), "Enqueue"); len(got) != 1 || !strings.HasPrefix(got[0], "Enqueue 6 ") {
		t.Errorf("v G a: %v, want one Enqueue of 6 (4 tracks and Road Trip's 2)", got)
	}
	if m.vis.sel != nil {
		t.Error("the selection outlived the action")
	}

	press(t, m, "g", "v", "j", "j", "f") // Tide Pools and Road Trip are liked
	if m.status.text != "Liked 1 track. 2 liked already." || m.status.err {
		t.Errorf("v j j f: %q", m.status.text)
	}
	if n := b.called("LikeTrack") + b.called("LikePlaylist"); n != 1 {
		t.Errorf("%d likes written, want 1", n)
	}
	press(t, m, "g", "v", "j", "j", "f") // all three liked now: f unlikes them
	if !strings.Contains(m.status.text, "Unliked 3 rows.") {
		t.Errorf("v j j f again: %q", m.status.text)
	}

	press(t, m, "5") // Following: users only
	press(t, m, "v", "j", "f")
	if !strings.Contains(m.status.text, "users are followed, not liked") || !m.status.err {
		t.Errorf("liking users: %q", m.status.text)
	}
	press(t, m, "v", "j", "P")
	if m.picker != nil || !strings.Contains(m.status.text, "No track among the selected rows") {
		t.Errorf("adding users to a playlist: picker %v, %q", m.picker != nil, m.status.text)
	}
}

// A failed like among a selection's: the batch says which, the marks
// settle to the server, and the other likes stand.
func TestVisualLikeWithAFailure(t *testing.T) {
	m, b, _ := started(t, 80, 24)
	b.fail("LikeTrack", &api.Error{Op: "POST /likes/tracks", Status: 404}, true)
	press(t, m, "j", "j", "j", "v", "j", "f") // Night Drive, 静かな雨
	if !m.status.err || !strings.Contains(m.status.text, "Liked 1 of 2 tracks; 1 failed") || !strings.Contains(m.status.text, "404") {
		t.Errorf("status %q", m.status.text)
	}
	liked := 0
	for _, i := range []int{1, 3} { // Night Drive, 静かな雨
		if m.lib.isLiked(item{Track: &b.tracks[i]}) {
			liked++
		}
	}
	if liked != 1 {
		t.Errorf("%d of the two marked liked, want the one the server took", liked)
	}
}

// x on a selection of an open playlist: one write of the whole run.
func TestVisualRemoveIsOneEdit(t *testing.T) {
	m, b, _ := started(t, 80, 24)
	press(t, m, "4", "enter") // Road Trip: Morning Fog, Tide Pools
	l := m.tabs.pane(tabPlaylists).(*browsePane).top().list()
	if l.Len() != 2 {
		t.Fatalf("%d rows", l.Len())
	}
	press(t, m, "v", "j", "x")
	if n := b.called("WritePlaylist"); n != 1 {
		t.Errorf("%d writes, want 1", n)
	}
	if l.Len() != 0 || !strings.Contains(m.status.text, "Removed 2 tracks") || !strings.Contains(m.View(), "0 tracks") {
		t.Errorf("rows %d, status %q\n%s", l.Len(), m.status.text, m.View())
	}
}

// The queue changed after it was shown (a track queued from elsewhere):
// a selection's removal asks the player nothing and says so; removing
// from the end of the selection keeps the rows before in place.
func TestVisualQueueChangedMeanwhile(t *testing.T) {
	m, b, a := started(t, 80, 24)
	a.mu.Lock()
	a.queue = slices.Clone(b.tracks)
	a.mu.Unlock()
	press(t, m, "6")
	settle(t, m, queueMsg{entries: a.QueueEntries()})
	press(t, m, "j", "V", "j")
	a.mu.Lock()
	a.queue = append([]api.Track{b.tracks[3]}, a.queue...) // queued first, from ctl
	a.mu.Unlock()
	press(t, m, "x")
	if got := callsWith(a.Calls(), "Remove"); len(got) != 0 || !strings.Contains(m.status.text, "The queue changed meanwhile") {
		t.Errorf("calls %v, status %q", got, m.status.text)
	}
	a.mu.Lock()
	a.queue = a.queue[1:]
	a.mu.Unlock()
	settle(t, m, queueMsg{entries: a.QueueEntries()})
	press(t, m, "V", "j", "x") // rows 1 and 2, from the cursor left on row 1
	if got := callsWith(a.Calls(), "Remove"); !slices.Equal(got, []string{"Remove 2", "Remove 1"}) {
		t.Errorf("calls %v, want Remove 2 then Remove 1", got)
	}
}
