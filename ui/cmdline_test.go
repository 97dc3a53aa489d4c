package ui

import (
	"math"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/cirrus-tui/cirrus/config"
	"github.com/cirrus-tui/cirrus/player/command"
)

// typeLine opens the `:` line, types s and presses enter.
func typeLine(t *testing.T, m *Model, s string) []tea.Msg {
	t.Helper()
	out := press(t, m, ":")
	out = append(out, settle(t, m, tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(s), Paste: true})...)
	return append(out, press(t, m, "enter")...)
}

func TestCommandLineRunsCommands(t *testing.T) {
	m, b, a := started(t, 80, 24)
	playing(m, &b.tracks[0], 0)
	a.status.Volume = 0.5
	typeLine(t, m, "vol 40")
	typeLine(t, m, "seek 1:30")
	typeLine(t, m, "repeat all")
	want := []string{"SetVolume 0.40", "Seek 1m30s", "SetRepeat all"}
	if got := a.Calls(); strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("calls %v, want %v", got, want)
	}
	if v := m.np.Status().Volume; math.Abs(v-0.4) > 1e-9 {
		t.Errorf("the bar shows vol %.2f before the player answered, want 0.40", v)
	}
	typeLine(t, m, "tab likes")
	if m.tabs.active != tabLikes {
		t.Errorf(":tab likes shows %v", m.tabs.active)
	}
	typeLine(t, m, "tab 1")
	l := m.tabs.pane(tabFeed).(*browsePane).top().list()
	typeLine(t, m, "down 3")
	if l.Cursor() != 3 {
		t.Errorf(":down 3: cursor %d", l.Cursor())
	}
	typeLine(t, m, "sort plays")
	if !strings.Contains(m.View(), "sorted by plays") {
		t.Error(":sort plays: the header does not say so")
	}
	typeLine(t, m, "like playing")
	if !m.lib.isLiked(item{Track: &b.tracks[0]}) {
		t.Error(":like playing did not like the playing track")
	}
	if m.cmd.open {
		t.Error("the line stayed open after a command ran")
	}
}

func TestCommandLineErrorKeepsText(t *testing.T) {
	m, _, a := started(t, 80, 24)
	press(t, m, ":")
	settle(t, m, tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("vol 140"), Paste: true})
	press(t, m, "enter")
	if !m.cmd.open || m.cmd.input.Value() != "vol 140" {
		t.Fatalf("a bad line closed or lost its text: open %v %q", m.cmd.open, m.cmd.input.Value())
	}
	lines := strings.Split(m.View(), "\n")
	if last := lines[len(lines)-1]; !strings.Contains(last, "outside 0-100") || !strings.Contains(lines[len(lines)-2], ":vol 140") {
		t.Errorf("the error is not under the line:\n%s\n%s", lines[len(lines)-2], last)
	}
	if len(a.Calls()) != 0 {
		t.Errorf("a bad line reached the player: %v", a.Calls())
	}
	press(t, m, "esc")
	if m.cmd.open {
		t.Error("esc did not close the line")
	}
}

func TestCommandLineCompletesAndRemembers(t *testing.T) {
	m, _, _ := started(t, 80, 24)
	press(t, m, ":", "r", "e", "p", "tab")
	if v := m.cmd.input.Value(); v != "rep" || m.cmd.hint != "repeat  repost" {
		t.Errorf("tab after rep: %q, hint %q", v, m.cmd.hint)
	}
	press(t, m, "e", "tab")
	if v := m.cmd.input.Value(); v != "repeat " {
		t.Errorf("tab after repe: %q", v)
	}
	press(t, m, "o", "tab")
	if v := m.cmd.input.Value(); v != "repeat o" || !strings.Contains(m.View(), "repeat off  repeat one") {
		t.Errorf("tab after repeat o: %q, hint %q", v, m.cmd.hint)
	}
	press(t, m, "n", "enter")
	if !m.cmd.open || !strings.Contains(m.cmd.err, `"on" is not off, one or all`) {
		t.Fatalf("repeat on: open %v, err %q", m.cmd.open, m.cmd.err)
	}
	press(t, m, "e", "enter")
	press(t, m, ":", "v", "o", "l", " ", "5", "enter")
	press(t, m, ":", "up")
	if v := m.cmd.input.Value(); v != "vol 5" {
		t.Errorf("up: %q", v)
	}
	press(t, m, "up")
	if v := m.cmd.input.Value(); v != "repeat one" {
		t.Errorf("up up: %q", v)
	}
	press(t, m, "down", "down")
	if v := m.cmd.input.Value(); v != "" {
		t.Errorf("down past the newest: %q", v)
	}
}

// Every key action runs a command of the table (or is the : line), and
// the help overlay lists every command name.
func TestKeysAndHelpSpeakTheCommandTable(t *testing.T) {
	for _, a := range config.Actions {
		if _, ok := command.KeyLines[a.Name]; !ok && a.Name != "command_line" && a.Name != "count" {
			t.Errorf("key action %q runs no command", a.Name)
		}
	}
	m, _, _ := started(t, 120, 200)
	press(t, m, "?")
	v := m.View()
	for _, s := range command.Specs {
		if !strings.Contains(v, ":"+s.Name) {
			t.Errorf("help lacks :%s", s.Name)
		}
	}
	for _, name := range command.SortNames {
		if sortKeyNamed(name).String() != name {
			t.Errorf(":sort %s sorts by %v", name, sortKeyNamed(name))
		}
	}
}

// A count before a motion repeats it; digits bound to tabs stay tab keys.
func TestCountBeforeMotion(t *testing.T) {
	m, _, _ := started(t, 80, 24)
	press(t, m, "2", "1")
	l := m.tabs.pane(tabFeed).(*browsePane).top().list()
	press(t, m, "j")
	if m.tabs.active != tabFeed || l.Cursor() != 1 {
		t.Fatalf("1 then j: tab %v cursor %d", m.tabs.active, l.Cursor())
	}
	press(t, m, "9", "k")
	if l.Cursor() != 0 {
		t.Errorf("9k from 1: cursor %d", l.Cursor())
	}
	press(t, m, "8", "x", "j") // another key in between: the count is gone
	if l.Cursor() != 1 {
		t.Errorf("8 x j: cursor %d, want 1", l.Cursor())
	}
	press(t, m, "k")
	m.c.Keys = NewKeyMap(map[string][]string{"tab_likes": {"alt+2"}})
	press(t, m, "2", "j")
	if m.tabs.active != tabFeed || l.Cursor() != 2 {
		t.Errorf("2j with 2 unbound: tab %v cursor %d", m.tabs.active, l.Cursor())
	}
	press(t, m, "k", "k", "9", "0", "j") // 0 inside a count is part of it
	if m.tabs.active != tabFeed || l.Cursor() != l.Len()-1 {
		t.Errorf("90j: cursor %d of %d", l.Cursor(), l.Len())
	}
}

// uu, r r and s s: each press counts, and the status line tells the last.
func TestTogglesCountEveryPress(t *testing.T) {
	m, b, a := started(t, 80, 24)
	playing(m, &b.tracks[0], 0)
	was := m.auto.on
	press(t, m, "u", "u")
	if m.auto.on != was || !strings.Contains(m.status.text, "Autoplay "+onOff(was)) {
		t.Errorf("uu: autoplay %v, status %q", m.auto.on, m.status.text)
	}
	press(t, m, "r", "r", "s", "s")
	st := m.np.Status()
	if st.Repeat != 2 || st.Shuffle {
		t.Errorf("r r s s: repeat %v shuffle %v", st.Repeat, st.Shuffle)
	}
	if n := len(callsWith(a.Calls(), "SetRepeat")) + len(callsWith(a.Calls(), "SetShuffle")); n != 4 {
		t.Errorf("the player got %d of 4 presses: %v", n, a.Calls())
	}
}

// L likes the playing track whatever row is selected; f the selected one.
func TestLikeSelectedOrPlaying(t *testing.T) {
	m, b, _ := started(t, 80, 24)
	playing(m, &b.tracks[0], 0)
	press(t, m, "j") // the cursor on another track
	sel, _ := m.current().Selected()
	if sel.Track == nil || sel.Track.URN == b.tracks[0].URN {
		t.Fatalf("the cursor is not on another track: %+v", sel)
	}
	selWas := m.lib.isLiked(sel)
	press(t, m, "L")
	if !m.lib.isLiked(item{Track: &b.tracks[0]}) || m.lib.isLiked(sel) != selWas {
		t.Errorf("L: playing liked %v, selected liked %v (was %v)", m.lib.isLiked(item{Track: &b.tracks[0]}), m.lib.isLiked(sel), selWas)
	}
}
