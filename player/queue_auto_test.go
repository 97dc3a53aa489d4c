package player

import (
	"math/rand/v2"
	"testing"

	"github.com/cirrus-tui/cirrus/api"
)

// Which entries autoplay queued follows the entries through every queue
// operation, so a view can mark them by position.
func TestQueueAutoFollowsEntries(t *testing.T) {
	rng := rand.New(rand.NewPCG(25, 5))
	for round := range 200 {
		q := newQueue()
		q.rng = rand.New(rand.NewPCG(uint64(round), 1))
		want := map[api.URN]bool{} // track → autoplay's
		next := int64(1)
		add := func(auto bool, n int) []api.Track {
			var ts []api.Track
			for range n {
				ts = append(ts, api.Track{URN: api.NewURN(api.KindTrack, next)})
				want[api.NewURN(api.KindTrack, next)] = auto
				next++
			}
			return ts
		}
		q.set(add(false, 3), 0)
		for range 30 {
			switch rng.IntN(6) {
			case 0:
				q.append(add(false, 1+rng.IntN(2))...)
			case 1:
				q.appendFrom(true, add(true, 1+rng.IntN(2))...)
			case 2:
				q.insertNext(add(false, 1)...)
			case 3:
				if len(q.tracks) > 0 {
					q.remove(rng.IntN(len(q.tracks)))
				}
			case 4:
				if n := len(q.tracks); n > 1 {
					q.move(rng.IntN(n), rng.IntN(n))
				}
			case 5:
				q.setShuffle(!q.shuffle)
			}
			if len(q.auto) != len(q.tracks) {
				t.Fatalf("round %d: %d flags for %d tracks", round, len(q.auto), len(q.tracks))
			}
			for i, tr := range q.tracks {
				if q.auto[i] != want[tr.URN] {
					t.Fatalf("round %d: entry %d (%s) autoplay %v, want %v", round, i, tr.URN, q.auto[i], want[tr.URN])
				}
			}
		}
	}
}
