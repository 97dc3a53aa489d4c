package ui

import (
	"fmt"

	tea "github.com/charmbracelet/bubbletea"
)

// Liking a selection: each row goes through the library's own like (one
// write per item on its way, settled to what the server last said; see
// library_writes.go). What those writes would each say on the status line
// is gathered instead, and one message says how the whole batch went once
// every write of it (and every write pressed again meanwhile) answered.

// likeBatch is one selection's likes on their way.
type likeBatch struct {
	want     bool   // like (true) or unlike every row
	rows     []item // the rows pressed
	already  int    // rows that were as wanted already
	skipped  int    // rows that cannot be liked (users)
	open     int    // commands of the batch not yet answered
	failures []string
}

// batchMsg carries a message of one of a like batch's commands.
type batchMsg struct {
	id  int
	msg tea.Msg
}

// wrap runs cmd as part of batch id, so its message comes back to it.
func (m *Model) wrap(id int, cmd tea.Cmd) tea.Cmd {
	b := m.vis.likes[id]
	if cmd == nil || b == nil {
		return cmd
	}
	b.open++
	return func() tea.Msg { return batchMsg{id: id, msg: cmd()} }
}

// likeRows likes every selected track and playlist. f likes those not
// liked yet, or, when all of them are, unlikes them all; :unlike unlikes.
// A track selected twice is pressed once.
func (m *Model) likeRows(rows []item, unlike bool) tea.Cmd {
	if cmd, ok := m.requireLogin("like"); ok {
		return cmd
	}
	can, skipped := rowsOf(rows, isLikeable)
	m.endVisual()
	if len(can) == 0 {
		return m.setStatus("No track or playlist among the selected rows: users are followed, not liked.", true)
	}
	want := !unlike
	if want {
		all := true
		for _, it := range can {
			all = all && m.lib.isLiked(it)
		}
		want = !all
	}
	if m.vis.likes == nil {
		m.vis.likes = map[int]*likeBatch{}
	}
	m.vis.nextID++
	id := m.vis.nextID
	b := &likeBatch{want: want, skipped: skipped}
	m.vis.likes[id] = b
	seen := map[string]bool{}
	var cmds []tea.Cmd
	for _, it := range can {
		if seen[string(it.URN())] {
			continue
		}
		seen[string(it.URN())] = true
		if m.lib.isLiked(it) == want {
			b.already++
			continue
		}
		b.rows = append(b.rows, it)
		cmds = append(cmds, m.wrap(id, m.lib.like(it)))
	}
	if b.open == 0 {
		return m.likeSummary(id) // nothing went out: every row was as wanted, or waits on a write already out
	}
	return tea.Batch(append(cmds, m.setStatus(fmt.Sprintf("%s %s…", verb(want, "Liking", "Unliking"), plural(int64(len(b.rows)), nounOf(b.rows))), false))...)
}

// batchAnswer takes one message of a batch: the library settles each
// answer as it always does; its status messages are gathered; when the
// batch's last command answered, one message sums it up.
func (m *Model) batchAnswer(msg batchMsg) tea.Cmd {
	b := m.vis.likes[msg.id]
	if b == nil { // not ours (any more): deliver it as it is
		if bm, ok := msg.msg.(tea.BatchMsg); ok {
			return tea.Batch(bm...)
		}
		_, cmd := m.Update(msg.msg)
		return cmd
	}
	b.open--
	var cmd tea.Cmd
	switch in := msg.msg.(type) {
	case tea.BatchMsg:
		cmds := make([]tea.Cmd, 0, len(in))
		for _, c := range in {
			cmds = append(cmds, m.wrap(msg.id, c))
		}
		cmd = tea.Batch(cmds...)
	case likeMsg:
		_, next := m.lib.Update(in)
		cmd = m.wrap(msg.id, next)
	case statusMsg:
		if in.err {
			b.failures = append(b.failures, in.text)
		}
	case nil:
	default: // stale lists, a refusal notice
		_, cmd = m.Update(in)
	}
	if b.open > 0 {
		return cmd
	}
	return tea.Batch(cmd, m.likeSummary(msg.id))
}

// likeSummary says how batch id went, by what the library now shows.
func (m *Model) likeSummary(id int) tea.Cmd {
	b := m.vis.likes[id]
	delete(m.vis.likes, id)
	done := 0
	for _, it := range b.rows {
		if m.lib.isLiked(it) == b.want {
			done++
		}
	}
	noun := nounOf(b.rows)
	if len(b.rows) == 0 {
		return m.setStatus(fmt.Sprintf("Nothing to do: %d %s already.", b.already, verb(b.want, "liked", "not liked"))+
			skippedNote(b.skipped, "users are followed, not liked"), false)
	}
	text := fmt.Sprintf("%s %s.", verb(b.want, "Liked", "Unliked"), plural(int64(done), noun))
	if done < len(b.rows) {
		text = fmt.Sprintf("%s %d of %s; %d failed", verb(b.want, "Liked", "Unliked"), done, plural(int64(len(b.rows)), noun), len(b.rows)-done)
		if len(b.failures) > 0 {
			text += ": " + b.failures[0]
		}
		text += "."
	}
	if b.already > 0 {
		text += fmt.Sprintf(" %d %s already.", b.already, verb(b.want, "liked", "not liked"))
	}
	text += skippedNote(b.skipped, "users are followed, not liked")
	return m.setStatus(text, done < len(b.rows))
}

// nounOf names what rows are: tracks, playlists, or both.
func nounOf(rows []item) string {
	tracks, pls := 0, 0
	for _, it := range rows {
		switch {
		case it.Track != nil:
			tracks++
		case it.Playlist != nil:
			pls++
		}
	}
	switch {
	case pls == 0:
		return "track"
	case tracks == 0:
		return "playlist"
	}
	return "row"
}
