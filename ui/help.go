package ui

import (
	"fmt"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"github.com/cirrus-tui/cirrus/player/command"
)

// helpOverlay lists every binding of every action, grouped as config
// groups them, in as many columns as fit whole; what does not fit the
// height scrolls with the navigation keys. Any other key closes it.
type helpOverlay struct {
	c             *Common
	width, height int
	offset        int
	rows, total   int // lines of entries shown at once, and in all
}

// SetSize lays the help out for a box of w×h (a title line and entries).
func (h *helpOverlay) SetSize(w, height int) {
	h.width, h.height = w, height
	h.total = len(h.lines(w))
	h.rows = max(height-1, 1)
	h.offset = min(max(h.offset, 0), max(h.total-h.rows, 0))
}

// helpClosed is returned by Update when a key closed the overlay.
type helpClosed bool

// Update scrolls on navigation keys; closed is true for any other key.
func (h *helpOverlay) Update(msg tea.KeyMsg) (closed helpClosed) {
	k := h.c.Keys.Nav
	page := max(h.rows, 1)
	switch {
	case key.Matches(msg, k.Down):
		h.offset++
	case key.Matches(msg, k.Up):
		h.offset--
	case key.Matches(msg, k.PageDown):
		h.offset += page
	case key.Matches(msg, k.PageUp):
		h.offset -= page
	case key.Matches(msg, k.Top):
		h.offset = 0
	case key.Matches(msg, k.Bottom):
		h.offset = h.total
	default:
		return true
	}
	h.offset = min(max(h.offset, 0), max(h.total-h.rows, 0))
	return false
}

// lines lays the help out at width w: a heading per group, then its
// bindings row by row in the most columns where every entry fits whole.
func (h *helpOverlay) lines(w int) []string {
	s := h.c.Styles
	groups, cols := h.c.Keys.Groups(), h.c.Keys.FullHelp()
	keyW, entryW := 0, 0
	for _, col := range cols {
		for _, b := range col {
			keyW = max(keyW, lipgloss.Width(b.Help().Key))
		}
	}
	for _, col := range cols {
		for _, b := range col {
			entryW = max(entryW, keyW+2+lipgloss.Width(b.Help().Desc))
		}
	}
	ncol := max(1, (w+2)/(entryW+2))
	colW := max(entryW, w/ncol-2)
	var out []string
	for gi, col := range cols {
		out = append(out, s.Title.Render(Truncate(groups[gi], w)))
		for i := 0; i < len(col); i += ncol {
			var line string
			for j := i; j < min(i+ncol, len(col)); j++ {
				b := col[j].Help()
				cell := s.Accent.Render(PadRight(b.Key, keyW)) + "  " + s.Text.Render(b.Desc)
				if j+1 < min(i+ncol, len(col)) {
					cell = PadRight(cell, colW) + "  "
				}
				line += cell
			}
			out = append(out, Truncate(line, w))
		}
	}
	return append(out, commandLines(h.c, w)...)
}

// commandLines lists the `:` commands from the table the parser reads, so
// the help names exactly what runs.
func commandLines(c *Common, w int) []string {
	s := c.Styles
	out := []string{s.Title.Render(Truncate("Commands (type : then a name; Tab completes)", w))}
	nameW := 0
	for _, sp := range command.Specs {
		nameW = max(nameW, lipgloss.Width(sp.Usage())+1)
	}
	nameW = min(nameW, max(w/2, 10))
	for _, sp := range command.Specs {
		out = append(out, Truncate(s.Accent.Render(PadRight(Truncate(":"+sp.Usage(), nameW), nameW))+"  "+s.Text.Render(sp.Help), w))
	}
	return out
}

// View draws the box: a title with the scroll position, then
// the visible part of the list.
func (h *helpOverlay) View() string {
	w := h.width
	all := h.lines(w)
	end := min(h.offset+h.rows, len(all))
	title := "Keys (any key closes)"
	if h.total > h.rows {
		k := h.c.Keys.Nav
		title = fmt.Sprintf("Keys %d–%d of %d · %s/%s scroll · any other key closes", h.offset+1, end, h.total, k.Down.Help().Key, k.Up.Help().Key)
	}
	out := h.c.Styles.Muted.Render(Truncate(title, w))
	for _, l := range all[h.offset:end] {
		out += "\n" + l
	}
	return out
}
