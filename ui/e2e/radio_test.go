package e2e

import (
	"os/exec"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
)

// nowTitle is the title on the now-playing line while it plays, with
// whether the line says radio.
func nowTitle(lines []string) (title string, radio bool) {
	for _, l := range lines {
		s := strings.TrimLeft(l, " ")
		if !strings.HasPrefix(s, "▶ ") || !positionRE.MatchString(s) {
			continue
		}
		title, _, _ = strings.Cut(strings.TrimPrefix(s, "▶ "), " — ")
		return title, strings.Contains(s, "radio")
	}
	return "", false
}

var queueCountRE = regexp.MustCompile(`^(\d+) tracks · `)

// radioQueue reads the Queue tab: its track count from the header and
// each row's title with whether it is marked radio.
func radioQueue(lines []string) (n int, titles []string, radio []bool) {
	for _, l := range listPart(lines) {
		if m := queueCountRE.FindStringSubmatch(strings.TrimSpace(l)); m != nil {
			n, _ = strconv.Atoi(m[1])
		}
		_, rest, ok := strings.Cut(l, "♪ ")
		if !ok {
			continue
		}
		title, _, _ := strings.Cut(rest, " — ")
		titles = append(titles, title)
		radio = append(radio, strings.Contains(rest, "radio"))
	}
	return n, titles, radio
}

// Issue 26 item 2: R on a search result with nothing playing starts a
// radio there: the seed plays, marked radio on the bar; skipping through
// more tracks than the first batch, each one is new and marked radio,
// and the queue read back holds only the radio's tracks, none twice,
// refilled beyond what R queued at first.
func TestE2ERadioFromASearchResult(t *testing.T) {
	requireTerminal(t)
	w := newWorld(t, worldOptions{})
	w.login()
	tm := w.openFeed()
	tm.focusSearch()
	tm.typeText("rainy window")
	tm.keys("Enter")
	tm.selectRow("Rainy Window — ")
	tm.keys("R")
	tm.waitScreen("the seed playing as radio", 30*time.Second, func(l []string) bool {
		title, radio := nowTitle(l)
		return title == "Rainy Window" && radio
	})
	tm.keys("6")
	lines := tm.waitScreen("the radio's first tracks", 20*time.Second, func(l []string) bool {
		n, _, _ := radioQueue(l)
		return n >= 6
	})
	first, _, _ := radioQueue(lines)
	heard := []string{"Rainy Window"}
	const skips = 7
	for i := 0; i < skips; i++ {
		prev := heard[len(heard)-1]
		tm.keys("n")
		var title string
		tm.waitScreen("the next radio track playing", 30*time.Second, func(l []string) bool {
			var radio bool
			title, radio = nowTitle(l)
			return title != "" && title != prev && radio
		})
		heard = append(heard, title)
	}
	// Refilled: more than R queued, with enough still to come.
	lines = tm.waitScreen("the queue refilled", 30*time.Second, func(l []string) bool {
		n, titles, _ := radioQueue(l)
		return n > first && n == len(titles) && n >= len(heard)+2
	})
	n, titles, radio := radioQueue(lines)
	seen := map[string]int{}
	for i, title := range titles {
		if !radio[i] {
			t.Errorf("queue row %d (%s) is not marked radio", i, title)
		}
		if j, dup := seen[title]; dup {
			t.Errorf("%s is queued twice (rows %d and %d)", title, j, i)
		}
		seen[title] = i
	}
	for i, title := range heard {
		if i >= len(titles) || titles[i] != title {
			t.Errorf("played %d: %s, but the queue's row %d is %v", i, title, i, titles[min(i, len(titles)-1)])
		}
	}
	t.Logf("R queued %d; after %d skips the queue holds %d: %s", first, skips, n, strings.Join(titles, " · "))

	// cirrus ctl speaks the same command: it ends the radio on the screen.
	ctl := exec.Command(w.bin, "ctl", "radio", "off")
	ctl.Env = w.env
	if out, err := ctl.CombinedOutput(); err != nil {
		t.Fatalf("cirrus ctl radio off: %v\n%s", err, out)
	}
	tm.waitText("Radio from Rainy Window ended", 10*time.Second)
	tm.keys("q")
	tm.waitExit(t)
}

// Issue 26 item 2, across a restart, at 80×24: a radio started, cirrus
// quit and started again: the restored track waits paused, the bar says
// radio and the Queue's rows still do; playing on until fewer than 3 of
// its tracks are left, the radio refills the queue with new tracks, each
// marked radio, none twice.
func TestE2ERadioResumesAfterARestart(t *testing.T) {
	requireTerminal(t)
	w := newWorld(t, worldOptions{})
	w.login()
	tm := w.openSmall()
	tm.focusSearch()
	tm.typeText("rainy window")
	tm.keys("Enter")
	tm.selectRow("Rainy Window — ")
	tm.keys("R")
	tm.waitScreen("the seed playing as radio", 30*time.Second, func(l []string) bool {
		title, radio := nowTitle(l)
		return title == "Rainy Window" && radio
	})
	tm.keys("6")
	lines := tm.waitScreen("the radio's first tracks", 20*time.Second, func(l []string) bool {
		n, _, _ := radioQueue(l)
		return n >= 6
	})
	first, _, _ := radioQueue(lines)
	tm.keys("q")
	tm.waitExit(t)

	tm2 := w.startTUI()
	tm2.resize(smallW, smallH)
	lines = tm2.waitScreen("the radio restored on the Queue tab", 30*time.Second, func(l []string) bool {
		n, titles, radio := radioQueue(l)
		all := len(titles) > 0
		for _, r := range radio {
			all = all && r
		}
		w, _ := widest(l)
		return w <= smallW && n == first && all && pausedLine(l, "Rainy Window") && strings.Contains(strings.Join(l, "\n"), "radio  ")
	})
	_, titles, _ := radioQueue(lines)
	t.Logf("restored:\n%s", strings.Join(lines, "\n"))
	heard := []string{"Rainy Window"}
	tm2.keys("Space")
	// first tracks in all: the seed, then RadioAhead; play on until
	// fewer than 3 are left to play, and one more
	for i := 0; i < first-3+1; i++ {
		prev := heard[len(heard)-1]
		tm2.keys("n")
		var title string
		tm2.waitScreen("the next radio track playing", 30*time.Second, func(l []string) bool {
			var radio bool
			title, radio = nowTitle(l)
			return title != "" && title != prev && radio
		})
		heard = append(heard, title)
	}
	lines = tm2.waitScreen("the queue refilled", 30*time.Second, func(l []string) bool {
		n, _, _ := radioQueue(l)
		return n > first
	})
	n, now, radio := radioQueue(lines)
	seen := map[string]int{}
	for i, title := range now {
		if !radio[i] {
			t.Errorf("queue row %d (%s) is not marked radio after the refill", i, title)
		}
		if j, dup := seen[title]; dup {
			t.Errorf("%s is queued twice (rows %d and %d)", title, j, i)
		}
		seen[title] = i
	}
	if len(titles) == 0 || len(now) == 0 {
		t.Fatalf("no queue rows on screen: before %v, after %v", titles, now)
	}
	t.Logf("after the refill:\n%s", strings.Join(lines, "\n"))
	t.Logf("R queued %d; after the restart and %d skips the queue holds %d: %s", first, len(heard)-1, n, strings.Join(heard, " · "))
	tm2.keys("q")
	tm2.waitExit(t)
}
