package ui

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/cirrus-tui/cirrus/api"
	"github.com/cirrus-tui/cirrus/config"
	"github.com/cirrus-tui/cirrus/player"
	"github.com/cirrus-tui/cirrus/ui/session"
)

func TestHistoryMergesSoundCloudAndLocalNewestFirst(t *testing.T) {
	b := fixture()
	t1, t3 := b.tracks[0], b.tracks[2]
	u := fxUser(8, "phone")
	tx := fxTrack(80, "Heard On The Phone", &u, api.AccessPlayable)
	// SoundCloud: tx, then t1 (tx was played after t1, on another device).
	b.recent = []api.Track{tx, t1}
	a := &recAudio{}
	now := testNow.Add(-2 * time.Hour)
	m := newPlaybackModel(t, b, a, config.Playback{}, t.TempDir(), func() time.Time { return now })
	settle(t, m, ev(player.EventTrackChanged, stPlaying(&t1, 0)))
	now = testNow.Add(-5 * time.Minute)
	settle(t, m, ev(player.EventTrackChanged, stPlaying(&t3, 1)))
	now = testNow

	settle(t, m, kp("7"))
	if m.tabs.active != tabHistory {
		t.Fatalf("7 went to tab %v", m.tabs.active)
	}
	h := m.tabs.current().(*historyPane)
	var got []string
	for _, it := range h.list.Items() {
		got = append(got, it.Track.Title)
	}
	want := []string{"Tide Pools", "Heard On The Phone", "Morning Fog"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Fatalf("history %v, want %v", got, want)
	}
	v := m.View()
	for _, s := range []string{"5m ago", "on SoundCloud", "2h ago"} {
		if !strings.Contains(v, s) {
			t.Errorf("history does not say %q:\n%s", s, v)
		}
	}
	// enter plays from the row under the cursor
	settle(t, m, kp("down"))
	settle(t, m, kp("enter"))
	if got := callsWith(a.Calls(), "PlayTracks"); len(got) != 1 || got[0] != "PlayTracks 3 1 "+string(tx.URN) {
		t.Errorf("play from history: %v", got)
	}
	// A play while the tab is hidden shows on the next visit.
	settle(t, m, kp("1"))
	settle(t, m, ev(player.EventTrackChanged, stPlaying(&tx, 0)))
	settle(t, m, kp("7"))
	if first := h.list.Items()[0]; first.Track.URN != tx.URN {
		t.Errorf("newest play not on top: %s", first.Track.Title)
	}
}

func TestHistoryWithoutSoundCloudShowsLocalAndTheError(t *testing.T) {
	b := fixture()
	b.fail("RecentlyPlayed", &api.Error{Status: 503, Message: "down"}, false)
	a := &recAudio{}
	m := newPlaybackModel(t, b, a, config.Playback{}, t.TempDir(), nil)
	t1 := b.tracks[0]
	settle(t, m, ev(player.EventTrackChanged, stPlaying(&t1, 0)))
	settle(t, m, kp("7"))
	v := m.View()
	if !strings.Contains(v, "Morning Fog") || !strings.Contains(v, "SoundCloud's list failed") {
		t.Errorf("history without SoundCloud:\n%s", v)
	}
}

func TestHistoryTabDoesNotShowAPlayFromTheFutureAsNow(t *testing.T) {
	dir := t.TempDir()
	b := fixture()
	t1, t3 := b.tracks[0], b.tracks[2]
	h, _ := session.LoadHistory(dir)
	h.Add(session.EntryOf(&t1, time.Now().Add(-2*time.Hour)))
	if err := h.Save(); err != nil {
		t.Fatal(err)
	}
	raw, err := os.ReadFile(filepath.Join(dir, session.HistoryFile))
	if err != nil {
		t.Fatal(err)
	}
	future := `{"urn":"` + string(t3.URN) + `","title":"` + t3.Title + `","played_at":"9999-12-31T23:59:59Z"},`
	raw = []byte(strings.Replace(string(raw), `"tracks":[`, `"tracks":[`+future, 1))
	if err := os.WriteFile(filepath.Join(dir, session.HistoryFile), raw, 0o600); err != nil {
		t.Fatal(err)
	}
	now := time.Now()
	m := newPlaybackModel(t, b, &recAudio{}, config.Playback{}, dir, func() time.Time { return now })
	settle(t, m, kp("7"))
	h2 := m.tabs.current().(*historyPane)
	var got []string
	for _, it := range h2.list.Items() {
		got = append(got, it.Track.Title)
	}
	if strings.Join(got, "|") != t1.Title {
		t.Errorf("history %v, want only %q (the 9999 play dropped)", got, t1.Title)
	}
	if v := m.View(); strings.Contains(v, " now") || !strings.Contains(v, "2h ago") {
		t.Errorf("history view:\n%s", v)
	}
}
