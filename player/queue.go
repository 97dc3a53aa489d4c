package player

import (
	"math/rand/v2"

	"github.com/cirrus-tui/cirrus/api"
)

// Origin says who put an entry in the queue, so views can mark the
// entries autoplay and a radio chose (by entry: the same track queued by
// hand is not marked).
type Origin uint8

const (
	FromListener Origin = iota // played or queued by hand
	FromAutoplay               // autoplay went on when the queue ended
	FromRadio                  // a radio the listener started
)

// String is the mark a view shows: "" for the listener's own entries.
func (o Origin) String() string {
	switch o {
	case FromAutoplay:
		return "autoplay"
	case FromRadio:
		return "radio"
	}
	return ""
}

// queue is the play queue: tracks in the order the user sees them, and the
// order they play in (shuffled or not). It is not safe for concurrent use;
// the Player guards it.
type queue struct {
	tracks  []api.Track
	from    []Origin // per entry of tracks: who queued it
	order   []int    // play order: indices into tracks
	pos     int      // index into order of the current track, -1 if none
	shuffle bool
	repeat  Repeat
	rng     *rand.Rand
	radio   *Radio // the radio refilling the queue, nil when none (radio.go)
}

func newQueue() *queue {
	return &queue{pos: -1, rng: rand.New(rand.NewPCG(rand.Uint64(), rand.Uint64()))}
}

// current is the index into tracks of the current track, or -1.
func (q *queue) current() int {
	if q.pos < 0 || q.pos >= len(q.order) {
		return -1
	}
	return q.order[q.pos]
}

func (q *queue) track(i int) *api.Track {
	if i < 0 || i >= len(q.tracks) {
		return nil
	}
	t := q.tracks[i]
	return &t
}

// set replaces the queue and makes start current; a radio the old queue
// ran ends with it.
func (q *queue) set(tracks []api.Track, start int) {
	q.radio = nil
	q.tracks = append([]api.Track(nil), tracks...)
	q.from = make([]Origin, len(tracks))
	if start < 0 || start >= len(tracks) {
		start = 0
	}
	if len(tracks) == 0 {
		start = -1
	}
	q.rebuild(start)
}

// rebuild recomputes the play order so that cur (an index into tracks) is
// current; with shuffle on, the rest follows in a new random order.
func (q *queue) rebuild(cur int) {
	n := len(q.tracks)
	q.order = make([]int, n)
	for i := range q.order {
		q.order[i] = i
	}
	if cur < 0 || cur >= n {
		q.pos = -1
		if n > 0 && cur >= n {
			q.pos = -1
		}
		if q.shuffle {
			q.rng.Shuffle(n, func(i, j int) { q.order[i], q.order[j] = q.order[j], q.order[i] })
		}
		return
	}
	if !q.shuffle {
		q.pos = cur
		return
	}
	rest := make([]int, 0, n-1)
	for i := 0; i < n; i++ {
		if i != cur {
			rest = append(rest, i)
		}
	}
	q.rng.Shuffle(len(rest), func(i, j int) { rest[i], rest[j] = rest[j], rest[i] })
	q.order = append([]int{cur}, rest...)
	q.pos = 0
}

// peekNext is what plays when the current track ends by itself: the same
// track with repeat one, the first again at the end with repeat all.
func (q *queue) peekNext(auto bool) int {
	if len(q.order) == 0 {
		return -1
	}
	if auto && q.repeat == RepeatOne && q.current() >= 0 {
		return q.current()
	}
	p := q.pos + 1
	if p >= len(q.order) {
		if q.repeat == RepeatOff {
			return -1
		}
		p = 0
	}
	return q.order[p]
}

// advance moves to what peekNext(auto) named; false at the end of the queue.
func (q *queue) advance(auto bool) bool {
	if len(q.order) == 0 {
		return false
	}
	if auto && q.repeat == RepeatOne && q.current() >= 0 {
		return true
	}
	p := q.pos + 1
	if p >= len(q.order) {
		if q.repeat == RepeatOff {
			return false
		}
		if q.shuffle {
			// a new round in a new order
			q.rebuild(-1)
		}
		p = 0
	}
	q.pos = p
	return true
}

// back moves to the previous track in play order; false at the start.
func (q *queue) back() bool {
	if q.pos > 0 {
		q.pos--
		return true
	}
	if q.repeat == RepeatAll && len(q.order) > 0 {
		q.pos = len(q.order) - 1
		return true
	}
	return false
}

func (q *queue) append(ts ...api.Track) { q.appendFrom(FromListener, ts...) }

// appendFrom appends ts, marked as o's. A radio's tracks go after
// everything in play order, in the order given even with shuffle on: the
// radio chose that order (related first), and counts on it to refill.
func (q *queue) appendFrom(o Origin, ts ...api.Track) {
	cur := q.current()
	first := len(q.tracks)
	q.tracks = append(q.tracks, ts...)
	for range ts {
		q.from = append(q.from, o)
	}
	if q.shuffle && o == FromRadio {
		for i := first; i < len(q.tracks); i++ {
			q.order = append(q.order, i)
		}
		return
	}
	if q.shuffle {
		// new tracks go in random places after the current one
		for i := len(q.tracks) - len(ts); i < len(q.tracks); i++ {
			at := q.pos + 1 + q.rng.IntN(len(q.order)-q.pos)
			q.order = append(q.order[:at], append([]int{i}, q.order[at:]...)...)
		}
		return
	}
	q.rebuild(cur)
}

// insertNext puts tracks right after the current one, in both orders.
func (q *queue) insertNext(ts ...api.Track) {
	cur := q.current()
	at := cur + 1
	if cur < 0 {
		at = len(q.tracks)
	}
	nt := make([]api.Track, 0, len(q.tracks)+len(ts))
	nt = append(nt, q.tracks[:at]...)
	nt = append(nt, ts...)
	nt = append(nt, q.tracks[at:]...)
	na := make([]Origin, 0, len(nt))
	na = append(na, q.from[:at]...)
	na = append(na, make([]Origin, len(ts))...)
	q.from = append(na, q.from[at:]...)
	// shift play-order indices at or after the insertion point
	for k, x := range q.order {
		if x >= at {
			q.order[k] = x + len(ts)
		}
	}
	q.tracks = nt
	ins := make([]int, len(ts))
	for k := range ts {
		ins[k] = at + k
	}
	p := q.pos + 1
	if q.pos < 0 {
		p = len(q.order)
	}
	q.order = append(q.order[:p], append(ins, q.order[p:]...)...)
}

// remove drops tracks[i]; removing the current track leaves no current one
// (the caller decides what plays). It reports whether i was current.
func (q *queue) remove(i int) (wasCurrent bool) {
	if i < 0 || i >= len(q.tracks) {
		return false
	}
	wasCurrent = q.current() == i
	q.tracks = append(q.tracks[:i], q.tracks[i+1:]...)
	q.from = append(q.from[:i], q.from[i+1:]...)
	no := q.order[:0]
	newPos := q.pos
	for p, x := range q.order {
		switch {
		case x == i:
			if p < q.pos {
				newPos--
			}
			continue
		case x > i:
			x--
		}
		no = append(no, x)
	}
	q.order = no
	q.pos = newPos
	if wasCurrent {
		// what was after it is now at pos; step back so advance lands on it
		q.pos--
	}
	if q.pos >= len(q.order) {
		q.pos = len(q.order) - 1
	}
	return wasCurrent
}

// move moves tracks[from] to position to in the visible order.
func (q *queue) move(from, to int) {
	n := len(q.tracks)
	if from < 0 || from >= n || to < 0 || to >= n || from == to {
		return
	}
	// old index -> new index
	perm := make([]int, n)
	idx := make([]int, 0, n)
	for i := 0; i < n; i++ {
		if i != from {
			idx = append(idx, i)
		}
	}
	idx = append(idx[:to], append([]int{from}, idx[to:]...)...)
	nt := make([]api.Track, n)
	na := make([]Origin, n)
	for newI, oldI := range idx {
		nt[newI] = q.tracks[oldI]
		na[newI] = q.from[oldI]
		perm[oldI] = newI
	}
	q.tracks, q.from = nt, na
	for k, x := range q.order {
		q.order[k] = perm[x]
	}
	if !q.shuffle {
		cur := q.current()
		q.rebuild(cur)
	}
}

func (q *queue) clear() {
	q.tracks, q.from, q.order, q.pos, q.radio = nil, nil, nil, -1, nil
}

// dropUpcoming removes every entry after the current one in play order
// (with no current entry, every entry) and reports how many went.
func (q *queue) dropUpcoming() int {
	if q.pos < 0 || q.pos >= len(q.order) {
		n := len(q.tracks)
		q.tracks, q.from, q.order, q.pos = nil, nil, nil, -1 // the radio stays
		return n
	}
	keep := make([]bool, len(q.tracks))
	for _, x := range q.order[:q.pos+1] {
		keep[x] = true
	}
	at := make([]int, len(q.tracks)) // old index -> new index
	var nt []api.Track
	var nf []Origin
	for i, t := range q.tracks {
		if keep[i] {
			at[i] = len(nt)
			nt = append(nt, t)
			nf = append(nf, q.from[i])
		}
	}
	dropped := len(q.tracks) - len(nt)
	no := make([]int, q.pos+1)
	for k, x := range q.order[:q.pos+1] {
		no[k] = at[x]
	}
	q.tracks, q.from, q.order = nt, nf, no
	return dropped
}

// upcoming counts the entries of origin o after the current one in play
// order (all of them when none is current).
func (q *queue) upcoming(o Origin) int {
	n := 0
	for _, x := range q.order[min(max(q.pos+1, 0), len(q.order)):] {
		if q.from[x] == o {
			n++
		}
	}
	return n
}

func (q *queue) setShuffle(on bool) {
	if q.shuffle == on {
		return
	}
	q.shuffle = on
	q.rebuild(q.current())
}
