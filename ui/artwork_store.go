package ui

import (
	"container/list"
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

// Bounds of the decoded images kept: a cover is scaled down to
// maxArtSide on arrival (no box on any screen is larger), so each costs
// at most 1.6 MB.
const (
	maxArtImages = 48
	maxArtBytes  = 64 << 20
	maxArtSide   = 640
)

// artwork owns cover art: the decoded images (decoded once, kept in a
// bounded LRU), the loads in flight, and how art is drawn on this
// terminal. The detail pane and the now-playing bar read it.
type artwork struct {
	e            *env
	mode         artMode
	cellW, cellH int // pixels; from the terminal, or 10×20
	imgs         map[string]*list.Element
	lru          *list.List // of *artEntry, most recent first
	bytes        int
	pending      map[string]bool
}

type artEntry struct {
	url   string
	img   image.Image // nil: could not load; the placeholder stays
	bytes int
}

func newArtwork(e *env, mode config.Artwork, t termimg.Terminal) *artwork {
	a := &artwork{e: e, imgs: map[string]*list.Element{}, lru: list.New(), pending: map[string]bool{}}
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
	el, ok := a.imgs[url]
	if !ok {
		return nil, false
	}
	a.lru.MoveToFront(el)
	return el.Value.(*artEntry).img, true
}

// load fetches url unless it is cached, on its way, or art is off.
func (a *artwork) load(url string) tea.Cmd {
	if url == "" || a.mode == artOff || a.pending[url] {
		return nil
	}
	if _, ok := a.imgs[url]; ok {
		return nil
	}
	a.pending[url] = true
	return loadArtwork(a.e, url)
}

// put keeps a finished load, evicting the least recently used beyond
// the bounds.
func (a *artwork) put(msg artworkMsg) {
	delete(a.pending, msg.url)
	if el, ok := a.imgs[msg.url]; ok {
		a.bytes -= el.Value.(*artEntry).bytes
		a.lru.Remove(el)
	}
	n := 0
	if msg.img != nil {
		b := msg.img.Bounds()
		n = b.Dx() * b.Dy() * 4
	}
	a.imgs[msg.url] = a.lru.PushFront(&artEntry{url: msg.url, img: msg.img, bytes: n})
	a.bytes += n
	for a.lru.Len() > maxArtImages || (a.bytes > maxArtBytes && a.lru.Len() > 1) {
		old := a.lru.Remove(a.lru.Back()).(*artEntry)
		delete(a.imgs, old.url)
		a.bytes -= old.bytes
	}
}

// cols is the width in cells of a box rows cells high that is square in
// pixels.
func (a *artwork) cols(rows int) int {
	return max(1, (rows*a.cellH+a.cellW/2)/a.cellW)
}

// shrink scales a decoded cover down to at most maxArtSide a side, so
// the cache holds small images and drawing scales little.
func shrink(img image.Image) image.Image {
	b := img.Bounds()
	if b.Dx() <= maxArtSide && b.Dy() <= maxArtSide {
		return img
	}
	return scaleToFit(img, maxArtSide, maxArtSide).img
}
