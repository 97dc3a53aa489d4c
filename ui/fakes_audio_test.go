package ui

import (
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/cirrus-tui/cirrus/api"
	"github.com/cirrus-tui/cirrus/player"
	"github.com/cirrus-tui/cirrus/player/command"
)

// recAudio is a recording Audio.
type recAudio struct {
	mu     sync.Mutex
	calls  []string
	status player.Status
	queue  []api.Track
	events chan player.Event
	polls  int // Status calls
	seq    uint64
	from   []player.Origin // per queue entry: who queued it
	left   int             // what Upcoming answers
	radio  *player.Radio   // the queue's radio (StartRadio, EndRadio)
}

func (a *recAudio) statusCalls() int {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.polls
}

func (a *recAudio) rec(s string, args ...any) {
	a.mu.Lock()
	defer a.mu.Unlock()
	for _, x := range args {
		s += " " + fmt.Sprint(x)
	}
	a.calls = append(a.calls, s)
}
func (a *recAudio) Calls() []string {
	a.mu.Lock()
	defer a.mu.Unlock()
	return append([]string(nil), a.calls...)
}
func (a *recAudio) Events() <-chan player.Event {
	if a.events == nil {
		return nil
	}
	return a.events
}
func (a *recAudio) Status() player.Status {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.polls++
	return a.status
}

// Submit applies c at once, recording the call the player would take,
// and reports it applied in the status (as the player's Seq does).
func (a *recAudio) Submit(c command.Command) uint64 {
	a.mu.Lock()
	st := a.status
	a.mu.Unlock()
	switch c.Op {
	case command.OpToggle:
		a.Toggle()
	case command.OpNext:
		a.Next()
	case command.OpPrevious:
		a.Previous()
	case command.OpSeek:
		if c.Relative {
			a.SeekBy(c.At)
		} else {
			a.Seek(c.At)
		}
	case command.OpVolume:
		a.SetVolume(player.StepVolume(st.Volume, c))
	case command.OpShuffle:
		a.SetShuffle(player.StepSwitch(st.Shuffle, c.Switch))
	case command.OpRepeat:
		a.SetRepeat(player.StepRepeat(st.Repeat, c.Repeat))
	case command.OpQueueClear:
		a.ClearQueue()
	default:
		a.rec("Submit", c)
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	a.seq++
	return a.seq
}
func (a *recAudio) Toggle()                   { a.rec("Toggle") }
func (a *recAudio) Stop()                     { a.rec("Stop") }
func (a *recAudio) Seek(to time.Duration)     { a.rec("Seek", to) }
func (a *recAudio) SeekBy(d time.Duration)    { a.rec("SeekBy", d) }
func (a *recAudio) SetVolume(v float64)       { a.rec("SetVolume", fmt.Sprintf("%.2f", v)) }
func (a *recAudio) Next()                     { a.rec("Next") }
func (a *recAudio) Previous()                 { a.rec("Previous") }
func (a *recAudio) Remove(i int)              { a.rec("Remove", i) }
func (a *recAudio) Move(from, to int)         { a.rec("Move", from, to) }
func (a *recAudio) ClearQueue()               { a.rec("ClearQueue") }
func (a *recAudio) SetShuffle(on bool)        { a.rec("SetShuffle", on) }
func (a *recAudio) SetRepeat(r player.Repeat) { a.rec("SetRepeat", repeatName(r)) }
func (a *recAudio) Queue() []api.Track        { a.mu.Lock(); defer a.mu.Unlock(); return a.queue }
func (a *recAudio) Enqueue(ts ...api.Track)   { a.rec("Enqueue", len(ts), ts[0].URN) }
func (a *recAudio) EnqueueAutoplay(ts ...api.Track) {
	a.rec("EnqueueAutoplay", len(ts), ts[0].URN)
}
func (a *recAudio) EnqueueFrom(o player.Origin, ts ...api.Track) {
	ids := make([]string, len(ts))
	for i, t := range ts {
		ids[i] = t.URN.ID()
	}
	a.rec("EnqueueFrom "+o.String(), strings.Join(ids, ","))
}
func (a *recAudio) StartRadio(r player.Radio, ts []api.Track) int {
	ids := make([]string, len(ts))
	for i, t := range ts {
		ids[i] = t.URN.ID()
	}
	a.rec("StartRadio", strings.Join(ids, ","))
	a.mu.Lock()
	a.radio = &r
	a.mu.Unlock()
	return 0
}
func (a *recAudio) EndRadio() {
	a.rec("EndRadio")
	a.mu.Lock()
	a.radio = nil
	a.mu.Unlock()
}

// ev is an event whose status holds the queue's radio, as the player's do.
func (a *recAudio) ev(kind player.EventKind, st player.Status) playerEventMsg {
	a.mu.Lock()
	st.Radio = a.radio
	a.mu.Unlock()
	return ev(kind, st)
}
func (a *recAudio) Upcoming(o player.Origin) int {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.left
}
func (a *recAudio) QueueEntries() []player.QueueEntry {
	a.mu.Lock()
	defer a.mu.Unlock()
	out := make([]player.QueueEntry, len(a.queue))
	for i, t := range a.queue {
		out[i] = player.QueueEntry{Track: t}
		if i < len(a.from) {
			out[i].From = a.from[i]
		}
	}
	return out
}
func (a *recAudio) PlayNext(ts ...api.Track) { a.rec("PlayNext", len(ts), ts[0].URN) }
func (a *recAudio) PlayTracks(ts []api.Track, start int) {
	a.rec("PlayTracks", len(ts), start, ts[start].URN)
}

// kp builds a KeyMsg from Bubble Tea's key names.
func kp(s string) tea.KeyMsg {
	names := map[string]tea.KeyType{
		"enter": tea.KeyEnter, "esc": tea.KeyEsc, "tab": tea.KeyTab, "shift+tab": tea.KeyShiftTab,
		"up": tea.KeyUp, "down": tea.KeyDown, "left": tea.KeyLeft, "right": tea.KeyRight,
		"shift+left": tea.KeyShiftLeft, "shift+right": tea.KeyShiftRight,
		"ctrl+c": tea.KeyCtrlC, "ctrl+u": tea.KeyCtrlU, "ctrl+d": tea.KeyCtrlD, "ctrl+f": tea.KeyCtrlF, "ctrl+r": tea.KeyCtrlR, "backspace": tea.KeyBackspace,
		"pgdown": tea.KeyPgDown, "pgup": tea.KeyPgUp, "home": tea.KeyHome, "end": tea.KeyEnd, "delete": tea.KeyDelete,
		" ": tea.KeySpace,
	}
	if t, ok := names[s]; ok {
		if t == tea.KeySpace {
			return tea.KeyMsg{Type: t, Runes: []rune{' '}}
		}
		return tea.KeyMsg{Type: t}
	}
	return tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(s)}
}

// runCmd runs a command the way the program would, synchronously, and
// returns the messages it produced. Timers come back as timerMsg (see
// newTestModel) and are not delivered: pure tests send those by hand.
func runCmd(cmd tea.Cmd) []tea.Msg {
	if cmd == nil {
		return nil
	}
	ch := make(chan tea.Msg, 1)
	go func() { ch <- cmd() }()
	var msg tea.Msg
	select {
	case msg = <-ch:
	case <-time.After(10 * time.Second):
		panic("runCmd: command blocked for 10s")
	}
	switch msg := msg.(type) {
	case nil:
		return nil
	case tea.BatchMsg:
		var out []tea.Msg
		for _, c := range msg {
			out = append(out, runCmd(c)...)
		}
		return out
	}
	return []tea.Msg{msg}
}

// settle feeds msg to m, then runs the commands and feeds their messages
// back until nothing is left (bounded), returning every message seen.
func settle(t *testing.T, m *Model, msg tea.Msg) []tea.Msg {
	t.Helper()
	var seen []tea.Msg
	queue := []tea.Msg{msg}
	for n := 0; len(queue) > 0; n++ {
		if n > 500 {
			t.Fatal("settle: runaway message loop")
		}
		msg, queue = queue[0], queue[1:]
		seen = append(seen, msg)
		switch msg.(type) {
		case tea.QuitMsg, timerMsg:
			continue
		}
		_, cmd := m.Update(msg)
		queue = append(queue, runCmd(cmd)...)
	}
	return seen
}

func has[T any](msgs []tea.Msg) (T, bool) {
	for _, m := range msgs {
		if v, ok := m.(T); ok {
			return v, true
		}
	}
	var zero T
	return zero, false
}

// timerMsg is what a timer becomes in pure tests: recorded, not delivered.
type timerMsg struct {
	d   time.Duration
	msg tea.Msg
}

func instantTimers(m *Model) {
	m.c.After = func(d time.Duration, msg tea.Msg) tea.Cmd {
		return func() tea.Msg { return timerMsg{d, msg} }
	}
}
