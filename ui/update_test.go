package ui

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/cirrus-tui/cirrus/api"
	"github.com/cirrus-tui/cirrus/player"
)

// started returns a model that has run Init with its commands settled.
func started(t *testing.T, w, h int) (*Model, *recBackend, *recAudio) {
	t.Helper()
	b, a := fixture(), &recAudio{}
	m := newTestModel(b, a, w, h)
	for _, msg := range runCmd(m.Init()) {
		settle(t, m, msg)
	}
	return m, b, a
}

func press(t *testing.T, m *Model, keys ...string) []tea.Msg {
	t.Helper()
	var out []tea.Msg
	for _, k := range keys {
		out = append(out, settle(t, m, kp(k))...)
	}
	return out
}

func playing(m *Model, t *api.Track, pos time.Duration) {
	m.Update(playerEventMsg{ok: true, ev: player.Event{Kind: player.EventTrackChanged, Status: player.Status{
		State: player.Paused, Track: t, Position: pos, Duration: t.DurationTime(), Volume: 0.5, Index: 0}}})
}

func TestInitLoadsFeedLikesAndFollowings(t *testing.T) {
	m, b, _ := started(t, 80, 24)
	for _, c := range []string{"Feed", "MyLikedTracks", "MyFollowings"} {
		if b.called(c) != 1 {
			t.Errorf("%s called %d times, want 1; calls %v", c, b.called(c), b.Calls())
		}
	}
	if n := m.tabs.pane(tabFeed).(*browsePane).top().list().Len(); n != 5 {
		t.Fatalf("feed has %d items, want 5", n)
	}
	if !m.lib.liked["soundcloud:tracks:3"] || !m.lib.following["soundcloud:users:2"] {
		t.Errorf("likes/followings not learned: %v %v", m.lib.liked, m.lib.following)
	}
}

func TestFocusedInputGetsKeysBeforeGlobal(t *testing.T) {
	m, _, a := started(t, 80, 24)
	press(t, m, "/")
	if m.tabs.active != tabSearch || !m.search.InputFocused() {
		t.Fatalf("/ should focus search: active %d focused %v", m.tabs.active, m.search.InputFocused())
	}
	msgs := press(t, m, "q", " ", "f")
	if _, quit := has[tea.QuitMsg](msgs); quit {
		t.Fatal("q in the search box quit the program")
	}
	if got := m.search.input.Value(); got != "q f" {
		t.Errorf("input = %q, want %q", got, "q f")
	}
	if len(a.Calls()) != 0 {
		t.Errorf("space in the input reached the player: %v", a.Calls())
	}
	press(t, m, "esc")
	if m.search.InputFocused() {
		t.Fatal("esc did not leave the input")
	}
	msgs = press(t, m, "q")
	if _, quit := has[tea.QuitMsg](msgs); !quit {
		t.Fatal("q outside the input did not quit")
	}
	if !slices.Contains(a.Calls(), "Stop") {
		t.Errorf("quit did not stop audio: %v", a.Calls())
	}
	if m.e.ctx.Err() == nil {
		t.Error("quit did not cancel the context")
	}
}

func TestTabsSwitchAndLoadOnce(t *testing.T) {
	m, b, _ := started(t, 80, 24)
	press(t, m, "4")
	if m.tabs.active != tabPlaylists || b.called("MyPlaylists") != 1 {
		t.Fatalf("4: active %d MyPlaylists %d", m.tabs.active, b.called("MyPlaylists"))
	}
	press(t, m, "tab", "shift+tab", "shift+tab")
	if m.tabs.active != tabSearch {
		t.Fatalf("tab/shift+tab: active %d", m.tabs.active)
	}
	press(t, m, "4")
	if b.called("MyPlaylists") != 1 {
		t.Errorf("revisiting a tab reloaded it")
	}
	press(t, m, "t") // liked playlists: loaded once for the ♥ marks, once here
	if b.called("MyLikedPlaylists") != 2 {
		t.Errorf("toggle_kind did not load liked playlists: %v", b.Calls())
	}
}

func TestPlaybackKeysCallPlayer(t *testing.T) {
	cases := []struct{ key, want string }{
		{" ", "Toggle"}, {"n", "Next"}, {"p", "Previous"},
		{"right", "SeekBy 5s"}, {"left", "SeekBy -5s"},
		{"]", "SeekBy 30s"}, {"shift+left", "SeekBy -30s"},
		{"+", "SetVolume 0.55"}, {"-", "SetVolume 0.45"},
		{"s", "SetShuffle true"}, {"r", "SetRepeat one"},
	}
	for _, c := range cases {
		t.Run(c.key, func(t *testing.T) {
			m, b, a := started(t, 80, 24)
			playing(m, &b.tracks[0], 0)
			a.status.Volume = 0.5 // the player steps its own volume
			press(t, m, c.key)
			if got := a.Calls(); len(got) != 1 || got[0] != c.want {
				t.Errorf("key %q: calls %v, want [%s]", c.key, got, c.want)
			}
		})
	}
}

func TestOpenPlaysListFromSelected(t *testing.T) {
	m, _, a := started(t, 80, 24)
	press(t, m, "j", "j", "j", "enter") // 4th row: Night Drive, the 3rd track of the feed
	want := "PlayTracks 4 2 soundcloud:tracks:2"
	if got := a.Calls(); len(got) != 1 || got[0] != want {
		t.Fatalf("calls %v, want %s", got, want)
	}
}

func TestOpenPlaylistListsAllPages(t *testing.T) {
	m, b, _ := started(t, 80, 24)
	urn := api.URN("soundcloud:playlists:10")
	var many []api.Track
	for i := range 450 {
		many = append(many, fxTrack(1000+i, "T", nil, api.AccessPlayable))
	}
	b.plTracks[urn] = many
	b.pageSize = 200
	press(t, m, "j", "j", "enter")
	top := m.tabs.pane(tabFeed).(*browsePane).top()
	if top.pl == nil || top.list().Len() != 450 {
		t.Fatalf("opened playlist has %d tracks, want 450", top.list().Len())
	}
	if b.called("NextPage") != 2 {
		t.Errorf("NextPage called %d times, want 2", b.called("NextPage"))
	}
	press(t, m, "esc")
	if len(m.tabs.pane(tabFeed).(*browsePane).stack) != 1 {
		t.Error("back did not close the playlist")
	}
}

func TestOpenBrowserAndCopyLink(t *testing.T) {
	m, _, _ := started(t, 80, 24)
	var opened, copied string
	m.opts.OpenURL = func(_ context.Context, u string) error { opened = u; return nil }
	m.opts.CopyText = func(s string) error { copied = s; return nil }
	press(t, m, "o", "y")
	if opened != "https://soundcloud.com/x/t1" || copied != opened {
		t.Errorf("opened %q copied %q", opened, copied)
	}
}

func TestLoadErrorAndRetry(t *testing.T) {
	b, a := fixture(), &recAudio{}
	b.fail("Feed", &api.Error{Status: 500, Message: "boom"}, true)
	m := newTestModel(b, a, 80, 24)
	for _, msg := range runCmd(m.Init()) {
		settle(t, m, msg)
	}
	l := m.tabs.pane(tabFeed).(*browsePane).top().list()
	if l.Err() == nil || !strings.Contains(m.View(), "ctrl+r to retry") {
		t.Fatalf("error line missing:\n%s", m.View())
	}
	press(t, m, "ctrl+r")
	if l.Err() != nil || l.Len() != 5 {
		t.Fatalf("retry: err %v len %d", l.Err(), l.Len())
	}
}

func TestEmptyStateAndSpinner(t *testing.T) {
	b, a := fixture(), &recAudio{}
	b.feed = nil
	m := newTestModel(b, a, 80, 24)
	cmd := m.switchTab(tabFeed)
	if !strings.Contains(m.View(), "loading…") {
		t.Errorf("no spinner while loading:\n%s", m.View())
	}
	for _, msg := range runCmd(cmd) {
		settle(t, m, msg)
	}
	if !strings.Contains(m.View(), "Your feed is empty") {
		t.Errorf("no empty state:\n%s", m.View())
	}
}

func TestHelpToggles(t *testing.T) {
	m, _, _ := started(t, 120, 40)
	press(t, m, "?")
	v := m.View()
	for _, s := range []string{"Playback", "seek +30s", "add to playlist"} {
		for i := 0; i < 60 && !strings.Contains(v, s); i++ {
			press(t, m, "j") // the help scrolls when it is longer than the screen
			v = m.View()
		}
		if !strings.Contains(v, s) {
			t.Errorf("help lacks %q", s)
		}
	}
	press(t, m, "x")
	if m.help != nil {
		t.Error("a key did not close help")
	}
}

func TestRebindingFromConfig(t *testing.T) {
	b, a := fixture(), &recAudio{}
	m := New(Options{Backend: b, Audio: a, LoggedIn: true, Keys: map[string][]string{"play_pause": {"ctrl+p"}, "like": {"L"}}})
	instantTimers(m)
	m.Update(tea.WindowSizeMsg{Width: 80, Height: 24})
	playing(m, &b.tracks[0], 0)
	settle(t, m, kp(" "))
	if len(a.Calls()) != 0 {
		t.Error("space still plays after rebinding")
	}
	settle(t, m, tea.KeyMsg{Type: tea.KeyCtrlP})
	if got := a.Calls(); len(got) != 1 || got[0] != "Toggle" {
		t.Errorf("ctrl+p: %v", got)
	}
}

// The position comes from the player's events: nothing polls the player
// (its Status takes the player's lock) from Update.
func TestPositionFollowsPlayerEvents(t *testing.T) {
	m, b, a := started(t, 80, 24)
	st := player.Status{State: player.Playing, Track: &b.tracks[0], Position: time.Second, Volume: 1}
	settle(t, m, playerEventMsg{ok: true, ev: player.Event{Kind: player.EventState, Status: st}})
	st.Position = 3 * time.Second
	settle(t, m, playerEventMsg{ok: true, ev: player.Event{Kind: player.EventPosition, Status: st}})
	if got := m.np.Status().Position; got != 3*time.Second {
		t.Errorf("position %v after a position event, want 3s", got)
	}
	if !strings.Contains(m.View(), "0:03 / ") {
		t.Errorf("bar does not show 0:03:\n%s", m.View())
	}
	if a.statusCalls() != 0 {
		t.Errorf("the UI polled the player's Status %d times", a.statusCalls())
	}
}

func TestTimedCommentFollowsPosition(t *testing.T) {
	m, b, _ := started(t, 120, 40)
	tr := &b.tracks[0]
	msgs := settle(t, m, playerEventMsg{ok: true, ev: player.Event{Kind: player.EventTrackChanged, Status: player.Status{State: player.Paused, Track: tr, Position: 31 * time.Second}}})
	if _, ok := has[npCommentsMsg](msgs); !ok {
		t.Fatal("comments of the playing track not loaded")
	}
	if v := m.View(); !strings.Contains(v, "that drop") {
		t.Errorf("bar does not show the comment at 0:31:\n%s", v)
	}
	m.Update(playerEventMsg{ok: true, ev: player.Event{Kind: player.EventPosition, Status: player.Status{State: player.Paused, Track: tr, Position: 56 * time.Second}}})
	if v := m.View(); !strings.Contains(v, "outro") || strings.Contains(v, "that drop") {
		t.Errorf("bar did not move on to the next comment:\n%s", v)
	}
	settle(t, m, kp("C"))
	cur := m.comments.current()
	if cur < 0 || m.comments.list.Items()[cur].Body != "outro ✨" {
		t.Errorf("comments pane highlights %d", cur)
	}
	if m.comments.list.Items()[0].Body != "lovely intro" {
		t.Error("comments not ordered by timestamp")
	}
}

func TestFollowingProfile(t *testing.T) {
	m, b, _ := started(t, 80, 24)
	press(t, m, "5", "enter")
	top := m.tabs.pane(tabFollowing).(*browsePane).top()
	if top.user == nil || b.called("UserTracks soundcloud:users:1") != 1 || b.called("WebProfiles") != 1 {
		t.Fatalf("profile: %v", b.Calls())
	}
	if v := m.View(); !strings.Contains(v, "Bandcamp") || !strings.Contains(v, "100 followers") {
		t.Errorf("profile view:\n%s", v)
	}
	press(t, m, "t", "t", "t")
	for _, c := range []string{"UserPlaylists", "UserLikedTracks", "UserRepostedTracks"} {
		if b.called(c) != 1 {
			t.Errorf("%s not loaded", c)
		}
	}
}

func TestListNavigationKeys(t *testing.T) {
	b, a := fixture(), &recAudio{}
	u := fxUser(1, "ana")
	b.likedTracks = nil
	for i := range 100 {
		b.likedTracks = append(b.likedTracks, fxTrack(i+1, "T"+itoa(i), &u, api.AccessPlayable))
	}
	m := newTestModel(b, a, 80, 24)
	for _, msg := range runCmd(m.Init()) {
		settle(t, m, msg)
	}
	press(t, m, "2")
	l := m.tabs.pane(tabLikes).(*browsePane).top().list()
	rows := l.pageRows()
	steps := []struct {
		key  string
		want int
	}{{"j", 1}, {"down", 2}, {"k", 1}, {"pgdown", 1 + rows}, {"ctrl+d", 1 + 2*rows}, {"pgup", 1 + rows}, {"G", 99}, {"end", 99}, {"g", 0}, {"home", 0}, {"up", 0}}
	for _, s := range steps {
		press(t, m, s.key)
		if l.Cursor() != s.want {
			t.Errorf("after %q cursor %d, want %d", s.key, l.Cursor(), s.want)
		}
	}
	press(t, m, "G")
	v := m.View()
	if !strings.Contains(v, "T99") || strings.Contains(v, "T0 ") {
		t.Errorf("view did not follow the cursor:\n%s", v)
	}
	m.Update(tea.MouseMsg{Button: tea.MouseButtonWheelUp})
	if l.offset != 100-rows-3 {
		t.Errorf("wheel up: offset %d", l.offset)
	}
}

func TestWritesRefreshTheirTabs(t *testing.T) {
	m, b, _ := started(t, 80, 24)
	press(t, m, "f", "F") // like Morning Fog, follow ana (followed: unfollow)
	press(t, m, "2")
	if b.called("MyLikedTracks") != 2 {
		t.Errorf("likes not reloaded after a like: %v", b.Calls())
	}
	press(t, m, "5")
	if b.called("MyFollowings") != 2 {
		t.Errorf("followings not reloaded after a follow: %v", b.Calls())
	}
	press(t, m, "1", "5")
	if b.called("MyFollowings") != 2 {
		t.Errorf("followings reloaded without a write")
	}
}

func TestBlockedTracksAreNotQueued(t *testing.T) {
	m, b, a := started(t, 80, 24)
	l := m.tabs.pane(tabFeed).(*browsePane).top().list()
	l.items[0].Track.Access = api.AccessBlocked // Morning Fog
	press(t, m, "enter")
	if len(a.Calls()) != 0 || !m.status.err || !strings.Contains(m.status.text, "cannot be played") {
		t.Fatalf("blocked track: calls %v msg %q", a.Calls(), m.status.text)
	}
	press(t, m, "j", "enter") // Tide Pools: the queue holds the three playable ones
	if got := a.Calls(); len(got) != 1 || got[0] != "PlayTracks 3 0 soundcloud:tracks:3" {
		t.Errorf("calls %v", got)
	}
	_ = b
}

// initMessages runs Init's commands and returns the messages they produce
// at once; commands that wait (player events) are left behind.
func initMessages(m *Model) []tea.Msg {
	batch, ok := m.Init()().(tea.BatchMsg)
	if !ok {
		return nil
	}
	ch := make(chan tea.Msg, len(batch))
	for _, c := range batch {
		if c != nil {
			go func() { ch <- c() }()
		}
	}
	var out []tea.Msg
	for {
		select {
		case msg := <-ch:
			out = append(out, msg)
		case <-time.After(500 * time.Millisecond):
			return out
		}
	}
}

// C opens the comments of the selected track even when the comments pane
// still holds another one (the detail pane's previous selection).
func TestCommentsOpenOnTheSelectedTrack(t *testing.T) {
	m, b, _ := started(t, 160, 48)
	var sel *api.Track
	for i := 0; i < 10; i++ {
		if it, ok := m.current().Selected(); ok && it.Track != nil && it.Track.URN != b.tracks[2].URN {
			sel = it.Track
			break
		}
		settle(t, m, kp("j"))
	}
	if sel == nil {
		t.Fatal("no track row to select")
	}
	runCmd(m.comments.SetTrack(&b.tracks[2])) // stale: what the detail pane showed before
	settle(t, m, kp("C"))
	if !(m.body == bodyComments) || m.comments.track == nil || m.comments.track.URN != sel.URN {
		t.Fatalf("comments opened on %v, want the selected %v", m.comments.track, sel.URN)
	}
}
