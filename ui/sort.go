package ui

import (
	"cmp"
	"slices"
	"strings"

	tea "github.com/charmbracelet/bubbletea"
)

// sortKey is what a list is sorted by.
type sortKey int

const (
	sortAdded sortKey = iota // the order the API gave
	sortTitle
	sortArtist
	sortDuration
	sortPlays
	sortKeys
)

func (k sortKey) String() string {
	return [...]string{"added", "title", "artist", "duration", "plays"}[k]
}

// listSorts owns the sort of every list the user sorted: the key, and the
// rows in the order they arrived, so "added" comes back and pages that
// arrive later are sorted in.
type listSorts struct {
	by map[int]*listSort // by list id
}

type listSort struct {
	list *List[item]
	key  sortKey
	orig []item // every row in arrival order
}

func newListSorts() *listSorts { return &listSorts{by: map[int]*listSort{}} }

// label is the header's "sorted by …" for list id, "" when in API order.
func (s *listSorts) label(id int) string {
	if st := s.by[id]; st != nil && st.key != sortAdded {
		return "sorted by " + st.key.String()
	}
	return ""
}

// cycle moves l to the next sort key, keeping the cursor on its row.
func (s *listSorts) cycle(v shownList, filtering bool) tea.Cmd { return s.sortBy(v, filtering, -1) }

// sortKeyNamed is the key :sort names ("plays"); sortAdded for others.
func sortKeyNamed(name string) sortKey {
	for k := range sortKeys {
		if k.String() == name {
			return k
		}
	}
	return sortAdded
}

// sortBy sorts l by k (-1: the key after the current one), keeping the
// cursor on its row.
func (s *listSorts) sortBy(v shownList, filtering bool, k sortKey) tea.Cmd {
	l, ok := v.(*List[item])
	if !ok || l.src.first == nil {
		return statusCmd("This list cannot be sorted.", false)
	}
	if filtering {
		return statusCmd("Clear the filter (esc) before sorting.", false)
	}
	st := s.by[l.id]
	if st == nil {
		st = &listSort{list: l, orig: append([]item(nil), l.Items()...)}
		s.by[l.id] = st
	}
	if k < 0 {
		k = (st.key + 1) % sortKeys
	}
	st.key = k
	s.apply(l, st)
	if st.key == sortAdded {
		delete(s.by, l.id)
		return statusCmd("Back in the order SoundCloud gave.", false)
	}
	return statusCmd("Sorted by "+st.key.String()+".", false)
}

// page sorts the rows a page added to list id into place.
func (s *listSorts) page(id int) {
	st := s.by[id]
	if st == nil {
		return
	}
	l := st.list
	items := l.Items()
	if len(items) < len(st.orig) { // reloaded from the top
		st.orig = nil
	}
	st.orig = append(st.orig, items[len(st.orig):]...)
	s.apply(l, st)
}

// apply orders l's rows by st.key, stable, the cursor staying on its row.
func (s *listSorts) apply(l *List[item], st *listSort) {
	sel, had := l.Selected()
	rows := append([]item(nil), st.orig...)
	if st.key != sortAdded {
		slices.SortStableFunc(rows, func(a, b item) int { return compareBy(st.key, a, b) })
	}
	l.SetItems(rows)
	if had {
		for i := range rows {
			if rows[i].URN() == sel.URN() {
				l.cursor = i
				break
			}
		}
		l.clamp()
	}
}

// compareBy orders two rows: text A to Z (any case), numbers largest first.
func compareBy(k sortKey, a, b item) int {
	switch k {
	case sortTitle:
		return cmp.Compare(strings.ToLower(rowTitle(a)), strings.ToLower(rowTitle(b)))
	case sortArtist:
		return cmp.Compare(strings.ToLower(rowArtist(a)), strings.ToLower(rowArtist(b)))
	case sortDuration:
		return cmp.Compare(rowDuration(b), rowDuration(a))
	case sortPlays:
		return cmp.Compare(rowPlays(b), rowPlays(a))
	}
	return 0
}

func rowTitle(it item) string {
	switch {
	case it.Track != nil:
		return it.Track.Title
	case it.Playlist != nil:
		return it.Playlist.Title
	case it.User != nil:
		return it.User.Username
	}
	return ""
}

func rowArtist(it item) string {
	switch {
	case it.Track != nil && it.Track.User != nil:
		return it.Track.User.Username
	case it.Playlist != nil && it.Playlist.User != nil:
		return it.Playlist.User.Username
	case it.User != nil:
		return it.User.Username
	}
	return ""
}

func rowDuration(it item) int64 {
	switch {
	case it.Track != nil:
		return it.Track.Duration
	case it.Playlist != nil:
		return it.Playlist.Duration
	}
	return 0
}

func rowPlays(it item) int64 {
	if it.Track != nil {
		return it.Track.PlaybackCount
	}
	return 0
}

// sortLabel is the header's sort note for v's list.
func (b *browser) sortLabel(v *view) string {
	if b.c.SortLabel == nil {
		return ""
	}
	return b.c.SortLabel(v.list().id)
}
