package e2e

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

// The queue holds one track; when it ends (repeat off) autoplay goes on
// with the track the double ranks most related (Test Tones (Long): same
// genre, artist and tags), the bar says autoplay, and the sink hears it.
func TestE2EAutoplayContinuesWithARelatedTrack(t *testing.T) {
	requireAudio(t)
	w := newWorld(t, worldOptions{audio: true})
	w.login()
	tm := w.openFeed()
	// "calibration" finds Test Tones alone, so the queue is that one track.
	tm.playFromSearch("calibration", tonesTitle)
	tm.waitPosition(time.Second, 30*time.Second)
	tm.keys("]") // +30 s: past the end of the 24 s piece
	tm.waitScreen("autoplay playing "+longTones, 60*time.Second, func(l []string) bool {
		for _, s := range l {
			if strings.Contains(s, "▶ "+longTones) && strings.Contains(s, "autoplay") {
				return true
			}
		}
		return false
	})
	rec := w.record()
	start := tm.waitPosition(2*time.Second, 30*time.Second)
	var heard []float64
	waitUntil(t, "tones of the autoplayed track in the recording", 30*time.Second, func() bool {
		heard = tonesHeard(rec.samples())
		return len(heard) >= 2
	})
	t.Logf("autoplay picked %s at %v; heard %v", longTones, start, heard)
	// The queue pane shows what autoplay queued after it.
	tm.keys("6")
	tm.waitScreen("the queue with autoplay's picks marked", 10*time.Second, func(l []string) bool {
		return strings.Contains(strings.Join(l, "\n"), "shuffle off · repeat off") &&
			strings.Count(strings.Join(listPart(l), "\n"), "autoplay") >= 2
	})
	tm.keys("q")
	tm.waitExit(t)
}

// Quitting in the middle of a track and starting again reopens the same
// track paused within a second of where it was.
func TestE2EQuitAndRestartResumes(t *testing.T) {
	w := newWorld(t, worldOptions{})
	w.login()
	tm := w.openFeed()
	tm.playFromSearch("test tones", longTones)
	tm.waitPosition(8*time.Second, 60*time.Second)
	tm.keys("Space")
	lines := tm.waitScreen("paused", 10*time.Second, func(l []string) bool { return pausedLine(l, longTones) })
	before, _ := position(lines)
	tm.keys("Space")
	tm.waitScreen("playing again", 10*time.Second, func(l []string) bool { return playingLine(l, longTones) })
	before2 := tm.waitPosition(before+2*time.Second, 30*time.Second)
	tm.keys("q")
	tm.waitExit(t)

	tm2 := w.startTUI()
	lines = tm2.waitScreen("restored paused", 30*time.Second, func(l []string) bool { return pausedLine(l, longTones) })
	after, ok := position(lines)
	if !ok {
		t.Fatalf("no position on the restored bar:\n%s", strings.Join(lines, "\n"))
	}
	if d := after - before2; d < -time.Second || d > time.Second {
		t.Errorf("restored at %v, quit at %v", after, before2)
	}
	if !strings.Contains(strings.Join(lines, "\n"), "Restored your session") {
		t.Errorf("restore not said:\n%s", strings.Join(lines, "\n"))
	}
	// It plays on from there.
	tm2.keys("Space")
	tm2.waitScreen("playing after restore", 30*time.Second, func(l []string) bool { return playingLine(l, longTones) })
	if p := tm2.waitPosition(after+time.Second, 30*time.Second); p > after+10*time.Second {
		t.Errorf("after restore, playback jumped to %v", p)
	}
	tm2.keys("q")
	tm2.waitExit(t)
}

// The archivist's 10,000 likes, all loaded, narrow as the filter is typed
// key by key, and esc gives the whole list back.
func TestE2EFilterNarrows10000Rows(t *testing.T) {
	requireTerminal(t)
	w := newWorld(t, worldOptions{})
	w.login()
	tm := w.openSmall() // 80×24: the list's footer stands alone on its line
	tm.focusSearch()
	tm.typeText("archivist")
	tm.keys("Enter")
	tm.waitText("[tracks]", 20*time.Second)
	tm.keys("t") // users
	tm.selectRow("☺ The Archivist")
	tm.keys("Enter")
	tm.keys("t", "t") // the profile's likes
	tm.waitText("Crate Dig #", 20*time.Second)
	tm.keys("G")
	tm.waitScreen("all 10,000 likes loaded", 120*time.Second, func(l []string) bool {
		pos, n, more, ok := footer(l)
		return ok && !more && n == 10000 && pos == n
	})
	tm.keys("l")
	for _, step := range []struct {
		key  string
		rows int
	}{{"#", 10000}, {"0", 9999}, {"9", 1000}, {"9", 100}, {"9", 10}, {"7", 1}} {
		tm.typeText(step.key)
		want := fmt.Sprintf("%d of 10000 rows", step.rows)
		lines := tm.waitText(want, 10*time.Second)
		if step.rows == 1 && row(listPart(lines), "Crate Dig #09997") < 0 {
			t.Errorf("the one match is not shown:\n%s", strings.Join(lines, "\n"))
		}
	}
	tm.keys("Escape")
	tm.waitScreen("the whole list back", 10*time.Second, func(l []string) bool {
		_, n, _, ok := footer(l)
		return ok && n == 10000 && !strings.Contains(strings.Join(l, "\n"), "of 10000 rows")
	})
	tm.keys("q")
	tm.waitExit(t)
}

// playlistOrder reads a playlist's tracks from the double, in order.
func (w *world) playlistOrder(id int) (urns, titles []string) {
	var l struct {
		Collection []struct {
			URN   string `json:"urn"`
			Title string `json:"title"`
		} `json:"collection"`
	}
	w.apiGet(fmt.Sprintf("/playlists/soundcloud:playlists:%d/tracks?limit=200&linked_partitioning=true", id), &l)
	for _, c := range l.Collection {
		urns, titles = append(urns, c.URN), append(titles, c.Title)
	}
	return urns, titles
}

// In the demo user's own playlist, J moves a track down and x removes one;
// the double holds the new order with every other track in place.
func TestE2EPlaylistReorderAndRemove(t *testing.T) {
	requireTerminal(t)
	w := newWorld(t, worldOptions{})
	w.login()
	const mix = 2001 // "Cirrus Demo Mix", 8 tracks
	before, titles := w.playlistOrder(mix)
	if len(before) < 6 {
		t.Fatalf("setup: the mix has %d tracks", len(before))
	}
	tm := w.openFeed()
	tm.keys("4")
	tm.selectRow("Cirrus Demo Mix")
	tm.keys("Enter")
	tm.selectRow(titles[2] + " — ")
	tm.keys("J")
	tm.waitText("Moved “"+titles[2]+"”", 20*time.Second)
	want := append([]string(nil), before...)
	want[2], want[3] = want[3], want[2]
	if got, _ := w.playlistOrder(mix); strings.Join(got, " ") != strings.Join(want, " ") {
		t.Fatalf("after J the double has\n%v\nwant\n%v", got, want)
	}
	// The cursor followed the track to row 3; x removes it.
	tm.keys("x")
	tm.waitText("Removed “"+titles[2]+"”", 20*time.Second)
	want = append(want[:3:3], want[4:]...)
	if got, _ := w.playlistOrder(mix); strings.Join(got, " ") != strings.Join(want, " ") {
		t.Fatalf("after x the double has\n%v\nwant\n%v", got, want)
	}
	lines := tm.screen()
	if row(listPart(lines), titles[2]+" — ") >= 0 {
		t.Errorf("the removed track is still listed:\n%s", strings.Join(lines, "\n"))
	}
	tm.keys("q")
	tm.waitExit(t)
}
