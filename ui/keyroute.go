package ui

import (
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/cirrus-tui/cirrus/player/command"
)

// splitKeys turns printable keys that arrived in one read ("jjj", typed
// fast or held down) into one key press per rune, so each one acts; a paste
// stays one message. Esc and the key after it, pressed in quick succession,
// also arrive in one read, which Bubble Tea takes for Alt+key: unless bound
// says an Alt binding wants it, that is Esc and then the key.
func splitKeys(msg tea.KeyMsg, bound func(tea.KeyMsg) bool) []tea.KeyMsg {
	var out []tea.KeyMsg
	if msg.Alt && !msg.Paste && (msg.Type == tea.KeyRunes || msg.Type == tea.KeySpace) && !bound(msg) {
		out = append(out, tea.KeyMsg{Type: tea.KeyEsc})
		msg.Alt = false
	}
	if msg.Type != tea.KeyRunes || msg.Paste || len(msg.Runes) < 2 {
		return append(out, msg)
	}
	for _, r := range msg.Runes {
		k := tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{r}, Alt: msg.Alt}
		if r == ' ' {
			k.Type = tea.KeySpace
		}
		out = append(out, k)
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
	case m.cmd.open:
		return m.cmdKey(msg)
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
	if cmd, ok := m.visualKey(msg); ok {
		return cmd
	}
	if m.filter.on() && key.Matches(msg, k.Nav.Back) {
		return m.filter.clear()
	}
	if key.Matches(msg, k.Nav.Count) {
		m.cmd.count = pendingCount{at: m.c.Now(), opened: true}
		return m.c.After(countWindow+countWindow/10, countTimeoutMsg{})
	}
	if m.countDigit(msg) {
		return m.c.After(countWindow+countWindow/10, countTimeoutMsg{})
	}
	if cmd, ok := m.motionCount(msg); ok {
		return cmd
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
// A key is one more way to type a command: it runs the command its
// action names in command.KeyLines, as the `:` line would.
func (m *Model) globalKey(msg tea.KeyMsg) (tea.Cmd, bool) {
	if key.Matches(msg, m.c.Keys.App.Command) {
		return m.cmd.start(), true
	}
	for _, g := range m.globals() {
		if key.Matches(msg, *g.b) {
			c, _ := command.ForKey(g.action)
			return m.runCommand(c), true
		}
	}
	return nil, false
}

// globalAction is a key action handled on any tab.
type globalAction struct {
	b      *key.Binding
	action string
}

// globals lists the actions globalKey runs, in the order they are matched
// (a key bound to two of them runs the first).
func (m *Model) globals() []globalAction {
	k := &m.c.Keys
	return []globalAction{
		{&k.App.Quit, "quit"}, {&k.App.Help, "help"},
		{&k.Tabs.Next, "next_tab"}, {&k.Tabs.Prev, "prev_tab"},
		{&k.Nav.Search, "search"}, {&k.Nav.Comments, "comments"},
		{&k.Play.PlayPause, "play_pause"}, {&k.Play.NextTrack, "next_track"}, {&k.Play.PrevTrack, "prev_track"},
		{&k.Play.SeekForward, "seek_forward"}, {&k.Play.SeekBackward, "seek_backward"},
		{&k.Play.SeekForwardLong, "seek_forward_long"}, {&k.Play.SeekBackwardLong, "seek_backward_long"},
		{&k.Play.VolumeUp, "volume_up"}, {&k.Play.VolumeDown, "volume_down"},
		{&k.Play.Shuffle, "shuffle"}, {&k.Play.Repeat, "repeat"},
		{&k.Nav.Sort, "sort"}, {&k.Nav.FilterList, "filter_list"}, {&k.Nav.JumpPlaying, "jump_to_playing"},
		{&k.Play.Autoplay, "toggle_autoplay"}, {&k.Play.StartOver, "start_over"},
		{&k.Queue.Enqueue, "enqueue"}, {&k.Queue.PlayNext, "play_next"}, {&k.Queue.Radio, "radio"},
		{&k.Cloud.Like, "like"}, {&k.Cloud.LikePlaying, "like_playing"}, {&k.Cloud.Follow, "follow"}, {&k.Cloud.Repost, "repost"},
		{&k.Cloud.AddToPlaylist, "add_to_playlist"}, {&k.Cloud.NewPlaylist, "new_playlist"},
		{&k.Cloud.Rename, "rename_playlist"}, {&k.Cloud.Delete, "delete_playlist"},
		{&k.Cloud.Comment, "comment"}, {&k.Cloud.OpenBrowser, "open_browser"}, {&k.Cloud.CopyLink, "copy_link"},
		{&k.Tabs.Feed, "tab_feed"}, {&k.Tabs.Likes, "tab_likes"}, {&k.Tabs.Search, "tab_search"},
		{&k.Tabs.Playlists, "tab_playlists"}, {&k.Tabs.Following, "tab_following"},
		{&k.Tabs.Queue, "tab_queue"}, {&k.Tabs.History, "tab_history"},
	}
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
