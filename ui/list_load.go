package ui

import (
	tea "github.com/charmbracelet/bubbletea"

	"github.com/cirrus-tui/cirrus/api"
)

// pageRule is the pagination rule applied to one walk of a list.
type pageRule struct {
	guard   api.PageGuard
	stopped error // why the walk stopped early (*api.PaginationError)
}

// freshness: a write elsewhere changed what the list shows (stale); it
// reloads when next shown, the cursor going back to want.
type freshness struct {
	stale bool
	want  wantCursor
}

// Load starts a fresh load of the first page, dropping what was there.
func (l *List[T]) Load() tea.Cmd {
	if l.src.first == nil {
		return nil
	}
	l.gen++
	l.items, l.last, l.err, l.loading, l.cursor, l.offset = nil, nil, nil, true, 0, 0
	l.rule, l.fresh.stale, l.sel = pageRule{}, false, selection{}
	id, gen, kind, first, ctx := l.id, l.gen, l.kind, l.src.first, l.e.ctx
	return func() tea.Msg {
		p, err := first(ctx)
		return pageMsg{list: id, gen: gen, kind: kind, page: p, err: err}
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
	id, gen, kind, href, next, ctx := l.id, l.gen, l.kind, l.last.NextHref, l.src.next, l.e.ctx
	return func() tea.Msg {
		p, err := next(ctx, href)
		return pageMsg{list: id, gen: gen, kind: kind, page: p, err: err, more: true}
	}
}

// Retry repeats whatever failed: the first page or the next one.
func (l *List[T]) Retry() tea.Cmd {
	if l.err == nil && l.loaded {
		return l.reloadKeepingCursor() // reload: the cursor stays on its row
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
	l.rule.stopped = l.rule.guard.Allow(len(p.Collection), p.NextHref)
	l.clamp()
	if l.fresh.want.set && l.findWanted() {
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
		l.fresh.stale = true
	}
}

// Refresh reloads a stale list, keeping the cursor on the item it was on
// where that item still exists.
func (l *List[T]) Refresh() tea.Cmd {
	if !l.fresh.stale {
		return nil
	}
	return l.reloadKeepingCursor()
}

// reloadKeepingCursor loads the list again with the cursor coming back to
// the item it is on (else to its index).
func (l *List[T]) reloadKeepingCursor() tea.Cmd {
	w := wantCursor{set: true, index: l.cursor, within: l.cursor + l.pageRows()}
	if it, ok := l.Selected(); ok {
		if u, ok := any(it).(interface{ URN() api.URN }); ok {
			w.urn = u.URN()
		}
	}
	cmd := l.Load()
	l.fresh.want = w
	return cmd
}

// ID identifies the list, so the root can tell when another one is shown.
func (l *List[T]) ID() int { return l.id }

// findWanted places the cursor after a reload; true means the item may be
// on a page not loaded yet, so load on.
func (l *List[T]) findWanted() bool {
	w := l.fresh.want
	for i, it := range l.items {
		if u, ok := any(it).(interface{ URN() api.URN }); ok && w.urn != "" && u.URN() == w.urn {
			l.fresh.want = wantCursor{}
			l.cursor = i
			l.clamp()
			return false
		}
	}
	if w.urn != "" && l.HasMore() && len(l.items) < w.within {
		return true
	}
	l.fresh.want = wantCursor{}
	l.cursor = w.index
	l.clamp()
	return false
}
