package player

import (
	"math/rand/v2"
	"slices"
	"strconv"
	"testing"

	"github.com/cirrus-tui/cirrus/api"
)

// Who queued each entry (the listener, autoplay, a radio) follows the
// entries through every queue operation, so a view can mark them by
// position.
func TestQueueAutoFollowsEntries(t *testing.T) {
	rng := rand.New(rand.NewPCG(25, 5))
	for round := range 200 {
		q := newQueue()
		q.rng = rand.New(rand.NewPCG(uint64(round), 1))
		want := map[api.URN]Origin{} // track → who queued it
		next := int64(1)
		add := func(o Origin, n int) []api.Track {
			var ts []api.Track
			for range n {
				ts = append(ts, api.Track{URN: api.NewURN(api.KindTrack, next)})
				want[api.NewURN(api.KindTrack, next)] = o
				next++
			}
			return ts
		}
		q.set(add(FromListener, 3), 0)
		for range 30 {
			switch rng.IntN(8) {
			case 0:
				q.append(add(FromListener, 1+rng.IntN(2))...)
			case 1:
				q.appendFrom(FromAutoplay, add(FromAutoplay, 1+rng.IntN(2))...)
			case 2:
				q.insertNext(add(FromListener, 1)...)
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
			case 6:
				q.appendFrom(FromRadio, add(FromRadio, 1+rng.IntN(3))...)
			case 7:
				q.dropUpcoming()
			}
			if len(q.from) != len(q.tracks) || len(q.order) != len(q.tracks) {
				t.Fatalf("round %d: %d marks and %d in order for %d tracks", round, len(q.from), len(q.order), len(q.tracks))
			}
			for i, tr := range q.tracks {
				if q.from[i] != want[tr.URN] {
					t.Fatalf("round %d: entry %d (%s) from %q, want %q", round, i, tr.URN, q.from[i], want[tr.URN])
				}
			}
		}
	}
}

// Starting a radio drops what would play after the current entry (in
// play order, shuffled or not) and the radio's tracks follow in the order
// given; upcoming counts what is left of them.
func TestQueueDropUpcomingThenRadio(t *testing.T) {
	tr := func(ids ...int64) []api.Track {
		var ts []api.Track
		for _, id := range ids {
			ts = append(ts, api.Track{URN: api.NewURN(api.KindTrack, id)})
		}
		return ts
	}
	playOrder := func(q *queue) []int64 {
		var out []int64
		for _, x := range q.order {
			n, _ := strconv.ParseInt(q.tracks[x].URN.ID(), 10, 64)
			out = append(out, n)
		}
		return out
	}
	for _, shuffle := range []bool{false, true} {
		q := newQueue()
		q.rng = rand.New(rand.NewPCG(7, 7))
		q.set(tr(1, 2, 3, 4, 5, 6), 0)
		q.setShuffle(shuffle)
		q.advance(false)
		q.advance(false)
		played := playOrder(q)[:3]
		cur := q.tracks[q.current()].URN
		if n := q.dropUpcoming(); n != 3 {
			t.Fatalf("shuffle %v: dropped %d, want 3", shuffle, n)
		}
		if q.current() < 0 || q.tracks[q.current()].URN != cur {
			t.Fatalf("shuffle %v: the current track changed", shuffle)
		}
		q.appendFrom(FromRadio, tr(10, 11, 12)...)
		want := append(append([]int64(nil), played...), 10, 11, 12)
		if got := playOrder(q); !slices.Equal(got, want) {
			t.Fatalf("shuffle %v: play order %v, want %v", shuffle, got, want)
		}
		if n := q.upcoming(FromRadio); n != 3 {
			t.Fatalf("shuffle %v: upcoming %d, want 3", shuffle, n)
		}
		q.advance(false)
		if n := q.upcoming(FromRadio); n != 2 || q.upcoming(FromListener) != 0 {
			t.Fatalf("shuffle %v: after one radio track, upcoming %d radio, %d listener", shuffle, n, q.upcoming(FromListener))
		}
	}
	// No current entry: everything goes.
	q := newQueue()
	q.set(tr(1, 2), -1)
	q.pos = -1
	if n := q.dropUpcoming(); n != 2 || len(q.tracks) != 0 {
		t.Fatalf("without a current entry dropped %d, %d left", n, len(q.tracks))
	}
}
