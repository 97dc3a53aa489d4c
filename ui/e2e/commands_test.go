package e2e

import (
	"strings"
	"testing"
	"time"
)

// Issue 25 item 1 at 80×24: presses that change state all count, however
// fast they come: ++++ from 80 % gives 100 %, eight - give 60 %, r r goes
// off → one → all, s s s ends with shuffle on. The : line sets the start.
func TestE2EEveryPressCountsAt80x24(t *testing.T) {
	requireTerminal(t)
	w := newWorld(t, worldOptions{})
	w.login()
	tm := w.openSmall()
	tm.selectRow(feedReady)
	tm.keys("Enter")
	tm.waitScreen("Test Tones playing", 30*time.Second, func(l []string) bool { return playingLine(l, tonesTitle) })

	tm.keys(":")
	tm.waitText("enter runs · tab completes", 5*time.Second)
	tm.typeText("vol 80")
	tm.keys("Enter")
	tm.waitText("vol 80%", 10*time.Second)

	tm.typeText("++++")
	stays(tm, "vol 100%")
	tm.tmux("send-keys", "-t", "main", "-l", "--", "--------")
	stays(tm, "vol 60%")

	tm.keys("6") // the Queue's header says shuffle and repeat
	tm.waitText("shuffle off · repeat off", 10*time.Second)
	tm.typeText("r r")
	stays(tm, "repeat all")
	tm.typeText("s s s")
	stays(tm, "shuffle on")

	// the same through the : line, with a mistake first: it stays to be fixed
	tm.keys(":")
	tm.typeText("repeat twice")
	tm.keys("Enter")
	tm.waitText(`"twice" is not off, one or all`, 5*time.Second)
	tm.keys("C-u")
	tm.typeText("repeat one")
	tm.keys("Enter")
	stays(tm, "repeat one")
}

// stays waits for text and checks that it is still there a moment later:
// no late update from the player takes it back.
func stays(tm *term, text string) {
	tm.t.Helper()
	tm.waitText(text, 10*time.Second)
	time.Sleep(700 * time.Millisecond) // several position reports later
	if s := tm.screenText(); !strings.Contains(s, text) {
		tm.t.Fatalf("%q went away after it showed:\n%s", text, s)
	}
}

// Issue 25 item 5 at 80×24: a track queued twice is marked ▶ only on the
// row that plays, and the row queued by hand is not tagged autoplay.
func TestE2EQueueMarksByPositionAt80x24(t *testing.T) {
	requireTerminal(t)
	w := newWorld(t, worldOptions{})
	w.login()
	tm := w.openSmall()
	tm.selectRow(feedReady)
	tm.keys("Enter")
	tm.waitScreen("Test Tones playing", 30*time.Second, func(l []string) bool { return playingLine(l, tonesTitle) })
	tm.keys("a") // the playing track again, at the end of the queue
	tm.waitText("Added", 10*time.Second)
	tm.keys("6")
	lines := tm.waitScreen("the playing Test Tones row in the Queue", 10*time.Second, func(l []string) bool {
		return strings.Contains(strings.Join(l, "\n"), "shuffle off · repeat off") && len(queueRows(l, feedReady)) == 1
	})
	if r := queueRows(lines, feedReady)[0]; !strings.HasPrefix(r, "▶") || strings.Contains(r, "autoplay") {
		t.Errorf("the playing row: %q, want ▶ and no autoplay tag", r)
	}
	tm.keys("G") // the copy queued by hand is the last row
	lines = tm.waitScreen("the last row selected", 10*time.Second, func(l []string) bool {
		rs := queueRows(l, feedReady)
		return len(rs) == 1 && strings.Contains(rs[0], "▸")
	})
	if r := queueRows(lines, feedReady)[0]; strings.Contains(r, "▶") || strings.Contains(r, "autoplay") {
		t.Errorf("the copy queued by hand: %q, want neither ▶ nor an autoplay tag", r)
	}
	tm.keys(".") // . on the Queue goes to the playing entry there
	tm.waitScreen("the cursor on the playing row", 10*time.Second, func(l []string) bool {
		for _, r := range queueRows(l, feedReady) {
			if strings.HasPrefix(r, "▶ ▸") {
				return true
			}
		}
		return false
	})
	if s := tm.screenText(); !strings.Contains(s, "shuffle off · repeat off") {
		t.Errorf(". left the Queue tab:\n%s", s)
	}
}

// queueRows are the Queue's rows showing text (not the player bar's line).
func queueRows(lines []string, text string) []string {
	var out []string
	for _, l := range listPart(lines) {
		if strings.Contains(l, text) && strings.Contains(l, "♪") {
			out = append(out, l)
		}
	}
	return out
}
