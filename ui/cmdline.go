package ui

import (
	"fmt"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/cirrus-tui/cirrus/player/command"
)

// cmdLine is the `:` line: any command by name with its arguments, Tab
// completion from the command table, ↑/↓ through what ran before, and
// the parse error under the line (the text stays to be fixed).
type cmdLine struct {
	c       *Common
	open    bool
	input   textinput.Model
	history []string // oldest first
	at      int      // index into history while browsing; len(history): the line being typed
	draft   string   // the line being typed while browsing history
	err     string
	hint    string // what Tab found
	busy    string // a save on its way: the line waits for it (visual_save.go)
	count   pendingCount
}

// maxHistory bounds the lines kept for ↑.
const maxHistory = 100

func newCmdLine(c *Common) *cmdLine {
	in := newInput()
	in.Prompt = ":"
	in.CharLimit = 1000
	return &cmdLine{c: c, input: in}
}

// start opens the line, empty.
func (l *cmdLine) start() tea.Cmd {
	l.open, l.err, l.hint, l.at, l.draft = true, "", "", len(l.history), ""
	l.input.SetValue("")
	l.input.Width = max(l.c.Width-2, 10)
	return l.input.Focus()
}

func (l *cmdLine) close() {
	l.open, l.busy = false, ""
	l.input.Blur()
}

// startWith opens the line holding text, to be finished.
func (l *cmdLine) startWith(text string) tea.Cmd {
	cmd := l.start()
	l.input.SetValue(text)
	l.input.CursorEnd()
	return cmd
}

// hold opens the line again with the text of a command that is on its
// way, so a failure can keep it (visual_save.go).
func (l *cmdLine) hold(text string) tea.Cmd {
	cmd := l.startWith(text)
	l.at = len(l.history)
	return cmd
}

// fail shows why the held command failed, its text kept.
func (l *cmdLine) fail(why string) { l.busy, l.err = "", why }

// key handles a key while the line is open; run is set when enter
// parsed a command.
func (l *cmdLine) key(msg tea.KeyMsg) (c command.Command, run bool, cmd tea.Cmd) {
	switch msg.Type {
	case tea.KeyEsc:
		l.close()
		return c, false, nil
	case tea.KeyEnter:
		if l.busy != "" {
			return c, false, nil
		}
		line := strings.TrimSpace(l.input.Value())
		if line == "" {
			l.close()
			return c, false, nil
		}
		parsed, err := command.Parse(line)
		if err != nil {
			l.err = err.Error()
			return c, false, nil
		}
		l.remember(line)
		l.close()
		return parsed, true, nil
	case tea.KeyTab:
		l.complete()
		return c, false, nil
	case tea.KeyUp:
		l.browse(-1)
		return c, false, nil
	case tea.KeyDown:
		l.browse(1)
		return c, false, nil
	}
	l.err, l.hint = "", ""
	l.input, cmd = l.input.Update(msg)
	return c, false, cmd
}

func (l *cmdLine) remember(line string) {
	if n := len(l.history); n == 0 || l.history[n-1] != line {
		l.history = append(l.history, line)
	}
	if len(l.history) > maxHistory {
		l.history = l.history[len(l.history)-maxHistory:]
	}
}

// browse steps through the history; past the newest is the draft again.
func (l *cmdLine) browse(d int) {
	if l.at == len(l.history) {
		l.draft = l.input.Value()
	}
	l.at = min(max(l.at+d, 0), len(l.history))
	if l.at == len(l.history) {
		l.input.SetValue(l.draft)
	} else {
		l.input.SetValue(l.history[l.at])
	}
	l.input.CursorEnd()
	l.err = ""
}

// complete extends the line to what every match shares, and lists the
// matches when more than one is left.
func (l *cmdLine) complete() {
	matches := command.Complete(l.input.Value())
	l.err = ""
	switch len(matches) {
	case 0:
		l.hint = "no command starts so"
		return
	case 1:
		v := matches[0]
		if !strings.Contains(v, " ") {
			v += " "
		}
		l.input.SetValue(v)
		l.hint = ""
	default:
		p := matches[0]
		for _, x := range matches[1:] {
			for !strings.HasPrefix(x, p) {
				p = p[:len(p)-1]
			}
		}
		if len(p) > len(strings.TrimLeft(l.input.Value(), ": ")) {
			l.input.SetValue(p)
		}
		l.hint = strings.Join(matches, "  ")
	}
	l.input.CursorEnd()
}

// View draws the line and, under it, the error, the matches or what the
// keys do.
func (l *cmdLine) View(w int) []string {
	s := l.c.Styles
	var note string
	switch {
	case l.busy != "":
		note = s.Muted.Render(l.busy + " · esc closes the line")
	case l.err != "":
		note = s.Error.Render("✗ " + SanitizeLine(l.err))
	case l.hint != "":
		note = s.Muted.Render(l.hint)
	default:
		note = s.Muted.Render("enter runs · tab completes · ↑/↓ history · esc closes · help lists commands")
	}
	return []string{Truncate(l.input.View(), w), Truncate(note, w)}
}

// cmdKey routes a key to the open `:` line and runs what it parsed.
func (m *Model) cmdKey(msg tea.KeyMsg) tea.Cmd {
	if msg.Type == tea.KeyCtrlC {
		return m.quit()
	}
	c, run, cmd := m.cmd.key(msg)
	if run {
		return tea.Batch(cmd, m.runCommand(c))
	}
	return cmd
}

// pendingCount is a count typed before a motion (9j). Digits that a key
// action uses (by default 1-7 switch tabs, 0 starts over) keep that
// meaning at once, so tab keys never wait to see what follows; the
// others type a count, and so do all of them after the count key (#15j)
// or when rebound elsewhere. The `:` line takes any count: `:down 15`.
type pendingCount struct {
	n      int
	at     time.Time
	opened bool // the count key started it: the next digit is its first
}

// countWindow is how soon after its last digit a motion takes the count.
const countWindow = 3 * time.Second

// maxCount bounds a count (as the `:` line does).
const maxCount = 10000

// countTimeoutMsg comes once a pending count's window has passed, so the
// bottom line, which shows the count, is drawn again without it.
type countTimeoutMsg struct{}

// countPending is the count under way (vim's showcmd), ok false when none.
func (m *Model) countPending() (n int, ok bool) {
	pc := m.cmd.count
	if !(pc.n > 0 || pc.opened) || m.c.Now().Sub(pc.at) > countWindow {
		return 0, false
	}
	return pc.n, true
}

// countHint is what the bottom line says while a count is under way.
func countHint(n int) string {
	if n == 0 {
		return "count: type its digits, then j/k/pgup/pgdown · another key drops it"
	}
	return fmt.Sprintf("count %d: j/k/pgup/pgdown move that far · another key drops it", n)
}

// countDigit takes a digit as part of a count: the first one when no
// global action is bound to it, the next ones whatever they are bound to
// (a 0 after 1 is ten, not "start over").
func (m *Model) countDigit(msg tea.KeyMsg) bool {
	d, ok := digitOf(msg)
	if !ok {
		return false
	}
	pc := &m.cmd.count
	now := m.c.Now()
	if (pc.n > 0 || pc.opened) && now.Sub(pc.at) <= countWindow {
		pc.n, pc.at = min(pc.n*10+d, maxCount), now
		return true
	}
	if d == 0 {
		return false
	}
	for _, g := range m.globals() {
		if key.Matches(msg, *g.b) {
			return false
		}
	}
	*pc = pendingCount{n: d, at: now}
	return true
}

// motionCount runs a motion count times; ok is false (and the count
// forgotten) for any other key.
func (m *Model) motionCount(msg tea.KeyMsg) (tea.Cmd, bool) {
	pc := m.cmd.count
	m.cmd.count = pendingCount{}
	k := m.c.Keys.Nav
	if pc.n < 2 || m.c.Now().Sub(pc.at) > countWindow ||
		!(key.Matches(msg, k.Up) || key.Matches(msg, k.Down) || key.Matches(msg, k.PageUp) || key.Matches(msg, k.PageDown)) {
		return nil, false
	}
	return m.repeatKey(msg, pc.n), true
}

// repeatKey runs msg n times, as the pane that owns the body takes it.
func (m *Model) repeatKey(msg tea.KeyMsg, n int) tea.Cmd {
	var cmds []tea.Cmd
	for range n {
		cmds = append(cmds, m.key(msg))
	}
	return tea.Batch(cmds...)
}

func digitOf(msg tea.KeyMsg) (int, bool) {
	if msg.Type != tea.KeyRunes || len(msg.Runes) != 1 || msg.Alt || msg.Runes[0] < '0' || msg.Runes[0] > '9' {
		return 0, false
	}
	return int(msg.Runes[0] - '0'), true
}
