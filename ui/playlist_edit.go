package ui

import (
	"errors"
	"fmt"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/cirrus-tui/cirrus/api"
)

// playlistEditMsg answers a remove or a move in an open playlist: the
// whole list as read back after the write, or the error (the screen is
// left as it was).
type playlistEditMsg struct {
	list *List[item]
	pl   *api.Playlist
	what string // "Removed “X” from", "Moved “X” in"
	edit *api.PlaylistEdit
	err  error
}

// playlistKey acts on the open playlist of the pane on screen: the queue
// keys remove a track and move it up or down. ok is false when no
// playlist is open or the key is not one of those.
func (m *Model) playlistKey(msg tea.KeyMsg) (tea.Cmd, bool) {
	if m.body != bodyTab || m.filter.on() {
		return nil, false
	}
	b := browserOf(m.current())
	if b == nil {
		return nil, false
	}
	v := b.top()
	if v.pl == nil || v.active != 0 {
		return nil, false
	}
	k := m.c.Keys.Queue
	delta := 0
	switch {
	case key.Matches(msg, k.Remove):
	case key.Matches(msg, k.MoveUp):
		delta = -1
	case key.Matches(msg, k.MoveDown):
		delta = 1
	default:
		return nil, false
	}
	l := v.list()
	it, ok := l.Selected()
	if !ok || it.Track == nil {
		return nil, true
	}
	if m.sorts.label(l.id) != "" {
		return statusCmd("Sorted rows are not the playlist's order: sort back to added (S) to edit.", false), true
	}
	row, n := l.Cursor(), l.Len()
	if (delta < 0 && row == 0) || (delta > 0 && row == n-1) {
		return nil, true
	}
	return editPlaylistCmd(m.e, l, v.pl, *it.Track, row, delta, delta == 0), true
}

func editPlaylistCmd(e *env, l *List[item], pl *api.Playlist, t api.Track, row, delta int, remove bool) tea.Cmd {
	title, ptitle := SanitizeLine(t.Title), SanitizeLine(pl.Title)
	return func() tea.Msg {
		msg := playlistEditMsg{list: l, pl: pl}
		if remove {
			msg.what = fmt.Sprintf("Removed “%s” from “%s”", title, ptitle)
			msg.edit, msg.err = e.b.RemovePlaylistTrack(e.ctx, pl.URN, t.URN, row)
		} else {
			msg.what = fmt.Sprintf("Moved “%s” in “%s”", title, ptitle)
			msg.edit, msg.err = e.b.MovePlaylistTrackBy(e.ctx, pl.URN, t.URN, row, delta)
		}
		if msg.err != nil {
			verb := "move"
			if remove {
				verb = "remove"
			}
			msg.err = editErr(fmt.Sprintf("%s %q in %q", verb, title, ptitle), ptitle, msg.err)
		}
		return msg
	}
}

// playlistEdited shows the playlist as read back, the cursor on the row
// the edit touched; an error leaves the list alone and is shown.
func (m *Model) playlistEdited(msg playlistEditMsg) tea.Cmd {
	if msg.err != nil {
		return m.editFailed(msg.err)
	}
	l, ed := msg.list, msg.edit
	byID := map[string]item{}
	for _, it := range l.Items() {
		if it.Track != nil {
			byID[it.Track.URN.ID()] = it
		}
	}
	rows := make([]item, 0, len(ed.After))
	complete := true
	for _, u := range ed.After {
		it, ok := byID[u.ID()]
		if !ok {
			complete = false
			break
		}
		rows = append(rows, it)
	}
	var cmd tea.Cmd
	if complete && !l.HasMore() {
		l.SetItems(rows)
		l.cursor = min(max(ed.At, 0), max(len(rows)-1, 0))
		l.clamp()
	} else {
		cmd = l.Load() // rows this screen never had: read them
	}
	return tea.Batch(cmd, m.tabs.reload(myPlaylistsList),
		m.setStatus(fmt.Sprintf("%s: %s.%s", msg.what, plural(int64(len(ed.After)), "track"), writeNote(ed)), false))
}

// editErr names what failed. A playlist with hidden tracks is named alone,
// so the count of hidden tracks comes early enough to fit the status line.
func editErr(what, playlist string, err error) error {
	if api.IsIncomplete(err) {
		return fmt.Errorf("“%s”: %w", playlist, err)
	}
	return fmt.Errorf("%s: %w", what, err)
}

// editFailed shows why a playlist edit (remove, move, add) did not happen.
// A playlist with tracks cirrus cannot see (nothing was written) and a write
// that may have taken effect stay on the status line until another message
// replaces them: the user has to act on them, and a timer must not hide
// either before it is read.
func (m *Model) editFailed(err error) tea.Cmd {
	text := err.Error()
	if _, refused := api.AppRefusal(err); refused {
		return failure(text, err)
	}
	reload := " — reload (" + m.c.Keys.Nav.Reload.Help().Key + ")"
	switch {
	case errors.Is(err, api.ErrPlaylistChanged):
		text += reload + " and try again"
	case api.IsUncertainWrite(err):
		text += reload
	case api.IsIncomplete(err):
	default:
		return m.setStatus(text, true)
	}
	cmd := m.setStatus(text, true)
	m.status.sticky = true
	return cmd
}

// writeNote adds to a success message that the write answered with an
// error although the playlist reads back as asked.
func writeNote(ed *api.PlaylistEdit) string {
	if ed == nil || ed.WriteErr == nil {
		return ""
	}
	return " (The server answered with an error, but the playlist reads back as asked.)"
}
