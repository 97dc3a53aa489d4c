package cli

import (
	"bytes"
	"io"
	"strconv"
	"strings"
	"sync"

	"github.com/charmbracelet/x/ansi"
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
type screen struct {
	out io.Writer

	mu      sync.Mutex
	frame   string // the latest frame handed in
	w, h    int    // the terminal's size; 0 until known
	dirty   bool   // frame or size changed since the last write
	clear   bool   // the next write starts from a cleared screen
	stopped bool
	err     error // the first write error; later frames are dropped

	wake chan struct{} // capacity 1: "there is something to write"
	done chan struct{} // closed when the writer goroutine has ended
	last []string      // the lines on the terminal; only the writer touches it
}

// newScreen starts the writer goroutine; stop ends it.
func newScreen(out io.Writer) *screen {
	s := &screen{out: out, wake: make(chan struct{}, 1), done: make(chan struct{}), clear: true}
	go s.run()
	return s
}

// show hands in a frame; it is written soon unless it is the one already
// on the terminal.
func (s *screen) show(frame string) {
	s.mu.Lock()
	if frame == s.frame && !s.clear {
		s.mu.Unlock()
		return
	}
	s.frame, s.dirty = frame, true
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
		frame, w, h, clear, stopped := s.frame, s.w, s.h, s.clear, s.stopped
		// Until the size is known there is nothing to draw on; the frame
		// stays due.
		draw := s.dirty && s.err == nil && w > 0 && h > 0
		if draw {
			s.dirty, s.clear = false, false
		}
		s.mu.Unlock()
		if draw {
			if clear {
				s.last = nil
			}
			buf.Reset()
			s.last = drawFrame(&buf, s.last, frame, w, h, clear)
			if buf.Len() > 0 {
				if _, err := s.out.Write(buf.Bytes()); err != nil {
					s.mu.Lock()
					s.err = err
					s.mu.Unlock()
				}
			}
		}
		if stopped {
			return
		}
	}
}

// drawFrame appends to buf what turns the terminal showing prev into one
// showing frame, at w×h: only the rows that changed are rewritten, each
// cut to the width; rows past the frame's end are blanked. A frame taller
// than the screen loses its top rows, as Bubble Tea's renderer does. It
// returns the rows now on the terminal.
func drawFrame(buf *bytes.Buffer, prev []string, frame string, w, h int, clear bool) []string {
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
		if !clear && i < len(prev) && prev[i] == l {
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

// moveTo puts the cursor at the start of row (0-based).
func moveTo(buf *bytes.Buffer, row int) {
	buf.WriteString("\x1b[")
	buf.WriteString(strconv.Itoa(row + 1))
	buf.WriteString(";1H")
}
