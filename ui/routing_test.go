package ui

import (
	"context"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
)

func TestWelcomeChoices(t *testing.T) {
	b, a := fixture(), &recAudio{}
	m := New(Options{Backend: b, Audio: a, LoggedIn: false})
	instantTimers(m)
	m.Update(tea.WindowSizeMsg{Width: 80, Height: 24})
	if !strings.Contains(m.View(), "continue anonymously") {
		t.Fatal("no welcome screen")
	}
	press(t, m, "a")
	if m.welcome.shown || m.tabs.active != tabSearch || m.search.InputFocused() {
		t.Fatal("anonymous should land in search, the results focused (a tab key is not a query)")
	}
	press(t, m, "/")
	if !m.search.InputFocused() {
		t.Fatal("/ does not focus the search box")
	}
	if b.called("Feed") != 0 {
		t.Error("anonymous loaded the feed")
	}
	press(t, m, "esc", "f")
	if !strings.Contains(m.status.text, "Log in") {
		t.Errorf("like while anonymous: %q", m.status.text)
	}
	m2 := New(Options{Backend: b, Audio: a})
	instantTimers(m2)
	m2.Update(tea.WindowSizeMsg{Width: 80, Height: 24})
	msgs := settle(t, m2, kp("d"))
	if _, ok := has[tea.QuitMsg](msgs); !ok || m2.Outcome() != OutcomeDemo {
		t.Errorf("demo: outcome %q", m2.Outcome())
	}
	m3 := New(Options{Backend: b, Audio: a, Login: func(context.Context) error { return nil }})
	instantTimers(m3)
	m3.Update(tea.WindowSizeMsg{Width: 80, Height: 24})
	press(t, m3, "l")
	if m3.welcome.shown || b.called("Feed") != 1 {
		t.Errorf("login did not start the UI: %v", b.Calls())
	}
}

func TestWelcomeNotice(t *testing.T) {
	m := New(Options{Backend: fixture(), Audio: &recAudio{}, Notice: "Your session has expired\x1b[2J"})
	m.Update(tea.WindowSizeMsg{Width: 80, Height: 24})
	if v := m.View(); !strings.Contains(v, "Your session has expired") || strings.Contains(v, "\x1b[2J") {
		t.Errorf("notice:\n%q", v)
	}
}

func TestStartupStatusAndWarning(t *testing.T) {
	for _, tc := range []struct {
		o       Options
		want    string
		wantErr bool
	}{
		{Options{Status: "Demo: a fake SoundCloud\x1b]0;x\x07"}, "Demo: a fake SoundCloud", false},
		{Options{Status: "Demo", Warning: "Audio unavailable"}, "Audio unavailable", true},
	} {
		tc.o.Backend, tc.o.Audio, tc.o.LoggedIn = fixture(), &recAudio{}, true
		m := New(tc.o)
		m.Update(tea.WindowSizeMsg{Width: 120, Height: 30})
		var found bool
		for _, msg := range initMessages(m) {
			if sm, ok := msg.(statusMsg); ok {
				found = true
				m.Update(sm)
			}
		}
		if !found {
			t.Fatalf("%+v: Init sent no status message", tc.o)
		}
		if m.status.text != tc.want || m.status.err != tc.wantErr {
			t.Errorf("status %q (err %v), want %q (err %v)", m.status.text, m.status.err, tc.want, tc.wantErr)
		}
		if v := m.View(); !strings.Contains(v, tc.want) || strings.Contains(v, "\x1b]0;") {
			t.Errorf("view lacks %q or carries the escape:\n%s", tc.want, v)
		}
		// The banner clears after a while; a warning (no sound device) stays.
		m.Update(clearStatusMsg{id: m.status.id})
		if sticky := m.status.text != ""; sticky != tc.wantErr {
			t.Errorf("after the clear timer: status %q, want sticky=%v", m.status.text, tc.wantErr)
		}
	}
}

func TestMouse(t *testing.T) {
	m, b, a := started(t, 80, 24)
	m.Update(tea.MouseMsg{X: 5, Y: 3, Button: tea.MouseButtonLeft, Action: tea.MouseActionPress})
	if it, _ := m.current().Selected(); it.URN() != "soundcloud:playlists:10" {
		t.Errorf("click on row 3 selected %v", it.URN())
	}
	m.Update(tea.MouseMsg{X: 1, Y: 0, Button: tea.MouseButtonLeft, Action: tea.MouseActionPress})
	if m.tabs.active != tabFeed {
		t.Error("click on first tab")
	}
	x := 0
	for t, _ := m.tabs.hit(x); t != tabLikes; t, _ = m.tabs.hit(x) {
		x++
	}
	m.Update(tea.MouseMsg{X: x, Y: 0, Button: tea.MouseButtonLeft, Action: tea.MouseActionPress})
	if m.tabs.active != tabLikes {
		t.Errorf("click on Likes tab: active %d", m.tabs.active)
	}
	playing(m, &b.tracks[0], 0)
	_, cmd := m.Update(tea.MouseMsg{X: 40, Y: m.lay.waveTop, Button: tea.MouseButtonLeft, Action: tea.MouseActionPress})
	runCmd(cmd)
	want := "Seek " + (b.tracks[0].DurationTime() / 2).String()
	if got := a.Calls(); len(got) != 1 || got[0] != want {
		t.Errorf("waveform click: %v, want %s", got, want)
	}
}

func TestSearchFiltersAndResolve(t *testing.T) {
	m, b, _ := started(t, 80, 24)
	press(t, m, "/")
	for _, r := range "fog" {
		press(t, m, string(r))
	}
	press(t, m, "ctrl+f") // leaves query box? no: query box swallows it
	press(t, m, "enter")
	if b.called("SearchTracks fog") != 1 {
		t.Fatalf("search: %v", b.Calls())
	}
	press(t, m, "ctrl+f", "h", "o", "u", "s", "e", "ctrl+f", "enter")
	if b.called("SearchTracks fog [house] [playable]") != 1 {
		t.Fatalf("filtered search: %v", b.Calls())
	}
	press(t, m, "t")
	if b.called("SearchUsers fog") != 1 {
		t.Errorf("users: %v", b.Calls())
	}
	b.resolve["https://soundcloud.com/ana/sets/road"] = "soundcloud:playlists:10"
	press(t, m, "/")
	m.search.input.SetValue("https://soundcloud.com/ana/sets/road")
	press(t, m, "enter")
	if top := m.search.top(); top.pl == nil || top.list().Len() != 2 {
		t.Fatalf("resolved URL did not open the playlist: %v", b.Calls())
	}
	m.search.input.SetValue("on.soundcloud.com/xyz")
	m.search.focus = 1
	press(t, m, "enter")
	if b.called("Resolve https://on.soundcloud.com/xyz") != 1 || m.search.err == nil {
		t.Errorf("unknown short link: %v err %v", b.Calls(), m.search.err)
	}
}

func TestPastedLinkOpensAnywhere(t *testing.T) {
	m, b, _ := started(t, 80, 24)
	b.resolve["https://soundcloud.com/ana"] = "soundcloud:users:1"
	settle(t, m, tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("https://soundcloud.com/ana"), Paste: true})
	if m.tabs.active != tabSearch || m.search.top().user == nil || m.search.top().user.Username != "ana" {
		t.Fatalf("paste on the feed did not open the profile: %v", b.Calls())
	}
	b.resolve["https://soundcloud.com/x/t1"] = "soundcloud:tracks:1"
	press(t, m, "/")
	settle(t, m, tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("https://soundcloud.com/x/t1"), Paste: true})
	if it, ok := m.search.Selected(); !ok || it.Track == nil || it.Track.Title != "Morning Fog" {
		t.Fatalf("paste in the search box did not open the track: %v", b.Calls())
	}
}
