package ui

import (
	tea "github.com/charmbracelet/bubbletea"

	"github.com/cirrus-tui/cirrus/api"
	"github.com/cirrus-tui/cirrus/player"
	"github.com/cirrus-tui/cirrus/ui/session"
)

// A radio outlives a restart: the session stores each queue entry's
// origin and the queue's radio (its title, seed track and own tracks),
// and the player gets them back (player.RestoreWith). When the player
// reports a radio the autoplayer has no run for, the run, the picker's
// memory, is rebuilt from what the queue holds: every queued track counts
// as picked, the radio's entries are its own, and the next refill starts
// from the seed. What this machine played in the last 4 hours comes from
// the history, as before the restart.

// radioResumeMsg carries the queue of a radio to take up.
type radioResumeMsg struct {
	radio   *player.Radio
	entries []player.QueueEntry
}

// adopt asks for the queue when the player reports a radio r that has no
// run here (a restored session's) and that was not just ended here.
func (a *autoplayer) adopt(r *player.Radio) tea.Cmd {
	if r == nil || r == a.dropped || a.radioIn(r) || a.busy || a.adopting {
		return nil
	}
	a.adopting = true
	au := a.e.a
	return func() tea.Msg { return radioResumeMsg{radio: r, entries: au.QueueEntries()} }
}

// resumeRadio rebuilds the run of the radio the queue holds and counts
// its tracks, to refill when fewer than player.RadioLow are left.
func (a *autoplayer) resumeRadio(msg radioResumeMsg) tea.Cmd {
	a.adopting = false
	if msg.radio != a.radioOf() || msg.radio == a.dropped || a.radioIn(msg.radio) || a.busy {
		return nil // gone or replaced meanwhile
	}
	run := player.NewRadio(msg.radio.Own)
	run.Seen(msg.radio.Seed)
	a.run, a.kind, a.gaveUp = run, player.FromRadio, false
	a.picked = map[string]bool{}
	for _, e := range msg.entries {
		run.Seen(e.Track)
		if e.From == player.FromRadio {
			a.picked[e.Track.URN.ID()] = true
		}
	}
	a.e.log.Info("radio resumed", "from", msg.radio.Title, "queued", len(msg.entries), "radio", len(a.picked))
	return a.radioCheck(true, player.EventQueueChanged)
}

var originNames = map[player.Origin]string{player.FromAutoplay: session.FromAutoplay, player.FromRadio: session.FromRadio}

// storedOrigin and originOf convert an entry's origin for the session file.
func storedOrigin(o player.Origin) string { return originNames[o] }

func originOf(s string) player.Origin {
	for o, name := range originNames {
		if name == s {
			return o
		}
	}
	return player.FromListener
}

// storedRadio is the queue's radio as the session stores it.
func storedRadio(r *player.Radio) *session.Radio {
	if r == nil {
		return nil
	}
	s := &session.Radio{Title: r.Title, Seed: session.ItemOf(&r.Seed)}
	for i := range r.Own {
		s.Own = append(s.Own, session.ItemOf(&r.Own[i]))
	}
	return s
}

// radioOfStored is the radio a session stored, for the player.
func radioOfStored(s *session.Radio) *player.Radio {
	if s == nil {
		return nil
	}
	r := &player.Radio{Title: s.Title, Seed: s.Seed.Track()}
	for _, q := range s.Own {
		r.Own = append(r.Own, q.Track())
	}
	return r
}

// entriesOf are a stored queue's entries, with their origins.
func entriesOf(q []session.QueueItem) ([]player.QueueEntry, []api.Track) {
	es := make([]player.QueueEntry, len(q))
	tracks := make([]api.Track, len(q))
	for i, it := range q {
		tracks[i] = it.Track()
		es[i] = player.QueueEntry{Track: tracks[i], From: originOf(it.From)}
	}
	return es, tracks
}
