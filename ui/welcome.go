package ui

import (
	"strings"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
)

// welcomeKey handles the first screen of a user who is not signed in.
func (m *Model) welcomeKey(msg tea.KeyMsg) tea.Cmd {
	switch msg.String() {
	case "l", "enter":
		if m.opts.Login == nil {
			m.welcome.outcome = OutcomeLogin
			return tea.Quit
		}
		login, ctx := m.opts.Login, m.e.ctx
		return tea.Batch(m.setStatus("Waiting for the browser sign-in…", false), func() tea.Msg {
			return loginMsg{err: login(ctx)}
		})
	case "a":
		m.welcome.anonymous = true
		return m.start()
	case "d":
		m.welcome.outcome = OutcomeDemo
		return tea.Quit
	case "q", "ctrl+c", "esc":
		return m.quit()
	}
	return nil
}

func (m *Model) welcomeView() string {
	s := m.c.Styles
	lines := []string{
		s.Accent.Bold(true).Render("☁ cirrus"),
		s.Muted.Render("SoundCloud in your terminal"),
		"",
		s.Text.Render(notice(m.opts.Notice)),
		"",
		s.Highlight.Render("l") + s.Text.Render("  log in with your SoundCloud account"),
		s.Highlight.Render("a") + s.Text.Render("  continue anonymously (search and play public tracks)"),
		s.Highlight.Render("d") + s.Text.Render("  open the demo (no account, no network)"),
		s.Highlight.Render("q") + s.Text.Render("  quit"),
	}
	if m.status.text != "" {
		lines = append(lines, "", m.status.View(m.c.Width, nil))
	}
	for i := range lines {
		lines[i] = Truncate(lines[i], m.c.Width)
	}
	box := strings.Join(lines, "\n")
	return lipgloss.Place(m.c.Width, m.c.Height, lipgloss.Center, lipgloss.Center, box)
}

func notice(n string) string {
	if n == "" {
		return "You are not signed in."
	}
	return SanitizeLine(n)
}
