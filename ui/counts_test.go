package ui

import (
	"strings"
	"testing"
)

// A count under way shows on the bottom line, as vim's showcmd does, and
// goes with the key that uses or drops it.
func TestPendingCountShows(t *testing.T) {
	m, _, _ := started(t, 100, 30)
	l := m.tabs.pane(tabFeed).(*browsePane).top().list()
	press(t, m, "#")
	if v := m.View(); !strings.Contains(v, "count: type its digits") {
		t.Fatalf("no count shown after #:\n%s", v)
	}
	press(t, m, "3")
	if v := m.View(); !strings.Contains(v, "count 3: j/k/pgup/pgdown move that far") {
		t.Fatalf("no count 3 shown:\n%s", v)
	}
	press(t, m, "j")
	if v := m.View(); strings.Contains(v, "count 3") || l.Cursor() != 3 {
		t.Fatalf("after #3j: cursor %d, view:\n%s", l.Cursor(), v)
	}
}
