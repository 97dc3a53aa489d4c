package ui

import (
	"context"
	"fmt"
	"github.com/charmbracelet/bubbles/key"
	"strings"
	"time"

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
		}), renderItemWith(m.names))
	l.autoAll = true
	m.picker = &picker{track: it.Track, list: l}
	m.layoutPanes()
	return l.Load()
}

func (m *Model) pickerKey(msg tea.KeyMsg) tea.Cmd {
	k := m.c.Keys
	p := m.picker
	switch {
	case key.Matches(msg, k.App.Quit) && msg.String() == "ctrl+c":
		return m.quit()
	case key.Matches(msg, k.Nav.Back):
		m.picker = nil
	case key.Matches(msg, k.Cloud.NewPlaylist):
		t := p.track
		m.picker = nil
		return m.startPrompt("playlist", "New playlist title: ", t, 0)
	case key.Matches(msg, k.Nav.Open):
		pl, ok := p.list.Selected()
		if !ok {
			return nil
		}
		m.picker = nil
		return tea.Batch(m.setStatus(fmt.Sprintf("Adding to %q…", SanitizeLine(pl.Playlist.Title)), false),
			addToPlaylistCmd(m.e, pl.Playlist, p.track))
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

// prompt is a one-line text input: a comment or a new playlist's title.
type prompt struct {
	kind    string
	label   string
	input   textinput.Model
	track   *api.Track
	at      time.Duration
	sending bool
	err     error
}

// commentMsg answers a comment post; on error the text stays for a retry.
type commentMsg struct {
	track   api.URN
	comment *api.Comment
	err     error
}

func (m *Model) startPrompt(kind, label string, t *api.Track, at time.Duration) tea.Cmd {
	in := newInput()
	in.Prompt = ""
	in.CharLimit = 1000
	in.Width = max(m.width-lipgloss.Width(label)-2, 10)
	m.prompt = &prompt{kind: kind, label: label, input: in, track: t, at: at}
	return m.prompt.input.Focus()
}

func (m *Model) commentPrompt() tea.Cmd {
	if cmd, ok := m.requireLogin("comment"); ok {
		return cmd
	}
	st := m.status
	if st.Track == nil {
		return m.setStatus("Play a track to comment at a position.", true)
	}
	return m.startPrompt("comment", fmt.Sprintf("Comment at %s: ", fmtDur(st.Position)), st.Track, st.Position)
}

func (m *Model) newPlaylistPrompt() tea.Cmd {
	if cmd, ok := m.requireLogin("create playlists"); ok {
		return cmd
	}
	var t *api.Track
	if it, ok := m.target(); ok {
		t = it.Track
	}
	return m.startPrompt("playlist", "New playlist title: ", t, 0)
}

func (m *Model) promptKey(msg tea.KeyMsg) tea.Cmd {
	p := m.prompt
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
		if p.kind == "playlist" {
			var urns []api.URN
			if p.track != nil {
				urns = append(urns, p.track.URN)
			}
			m.prompt = nil
			return createPlaylistCmd(m.e, text, urns)
		}
		p.sending = true
		e, urn, at := m.e, p.track.URN, p.at
		return func() tea.Msg {
			c, err := e.b.PostComment(e.ctx, urn, text, at)
			if err != nil {
				err = fmt.Errorf("post comment: %w", err)
			}
			return commentMsg{track: urn, comment: c, err: err}
		}
	}
	var cmd tea.Cmd
	p.input, cmd = p.input.Update(msg)
	return cmd
}

// commentResult closes the prompt on success and shows the comment where
// it belongs; on failure the prompt keeps the text for another enter.
func (m *Model) commentResult(msg commentMsg) tea.Cmd {
	if m.prompt != nil && m.prompt.kind == "comment" {
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
	if msg.comment != nil && msg.track == m.npFor {
		m.npComments = append(m.npComments, *msg.comment)
		sortComments(m.npComments)
	}
	var cmd tea.Cmd
	if m.comments.track != nil && m.comments.track.URN == msg.track {
		cmd = m.comments.Reload()
	} else if m.status.Track != nil && m.status.Track.URN == msg.track {
		cmd = m.comments.SetTrack(m.status.Track)
	}
	at := time.Duration(0)
	if msg.comment != nil {
		at = msg.comment.Timestamp.Duration()
	}
	return tea.Batch(cmd, m.setStatus("Comment posted at "+fmtDur(at)+".", false))
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
	default:
		note = s.Muted.Render("enter to send · esc to cancel")
	}
	return []string{Truncate(note, w), Truncate(s.Highlight.Render(p.label)+p.input.View(), w)}
}

// helpView lays the full help out in as many columns as it takes.
func (m *Model) helpView(w, h int) string {
	s := m.c.Styles
	type entry struct{ key, desc, head string }
	var entries []entry
	groups := m.c.Keys.Groups()
	for gi, col := range m.c.Keys.FullHelp() {
		entries = append(entries, entry{head: groups[gi]})
		for _, b := range col {
			entries = append(entries, entry{key: b.Help().Key, desc: b.Help().Desc})
		}
	}
	rows := max(h-1, 1)
	ncol := (len(entries) + rows - 1) / rows
	colW := max(w/ncol, 1)
	keyW := min(12, colW/3)
	out := make([]string, rows)
	for i, e := range entries {
		var cell string
		if e.head != "" {
			cell = s.Title.Render(PadRight(e.head, colW-1))
		} else {
			k := e.key
			if lipgloss.Width(k) > keyW {
				k, _, _ = strings.Cut(k, "/") // the first key when all do not fit
			}
			cell = s.Accent.Render(PadRight(Truncate(k, keyW), keyW)) + " " + s.Text.Render(PadRight(Truncate(e.desc, colW-keyW-2), colW-keyW-2))
		}
		out[i%rows] += cell + " "
	}
	return s.Muted.Render(Truncate("Keys (any key closes):", w)) + "\n" + strings.Join(out, "\n")
}
