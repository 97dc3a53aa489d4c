package ui

import (
	"fmt"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"github.com/cirrus-tui/cirrus/api"
)

// promptKind says what a prompt's text is for.
type promptKind int

const (
	promptComment promptKind = iota // a timed comment on track at at
	promptConfirm                   // y/n: add track to playlist again
	promptRename                    // a playlist's new title
	promptDelete                    // y/n: delete playlist
)

// prompt is a one-line text input over the status line.
type prompt struct {
	c        *Common
	kind     promptKind
	label    string
	input    textinput.Model
	track    *api.Track
	playlist *api.Playlist // promptConfirm
	at       time.Duration
	sending  bool
	err      error
}

// commentMsg answers a comment post; on error the text stays for a retry.
type commentMsg struct {
	t       *api.Track
	track   api.URN
	comment *api.Comment
	err     error
}

func newPrompt(c *Common, kind promptKind, label string, t *api.Track, at time.Duration) *prompt {
	in := newInput()
	in.Prompt = ""
	in.CharLimit = 1000
	in.Width = max(c.Width-lipgloss.Width(label)-2, 10)
	return &prompt{c: c, kind: kind, label: label, input: in, track: t, at: at}
}

func (m *Model) startPrompt(kind promptKind, label string, t *api.Track, at time.Duration) tea.Cmd {
	m.prompt = newPrompt(m.c, kind, label, t, at)
	return m.prompt.input.Focus()
}

func (m *Model) commentPrompt() tea.Cmd {
	if cmd, ok := m.requireLogin("comment"); ok {
		return cmd
	}
	st := m.np.Status()
	if st.Track == nil {
		return m.setStatus("Play a track to comment at a position.", true)
	}
	label := fmt.Sprintf("Comment on “%s” at %s: ", Truncate(SanitizeLine(st.Track.Title), max(m.c.Width/3, 10)), Clock(st.Position))
	return m.startPrompt(promptComment, label, st.Track, st.Position)
}

// confirmDuplicate asks before adding a track to a playlist it is in.
func (m *Model) confirmDuplicate(msg addedMsg) tea.Cmd {
	label := fmt.Sprintf("%q is already in %q. Add it again? (y/n) ", SanitizeLine(msg.track.Title), SanitizeLine(msg.playlist.Title))
	cmd := m.startPrompt(promptConfirm, label, msg.track, 0)
	m.prompt.playlist = msg.playlist
	return cmd
}

// Update handles a key; closed says the prompt is done (sent, cancelled
// or answered). A comment stays open while it is sent, for a retry.
func (p *prompt) Update(msg tea.KeyMsg, e *env) (closed bool, cmd tea.Cmd) {
	if p.kind == promptConfirm {
		if msg.String() == "y" || msg.String() == "Y" {
			return true, tea.Batch(statusCmd(fmt.Sprintf("Adding to %q again…", SanitizeLine(p.playlist.Title)), false),
				addToPlaylistCmd(e, p.playlist, p.track, true))
		}
		return true, statusCmd("Not added.", false)
	}
	switch msg.Type {
	case tea.KeyEsc:
		return true, nil
	case tea.KeyEnter:
		text := strings.TrimSpace(p.input.Value())
		if text == "" || p.sending {
			return false, nil
		}
		p.err = nil
		p.sending = true
		t, urn, at := p.track, p.track.URN, p.at
		return false, func() tea.Msg {
			c, err := e.b.PostComment(e.ctx, urn, text, at)
			if err != nil {
				err = fmt.Errorf("post comment: %w", err)
			}
			return commentMsg{t: t, track: urn, comment: c, err: err}
		}
	}
	p.input, cmd = p.input.Update(msg)
	return false, cmd
}

func (m *Model) promptKey(msg tea.KeyMsg) tea.Cmd {
	if msg.Type == tea.KeyCtrlC {
		return m.quit()
	}
	if cmd, ok := m.playlistPromptKey(msg); ok {
		return cmd
	}
	closed, cmd := m.prompt.Update(msg, m.e)
	if closed {
		m.prompt = nil
	}
	return cmd
}

// commentResult closes the prompt on success and shows the comment where
// it belongs; on failure the prompt keeps the text for another enter.
func (m *Model) commentResult(msg commentMsg) tea.Cmd {
	if m.prompt != nil && m.prompt.kind == promptComment {
		m.prompt.sending = false
		if msg.err != nil {
			m.prompt.err = msg.err // the text stays for another enter
			if _, refused := api.AppRefusal(msg.err); refused {
				return failure("", msg.err)
			}
			return nil
		}
		m.prompt = nil
	}
	if msg.err != nil {
		return failure(msg.err.Error(), msg.err)
	}
	m.np.addComment(msg.track, msg.comment)
	m.lib.commented(msg.t)
	var cmd tea.Cmd
	if m.comments.track != nil && m.comments.track.URN == msg.track {
		cmd = m.comments.Reload()
	} else if t := m.np.Track(); t != nil && t.URN == msg.track {
		cmd = m.comments.SetTrack(t)
	}
	at := time.Duration(0)
	if msg.comment != nil {
		at = msg.comment.Timestamp.Duration()
	}
	return tea.Batch(cmd, m.setStatus("Comment posted at "+Clock(at)+".", false))
}

// View draws two lines: a note (sending, the error, what keys do) and the
// label with the input.
func (p *prompt) View(w int) []string {
	s := p.c.Styles
	var note string
	switch {
	case p.sending:
		note = s.Muted.Render(p.c.Spin + " sending…")
	case p.err != nil:
		text := p.err.Error()
		if k, refused := api.AppRefusal(p.err); refused {
			text = k.Sentence()
		}
		note = s.Error.Render("✗ " + SanitizeLine(text) + " — enter to retry, esc to cancel")
	case p.kind == promptConfirm:
		note = s.Muted.Render("y to add · any other key cancels")
	case p.kind == promptDelete:
		note = s.Error.Render("y deletes it for good · any other key cancels")
	case p.kind == promptRename:
		note = s.Muted.Render("enter to rename · esc to cancel")
	default:
		note = s.Muted.Render("enter to send · esc to cancel")
	}
	if p.kind == promptConfirm || p.kind == promptDelete {
		return []string{Truncate(note, w), Truncate(s.Highlight.Render(p.label), w)}
	}
	return []string{Truncate(note, w), Truncate(s.Highlight.Render(p.label)+p.input.View(), w)}
}
