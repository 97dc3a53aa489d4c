package ui

import (
	"image"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/cirrus-tui/cirrus/config"
	"github.com/cirrus-tui/cirrus/ui/termimg"
)

// artMode is how cover art is drawn.
type artMode int

const (
	artBlocks   artMode = iota // coloured half blocks, in the detail pane only
	artPictures                // a terminal graphics protocol: detail pane and now-playing bar
	artOff                     // no art at all
)

// maxArtFailed bounds the covers remembered as failed, so that a broken
// one is not asked for on every selection; past it the memory starts over.
const maxArtFailed = 64

// artwork owns how cover art is drawn on this terminal and which covers
// are on their way or failed; the decoded covers themselves are the
// shared artdecode.Covers' (e.covers), which the desktop notifications
// use too, so each is downloaded once. The detail pane and the
// now-playing bar read it.
type artwork struct {
	e            *env
	mode         artMode
	cellW, cellH int // pixels; from the terminal, or 10×20
	pending      map[string]bool
	failed       map[string]bool
}

func newArtwork(e *env, mode config.Artwork, t termimg.Terminal) *artwork {
	a := &artwork{e: e, pending: map[string]bool{}, failed: map[string]bool{}}
	a.setTerminal(mode, t)
	return a
}

// TerminalMsg tells the UI what the terminal can show, once it has
// answered: the UI starts before it does, drawing half blocks meanwhile.
type TerminalMsg struct{ Terminal termimg.Terminal }

// setTerminal draws art as t can show it.
func (a *artwork) setTerminal(mode config.Artwork, t termimg.Terminal) {
	switch {
	case t.Graphics():
		a.mode = artPictures
	case mode == config.ArtworkOff:
		a.mode = artOff
	default:
		a.mode = artBlocks
	}
	a.cellW, a.cellH = t.Cell()
}

// CellSizeMsg tells the UI a cell's size in pixels after the terminal
// changed it (a font zoom), so cover boxes stay square.
type CellSizeMsg struct{ W, H int }

// setCell keeps a new cell size; nonsense is ignored.
func (a *artwork) setCell(msg CellSizeMsg) {
	if msg.W > 0 && msg.H > 0 && msg.W <= 1024 && msg.H <= 1024 {
		a.cellW, a.cellH = msg.W, msg.H
	}
}

// pictures reports whether art goes through a graphics protocol.
func (a *artwork) pictures() bool { return a.mode == artPictures }

// image is the decoded cover at url; seen says a load finished (img nil:
// it failed).
func (a *artwork) image(url string) (img image.Image, seen bool) {
	if a.failed[url] {
		return nil, true
	}
	if a.e == nil || a.e.covers == nil {
		return nil, false
	}
	return a.e.covers.Cached(url)
}

// load fetches url unless it is in memory, on its way, failed, or art is
// off.
func (a *artwork) load(url string) tea.Cmd {
	if url == "" || a.mode == artOff || a.pending[url] || a.failed[url] {
		return nil
	}
	if _, ok := a.image(url); ok {
		return nil
	}
	a.pending[url] = true
	return loadArtwork(a.e, url)
}

// done records a finished load.
func (a *artwork) done(msg artworkMsg) {
	delete(a.pending, msg.url)
	if msg.err == nil {
		return
	}
	if len(a.failed) >= maxArtFailed {
		clear(a.failed)
	}
	a.failed[msg.url] = true
}

// cols is the width in cells of a box rows cells high that is square in
// pixels.
func (a *artwork) cols(rows int) int {
	return max(1, (rows*a.cellH+a.cellW/2)/a.cellW)
}
