package ui

import (
	"testing"

	"github.com/muesli/termenv"

	"github.com/cirrus-tui/cirrus/api"
)

// BenchmarkListKeypress measures one key press (Update) and the frame it
// produces (View) with 10,000 tracks in the visible list.
func BenchmarkListKeypress(b *testing.B) {
	for _, size := range [][2]int{{80, 24}, {160, 48}} {
		b.Run(itoa(size[0])+"x"+itoa(size[1]), func(b *testing.B) {
			pinProfile(b, termenv.TrueColor)
			m, l := tenThousandLikes(size[0], size[1])
			if l.Len() != 10000 {
				b.Fatalf("list has %d", l.Len())
			}
			down, up := kp("j"), kp("k")
			b.ReportAllocs()
			b.ResetTimer()
			for i := range b.N {
				k := down
				if (i/5000)%2 == 1 {
					k = up
				}
				m.Update(k)
				_ = m.View()
			}
		})
	}
}

func tracksPageOf(ts []api.Track) *api.Page[item] { return &api.Page[item]{Collection: trackItems(ts)} }

// tenThousandLikes is a model w×h on the Likes tab with 10,000 tracks
// loaded in its list.
func tenThousandLikes(w, h int) (*Model, *List[item]) {
	be, a := fixture(), &recAudio{}
	u := fxUser(1, "ana")
	be.likedTracks = make([]api.Track, 10000)
	for i := range be.likedTracks {
		be.likedTracks[i] = fxTrack(i+1, "Track number "+itoa(i), &u, api.AccessPlayable)
	}
	m := newTestModel(be, a, w, h)
	m.switchTab(tabLikes)
	l := m.tabs.pane(tabLikes).(*browsePane).top().list()
	l.Handle(pageMsg{list: l.id, gen: l.gen, page: tracksPageOf(be.likedTracks)})
	return m, l
}
