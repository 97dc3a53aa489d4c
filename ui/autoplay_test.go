package ui

import (
	"slices"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/cirrus-tui/cirrus/api"
	"github.com/cirrus-tui/cirrus/config"
	"github.com/cirrus-tui/cirrus/player"
)

// newPlaybackModel is newTestModel with [playback] settings and a state
// directory, its session files loaded.
func newPlaybackModel(t *testing.T, b *recBackend, a *recAudio, pb config.Playback, dir string, now func() time.Time) *Model {
	t.Helper()
	if now == nil {
		now = func() time.Time { return testNow }
	}
	m := New(Options{Backend: b, Audio: a, LoggedIn: true, Theme: config.DefaultTheme(), Now: now, Playback: pb, StateDir: dir})
	instantTimers(m)
	m.Update(tea.WindowSizeMsg{Width: 140, Height: 40})
	if dir != "" {
		for _, msg := range runCmd(m.mem.load()) {
			settle(t, m, msg)
		}
	}
	return m
}

func ev(kind player.EventKind, st player.Status) playerEventMsg {
	return playerEventMsg{ev: player.Event{Kind: kind, Status: st}, ok: true}
}

func stPlaying(t *api.Track, idx int) player.Status {
	return player.Status{State: player.Playing, Track: t, Index: idx, Volume: 1, Duration: t.DurationTime()}
}

func stStopped(t *api.Track, idx int) player.Status {
	return player.Status{State: player.Stopped, Track: t, Index: idx, Volume: 1}
}

func callsWith(calls []string, prefix string) []string {
	var out []string
	for _, c := range calls {
		if strings.HasPrefix(c, prefix) {
			out = append(out, c)
		}
	}
	return out
}

// autoplayWorld: t1 is playing; its related tracks are itself, a preview,
// a blocked one, a track the player refused as DRM, and three playable.
func autoplayWorld() (*recBackend, []api.Track) {
	b := fixture()
	u := fxUser(9, "zed")
	seed := b.tracks[0]
	rel := []api.Track{
		seed,
		fxTrack(20, "Preview Only", &u, api.AccessPreview),
		fxTrack(21, "Blocked", &u, api.AccessBlocked),
		fxTrack(22, "Encrypted", &u, api.AccessPlayable),
		fxTrack(23, "Related One", &u, api.AccessPlayable),
		fxTrack(24, "Related Two", &u, api.AccessPlayable),
		fxTrack(25, "Related Three", &u, api.AccessPlayable),
		fxTrack(26, "Related Four", &u, api.AccessPlayable),
	}
	b.related = map[api.URN][]api.Track{seed.URN: rel}
	return b, rel
}

func TestAutoplayContinuesWhenTheQueueEnds(t *testing.T) {
	b, rel := autoplayWorld()
	a := &recAudio{}
	m := newPlaybackModel(t, b, a, config.Playback{Autoplay: true}, t.TempDir(), nil)
	seed := b.tracks[0]
	drm := rel[3]
	// The player refused "Encrypted" earlier in the session.
	settle(t, m, playerEventMsg{ev: player.Event{Kind: player.EventError, Status: player.Status{State: player.Stopped, Track: &drm, Index: 0}, Err: player.ErrDRM}, ok: true})
	settle(t, m, ev(player.EventState, stPlaying(&seed, 0)))
	msgs := settle(t, m, ev(player.EventState, stStopped(&seed, 0)))

	if n := b.called("RelatedTracks " + string(seed.URN)); n != 1 {
		t.Fatalf("RelatedTracks of the ended track called %d times; calls %v", n, b.Calls())
	}
	want := []string{"EnqueueAutoplay 3 " + string(rel[4].URN), "Next"}
	if got := callsWith(a.Calls(), "Enqueue"); !slices.Equal(got, want[:1]) {
		t.Fatalf("enqueued %v, want %v (skipping itself, preview, blocked, DRM)", got, want[:1])
	}
	if got := a.Calls(); got[len(got)-1] != "Next" {
		t.Errorf("after enqueueing, the player was not moved on: %v", got)
	}
	if st, ok := has[statusMsg](msgs); !ok || !strings.Contains(st.text, "Autoplay: 3 tracks related to Morning Fog") {
		t.Errorf("status = %+v", st)
	}
	// The picked track plays: the bar says autoplay is in charge.
	settle(t, m, ev(player.EventTrackChanged, stPlaying(&rel[4], 1)))
	if v := m.View(); !strings.Contains(v, "autoplay") {
		t.Errorf("bar does not say autoplay:\n%s", v)
	}
	// The queue pane shows the picks marked.
	a.mu.Lock()
	a.queue = append([]api.Track{seed}, rel[4:7]...)
	a.from = []player.Origin{player.FromListener, player.FromAutoplay, player.FromAutoplay, player.FromAutoplay}
	a.mu.Unlock()
	settle(t, m, kp("6"))
	for i, it := range m.tabs.pane(tabQueue).(*queuePane).list.Items() {
		if got := m.auto.badge(it); (got == "autoplay") != (i > 0) {
			t.Errorf("queue row %d (%s) badge %q", i, it.Track.Title, got)
		}
	}
	if v := m.View(); strings.Count(v, "autoplay") < 4 {
		t.Errorf("queue pane does not mark the 3 picks:\n%s", v)
	}
}

func TestAutoplayRunsDryAndNeverLoops(t *testing.T) {
	b := fixture()
	x, y := b.tracks[0], b.tracks[2]
	// x and y list each other as their only related track.
	b.related = map[api.URN][]api.Track{x.URN: {y}, y.URN: {x}}
	a := &recAudio{}
	m := newPlaybackModel(t, b, a, config.Playback{Autoplay: true}, "", nil)
	settle(t, m, ev(player.EventState, stPlaying(&x, 0)))
	settle(t, m, ev(player.EventState, stStopped(&x, 0)))
	if got := callsWith(a.Calls(), "Enqueue"); !slices.Equal(got, []string{"EnqueueAutoplay 1 " + string(y.URN)}) {
		t.Fatalf("first pick %v", got)
	}
	settle(t, m, ev(player.EventTrackChanged, stPlaying(&y, 1)))
	msgs := settle(t, m, ev(player.EventState, stStopped(&y, 1)))
	if got := callsWith(a.Calls(), "Enqueue"); len(got) != 1 {
		t.Fatalf("autoplay looped back: %v", got)
	}
	st, ok := has[statusMsg](msgs)
	if !ok || !strings.Contains(st.text, "ran out of related tracks") {
		t.Errorf("running dry is not said: %+v", st)
	}
	if m.auto.label(m.np.Status()) != "" {
		t.Error("autoplay still in charge after running dry")
	}
}

func TestAutoplayOffByKeyConfigOrRepeat(t *testing.T) {
	cases := []struct {
		name   string
		pb     config.Playback
		keys   []string
		repeat player.Repeat
	}{
		{"config", config.Playback{Autoplay: false}, nil, player.RepeatOff},
		{"key", config.Playback{Autoplay: true}, []string{"u"}, player.RepeatOff},
		{"repeat all", config.Playback{Autoplay: true}, nil, player.RepeatAll},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			b, _ := autoplayWorld()
			a := &recAudio{}
			m := newPlaybackModel(t, b, a, tc.pb, "", nil)
			for _, k := range tc.keys {
				settle(t, m, kp(k))
			}
			if len(tc.keys) > 0 {
				// shown at once, not through a message that could arrive late
				if got := m.status.text; !strings.Contains(got, "Autoplay off") {
					t.Errorf("toggle not confirmed: %q", got)
				}
			}
			seed := b.tracks[0]
			p, s := stPlaying(&seed, 0), stStopped(&seed, 0)
			p.Repeat, s.Repeat = tc.repeat, tc.repeat
			settle(t, m, ev(player.EventState, p))
			settle(t, m, ev(player.EventState, s))
			if n := b.called("RelatedTracks"); n != 0 {
				t.Errorf("autoplay ran: %v", b.Calls())
			}
		})
	}
}

func TestAutoplayDoesNotRunOnClearOrQuit(t *testing.T) {
	b, _ := autoplayWorld()
	a := &recAudio{}
	m := newPlaybackModel(t, b, a, config.Playback{Autoplay: true}, "", nil)
	seed := b.tracks[0]
	settle(t, m, ev(player.EventState, stPlaying(&seed, 0)))
	// Clearing the queue: no track left.
	settle(t, m, ev(player.EventState, player.Status{State: player.Stopped, Index: -1}))
	settle(t, m, ev(player.EventState, stPlaying(&seed, 0)))
	settle(t, m, kp("q"))
	settle(t, m, ev(player.EventState, stStopped(&seed, 0)))
	if n := b.called("RelatedTracks"); n != 0 {
		t.Errorf("autoplay ran: %v", b.Calls())
	}
}

func TestAutoplaySkipsRecentlyPlayedHere(t *testing.T) {
	b, rel := autoplayWorld()
	a := &recAudio{}
	now := testNow
	m := newPlaybackModel(t, b, a, config.Playback{Autoplay: true}, t.TempDir(), func() time.Time { return now })
	// "Related One" played an hour ago on this machine.
	settle(t, m, ev(player.EventTrackChanged, stPlaying(&rel[4], 0)))
	now = now.Add(time.Hour)
	seed := b.tracks[0]
	settle(t, m, ev(player.EventTrackChanged, stPlaying(&seed, 0)))
	settle(t, m, ev(player.EventState, stStopped(&seed, 0)))
	if got := callsWith(a.Calls(), "Enqueue"); !slices.Equal(got, []string{"EnqueueAutoplay 3 " + string(rel[3].URN)}) {
		t.Errorf("enqueued %v, want the run to start at %s (not the recent one)", got, rel[3].Title)
	}
}

// A related track whose JSON marks it Go+ (DRM here) is not picked, though
// the player has not refused it yet.
func TestAutoplaySkipsGoPlusBeforeTryingIt(t *testing.T) {
	b, rel := autoplayWorld()
	b.related[rel[0].URN][3].MonetizationModel = api.MonetizationGoPlus // "Encrypted"
	a := &recAudio{}
	m := newPlaybackModel(t, b, a, config.Playback{Autoplay: true}, t.TempDir(), nil)
	seed := b.tracks[0]
	settle(t, m, ev(player.EventState, stPlaying(&seed, 0)))
	settle(t, m, ev(player.EventState, stStopped(&seed, 0)))
	want := []string{"EnqueueAutoplay 3 " + string(rel[4].URN)}
	if got := callsWith(a.Calls(), "Enqueue"); !slices.Equal(got, want) {
		t.Fatalf("enqueued %v, want %v (the Go+ track skipped)", got, want)
	}
}
