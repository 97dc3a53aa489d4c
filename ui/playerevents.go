package ui

import (
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/cirrus-tui/cirrus/api"
	"github.com/cirrus-tui/cirrus/player"
)

// playerEventMsg is one event from the player.
type playerEventMsg struct {
	ev player.Event
	ok bool
}

// waitEvent reads one player event; Update re-arms it after each.
func (m *Model) waitEvent() tea.Cmd {
	if m.e.a == nil {
		return nil
	}
	ch := m.e.a.Events()
	if ch == nil {
		return nil
	}
	return func() tea.Msg {
		ev, ok := <-ch
		return playerEventMsg{ev: ev, ok: ok}
	}
}

// tickMsg polls the position while playing; id drops stale ticks.
type tickMsg struct{ id int }

const tickEvery = 250 * time.Millisecond

func (m *Model) ensureTick() tea.Cmd {
	playing := m.status.State == player.Playing
	if playing == m.ticking {
		return nil
	}
	m.ticking = playing
	m.tickID++
	if !playing {
		return nil
	}
	return m.after(tickEvery, tickMsg{id: m.tickID})
}

func (m *Model) playerEvent(ev player.Event) tea.Cmd {
	var cmds []tea.Cmd
	switch ev.Kind {
	case player.EventError:
		if ev.Err != nil {
			cmds = append(cmds, m.setStatus(ev.Err.Error(), true))
		}
	case player.EventQueueChanged:
		cmds = append(cmds, refreshQueue(m.e.a))
	}
	cmds = append(cmds, m.setPlayer(ev.Status))
	return tea.Batch(cmds...)
}

// setPlayer takes a new snapshot; a new track loads its waveform and comments.
func (m *Model) setPlayer(st player.Status) tea.Cmd {
	m.status = st
	m.queue.status = st
	var urn api.URN
	if st.Track != nil {
		urn = st.Track.URN
	}
	m.comments.SetPosition(urn, st.Position)
	if urn == m.waveFor {
		return nil
	}
	m.waveFor, m.npFor, m.wave, m.npComments = urn, urn, nil, nil
	if st.Track == nil {
		return nil
	}
	return tea.Batch(loadWaveform(m.e, st.Track), loadNPComments(m.e, st.Track))
}
