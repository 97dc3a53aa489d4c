package e2e

import (
	"strings"
	"testing"
	"time"

	"github.com/cirrus-tui/cirrus/api/fake"
)

// Issue 25: restoring never waits for the network. With the endpoint that
// reads tracks again held, the restarted cirrus shows the restored track
// from what was saved; once the endpoint answers, the detail pane's
// counts and genre and the waveform fill in, without a key press.
func TestE2ERestoreShowsAtOnceThenFillsIn(t *testing.T) {
	requireTerminal(t)
	w := newWorld(t, worldOptions{})
	w.login()
	tm := w.openSmall()
	tm.playFromSearch("rainy window", rainyWindow)
	tm.waitPosition(2*time.Second, 30*time.Second)
	tm.keys("Space")
	tm.waitScreen("paused", 10*time.Second, func(l []string) bool { return pausedLine(l, rainyWindow) })
	tm.keys("6") // the queue: its row is the restored track, the detail pane beside it
	tm.resize(wideW, wideH)
	facts := detailFacts(tm.waitScreen("the detail pane", 10*time.Second, func(l []string) bool { return plays(detailFacts(l)) > 0 }))
	tm.keys("q")
	tm.waitExit(t)

	w.srv.SetFaults(fake.Faults{RouteLatency: map[string]time.Duration{"GET /tracks": time.Hour}})
	defer w.srv.SetFaults(fake.Faults{})
	tm2 := w.startTUI()
	lines := tm2.waitScreen("the restored track while the tracks endpoint is held", 20*time.Second, func(l []string) bool {
		return pausedLine(l, rainyWindow) && strings.Contains(strings.Join(l, "\n"), "Restored your session")
	})
	if p := plays(detailFacts(lines)); p != 0 {
		t.Fatalf("the tracks endpoint is held, yet the detail pane has counts (%d plays):\n%s", p, strings.Join(lines, "\n"))
	}
	w.srv.SetFaults(fake.Faults{}) // the endpoint answers now
	lines = tm2.waitScreen("the details read again", 30*time.Second, func(l []string) bool {
		return plays(detailFacts(l)) >= plays(facts) && strings.Contains(strings.Join(l, "\n"), "Lo-Fi") &&
			strings.Trim(waveLine(l, rainyWindow), "▁ ") != ""
	})
	if got := detailFacts(lines); playsRE.ReplaceAllString(got, "▶ N") != playsRE.ReplaceAllString(facts, "▶ N") {
		t.Errorf("the detail pane after the refetch reads %q, before the restart %q", got, facts)
	}
	tm2.keys("q")
	tm2.waitExit(t)
}
