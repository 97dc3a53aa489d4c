package ui

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"
)

// listFilter narrows the list on screen as the user types: rows whose
// title, artist or genre contain the text (any case) stay, the matches
// underlined. It swaps the list's items for the matching ones and keeps
// every loaded row aside, so esc puts them back with the cursor where it
// was; pages that arrive meanwhile are filtered as they come.
type listFilter struct {
	c      *Common
	list   *List[item] // nil: no filter
	input  textinput.Model
	typing bool   // the input has the keyboard
	query  string // lower case
	all    []item // every loaded row, in the list's order
	hay    []string
	shown  int // rows the list holds now (the matching ones)
	cursor int // the cursor before filtering, restored by esc
	// cleared runs when l has its rows back (the sort takes in the rows
	// that arrived meanwhile).
	cleared func(l *List[item])
}

func newListFilter(c *Common) *listFilter {
	in := newInput()
	in.Prompt = "filter: "
	in.CharLimit = 200
	return &listFilter{c: c, input: in}
}

// on reports whether a filter is applied (typing or not).
func (f *listFilter) on() bool { return f.list != nil }

// match is the text to underline in rows, "" when none.
func (f *listFilter) match() string {
	if f.list == nil {
		return ""
	}
	return f.query
}

// open starts filtering l, or goes back to typing in an applied filter.
// Lists the player feeds (queue, history) are not filtered: their rows
// are positions the keys act on.
func (f *listFilter) open(v shownList) tea.Cmd {
	if f.list != nil {
		f.typing = true
		return f.input.Focus()
	}
	l, ok := v.(*List[item])
	if !ok || l.src.first == nil {
		return statusCmd("This list cannot be filtered.", false)
	}
	f.list, f.typing, f.query, f.cursor = l, true, "", l.Cursor()
	f.all = append([]item(nil), l.Items()...)
	f.hay = make([]string, len(f.all))
	for i := range f.all {
		f.hay[i] = haystack(f.all[i])
	}
	f.shown = len(f.all)
	f.input.SetValue("")
	return f.input.Focus()
}

// haystack is what a row is searched by: title, artist and genre.
func haystack(it item) string {
	switch {
	case it.Track != nil:
		t := it.Track
		artist := t.MetadataArtist
		if t.User != nil {
			artist += "\x00" + t.User.Username
		}
		return strings.ToLower(t.Title + "\x00" + artist + "\x00" + t.Genre)
	case it.Playlist != nil:
		p := it.Playlist
		by := ""
		if p.User != nil {
			by = p.User.Username
		}
		return strings.ToLower(p.Title + "\x00" + by + "\x00" + p.Genre)
	case it.User != nil:
		return strings.ToLower(it.User.Username + "\x00" + it.User.FullName)
	}
	return ""
}

// apply puts the matching rows in the list, the cursor on the first.
func (f *listFilter) apply() {
	f.query = strings.ToLower(strings.TrimSpace(f.input.Value()))
	rows := make([]item, 0, len(f.all))
	for i := range f.all {
		if f.query == "" || strings.Contains(f.hay[i], f.query) {
			rows = append(rows, f.all[i])
		}
	}
	f.shown = len(rows)
	f.list.SetItems(rows)
	f.list.cursor = 0 // not Move: no page is fetched while typing
	f.list.clamp()
}

// key takes a key while the input has the keyboard: text filters at once,
// up and down move in the matches, enter keeps the filter and hands the
// keys back, esc clears it.
func (f *listFilter) key(msg tea.KeyMsg) tea.Cmd {
	k := f.c.Keys
	switch {
	case msg.Type == tea.KeyEsc:
		return f.clear()
	case msg.Type == tea.KeyEnter:
		f.typing = false
		f.input.Blur()
		return nil
	case msg.Type == tea.KeyCtrlC:
		return nil
	case editsText(f.input, msg):
		// ctrl+u, ctrl+d and the like edit the text even where they are
		// also list keys (page up / down).
	case key.Matches(msg, k.Nav.Up) && msg.Type != tea.KeyRunes,
		key.Matches(msg, k.Nav.Down) && msg.Type != tea.KeyRunes,
		key.Matches(msg, k.Nav.PageUp, k.Nav.PageDown) && msg.Type != tea.KeyRunes:
		_, cmd := f.list.UpdateKey(msg)
		return cmd
	}
	before := f.input.Value()
	var cmd tea.Cmd
	f.input, cmd = f.input.Update(msg)
	if f.input.Value() != before {
		f.apply()
	}
	return cmd
}

// clear gives the list all its rows back and the cursor its old place.
func (f *listFilter) clear() tea.Cmd {
	if f.list == nil {
		return nil
	}
	l := f.list
	l.SetItems(f.all)
	f.list, f.all, f.hay, f.query, f.typing = nil, nil, nil, "", false
	f.input.Blur()
	if f.cleared != nil {
		f.cleared(l)
	}
	return l.Move(f.cursor)
}

// page runs after the filtered list took a page: the new rows join the
// rest and the matching ones stay in view. A list that started over (a
// reload) is taken as it is now.
func (f *listFilter) page() {
	l := f.list
	items := l.Items()
	if len(items) < f.shown {
		f.all, f.hay, f.shown = nil, nil, 0
	}
	fresh := items[f.shown:]
	rows := items[:f.shown:f.shown]
	for _, it := range fresh {
		h := haystack(it)
		f.all = append(f.all, it)
		f.hay = append(f.hay, h)
		if f.query == "" || strings.Contains(h, f.query) {
			rows = append(rows, it)
		}
	}
	f.shown = len(rows)
	cur := l.Cursor()
	l.SetItems(rows)
	l.cursor = min(cur, max(len(rows)-1, 0))
	l.clamp()
}

// View is the filter's line (in place of the status line): the text, how
// many rows matched of how many searched, and on a paged list how to
// search the rest.
func (f *listFilter) View(w int) string {
	s := f.c.Styles
	info := fmt.Sprintf("%d of %d rows", f.shown, len(f.all))
	if f.list.HasMore() {
		info = fmt.Sprintf("%d of the %d rows loaded so far · %s loads the rest", f.shown, len(f.all), f.c.Keys.Nav.Bottom.Help().Key)
	} else if f.list.Loading() {
		info += " · loading more…"
	}
	hint := "esc clears"
	if f.typing {
		hint = "enter keeps · esc clears"
	}
	line := f.input.View()
	if !f.typing {
		line = "filter: " + f.input.Value()
	}
	return Truncate(line+"  "+s.Muted.Render(info+" · "+hint), w)
}

// underline marks every case-insensitive occurrence of q in s (plain
// text) with underline on/off, which leaves the row's colours alone.
func underline(s, q string) string {
	if q == "" {
		return s
	}
	low := strings.ToLower(s)
	if len(low) != len(s) {
		return s // a case change moved bytes: leave the row plain
	}
	var b strings.Builder
	for {
		i := strings.Index(low, q)
		if i < 0 {
			b.WriteString(s)
			return b.String()
		}
		b.WriteString(s[:i])
		b.WriteString("\x1b[4m" + s[i:i+len(q)] + "\x1b[24m")
		s, low = s[i+len(q):], low[i+len(q):]
	}
}

// bottomLine is the status line, or the filter's line while one is on,
// or a count under way.
func (m *Model) bottomLine(w int) string {
	if n, ok := m.countPending(); ok && !m.filter.typing {
		return m.c.Styles.Status.Render(Truncate(countHint(n), w))
	}
	if m.filter.on() && (m.filter.typing || m.status.text == "") {
		return m.filter.View(w)
	}
	if m.status.text == "" && m.vis.sel != nil {
		return m.visualLine(w)
	}
	return m.status.View(w, m.shortHelp())
}
