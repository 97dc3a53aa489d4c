package e2e

import (
	"strconv"
	"testing"
	"time"
)

// Issue 25: counts before motions with the tab digits kept. `#` starts a
// count that any digit continues; a tab digit alone still switches tabs
// at once.
func TestE2ECountsKeepTabDigitsAt80x24(t *testing.T) {
	requireTerminal(t)
	w := newWorld(t, worldOptions{})
	w.login()
	tm := w.openSmall()
	at := func(want int) {
		t.Helper()
		tm.waitScreen("the cursor on row "+strconv.Itoa(want), 10*time.Second, func(l []string) bool {
			pos, _, _, ok := footer(l)
			return ok && pos == want
		})
	}
	at(1)
	tm.keys("#", "1", "2", "j") // twelve down, on the Feed still
	at(13)
	tm.keys("#", "5", "k")
	at(8)
	tm.keys("9", "j") // 9 starts a count by itself
	at(17)
	tm.keys("2") // alone, a tab key: Likes, the demo user's 17
	tm.waitScreen("the likes", 10*time.Second, func(l []string) bool {
		pos, n, _, ok := footer(l)
		return ok && pos == 1 && n == 17
	})
	tm.keys("1")
	at(17)
	tm.keys("q")
	tm.waitExit(t)
}
