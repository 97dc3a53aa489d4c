package ui

import (
	"fmt"
	"github.com/charmbracelet/bubbles/key"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/cirrus-tui/cirrus/api"
	"github.com/cirrus-tui/cirrus/player"
)

// globalKey handles keys that work on any tab; ok is false for the rest.
func (m *Model) globalKey(msg tea.KeyMsg) (tea.Cmd, bool) {
	k, a := m.c.Keys, m.e.a
	st := m.status
	do := func(f func()) tea.Cmd { return func() tea.Msg { f(); return nil } }
	switch {
	case key.Matches(msg, k.App.Quit):
		return m.quit(), true
	case key.Matches(msg, k.App.Help):
		m.showHelp = true
		return nil, true
	case key.Matches(msg, k.Nav.NextTab):
		return m.switchTab((m.active + 1) % len(m.panes)), true
	case key.Matches(msg, k.Nav.PrevTab):
		return m.switchTab((m.active + len(m.panes) - 1) % len(m.panes)), true
	case key.Matches(msg, k.Nav.Search):
		m.switchTab(tabSearch)
		return m.search.Focus(), true
	case key.Matches(msg, k.Nav.Comments):
		if m.showComments {
			m.showComments = false
			return nil, true
		}
		// Pick the track before the overlay opens: once it is open, the
		// current pane is the comments pane itself, whose track may still
		// be the one the detail pane showed before the cursor moved.
		t := m.status.Track
		if it, ok := m.target(); ok && it.Track != nil {
			t = it.Track
		}
		m.showComments = true
		return m.comments.SetTrack(t), true
	case key.Matches(msg, k.Play.PlayPause):
		return do(a.Toggle), true
	case key.Matches(msg, k.Play.NextTrack):
		return do(a.Next), true
	case key.Matches(msg, k.Play.PrevTrack):
		return do(a.Previous), true
	case key.Matches(msg, k.Play.SeekForward):
		return do(func() { a.SeekBy(5 * time.Second) }), true
	case key.Matches(msg, k.Play.SeekBackward):
		return do(func() { a.SeekBy(-5 * time.Second) }), true
	case key.Matches(msg, k.Play.SeekForwardLong):
		return do(func() { a.SeekBy(30 * time.Second) }), true
	case key.Matches(msg, k.Play.SeekBackwardLong):
		return do(func() { a.SeekBy(-30 * time.Second) }), true
	case key.Matches(msg, k.Play.VolumeUp):
		v := min(st.Volume+0.05, 1)
		m.status.Volume = v
		return do(func() { a.SetVolume(v) }), true
	case key.Matches(msg, k.Play.VolumeDown):
		v := max(st.Volume-0.05, 0)
		m.status.Volume = v
		return do(func() { a.SetVolume(v) }), true
	case key.Matches(msg, k.Play.Shuffle):
		on := !st.Shuffle
		m.status.Shuffle, m.queue.status.Shuffle = on, on
		return do(func() { a.SetShuffle(on) }), true
	case key.Matches(msg, k.Play.Repeat):
		r := (st.Repeat + 1) % 3
		m.status.Repeat, m.queue.status.Repeat = r, r
		return do(func() { a.SetRepeat(r) }), true
	case key.Matches(msg, k.Queue.Enqueue):
		return m.enqueue(false), true
	case key.Matches(msg, k.Queue.PlayNext):
		return m.enqueue(true), true
	case key.Matches(msg, k.Cloud.Like):
		return m.like(), true
	case key.Matches(msg, k.Cloud.Follow):
		return m.follow(), true
	case key.Matches(msg, k.Cloud.Repost):
		return m.repost(), true
	case key.Matches(msg, k.Cloud.AddToPlaylist):
		return m.openPicker(), true
	case key.Matches(msg, k.Cloud.NewPlaylist):
		return m.newPlaylistPrompt(), true
	case key.Matches(msg, k.Cloud.Comment):
		return m.commentPrompt(), true
	case key.Matches(msg, k.Cloud.OpenBrowser):
		return m.openBrowser(), true
	case key.Matches(msg, k.Cloud.CopyLink):
		return m.copyLink(), true
	}
	for i, b := range []key.Binding{k.Nav.TabFeed, k.Nav.TabLikes, k.Nav.TabSearch, k.Nav.TabPlaylists, k.Nav.TabFollowing, k.Nav.TabQueue} {
		if key.Matches(msg, b) {
			return m.switchTab(i), true
		}
	}
	return nil, false
}

// target is what an action applies to: the selected item, else the
// playing track.
func (m *Model) target() (item, bool) {
	if it, ok := m.current().Selected(); ok {
		return it, true
	}
	if m.status.Track != nil {
		return item{Track: m.status.Track}, true
	}
	return item{}, false
}

func (m *Model) isLiked(it item) bool {
	switch {
	case it.Track != nil:
		if v, ok := m.liked[it.Track.URN]; ok {
			return v
		}
		return it.Track.UserFavorite
	case it.Playlist != nil:
		return m.likedPl[it.Playlist.URN]
	}
	return false
}

func (m *Model) requireLogin(what string) (tea.Cmd, bool) {
	if m.anonymous {
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

// like flips the like at once and rolls back if the server refuses.
func (m *Model) like() tea.Cmd {
	if cmd, ok := m.requireLogin("like"); ok {
		return cmd
	}
	it, ok := m.target()
	if !ok || (it.Track == nil && it.Playlist == nil) {
		return m.setStatus("Nothing to like here.", true)
	}
	want := !m.isLiked(it)
	if it.Track != nil {
		m.liked[it.Track.URN] = want
	} else {
		m.likedPl[it.Playlist.URN] = want
	}
	return likeCmd(m.e, it, want)
}

// follow follows the selected user, or the artist of the selected track.
func (m *Model) follow() tea.Cmd {
	if cmd, ok := m.requireLogin("follow"); ok {
		return cmd
	}
	it, ok := m.target()
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
	want := !m.following[u.URN]
	m.following[u.URN] = want
	return followCmd(m.e, u, want)
}

func (m *Model) repost() tea.Cmd {
	if cmd, ok := m.requireLogin("repost"); ok {
		return cmd
	}
	it, ok := m.target()
	if !ok || (it.Track == nil && it.Playlist == nil) {
		return m.setStatus("Nothing to repost here.", true)
	}
	urn := it.URN()
	want := !m.reposted[urn]
	m.reposted[urn] = want
	return repostCmd(m.e, it, want)
}

func (m *Model) enqueue(next bool) tea.Cmd {
	it, ok := m.target()
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

func (m *Model) openBrowser() tea.Cmd {
	it, ok := m.target()
	if !ok || it.Link() == "" {
		return m.setStatus("No link to open.", true)
	}
	open, ctx, u := m.opts.OpenURL, m.e.ctx, it.Link()
	return func() tea.Msg {
		if err := open(ctx, u); err != nil {
			return statusMsg{text: fmt.Sprintf("open %s: %v", u, err), err: true}
		}
		return statusMsg{text: "Opened " + u}
	}
}

func (m *Model) copyLink() tea.Cmd {
	it, ok := m.target()
	if !ok || it.Link() == "" {
		return m.setStatus("No link to copy.", true)
	}
	cp, u := m.opts.CopyText, it.Link()
	return func() tea.Msg {
		if err := cp(u); err != nil {
			return statusMsg{text: "copy link: " + err.Error(), err: true}
		}
		return statusMsg{text: "Copied " + u}
	}
}

// actionResult applies the answer to a write, rolling back on refusal.
func (m *Model) actionResult(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case likeMsg:
		if msg.err != nil {
			if msg.playlist {
				m.likedPl[msg.urn] = !msg.want
			} else {
				m.liked[msg.urn] = !msg.want
			}
			return m.setStatus(fmt.Sprintf("Could not %s %q: %v", verb(msg.want, "like", "unlike"), msg.title, msg.err), true)
		}
		if msg.playlist {
			m.stale(tabLikes, 1)
		} else {
			m.stale(tabLikes, 0)
		}
		return m.setStatus(fmt.Sprintf("%s %q.", verb(msg.want, "Liked", "Unliked"), msg.title), false)
	case followMsg:
		if msg.err != nil {
			m.following[msg.urn] = !msg.want
			return m.setStatus(fmt.Sprintf("Could not %s %s: %v", verb(msg.want, "follow", "unfollow"), msg.name, msg.err), true)
		}
		m.stale(tabFollowing, 0)
		return m.setStatus(fmt.Sprintf("%s %s.", verb(msg.want, "Following", "Unfollowed"), msg.name), false)
	case repostMsg:
		if msg.err != nil {
			m.reposted[msg.urn] = !msg.want
			return m.setStatus(fmt.Sprintf("Could not %s %q: %v", verb(msg.want, "repost", "un-repost"), msg.title, msg.err), true)
		}
		return m.setStatus(fmt.Sprintf("%s %q.", verb(msg.want, "Reposted", "Removed repost of"), msg.title), false)
	case addedMsg:
		if msg.err != nil {
			return m.setStatus(msg.err.Error(), true)
		}
		return m.setStatus(fmt.Sprintf("Added %q to %q: %d tracks.", msg.track, msg.playlist, msg.count), false)
	case createdMsg:
		if msg.err != nil {
			return m.setStatus(msg.err.Error(), true)
		}
		return tea.Batch(m.setStatus(fmt.Sprintf("Created playlist %q.", SanitizeLine(msg.pl.Title)), false),
			m.playl.stack[0].lists[0].Load())
	case commentMsg:
		return m.commentResult(msg)
	}
	return nil
}

func verb(want bool, yes, no string) string {
	if want {
		return yes
	}
	return no
}

// seekTo is a click on the waveform: frac of the track.
func (m *Model) seekTo(frac float64) tea.Cmd {
	d := m.duration()
	if m.status.Track == nil || d <= 0 {
		return nil
	}
	to := time.Duration(frac * float64(d))
	m.status.Position = to
	a := m.e.a
	return func() tea.Msg { a.Seek(to); return nil }
}

var _ = player.Playing
