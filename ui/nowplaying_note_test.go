package ui

import (
	"strings"
	"testing"

	"github.com/cirrus-tui/cirrus/player"
)

// A note from the player about how the stream plays (an HE-AAC stream
// heard as its AAC-LC core) shows as a badge in the now-playing bar, and
// nothing shows without one.
func TestNowPlayingShowsThePlayersNote(t *testing.T) {
	m, b, _ := started(t, 120, 30)
	tr := &b.tracks[0]
	status := player.Status{State: player.Playing, Track: tr, Duration: tr.DurationTime(), Volume: 0.5}
	m.Update(playerEventMsg{ok: true, ev: player.Event{Kind: player.EventTrackChanged, Status: status}})
	if v := m.View(); strings.Contains(v, "HE-AAC") {
		t.Fatalf("a badge without a note:\n%s", v)
	}
	status.Note = "HE-AAC: playing the core at half bandwidth"
	m.Update(playerEventMsg{ok: true, ev: player.Event{Kind: player.EventPosition, Status: status}})
	if v := m.View(); !strings.Contains(v, "HE-AAC") {
		t.Fatalf("no HE-AAC badge in the now-playing bar:\n%s", v)
	}
}
