package ui

import (
	"strings"
	"testing"

	"github.com/cirrus-tui/cirrus/player"
)

func rowWith(v, text string) string {
	for _, l := range strings.Split(v, "\n") {
		if strings.Contains(l, text) {
			return l
		}
	}
	return ""
}

func TestPlayingTrackMarkedEverywhereAndJumpedTo(t *testing.T) {
	b := fixture()
	a := &recAudio{}
	m := newTestModel(b, a, 140, 40)
	initModel(t, m)
	settle(t, m, kp("down")) // Tide Pools (a repost in the feed)
	settle(t, m, kp("enter"))
	if got := callsWith(a.Calls(), "PlayTracks"); len(got) != 1 {
		t.Fatalf("enter did not play: %v", a.Calls())
	}
	t3 := b.tracks[2]
	settle(t, m, ev(player.EventTrackChanged, stPlaying(&t3, 1)))
	if r := rowWith(m.View(), "Tide Pools — cy"); !strings.Contains(r, "▶") {
		t.Errorf("feed row not marked: %q", r)
	}
	if r := rowWith(m.View(), "Morning Fog — ana"); strings.Contains(r, "▶") {
		t.Errorf("a row that is not playing is marked: %q", r)
	}
	settle(t, m, kp("2")) // Likes holds Tide Pools too
	if r := rowWith(m.View(), "Tide Pools — cy"); !strings.Contains(r, "▶") {
		t.Errorf("likes row not marked: %q", r)
	}
	// Back in the feed the cursor moved away; from Likes, . jumps back.
	settle(t, m, kp("1"))
	settle(t, m, kp("G"))
	settle(t, m, kp("2"))
	settle(t, m, kp("."))
	if m.tabs.active != tabFeed {
		t.Fatalf(". went to tab %v, want the feed it was started from", m.tabs.active)
	}
	if it, ok := m.current().Selected(); !ok || it.Track == nil || it.Track.URN != t3.URN {
		t.Errorf("cursor on %+v, want Tide Pools", it)
	}
}

func TestJumpToPlayingInsideAPlaylist(t *testing.T) {
	b := fixture()
	a := &recAudio{}
	m := newTestModel(b, a, 140, 40)
	initModel(t, m)
	settle(t, m, kp("4"))
	settle(t, m, kp("enter")) // open Road Trip
	settle(t, m, kp("down"))  // Tide Pools
	settle(t, m, kp("enter"))
	t3 := b.tracks[2]
	settle(t, m, ev(player.EventTrackChanged, stPlaying(&t3, 1)))
	settle(t, m, kp("up"))
	settle(t, m, kp("5")) // from another tab (on the Queue, . stays there: TestJumpInQueueStaysInQueue)
	settle(t, m, kp("."))
	if m.tabs.active != tabPlaylists {
		t.Fatalf("tab %v", m.tabs.active)
	}
	if it, ok := m.current().Selected(); !ok || it.Track == nil || it.Track.URN != t3.URN {
		t.Errorf("cursor on %+v, want Tide Pools in the playlist", it)
	}
	// The playlist closed since: . opens it again, on the playing track.
	settle(t, m, kp("4"))
	settle(t, m, kp("esc"))
	settle(t, m, kp("1"))
	settle(t, m, kp("."))
	p := m.tabs.current().(*browsePane)
	if m.tabs.active != tabPlaylists || len(p.stack) != 2 || p.top().pl == nil {
		t.Fatalf("the playlist was not reopened: tab %v, stack %d", m.tabs.active, len(p.stack))
	}
	if it, ok := m.current().Selected(); !ok || it.Track == nil || it.Track.URN != t3.URN {
		t.Errorf("cursor on %+v after reopening, want Tide Pools", it)
	}
	// Nothing playing: said, nothing moves.
	m2 := newTestModel(fixture(), &recAudio{}, 140, 40)
	msgs := settle(t, m2, kp("."))
	if st, ok := has[statusMsg](msgs); !ok || !strings.Contains(st.text, "Nothing is playing") {
		t.Errorf("status %+v", st)
	}
}

func initModel(t *testing.T, m *Model) {
	t.Helper()
	for _, msg := range runCmd(m.Init()) {
		settle(t, m, msg)
	}
}
