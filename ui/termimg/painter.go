package termimg

import (
	"container/list"
	"strings"

	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/ansi/kitty"
)

// Cache bounds for encoded pictures: a few covers at a few sizes. A sixel
// or base64 PNG of a 300×300 picture is 100–400 KB.
const (
	MaxCached      = 24
	MaxCachedBytes = 32 << 20
)

// Painter keeps the pictures on a terminal in step with the frames drawn
// around them. It belongs to the one goroutine that writes the terminal.
//
// Each frame, Plan compares the placements wanted with those on screen:
// a picture that left is deleted (kitty) or its rows are written again
// (sixel and iTerm2 pictures are cell contents, which text replaces); a
// picture that stays is a hole the text must not be written over; a new
// one is drawn after the text. Encoding happens here, off the UI's loop,
// and is cached.
type Painter struct {
	term   Terminal
	shown  []shown
	cache  map[cacheKey]*list.Element
	lru    *list.List // of *entry, most recent first
	bytes  int
	nextID uint32
}

type shown struct {
	p  Placement
	id uint32 // kitty image id
}

type cacheKey struct {
	key          string
	cols, rows   int
	cellW, cellH int
	col, row     int // kitty only: one image id per place, see encoded
}

type entry struct {
	k          cacheKey
	id         uint32
	seq        string // drawn with the cursor at the picture's top-left cell
	offC, offR int    // where that cell is inside the box
	err        error
}

// NewPainter draws for t; t.Protocol None makes a Painter that draws nothing.
func NewPainter(t Terminal) *Painter {
	return &Painter{term: t, cache: map[cacheKey]*list.Element{}, lru: list.New()}
}

// SetCell records a new cell size (the window's font changed); pictures
// are encoded again at the next change.
func (pt *Painter) SetCell(w, h int) {
	if w > 0 && h > 0 {
		pt.term.CellW, pt.term.CellH = w, h
	}
}

// Plan is what one frame writes for its pictures.
type Plan struct {
	Before string      // written first: deletions
	Holes  []Placement // boxes whose cells the text must leave alone
	Dirty  []int       // rows to write again whole, though their text did not change
	After  string      // written after the text: the new pictures
	Errs   []error     // pictures that could not be encoded (they are skipped)
}

// Plan turns the placements wanted in the next frame into writes. cleared
// says the screen was erased (a resize): nothing is on it any more. w and
// h are the screen's size; a placement that does not fit is dropped.
func (pt *Painter) Plan(want []Placement, cleared bool, w, h int) Plan {
	var pl Plan
	if pt.term.Protocol == None {
		return pl
	}
	want = fitting(want, w, h)
	if cleared {
		if pt.term.Protocol == Kitty && len(pt.shown) > 0 {
			pl.Before = pt.wrap(kittyDeleteAll())
		}
		pt.shown = nil
	}
	var b, after strings.Builder
	b.WriteString(pl.Before)
	dirty := map[int]bool{}
	var next []shown
	for _, s := range pt.shown {
		if containsPlacement(want, s.p) {
			next = append(next, s)
			pl.Holes = append(pl.Holes, s.p)
			continue
		}
		if pt.term.Protocol == Kitty {
			b.WriteString(pt.wrap(kittyDelete(s.id)))
		}
		for r := s.p.Row; r < s.p.Row+s.p.Rows; r++ {
			dirty[r] = true
		}
	}
	for _, p := range want {
		if containsShown(next, p) {
			continue
		}
		e, fresh := pt.encoded(p)
		if e.err != nil {
			if fresh { // said once; the cache remembers the failure
				pl.Errs = append(pl.Errs, e.err)
			}
			continue
		}
		// Clear the box first: a sixel leaves pixels it does not paint alone.
		for r := p.Row; r < p.Row+p.Rows; r++ {
			dirty[r] = true
		}
		after.WriteString(ansi.CursorPosition(p.Col+e.offC+1, p.Row+e.offR+1))
		after.WriteString(e.seq)
		next = append(next, shown{p: p, id: e.id})
	}
	pt.shown = next
	pl.Before = b.String()
	pl.After = after.String()
	for r := range dirty {
		pl.Dirty = append(pl.Dirty, r)
	}
	return pl
}

// fitting drops placements that leave the screen or touch its last row
// (a sixel reaching the bottom scrolls the whole screen up).
func fitting(ps []Placement, w, h int) []Placement {
	var out []Placement
	for _, p := range ps {
		if p.Img == nil || p.Cols <= 0 || p.Rows <= 0 || p.Col < 0 || p.Row < 0 ||
			p.Col+p.Cols > w || p.Row+p.Rows > h-1 {
			continue
		}
		out = append(out, p)
	}
	return out
}

func containsPlacement(ps []Placement, p Placement) bool {
	for _, q := range ps {
		if q.Equal(p) {
			return true
		}
	}
	return false
}

func containsShown(ss []shown, p Placement) bool {
	for _, s := range ss {
		if s.p.Equal(p) {
			return true
		}
	}
	return false
}

// wrap passes seq through tmux to the terminal outside it.
func (pt *Painter) wrap(seq string) string {
	if pt.term.Tmux {
		return ansi.TmuxPassthrough(seq)
	}
	return seq
}

// encoded is p's picture for this terminal, from the cache or made now
// (fresh).
func (pt *Painter) encoded(p Placement) (e *entry, fresh bool) {
	cw, ch := pt.term.Cell()
	k := cacheKey{key: p.Key, cols: p.Cols, rows: p.Rows, cellW: cw, cellH: ch}
	if pt.term.Protocol == Kitty {
		// The same cover twice on screen needs two image ids: sending an
		// image again under its id replaces it and its placement.
		k.col, k.row = p.Col, p.Row
	}
	if el, ok := pt.cache[k]; ok {
		pt.lru.MoveToFront(el)
		return el.Value.(*entry), false
	}
	pic, fc, fr := fit(p.Img, p.Cols, p.Rows, cw, ch)
	pt.nextID = pt.nextID%(1<<24-1) + 1 // kitty ids are 32-bit; stay small and non-zero
	e = &entry{k: k, id: pt.nextID, offC: (p.Cols - fc) / 2, offR: (p.Rows - fr) / 2}
	var seq string
	switch pt.term.Protocol {
	case Kitty:
		seq, e.err = kittyDraw(pic, e.id, fc, fr, kitty.PNG)
	case ITerm:
		seq, e.err = itermDraw(pic, fc, fr)
	case Sixel:
		seq, e.err = sixelDraw(pic)
	}
	e.seq = pt.wrap(seq)
	pt.cache[k] = pt.lru.PushFront(e)
	pt.bytes += len(e.seq)
	for pt.lru.Len() > MaxCached || (pt.bytes > MaxCachedBytes && pt.lru.Len() > 1) {
		old := pt.lru.Remove(pt.lru.Back()).(*entry)
		delete(pt.cache, old.k)
		pt.bytes -= len(old.seq)
	}
	return e, true
}

// Clear is what removes every picture before the program leaves the
// screen (kitty keeps pictures across the alternate screen otherwise).
func (pt *Painter) Clear() string {
	if pt.term.Protocol != Kitty || len(pt.shown) == 0 {
		pt.shown = nil
		return ""
	}
	pt.shown = nil
	return pt.wrap(kittyDeleteAll())
}
