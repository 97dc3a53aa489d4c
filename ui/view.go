package ui

import (
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
)

// layout is where things were drawn, for mouse hits.
type layout struct {
	bodyTop, bodyH int
	listW, detailW int
	npTop, npH     int
	waveTop, waveH int
	commentsH      int
	tabs           [][2]int // x ranges of the tab labels
}

// Chrome heights around the body.
const (
	tabBarH = 1
	statusH = 1
)

func (m *Model) resize(w, h int) {
	m.width, m.height = w, h
	m.c.Width, m.c.Height = w, h
	m.layoutPanes()
}

// layoutPanes computes the regions and gives every pane its size.
func (m *Model) layoutPanes() {
	w, h := m.width, m.height
	var l layout
	l.npH = npHeight(h)
	l.bodyTop = tabBarH
	l.bodyH = max(h-tabBarH-l.npH-statusH, 1)
	l.npTop = l.bodyTop + l.bodyH
	l.waveTop, l.waveH = l.npTop+1, l.npH-2
	l.listW = w
	if m.wide() {
		l.listW = w * 55 / 100
		l.detailW = w - l.listW - 1
		l.commentsH = l.bodyH / 2
	}
	x := 0
	for _, p := range m.panes {
		n := lipgloss.Width(m.c.Styles.Tab.Render(p.Name()))
		l.tabs = append(l.tabs, [2]int{x, x + n})
		x += n + 1
	}
	m.lay = l
	for _, p := range m.panes {
		p.SetSize(l.listW, l.bodyH)
	}
	if m.showComments {
		m.comments.SetSize(l.listW, l.bodyH)
	} else {
		m.comments.SetSize(l.detailW, l.commentsH)
	}
	if m.picker != nil {
		m.picker.list.SetSize(l.listW, l.bodyH-1)
	}
}

// View draws exactly height lines, none wider than the terminal.
func (m *Model) View() string {
	if m.width <= 0 || m.height <= 0 {
		return ""
	}
	if m.welcome {
		return clamp(m.welcomeView(), m.width, m.height)
	}
	l := m.lay
	var out []string
	out = append(out, m.tabBar())
	if m.showHelp {
		out = append(out, m.helpView(m.width, m.height-tabBarH-statusH), m.statusLine())
		return clamp(strings.Join(out, "\n"), m.width, m.height)
	}
	out = append(out, fit(m.body(l.listW, l.bodyH), l.bodyH, l.listW, m.detail(l))...)
	np := m.nowPlaying(m.width, l.npH)
	if m.prompt != nil {
		pv := m.promptView(m.width)
		np = append(np[:len(np)-1], pv[0])
		out = append(out, np...)
		out = append(out, pv[1])
	} else {
		out = append(out, np...)
		out = append(out, m.statusLine())
	}
	return clamp(strings.Join(out, "\n"), m.width, m.height)
}

func (m *Model) body(w, h int) string {
	switch {
	case m.picker != nil:
		return m.pickerView(w, h)
	case m.needsLogin(m.active) && !m.showComments:
		return m.c.Styles.Muted.Render(Truncate("Log in to see your "+strings.ToLower(m.panes[m.active].Name())+": quit and run `cirrus login`.", w))
	}
	return m.current().View()
}

// detail returns the detail pane's lines, or nil when there is no room.
func (m *Model) detail(l layout) []string {
	if l.detailW <= 0 || m.showHelp {
		return nil
	}
	return strings.Split(m.detailView(l.detailW, l.bodyH), "\n")
}

// fit pads or cuts the body to h lines of width w and joins the detail
// column beside it with a separator.
func fit(body string, h, w int, detail []string) []string {
	lines := strings.Split(body, "\n")
	out := make([]string, h)
	for i := range out {
		var s string
		if i < len(lines) {
			s = lines[i]
		}
		if detail != nil {
			s = PadRight(s, w) + "│"
			if i < len(detail) {
				s += detail[i]
			}
		}
		out[i] = s
	}
	return out
}

func (m *Model) tabBar() string {
	s := m.c.Styles
	var parts []string
	for i, p := range m.panes {
		st := s.Tab
		if i == m.active && !m.showComments {
			st = s.ActiveTab
		}
		parts = append(parts, st.Render(p.Name()))
	}
	bar := strings.Join(parts, " ")
	if m.showComments {
		bar += " " + s.ActiveTab.Render("Comments")
	}
	return bar
}

func (m *Model) statusLine() string {
	s := m.c.Styles
	if m.msg != "" {
		st := s.Status
		if m.msgErr {
			st = s.Error
		}
		return st.Render(Truncate(m.msg, m.width))
	}
	var parts []string
	for _, b := range m.shortHelp() {
		if !b.Enabled() {
			continue
		}
		parts = append(parts, b.Help().Key+" "+b.Help().Desc)
	}
	return s.Status.Render(Truncate(strings.Join(parts, " · "), m.width))
}

// clamp guarantees the frame: h lines, each at most w cells.
func clamp(s string, w, h int) string {
	lines := strings.Split(s, "\n")
	if len(lines) > h {
		lines = lines[:h]
	}
	for len(lines) < h {
		lines = append(lines, "")
	}
	for i, l := range lines {
		if ansi.StringWidth(l) > w {
			lines[i] = ansi.Truncate(l, w, "")
		}
	}
	return strings.Join(lines, "\n")
}

// mouse: click selects a row, a tab or a position on the waveform; the
// wheel scrolls.
func (m *Model) mouse(msg tea.MouseMsg) tea.Cmd {
	if m.welcome || m.prompt != nil {
		return nil
	}
	l := m.lay
	switch {
	case msg.Button == tea.MouseButtonWheelUp:
		return m.current().Scroll(-3)
	case msg.Button == tea.MouseButtonWheelDown:
		return m.current().Scroll(3)
	case msg.Button != tea.MouseButtonLeft || msg.Action != tea.MouseActionPress:
		return nil
	case msg.Y == 0:
		for i, r := range l.tabs {
			if msg.X >= r[0] && msg.X < r[1] {
				return m.switchTab(i)
			}
		}
	case msg.Y >= l.waveTop && msg.Y < l.waveTop+l.waveH:
		return m.seekTo(WaveformColumn(msg.X, m.width))
	case msg.Y >= l.bodyTop && msg.Y < l.bodyTop+l.bodyH && msg.X < l.listW:
		if m.picker != nil {
			m.picker.list.Click(msg.Y - l.bodyTop - 1)
			return nil
		}
		m.current().Click(msg.Y - l.bodyTop)
	}
	return nil
}

// shortHelp is the status line's hint for what is on screen.
func (m *Model) shortHelp() []key.Binding {
	k := m.c.Keys
	switch {
	case m.picker != nil:
		return []key.Binding{k.Nav.Open, k.Cloud.NewPlaylist, k.Nav.Back}
	case m.showComments:
		return []key.Binding{k.Cloud.Comment, k.Nav.Comments, k.Play.PlayPause, k.Play.SeekForward, k.App.Help}
	case m.active == tabQueue:
		return []key.Binding{k.Nav.Open, k.Queue.MoveUp, k.Queue.MoveDown, k.Queue.Remove, k.Queue.Clear, k.Play.Shuffle, k.Play.Repeat, k.App.Help}
	case m.active == tabSearch:
		return []key.Binding{k.Nav.Search, k.Nav.ToggleKind, k.Nav.Filter, k.Nav.Open, k.Cloud.Like, k.Cloud.Follow, k.App.Help}
	}
	return k.ShortHelp()
}
