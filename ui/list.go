package ui

import (
	"context"
	"fmt"
	"log/slog"
	"strings"
	"sync/atomic"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/cirrus-tui/cirrus/api"
	artdecode "github.com/cirrus-tui/cirrus/internal/artwork"
)

// env is what commands need: the program's context (and its cancel, for
// quit), the two backends, and the log file's logger.
type env struct {
	ctx    context.Context
	cancel context.CancelFunc
	b      Backend
	a      Audio
	log    *slog.Logger
	covers *artdecode.Covers // shared with the desktop notifications
}

var listIDs atomic.Int64

// pageMsg carries one page for the list with id list; gen drops answers to a
// load that a reload has since replaced.
type pageMsg struct {
	list, gen int
	kind      listKind // what the list shows, for the library to learn from
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
	kind    listKind

	items          []T
	cursor, offset int
	width, height  int

	loading bool
	err     error
	last    *api.Page[T]
	src     source[T]
	autoAll bool
	loaded  bool
	rule    pageRule
	// jumpAt is the key press (Common.Presses) that asked to go to the
	// real end; the jump runs until the end or any other key press.
	jumpAt int
	fresh  freshness
	// sel is a visual selection: the rows from its anchor to the cursor.
	sel selection

	empty  string
	render func(c *Common, it T, width int, selected bool) string
}

// selection is a visual selection (vim's v): on, it spans every row from
// anchor to the cursor, so any motion extends or shrinks it.
type selection struct {
	on     bool
	anchor int
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
	if len(items) == 0 {
		l.sel = selection{}
	}
	l.clamp()
}

// StartSelection starts a visual selection at the cursor.
func (l *List[T]) StartSelection() {
	if len(l.items) > 0 {
		l.sel = selection{on: true, anchor: l.cursor}
	}
}

// EndSelection ends the visual selection, if any.
func (l *List[T]) EndSelection() { l.sel = selection{} }

// Selection is the span of the visual selection, lo to hi inclusive; ok
// is false when none is on.
func (l *List[T]) Selection() (lo, hi int, ok bool) {
	if !l.sel.on || len(l.items) == 0 {
		return 0, -1, false
	}
	a := min(l.sel.anchor, len(l.items)-1)
	return min(a, l.cursor), max(a, l.cursor), true
}

// SelectedItems are the rows of the visual selection, in order.
func (l *List[T]) SelectedItems() []T {
	lo, hi, ok := l.Selection()
	if !ok {
		return nil
	}
	return l.items[lo : hi+1]
}

// selecting says how many rows the visual selection spans (0: none).
func (l *List[T]) selecting() int {
	lo, hi, _ := l.Selection()
	return hi - lo + 1
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
func (l *List[T]) HasMore() bool {
	return l.last != nil && l.last.NextHref != "" && l.rule.stopped == nil
}

// jumping reports whether a go-to-end is running: no key was pressed
// since the one that started it.
func (l *List[T]) jumping() bool { return l.jumpAt != 0 && l.jumpAt == l.c.Presses }

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
	lo, hi, on := l.Selection()
	var picked *Common // the rows of a visual selection are drawn as picked
	if on {
		pc := *l.c
		pc.Picked = true
		picked = &pc
	}
	for i := l.offset; i < end; i++ {
		c := l.c
		if i >= lo && i <= hi {
			c = picked
		}
		lines = append(lines, l.render(c, l.items[i], l.width, i == l.cursor))
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
	case l.rule.stopped != nil:
		return s.Error.Render(Truncate(fmt.Sprintf("%d/%d · %s", l.cursor+1, len(l.items), SanitizeLine(l.rule.stopped.Error())), l.width))
	case len(l.items) > 0:
		more := ""
		if l.HasMore() {
			more = "+"
		}
		txt = fmt.Sprintf("%d/%d%s", l.cursor+1, len(l.items), more)
		if n := l.selecting(); n > 0 {
			txt = fmt.Sprintf("%d selected · %s", n, txt)
		}
	}
	return s.Muted.Render(Truncate(txt, l.width))
}

// Reset forgets the items so the next EnsureLoaded loads afresh (a new
// search query).
func (l *List[T]) Reset() {
	l.gen++
	l.items, l.last, l.err, l.loading, l.loaded, l.cursor, l.offset = nil, nil, nil, false, false, 0, 0
	l.rule, l.fresh, l.sel = pageRule{}, freshness{}, selection{}
}
