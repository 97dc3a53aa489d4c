package ui

import (
	"strings"
	"testing"

	"github.com/cirrus-tui/cirrus/api"
)

func plIDs(b *recBackend, pl api.URN) string {
	b.mu.Lock()
	defer b.mu.Unlock()
	var out []string
	for _, t := range b.plTracks[pl] {
		out = append(out, t.URN.ID())
	}
	return strings.Join(out, ",")
}

func TestPlaylistRemoveAndMove(t *testing.T) {
	b, a := fixture(), &recAudio{}
	u := fxUser(5, "eve")
	pl := b.myPlaylists[0]
	b.plTracks[pl.URN] = append(b.plTracks[pl.URN], fxTrack(5, "Harbour Lights", &u, api.AccessPlayable))
	m := newTestModel(b, a, 140, 40)
	initModel(t, m)
	settle(t, m, kp("4"))
	settle(t, m, kp("enter")) // Road Trip: Morning Fog, Tide Pools, Harbour Lights
	l := m.tabs.current().(*browsePane).top().list()
	settle(t, m, kp("down"))
	settle(t, m, kp("K")) // Tide Pools up
	if got := plIDs(b, pl.URN); got != "3,1,5" {
		t.Fatalf("at the double after K: %s", got)
	}
	if got := strings.Join(titles(l), "|"); got != "Tide Pools|Morning Fog|Harbour Lights" {
		t.Fatalf("on screen: %s", got)
	}
	if it, _ := l.Selected(); it.Track.Title != "Tide Pools" {
		t.Errorf("cursor did not follow the moved track: %s", it.Track.Title)
	}
	settle(t, m, kp("J"))
	settle(t, m, kp("J"))
	if got := plIDs(b, pl.URN); got != "1,5,3" {
		t.Fatalf("after J J: %s", got)
	}
	// J on the last row does nothing.
	n := b.called("WritePlaylist")
	settle(t, m, kp("J"))
	if b.called("WritePlaylist") != n {
		t.Error("J past the end wrote")
	}
	settle(t, m, kp("up"))
	msgs := settle(t, m, kp("x")) // remove Harbour Lights
	if got := plIDs(b, pl.URN); got != "1,3" {
		t.Fatalf("after x: %s", got)
	}
	if got := strings.Join(titles(l), "|"); got != "Morning Fog|Tide Pools" {
		t.Errorf("on screen after x: %s", got)
	}
	if st, ok := has[statusMsg](msgs); ok && st.err {
		t.Errorf("error: %s", st.text)
	}
	if !strings.Contains(m.status.text, "Removed “Harbour Lights” from “Road Trip”: 2 tracks") {
		t.Errorf("status %q", m.status.text)
	}
}

func TestPlaylistEditFailureLeavesTheScreen(t *testing.T) {
	b, a := fixture(), &recAudio{}
	pl := b.myPlaylists[0]
	m := newTestModel(b, a, 140, 40)
	initModel(t, m)
	settle(t, m, kp("4"))
	settle(t, m, kp("enter"))
	l := m.tabs.current().(*browsePane).top().list()
	b.fail("WritePlaylist", &api.Error{Status: 500, Message: "boom"}, false)
	settle(t, m, kp("x"))
	if got := strings.Join(titles(l), "|"); got != "Morning Fog|Tide Pools" {
		t.Errorf("screen changed after a failed write: %s", got)
	}
	if got := plIDs(b, pl.URN); got != "1,3" {
		t.Errorf("double changed: %s", got)
	}
	if !m.status.err || !strings.Contains(m.status.text, "remove \"Morning Fog\" in \"Road Trip\"") {
		t.Errorf("status %q err %v", m.status.text, m.status.err)
	}
	// Someone else changed it: said, with how to recover.
	b.fail("WritePlaylist", nil, false)
	b.mu.Lock()
	b.plTracks[pl.URN] = b.plTracks[pl.URN][1:]
	b.mu.Unlock()
	settle(t, m, kp("x"))
	if !strings.Contains(m.status.text, "reload") {
		t.Errorf("changed playlist: %q", m.status.text)
	}
}
