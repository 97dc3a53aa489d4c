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
	a.autoQ = []bool{false, false, false, true}
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
