package ui

import (
	"strings"
	"testing"

	"github.com/cirrus-tui/cirrus/api"
	"github.com/cirrus-tui/cirrus/config"
	"github.com/cirrus-tui/cirrus/player"
)

// Issue 25 item 5: queue marks go by position. A track queued twice is
// marked ▶ only on the row that plays, and a row queued by hand is not
// tagged autoplay even when autoplay queued the same track too.
func TestQueueMarksByPosition(t *testing.T) {
	b, a := fixture(), &recAudio{}
	m := newPlaybackModel(t, b, a, config.Playback{Autoplay: true}, "", nil)
	x, y := b.tracks[0], b.tracks[1]
	a.mu.Lock()
	a.queue = []api.Track{x, y, x, y}
	a.from = []player.Origin{player.FromListener, player.FromListener, player.FromListener, player.FromAutoplay}
	a.mu.Unlock()
	settle(t, m, kp("6"))
	settle(t, m, playerEventMsg{ok: true, ev: player.Event{Kind: player.EventTrackChanged,
		Status: player.Status{State: player.Playing, Track: &x, Index: 2, Volume: 1}}})
	var rows []string
	for _, l := range strings.Split(m.View(), "\n") {
		if strings.Contains(l, "♪") {
			rows = append(rows, l)
		}
	}
	if len(rows) != 4 {
		t.Fatalf("queue rows not found:\n%s", m.View())
	}
	for i, r := range rows {
		if strings.Contains(r, "▶") != (i == 2) {
			t.Errorf("row %d ▶ = %v: %q", i, strings.Contains(r, "▶"), r)
		}
		if strings.Contains(r, "autoplay") != (i == 3) {
			t.Errorf("row %d autoplay = %v: %q", i, strings.Contains(r, "autoplay"), r)
		}
	}
}

// . in the Queue tab goes to the playing entry there, not to the list
// playback started from.
func TestJumpInQueueStaysInQueue(t *testing.T) {
	m, b, a := started(t, 80, 24)
	x, y := b.tracks[0], b.tracks[1]
	a.mu.Lock()
	a.queue = []api.Track{x, y, x, y}
	a.mu.Unlock()
	press(t, m, "enter") // play from the Feed: the origin is the Feed
	settle(t, m, playerEventMsg{ok: true, ev: player.Event{Kind: player.EventTrackChanged,
		Status: player.Status{State: player.Playing, Track: &x, Index: 2, Volume: 1}}})
	press(t, m, "6", ".")
	q := m.tabs.pane(tabQueue).(*queuePane)
	if m.tabs.active != tabQueue || q.list.Cursor() != 2 {
		t.Errorf(". in the Queue: tab %v, cursor %d, want the Queue at row 2", m.tabs.active, q.list.Cursor())
	}
}

// ctrl+r reloads the list with the cursor on the row it was on.
func TestReloadKeepsTheCursor(t *testing.T) {
	m, _, _ := started(t, 80, 24)
	l := m.tabs.pane(tabFeed).(*browsePane).top().list()
	press(t, m, "j", "j", "j")
	sel, _ := l.Selected()
	press(t, m, "ctrl+r")
	now, _ := l.Selected()
	if l.Cursor() != 3 || now.URN() != sel.URN() {
		t.Errorf("after ctrl+r the cursor is on %d (%s), want 3 (%s)", l.Cursor(), now.URN(), sel.URN())
	}
}
