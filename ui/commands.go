package ui

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/cirrus-tui/cirrus/player/command"
)

// runCommand applies one command from the `:` line. Playback goes to the
// player's controller (in order with keys, ctl and MPRIS); the rest runs
// here, through the same functions the keys run, so `:like` and f are one
// action.
func (m *Model) runCommand(c command.Command) tea.Cmd {
	if c.Op.Player() {
		return m.np.run(c)
	}
	if cmd, ok := m.visualCommand(c); ok {
		return cmd
	}
	k := m.c.Keys
	switch c.Op {
	case command.OpAutoplay:
		if c.Switch == command.Flip || (c.Switch == command.On) != m.auto.on {
			return m.setStatus(m.auto.toggle(), false)
		}
		return m.setStatus("Autoplay is already "+onOff(m.auto.on)+".", false)
	case command.OpRadio:
		return m.radio(c)
	case command.OpStartOver:
		if !m.mem.startOver(m.np.Status()) {
			return nil
		}
		return m.np.run(command.Command{Op: command.OpSeek})
	case command.OpUp:
		return m.pressKey(k.Nav.Up, c.Times(), -1)
	case command.OpDown:
		return m.pressKey(k.Nav.Down, c.Times(), -1)
	case command.OpPageUp:
		return m.pressKey(k.Nav.PageUp, c.Times(), -1)
	case command.OpPageDown:
		return m.pressKey(k.Nav.PageDown, c.Times(), -1)
	case command.OpTop:
		return m.pressKey(k.Nav.Top, 1, -1)
	case command.OpBottom:
		return m.pressKey(k.Nav.Bottom, 1, -1)
	case command.OpOpen:
		return m.pressKey(k.Nav.Open, 1, -1)
	case command.OpBack:
		return m.pressKey(k.Nav.Back, 1, -1)
	case command.OpKind:
		return m.pressKey(k.Nav.ToggleKind, 1, -1)
	case command.OpFilter:
		return m.pressKey(k.Nav.Filter, 1, -1)
	case command.OpReload:
		return m.pressKey(k.Nav.Reload, 1, -1)
	case command.OpFind:
		return m.filter.open(m.current().Visible())
	case command.OpTab:
		for i, name := range command.TabNames {
			if name == c.Text {
				return m.switchTab(tab(i))
			}
		}
		return m.setStatus("No tab "+c.Text+".", true)
	case command.OpNextTab:
		return m.switchTab(tab((int(m.tabs.active) + 1) % m.tabs.count()))
	case command.OpPrevTab:
		return m.switchTab(tab((int(m.tabs.active) + m.tabs.count() - 1) % m.tabs.count()))
	case command.OpComments:
		if c.Target == command.Playing {
			t := m.np.Track()
			if t == nil {
				return m.setStatus("Nothing is playing.", true)
			}
			m.body = bodyComments
			return m.comments.SetTrack(t)
		}
		return m.toggleComments()
	case command.OpSearch:
		m.switchTab(tabSearch)
		if c.Text == "" {
			return m.search.Focus()
		}
		m.search.input.SetValue(c.Text)
		return m.search.submit()
	case command.OpSort:
		var cmd tea.Cmd
		if c.Text == "" {
			cmd = m.sorts.cycle(m.current().Visible(), m.filter.on())
		} else {
			cmd = m.sorts.sortBy(m.current().Visible(), m.filter.on(), sortKeyNamed(c.Text))
		}
		m.layoutPanes()
		return cmd
	case command.OpJump:
		if m.tabs.active == tabQueue && m.body == bodyTab {
			return m.jumpInQueue()
		}
		return m.jumpToPlaying()
	case command.OpEnqueue:
		return m.enqueue(c.Target, false)
	case command.OpPlayNext:
		return m.enqueue(c.Target, true)
	case command.OpQueueRemove:
		return m.pressKey(k.Queue.Remove, 1, tabQueue)
	case command.OpQueueUp:
		return m.pressKey(k.Queue.MoveUp, c.Times(), tabQueue)
	case command.OpQueueDown:
		return m.pressKey(k.Queue.MoveDown, c.Times(), tabQueue)
	case command.OpQueueList:
		return m.switchTab(tabQueue)
	case command.OpQueueSave:
		return m.saveQueue(c)
	case command.OpLike:
		return m.like(c.Target)
	case command.OpUnlike:
		if it, ok := m.targetOf(c.Target); ok && !m.lib.isLiked(it) {
			return m.setStatus("Not liked: nothing to undo.", false)
		}
		return m.like(c.Target)
	case command.OpFollow:
		return m.follow(c.Target)
	case command.OpRepost:
		return m.repost(c.Target)
	case command.OpAddToPlaylist:
		if c.Target == command.Playing {
			return m.setStatus("Select the track to add (addto works on the selected row).", true)
		}
		return m.openPicker()
	case command.OpNewPlaylist:
		if c.Text == "" {
			return m.newPlaylistLine()
		}
		return m.newPlaylist(c)
	case command.OpRename:
		return m.renamePrompt()
	case command.OpDelete:
		return m.deletePrompt()
	case command.OpComment:
		return m.commentPrompt()
	case command.OpBrowser:
		return m.openBrowser(c.Target)
	case command.OpCopyLink:
		return m.copyLink(c.Target)
	case command.OpHelp:
		m.help = &helpOverlay{c: m.c}
		m.layoutPanes()
		return nil
	case command.OpQuit:
		return m.quit()
	case command.OpStatus:
		st := m.np.Status()
		what := "nothing"
		if st.Track != nil {
			what = SanitizeLine(st.Track.Title)
		}
		return m.setStatus(fmt.Sprintf("%s: %s at %s · vol %d%% · shuffle %s · repeat %s", st.State, what, Clock(st.Position),
			int(st.Volume*100+0.5), onOff(st.Shuffle), repeatName(st.Repeat)), false)
	}
	return m.setStatus(c.Op.String()+" cannot run here.", true)
}

// jumpInQueue puts the Queue's cursor on the entry playing (by position:
// a track queued twice has one playing row), staying on the Queue tab.
func (m *Model) jumpInQueue() tea.Cmd {
	q, _ := m.tabs.pane(tabQueue).(*queuePane)
	i := m.np.Status().Index
	if q == nil || m.np.Track() == nil || i < 0 || i >= q.list.Len() {
		return m.setStatus("Nothing in the queue is playing.", false)
	}
	return q.list.Move(i)
}

func onOff(b bool) string {
	if b {
		return "on"
	}
	return "off"
}

// pressKey runs what b's first key does, n times, as if typed: the pane
// that owns the body handles it as it handles the key. With on >= 0 the
// tab on is shown first (queue commands act on the Queue tab).
func (m *Model) pressKey(b key.Binding, n int, on tab) tea.Cmd {
	msg, ok := keyMsgOf(b)
	if !ok {
		return m.setStatus("That action has no key bound, so it cannot run from here.", true)
	}
	var cmds []tea.Cmd
	if on >= 0 && m.tabs.active != on {
		cmds = append(cmds, m.switchTab(on))
	}
	for range n {
		cmds = append(cmds, m.key(msg))
	}
	return tea.Batch(cmds...)
}

// keyMsgOf is the key press of b's first key.
func keyMsgOf(b key.Binding) (tea.KeyMsg, bool) {
	keys := b.Keys()
	if !b.Enabled() || len(keys) == 0 {
		return tea.KeyMsg{}, false
	}
	name := keys[0]
	alt := strings.HasPrefix(name, "alt+")
	name = strings.TrimPrefix(name, "alt+")
	for t := tea.KeyType(-100); t <= 127; t++ {
		if t != tea.KeyRunes && (tea.Key{Type: t}).String() == name {
			return tea.KeyMsg{Type: t, Alt: alt}, true
		}
	}
	if r := []rune(name); len(r) == 1 {
		return tea.KeyMsg{Type: tea.KeyRunes, Runes: r, Alt: alt}, true
	}
	return tea.KeyMsg{}, false
}
