package ui

import (
	"strings"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
)

// tab indexes the tab bar, in its order.
type tab int

const (
	tabFeed tab = iota
	tabLikes
	tabSearch
	tabPlaylists
	tabFollowing
	tabQueue
	tabHistory
)

// tabBar owns the tabs: their panes, which one is active, which were
// started, and the bar drawn above them. A new tab is a pane added to the
// list New builds (and a constant here).
type tabBar struct {
	c       *Common
	panes   []pane
	active  tab
	started map[tab]bool
}

func newTabBar(c *Common, panes []pane) *tabBar {
	return &tabBar{c: c, panes: panes, started: map[tab]bool{}}
}

func (t *tabBar) current() pane   { return t.panes[t.active] }
func (t *tabBar) pane(i tab) pane { return t.panes[i] }
func (t *tabBar) count() int      { return len(t.panes) }

// show makes i the active tab: the first time it starts loading; later
// visits reload what must be fresh (the queue).
func (t *tabBar) show(i tab, needsLogin bool) tea.Cmd {
	t.active = i
	if needsLogin || t.started[i] {
		if q, ok := t.panes[i].(*queuePane); ok {
			return q.Init()
		}
		if h, ok := t.panes[i].(*historyPane); ok {
			return h.Init()
		}
		return nil
	}
	t.started[i] = true
	return t.panes[i].Init()
}

// preload loads the lists the library learns marks from (likes, follows)
// before their tabs are opened.
func (t *tabBar) preload() tea.Cmd {
	var cmds []tea.Cmd
	want := map[listKind]bool{likedTracksList: true, likedPlaylistsList: true, followingsList: true}
	for _, p := range t.panes {
		if b, ok := p.(*browsePane); ok {
			cmds = append(cmds, b.ensureKinds(want))
		}
	}
	return tea.Batch(cmds...)
}

// loading reports whether any tab waits for a page.
func (t *tabBar) loading() bool {
	for _, p := range t.panes {
		if p.Loading() {
			return true
		}
	}
	return false
}

// route offers a data message to every tab; only its owner takes it.
func (t *tabBar) route(msg tea.Msg) tea.Cmd {
	for _, p := range t.panes {
		if ok, cmd := p.Update(msg); ok {
			return cmd
		}
	}
	return nil
}

// invalidate marks every list of a kind stale, in every tab.
func (t *tabBar) invalidate(k listKind) {
	for _, p := range t.panes {
		if b, ok := p.(*browsePane); ok {
			b.invalidate(k)
		}
	}
}

// reload loads every loaded list of a kind again now (a playlist created).
func (t *tabBar) reload(k listKind) tea.Cmd {
	var cmds []tea.Cmd
	for _, p := range t.panes {
		if b, ok := p.(*browsePane); ok {
			cmds = append(cmds, b.reload(k))
		}
	}
	return tea.Batch(cmds...)
}

func (t *tabBar) SetSize(w, h int) {
	for _, p := range t.panes {
		p.SetSize(w, h)
	}
}

// hit returns the tab whose label covers column x of the bar.
func (t *tabBar) hit(x int) (tab, bool) {
	at := 0
	for i, p := range t.panes {
		n := lipgloss.Width(t.c.Styles.Tab.Render(p.Name()))
		if x >= at && x < at+n {
			return tab(i), true
		}
		at += n + 1
	}
	return 0, false
}

// View draws the bar; extra is an overlay's label shown as the active one.
func (t *tabBar) View(extra string) string {
	// Narrow terminals get the names without padding, then cut to four
	// letters, rather than losing the last tabs off the edge.
	var bar string
	for _, f := range []tabFit{tabPadded, tabTight, tabShort} {
		bar = t.render(extra, f)
		if t.c.Width <= 0 || lipgloss.Width(bar) <= t.c.Width {
			break
		}
	}
	return bar
}

// tabFit is how much room each tab's name takes.
type tabFit int

const (
	tabPadded tabFit = iota // the name with a space either side
	tabTight                // the name
	tabShort                // the name's first four letters
)

func (t *tabBar) render(extra string, fit tabFit) string {
	s := t.c.Styles
	var parts []string
	for i, p := range t.panes {
		st := s.Tab
		if tab(i) == t.active && extra == "" {
			st = s.ActiveTab
		}
		name := p.Name()
		if fit != tabPadded {
			st = st.UnsetPadding()
		}
		if r := []rune(name); fit == tabShort && len(r) > 4 {
			name = string(r[:4])
		}
		parts = append(parts, st.Render(name))
	}
	bar := strings.Join(parts, " ")
	if extra != "" {
		bar += " " + s.ActiveTab.Render(extra)
	}
	return bar
}
