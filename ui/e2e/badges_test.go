package e2e

import (
	"regexp"
	"strings"
	"testing"
	"time"
)

// drmRowRE is a row's DRM badge beside its length (the demo's Go+ track
// also says "(DRM)" in its title).
var drmRowRE = regexp.MustCompile(`DRM +\d+:\d\d`)

// Issue 25: the Go+ track's row is badged DRM in the search results
// before anything is played; playing it says why not in plain words.
func TestE2EDRMBadgeBeforePlayingAt80x24(t *testing.T) {
	requireTerminal(t)
	w := newWorld(t, worldOptions{})
	w.login()
	tm := w.openSmall()
	tm.focusSearch()
	tm.typeText("Go+ Exclusive")
	tm.keys("Enter")
	lines := tm.waitScreen("the Go+ track in the results", 20*time.Second, func(l []string) bool {
		return row(listPart(l), "Go+ Exclusive (DRM) — ") >= 0
	})
	r := listPart(lines)[row(listPart(lines), "Go+ Exclusive (DRM) — ")]
	if !drmRowRE.MatchString(r) {
		t.Fatalf("no DRM badge on the row before playing: %q", r)
	}
	if st := w.srv.Stats(); st.Plays != 0 || st.MediaRequests != 0 {
		t.Fatalf("something was played already: %d plays, %d media requests", st.Plays, st.MediaRequests)
	}
	tm.selectRow("Go+ Exclusive (DRM) — ")
	tm.keys("Enter")
	lines = tm.waitText("Cannot play “Go+ Exclusive (DRM)”: Go+ tracks play only", 30*time.Second)
	if s := strings.Join(lines, "\n"); strings.Contains(s, "encrypted") || strings.Contains(s, "SAMPLE-AES") || strings.Contains(s, "EXT-X") {
		t.Errorf("the failure is told in jargon:\n%s", s)
	}
	tm.keys("q")
	tm.waitExit(t)
}
