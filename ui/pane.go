package ui

import (
	tea "github.com/charmbracelet/bubbletea"
)

// pane is what the root asks of every tab: soft-serve's component contract
// cut down to what cirrus uses.
type pane interface {
	Name() string
	SetSize(w, h int)
	// Init starts the first load when the pane is first shown.
	Init() tea.Cmd
	// Update takes keys meant for the pane and data messages for anyone;
	// handled says whether the message was the pane's.
	Update(msg tea.Msg) (handled bool, cmd tea.Cmd)
	View() string
	Selected() (item, bool)
	Loading() bool
	// Click selects the row at y inside the pane's box; Scroll is the wheel.
	Click(y int) bool
	Scroll(d int) tea.Cmd
	// InputFocused reports whether a text input owns the keyboard.
	InputFocused() bool
	// Visible is the list on screen; the root refreshes it when it changes.
	Visible() shownList
}

// shownList is what the root needs of the list on screen: which one it is,
// and a reload when a write elsewhere made it stale.
type shownList interface {
	ID() int
	Refresh() tea.Cmd
}

// browsePane is a tab that is just a browser: Feed, Likes, Playlists, Following.
type browsePane struct {
	name string
	*browser
}

func (p *browsePane) Name() string  { return p.name }
func (p *browsePane) Init() tea.Cmd { return p.browser.init() }
func (p *browsePane) Update(msg tea.Msg) (bool, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.KeyMsg:
		return p.browser.update(msg)
	case pageMsg:
		return p.handlePage(msg)
	case profileMsg:
		return p.handleProfile(msg), nil
	}
	return false, nil
}
func (p *browsePane) Selected() (item, bool) { return p.browser.selected() }
func (p *browsePane) Loading() bool          { return p.anyLoading() }
func (p *browsePane) InputFocused() bool     { return false }
func (p *browsePane) Visible() shownList     { return p.top().list() }
func (p *browsePane) Click(y int) bool {
	return p.top().list().Click(y - p.topLines - p.headerHeight(p.top()))
}
func (p *browsePane) Scroll(d int) tea.Cmd { return p.top().list().Scroll(d) }
