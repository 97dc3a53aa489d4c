package ui

import (
	"errors"
	"fmt"
	"os/exec"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/cirrus-tui/cirrus/api"
	webbrowser "github.com/cirrus-tui/cirrus/internal/browser"
	"github.com/cirrus-tui/cirrus/player"
	"github.com/cirrus-tui/cirrus/player/command"
)

// Player event kinds the root reacts to itself.
const (
	playerError        = player.EventError
	playerQueueChanged = player.EventQueueChanged
)

// target is what an action applies to: the selected item, else the
// playing track.
func (m *Model) target() (item, bool) { return m.targetOf(command.Selected) }

// targetOf is what a command aimed at t applies to: the playing track for
// command.Playing, else as target.
func (m *Model) targetOf(t command.Target) (item, bool) {
	if t == command.Playing {
		if tr := m.np.Track(); tr != nil {
			return item{Track: tr}, true
		}
		return item{}, false
	}
	if it, ok := m.current().Selected(); ok {
		return it, true
	}
	if t := m.np.Track(); t != nil {
		return item{Track: t}, true
	}
	return item{}, false
}

func (m *Model) requireLogin(what string) (tea.Cmd, bool) {
	if m.welcome.anonymous {
		return m.setStatus("Log in to "+what+".", true), true
	}
	return nil, false
}

func title(it item) string {
	switch {
	case it.Track != nil:
		return SanitizeLine(it.Track.Title)
	case it.Playlist != nil:
		return SanitizeLine(it.Playlist.Title)
	case it.User != nil:
		return SanitizeLine(it.User.Username)
	}
	return ""
}

// like flips the like at once (mark and count) and rolls back if the
// server refuses.
func (m *Model) like(t command.Target) tea.Cmd {
	if cmd, ok := m.requireLogin("like"); ok {
		return cmd
	}
	it, ok := m.targetOf(t)
	if !ok || (it.Track == nil && it.Playlist == nil) {
		return m.setStatus("Nothing to like here.", true)
	}
	return m.lib.like(it)
}

// follow follows the selected user, or the artist of the selected track.
func (m *Model) follow(t command.Target) tea.Cmd {
	if cmd, ok := m.requireLogin("follow"); ok {
		return cmd
	}
	it, ok := m.targetOf(t)
	var u *api.User
	switch {
	case !ok:
	case it.User != nil:
		u = it.User
	case it.Track != nil:
		u = it.Track.User
	case it.Playlist != nil:
		u = it.Playlist.User
	}
	if u == nil {
		return m.setStatus("Nobody to follow here.", true)
	}
	return m.lib.follow(u)
}

func (m *Model) repost(t command.Target) tea.Cmd {
	if cmd, ok := m.requireLogin("repost"); ok {
		return cmd
	}
	it, ok := m.targetOf(t)
	if !ok || (it.Track == nil && it.Playlist == nil) {
		return m.setStatus("Nothing to repost here.", true)
	}
	return m.lib.repost(it)
}

func (m *Model) enqueue(t command.Target, next bool) tea.Cmd {
	it, ok := m.targetOf(t)
	if !ok {
		return nil
	}
	switch {
	case it.Track != nil:
		return enqueueCmd(m.e, []api.Track{*it.Track}, next)
	case it.Playlist != nil:
		return enqueuePlaylistCmd(m.e, it.Playlist, next)
	}
	return m.setStatus("Only tracks and playlists go in the queue.", true)
}

func (m *Model) openBrowser(t command.Target) tea.Cmd {
	it, ok := m.targetOf(t)
	if !ok || it.Link() == "" {
		return m.setStatus("No link to open.", true)
	}
	open, ctx, u := m.opts.OpenURL, m.e.ctx, it.Link()
	return func() tea.Msg {
		err := open(ctx, u)
		switch {
		case err == nil:
			return statusMsg{text: "Opened " + u}
		case errors.Is(err, webbrowser.ErrNoBrowser) || errors.Is(err, exec.ErrNotFound):
			return statusMsg{text: "No browser was found; the link: " + u, err: true}
		}
		return statusMsg{text: fmt.Sprintf("open %s: %v", u, err), err: true}
	}
}

func (m *Model) copyLink(t command.Target) tea.Cmd {
	it, ok := m.targetOf(t)
	if !ok || it.Link() == "" {
		return m.setStatus("No link to copy.", true)
	}
	cp, u := m.opts.CopyText, it.Link()
	return func() tea.Msg {
		if err := cp(u); err != nil {
			return statusMsg{text: "copy link: " + err.Error(), err: true}
		}
		// OSC 52 has no answer: the terminal may have dropped it, so the
		// link stays readable here.
		return statusMsg{text: "Sent to the terminal's clipboard: " + u}
	}
}

// actionResult applies the answer to a playlist write or a comment.
func (m *Model) actionResult(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case addedMsg:
		if msg.err != nil {
			return m.editFailed(msg.err)
		}
		if msg.duplicate {
			return m.confirmDuplicate(msg)
		}
		return tea.Batch(m.tabs.reload(myPlaylistsList),
			m.setStatus(fmt.Sprintf("Added %q to %q: %s.%s", SanitizeLine(msg.track.Title), SanitizeLine(msg.playlist.Title), plural(int64(msg.count), "track"), msg.note), false))
	case commentMsg:
		return m.commentResult(msg)
	}
	return nil
}
