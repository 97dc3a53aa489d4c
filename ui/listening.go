package ui

import (
	tea "github.com/charmbracelet/bubbletea"

	"github.com/cirrus-tui/cirrus/player"
)

// listening groups the root's parts that keep music going and long lists
// findable, each the one owner of its state.
type listening struct {
	auto   *autoplayer    // related tracks when the queue ends
	mem    *memory        // history, resume positions, session saves
	origin playOrigin     // the list playback started from
	filter *listFilter    // narrows the list on screen
	sorts  *listSorts     // how lists are sorted
	edits  *playlistEdits // playlist edits pressed and not yet answered
}

// startListening builds the parts and hooks them into Common: the row
// marks and badges, the filter's underline, the sort label, the bar's
// label.
func (m *Model) startListening(o Options) {
	c, e := m.c, m.e
	m.mem = newMemory(c, e, o.StateDir, o.Playback.RestoreSession)
	m.edits = newPlaylistEdits(e)
	m.auto = newAutoplayer(c, e, o.Playback.Autoplay, m.mem.playedSince)
	m.auto.radioOf = func() *player.Radio { return m.np.status.Radio } // the player's word
	m.np.extra = m.nowLabel
	c.Mark, c.Badge = m.mark, m.badge
	m.filter = newListFilter(c)
	c.Match = m.filter.match
	m.sorts = newListSorts()
	c.SortLabel = m.sorts.label
	m.filter.cleared = func(l *List[item]) { m.sorts.page(l.id) }
}

// listeningMsg routes the answers these parts asked for.
func (m *Model) listeningMsg(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case renamedMsg, deletedMsg:
		return m.playlistManaged(msg)
	case playlistEditMsg:
		return m.playlistEdited(msg)
	case searchTickMsg:
		return m.search.tick(msg)
	case autoplayMsg:
		return m.auto.related(msg)
	case radioResumeMsg:
		return m.auto.resumeRadio(msg)
	case radioStartMsg:
		return m.auto.radioStarted(msg)
	case memoryMsg:
		st, cmd := m.mem.loaded(msg)
		return tea.Batch(cmd, m.restoreSession(st))
	}
	return nil
}
