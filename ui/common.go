package ui

import (
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/cursor"
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textinput"
	"github.com/charmbracelet/lipgloss"

	"github.com/cirrus-tui/cirrus/config"
)

// Common is what every pane shares: the size it was given, the styles and
// the key map. Panes hold a pointer so a resize or a rebinding reaches all.
type Common struct {
	Width, Height int
	Styles        Styles
	Keys          KeyMap
	Spin          string           // current spinner frame, shared by all lists
	// Presses counts key presses; a list's go-to-end stops at the next one.
	Presses int
	Now           func() time.Time // pinned in golden tests
	// Mark is the root's liked/following badge for a row, so optimistic
	// likes and follows show in every list at once.
	Mark func(it item) string
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

// KeyMap holds one binding per config action so [keys] can rebind any of
// them and the help view always shows what is really bound.
type KeyMap struct {
	b map[string]*key.Binding
}

// NewKeyMap builds the bindings from config.Actions, taking keys from
// bindings where present (the merged [keys] table) and defaults otherwise.
func NewKeyMap(bindings map[string][]string) KeyMap {
	km := KeyMap{b: make(map[string]*key.Binding, len(config.Actions))}
	for _, a := range config.Actions {
		keys, ok := bindings[a.Name]
		if !ok {
			keys = a.Keys
		}
		var names []string
		for _, k := range keys {
			names = append(names, k)
			switch k {
			case "space":
				names = append(names, " ") // Bubble Tea spells space " "
			case "alt+space":
				names = append(names, "alt+ ")
			}
		}
		b := key.NewBinding(key.WithKeys(names...), key.WithHelp(strings.Join(keys, "/"), a.Help))
		if len(keys) == 0 {
			b.SetEnabled(false)
		}
		km.b[a.Name] = &b
	}
	return km
}

// Binding returns the binding of an action; unknown names give a disabled one.
func (k KeyMap) Binding(action string) key.Binding {
	if b, ok := k.b[action]; ok {
		return *b
	}
	b := key.NewBinding()
	b.SetEnabled(false)
	return b
}

// Is reports whether msg triggers action.
func (k KeyMap) Is(msg interface{ String() string }, action string) bool {
	b, ok := k.b[action]
	if !ok || !b.Enabled() {
		return false
	}
	s := msg.String()
	for _, want := range b.Keys() {
		if s == want {
			return true
		}
	}
	return false
}

// ShortHelp is the one-line help in the status bar.
func (k KeyMap) ShortHelp() []key.Binding {
	return k.Bindings("play_pause", "open", "enqueue", "like", "comment", "search", "help", "quit")
}

// Bindings returns the bindings of the named actions, for per-pane hints.
func (k KeyMap) Bindings(actions ...string) []key.Binding {
	out := make([]key.Binding, 0, len(actions))
	for _, n := range actions {
		out = append(out, k.Binding(n))
	}
	return out
}

// FullHelp is the ? screen, one column per config group.
func (k KeyMap) FullHelp() [][]key.Binding {
	var groups []string
	cols := map[string][]key.Binding{}
	for _, a := range config.Actions {
		if _, ok := cols[a.Group]; !ok {
			groups = append(groups, a.Group)
		}
		cols[a.Group] = append(cols[a.Group], k.Binding(a.Name))
	}
	var out [][]key.Binding
	for _, g := range groups {
		out = append(out, cols[g])
	}
	return out
}

// Groups names the FullHelp columns in order.
func (k KeyMap) Groups() []string {
	var groups []string
	seen := map[string]bool{}
	for _, a := range config.Actions {
		if !seen[a.Group] {
			seen[a.Group] = true
			groups = append(groups, a.Group)
		}
	}
	return groups
}

// newInput is a text input with a steady cursor: a blinking one would wake
// the program twice a second for nothing.
func newInput() textinput.Model {
	in := textinput.New()
	in.Cursor.SetMode(cursor.CursorStatic)
	return in
}
