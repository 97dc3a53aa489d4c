// Package termimg draws pictures on terminals that can show them: the
// kitty graphics protocol, iTerm2's inline images (OSC 1337) and sixel.
// It detects which one a terminal speaks, encodes a picture for it at a
// size in cells, and keeps the pictures on screen in step with frames
// drawn around them (Painter). The byte-level encoders are
// charmbracelet/x/ansi's kitty, iterm2 and sixel packages, which the TUI
// already depends on; this package positions, identifies, caches and
// deletes what they encode.
package termimg

import (
	"fmt"
	"image"
)

// Protocol is how a terminal shows pictures.
type Protocol int

// Protocols, from none to the most capable.
const (
	None  Protocol = iota // no graphics: the caller draws half blocks or nothing
	Sixel                 // DEC sixel: xterm -ti vt340, foot, mlterm, WezTerm, Windows Terminal
	ITerm                 // OSC 1337 File=: iTerm2, WezTerm
	Kitty                 // kitty's graphics protocol: kitty, Ghostty, WezTerm
)

func (p Protocol) String() string {
	switch p {
	case Sixel:
		return "sixel"
	case ITerm:
		return "iterm"
	case Kitty:
		return "kitty"
	}
	return "none"
}

// Terminal is what the program knows of the terminal it draws on.
type Terminal struct {
	Protocol Protocol
	// CellW, CellH are a cell's size in pixels; 0 when the terminal did
	// not say (pictures then assume 10×20).
	CellW, CellH int
	// Tmux wraps every sequence in tmux's passthrough (DCS tmux; … ST), set
	// only when a passed-through query was answered: tmux then has
	// allow-passthrough on.
	Tmux bool
	// Name is the terminal's XTVERSION answer ("kitty(0.26.5)", "XTerm(379)"),
	// for the log.
	Name string
	// Why says how Protocol was chosen, for the log and `cirrus doctor`.
	Why string
}

// Graphics reports whether pictures go through a protocol rather than text.
func (t Terminal) Graphics() bool { return t.Protocol != None }

// Cell is the cell size in pixels, with the fallback for an unknown one.
func (t Terminal) Cell() (w, h int) {
	if t.CellW <= 0 || t.CellH <= 0 {
		return 10, 20
	}
	return t.CellW, t.CellH
}

// Placement is one picture on screen: Img drawn into the box of Cols×Rows
// cells whose top-left cell is (Col, Row), both 0-based. Key names the
// picture (its URL): two placements with the same key and box are the
// same one (Equal), whatever Img holds.
type Placement struct {
	Key                  string
	Img                  image.Image
	Col, Row, Cols, Rows int
}

func (p Placement) String() string {
	return fmt.Sprintf("%s@%d,%d %dx%d", p.Key, p.Col, p.Row, p.Cols, p.Rows)
}

// Equal reports whether p and q show the same picture in the same box.
func (p Placement) Equal(q Placement) bool {
	return p.Key == q.Key && p.Col == q.Col && p.Row == q.Row && p.Cols == q.Cols && p.Rows == q.Rows
}
