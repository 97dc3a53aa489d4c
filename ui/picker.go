package ui

import (
	"context"
	"fmt"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/cirrus-tui/cirrus/api"
)

// picker chooses one of my playlists to add a track to. It is an overlay:
// it owns the body and every key while open.
type picker struct {
	c     *Common
	track *api.Track
	list  *List[item]
	// tracks, when set, are a selection's tracks, added together; skipped
	// counts its rows that are not tracks.
	tracks  []api.Track
	skipped int
}

// pickerResult says what a key did to the picker.
type pickerResult int

const (
	pickerOpen        pickerResult = iota // still open
	pickerClosed                          // cancelled, or a playlist chosen
	pickerNewPlaylist                     // asks for a new playlist's title instead
)

// Update handles a key; the command adds the track when a playlist is chosen.
func (p *picker) Update(msg tea.KeyMsg, e *env) (pickerResult, tea.Cmd) {
	k := p.c.Keys
	switch {
	case key.Matches(msg, k.Nav.Back):
		return pickerClosed, nil
	case key.Matches(msg, k.Cloud.NewPlaylist):
		return pickerNewPlaylist, nil
	case key.Matches(msg, k.Nav.Open):
		pl, ok := p.list.Selected()
		if !ok {
			return pickerOpen, nil
		}
		add := addToPlaylistCmd(e, pl.Playlist, p.track, false)
		if len(p.tracks) > 0 {
			add = addRowsCmd(e, pl.Playlist, p.tracks, p.skipped)
		}
		return pickerClosed, tea.Batch(statusCmd(fmt.Sprintf("Adding to %q…", SanitizeLine(pl.Playlist.Title)), false), add)
	}
	_, cmd := p.list.UpdateKey(msg)
	return pickerOpen, cmd
}

// View draws the question over the list of playlists.
func (p *picker) View(w int) string {
	what := fmt.Sprintf("%q", SanitizeLine(p.track.Title))
	if len(p.tracks) > 0 {
		what = plural(int64(len(p.tracks)), "selected track")
	}
	head := p.c.Styles.Title.Render(Truncate(fmt.Sprintf("Add %s to which playlist? (enter: add · %s: new · esc: cancel)",
		what, p.c.Keys.Cloud.NewPlaylist.Help().Key), w))
	return head + "\n" + p.list.View()
}

func (p *picker) update(msg tea.Msg) (bool, tea.Cmd) {
	if pm, ok := msg.(pageMsg); ok {
		return p.list.Handle(pm)
	}
	return false, nil
}

// openPicker asks which of my playlists the target track goes in.
func (m *Model) openPicker() tea.Cmd {
	it, ok := m.target()
	if !ok || it.Track == nil {
		return m.setStatus("Select a track to add to a playlist.", true)
	}
	return m.showPicker([]api.Track{*it.Track}, 0, false)
}

// showPicker asks which of my playlists tracks go in: one track, or a
// selection's tracks (sel; skipped: its rows that are not tracks).
func (m *Model) showPicker(tracks []api.Track, skipped int, sel bool) tea.Cmd {
	if cmd, ok := m.requireLogin("edit playlists"); ok {
		return cmd
	}
	e := m.e
	l := newList(m.c, e, "You have no playlists: press "+m.c.Keys.Cloud.NewPlaylist.Help().Key+" to create one.",
		itemSource(e, playlistItems, func(ctx context.Context) (*api.Page[api.Playlist], error) {
			return e.b.MyPlaylists(ctx, api.ListOptions{Limit: 200})
		}), renderItemWith(m.lib.names))
	l.autoAll = true
	m.picker = &picker{c: m.c, track: &tracks[0], list: l}
	if sel {
		m.picker.tracks, m.picker.skipped = tracks, skipped
	}
	m.layoutPanes()
	return l.Load()
}

func (m *Model) pickerKey(msg tea.KeyMsg) tea.Cmd {
	if msg.Type == tea.KeyCtrlC {
		return m.quit()
	}
	res, cmd := m.picker.Update(msg, m.e)
	switch {
	case res == pickerClosed:
		if cmd != nil && m.picker.tracks != nil {
			m.endVisual() // added: the selection's action is done
		}
		m.picker = nil
	case res == pickerNewPlaylist:
		// name the playlist on the `:` line: :newplaylist NAME saves the
		// selection's tracks while it is on, else the selected track, and
		// keeps the line when the create fails (visual_save.go)
		m.picker = nil
		return m.cmd.startWith("newplaylist ")
	}
	return cmd
}
