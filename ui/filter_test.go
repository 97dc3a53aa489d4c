package ui

import (
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/muesli/termenv"

	"github.com/cirrus-tui/cirrus/api"
)

func titles(l *List[item]) []string {
	var out []string
	for _, it := range l.Items() {
		switch {
		case it.Track != nil:
			out = append(out, it.Track.Title)
		case it.Playlist != nil:
			out = append(out, it.Playlist.Title)
		}
	}
	return out
}

func typeKeys(t *testing.T, m *Model, s string) {
	t.Helper()
	for _, r := range s {
		settle(t, m, kp(string(r)))
	}
}

func likesWorld() (*recBackend, *recAudio) {
	b := fixture()
	u := fxUser(5, "Fogmaker")
	t5 := fxTrack(5, "Harbour Lights", &u, api.AccessPlayable)
	t6 := fxTrack(6, "Warehouse", &u, api.AccessPlayable)
	t6.Genre = "Techno"
	b.likedTracks = append([]api.Track{b.tracks[0], b.tracks[2], b.tracks[3]}, t5, t6)
	return b, &recAudio{}
}

func TestFilterNarrowsAsYouTypeAndEscRestores(t *testing.T) {
	b, a := likesWorld()
	m := newTestModel(b, a, 140, 40)
	initModel(t, m)
	settle(t, m, kp("2"))
	l := m.tabs.current().(*browsePane).top().list()
	if l.Len() != 5 {
		t.Fatalf("likes %d", l.Len())
	}
	settle(t, m, kp("down"))
	settle(t, m, kp("down")) // cursor on 静かな雨
	settle(t, m, kp("l"))
	typeKeys(t, m, "FOG") // title (Morning Fog) or artist (Fogmaker), any case
	if got := strings.Join(titles(l), "|"); got != "Morning Fog|Harbour Lights|Warehouse" {
		t.Fatalf("after FOG: %s", got)
	}
	v := m.View()
	if !strings.Contains(v, "\x1b[4mFog\x1b[24m") {
		t.Errorf("match not underlined:\n%q", rowWith(v, "Morning"))
	}
	if !strings.Contains(v, "filter: FOG") || !strings.Contains(v, "3 of 5 rows") {
		t.Errorf("filter line:\n%s", v)
	}
	// Backspace widens again; the genre counts too.
	for range 3 {
		settle(t, m, kp("backspace"))
	}
	typeKeys(t, m, "techno")
	if got := strings.Join(titles(l), "|"); got != "Warehouse" {
		t.Fatalf("genre filter: %s", got)
	}
	// enter keeps the filter and gives keys back; esc clears it.
	settle(t, m, kp("enter"))
	if m.filter.typing {
		t.Fatal("enter did not leave the input")
	}
	settle(t, m, kp("esc"))
	if l.Len() != 5 || m.filter.on() {
		t.Fatalf("esc left %d rows, filter on %v", l.Len(), m.filter.on())
	}
	if it, _ := l.Selected(); it.Track.Title != "静かな雨 🌧" {
		t.Errorf("cursor not restored: on %s", it.Track.Title)
	}
	if strings.Contains(m.View(), "\x1b[4m") {
		t.Error("underline left after clearing")
	}
}

func TestFilterOnAPagedListSaysWhatItSearched(t *testing.T) {
	b, pl := pagedPlaylistFixture()
	a := &recAudio{}
	m := newTestModel(b, a, 140, 40)
	initModel(t, m)
	// Likes whose first page is 50 of 200 (the double pages these).
	settle(t, m, kp("2"))
	l := m.tabs.current().(*browsePane).top().list()
	first := b.plPage(pl.URN, 0)
	settle(t, m, pageMsg{list: l.id, gen: l.gen, page: &api.Page[item]{Collection: trackItems(first.Collection), NextHref: first.NextHref}})
	if l.Len() != 50 || !l.HasMore() {
		t.Fatalf("first page: %d rows, more %v", l.Len(), l.HasMore())
	}
	settle(t, m, kp("l"))
	typeKeys(t, m, "needle")
	if got := strings.Join(titles(l), "|"); got != "Needle 007|Needle 047" {
		t.Fatalf("first page filtered: %s", got)
	}
	if v := m.View(); !strings.Contains(v, "2 of the 50 rows loaded so far · end/G loads the rest") {
		t.Errorf("filter line does not offer the rest:\n%s", v)
	}
	settle(t, m, kp("enter"))
	settle(t, m, kp("G"))
	if got := strings.Join(titles(l), "|"); got != "Needle 007|Needle 047|Needle 087|Needle 127|Needle 167" {
		t.Fatalf("after loading the rest: %s", got)
	}
	if v := m.View(); !strings.Contains(v, "5 of 200 rows") {
		t.Errorf("filter line after loading:\n%s", v)
	}
	settle(t, m, kp("esc"))
	if l.Len() != 200 {
		t.Errorf("esc: %d rows", l.Len())
	}
}

func TestFilterRefusesThePlayerLists(t *testing.T) {
	b, a := likesWorld()
	m := newTestModel(b, a, 140, 40)
	initModel(t, m)
	settle(t, m, kp("6"))
	msgs := settle(t, m, kp("l"))
	if st, ok := has[statusMsg](msgs); !ok || !strings.Contains(st.text, "cannot be filtered") || m.filter.on() {
		t.Errorf("queue filter: %+v on=%v", st, m.filter.on())
	}
}

// BenchmarkFilterKeypress measures one key typed into the filter of a
// 10,000-row list (Update: the list narrowed or widened again) and the
// frame it produces (View).
func BenchmarkFilterKeypress(b *testing.B) {
	for _, size := range [][2]int{{80, 24}, {160, 48}} {
		b.Run(itoa(size[0])+"x"+itoa(size[1]), func(b *testing.B) {
			pinProfile(b, termenv.TrueColor)
			m, l := tenThousandLikes(size[0], size[1])
			m.Update(kp("l"))
			m.Update(kp("1"))
			if !m.filter.on() || l.Len() >= 10000 {
				b.Fatalf("filter on %v, %d rows", m.filter.on(), l.Len())
			}
			keys := []tea.KeyMsg{kp("7"), kp("backspace")}
			b.ReportAllocs()
			b.ResetTimer()
			for i := range b.N {
				m.Update(keys[i%2])
				_ = m.View()
			}
		})
	}
}
