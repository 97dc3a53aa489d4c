package ui

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"github.com/cirrus-tui/cirrus/api"
)

// picker chooses one of my playlists to add a track to.
type picker struct {
	track *api.Track
	list  *List[item]
}

func (p *picker) update(msg tea.Msg) (bool, tea.Cmd) {
	if pm, ok := msg.(pageMsg); ok {
		return p.list.Handle(pm)
	}
	return false, nil
}

// openPicker asks which of my playlists the target track goes in.
func (m *Model) openPicker() tea.Cmd {
	if cmd, ok := m.requireLogin("edit playlists"); ok {
		return cmd
	}
	it, ok := m.target()
	if !ok || it.Track == nil {
		return m.setStatus("Select a track to add to a playlist.", true)
	}
	e := m.e
	l := newList(m.c, e, "You have no playlists: press "+m.c.Keys.Cloud.NewPlaylist.Help().Key+" to create one.",
		itemSource(e, playlistItems, func(ctx context.Context) (*api.Page[api.Playlist], error) {
			return e.b.MyPlaylists(ctx, api.ListOptions{Limit: 200})
		}), renderItemWith(m.lib.names))
	l.autoAll = true
	m.picker = &picker{track: it.Track, list: l}
	m.layoutPanes()
	return l.Load()
}

func (m *Model) pickerKey(msg tea.KeyMsg) tea.Cmd {
	k := m.c.Keys
	p := m.picker
	switch {
	case msg.Type == tea.KeyCtrlC:
		return m.quit()
	case key.Matches(msg, k.Nav.Back):
		m.picker = nil
	case key.Matches(msg, k.Cloud.NewPlaylist):
		t := p.track
		m.picker = nil
		return m.startPrompt(promptPlaylist, "New playlist title: ", t, 0)
	case key.Matches(msg, k.Nav.Open):
		pl, ok := p.list.Selected()
		if !ok {
			return nil
		}
		m.picker = nil
		return tea.Batch(m.setStatus(fmt.Sprintf("Adding to %q…", SanitizeLine(pl.Playlist.Title)), false),
			addToPlaylistCmd(m.e, pl.Playlist, p.track, false))
	default:
		_, cmd := p.list.UpdateKey(msg)
		return cmd
	}
	return nil
}

func (m *Model) pickerView(w, h int) string {
	head := m.c.Styles.Title.Render(Truncate(fmt.Sprintf("Add %q to which playlist? (enter: add · %s: new · esc: cancel)",
		SanitizeLine(m.picker.track.Title), m.c.Keys.Cloud.NewPlaylist.Help().Key), w))
	return head + "\n" + m.picker.list.View()
}

// promptKind says what a prompt's text is for.
type promptKind int

const (
	promptComment  promptKind = iota // a timed comment on track at at
	promptPlaylist                   // a new playlist's title (with track, if any)
	promptConfirm                    // y/n: add track to playlist again
)

// prompt is a one-line text input over the status line.
type prompt struct {
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

func (m *Model) startPrompt(kind promptKind, label string, t *api.Track, at time.Duration) tea.Cmd {
	in := newInput()
	in.Prompt = ""
	in.CharLimit = 1000
	in.Width = max(m.c.Width-lipgloss.Width(label)-2, 10)
	m.prompt = &prompt{kind: kind, label: label, input: in, track: t, at: at}
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

func (m *Model) newPlaylistPrompt() tea.Cmd {
	if cmd, ok := m.requireLogin("create playlists"); ok {
		return cmd
	}
	var t *api.Track
	if it, ok := m.target(); ok {
		t = it.Track
	}
	return m.startPrompt(promptPlaylist, "New playlist title: ", t, 0)
}

func (m *Model) promptKey(msg tea.KeyMsg) tea.Cmd {
	p := m.prompt
	if p.kind == promptConfirm {
		m.prompt = nil
		if msg.String() == "y" || msg.String() == "Y" {
			return tea.Batch(m.setStatus(fmt.Sprintf("Adding to %q again…", SanitizeLine(p.playlist.Title)), false),
				addToPlaylistCmd(m.e, p.playlist, p.track, true))
		}
		return m.setStatus("Not added.", false)
	}
	switch msg.Type {
	case tea.KeyCtrlC:
		return m.quit()
	case tea.KeyEsc:
		m.prompt = nil
		return nil
	case tea.KeyEnter:
		text := strings.TrimSpace(p.input.Value())
		if text == "" || p.sending {
			return nil
		}
		p.err = nil
		if p.kind == promptPlaylist {
			var urns []api.URN
			if p.track != nil {
				urns = append(urns, p.track.URN)
			}
			m.prompt = nil
			return createPlaylistCmd(m.e, text, urns)
		}
		p.sending = true
		e, t, urn, at := m.e, p.track, p.track.URN, p.at
		return func() tea.Msg {
			c, err := e.b.PostComment(e.ctx, urn, text, at)
			if err != nil {
				err = fmt.Errorf("post comment: %w", err)
			}
			return commentMsg{t: t, track: urn, comment: c, err: err}
		}
	}
	var cmd tea.Cmd
	p.input, cmd = p.input.Update(msg)
	return cmd
}

// commentResult closes the prompt on success and shows the comment where
// it belongs; on failure the prompt keeps the text for another enter.
func (m *Model) commentResult(msg commentMsg) tea.Cmd {
	if m.prompt != nil && m.prompt.kind == promptComment {
		m.prompt.sending = false
		if msg.err != nil {
			m.prompt.err = msg.err
			return nil
		}
		m.prompt = nil
	}
	if msg.err != nil {
		return m.setStatus(msg.err.Error(), true)
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

func (m *Model) promptView(w int) []string {
	p := m.prompt
	s := m.c.Styles
	var note string
	switch {
	case p.sending:
		note = s.Muted.Render(m.c.Spin + " sending…")
	case p.err != nil:
		note = s.Error.Render("✗ " + SanitizeLine(p.err.Error()) + " — enter to retry, esc to cancel")
	case p.kind == promptConfirm:
		note = s.Muted.Render("y to add · any other key cancels")
	default:
		note = s.Muted.Render("enter to send · esc to cancel")
	}
	if p.kind == promptConfirm {
		return []string{Truncate(note, w), Truncate(s.Highlight.Render(p.label), w)}
	}
	return []string{Truncate(note, w), Truncate(s.Highlight.Render(p.label)+p.input.View(), w)}
}
