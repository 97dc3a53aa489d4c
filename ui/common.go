package ui

import (
	"time"

	"github.com/charmbracelet/bubbles/cursor"
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"github.com/cirrus-tui/cirrus/config"
)

// Common is what every pane shares: the size it was given, the styles and
// the key map. Panes hold a pointer so a resize or a rebinding reaches all.
type Common struct {
	Width, Height int
	Styles        Styles
	Keys          KeyMap
	Spin          string // current spinner frame, shared by all lists
	// Presses counts key presses; a list's go-to-end stops at the next one.
	Presses int
	// After schedules msg after d; tests swap it to deliver timers by hand.
	After func(d time.Duration, msg tea.Msg) tea.Cmd
	Now   func() time.Time // pinned in golden tests
	// Mark is the root's liked/following badge for a row, so optimistic
	// likes and follows show in every list at once.
	Mark func(it item) string
	// Badge is what playing taught about a row (DRM), from nowPlaying.
	Badge func(it item) string
	// Match is the list filter's text, underlined in rows ("" for none).
	Match func() string
	// SortLabel is "sorted by title" for a sorted list's id, else "".
	SortLabel func(id int) string
	// Picked is set on the copy a list draws the rows of its visual
	// selection with.
	Picked bool
}

// Styles keeps every colour decision in one place so a theme changes them all.
type Styles struct {
	Tab, ActiveTab, TabBar  lipgloss.Style
	Title, Text, Muted      lipgloss.Style
	Selected, SelectedMuted lipgloss.Style
	Highlight, Accent       lipgloss.Style
	Error, Badge            lipgloss.Style
	Played, Unplayed        lipgloss.Style
	Border                  lipgloss.Style
	Status                  lipgloss.Style
}

// DefaultStyles derives the styles from a theme so [theme] in the config
// recolours the whole UI.
func DefaultStyles(t config.Theme) Styles {
	c := func(s string) lipgloss.Color { return lipgloss.Color(s) }
	return Styles{
		Tab:           lipgloss.NewStyle().Foreground(c(t.Muted)).Padding(0, 1),
		ActiveTab:     lipgloss.NewStyle().Foreground(c(t.Accent)).Bold(true).Underline(true).Padding(0, 1),
		TabBar:        lipgloss.NewStyle(),
		Title:         lipgloss.NewStyle().Foreground(c(t.Text)).Bold(true),
		Text:          lipgloss.NewStyle().Foreground(c(t.Text)),
		Muted:         lipgloss.NewStyle().Foreground(c(t.Muted)),
		Selected:      lipgloss.NewStyle().Foreground(c(t.Highlight)).Bold(true),
		SelectedMuted: lipgloss.NewStyle().Foreground(c(t.Highlight)),
		Highlight:     lipgloss.NewStyle().Foreground(c(t.Highlight)).Bold(true),
		Accent:        lipgloss.NewStyle().Foreground(c(t.Accent)),
		Error:         lipgloss.NewStyle().Foreground(c(t.Error)),
		Badge:         lipgloss.NewStyle().Foreground(c(t.Accent)).Bold(true),
		Played:        lipgloss.NewStyle().Foreground(c(t.Played)),
		Unplayed:      lipgloss.NewStyle().Foreground(c(t.Unplayed)),
		Border:        lipgloss.NewStyle().Foreground(c(t.Muted)),
		Status:        lipgloss.NewStyle().Foreground(c(t.Muted)),
	}
}

// newInput is a text input with a steady cursor: a blinking one would wake
// the program twice a second for nothing.
// editsText reports whether msg is one of in's editing keys (delete to
// the line's start, a word back, move to the end, …), which an input
// takes before any list binding on the same key.
func editsText(in textinput.Model, msg tea.KeyMsg) bool {
	km := in.KeyMap
	return key.Matches(msg, km.CharacterForward, km.CharacterBackward, km.WordForward, km.WordBackward,
		km.DeleteWordBackward, km.DeleteWordForward, km.DeleteAfterCursor, km.DeleteBeforeCursor,
		km.DeleteCharacterBackward, km.DeleteCharacterForward, km.LineStart, km.LineEnd, km.Paste)
}

func newInput() textinput.Model {
	in := textinput.New()
	in.Cursor.SetMode(cursor.CursorStatic)
	return in
}
