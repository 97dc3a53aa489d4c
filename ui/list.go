package ui

import (
	"context"
	"fmt"
	"github.com/charmbracelet/bubbles/key"
	"strings"
	"sync/atomic"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/cirrus-tui/cirrus/api"
)

// env is what commands need: the program's context and the two backends.
type env struct {
	ctx context.Context
	b   Backend
	a   Audio
}

var listIDs atomic.Int64

// pageMsg carries one page for the list with id list; gen drops answers to a
// load that a reload has since replaced.
type pageMsg struct {
	list, gen int
	page      any
	err       error
	more      bool
}

// List is a virtualised list: it keeps all items but renders only the rows
// in view, and loads further pages when the cursor nears the end (or all of
// them in the background when autoAll is set, showing the count).
type List[T any] struct {
	c       *Common
	e       *env
	id, gen int

	items          []T
	cursor, offset int
	width, height  int

	loading bool
	err     error
	last    *api.Page[T]
	src     source[T]
	autoAll bool
	loaded  bool
	guard   api.PageGuard // the pagination rule for this walk
	stopped error         // why the walk stopped early (*api.PaginationError)
	// jumpAt is the key press (Common.Presses) that asked to go to the
	// real end; the jump runs until the end or any other key press.
	jumpAt int
	// stale: a write elsewhere changed what the list shows; it reloads
	// when next shown, keeping the cursor on the same item (want).
	stale bool
	want  wantCursor

	empty  string
	render func(c *Common, it T, width int, selected bool) string
}

// source says how a list loads: its first page, and how to follow NextHref.
type source[T any] struct {
	first func(ctx context.Context) (*api.Page[T], error)
	next  func(ctx context.Context, href string) (*api.Page[T], error)
}

// directSource pages a list of API objects as they come.
func directSource[T any](e *env, first func(ctx context.Context) (*api.Page[T], error)) source[T] {
	return source[T]{first: first, next: func(ctx context.Context, href string) (*api.Page[T], error) {
		return nextPage(ctx, e.b, &api.Page[T]{NextHref: href})
	}}
}

// itemSource pages a list of S and shows it as items: next pages are
// decoded as S, then converted.
func itemSource[S any](e *env, conv func([]S) []item, first func(ctx context.Context) (*api.Page[S], error)) source[item] {
	return source[item]{
		first: func(ctx context.Context) (*api.Page[item], error) {
			p, err := first(ctx)
			return mapPage(p, err, conv)
		},
		next: func(ctx context.Context, href string) (*api.Page[item], error) {
			p, err := nextPage(ctx, e.b, &api.Page[S]{NextHref: href})
			return mapPage(p, err, conv)
		},
	}
}

// newList makes a list; src may be zero for lists fed with SetItems.
func newList[T any](c *Common, e *env, empty string, src source[T], render func(*Common, T, int, bool) string) *List[T] {
	return &List[T]{c: c, e: e, id: int(listIDs.Add(1)), empty: empty, src: src, render: render}
}

// Items returns the loaded items.
func (l *List[T]) Items() []T { return l.items }

// Len is the number of loaded items.
func (l *List[T]) Len() int { return len(l.items) }

// Cursor is the selected index (0 when empty).
func (l *List[T]) Cursor() int { return l.cursor }

// Selected returns the item under the cursor.
func (l *List[T]) Selected() (T, bool) {
	var zero T
	if l.cursor < 0 || l.cursor >= len(l.items) {
		return zero, false
	}
	return l.items[l.cursor], true
}

// SetItems replaces the items without a load (queue, comments after a post).
func (l *List[T]) SetItems(items []T) {
	l.items = items
	l.loaded = true
	l.clamp()
}

// SetSize gives the list its box; one line at the bottom is kept for the
// loading/error line.
func (l *List[T]) SetSize(w, h int) {
	l.width, l.height = w, h
	l.clamp()
}

// Loading reports whether a page is in flight.
func (l *List[T]) Loading() bool { return l.loading }

// Err is the last load error.
func (l *List[T]) Err() error { return l.err }

// Loaded reports whether a first load finished (or items were set).
func (l *List[T]) Loaded() bool { return l.loaded }

// HasMore reports whether more pages exist and the pagination rule allows
// following them.
func (l *List[T]) HasMore() bool { return l.last != nil && l.last.NextHref != "" && l.stopped == nil }

// jumping reports whether a go-to-end is running: no key was pressed
// since the one that started it.
func (l *List[T]) jumping() bool { return l.jumpAt != 0 && l.jumpAt == l.c.Presses }

// Load starts a fresh load of the first page, dropping what was there.
func (l *List[T]) Load() tea.Cmd {
	if l.src.first == nil {
		return nil
	}
	l.gen++
	l.items, l.last, l.err, l.loading, l.cursor, l.offset = nil, nil, nil, true, 0, 0
	l.guard, l.stopped, l.stale = api.PageGuard{}, nil, false
	id, gen, first, ctx := l.id, l.gen, l.src.first, l.e.ctx
	return func() tea.Msg {
		p, err := first(ctx)
		return pageMsg{list: id, gen: gen, page: p, err: err}
	}
}

// EnsureLoaded loads once.
func (l *List[T]) EnsureLoaded() tea.Cmd {
	if l.loaded || l.loading || l.err != nil {
		return nil
	}
	return l.Load()
}

// More fetches the next page if there is one and nothing is in flight.
func (l *List[T]) More() tea.Cmd {
	if l.loading || !l.HasMore() {
		return nil
	}
	l.loading, l.err = true, nil
	id, gen, href, next, ctx := l.id, l.gen, l.last.NextHref, l.src.next, l.e.ctx
	return func() tea.Msg {
		p, err := next(ctx, href)
		return pageMsg{list: id, gen: gen, page: p, err: err, more: true}
	}
}

// Retry repeats whatever failed: the first page or the next one.
func (l *List[T]) Retry() tea.Cmd {
	if l.err == nil && l.loaded {
		return l.Load()
	}
	if l.last != nil {
		l.err = nil
		return l.More()
	}
	return l.Load()
}

// Handle applies a page meant for this list; ok is false for other lists'.
func (l *List[T]) Handle(msg pageMsg) (bool, tea.Cmd) {
	if msg.list != l.id {
		return false, nil
	}
	if msg.gen != l.gen {
		return true, nil
	}
	l.loading = false
	if msg.err != nil {
		l.err = msg.err
		return true, nil
	}
	p, _ := msg.page.(*api.Page[T])
	if p == nil {
		p = &api.Page[T]{}
	}
	l.last = p
	l.items = append(l.items, p.Collection...)
	l.loaded = true
	l.stopped = l.guard.Allow(len(p.Collection), p.NextHref)
	l.clamp()
	if l.want.set && l.findWanted() {
		return true, l.More()
	}
	if l.jumping() {
		l.cursor = len(l.items) - 1
		l.clamp()
		if !l.HasMore() {
			l.jumpAt = 0
		}
	}
	if l.autoAll || l.jumping() || l.cursor >= len(l.items)-l.pageRows() {
		return true, l.More()
	}
	return true, nil
}

func (l *List[T]) pageRows() int {
	if h := l.height - 1; h > 1 {
		return h
	}
	return 1
}

func (l *List[T]) clamp() {
	n := len(l.items)
	if l.cursor >= n {
		l.cursor = n - 1
	}
	if l.cursor < 0 {
		l.cursor = 0
	}
	rows := l.pageRows()
	if l.cursor < l.offset {
		l.offset = l.cursor
	}
	if l.cursor >= l.offset+rows {
		l.offset = l.cursor - rows + 1
	}
	if max := n - rows; l.offset > max {
		l.offset = max
	}
	if l.offset < 0 {
		l.offset = 0
	}
}

// Move puts the cursor at i (clamped) and asks for more near the end.
func (l *List[T]) Move(i int) tea.Cmd {
	l.cursor = i
	l.clamp()
	if l.cursor >= len(l.items)-l.pageRows() {
		return l.More()
	}
	return nil
}

// Scroll moves the view by d rows, dragging the cursor along (mouse wheel).
func (l *List[T]) Scroll(d int) tea.Cmd {
	l.offset += d
	if max := len(l.items) - l.pageRows(); l.offset > max {
		l.offset = max
	}
	if l.offset < 0 {
		l.offset = 0
	}
	if l.cursor < l.offset {
		l.cursor = l.offset
	}
	if l.cursor >= l.offset+l.pageRows() {
		l.cursor = l.offset + l.pageRows() - 1
	}
	return l.Move(l.cursor)
}

// Click selects the item drawn on row y of the list box.
func (l *List[T]) Click(y int) bool {
	i := l.offset + y
	if y < 0 || y >= l.pageRows() || i >= len(l.items) {
		return false
	}
	l.cursor = i
	return true
}

// UpdateKey handles navigation keys; handled is false for other keys.
func (l *List[T]) UpdateKey(msg tea.KeyMsg) (bool, tea.Cmd) {
	k := l.c.Keys
	switch {
	case key.Matches(msg, k.Nav.Up):
		return true, l.Move(l.cursor - 1)
	case key.Matches(msg, k.Nav.Down):
		return true, l.Move(l.cursor + 1)
	case key.Matches(msg, k.Nav.PageUp):
		return true, l.Move(l.cursor - l.pageRows())
	case key.Matches(msg, k.Nav.PageDown):
		return true, l.Move(l.cursor + l.pageRows())
	case key.Matches(msg, k.Nav.Top):
		return true, l.Move(0)
	case key.Matches(msg, k.Nav.Bottom):
		if l.HasMore() {
			l.jumpAt = l.c.Presses // keep fetching until the end
		}
		return true, l.Move(len(l.items) - 1)
	case key.Matches(msg, k.Nav.Reload):
		return true, l.Retry()
	}
	return false, nil
}

// View draws exactly height lines of at most width cells.
func (l *List[T]) View() string {
	if l.height <= 0 || l.width <= 0 {
		return ""
	}
	s := l.c.Styles
	rows := l.pageRows()
	lines := make([]string, 0, l.height)
	switch {
	case len(l.items) == 0 && l.err != nil:
	case len(l.items) == 0 && l.loading:
		lines = append(lines, s.Muted.Render(Truncate(l.c.Spin+" loading…", l.width)))
	case len(l.items) == 0 && l.loaded:
		lines = append(lines, s.Muted.Render(Truncate(l.empty, l.width)))
	}
	end := l.offset + rows
	if end > len(l.items) {
		end = len(l.items)
	}
	for i := l.offset; i < end; i++ {
		lines = append(lines, l.render(l.c, l.items[i], l.width, i == l.cursor))
	}
	for len(lines) < rows {
		lines = append(lines, "")
	}
	lines = append(lines, l.footer())
	return strings.Join(lines[:l.height], "\n")
}

func (l *List[T]) footer() string {
	s := l.c.Styles
	var txt string
	switch {
	case l.err != nil:
		return s.Error.Render(Truncate(fmt.Sprintf("✗ %s to retry · %s", l.c.Keys.Nav.Reload.Help().Key, SanitizeLine(l.err.Error())), l.width))
	case l.jumping():
		txt = fmt.Sprintf("%s going to the end… %d loaded · any key stops", l.c.Spin, len(l.items))
	case l.loading && len(l.items) > 0:
		txt = fmt.Sprintf("%s loading more… %d so far", l.c.Spin, len(l.items))
	case l.stopped != nil:
		return s.Error.Render(Truncate(fmt.Sprintf("%d/%d · %s", l.cursor+1, len(l.items), SanitizeLine(l.stopped.Error())), l.width))
	case len(l.items) > 0:
		more := ""
		if l.HasMore() {
			more = "+"
		}
		txt = fmt.Sprintf("%d/%d%s", l.cursor+1, len(l.items), more)
	}
	return s.Muted.Render(Truncate(txt, l.width))
}

// Reset forgets the items so the next EnsureLoaded loads afresh (a new
// search query).
func (l *List[T]) Reset() {
	l.gen++
	l.items, l.last, l.err, l.loading, l.loaded, l.cursor, l.offset = nil, nil, nil, false, false, 0, 0
	l.stopped, l.stale, l.want = nil, false, wantCursor{}
}

// wantCursor is where the cursor should land after a reload: on the item
// with urn if it is still in the first within items, else at index.
type wantCursor struct {
	set    bool
	urn    api.URN
	index  int
	within int
}

// Invalidate marks the list as showing something a write changed; it
// reloads the next time it is shown (Refresh), not under the cursor.
func (l *List[T]) Invalidate() {
	if l.loaded || l.loading {
		l.stale = true
	}
}

// Refresh reloads a stale list, keeping the cursor on the item it was on
// where that item still exists.
func (l *List[T]) Refresh() tea.Cmd {
	if !l.stale {
		return nil
	}
	w := wantCursor{set: true, index: l.cursor, within: l.cursor + l.pageRows()}
	if it, ok := l.Selected(); ok {
		if u, ok := any(it).(interface{ URN() api.URN }); ok {
			w.urn = u.URN()
		}
	}
	cmd := l.Load()
	l.want = w
	return cmd
}

// ID identifies the list, so the root can tell when another one is shown.
func (l *List[T]) ID() int { return l.id }

// findWanted places the cursor after a reload; true means the item may be
// on a page not loaded yet, so load on.
func (l *List[T]) findWanted() bool {
	w := l.want
	for i, it := range l.items {
		if u, ok := any(it).(interface{ URN() api.URN }); ok && w.urn != "" && u.URN() == w.urn {
			l.want = wantCursor{}
			l.cursor = i
			l.clamp()
			return false
		}
	}
	if w.urn != "" && l.HasMore() && len(l.items) < w.within {
		return true
	}
	l.want = wantCursor{}
	l.cursor = w.index
	l.clamp()
	return false
}
