package ui

import (
	"errors"
	"fmt"
	"slices"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/cirrus-tui/cirrus/api"
)

// Edits of an open playlist from the keyboard (x, J, K) show at once: the
// row goes or moves, the cursor follows it and the header counts it. The
// writes go out one at a time per playlist, in the order pressed, each
// applied by the api to the list the server holds after the one before
// (api.EditPlaylistTracks reads, writes, reads back). When the last is
// answered the list shows what the server returned; when one failed the
// status line names it and the playlist is read again, the cursor kept.

// maxPendingEdits bounds the edits of one playlist waiting for the server.
const maxPendingEdits = 100

// playlistEdits holds the edits pressed and not yet answered, by playlist.
type playlistEdits struct {
	e      *env
	queues map[api.URN]*editQueue
}

func newPlaylistEdits(e *env) *playlistEdits {
	return &playlistEdits{e: e, queues: map[api.URN]*editQueue{}}
}

// editQueue is one playlist's edits: pending[0] is on its way.
type editQueue struct {
	list    *List[item]
	pl      *api.Playlist // the open view's copy: its count is shown
	pending []pendingEdit
	rows    map[string]item // every row the queue has shown, by track id
	before  []api.URN       // the list as shown before the first press
	last    []api.URN       // the list the server last returned
	failed  []error         // the edits that failed, in order
	done    int             // edits answered
	note    string          // writeNote of an edit that answered
}

// pendingEdit is one key press: remove the track at row, or move it by
// delta rows, as the list showed it when the key was pressed. A
// selection's removal or move is one edit too: run holds its tracks, from
// row on.
type pendingEdit struct {
	track  api.Track
	row    int
	delta  int
	remove bool
	run    []api.Track
}

// removed is the tracks a removal takes out.
func (ed pendingEdit) removed() []api.Track {
	if len(ed.run) > 0 {
		return ed.run
	}
	return []api.Track{ed.track}
}

// removedDuration is what the removed tracks last, for the header.
func (ed pendingEdit) removedDuration() int64 {
	var d int64
	for _, t := range ed.removed() {
		d += t.Duration
	}
	return d
}

// playlistEditMsg answers the edit at the head of a playlist's queue.
type playlistEditMsg struct {
	playlist api.URN
	what     string // "Removed “X” from “Y”"
	edit     *api.PlaylistEdit
	err      error
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
	if lo, hi, on := l.Selection(); on {
		return m.editSelected(l, v.pl, lo, hi, delta), true
	}
	row, n := l.Cursor(), l.Len()
	if (delta < 0 && row == 0) || (delta > 0 && row == n-1) {
		return nil, true
	}
	if q := m.edits.queues[v.pl.URN]; q != nil && len(q.pending) >= maxPendingEdits {
		return statusCmd(fmt.Sprintf("%d edits are waiting for the server: wait for them before the next.", len(q.pending)), true), true
	}
	return m.edits.press(l, v.pl, pendingEdit{track: *it.Track, row: row, delta: delta, remove: delta == 0}), true
}

// editSelected removes the selected rows of an open playlist, or moves
// them together by delta, as one edit in order with the edits pressed
// before it: one write for all. A move keeps the selection on the rows.
func (m *Model) editSelected(l *List[item], pl *api.Playlist, lo, hi, delta int) tea.Cmd {
	if (delta < 0 && lo == 0) || (delta > 0 && hi == l.Len()-1) {
		return nil
	}
	if q := m.edits.queues[pl.URN]; q != nil && len(q.pending) >= maxPendingEdits {
		return statusCmd(fmt.Sprintf("%d edits are waiting for the server: wait for them before the next.", len(q.pending)), true)
	}
	run := make([]api.Track, 0, hi-lo+1)
	for _, it := range l.Items()[lo : hi+1] {
		if it.Track == nil {
			return statusCmd("Only tracks can be removed from a playlist.", true)
		}
		run = append(run, *it.Track)
	}
	if delta != 0 {
		l.sel.anchor += delta // the rows move: the selection goes with them
		return m.edits.press(l, pl, pendingEdit{track: run[0], row: lo, delta: delta, run: run})
	}
	m.endVisual()
	return m.edits.press(l, pl, pendingEdit{track: run[0], row: lo, remove: true, run: run})
}

// press shows an edit at once and queues its write; it goes out now when
// no other edit of the playlist is on its way.
func (p *playlistEdits) press(l *List[item], pl *api.Playlist, ed pendingEdit) tea.Cmd {
	q := p.queues[pl.URN]
	if q == nil {
		q = &editQueue{list: l, pl: pl, rows: map[string]item{}, before: trackURNs(l.Items())}
		p.queues[pl.URN] = q
	}
	q.list, q.pl = l, pl
	for _, it := range l.Items() {
		if it.Track != nil {
			q.rows[it.Track.URN.ID()] = it
		}
	}
	items := l.Items()
	if ed.remove {
		n := len(ed.removed())
		l.SetItems(slices.Delete(slices.Clone(items), ed.row, ed.row+n))
		l.cursor = ed.row
		pl.TrackCount = max(pl.TrackCount-n, 0)
		pl.Duration = max(pl.Duration-ed.removedDuration(), 0)
	} else if len(ed.run) > 0 {
		n := len(ed.run)
		block := slices.Clone(items[ed.row : ed.row+n])
		rest := slices.Delete(slices.Clone(items), ed.row, ed.row+n)
		l.SetItems(slices.Insert(rest, ed.row+ed.delta, block...))
		l.cursor += ed.delta
	} else {
		moved := slices.Clone(items)
		moved[ed.row], moved[ed.row+ed.delta] = moved[ed.row+ed.delta], moved[ed.row]
		l.SetItems(moved)
		l.cursor = ed.row + ed.delta
	}
	l.clamp()
	q.pending = append(q.pending, ed)
	if len(q.pending) > 1 {
		return nil
	}
	return p.send(pl, ed)
}

func (p *playlistEdits) send(pl *api.Playlist, ed pendingEdit) tea.Cmd {
	e, purn := p.e, pl.URN
	title, ptitle := SanitizeLine(ed.track.Title), SanitizeLine(pl.Title)
	return func() tea.Msg {
		msg := playlistEditMsg{playlist: purn}
		switch {
		case len(ed.run) > 0 && !ed.remove:
			msg.what = fmt.Sprintf("Moved %s in “%s”", plural(int64(len(ed.run)), "track"), ptitle)
			msg.edit, msg.err = e.b.MovePlaylistRows(e.ctx, purn, runURNs(ed.run), ed.row, ed.delta)
		case len(ed.run) > 1:
			msg.what = fmt.Sprintf("Removed %d tracks from “%s”", len(ed.run), ptitle)
			msg.edit, msg.err = e.b.RemovePlaylistRows(e.ctx, purn, runURNs(ed.run), ed.row)
		case ed.remove:
			msg.what = fmt.Sprintf("Removed “%s” from “%s”", title, ptitle)
			msg.edit, msg.err = e.b.RemovePlaylistTrack(e.ctx, purn, ed.track.URN, ed.row)
		default:
			msg.what = fmt.Sprintf("Moved “%s” in “%s”", title, ptitle)
			msg.edit, msg.err = e.b.MovePlaylistTrackBy(e.ctx, purn, ed.track.URN, ed.row, ed.delta)
		}
		if msg.err != nil {
			what := fmt.Sprintf("move %q in %q", title, ptitle)
			switch {
			case len(ed.run) > 0 && !ed.remove:
				what = fmt.Sprintf("move %s in %q", plural(int64(len(ed.run)), "track"), ptitle)
			case len(ed.run) > 1:
				what = fmt.Sprintf("remove %d tracks from %q", len(ed.run), ptitle)
			case ed.remove:
				what = fmt.Sprintf("remove %q in %q", title, ptitle)
			}
			msg.err = editErr(what, ptitle, msg.err)
		}
		return msg
	}
}

// playlistEdited takes the answer to the edit on its way: the next one
// goes out; after the last, the list shows what the server returned.
func (m *Model) playlistEdited(msg playlistEditMsg) tea.Cmd {
	p := m.edits
	q := p.queues[msg.playlist]
	if q == nil || len(q.pending) == 0 {
		return nil
	}
	ed := q.pending[0]
	q.pending = q.pending[1:]
	q.done++
	if msg.err != nil {
		q.failed = append(q.failed, msg.err)
		if ed.remove { // the rows did not go: count them again
			q.pl.TrackCount += len(ed.removed())
			q.pl.Duration += ed.removedDuration()
		}
	} else {
		q.last = msg.edit.After
		q.note = writeNote(msg.edit)
	}
	if len(q.pending) > 0 {
		next := p.send(q.pl, q.pending[0])
		if len(q.failed) > 0 {
			return next // the failure stays on the status line
		}
		return tea.Batch(next, m.setStatus(msg.what+"…", false))
	}
	delete(p.queues, msg.playlist)
	if len(q.failed) > 0 && m.vis.sel == q.list {
		m.endVisual() // the rows it spanned may not be where it shows them
	}
	return tea.Batch(q.settle(), stale(myPlaylistsList), q.report(m, msg))
}

// settle shows the list the server returned last (or, when every edit
// failed, the list as it was), the cursor kept on its track. Rows this
// screen never had (another client added them) are read again.
func (q *editQueue) settle() tea.Cmd {
	l := q.list
	server := q.last
	if server == nil {
		server = q.before
	}
	rows := make([]item, 0, len(server))
	for _, u := range server {
		it, ok := q.rows[u.ID()]
		if !ok {
			l.Invalidate()
			return l.Refresh()
		}
		rows = append(rows, it)
	}
	if l.HasMore() {
		l.Invalidate()
		return l.Refresh()
	}
	sel, _ := l.Selected()
	l.SetItems(rows)
	if sel.Track != nil {
		l.cursor = nearest(rows, sel.Track.URN, l.cursor)
	}
	l.clamp()
	if q.last != nil {
		q.pl.TrackCount = len(rows) // a write went through: the listing is whole
	}
	return nil
}

// nearest is the index of the row holding track closest to at; at when
// none does.
func nearest(rows []item, track api.URN, at int) int {
	best := -1
	for i, it := range rows {
		if it.Track != nil && it.Track.URN.ID() == track.ID() && (best < 0 || abs(i-at) < abs(best-at)) {
			best = i
		}
	}
	if best < 0 {
		return at
	}
	return best
}

func abs(n int) int { return max(n, -n) }

func runURNs(run []api.Track) []api.URN {
	out := make([]api.URN, len(run))
	for i, t := range run {
		out[i] = t.URN
	}
	return out
}

func trackURNs(items []item) []api.URN {
	out := make([]api.URN, 0, len(items))
	for _, it := range items {
		if it.Track != nil {
			out = append(out, it.Track.URN)
		}
	}
	return out
}

// report says how the burst went: the last edit when all went through,
// else the failures, naming each.
func (q *editQueue) report(m *Model, msg playlistEditMsg) tea.Cmd {
	if len(q.failed) == 0 {
		return m.setStatus(fmt.Sprintf("%s: %s.%s", msg.what, plural(int64(len(q.last)), "track"), q.note), false)
	}
	err := q.failed[0]
	if len(q.failed) > 1 || q.done > 1 {
		err = fmt.Errorf("%d of %d edits failed; the first: %w", len(q.failed), q.done, err)
	}
	return m.editFailed(err)
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
