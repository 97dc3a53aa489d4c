package ui

import (
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/cirrus-tui/cirrus/player/command"
)

// splitKeys turns printable keys that arrived in one read ("jjj", typed
// fast or held down) into one key press per rune, so each one acts; a paste
// stays one message.
func splitKeys(msg tea.KeyMsg) []tea.KeyMsg {
	if msg.Type != tea.KeyRunes || msg.Paste || len(msg.Runes) < 2 {
		return []tea.KeyMsg{msg}
	}
	out := make([]tea.KeyMsg, len(msg.Runes))
	for i, r := range msg.Runes {
		k := tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{r}, Alt: msg.Alt}
		if r == ' ' {
			k.Type = tea.KeySpace
		}
		out[i] = k
	}
	return out
}

// key routes one key press: the welcome screen, then an open prompt (a
// focused text input), a focused input in the pane, the help overlay, the
// picker, a pasted link, global keys, and last the pane that owns the body.
func (m *Model) key(msg tea.KeyMsg) tea.Cmd {
	k := m.c.Keys
	switch {
	case m.welcome.shown:
		return m.welcomeKey(msg)
	case m.prompt != nil:
		return m.promptKey(msg)
	case m.filter.typing:
		return m.filter.key(msg)
	case m.current().InputFocused():
		_, cmd := m.current().Update(msg)
		return cmd
	case m.help != nil:
		if msg.Type == tea.KeyCtrlC {
			return m.quit()
		}
		if m.help.Update(msg) {
			m.help = nil
		}
		return nil
	case m.picker != nil:
		return m.pickerKey(msg)
	case msg.Paste && m.search.hosts.isLink(string(msg.Runes)):
		m.switchTab(tabSearch)
		return m.search.OpenLink(strings.TrimSpace(string(msg.Runes)))
	}
	if m.filter.on() && key.Matches(msg, k.Nav.Back) {
		return m.filter.clear()
	}
	if cmd, ok := m.globalKey(msg); ok {
		return cmd
	}
	if cmd, ok := m.playlistKey(msg); ok {
		return cmd
	}
	if m.body == bodyComments && key.Matches(msg, k.Nav.Open) {
		return m.seekToComment()
	}
	if m.body == bodyComments && key.Matches(msg, k.Nav.Back) {
		m.body = bodyTab
		return nil
	}
	_, cmd := m.current().Update(msg)
	return cmd
}

// globalKey handles keys that work on any tab; ok is false for the rest.
func (m *Model) globalKey(msg tea.KeyMsg) (tea.Cmd, bool) {
	k, np := m.c.Keys, m.np
	switch {
	case key.Matches(msg, k.App.Quit):
		return m.quit(), true
	case key.Matches(msg, k.App.Help):
		m.help = &helpOverlay{c: m.c}
		m.layoutPanes()
		return nil, true
	case key.Matches(msg, k.Tabs.Next):
		return m.switchTab(tab((int(m.tabs.active) + 1) % m.tabs.count())), true
	case key.Matches(msg, k.Tabs.Prev):
		return m.switchTab(tab((int(m.tabs.active) + m.tabs.count() - 1) % m.tabs.count())), true
	case key.Matches(msg, k.Nav.Search):
		m.switchTab(tabSearch)
		return m.search.Focus(), true
	case key.Matches(msg, k.Nav.Comments):
		return m.toggleComments(), true
	case key.Matches(msg, k.Play.PlayPause):
		return np.toggle(), true
	case key.Matches(msg, k.Play.NextTrack):
		return np.run(command.Command{Op: command.OpNext}), true
	case key.Matches(msg, k.Play.PrevTrack):
		return np.run(command.Command{Op: command.OpPrevious}), true
	case key.Matches(msg, k.Play.SeekForward):
		return np.run(seekBy(5 * time.Second)), true
	case key.Matches(msg, k.Play.SeekBackward):
		return np.run(seekBy(-5 * time.Second)), true
	case key.Matches(msg, k.Play.SeekForwardLong):
		return np.run(seekBy(30 * time.Second)), true
	case key.Matches(msg, k.Play.SeekBackwardLong):
		return np.run(seekBy(-30 * time.Second)), true
	case key.Matches(msg, k.Play.VolumeUp):
		return np.run(command.Command{Op: command.OpVolume, Relative: true, Volume: 0.05}), true
	case key.Matches(msg, k.Play.VolumeDown):
		return np.run(command.Command{Op: command.OpVolume, Relative: true, Volume: -0.05}), true
	case key.Matches(msg, k.Play.Shuffle):
		return np.run(command.Command{Op: command.OpShuffle}), true
	case key.Matches(msg, k.Play.Repeat):
		return np.run(command.Command{Op: command.OpRepeat}), true
	case key.Matches(msg, k.Nav.Sort):
		cmd := m.sorts.cycle(m.current().Visible(), m.filter.on())
		m.layoutPanes() // the header may have gained its sort line
		return cmd, true
	case key.Matches(msg, k.Nav.FilterList):
		return m.filter.open(m.current().Visible()), true
	case key.Matches(msg, k.Nav.JumpPlaying):
		return m.jumpToPlaying(), true
	case key.Matches(msg, k.Play.Autoplay):
		return m.auto.toggle(), true
	case key.Matches(msg, k.Play.StartOver):
		return m.mem.startOver(np.Status()), true
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
	case key.Matches(msg, k.Cloud.Rename):
		return m.renamePrompt(), true
	case key.Matches(msg, k.Cloud.Delete):
		return m.deletePrompt(), true
	case key.Matches(msg, k.Cloud.Comment):
		return m.commentPrompt(), true
	case key.Matches(msg, k.Cloud.OpenBrowser):
		return m.openBrowser(), true
	case key.Matches(msg, k.Cloud.CopyLink):
		return m.copyLink(), true
	}
	for i, b := range []key.Binding{k.Tabs.Feed, k.Tabs.Likes, k.Tabs.Search, k.Tabs.Playlists, k.Tabs.Following, k.Tabs.Queue, k.Tabs.History} {
		if key.Matches(msg, b) {
			return m.switchTab(tab(i)), true
		}
	}
	return nil, false
}

func seekBy(d time.Duration) command.Command {
	return command.Command{Op: command.OpSeek, Relative: true, At: d}
}

// toggleComments opens the comments of the selected track (else the
// playing one) over the body, or closes them.
func (m *Model) toggleComments() tea.Cmd {
	if m.body == bodyComments {
		m.body = bodyTab
		return nil
	}
	// Pick the track before the overlay opens: once it is open, the
	// current pane is the comments pane itself.
	t := m.np.Track()
	if it, ok := m.target(); ok && it.Track != nil {
		t = it.Track
	}
	m.body = bodyComments
	return m.comments.SetTrack(t)
}
