package ui

import (
	"errors"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/cirrus-tui/cirrus/api"
	"github.com/cirrus-tui/cirrus/player"
	"github.com/cirrus-tui/cirrus/ui/session"
)

// saveEvery is how often the session is saved while something plays, for
// the position; changes of track, queue, volume or state save at once.
const saveEvery = 10 * time.Second

// memory owns what cirrus remembers between runs on this machine: the
// history of plays and the resume positions of long tracks (ui/session
// stores them), and when the session was last saved. The player's queue
// and status stay the player's and nowPlaying's; a save reads them.
type memory struct {
	c       *Common
	e       *env
	dir     string // "": remember nothing
	restore bool   // [playback] restore_session
	hist    *session.History
	res     *session.Resumes
	inst    *session.Instance // held while this TUI runs; nil when another one holds it
	resumed resumeMark
	savedAt time.Time // last save taken, for the periodic one
	closed  bool      // the quit's save was taken: nothing after it is saved
}

// resumeMark is a track that started at a remembered position: the bar
// says "resumed at" while it plays, and its position is not recorded
// until playback has reached the mark (ticks from before the seek would
// read as "started over").
type resumeMark struct {
	urn     api.URN
	at      time.Duration
	settled bool
	played  bool // in the history (a restored track goes there when it plays)
}

func newMemory(c *Common, e *env, dir string, restore bool) *memory {
	return &memory{c: c, e: e, dir: dir, restore: restore}
}

// memoryMsg carries what the state directory held at start.
type memoryMsg struct {
	st    *session.State // nil: none, or restore is off
	res   *session.Resumes
	hist  *session.History
	inst  *session.Instance
	warns []error // another TUI on the directory; files set aside or not readable
}

// load reads the state directory in a command.
func (m *memory) load() tea.Cmd {
	dir, restore := m.dir, m.restore
	if dir == "" {
		return nil
	}
	return func() tea.Msg {
		var msg memoryMsg
		var w error
		// First, so that a second TUI on the directory says so before
		// anything else it found.
		msg.inst, w = session.AcquireInstance(dir)
		msg.warns = append(msg.warns, w)
		if restore {
			msg.st, w = session.LoadState(dir)
			msg.warns = append(msg.warns, w)
		}
		msg.res, w = session.LoadResumes(dir)
		msg.warns = append(msg.warns, w)
		msg.hist, w = session.LoadHistory(dir)
		msg.warns = append(msg.warns, w)
		return msg
	}
}

// loaded keeps the stores and reports the first warning; the session to
// restore is returned to the root, which owns the tab and the player.
func (m *memory) loaded(msg memoryMsg) (*session.State, tea.Cmd) {
	m.res, m.hist, m.inst = msg.res, msg.hist, msg.inst
	if m.closed {
		m.inst.Release() // quit before the load came back
		m.inst = nil
	}
	var cmd tea.Cmd
	for _, w := range msg.warns {
		if w == nil {
			continue
		}
		var busy *session.BusyError
		isBusy := errors.As(w, &busy) // news, not a fault
		if isBusy {
			m.e.log.Info("state directory shared", "dir", busy.Dir, "pid", busy.PID)
		} else {
			m.e.log.Warn("session file", "err", w)
		}
		if cmd == nil {
			text := w.Error()
			cmd = func() tea.Msg { return statusMsg{text: text, err: !isBusy} }
		}
	}
	if msg.st != nil && msg.st.Current >= 0 && msg.st.Position > 0 {
		m.resumed = resumeMark{urn: msg.st.Queue[msg.st.Current].URN, at: msg.st.Position}
	}
	return msg.st, cmd
}

// playedSince is what this machine played since t (autoplay skips it).
func (m *memory) playedSince(t time.Time) []api.URN {
	if m.hist == nil {
		return nil
	}
	return m.hist.PlayedSince(t)
}

// entries is the local history, newest first (none before it loads).
func (m *memory) entries() []session.Entry {
	if m.hist == nil {
		return nil
	}
	return m.hist.Entries()
}

// event records plays and positions from the player's events and decides
// when to save. tab names the active tab for the snapshot.
func (m *memory) event(prev player.Status, ev player.Event, tab string) tea.Cmd {
	st := ev.Status
	var cmds []tea.Cmd
	prevURN, urn := urnOf(prev.Track), urnOf(st.Track)
	if prevURN != "" && prevURN != urn && m.res != nil && nearEnd(prev) {
		m.res.Forget(prevURN) // finished: next time it starts from the top
	}
	if urn != "" && urn != prevURN {
		cmds = append(cmds, m.started(st))
	}
	if urn != "" && urn == m.resumed.urn && !m.resumed.played && st.State == player.Playing && m.hist != nil {
		m.resumed.played = true
		m.hist.Add(session.EntryOf(st.Track, m.c.Now()))
	}
	if ev.Kind == player.EventPosition && urn != "" && m.res != nil {
		m.position(st)
	}
	now := m.c.Now()
	switch ev.Kind {
	case player.EventPosition:
		if now.Sub(m.savedAt) >= saveEvery {
			cmds = append(cmds, m.save(tab))
		}
	case player.EventTrackChanged, player.EventQueueChanged, player.EventVolume, player.EventState:
		cmds = append(cmds, m.save(tab))
	}
	return tea.Batch(cmds...)
}

// nearEnd reports whether a status is in the last seconds of its track.
func nearEnd(st player.Status) bool {
	return st.Duration > 0 && st.Position >= st.Duration-20*time.Second
}

func urnOf(t *api.Track) api.URN {
	if t == nil {
		return ""
	}
	return t.URN
}

// started runs when a track becomes current: history, and for a long
// track a remembered position to go back to.
func (m *memory) started(st player.Status) tea.Cmd {
	t := st.Track
	if m.resumed.urn == t.URN {
		return nil // the restored track, opened paused at its position: not a play yet
	}
	if m.hist != nil {
		m.hist.Add(session.EntryOf(t, m.c.Now()))
	}
	m.resumed = resumeMark{}
	if m.res == nil || t.DurationTime() < session.MinResumeLength {
		return nil
	}
	pos, ok := m.res.Resume(t.URN)
	if !ok || pos <= st.Position {
		return nil
	}
	m.resumed = resumeMark{urn: t.URN, at: pos, played: true}
	a := m.e.a
	return tea.Batch(do(func() { a.Seek(pos) }),
		statusCmd("Resumed at "+Clock(pos)+": press "+m.c.Keys.Play.StartOver.Help().Key+" to start over.", false))
}

// position remembers where a long track is, once playback has reached a
// resume mark.
func (m *memory) position(st player.Status) {
	t := st.Track
	if m.resumed.urn == t.URN && !m.resumed.settled {
		if st.Position+5*time.Second < m.resumed.at {
			return
		}
		m.resumed.settled = true
	}
	m.res.Update(t.URN, st.Position, st.Duration)
}

// startOver forgets the playing track's remembered position, for the
// start_over key (which then seeks to 0 through the player's controller);
// false when nothing plays.
func (m *memory) startOver(st player.Status) bool {
	if st.Track == nil {
		return false
	}
	if m.res != nil {
		m.res.Forget(st.Track.URN)
	}
	m.resumed = resumeMark{}
	return true
}

// label is what the bar says about a resumed track.
func (m *memory) label(st player.Status) string {
	if st.Track == nil || m.resumed.urn != st.Track.URN {
		return ""
	}
	return "resumed at " + Clock(m.resumed.at) + " (" + m.c.Keys.Play.StartOver.Help().Key + " start over)"
}

// save writes the session, resume positions and history in a command; the
// snapshot's time is taken now so an older save never replaces it.
func (m *memory) save(tab string) tea.Cmd {
	if m.dir == "" || m.e.a == nil || m.closed {
		return nil
	}
	m.savedAt = m.c.Now()
	return saveCmd(m.e, m.dir, tab, m.savedAt, m.res, m.hist)
}

// last is the quit's save: the player is stopped right after it, and the
// events that stop sends (position 0, nothing playing) must not replace
// where the listener left off.
func (m *memory) last(tab string) tea.Cmd {
	c := m.save(tab)
	m.closed = true
	// The directory is free for the next TUI once this one quits; the
	// quit's save above takes the directory lock of its own.
	m.inst.Release()
	m.inst = nil
	return c
}

func saveCmd(e *env, dir, tab string, at time.Time, res *session.Resumes, hist *session.History) tea.Cmd {
	return func() tea.Msg {
		if err := saveNow(e.a, dir, tab, at, res, hist); err != nil {
			e.log.Warn("save session", "err", err)
		}
		return nil
	}
}

// saveNow reads the player's queue and status and writes everything.
func saveNow(a Audio, dir, tab string, at time.Time, res *session.Resumes, hist *session.History) error {
	st, q := a.Status(), a.QueueEntries()
	snap := session.State{Current: st.Index, Position: st.Position, Volume: int(st.Volume*100 + 0.5),
		Shuffle: st.Shuffle, Repeat: repeatName(st.Repeat), Tab: tab, SavedAt: at, Radio: storedRadio(st.Radio)}
	snap.Queue = make([]session.QueueItem, len(q))
	for i := range q {
		snap.Queue[i] = session.ItemOf(&q[i].Track)
		snap.Queue[i].From = storedOrigin(q[i].From)
	}
	errs := []error{session.SaveState(dir, snap)}
	if res != nil {
		errs = append(errs, res.Save())
	}
	if hist != nil {
		errs = append(errs, hist.Save())
	}
	return errors.Join(errs...)
}
