package api

import (
	"strings"
	"testing"
)

// The rule of playlist_complete.go on sources the double cannot produce.
func TestPlaylistSourcesRule(t *testing.T) {
	u := func(s string) []URN {
		if s == "-" {
			return nil
		}
		out := []URN{}
		for _, id := range strings.Split(s, ",") {
			if id != "" {
				out = append(out, URN("soundcloud:tracks:"+id))
			}
		}
		return out
	}
	for _, c := range []struct {
		name             string
		count            int
		duration         int64
		embedded, listed string
		hidden           int // -1: no error
		msg              string
	}{
		{"all agree", 3, 1000, "1,2,3", "1,2,3", -1, ""},
		{"no tracks array", 3, 1000, "-", "1,2,3", -1, ""},
		{"array cut short", 3, 1000, "1,2", "1,2,3", -1, ""},
		{"duplicates agree", 3, 1000, "1,1,2", "1,2,1", -1, ""},
		{"empty", 0, 0, "", "", -1, ""},
		{"empty, no array", 0, 0, "-", "", -1, ""},
		{"count above listing", 20, 1000, "-", "1,2,3", 17, "17 of the playlist's 20 tracks are hidden"},
		{"array names a track the listing lacks", 3, 1000, "1,2,9", "1,2,3", 1, "1 of the playlist's 4 tracks"},
		{"array holds a duplicate the listing lacks", 2, 1000, "1,1", "1,2", 1, "hidden"},
		{"count 0, tracks listed", 0, 1000, "-", "1,2", 0, "track count as 0 but lists 2"},
		{"count 0, nothing listed, a duration", 0, 65000, "", "", 0, "duration of 1:05"},
		{"count below listing", 2, 1000, "-", "1,2,3", 0, "count as 2 but lists 3"},
		{"count 0, array non-empty, nothing listed", 0, 0, "5", "", 1, "1 of the playlist's 1 tracks"},
	} {
		s := &playlistSources{playlist: "soundcloud:playlists:1", count: c.count, duration: c.duration, embedded: u(c.embedded), listed: u(c.listed)}
		err := s.check()
		if c.hidden < 0 {
			if err != nil {
				t.Errorf("%s: %v", c.name, err)
			}
			continue
		}
		ie, ok := err.(*IncompletePlaylistError)
		if !ok {
			t.Errorf("%s: %v, want an *IncompletePlaylistError", c.name, err)
			continue
		}
		if ie.Hidden != c.hidden || !strings.Contains(err.Error(), c.msg) || !strings.Contains(err.Error(), "nothing was changed") {
			t.Errorf("%s: %v (hidden %d), want %d hidden and %q", c.name, err, ie.Hidden, c.hidden, c.msg)
		}
	}
}
