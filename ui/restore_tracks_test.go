package ui

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/cirrus-tui/cirrus/api"
	"github.com/cirrus-tui/cirrus/config"
	"github.com/cirrus-tui/cirrus/ui/session"
)

// Issue 25, item 4: a restored queue and the local history are saved as
// stubs; they come back whole (genre, plays, waveform, artwork), read again.

func TestRestoredQueueIsWhole(t *testing.T) {
	dir := t.TempDir()
	b := fixture()
	t1, t3 := b.tracks[0], b.tracks[2]
	t1.ArtworkURL = "https://i1.sndcdn.com/artworks-1-large.jpg"
	b.tracks[0] = t1
	gone := session.QueueItem{URN: api.NewURN(api.KindTrack, 999), Title: "Gone Since", Artist: "nobody", Duration: time.Minute}
	err := session.SaveState(dir, session.State{Queue: []session.QueueItem{session.ItemOf(&t1), gone, session.ItemOf(&t3)},
		Current: 2, Position: 10 * time.Second, Volume: 50})
	if err != nil {
		t.Fatal(err)
	}
	a := &recAudio{}
	newPlaybackModel(t, b, a, config.Playback{RestoreSession: true}, dir, nil)
	q := a.Queue()
	if len(q) != 3 {
		t.Fatalf("restored %d tracks", len(q))
	}
	for i, want := range []api.Track{t1, {}, t3} {
		got := q[i]
		if want.URN == "" { // not found again: the stub stays, playable by URN
			if got.URN != gone.URN || got.Title != "Gone Since" {
				t.Errorf("the missing track came back as %+v", got)
			}
			continue
		}
		if got.Genre != want.Genre || got.PlaybackCount != want.PlaybackCount || got.WaveformURL != want.WaveformURL ||
			got.ArtworkURL != want.ArtworkURL || got.FavoritingsCount != want.FavoritingsCount || got.Description != want.Description {
			t.Errorf("restored track %d is a stub: %+v", i, got)
		}
	}
	if n := b.called("TracksByURN 3"); n != 1 {
		t.Errorf("tracks read again: %v", b.Calls())
	}
}

func TestLocalHistoryRowsAreWhole(t *testing.T) {
	dir := t.TempDir()
	b := fixture()
	t1 := b.tracks[0]
	h, _ := session.LoadHistory(dir)
	h.Add(session.EntryOf(&t1, testNow.Add(-time.Hour)))
	if err := h.Save(); err != nil {
		t.Fatal(err)
	}
	m := newPlaybackModel(t, b, &recAudio{}, config.Playback{}, dir, nil)
	settle(t, m, kp("7"))
	hp := m.tabs.current().(*historyPane)
	rows := hp.list.Items()
	if len(rows) != 1 {
		t.Fatalf("%d history rows", len(rows))
	}
	if got := rows[0].Track; got.Genre != t1.Genre || got.PlaybackCount != t1.PlaybackCount || got.WaveformURL != t1.WaveformURL {
		t.Errorf("the local history row is a stub: %+v", got)
	}
	// A second visit reads nothing again.
	settle(t, m, kp("1"))
	settle(t, m, kp("7"))
	if n := b.called("TracksByURN"); n != 1 {
		t.Errorf("TracksByURN called %d times", n)
	}
}

func TestAroundTakesTheNearestFirst(t *testing.T) {
	for _, c := range []struct {
		n, cur, max int
		want        []int
	}{
		{5, 2, 3, []int{2, 3, 1}},
		{5, 0, 10, []int{0, 1, 2, 3, 4}},
		{5, 4, 2, []int{4, 3}},
		{3, -1, 2, []int{0, 1}},
		{0, 0, 5, []int{}},
	} {
		if got := around(c.n, c.cur, c.max); !slices.Equal(got, c.want) {
			t.Errorf("around(%d, %d, %d) = %v, want %v", c.n, c.cur, c.max, got, c.want)
		}
	}
}

// slowRefetch holds TracksByURN until release is closed: the network
// answering late.
type slowRefetch struct {
	*recBackend
	release chan struct{}
}

func (s slowRefetch) TracksByURN(ctx context.Context, urns []api.URN) ([]api.Track, error) {
	select {
	case <-s.release:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	return s.recBackend.TracksByURN(ctx, urns)
}

// Issue 25: the restored queue reaches the player as saved stubs at once,
// before the tracks are read again; the whole tracks replace them when
// the answer comes.
func TestRestoreDoesNotWaitForTheRefetch(t *testing.T) {
	dir := t.TempDir()
	b := fixture()
	t1, t3 := b.tracks[0], b.tracks[2]
	if err := session.SaveState(dir, session.State{Queue: []session.QueueItem{session.ItemOf(&t1), session.ItemOf(&t3)},
		Current: 1, Position: 42 * time.Second, Volume: 30}); err != nil {
		t.Fatal(err)
	}
	slow := slowRefetch{recBackend: b, release: make(chan struct{})}
	a := &recAudio{}
	var before []api.Track // the queue while the refetch is held
	go func() {
		defer close(slow.release)
		for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(5 * time.Millisecond) {
			if slices.ContainsFunc(a.Calls(), func(c string) bool { return strings.HasPrefix(c, "Restore") }) {
				before = slices.Clone(a.Queue())
				return
			}
		}
	}()
	m := New(Options{Backend: slow, Audio: a, LoggedIn: true, Theme: config.DefaultTheme(), Now: func() time.Time { return testNow },
		Playback: config.Playback{RestoreSession: true}, StateDir: dir})
	instantTimers(m)
	m.Update(tea.WindowSizeMsg{Width: 140, Height: 40})
	for _, msg := range runCmd(m.mem.load()) {
		settle(t, m, msg)
	}
	if len(before) != 2 || before[1].URN != t3.URN || before[1].Title != t3.Title || before[1].Genre != "" {
		t.Fatalf("while the refetch was held the player had %+v; want the saved stubs", before)
	}
	if got := a.Queue(); len(got) != 2 || got[1].Genre != t3.Genre || got[1].WaveformURL != t3.WaveformURL || got[1].PlaybackCount != t3.PlaybackCount {
		t.Errorf("after the refetch the queue is %+v", got)
	}
	calls := a.Calls()
	if r, f := slices.IndexFunc(calls, func(c string) bool { return strings.HasPrefix(c, "Restore") }), slices.Index(calls, "Refresh 2"); r < 0 || f < r {
		t.Errorf("player calls %v: want Restore, then Refresh 2", calls)
	}
}
