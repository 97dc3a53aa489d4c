package e2e

import (
	"slices"
	"strings"
	"testing"
	"time"
)

// Issue 26, part 3 at 80×24: v j j selects three rows of a playlist (the
// bar marks them, the status line counts them), x removes them in one
// write, and the double holds the rest in order.
func TestE2EVisualRemoveAt80x24(t *testing.T) {
	requireTerminal(t)
	w := newWorld(t, worldOptions{})
	w.login()
	order, names := w.playlistOrder(mixID)
	titles := map[string]string{}
	for i, u := range order {
		titles[u] = names[i]
	}
	tm := w.openMix()
	tm.selectRow(names[2] + " — ")
	tm.keys("v", "j", "j")
	lines := tm.waitScreen("three rows selected", 20*time.Second, func(l []string) bool {
		return strings.Contains(strings.Join(l, "\n"), "3 selected · a queue")
	})
	list := listPart(lines)
	for i, name := range names[2:5] {
		r := row(list, name+" — ")
		if r < 0 || !strings.HasPrefix(strings.TrimLeft(list[r], " "), "┃") {
			t.Errorf("row %d (%s) is not marked:\n%s", i+2, name, strings.Join(lines, "\n"))
		}
	}
	for _, name := range []string{names[1], names[5]} {
		if r := row(list, name+" — "); r >= 0 && strings.Contains(list[r], "┃") {
			t.Errorf("%s is marked but not selected:\n%s", name, strings.Join(lines, "\n"))
		}
	}

	tm.keys("x")
	want := slices.Delete(slices.Clone(order), 2, 5)
	tm.settledMix(w, want, titles, want[2], "v j j x")
	screen := tm.waitText("Removed 3 tracks", 20*time.Second)
	if text := strings.Join(screen, "\n"); strings.Contains(text, "selected ·") || strings.Contains(text, "┃") {
		t.Errorf("the selection outlived the removal:\n%s", text)
	}
}
