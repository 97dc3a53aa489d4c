package ui

import (
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"github.com/cirrus-tui/cirrus/ui/termimg"
)

// layout is where things were drawn, for mouse hits.
type layout struct {
	bodyTop, bodyH int
	listW, detailW int
	npTop, npH     int
	waveTop, waveH int
	commentsH      int
	// what the layout was made for, to redo it when that changes
	comments, picker bool
}

// Chrome heights around the body.
const (
	tabBarH = 1
	statusH = 1
)

// wide reports whether the detail pane fits beside the list.
func (m *Model) wide() bool { return m.c.Width >= 110 }

// layoutPanes computes the regions and gives every pane its size.
func (m *Model) layoutPanes() {
	w, h := m.c.Width, m.c.Height
	var l layout
	l.comments, l.picker = m.body == bodyComments, m.picker != nil
	l.npH = npHeight(h, m.detail.art.pictures())
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
	m.lay = l
	m.tabs.SetSize(l.listW, l.bodyH)
	if m.help != nil {
		m.help.SetSize(w, h-tabBarH-statusH)
	}
	if l.comments {
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
	w, h := m.c.Width, m.c.Height
	m.pics = nil
	if w <= 0 || h <= 0 {
		return ""
	}
	if m.welcome.shown {
		return clamp(m.welcomeView(), w, h)
	}
	l := m.lay
	var out []string
	extra := ""
	if m.body == bodyComments {
		extra = "Comments"
	}
	out = append(out, m.tabs.View(extra))
	if m.help != nil {
		out = append(out, m.help.View(), m.status.View(w, nil))
		return clamp(strings.Join(out, "\n"), w, h)
	}
	detail := m.detailLines(l)
	if p := m.detail.pic; detail != nil && p != nil {
		m.place(*p, l.listW+1, l.bodyTop)
	}
	out = append(out, fit(m.bodyView(l.listW, l.bodyH), l.bodyH, l.listW, detail)...)
	np := m.np.View(w, l.npH)
	if p := m.np.pic; p != nil {
		m.place(*p, 0, l.npTop)
	}
	if m.prompt != nil {
		pv := m.prompt.View(w)
		np = append(np[:len(np)-1], pv[0])
		out = append(out, np...)
		out = append(out, pv[1])
	} else if m.cmd.open {
		if len(np) > 0 {
			np = np[:len(np)-1]
		}
		out = append(out, append(np, m.cmd.View(w)...)...)
	} else {
		out = append(out, np...)
		out = append(out, m.bottomLine(w))
	}
	return clamp(strings.Join(out, "\n"), w, h)
}

func (m *Model) bodyView(w, h int) string {
	switch {
	case m.picker != nil:
		return m.picker.View(w)
	case m.needsLogin(m.tabs.active) && m.body == bodyTab:
		return m.c.Styles.Muted.Render(Truncate("Log in to see your "+strings.ToLower(m.tabs.current().Name())+": quit and run `cirrus login`.", w))
	}
	return m.current().View()
}

// place records a picture whose box View left blank at (col, row).
func (m *Model) place(p termimg.Placement, col, row int) {
	p.Col, p.Row = col, row
	m.pics = append(m.pics, p)
}

// Pictures are the covers the last View left room for, at their cells:
// a screen that speaks a graphics protocol draws them over the frame.
func (m *Model) Pictures() []termimg.Placement { return m.pics }

// detailLines returns the detail pane's lines, or nil when there is no room.
func (m *Model) detailLines(l layout) []string {
	if l.detailW <= 0 {
		return nil
	}
	ch := l.commentsH
	if m.body == bodyComments {
		ch = 0 // the comments fill the list column already
	}
	it, ok := m.current().Selected()
	return strings.Split(m.detail.View(it, ok, l.detailW, l.bodyH, ch), "\n")
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
	if m.welcome.shown || m.prompt != nil || m.cmd.open || m.help != nil {
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
		if t, ok := m.tabs.hit(msg.X); ok {
			return m.switchTab(t)
		}
	case msg.Y >= l.waveTop && msg.Y < l.waveTop+l.waveH && msg.X >= m.np.waveLeft:
		return m.np.seekTo(WaveformColumn(msg.X-m.np.waveLeft, m.c.Width-m.np.waveLeft))
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
	case m.body == bodyComments:
		return []key.Binding{k.Cloud.Comment, k.Nav.Comments, k.Play.PlayPause, k.Play.SeekForward, k.App.Help}
	case m.tabs.active == tabQueue:
		return []key.Binding{k.Nav.Open, k.Queue.MoveUp, k.Queue.MoveDown, k.Queue.Remove, k.Queue.Clear, k.Play.Shuffle, k.Play.Repeat, k.App.Help}
	case m.tabs.active == tabSearch:
		return []key.Binding{k.Nav.Search, k.Nav.ToggleKind, k.Nav.Filter, k.Nav.Open, k.Cloud.Like, k.Cloud.Follow, k.App.Help}
	}
	return k.ShortHelp()
}
