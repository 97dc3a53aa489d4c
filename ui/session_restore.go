package ui

import (
	"maps"
	"slices"
	"strings"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/cirrus-tui/cirrus/api"
	"github.com/cirrus-tui/cirrus/player"
	"github.com/cirrus-tui/cirrus/ui/session"
)

// restoreSession reopens the last session: the player gets the queue
// (with who queued each entry, and the radio that fills it, if any),
// current track and position (paused), volume, shuffle and repeat; the
// root shows the tab. The saved queue holds stubs, shown at once: up to
// maxRefetch tracks around the current one are read again afterwards
// (restore_tracks.go) and replace them in the player's queue.
func (m *Model) restoreSession(st *session.State) tea.Cmd {
	if st == nil || m.e.a == nil {
		return nil
	}
	var cmds []tea.Cmd
	for i := range m.tabs.panes {
		if m.tabs.panes[i].Name() == st.Tab && !m.welcome.shown {
			cmds = append(cmds, m.switchTab(tab(i)))
		}
	}
	entries, tracks := entriesOf(st.Queue)
	radio := radioOfStored(st.Radio)
	rep := map[string]player.Repeat{session.RepeatOne: player.RepeatOne, session.RepeatAll: player.RepeatAll}[st.Repeat]
	a, e, vol, shuffle, cur, pos := m.e.a, m.e, float64(st.Volume)/100, st.Shuffle, st.Current, st.Position
	// The player gets the saved stubs at once, so the first frame shows
	// the restored track; the tracks nearest the current one are read
	// again afterwards and put in place (counts, waveform, artwork), off
	// the Update goroutine, within restoreBudget.
	cmds = append(cmds, do(func() {
		a.SetVolume(vol)
		a.SetShuffle(shuffle)
		a.SetRepeat(rep)
		if len(tracks) == 0 || cur < 0 {
			return
		}
		a.RestoreWith(entries, cur, pos, radio)
		var urns []api.URN
		for _, i := range around(len(tracks), cur, maxRefetch) {
			urns = append(urns, tracks[i].URN)
		}
		if whole := wholeTracks(e.ctx, e, urns, restoreBudget); len(whole) > 0 {
			a.Refresh(slices.Collect(maps.Values(whole)))
		}
	}))
	if cur >= 0 && cur < len(st.Queue) {
		q := st.Queue[cur]
		cmds = append(cmds, statusCmd("Restored your session: "+q.Title+" at "+Clock(pos)+", paused. Press "+
			m.c.Keys.Play.PlayPause.Help().Key+" to play.", false))
	}
	return tea.Batch(cmds...)
}

// nowLabel is what the bar adds about who is in charge: autoplay or a
// radio, or a track resumed where it was left.
func (m *Model) nowLabel() string {
	st := m.np.Status()
	var parts []string
	if l := m.auto.label(st); l != "" {
		parts = append(parts, l)
	}
	if l := m.mem.label(st); l != "" {
		parts = append(parts, l)
	}
	return strings.Join(parts, " · ")
}

// badge is a row's badge: what playing taught (DRM), else autoplay's pick.
func (m *Model) badge(it item) string {
	if b := m.np.badge(it); b != "" {
		return b
	}
	return m.auto.badge(it)
}

// tabName is the active tab's name, as the session stores it.
func (m *Model) tabName() string { return m.tabs.current().Name() }
