package ui

import (
	"errors"
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/cirrus-tui/cirrus/api"
	"github.com/cirrus-tui/cirrus/player/command"
)

// A visual selection (vim's v): v starts it at the cursor of the list on
// screen, every motion extends it (j/k, g/G, pages, a click), v again or
// esc ends it. While it is on, the commands that act on the selected row
// act on every selected row, from keys and the `:` line alike: enqueue and
// play next, add to playlist (the picker), like, remove from the open
// playlist (one write for all of them) or from the queue, move in the
// queue (J/K carry the rows together, and the selection stays with them),
// and `:queue save NAME` / `:newplaylist NAME` save the selected tracks as
// a playlist. Rows an action cannot apply to are skipped and counted. The
// selection ends after the action, and when its list leaves the screen.

// visualState is the root's part of a selection: which list holds it,
// the like batches on their way, and a save as a new playlist.
type visualState struct {
	sel    *List[item]
	likes  map[int]*likeBatch
	save   *saveReq
	nextID int
}

// selList is the list on screen that can hold a selection: a list of
// rows in the body.
func (m *Model) selList() *List[item] {
	if m.body != bodyTab || m.welcome.shown {
		return nil
	}
	l, _ := m.current().Visible().(*List[item])
	return l
}

// selection is the list with a selection on, and the selected rows.
func (m *Model) selection() (*List[item], []item) {
	l := m.vis.sel
	if l == nil {
		return nil, nil
	}
	rows := l.SelectedItems()
	if len(rows) == 0 {
		return nil, nil
	}
	return l, rows
}

func (m *Model) toggleVisual() tea.Cmd {
	if m.vis.sel != nil {
		m.endVisual()
		return nil
	}
	l := m.selList()
	if l == nil || l.Len() == 0 {
		return m.setStatus("Nothing to select here: v selects rows of a list.", true)
	}
	l.StartSelection()
	m.vis.sel = l
	m.status.leftTab() // a message about before would hide "N selected"; a sticky warning stays
	return nil
}

func (m *Model) endVisual() {
	if m.vis.sel != nil {
		m.vis.sel.EndSelection()
		m.vis.sel = nil
	}
}

// visualKey takes v (start or end a selection) and, while one is on, esc
// (end it) before the pane would take esc for "back".
func (m *Model) visualKey(msg tea.KeyMsg) (tea.Cmd, bool) {
	k := m.c.Keys.Nav
	switch {
	case key.Matches(msg, k.Visual):
		return m.runCommand(command.Command{Op: command.OpVisual}), true
	case m.vis.sel != nil && key.Matches(msg, k.Back):
		m.endVisual()
		return nil, true
	}
	return nil, false
}

// visualGuard ends the selection when its list left the screen or its
// rows went, and forgets a failed save once its `:` line is closed.
func (m *Model) visualGuard() {
	if l := m.vis.sel; l != nil {
		if _, _, ok := l.Selection(); !ok || m.selList() != l {
			m.endVisual()
		}
	}
	if s := m.vis.save; s != nil && s.failed && !m.cmd.open {
		m.vis.save = nil
	}
}

// visualLine is the status line while a selection is on: the count, then
// what acts on it, the most used first (it fits 80 columns).
func (m *Model) visualLine(w int) string {
	k := m.c.Keys
	parts := []string{fmt.Sprintf("%d selected", m.vis.sel.selecting())}
	for _, h := range []struct {
		b    key.Binding
		what string
	}{{k.Queue.Enqueue, "queue"}, {k.Cloud.AddToPlaylist, "playlist"}, {k.Queue.Remove, "remove"}, {k.Cloud.Like, "like"}, {k.Nav.Back, "ends"}} {
		if keys := h.b.Keys(); h.b.Enabled() && len(keys) > 0 {
			parts = append(parts, keys[0]+" "+h.what)
		}
	}
	parts = append(parts, ":queue save")
	return m.c.Styles.Highlight.Render(Truncate(strings.Join(parts, " · "), w))
}

// visualCommand runs c on every selected row when a selection is on and
// c acts on the selected row; ok is false for commands it leaves alone.
func (m *Model) visualCommand(c command.Command) (tea.Cmd, bool) {
	if c.Op == command.OpVisual {
		return m.toggleVisual(), true
	}
	if cmd, ok := m.retrySave(c); ok {
		return cmd, true
	}
	if c.Op == command.OpSort || c.Op == command.OpFind {
		m.endVisual() // the rows are about to change under it
		return nil, false
	}
	_, rows := m.selection()
	if rows == nil || c.Target == command.Playing {
		return nil, false
	}
	switch c.Op {
	case command.OpEnqueue:
		return m.enqueueRows(rows, false), true
	case command.OpPlayNext:
		return m.enqueueRows(rows, true), true
	case command.OpLike:
		return m.likeRows(rows, false), true
	case command.OpUnlike:
		return m.likeRows(rows, true), true
	case command.OpAddToPlaylist:
		return m.pickRows(rows), true
	case command.OpQueueSave:
		return m.saveRows(c, rows), true
	case command.OpNewPlaylist:
		if c.Text == "" {
			return m.newPlaylistLine(), true
		}
		return m.saveRows(c, rows), true
	case command.OpFollow, command.OpRepost:
		return m.setStatus(c.Op.String()+" acts on one row: "+m.c.Keys.Nav.Back.Help().Key+" ends the selection first.", true), true
	}
	return nil, false
}

// rowsOf splits rows into those keep takes and the number it skips.
func rowsOf(rows []item, keep func(item) bool) (kept []item, skipped int) {
	for _, it := range rows {
		if keep(it) {
			kept = append(kept, it)
		} else {
			skipped++
		}
	}
	return kept, skipped
}

func isTrack(it item) bool    { return it.Track != nil }
func isLikeable(it item) bool { return it.Track != nil || it.Playlist != nil }
func tracksOf(rows []item) []api.Track {
	out := make([]api.Track, 0, len(rows))
	for _, it := range rows {
		if it.Track != nil {
			out = append(out, *it.Track)
		}
	}
	return out
}

// skippedNote says how many selected rows an action left out, and why.
func skippedNote(n int, why string) string {
	if n == 0 {
		return ""
	}
	return fmt.Sprintf(" %s skipped (%s).", plural(int64(n), "row"), why)
}

// enqueueRows queues the selected tracks, and every track of the selected
// playlists, in the order shown, in one change of the queue.
func (m *Model) enqueueRows(rows []item, next bool) tea.Cmd {
	want, skipped := rowsOf(rows, isLikeable)
	m.endVisual()
	if len(want) == 0 {
		return m.setStatus("No track or playlist among the selected rows: nothing queued.", true)
	}
	// copied here, not in the command: the rows stay the UI's
	type part struct {
		track *api.Track // or a playlist's tracks, read in the command
		pl    api.URN
		title string
	}
	parts := make([]part, 0, len(want))
	for _, it := range want {
		if it.Track != nil {
			t := *it.Track
			parts = append(parts, part{track: &t})
		} else {
			parts = append(parts, part{pl: it.Playlist.URN, title: SanitizeLine(it.Playlist.Title)})
		}
	}
	e := m.e
	return func() tea.Msg {
		var tracks []api.Track
		var failed []string
		for _, p := range parts {
			if p.track != nil {
				tracks = append(tracks, *p.track)
				continue
			}
			ts, err := playlistTracks(e.ctx, e, p.pl)
			if err != nil {
				failed = append(failed, fmt.Sprintf("“%s”: %v", p.title, err))
				continue
			}
			tracks = append(tracks, ts...)
		}
		where := "to the queue"
		if next {
			where = "to play next"
		}
		if len(tracks) > 0 {
			if next {
				e.a.PlayNext(tracks...)
			} else {
				e.a.Enqueue(tracks...)
			}
		}
		text := fmt.Sprintf("Added %s %s.", plural(int64(len(tracks)), "track"), where) + skippedNote(skipped, "users are not queued")
		if len(failed) > 0 {
			text += fmt.Sprintf(" %s not read: %s", plural(int64(len(failed)), "playlist"), failed[0])
		}
		return statusMsg{text: text, err: len(failed) > 0}
	}
}

// pickRows opens the picker for the selected tracks.
func (m *Model) pickRows(rows []item) tea.Cmd {
	tracks, skipped := rowsOf(rows, isTrack)
	if len(tracks) == 0 {
		m.endVisual()
		return m.setStatus("No track among the selected rows: only tracks go in a playlist.", true)
	}
	return m.showPicker(tracksOf(tracks), skipped, true)
}

// addedRowsMsg answers adding the selected tracks to a playlist.
type addedRowsMsg struct {
	playlist *api.Playlist
	added    int // tracks written
	there    int // tracks the playlist held already, not added again
	count    int // tracks in the playlist after
	skipped  int // selected rows that are not tracks
	note     string
	err      error
}

// addRowsCmd adds tracks to pl in one edit. Those it holds already are
// not added again (a selection is not asked about track by track): the
// rest go in, and the answer counts both.
func asDuplicate(err error) (*api.DuplicateError, bool) {
	var d *api.DuplicateError
	return d, errors.As(err, &d)
}

func addRowsCmd(e *env, pl *api.Playlist, tracks []api.Track, skipped int) tea.Cmd {
	urns := make([]api.URN, 0, len(tracks))
	seen := map[string]bool{}
	for _, t := range tracks {
		if !seen[t.URN.ID()] {
			seen[t.URN.ID()] = true
			urns = append(urns, t.URN)
		}
	}
	ptitle := SanitizeLine(pl.Title)
	return func() tea.Msg {
		msg := addedRowsMsg{playlist: pl, skipped: skipped}
		ed, err := e.b.AddToPlaylistChecked(e.ctx, pl.URN, false, urns...)
		if d, ok := asDuplicate(err); ok {
			there := map[string]bool{}
			for _, u := range d.Tracks {
				there[u.ID()] = true
			}
			var rest []api.URN
			for _, u := range urns {
				if !there[u.ID()] {
					rest = append(rest, u)
				}
			}
			msg.there = len(urns) - len(rest)
			if len(rest) == 0 {
				return msg
			}
			urns = rest
			ed, err = e.b.AddToPlaylistChecked(e.ctx, pl.URN, false, urns...)
		}
		if err != nil {
			msg.err = editErr(fmt.Sprintf("add %s to “%s”", plural(int64(len(urns)), "track"), ptitle), ptitle, err)
			return msg
		}
		msg.added, msg.count, msg.note = len(urns), len(ed.After), writeNote(ed)
		return msg
	}
}

func (m *Model) addedRows(msg addedRowsMsg) tea.Cmd {
	if msg.err != nil {
		return m.editFailed(msg.err)
	}
	title := SanitizeLine(msg.playlist.Title)
	text := fmt.Sprintf("Added %s to “%s”", plural(int64(msg.added), "track"), title)
	if msg.added > 0 {
		text += fmt.Sprintf(": %s", plural(int64(msg.count), "track"))
	}
	text += "."
	switch {
	case msg.there == 1:
		text += " 1 was there already, not added again."
	case msg.there > 1:
		text += fmt.Sprintf(" %d were there already, not added again.", msg.there)
	}
	text += skippedNote(msg.skipped, "not tracks") + msg.note
	return tea.Batch(m.tabs.reload(myPlaylistsList), m.setStatus(text, false))
}

// visualResult takes the answers of a selection's actions.
func (m *Model) visualResult(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case batchMsg:
		return m.batchAnswer(msg)
	case savedMsg:
		return m.saved(msg)
	case addedRowsMsg:
		return m.addedRows(msg)
	}
	return nil
}
