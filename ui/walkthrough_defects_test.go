package ui

import (
	"fmt"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"
	"github.com/mattn/go-runewidth"

	"github.com/cirrus-tui/cirrus/api"
	"github.com/cirrus-tui/cirrus/config"
	"github.com/cirrus-tui/cirrus/player"
)

// Defects from the walkthrough of issue 25 (item 6); each test failed
// before its fix.

// Esc and a key pressed at once reach Bubble Tea in one read, which it
// takes for Alt+key: typing "fog", Esc, t in the filter gave "fogt".
func TestEscThenKeyIsNotAltKey(t *testing.T) {
	b, a := likesWorld()
	m := newTestModel(b, a, 140, 40)
	initModel(t, m)
	settle(t, m, kp("2"))
	settle(t, m, kp("l"))
	typeKeys(t, m, "fog")
	settle(t, m, tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{'t'}, Alt: true})
	if m.filter.on() || strings.Contains(m.filter.input.Value(), "fogt") {
		t.Fatalf("esc+t went into the filter: on=%v value=%q", m.filter.on(), m.filter.input.Value())
	}
}

// An Alt binding the user made still gets its key.
func TestSplitKeysKeepsBoundAlt(t *testing.T) {
	km := NewKeyMap(map[string][]string{"like": {"alt+l"}})
	alt := tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{'l'}, Alt: true}
	if got := splitKeys(alt, km.bound); len(got) != 1 || !got[0].Alt {
		t.Fatalf("bound alt+l split: %v", got)
	}
	got := splitKeys(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{'q', 'j'}, Alt: true}, km.bound)
	if len(got) != 3 || got[0].Type != tea.KeyEsc || got[1].String() != "q" || got[2].String() != "j" {
		t.Fatalf("esc+qj: %v", got)
	}
}

// ctrl+u is also "page up"; in the filter it deleted nothing.
func TestFilterCtrlUDeletesTheText(t *testing.T) {
	b, a := likesWorld()
	m := newTestModel(b, a, 140, 40)
	initModel(t, m)
	settle(t, m, kp("2"))
	l := m.tabs.current().(*browsePane).top().list()
	settle(t, m, kp("l"))
	typeKeys(t, m, "fog")
	if l.Len() != 3 {
		t.Fatalf("fog matched %d rows", l.Len())
	}
	settle(t, m, kp("ctrl+u"))
	if v := m.filter.input.Value(); v != "" || l.Len() != 5 || !m.filter.typing {
		t.Fatalf("after ctrl+u: value %q, %d rows, typing %v", v, l.Len(), m.filter.typing)
	}
}

// ctrl+f in Search moved the keyboard to the genre line with nothing on
// screen to say so.
func TestSearchGenreFocusIsVisible(t *testing.T) {
	b, a := likesWorld()
	m := newTestModel(b, a, 120, 30)
	initModel(t, m)
	settle(t, m, kp("3"))
	settle(t, m, kp("esc"))
	if strings.Contains(m.View(), "▸ genre:") {
		t.Fatal("focus mark before ctrl+f")
	}
	settle(t, m, kp("ctrl+f"))
	v := ansi.Strip(m.View())
	if !strings.Contains(v, "▸ genre:") || !strings.Contains(v, "ctrl+f access") {
		t.Fatalf("no visible focus on the genre line:\n%s", v)
	}
	settle(t, m, kp("esc"))
	if strings.Contains(m.View(), "▸ genre:") {
		t.Fatal("focus mark stayed after esc")
	}
}

// At 60 columns the tab bar lost its end: "History" read "His".
func TestTabBarFitsNarrowTerminals(t *testing.T) {
	for _, w := range []int{60, 52, 40} {
		b, a := likesWorld()
		m := newTestModel(b, a, w, 20)
		initModel(t, m)
		bar := strings.Split(m.View(), "\n")[0]
		if ansi.StringWidth(bar) > w {
			t.Errorf("%d columns: bar is %d wide", w, ansi.StringWidth(bar))
		}
		want := "History"
		if w < 52 {
			want = "Hist"
		}
		if !strings.Contains(ansi.Strip(bar), want) {
			t.Errorf("%d columns: no %q in %q", w, want, ansi.Strip(bar))
		}
	}
}

// A message about one tab stayed on the status line after going to another.
func TestStatusDoesNotFollowToAnotherTab(t *testing.T) {
	b, a := likesWorld()
	m := newTestModel(b, a, 140, 40)
	initModel(t, m)
	settle(t, m, kp("6")) // the queue cannot be filtered
	settle(t, m, kp("l"))
	if !strings.Contains(m.status.text, "cannot be filtered") {
		t.Fatalf("no message to carry: %q", m.status.text)
	}
	settle(t, m, kp("1"))
	if m.status.text != "" {
		t.Fatalf("status after switching tabs: %q", m.status.text)
	}
	// A sticky warning (no sound device) stays.
	settle(t, m, statusMsg{text: "Audio unavailable", sticky: true})
	settle(t, m, kp("2"))
	if m.status.text != "Audio unavailable" {
		t.Fatalf("sticky warning went: %q", m.status.text)
	}
}

// An encrypted Go+ stream was reported as "stream is DRM-encrypted
// (EXT-X-KEY METHOD=SAMPLE-AES)…"; the row gets its badge.
func TestDRMErrorInPlainWordsAndBadge(t *testing.T) {
	b, a := likesWorld()
	m := newTestModel(b, a, 140, 40)
	initModel(t, m)
	settle(t, m, kp("2"))
	tr := b.likedTracks[0]
	err := fmt.Errorf("hls: %w (EXT-X-KEY METHOD=SAMPLE-AES); cirrus cannot play encrypted Go+ streams", player.ErrDRM)
	settle(t, m, playerEventMsg{ok: true, ev: player.Event{Kind: player.EventError, Err: err, Status: player.Status{Track: &tr}}})
	got := m.status.text
	if strings.Contains(got, "EXT-X-KEY") || !strings.Contains(got, tr.Title) || !strings.Contains(got, "Go+") || !strings.Contains(got, "annot play") {
		t.Fatalf("status: %q", got)
	}
	badged := false
	for _, l := range strings.Split(ansi.Strip(m.View()), "\n") {
		badged = badged || (strings.Contains(l, tr.Title) && strings.Contains(l, "DRM"))
	}
	if !badged {
		t.Fatalf("no DRM badge on the row:\n%s", ansi.Strip(m.View()))
	}
	// The detail pane of the selected (first) row says it too.
	if v := ansi.Strip(m.View()); !strings.Contains(v, "DRM: Go+ only") {
		t.Fatalf("no DRM mark in the detail pane:\n%s", v)
	}
}

// ☁️ is one cell in tmux (wcwidth) and two in lipgloss, so its row pushed
// the pane border one column out of line.
func TestEmojiSelectorKeepsRowsInLine(t *testing.T) {
	b, a := likesWorld()
	b.likedTracks[0].Title = "Cloud \u2601\ufe0f Pencil \u270f\ufe0f"
	m := newTestModel(b, a, 140, 40)
	initModel(t, m)
	settle(t, m, kp("2"))
	row := rowWith(m.View(), "Cloud")
	if row == "" {
		t.Fatal("no row")
	}
	if lip, term := ansi.StringWidth(row), runewidth.StringWidth(ansi.Strip(row)); lip != term {
		t.Fatalf("row measures %d cells to lipgloss and %d to the terminal: %q", lip, term, ansi.Strip(row))
	}
}

// C and c act on different tracks; the help says which.
func TestCommentKeysSayWhichTrack(t *testing.T) {
	k := NewKeyMap(config.DefaultKeys())
	if h := k.Nav.Comments.Help().Desc; !strings.Contains(h, "selected") {
		t.Errorf("C: %q", h)
	}
	if h := k.Cloud.Comment.Help().Desc; !strings.Contains(h, "playing") {
		t.Errorf("c: %q", h)
	}
}

// The TUI and `cirrus play` name a track the same way.
func TestTrackLabel(t *testing.T) {
	u := api.User{Username: "Tone Lab"}
	if got := TrackLabel(&api.Track{Title: "Test Tones", User: &u}); got != "Test Tones — Tone Lab" {
		t.Fatalf("%q", got)
	}
	if got := TrackLabel(&api.Track{Title: "Alone"}); got != "Alone" {
		t.Fatalf("%q", got)
	}
}
