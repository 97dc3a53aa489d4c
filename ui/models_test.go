package ui

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/cirrus-tui/cirrus/api"
	"github.com/cirrus-tui/cirrus/config"
	"github.com/cirrus-tui/cirrus/player"
	"github.com/cirrus-tui/cirrus/player/command"
)

// testParts are the shared pieces the small models are built from.
func testParts(b Backend, a Audio) (*Common, *env) {
	c := &Common{Styles: DefaultStyles(config.DefaultTheme()), Keys: NewKeyMap(nil), Now: func() time.Time { return testNow }}
	c.After = func(d time.Duration, msg tea.Msg) tea.Cmd { return func() tea.Msg { return timerMsg{d, msg} } }
	return c, &env{ctx: context.Background(), cancel: func() {}, b: b, a: a, log: slog.New(slog.DiscardHandler)}
}

// nowPlaying: player events are the only source of status; keys build on
// the latest value before the player answers.
func TestNowPlayingUpdate(t *testing.T) {
	b, a := fixture(), &recAudio{}
	c, e := testParts(b, a)
	n := newNowPlaying(c, e, newLibrary(e))
	if msgs := runCmd(n.toggle()); len(msgs) != 1 || !strings.Contains(msgs[0].(statusMsg).text, "Nothing is playing") {
		t.Errorf("space with nothing playing: %v", msgs)
	}
	tr := &b.tracks[0]
	st := player.Status{State: player.Playing, Track: tr, Position: 2 * time.Second, Volume: 0.5}
	_, cmd := n.Update(playerEventMsg{ok: true, ev: player.Event{Kind: player.EventTrackChanged, Status: st}})
	if got := runCmd(cmd); len(got) != 2 {
		t.Errorf("a new track loads its waveform and comments: %v", got)
	}
	runCmd(n.run(command.Command{Op: command.OpVolume, Relative: true, Volume: 0.05}))
	runCmd(n.run(command.Command{Op: command.OpVolume, Relative: true, Volume: 0.05}))
	if v := n.Status().Volume; v < 0.59 || v > 0.61 {
		t.Errorf("two volume steps before the player answered: %v", v)
	}
	st.Position = 9 * time.Second
	_, cmd = n.Update(playerEventMsg{ok: true, ev: player.Event{Kind: player.EventPosition, Status: st}})
	if cmd != nil || n.Status().Position != 9*time.Second {
		t.Errorf("position event: %v, cmd %v", n.Status().Position, cmd)
	}
	drm := &b.tracks[2]
	n.Update(playerEventMsg{ok: true, ev: player.Event{Kind: player.EventError, Err: fmt.Errorf("play: %w", player.ErrDRM),
		Status: player.Status{Track: drm}}})
	if n.badge(item{Track: drm}) != "DRM" || n.badge(item{Track: tr}) != "" {
		t.Error("a DRM failure does not badge the track")
	}
	if a.statusCalls() != 0 {
		t.Errorf("nowPlaying polled the player %d times", a.statusCalls())
	}
}

// library: a like shows ♥ and the new count at once; a refusal rolls both
// back and says so; success marks the liked list stale.
func TestLibraryToggleAndRollback(t *testing.T) {
	b := fixture()
	_, e := testParts(b, &recAudio{})
	l := newLibrary(e)
	it := item{Track: &b.tracks[0]} // 10 likes
	b.fail("LikeTrack", errors.New("503"), true)
	msgs := runCmd(l.like(it))
	if !l.isLiked(it) || l.likes(it) != 11 || l.mark(it) != "♥" {
		t.Fatalf("optimistic like: liked %v, count %d", l.isLiked(it), l.likes(it))
	}
	_, cmd := l.Update(msgs[0])
	if l.isLiked(it) || l.likes(it) != 10 {
		t.Errorf("rollback: liked %v, count %d", l.isLiked(it), l.likes(it))
	}
	if st, ok := has[statusMsg](runCmd(cmd)); !ok || !st.err || !strings.Contains(st.text, "Could not like") {
		t.Errorf("no message on refusal: %+v", st)
	}
	_, cmd = l.Update(runCmd(l.like(it))[0])
	if s, ok := has[staleMsg](runCmd(cmd)); !ok || s.kind != likedTracksList || l.likes(it) != 11 {
		t.Errorf("success: stale %v, count %d", s, l.likes(it))
	}
	l.commented(it.Track)
	if l.comments(it.Track) != 3 {
		t.Errorf("comment count %d after posting, want 3", l.comments(it.Track))
	}
}

// The count changes at once in the detail pane and stays when the
// server's answer comes.
func TestLikeCountChangesAtOnce(t *testing.T) {
	m, _, _ := started(t, 160, 48)
	flushDetail(t, m)
	if !strings.Contains(m.View(), "♥ 10 ") {
		t.Fatalf("setup: detail lacks ♥ 10:\n%s", m.View())
	}
	press(t, m, "f")
	if v := m.View(); !strings.Contains(v, "♥ 11 ") || !strings.Contains(v, "♥ liked") {
		t.Errorf("after f the detail does not show ♥ 11 and liked:\n%s", v)
	}
}

func TestStatusLineUpdate(t *testing.T) {
	c, _ := testParts(fixture(), &recAudio{})
	s := &statusLine{c: c}
	s.Update(statusMsg{text: "hello\x1b]0;x\x07"})
	if s.text != "hello" || s.View(20, nil) == "" {
		t.Errorf("text %q", s.text)
	}
	id := s.id
	s.Update(statusMsg{text: "second"})
	s.Update(clearStatusMsg{id: id})
	if s.text != "second" {
		t.Error("an old timer cleared a newer message")
	}
	s.Update(clearStatusMsg{id: s.id})
	if s.text != "" {
		t.Error("the timer did not clear")
	}
	s.Update(statusMsg{text: "no sound", err: true, sticky: true})
	s.Update(clearStatusMsg{id: s.id})
	if s.text != "no sound" {
		t.Error("a sticky warning was cleared")
	}
}

// help: at 80×24 everything is reachable by scrolling; other keys close.
func TestHelpOverlayScrolls(t *testing.T) {
	c, _ := testParts(fixture(), &recAudio{})
	h := &helpOverlay{c: c}
	h.SetSize(80, 22)
	seen := h.View()
	for i := 0; i < 10; i++ {
		if h.Update(kp("pgdown")) {
			t.Fatal("pgdown closed the help")
		}
		seen += "\n" + h.View()
	}
	for _, want := range []string{"ctrl+d", "shift+right/]", "esc/backspace", "R  ", "q/ctrl+c"} {
		if !strings.Contains(seen, want) {
			t.Errorf("help never shows %q", want)
		}
	}
	for _, l := range strings.Split(seen, "\n") {
		if w := len([]rune(l)); w > 80 {
			t.Errorf("line of %d cells: %q", w, l)
		}
	}
	if !h.Update(kp("x")) {
		t.Error("x did not close the help")
	}
}

// detail: only the selection that rested loads.
func TestDetailPaneWaitsForRest(t *testing.T) {
	b := fixture()
	c, e := testParts(b, &recAudio{})
	n := newNowPlaying(c, e, newLibrary(e))
	d := newDetail(c, e, n.lib, newComments(c, e, n))
	first := runCmd(d.watch(item{Track: &b.tracks[0]}, true))
	runCmd(d.watch(item{Track: &b.tracks[1]}, true))
	_, cmd := d.Update(first[0].(timerMsg).msg, false)
	if cmd != nil {
		t.Error("a stale detail timer loaded")
	}
	if d.watch(item{Track: &b.tracks[1]}, true) != nil {
		t.Error("the same selection scheduled twice")
	}
}

// Defect 5: the comment prompt says which track and where.
func TestCommentPromptNamesTrack(t *testing.T) {
	m, b, _ := started(t, 80, 24)
	playing(m, &b.tracks[1], 117*time.Second)
	press(t, m, "c")
	if v := m.View(); !strings.Contains(v, "Comment on “Night Drive” at 1:57") {
		t.Errorf("prompt does not name the track:\n%s", v)
	}
}

// Defect 8: P on a track already in the playlist asks first.
func TestAddDuplicateAsks(t *testing.T) {
	m, b, _ := started(t, 80, 24)
	press(t, m, "P")
	press(t, m, "enter") // Road Trip already has Morning Fog
	if m.prompt == nil || m.prompt.kind != promptConfirm || !strings.Contains(m.View(), "already in") {
		t.Fatalf("no question for a duplicate:\n%s", m.View())
	}
	press(t, m, "n")
	if b.called("AddToPlaylistChecked soundcloud:playlists:10 true") != 0 || !strings.Contains(m.status.text, "Not added") {
		t.Errorf("n added anyway: %v", b.Calls())
	}
	press(t, m, "P", "enter", "y")
	if b.called("AddToPlaylistChecked soundcloud:playlists:10 true") != 1 || !strings.Contains(m.status.text, "3 tracks") {
		t.Errorf("y did not add: %v, %q", b.Calls(), m.status.text)
	}
}

// Defect 8: o without a browser says so and shows the link; y says where
// the link went and shows it.
func TestOpenWithoutBrowserAndCopy(t *testing.T) {
	t.Setenv("PATH", t.TempDir()) // no xdg-open anywhere
	b, a := fixture(), &recAudio{}
	var copied string
	m := New(Options{Backend: b, Audio: a, LoggedIn: true, CopyText: func(s string) error { copied = s; return nil }})
	instantTimers(m)
	m.Update(tea.WindowSizeMsg{Width: 120, Height: 30})
	settle(t, m, nil)
	for _, msg := range runCmd(m.Init()) {
		settle(t, m, msg)
	}
	press(t, m, "o")
	if want := "No browser was found; the link: https://soundcloud.com/x/t1"; m.status.text != want {
		t.Errorf("o: %q, want %q", m.status.text, want)
	}
	press(t, m, "y")
	if copied != "https://soundcloud.com/x/t1" || m.status.text != "Sent to the terminal's clipboard: https://soundcloud.com/x/t1" {
		t.Errorf("y: copied %q, status %q", copied, m.status.text)
	}
}

// Defect 9: / selects the old query, so typing replaces it.
func TestSlashSelectsOldQuery(t *testing.T) {
	m, _, _ := started(t, 80, 24)
	press(t, m, "/", "f", "o", "g", "enter", "/", "r", "a")
	if got := m.search.input.Value(); got != "ra" {
		t.Errorf("query after / and typing: %q, want ra", got)
	}
	press(t, m, "esc", "/", "right", "x")
	if got := m.search.input.Value(); got != "rax" {
		t.Errorf("a cursor key keeps the old query to edit: %q", got)
	}
}

// Defect 9: a link on the API's own permalink host (the demo's) opens; a
// bad link's error shows whole and the old results go.
func TestDemoLinkAndBadLink(t *testing.T) {
	b, a := fixture(), &recAudio{}
	ana := fxUser(1, "ana")
	demo := fxTrack(9, "Demo Jingle", &ana, api.AccessPlayable)
	demo.PermalinkURL = "http://127.0.0.1:9/cirrus-demo/jingle"
	b.feed = append(b.feed, api.Activity{Type: "track", CreatedAt: "2026-06-01T09:00:00Z", Track: &demo})
	b.tracks = append(b.tracks, demo)
	b.resolve[demo.PermalinkURL] = demo.URN
	m := newTestModel(b, a, 80, 24)
	for _, msg := range runCmd(m.Init()) {
		settle(t, m, msg)
	}
	settle(t, m, tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(demo.PermalinkURL), Paste: true})
	if it, ok := m.search.Selected(); !ok || it.Track == nil || it.Track.Title != "Demo Jingle" {
		t.Fatalf("the demo's own link did not open: %v", b.Calls())
	}
	press(t, m, "esc", "/")
	for _, r := range "fog" {
		press(t, m, string(r))
	}
	press(t, m, "enter")
	if !strings.Contains(m.View(), "Morning Fog") {
		t.Fatal("setup: no results for fog")
	}
	bad := "https://soundcloud.com/nobody/" + strings.Repeat("x", 60)
	b.fail("Resolve", errors.New("404 Not Found: the page does not exist any more, check the link"), true)
	settle(t, m, tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(bad), Paste: true})
	v := m.View()
	if strings.Contains(v, "Morning Fog") {
		t.Errorf("old results still listed after a bad link:\n%s", v)
	}
	if !strings.Contains(strings.ReplaceAll(v, "\n", ""), "check the link") {
		t.Errorf("the error is cut off:\n%s", v)
	}
}

// Defect 11: plurals.
func TestPlurals(t *testing.T) {
	c, _ := testParts(fixture(), &recAudio{})
	u := fxUser(1, "ana")
	u.FollowersCount = 1
	pl := api.Playlist{Title: "One", TrackCount: 1}
	r := renderItemWith(nil)
	if row := r(c, item{User: &u}, 80, false); !strings.Contains(row, "1 follower") || strings.Contains(row, "followers") {
		t.Errorf("user row: %q", row)
	}
	if row := r(c, item{Playlist: &pl}, 80, false); !strings.Contains(row, "1 track") || strings.Contains(row, "tracks") {
		t.Errorf("playlist row: %q", row)
	}
}

// Defect 11: one duration rule, whole seconds rounded down.
func TestClock(t *testing.T) {
	for d, want := range map[time.Duration]string{
		1999 * time.Millisecond: "0:01", 119_900 * time.Millisecond: "1:59", time.Hour + 61*time.Second: "1:01:01", -time.Second: "0:00",
	} {
		if got := Clock(d); got != want {
			t.Errorf("Clock(%v) = %q, want %q", d, got, want)
		}
	}
}

// syncBuf is a log destination tests can read while commands write.
type syncBuf struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuf) Write(p []byte) (int, error) { s.mu.Lock(); defer s.mu.Unlock(); return s.b.Write(p) }
func (s *syncBuf) String() string              { s.mu.Lock(); defer s.mu.Unlock(); return s.b.String() }

// Defect 12: failures of the waveform, the playing track's comments and
// artwork go to the log file.
func TestLoadFailuresAreLogged(t *testing.T) {
	b, a := fixture(), &recAudio{}
	var log syncBuf
	m := New(Options{Backend: b, Audio: a, LoggedIn: true, Logger: slog.New(slog.NewTextHandler(&log, nil))})
	instantTimers(m)
	m.Update(tea.WindowSizeMsg{Width: 160, Height: 48})
	for _, msg := range runCmd(m.Init()) {
		settle(t, m, msg)
	}
	b.fail("Waveform", errors.New("waveform 500"), false)
	b.fail("TrackComments", errors.New("comments 503"), false)
	playing(m, &b.tracks[0], 0)
	settle(t, m, nil)
	_, cmd := m.Update(playerEventMsg{ok: true, ev: player.Event{Kind: player.EventTrackChanged, Status: player.Status{Track: &b.tracks[1]}}})
	for _, msg := range runCmd(cmd) {
		settle(t, m, msg)
	}
	u := "http://127.0.0.1:1/artwork.jpg" // not in the fixture: Artwork fails
	settle(t, m, runCmd(loadArtwork(m.e, u))[0])
	out := log.String()
	for _, want := range []string{"load waveform", "waveform 500", "load comments of the playing track", "comments 503", "load artwork"} {
		if !strings.Contains(out, want) {
			t.Errorf("log lacks %q:\n%s", want, out)
		}
	}
}
