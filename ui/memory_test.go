package ui

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/cirrus-tui/cirrus/api"
	"github.com/cirrus-tui/cirrus/config"
	"github.com/cirrus-tui/cirrus/player"
	"github.com/cirrus-tui/cirrus/ui/session"
)

// longTrack is a two-hour mix.
func longTrack() api.Track {
	u := fxUser(7, "dj")
	t := fxTrack(70, "Two Hour Mix", &u, api.AccessPlayable)
	t.Duration = (2 * time.Hour).Milliseconds()
	return t
}

func at(st player.Status, pos time.Duration) player.Status { st.Position = pos; return st }

func TestLongTrackResumesAndStartsOver(t *testing.T) {
	dir := t.TempDir()
	mix := longTrack()
	r, _ := session.LoadResumes(dir)
	mark := time.Hour + 12*time.Minute + 3*time.Second
	r.Update(mix.URN, mark, mix.DurationTime())
	if err := r.Save(); err != nil {
		t.Fatal(err)
	}
	b, a := fixture(), &recAudio{}
	m := newPlaybackModel(t, b, a, config.Playback{}, dir, nil)

	msgs := settle(t, m, ev(player.EventTrackChanged, stPlaying(&mix, 0)))
	if got := callsWith(a.Calls(), "Seek"); !slices.Equal(got, []string{"Seek " + mark.String()}) {
		t.Fatalf("seeks %v, want one to %v", got, mark)
	}
	if st, ok := has[statusMsg](msgs); !ok || !strings.Contains(st.text, "Resumed at 1:12:03") {
		t.Errorf("status = %+v", st)
	}
	// Ticks from before the seek landed do not count as "started over".
	settle(t, m, ev(player.EventPosition, at(stPlaying(&mix, 0), time.Second)))
	if v := m.View(); !strings.Contains(v, "resumed at 1:12:03") {
		t.Errorf("bar does not say where it resumed:\n%s", v)
	}
	if p, ok := m.mem.res.Resume(mix.URN); !ok || p != mark {
		t.Errorf("an early tick changed the position to %v, %v", p, ok)
	}
	settle(t, m, ev(player.EventPosition, at(stPlaying(&mix, 0), mark+time.Minute)))
	if p, _ := m.mem.res.Resume(mix.URN); p != mark+time.Minute {
		t.Errorf("position not followed: %v", p)
	}
	// One key starts over: seek to 0, the position forgotten, the label gone.
	settle(t, m, kp("0"))
	if got := a.Calls(); got[len(got)-1] != "Seek 0s" {
		t.Errorf("start over did not seek to 0: %v", got)
	}
	if _, ok := m.mem.res.Resume(mix.URN); ok {
		t.Error("start over kept the position")
	}
	if v := m.View(); strings.Contains(v, "resumed at") {
		t.Error("the bar still says resumed after starting over")
	}
}

func TestFinishingALongTrackForgetsIt(t *testing.T) {
	dir := t.TempDir()
	mix := longTrack()
	b, a := fixture(), &recAudio{}
	m := newPlaybackModel(t, b, a, config.Playback{}, dir, nil)
	settle(t, m, ev(player.EventTrackChanged, stPlaying(&mix, 0)))
	settle(t, m, ev(player.EventPosition, at(stPlaying(&mix, 0), 40*time.Minute)))
	if _, ok := m.mem.res.Resume(mix.URN); !ok {
		t.Fatal("position of a long track not remembered")
	}
	// A short track remembers nothing.
	short := b.tracks[0]
	settle(t, m, ev(player.EventPosition, at(stPlaying(&short, 0), 30*time.Second)))
	if _, ok := m.mem.res.Resume(short.URN); ok {
		t.Error("a short track's position was remembered")
	}
	settle(t, m, ev(player.EventPosition, at(stPlaying(&mix, 0), 2*time.Hour-10*time.Second)))
	next := b.tracks[2]
	settle(t, m, ev(player.EventTrackChanged, stPlaying(&next, 1)))
	if _, ok := m.mem.res.Resume(mix.URN); ok {
		t.Error("a finished track kept its position")
	}
	// and it was saved that way
	r, _ := session.LoadResumes(dir)
	if _, ok := r.Resume(mix.URN); ok {
		t.Error("the saved resume file still has the finished track")
	}
}

func TestSessionRestoredPausedOnStart(t *testing.T) {
	dir := t.TempDir()
	b := fixture()
	t1, t3 := b.tracks[0], b.tracks[2]
	err := session.SaveState(dir, session.State{Queue: []session.QueueItem{session.ItemOf(&t1), session.ItemOf(&t3)},
		Current: 1, Position: 42 * time.Second, Volume: 30, Shuffle: true, Repeat: session.RepeatAll, Tab: "Queue"})
	if err != nil {
		t.Fatal(err)
	}
	a := &recAudio{}
	m := newPlaybackModel(t, b, a, config.Playback{RestoreSession: true}, dir, nil)
	want := []string{"SetVolume 0.30", "SetShuffle true", "SetRepeat all", "Restore 2 1 " + string(t3.URN) + " 42s", "Refresh 2"}
	if got := a.Calls(); !slices.Equal(got, want) {
		t.Errorf("player calls %v, want %v", got, want)
	}
	if m.tabs.active != tabQueue {
		t.Errorf("tab %v, want the queue", m.tabs.active)
	}
	if v := m.View(); !strings.Contains(v, "Restored your session: Tide Pools at 0:42, paused") {
		t.Errorf("restore not said:\n%s", v)
	}

	t.Run("off", func(t *testing.T) {
		a := &recAudio{}
		m := newPlaybackModel(t, b, a, config.Playback{RestoreSession: false}, dir, nil)
		if got := a.Calls(); len(got) != 0 {
			t.Errorf("restore_session = false still restored: %v", got)
		}
		if m.tabs.active != tabFeed {
			t.Errorf("tab %v", m.tabs.active)
		}
	})
}

func TestCorruptSessionIsAWarningNotACrash(t *testing.T) {
	for name, body := range map[string]string{
		"corrupt": `{"version": 1, "queue": [`,
		"future":  `{"version": 99, "queue": []}`,
	} {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			if err := os.WriteFile(filepath.Join(dir, session.StateFile), []byte(body), 0o600); err != nil {
				t.Fatal(err)
			}
			a := &recAudio{}
			m := newPlaybackModel(t, fixture(), a, config.Playback{RestoreSession: true}, dir, nil)
			if got := a.Calls(); len(got) != 0 {
				t.Errorf("restored from a bad file: %v", got)
			}
			if !m.status.err || !strings.Contains(m.status.text, "session.json") {
				t.Errorf("status line = %q (err %v), want a warning naming the file", m.status.text, m.status.err)
			}
		})
	}
}

func TestSessionSavedOnQuitAndPeriodically(t *testing.T) {
	dir := t.TempDir()
	b := fixture()
	t1, t3 := b.tracks[0], b.tracks[2]
	a := &recAudio{queue: []api.Track{t1, t3}}
	now := testNow
	m := newPlaybackModel(t, b, a, config.Playback{}, dir, func() time.Time { return now })
	set := func(pos time.Duration) {
		a.mu.Lock()
		a.status = at(stPlaying(&t3, 1), pos)
		a.status.Volume = 0.4
		a.mu.Unlock()
	}
	saved := func() time.Duration {
		t.Helper()
		st, warn := session.LoadState(dir)
		if warn != nil || st == nil {
			t.Fatalf("no session saved: %v", warn)
		}
		return st.Position
	}
	set(20 * time.Second)
	settle(t, m, ev(player.EventPosition, a.status))
	if p := saved(); p != 20*time.Second {
		t.Fatalf("first tick saved %v", p)
	}
	// Within saveEvery, ticks do not write.
	now = now.Add(3 * time.Second)
	set(23 * time.Second)
	settle(t, m, ev(player.EventPosition, a.status))
	if p := saved(); p != 20*time.Second {
		t.Errorf("a tick within %v saved again (%v)", saveEvery, p)
	}
	now = now.Add(saveEvery)
	set(33 * time.Second)
	settle(t, m, ev(player.EventPosition, a.status))
	if p := saved(); p != 33*time.Second {
		t.Errorf("periodic save: %v", p)
	}
	now = now.Add(time.Second)
	set(34 * time.Second)
	settle(t, m, kp("4"))
	settle(t, m, kp("q"))
	st, _ := session.LoadState(dir)
	if st.Position != 34*time.Second || st.Current != 1 || len(st.Queue) != 2 || st.Volume != 40 || st.Tab != "Playlists" {
		t.Errorf("saved on quit: %+v", st)
	}
	if got := a.Calls(); got[len(got)-1] != "Stop" {
		t.Errorf("quit did not stop the player after saving: %v", got)
	}
	// The stop that quit sent reports position 0 and no track; the
	// program may still handle it before it ends. It must not replace the
	// quit's save.
	now = now.Add(time.Second)
	stopped := player.Status{Index: -1, Volume: 0.4}
	a.mu.Lock()
	a.status = stopped
	a.mu.Unlock()
	settle(t, m, ev(player.EventState, stopped))
	settle(t, m, ev(player.EventQueueChanged, stopped))
	if st, _ := session.LoadState(dir); st == nil || st.Position != 34*time.Second || st.Current != 1 {
		t.Errorf("an event after quit replaced the quit's save: %+v", st)
	}
}

func TestRestoredTrackJoinsTheHistoryWhenItPlays(t *testing.T) {
	dir := t.TempDir()
	b := fixture()
	t3 := b.tracks[2]
	if err := session.SaveState(dir, session.State{Queue: []session.QueueItem{session.ItemOf(&t3)}, Current: 0, Position: 42 * time.Second, Volume: 50}); err != nil {
		t.Fatal(err)
	}
	m := newPlaybackModel(t, b, &recAudio{}, config.Playback{RestoreSession: true}, dir, nil)
	paused := stPlaying(&t3, 0)
	paused.State = player.Paused
	settle(t, m, ev(player.EventTrackChanged, at(paused, 42*time.Second)))
	if n := len(m.mem.entries()); n != 0 {
		t.Fatalf("restoring paused counted as a play: %d entries", n)
	}
	settle(t, m, ev(player.EventState, at(stPlaying(&t3, 0), 42*time.Second)))
	if es := m.mem.entries(); len(es) != 1 || es[0].URN != t3.URN {
		t.Errorf("history after play: %+v", es)
	}
}

func TestSecondTUIOnTheStateDirectorySaysSoAndSharesHistory(t *testing.T) {
	dir := t.TempDir()
	first, err := session.AcquireInstance(dir) // the cirrus already running
	if err != nil {
		t.Fatal(err)
	}
	defer first.Release()
	other, _ := session.LoadHistory(dir)
	u := fxUser(9, "elsewhere")
	elsewhere := fxTrack(90, "Played In The Other Window", &u, api.AccessPlayable)

	b := fixture()
	t1 := b.tracks[0]
	a := &recAudio{queue: []api.Track{t1}}
	m := newPlaybackModel(t, b, a, config.Playback{}, dir, nil)
	want := fmt.Sprintf("another cirrus is running on this state directory (pid %d); history is shared, the session is saved by whichever quits last", os.Getpid())
	if m.status.text != want || m.status.err {
		t.Errorf("status line = %q (err %v)\nwant          %q", m.status.text, m.status.err, want)
	}
	// Both play and save; neither loses the other's play.
	other.Add(session.EntryOf(&elsewhere, testNow.Add(-time.Minute)))
	if err := other.Save(); err != nil {
		t.Fatal(err)
	}
	a.mu.Lock()
	a.status = stPlaying(&t1, 0)
	a.mu.Unlock()
	settle(t, m, ev(player.EventTrackChanged, a.status))
	h, _ := session.LoadHistory(dir)
	var got []string
	for _, e := range h.Entries() {
		got = append(got, e.Title)
	}
	if !slices.Equal(got, []string{t1.Title, elsewhere.Title}) {
		t.Errorf("history on disk %q, want both plays", got)
	}
}

func TestTUIHoldsTheStateDirectoryUntilItQuits(t *testing.T) {
	dir := t.TempDir()
	m := newPlaybackModel(t, fixture(), &recAudio{}, config.Playback{}, dir, nil)
	var busy *session.BusyError
	if _, err := session.AcquireInstance(dir); !errors.As(err, &busy) || busy.PID != os.Getpid() {
		t.Fatalf("while the TUI runs: %v, want it busy with pid %d", err, os.Getpid())
	}
	settle(t, m, kp("q"))
	in, err := session.AcquireInstance(dir)
	if err != nil {
		t.Fatalf("after the quit: %v", err)
	}
	in.Release()
}
