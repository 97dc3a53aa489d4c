package e2e

import (
	"fmt"
	"io"
	"net/http"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/cirrus-tui/cirrus/api/fake"
)

// Issue 25, items 2, 3 and 4 at 80×24: bursts of edit keys typed faster
// than the answers come, likes whose writes fail, and a restart.

const mixID = 2001 // "Cirrus Demo Mix", 8 tracks

// openMix opens the demo user's mix at 80×24.
func (w *world) openMix() *term {
	tm := w.openSmall()
	tm.keys("4")
	tm.selectRow("Cirrus Demo Mix")
	tm.keys("Enter")
	tm.waitText("8 tracks ·", 20*time.Second)
	return tm
}

// settledMix waits until the double holds want and the screen lists it in
// that order under a header that counts it, the cursor on track title.
func (tm *term) settledMix(w *world, want []string, titles map[string]string, cursorOn, what string) {
	tm.t.Helper()
	waitUntil(tm.t, what+" at the double", 20*time.Second, func() bool {
		got, _ := w.playlistOrder(mixID)
		return slices.Equal(got, want)
	})
	tm.waitScreen(what+" on screen", 20*time.Second, func(l []string) bool {
		text := strings.Join(l, "\n")
		if !strings.Contains(text, fmt.Sprintf("%d tracks ·", len(want))) {
			return false
		}
		list, last := listPart(l), -1
		for _, u := range want {
			r := row(list, titles[u]+" — ")
			if r <= last {
				return false
			}
			last = r
		}
		return cursorRow(l) == row(list, titles[cursorOn]+" — ")
	})
}

func TestE2EPlaylistEditBurstsAt80x24(t *testing.T) {
	requireTerminal(t)
	w := newWorld(t, worldOptions{})
	w.login()
	order, names := w.playlistOrder(mixID)
	titles := map[string]string{}
	for i, u := range order {
		titles[u] = names[i]
	}
	tm := w.openMix()
	// Each request takes 100 ms at the double: the keys all land before
	// the first answer.
	w.srv.SetFaults(fake.Faults{Latency: 100 * time.Millisecond})

	tm.selectRow(names[1] + " — ")
	tm.keys("x", "j", "x")
	want := slices.Delete(slices.Clone(order), 1, 2)
	want = slices.Delete(want, 2, 3)
	tm.settledMix(w, want, titles, want[2], "x j x")
	if lines := tm.screen(); row(lines, "Removed “") < 0 {
		t.Errorf("x j x: no message:\n%s", strings.Join(lines, "\n"))
	}

	tm.selectRow(titles[want[0]] + " — ")
	tm.keys("x", "x", "x")
	want = want[3:]
	tm.settledMix(w, want, titles, want[0], "x x x")

	first := want[0]
	tm.keys("J", "J", "J")
	want = append(want[1:], first)
	tm.settledMix(w, want, titles, first, "J J J")

	tm.keys("K")
	want[1], want[2] = want[2], want[1]
	tm.settledMix(w, want, titles, first, "K")
	w.srv.SetFaults(fake.Faults{})
	tm.keys("q")
	tm.waitExit(t)
}

// apiSend writes to the fake's API as the demo user, not through cirrus.
func (w *world) apiSend(method, path string) {
	t := w.t
	t.Helper()
	tok, _ := w.srv.IssueToken(fake.DemoUserPermalink)
	req, _ := http.NewRequest(method, w.urls.api+path, nil)
	req.Header.Set("Authorization", "OAuth "+tok)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode >= 300 && resp.StatusCode != 404 {
		t.Fatalf("%s %s: %s %s", method, path, resp.Status, b)
	}
}

// likeState is a track's like state and count at the double.
func (w *world) likeState(urn string) (bool, int) {
	var tr struct {
		Liked bool `json:"user_favorite"`
		Count int  `json:"favoritings_count"`
	}
	w.apiGet("/tracks/"+urn, &tr)
	return tr.Liked, tr.Count
}

const (
	rainyWindow = "Rainy Window"
	rainyURN    = "soundcloud:tracks:1008"
)

// likeMarked says whether Rainy Window's row carries ♥.
func likeMarked(lines []string) (marked, found bool) {
	for _, l := range listPart(lines) {
		if strings.Contains(l, rainyWindow+" — ") {
			return strings.Contains(l, "♥"), true
		}
	}
	return false, false
}

// likeBurst types keys on the selected Rainy Window with the next n writes
// failing, waits for the answer and checks the row, and the count in the
// detail pane of the wide layout, against the double.
func (tm *term) likeBurst(w *world, keys []string, failing int, what string) {
	tm.t.Helper()
	w.srv.SetFaults(fake.Faults{FailNextWrites: failing})
	tm.keys(keys...)
	tm.waitText("Could not like", 20*time.Second)
	liked, n := w.likeState(rainyURN)
	lines := tm.waitScreen(what+": the row as the server has it", 10*time.Second, func(l []string) bool {
		m, ok := likeMarked(l)
		return ok && m == liked
	})
	time.Sleep(500 * time.Millisecond) // nothing changes after the answer
	if m, _ := likeMarked(tm.screen()); m != liked {
		tm.t.Fatalf("%s: the row changed after the answer:\n%s", what, strings.Join(lines, "\n"))
	}
	if liked {
		tm.t.Errorf("%s: the like failed, yet the double has it", what)
	}
	tm.resize(wideW, wideH)
	tm.waitScreen(fmt.Sprintf("%s: ♥ %d in the detail pane", what, n), 10*time.Second, func(l []string) bool {
		return strings.Contains(strings.Join(l, "\n"), fmt.Sprintf("♥ %d  ↻", n))
	})
	tm.resize(smallW, smallH)
	tm.waitScreen("80×24 again", 10*time.Second, func(l []string) bool { n, _ := widest(l); return n <= smallW })
	w.srv.SetFaults(fake.Faults{})
}

func TestE2ELikeBurstsWithFailingWritesAt80x24(t *testing.T) {
	requireTerminal(t)
	w := newWorld(t, worldOptions{})
	w.login()
	w.apiSend(http.MethodDelete, "/likes/tracks/"+rainyURN) // the demo likes it: start from not liked
	_, before := w.likeState(rainyURN)
	tm := w.openSmall()
	tm.focusSearch()
	tm.typeText("rainy window")
	tm.keys("Enter")
	tm.selectRow(rainyWindow + " — ")
	if m, _ := likeMarked(tm.screen()); m {
		t.Fatal("setup: the row is marked liked")
	}
	// f f, the first write failing: no second write is needed, the row and
	// the count are the server's.
	tm.likeBurst(w, []string{"f", "f"}, 1, "f f, the first failing")
	// f f f, both writes failing: the second goes out after the first's
	// answer (the user wanted the like again) and fails too.
	tm.waitScreen("the old message gone", 20*time.Second, func(l []string) bool { return row(l, "Could not like") < 0 })
	tm.likeBurst(w, []string{"f", "f", "f"}, 2, "f f f, both failing")
	if left := w.srv.Faults().FailNextWrites; left != 0 {
		t.Errorf("%d failing writes were never sent", left)
	}
	if _, n := w.likeState(rainyURN); n != before {
		t.Errorf("the count at the double went from %d to %d", before, n)
	}
	tm.keys("q")
	tm.waitExit(t)
}

// waveLine is the line under the now-playing bar: the waveform.
func waveLine(lines []string, title string) string {
	for i, l := range lines {
		if strings.Contains(l, title+" — ") && positionRE.MatchString(l) && i+1 < len(lines) {
			return lines[i+1]
		}
	}
	return ""
}

var playsRE = regexp.MustCompile(`▶ (\d+)`)

func plays(facts string) int {
	m := playsRE.FindStringSubmatch(facts)
	if m == nil {
		return 0
	}
	n, _ := strconv.Atoi(m[1])
	return n
}

// detailFacts is the detail pane's line of counts ("▶ 1234  ♥ 5 …").
func detailFacts(lines []string) string {
	for _, l := range lines {
		// The artwork column comes first on the line; it may still be a
		// placeholder on one screen and the picture on the other, so the
		// facts start at the play count.
		if _, right, ok := strings.Cut(l, "│"); ok && strings.Contains(right, "♥ ") && strings.Contains(right, "▶ ") {
			return strings.TrimSpace(right[strings.Index(right, "▶ "):])
		}
	}
	return ""
}

// After a restart the restored track is whole: the same waveform under
// the bar at 80×24, the same counts and genre in the detail pane.
func TestE2ERestoredTrackIsWholeAt80x24(t *testing.T) {
	requireTerminal(t)
	w := newWorld(t, worldOptions{})
	w.login()
	tm := w.openSmall()
	tm.playFromSearch("rainy window", rainyWindow)
	tm.waitPosition(2*time.Second, 30*time.Second)
	tm.keys("Space")
	lines := tm.waitScreen("paused", 10*time.Second, func(l []string) bool { return pausedLine(l, rainyWindow) })
	wave := waveLine(lines, rainyWindow)
	if strings.Trim(wave, "▁ ") == "" {
		t.Fatalf("no waveform before quitting:\n%s", strings.Join(lines, "\n"))
	}
	tm.keys("6") // the queue: its row is the restored track
	tm.resize(wideW, wideH)
	facts := detailFacts(tm.waitScreen("the detail pane", 10*time.Second, func(l []string) bool { return detailFacts(l) != "" }))
	tm.keys("q")
	tm.waitExit(t)

	tm2 := w.startTUI()
	tm2.resize(smallW, smallH)
	lines = tm2.waitScreen("restored paused", 30*time.Second, func(l []string) bool {
		n, _ := widest(l)
		return n <= smallW && pausedLine(l, rainyWindow) && waveLine(l, rainyWindow) != ""
	})
	if got := waveLine(lines, rainyWindow); got != wave {
		t.Errorf("the waveform after the restart differs:\n%q\nbefore:\n%q", got, wave)
	}
	tm2.keys("6")
	tm2.resize(wideW, wideH)
	got := detailFacts(tm2.waitScreen("the detail pane", 10*time.Second, func(l []string) bool { return detailFacts(l) != "" }))
	// Plays may have grown: restoring resolves the stream, which counts.
	if playsRE.ReplaceAllString(got, "▶ N") != playsRE.ReplaceAllString(facts, "▶ N") || plays(got) < plays(facts) || plays(facts) == 0 {
		t.Errorf("the detail pane after the restart reads %q, before %q", got, facts)
	}
	if screen := tm2.screenText(); !strings.Contains(screen, "Lo-Fi") {
		t.Errorf("no genre in the detail pane after the restart:\n%s", screen)
	}
	tm2.keys("q")
	tm2.waitExit(t)
}
