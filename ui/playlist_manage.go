package ui

import (
	"fmt"
	"strings"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/cirrus-tui/cirrus/api"
)

// renamedMsg and deletedMsg answer a rename and a delete.
type renamedMsg struct {
	pl    *api.Playlist
	title string
	err   error
}
type deletedMsg struct {
	pl  *api.Playlist
	err error
}

// targetPlaylist is the playlist a rename or delete acts on: the selected
// row when it is a playlist, else the playlist open on screen.
func (m *Model) targetPlaylist() *api.Playlist {
	if it, ok := m.current().Selected(); ok && it.Playlist != nil {
		return it.Playlist
	}
	if b, ok := m.current().(*browsePane); ok && b.top().pl != nil {
		return b.top().pl
	}
	return nil
}

// renamePrompt asks for a playlist's new title, the old one filled in.
func (m *Model) renamePrompt() tea.Cmd {
	if cmd, ok := m.requireLogin("rename playlists"); ok {
		return cmd
	}
	pl := m.targetPlaylist()
	if pl == nil {
		return m.setStatus("Select a playlist to rename.", false)
	}
	cmd := m.startPrompt(promptRename, fmt.Sprintf("Rename “%s” to: ", Truncate(SanitizeLine(pl.Title), max(m.c.Width/3, 10))), nil, 0)
	m.prompt.playlist = pl
	m.prompt.input.CharLimit = api.MaxPlaylistTitle
	m.prompt.input.SetValue(SanitizeLine(pl.Title))
	m.prompt.input.CursorEnd()
	return cmd
}

// deletePrompt asks y/n, naming the playlist and its size.
func (m *Model) deletePrompt() tea.Cmd {
	if cmd, ok := m.requireLogin("delete playlists"); ok {
		return cmd
	}
	pl := m.targetPlaylist()
	if pl == nil {
		return m.setStatus("Select a playlist to delete.", false)
	}
	cmd := m.startPrompt(promptDelete, fmt.Sprintf("Delete the playlist “%s” (%s) from SoundCloud? (y/n) ",
		SanitizeLine(pl.Title), plural(int64(pl.TrackCount), "track")), nil, 0)
	m.prompt.playlist = pl
	return cmd
}

// playlistPromptKey takes keys for the rename and delete prompts; ok is
// false for the other prompts.
func (m *Model) playlistPromptKey(msg tea.KeyMsg) (tea.Cmd, bool) {
	p := m.prompt
	e, pl := m.e, p.playlist
	switch p.kind {
	case promptDelete:
		m.prompt = nil
		if msg.String() != "y" && msg.String() != "Y" {
			return m.setStatus("Not deleted.", false), true
		}
		return tea.Batch(m.setStatus(fmt.Sprintf("Deleting “%s”…", SanitizeLine(pl.Title)), false), func() tea.Msg {
			err := e.b.DeletePlaylist(e.ctx, pl.URN)
			if err != nil {
				err = fmt.Errorf("delete %q: %w", SanitizeLine(pl.Title), err)
			}
			return deletedMsg{pl: pl, err: err}
		}), true
	case promptRename:
		if msg.Type != tea.KeyEnter {
			return nil, false // typing, esc: as any prompt
		}
		title := strings.TrimSpace(p.input.Value())
		if err := api.CheckPlaylistTitle(title); err != nil {
			p.err = err
			return nil, true
		}
		m.prompt = nil
		return func() tea.Msg {
			_, err := e.b.RenamePlaylist(e.ctx, pl.URN, title)
			if err != nil {
				err = fmt.Errorf("rename %q: %w", SanitizeLine(pl.Title), err)
			}
			return renamedMsg{pl: pl, title: title, err: err}
		}, true
	}
	return nil, false
}

// playlistManaged shows the answer; the lists of my playlists are read
// again, and a deleted playlist open on screen is closed.
func (m *Model) playlistManaged(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case renamedMsg:
		if msg.err != nil {
			return m.editFailed(msg.err)
		}
		m.renamed(msg.pl.URN, msg.title)
		return m.setStatus(fmt.Sprintf("Renamed to “%s”.", SanitizeLine(msg.title)), false)
	case deletedMsg:
		if msg.err != nil {
			return failure(msg.err.Error(), msg.err)
		}
		for _, p := range m.tabs.panes {
			if b, ok := p.(*browsePane); ok {
				for i, v := range b.stack {
					if i > 0 && v.pl != nil && v.pl.URN == msg.pl.URN {
						b.stack = b.stack[:i]
						break
					}
				}
			}
		}
		return tea.Batch(m.tabs.reload(myPlaylistsList), m.tabs.reload(likedPlaylistsList),
			m.setStatus(fmt.Sprintf("Deleted “%s”.", SanitizeLine(msg.pl.Title)), false))
	}
	return nil
}

// renamed shows a new title: an open playlist's header at once, and the
// lists of playlists read again with their cursors kept on their rows (a
// reload would send them to the first row).
func (m *Model) renamed(urn api.URN, title string) {
	for _, p := range m.tabs.panes {
		if b, ok := p.(*browsePane); ok {
			for _, v := range b.stack {
				if v.pl != nil && v.pl.URN == urn {
					v.pl.Title, v.title = title, SanitizeLine(title)
				}
			}
		}
	}
	m.tabs.invalidate(myPlaylistsList)
	m.tabs.invalidate(likedPlaylistsList)
	m.shown = 0 // the list on screen reloads too, as if shown anew
}
