package ui

import (
	"fmt"
	"slices"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/cirrus-tui/cirrus/api"
	"github.com/cirrus-tui/cirrus/player"
	"github.com/cirrus-tui/cirrus/player/command"
)

// queueMsg carries the player's queue after a change.
type queueMsg struct{ entries []player.QueueEntry }

// queuePane shows what plays next; reorder, remove and clear act on the
// player, which then reports the new queue.
type queuePane struct {
	c             *Common
	e             *env
	np            *nowPlaying // the playing track, shuffle and repeat
	list          *List[item]
	from          map[*api.Track]player.Origin // who queued each row: autoplay, a radio
	width, height int
}

func newQueue(c *Common, e *env, np *nowPlaying) *queuePane {
	q := &queuePane{c: c, e: e, np: np}
	q.list = newList(c, e, "The queue is empty: press "+c.Keys.Queue.Enqueue.Help().Key+" on a track to add it.", source[item]{}, func(c *Common, it item, w int, sel bool) string {
		mark := "  "
		if q.isPlaying(it) {
			mark = "▶ "
		}
		// ▶ goes by position here: the row's other marks (♥) without the
		// one every other list puts on the playing track's rows
		rc := *c
		rc.Mark = np.lib.mark
		return mark + renderItemWith(nil)(&rc, it, w-2, sel)
	})
	q.list.loaded = true
	return q
}

// refreshQueue reads the player's queue.
func refreshQueue(a Audio) tea.Cmd {
	return func() tea.Msg { return queueMsg{entries: a.QueueEntries()} }
}

// isPlaying says whether row it is the queue entry playing: by position
// (the player's index), so a track queued twice is marked once.
func (q *queuePane) isPlaying(it item) bool {
	i, items := q.np.Status().Index, q.list.Items()
	return it.Track != nil && i >= 0 && i < len(items) && items[i].Track == it.Track &&
		it.Track.URN == q.np.playingURN()
}

// origin says who queued row it (autoplay, a radio, the listener).
func (q *queuePane) origin(it item) player.Origin {
	if it.Track == nil {
		return player.FromListener
	}
	return q.from[it.Track]
}

func (q *queuePane) Name() string { return "Queue" }
func (q *queuePane) Init() tea.Cmd {
	return refreshQueue(q.e.a)
}
func (q *queuePane) SetSize(w, h int) {
	q.width, q.height = w, h
	q.list.SetSize(w, h-1)
}
func (q *queuePane) Selected() (item, bool) { return q.list.Selected() }
func (q *queuePane) Loading() bool          { return false }
func (q *queuePane) InputFocused() bool     { return false }
func (q *queuePane) Visible() shownList     { return q.list }
func (q *queuePane) Click(y int) bool       { return q.list.Click(y - 1) }
func (q *queuePane) Scroll(d int) tea.Cmd   { return q.list.Scroll(d) }

func (q *queuePane) Update(msg tea.Msg) (bool, tea.Cmd) {
	switch msg := msg.(type) {
	case queueMsg:
		tracks := make([]api.Track, len(msg.entries))
		for i, e := range msg.entries {
			tracks[i] = e.Track
		}
		items := trackItems(tracks)
		q.from = map[*api.Track]player.Origin{}
		for i, e := range msg.entries {
			if e.From != player.FromListener && i < len(items) {
				q.from[items[i].Track] = e.From
			}
		}
		q.list.SetItems(items)
		return true, nil
	case tea.KeyMsg:
		return q.key(msg)
	}
	return false, nil
}

func (q *queuePane) key(msg tea.KeyMsg) (bool, tea.Cmd) {
	k, a, i, n := q.c.Keys, q.e.a, q.list.Cursor(), q.list.Len()
	do := func(f func()) tea.Cmd {
		return func() tea.Msg { f(); return queueMsg{entries: a.QueueEntries()} }
	}
	if lo, hi, on := q.list.Selection(); on && n > 0 {
		if cmd, ok := q.selectionKey(msg, lo, hi); ok {
			return true, cmd
		}
	}
	switch {
	case n == 0:
	case key.Matches(msg, k.Nav.Open):
		tracks := make([]api.Track, n)
		for j, it := range q.list.Items() {
			tracks[j] = *it.Track
		}
		return true, func() tea.Msg { return playFromMsg{tracks: tracks, start: i, from: q.list} }
	case key.Matches(msg, k.Queue.Remove):
		return true, do(func() { a.Remove(i) })
	case key.Matches(msg, k.Queue.MoveUp) && i > 0:
		q.list.Move(i - 1)
		return true, do(func() { a.Move(i, i-1) })
	case key.Matches(msg, k.Queue.MoveDown) && i < n-1:
		q.list.Move(i + 1)
		return true, do(func() { a.Move(i, i+1) })
	case key.Matches(msg, k.Queue.Clear):
		// through the controller, in order with every other command; the
		// player's queue event brings the empty queue
		return true, q.np.run(command.Command{Op: command.OpQueueClear})
	}
	return q.list.UpdateKey(msg)
}

// selectionKey acts on the queue's selected rows: x removes them all, J
// and K move them together by one row, the selection moving with them.
// The rows change on screen at once; the player is asked after checking
// that its queue still holds the rows as shown (a track may have been
// queued from elsewhere meanwhile). ok is false for other keys.
func (q *queuePane) selectionKey(msg tea.KeyMsg, lo, hi int) (tea.Cmd, bool) {
	k, a, items := q.c.Keys.Queue, q.e.a, q.list.Items()
	shown := trackURNs(items)
	var act func()
	var text string
	switch {
	case key.Matches(msg, k.Remove):
		q.list.EndSelection()
		q.list.SetItems(slices.Delete(slices.Clone(items), lo, hi+1))
		q.list.Move(lo)
		text = fmt.Sprintf("Removed %s from the queue.", plural(int64(hi-lo+1), "track"))
		act = func() {
			for i := hi; i >= lo; i-- { // from the end: the rows before keep their places
				a.Remove(i)
			}
		}
	case key.Matches(msg, k.MoveUp):
		if lo == 0 {
			return nil, true
		}
		q.moveRows(lo-1, hi, -1)
		act = func() { a.Move(lo-1, hi) } // the row above goes below
	case key.Matches(msg, k.MoveDown):
		if hi >= len(items)-1 {
			return nil, true
		}
		q.moveRows(hi+1, lo, 1)
		act = func() { a.Move(hi+1, lo) } // the row below goes above
	default:
		return nil, false
	}
	upTo := min(hi+2, len(shown)) // the rows the indices touch
	return func() tea.Msg {
		if !sameRows(a.QueueEntries(), shown[:upTo]) {
			return tea.BatchMsg{refreshQueue(a), statusCmd("The queue changed meanwhile: nothing was done; select again.", true)}
		}
		act()
		msgs := tea.BatchMsg{refreshQueue(a)}
		if text != "" {
			msgs = append(msgs, statusCmd(text, false))
		}
		return msgs
	}, true
}

// moveRows shows the player's Move(from, to) at once, and moves the
// selection and the cursor by d with the rows they hold.
func (q *queuePane) moveRows(from, to, d int) {
	items := slices.Clone(q.list.Items())
	it := items[from]
	items = slices.Insert(slices.Delete(items, from, from+1), to, it)
	q.list.SetItems(items)
	q.list.sel.anchor += d
	q.list.Move(q.list.cursor + d)
}

// sameRows says whether the player's queue starts with the tracks shown.
func sameRows(entries []player.QueueEntry, shown []api.URN) bool {
	if len(entries) < len(shown) {
		return false
	}
	for i, u := range shown {
		if entries[i].Track.URN != u {
			return false
		}
	}
	return true
}

func repeatName(r player.Repeat) string {
	return [...]string{"off", "one", "all"}[r]
}

func (q *queuePane) View() string {
	s := q.c.Styles
	st := q.np.Status()
	shuffle := "off"
	if st.Shuffle {
		shuffle = "on"
	}
	var total int64
	for _, it := range q.list.Items() {
		total += it.Track.Duration
	}
	head := fmt.Sprintf("%s · %s · shuffle %s · repeat %s", plural(int64(q.list.Len()), "track"), Clock(msDur(total)), shuffle, repeatName(st.Repeat))
	return strings.Join([]string{s.Muted.Render(Truncate(head, q.width)), q.list.View()}, "\n")
}
