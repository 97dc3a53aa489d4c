package ui

import (
	"fmt"
	"strings"
	"testing"

	"github.com/cirrus-tui/cirrus/api"
)

func TestSortCyclesShownInTheHeader(t *testing.T) {
	b, a := likesWorld()
	// plays: Morning Fog 1000, Tide Pools 3000, 静かな雨 4000, Harbour 5000, Warehouse 6000
	m := newTestModel(b, a, 140, 40)
	initModel(t, m)
	settle(t, m, kp("2"))
	l := m.tabs.current().(*browsePane).top().list()
	settle(t, m, kp("down")) // cursor on Tide Pools
	steps := []struct {
		label, order string
	}{
		{"sorted by title", "Harbour Lights|Morning Fog|Tide Pools|Warehouse|静かな雨 🌧"},
		{"sorted by artist", "Morning Fog|静かな雨 🌧|Tide Pools|Harbour Lights|Warehouse"},
		{"sorted by duration", "Warehouse|Harbour Lights|静かな雨 🌧|Tide Pools|Morning Fog"},
		{"sorted by plays", "Warehouse|Harbour Lights|静かな雨 🌧|Tide Pools|Morning Fog"},
		{"", "Morning Fog|Tide Pools|静かな雨 🌧|Harbour Lights|Warehouse"},
	}
	for _, st := range steps {
		settle(t, m, kp("S"))
		if got := strings.Join(titles(l), "|"); got != st.order {
			t.Errorf("%q: %s, want %s", st.label, got, st.order)
		}
		v := m.View()
		if st.label != "" && !strings.Contains(v, "· "+st.label) {
			t.Errorf("header does not say %q:\n%s", st.label, v)
		}
		if st.label == "" && strings.Contains(v, "sorted by") {
			t.Errorf("back in API order but the header says sorted")
		}
		if it, _ := l.Selected(); it.Track.Title != "Tide Pools" {
			t.Errorf("%q: the cursor left its row for %s", st.label, it.Track.Title)
		}
		checkFrame(t, st.label, v, 140, 40)
	}
}

func TestSortSurvivesPaging(t *testing.T) {
	b, pl := pagedPlaylistFixture()
	m := newTestModel(b, &recAudio{}, 140, 40)
	initModel(t, m)
	settle(t, m, kp("2"))
	l := m.tabs.current().(*browsePane).top().list()
	first := b.plPage(pl.URN, 0)
	settle(t, m, pageMsg{list: l.id, gen: l.gen, page: &api.Page[item]{Collection: trackItems(first.Collection), NextHref: first.NextHref}})
	settle(t, m, kp("S"))
	if got := titles(l)[:3]; strings.Join(got, "|") != "Needle 007|Needle 047|Song 000" {
		t.Fatalf("first page sorted: %v", got)
	}
	settle(t, m, kp("G"))
	if l.Len() != 200 {
		t.Fatalf("%d rows after G", l.Len())
	}
	got := titles(l)
	if strings.Join(got[:6], "|") != "Needle 007|Needle 047|Needle 087|Needle 127|Needle 167|Song 000" || got[199] != "Song 199" {
		t.Errorf("after paging: %v … %v", got[:6], got[199])
	}
	if !strings.Contains(m.View(), "sorted by title") {
		t.Error("the header lost the sort")
	}
}

// pagedPlaylistFixture is the fixture with no likes and the first of my
// playlists holding 200 tracks ("Song 000"…, every 40th from 7 a
// "Needle"), served 50 to a page.
func pagedPlaylistFixture() (*recBackend, api.Playlist) {
	b := fixture()
	u := fxUser(6, "ed")
	pl := b.myPlaylists[0]
	var ts []api.Track
	for i := range 200 {
		title := fmt.Sprintf("Song %03d", i)
		if i%40 == 7 {
			title = fmt.Sprintf("Needle %03d", i)
		}
		ts = append(ts, fxTrack(100+i, title, &u, api.AccessPlayable))
	}
	b.plTracks[pl.URN] = ts
	b.pageSize = 50
	b.likedTracks = nil
	return b, pl
}
