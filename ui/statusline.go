package ui

import (
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
)

// statusMsg puts a message on the status line for a while.
type statusMsg struct {
	text   string
	err    bool
	sticky bool // stays until another message replaces it
}

// clearStatusMsg ends a message's time; id drops the timers of older ones.
type clearStatusMsg struct{ id int }

// statusCmd is a command that puts text on the status line.
func statusCmd(text string, isErr bool) tea.Cmd {
	return func() tea.Msg { return statusMsg{text: text, err: isErr} }
}

// statusLine is the bottom line: the last message for a few seconds (an
// error in the error colour), else key hints for what is on screen.
type statusLine struct {
	c      *Common
	text   string
	err    bool
	sticky bool // a warning that outlives the clear timer (no sound device)
	id     int
}

const statusFor = 6 * time.Second

// set shows text now and schedules its clearing.
func (s *statusLine) set(text string, isErr bool) tea.Cmd {
	s.text, s.err, s.sticky = SanitizeLine(text), isErr, false
	s.id++
	return s.c.After(statusFor, clearStatusMsg{id: s.id})
}

// leftTab drops the message when the user goes to another tab: it spoke
// of what was on the old one. A sticky warning stays.
func (s *statusLine) leftTab() {
	if !s.sticky {
		s.text = ""
		s.id++ // the old message's timer is no longer ours
	}
}

// Update takes status messages and their timers.
func (s *statusLine) Update(msg tea.Msg) (bool, tea.Cmd) {
	switch msg := msg.(type) {
	case statusMsg:
		cmd := s.set(msg.text, msg.err)
		s.sticky = msg.sticky
		return true, cmd
	case clearStatusMsg:
		if msg.id == s.id && !s.sticky {
			s.text = ""
		}
		return true, nil
	}
	return false, nil
}

// View draws the message, or the hints when there is none.
func (s *statusLine) View(w int, hints []key.Binding) string {
	st := s.c.Styles
	if s.text != "" {
		style := st.Status
		if s.err {
			style = st.Error
		}
		return style.Render(Truncate(s.text, w))
	}
	var parts []string
	for _, b := range hints {
		if b.Enabled() {
			parts = append(parts, b.Help().Key+" "+b.Help().Desc)
		}
	}
	return st.Status.Render(Truncate(strings.Join(parts, " · "), w))
}
