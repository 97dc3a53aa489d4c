package cli

import (
	"bytes"
	"errors"
	"io"
	"log/slog"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/charmbracelet/x/ansi"

	"github.com/cirrus-tui/cirrus/ui/termimg"
)

// screen draws the TUI's frames on a full-screen (alternate screen)
// terminal when, and only when, a frame differs from the one on the
// terminal. Bubble Tea's own renderer wakes 60 times a second to look for
// a new frame; this one sleeps until the program hands it one, so an idle
// or paused cirrus costs nothing and a key press shows as soon as its
// Update has run.
//
// The program hands frames in with show (cheap: it keeps only the latest);
// one goroutine writes them, so a burst of key presses costs one write
// per frame the terminal can take, never one per press.
//
// Pictures (cover art through a terminal graphics protocol) come with a
// frame as placements; the writer's painter encodes them, draws them
// after the text and keeps the text from being written over them.
type screen struct {
	out   io.Writer
	paint *termimg.Painter // only the writer touches it
	log   *slog.Logger     // pictures that could not be drawn; nil: nowhere

	mu      sync.Mutex
	frame   string              // the latest frame handed in
	places  []termimg.Placement // its pictures
	cellW   int                 // a new cell size for the painter, 0 when unchanged
	cellH   int
	term    *termimg.Terminal // a new terminal for the painter, nil when unchanged
	raw     string            // bytes for the terminal before the next frame (questions)
	w, h    int               // the terminal's size; 0 until known
	dirty   bool              // frame or size changed since the last write
	clear   bool              // the next write starts from a cleared screen
	stopped bool
	err     error // the first write error; later frames are dropped

	wake chan struct{} // capacity 1: "there is something to write"
	done chan struct{} // closed when the writer goroutine has ended
	last []string      // the lines on the terminal; only the writer touches it
}

// newScreen starts the writer goroutine; stop ends it. Pictures are
// drawn for term (none when its protocol is None).
func newScreen(out io.Writer, term termimg.Terminal, log *slog.Logger) *screen {
	s := &screen{out: out, paint: termimg.NewPainter(term), log: log, wake: make(chan struct{}, 1), done: make(chan struct{}), clear: true}
	go s.run()
	return s
}

// show hands in a frame and the pictures placed on it; it is written soon
// unless it is the one already on the terminal.
func (s *screen) show(frame string, places ...termimg.Placement) {
	s.mu.Lock()
	if frame == s.frame && slices.EqualFunc(places, s.places, termimg.Placement.Equal) && !s.clear {
		s.mu.Unlock()
		return
	}
	s.frame, s.places, s.dirty = frame, places, true
	s.mu.Unlock()
	s.poke()
}

// cell records a new cell size in pixels; pictures drawn from then on
// are scaled for it.
func (s *screen) cell(w, h int) {
	s.mu.Lock()
	s.cellW, s.cellH = w, h
	s.mu.Unlock()
}

// terminal draws pictures from now on as t can show them: the art
// detected while the program runs.
func (s *screen) terminal(t termimg.Terminal) {
	s.mu.Lock()
	s.term = &t
	s.mu.Unlock()
	s.poke()
}

// send writes q to the terminal whole, between two frames, soon.
func (s *screen) send(q string) {
	s.mu.Lock()
	s.raw += q
	s.mu.Unlock()
	s.poke()
}

// resize records the terminal's size; the next frame is drawn whole on a
// cleared screen, as the terminal may have reflowed what was there.
func (s *screen) resize(w, h int) {
	s.mu.Lock()
	if w == s.w && h == s.h {
		s.mu.Unlock()
		return
	}
	s.w, s.h, s.clear, s.dirty = w, h, true, true
	s.mu.Unlock()
	s.poke()
}

// stop writes the pending frame, if any, ends the writer and reports the
// first write error.
func (s *screen) stop() error {
	s.mu.Lock()
	s.stopped = true
	s.mu.Unlock()
	s.poke()
	<-s.done
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.err
}

func (s *screen) poke() {
	select {
	case s.wake <- struct{}{}:
	default: // a write is already due; it will take the latest frame
	}
}

func (s *screen) run() {
	defer close(s.done)
	var buf bytes.Buffer
	for range s.wake {
		s.mu.Lock()
		frame, places, w, h, clear, stopped := s.frame, s.places, s.w, s.h, s.clear, s.stopped
		cw, ch := s.cellW, s.cellH
		term, raw := s.term, s.raw
		s.term, s.raw = nil, ""
		// Until the size is known there is nothing to draw on; the frame
		// stays due.
		draw := s.dirty && s.err == nil && w > 0 && h > 0
		if draw {
			s.dirty, s.clear = false, false
		}
		s.mu.Unlock()
		if raw != "" {
			s.write([]byte(raw))
		}
		if term != nil {
			// Nothing was drawn by the painter replaced: pictures start
			// only once the terminal is known.
			s.paint = termimg.NewPainter(*term)
		}
		if draw {
			if clear {
				s.last = nil
			}
			buf.Reset()
			s.paint.SetCell(cw, ch)
			pl := s.paint.Plan(places, clear, w, h)
			buf.WriteString(pl.Before)
			s.last = drawFrame(&buf, s.last, frame, w, h, clear, pl.Holes, pl.Dirty)
			buf.WriteString(pl.After)
			if len(pl.Errs) > 0 && s.log != nil {
				s.log.Warn("draw artwork", "err", errors.Join(pl.Errs...))
			}
			if buf.Len() > 0 {
				s.write(buf.Bytes())
			}
		}
		if stopped {
			if c := s.paint.Clear(); c != "" {
				s.write([]byte(c))
			}
			return
		}
	}
}

// write puts b on the terminal unless a write failed before; the first
// error is kept for stop.
func (s *screen) write(b []byte) {
	s.mu.Lock()
	failed := s.err != nil
	s.mu.Unlock()
	if failed {
		return
	}
	if _, err := s.out.Write(b); err != nil {
		s.mu.Lock()
		s.err = err
		s.mu.Unlock()
	}
}

// drawFrame appends to buf what turns the terminal showing prev into one
// showing frame, at w×h: only the rows that changed are rewritten, each
// cut to the width; rows past the frame's end are blanked. A frame taller
// than the screen loses its top rows, as Bubble Tea's renderer does. The
// cells of holes (pictures on the terminal) are skipped; dirty rows are
// rewritten even if unchanged (a picture left them). It returns the rows
// now on the terminal.
func drawFrame(buf *bytes.Buffer, prev []string, frame string, w, h int, clear bool, holes []termimg.Placement, dirty []int) []string {
	lines := strings.Split(frame, "\n")
	if len(lines) > h {
		lines = lines[len(lines)-h:]
	}
	for i, l := range lines {
		if ansi.StringWidth(l) > w {
			lines[i] = ansi.Truncate(l, w, "")
		}
	}
	if clear {
		buf.WriteString(ansi.EraseEntireScreen)
	}
	for i, l := range lines {
		if !clear && i < len(prev) && prev[i] == l && !slices.Contains(dirty, i) {
			continue
		}
		if gaps := rowHoles(holes, i); len(gaps) > 0 {
			writeAround(buf, i, l, w, gaps)
			continue
		}
		moveTo(buf, i)
		buf.WriteString(l)
		// Reset attributes before erasing, so the rest of the row takes the
		// terminal's own background, not the line's last colour.
		buf.WriteString(ansi.ResetStyle)
		// A full row leaves nothing to erase, and the cursor waits past
		// its end to wrap: a console that wraps there on an erase (Wine's,
		// as Bubble Tea's renderer also assumes) would scroll the screen.
		if ansi.StringWidth(l) < w {
			buf.WriteString(ansi.EraseLineRight)
		}
	}
	for i := len(lines); i < len(prev); i++ {
		moveTo(buf, i)
		buf.WriteString(ansi.EraseEntireLine)
	}
	return lines
}

// rowHoles lists the column ranges [from, to) of row that pictures
// cover, left to right.
func rowHoles(holes []termimg.Placement, row int) [][2]int {
	var gaps [][2]int
	for _, p := range holes {
		if row >= p.Row && row < p.Row+p.Rows {
			gaps = append(gaps, [2]int{p.Col, p.Col + p.Cols})
		}
	}
	slices.SortFunc(gaps, func(a, b [2]int) int { return a[0] - b[0] })
	return gaps
}

// writeAround writes row's line l except the cells in gaps: each stretch
// between pictures is written, padded with blanks to the next picture,
// and only the stretch after the last one erases to the end of the row.
func writeAround(buf *bytes.Buffer, row int, l string, w int, gaps [][2]int) {
	from := 0
	for _, g := range append(gaps, [2]int{w, w}) {
		if g[0] > from {
			seg := ansi.Cut(l, from, g[0])
			buf.WriteString("\x1b[")
			buf.WriteString(strconv.Itoa(row + 1))
			buf.WriteByte(';')
			buf.WriteString(strconv.Itoa(from + 1))
			buf.WriteByte('H')
			buf.WriteString(seg)
			buf.WriteString(ansi.ResetStyle)
			if g[0] >= w {
				buf.WriteString(ansi.EraseLineRight)
			} else if pad := g[0] - from - ansi.StringWidth(seg); pad > 0 {
				buf.WriteString(strings.Repeat(" ", pad))
			}
		}
		from = max(from, g[1])
	}
}

// moveTo puts the cursor at the start of row (0-based).
func moveTo(buf *bytes.Buffer, row int) {
	buf.WriteString("\x1b[")
	buf.WriteString(strconv.Itoa(row + 1))
	buf.WriteString(";1H")
}
