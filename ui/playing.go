package ui

import (
	tea "github.com/charmbracelet/bubbletea"
)

// playOrigin is the list playback was started from, for jump_to_playing.
// The list belongs to its pane; this only points at it.
type playOrigin struct {
	tab  tab
	list *List[item]
	view *view // the browser view of list, reopened if it was closed
}

// mark is a row's mark: ▶ on the playing track, in every list, before the
// library's liked/following marks.
func (m *Model) mark(it item) string {
	mk := m.lib.mark(it)
	if it.Track != nil && it.Track.URN != "" && it.Track.URN == m.np.playingURN() {
		if mk == "" {
			return "▶"
		}
		return "▶ " + mk
	}
	return mk
}

// jumpToPlaying shows the list playback started from with the cursor on
// the playing track (or, without an origin, finds it in the list on
// screen).
func (m *Model) jumpToPlaying() tea.Cmd {
	urn := m.np.playingURN()
	if urn == "" {
		return statusCmd("Nothing is playing.", false)
	}
	var cmds []tea.Cmd
	l := m.origin.list
	if l != nil {
		m.body = bodyTab
		cmds = append(cmds, m.switchTab(m.origin.tab))
		if b := browserOf(m.tabs.current()); b != nil && !b.reveal(l) {
			if v := m.origin.view; v != nil && v.lists[v.active] == l {
				cmds = append(cmds, b.push(v)) // closed since: open it again
			} else {
				l = nil
			}
		}
	}
	if l == nil {
		v, ok := m.current().Visible().(*List[item])
		if !ok {
			return statusCmd("The list playback started from is gone.", false)
		}
		l = v
	}
	for i, it := range l.Items() {
		if it.Track != nil && it.Track.URN == urn {
			return tea.Batch(append(cmds, l.Move(i))...)
		}
	}
	return tea.Batch(append(cmds, statusCmd("The playing track is not in the loaded part of this list.", false))...)
}

// reveal brings the view holding l back to the top of the stack, closing
// the views opened above it; false when l is no longer in the stack.
func (b *browser) reveal(l *List[item]) bool {
	for i := len(b.stack) - 1; i >= 0; i-- {
		v := b.stack[i]
		for k, x := range v.lists {
			if x == l {
				b.stack = b.stack[:i+1]
				v.active = k
				return true
			}
		}
	}
	return false
}

// browserOf is the navigation stack of a browsing pane, nil for others.
func browserOf(p pane) *browser {
	switch p := p.(type) {
	case *browsePane:
		return p.browser
	case *searchPane:
		return p.browser
	}
	return nil
}
