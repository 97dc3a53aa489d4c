package ui

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/cirrus-tui/cirrus/api"
	"github.com/cirrus-tui/cirrus/config"
	"github.com/cirrus-tui/cirrus/player"
)

// radioWorld: the fixture's playlist Road Trip (Morning Fog, Tide Pools)
// and related tracks of both, overlapping.
func radioWorld() (*recBackend, map[int]api.Track) {
	b := fixture()
	z := fxUser(9, "zed")
	tr := map[int]api.Track{}
	for _, id := range []int{23, 24, 25, 26, 27, 28} {
		tr[id] = fxTrack(id, "Related "+string(rune('A'+id-23)), &z, api.AccessPlayable)
	}
	t1, t3 := b.tracks[0], b.tracks[2]
	b.related = map[api.URN][]api.Track{
		t1.URN: {t1, tr[23], tr[24], tr[25], tr[26], tr[27]},
		t3.URN: {tr[26], tr[27], tr[28], tr[23], t3},
	}
	return b, tr
}

func selectIn(t *testing.T, m *Model, ok func(item) bool) {
	t.Helper()
	l := m.tabs.pane(tabFeed).(*browsePane).top().list()
	if l.Len() == 0 {
		for _, msg := range runCmd(m.Init()) {
			settle(t, m, msg)
		}
	}
	for i, it := range l.Items() {
		if ok(it) {
			l.Move(i)
			return
		}
	}
	t.Fatal("no such row in the feed")
}

// R on a playlist: its tracks alternate with related ones, none heard in
// the last 4 hours (the history's word), marked radio in the queue and
// the bar; fewer than 3 radio tracks left refills from the newest own
// track's related ones, without a track twice.
func TestRadioFromPlaylistMixesAndRefills(t *testing.T) {
	b, tr := radioWorld()
	a := &recAudio{}
	now := testNow
	m := newPlaybackModel(t, b, a, config.Playback{}, t.TempDir(), func() time.Time { return now })
	// Heard here: Related C five hours ago (outside the window), Related
	// B one hour ago (inside).
	heard := func(x api.Track, ago time.Duration) {
		now = testNow.Add(-ago)
		settle(t, m, ev(player.EventTrackChanged, stPlaying(&x, 0)))
	}
	heard(tr[25], 5*time.Hour)
	heard(tr[24], time.Hour)
	settle(t, m, ev(player.EventState, player.Status{State: player.Stopped, Volume: 1}))
	now = testNow

	selectIn(t, m, func(it item) bool { return it.Playlist != nil })
	press(t, m, "R")
	if b.called("PlaylistTracks soundcloud:playlists:10") != 1 || b.called("RelatedTracks soundcloud:tracks:1") != 1 {
		t.Fatalf("calls %v", b.Calls())
	}
	// own 1, related 23, own 3, then related (24 heard an hour ago) 25, 26
	if got := callsWith(a.Calls(), "StartRadio"); !slices.Equal(got, []string{"StartRadio 1,23,3,25,26"}) {
		t.Fatalf("radio start %v", got)
	}
	if !strings.Contains(m.status.text, "Radio from Road Trip: 5 tracks queued") {
		t.Errorf("status %q", m.status.text)
	}

	// The player queued them, marked; the first plays.
	t1, t3 := b.tracks[0], b.tracks[2]
	a.mu.Lock()
	a.queue = []api.Track{t1, tr[23], t3, tr[25], tr[26]}
	a.from = []player.Origin{player.FromRadio, player.FromRadio, player.FromRadio, player.FromRadio, player.FromRadio}
	a.left = 4
	a.mu.Unlock()
	settle(t, m, a.ev(player.EventQueueChanged, stPlaying(&t1, 0)))
	settle(t, m, a.ev(player.EventTrackChanged, stPlaying(&t1, 0)))
	if got := callsWith(a.Calls(), "EnqueueFrom"); len(got) != 0 {
		t.Fatalf("refilled with 4 radio tracks left: %v", got)
	}
	if l := m.nowLabel(); l != "radio" {
		t.Errorf("bar label %q, want radio", l)
	}
	settle(t, m, kp("6"))
	rows := 0
	for _, l := range strings.Split(m.View(), "\n") {
		if strings.Contains(l, "♪") && strings.Contains(l, "radio") {
			rows++
		}
	}
	if rows != 5 {
		t.Errorf("queue rows marked radio: %d, want 5:\n%s", rows, m.View())
	}

	// Two left: refill from the newest own track (Tide Pools), back to 5.
	a.mu.Lock()
	a.left = 2
	a.mu.Unlock()
	settle(t, m, a.ev(player.EventTrackChanged, stPlaying(&t3, 2)))
	if b.called("RelatedTracks soundcloud:tracks:3") != 1 {
		t.Fatalf("refill did not ask for Tide Pools' related tracks: %v", b.Calls())
	}
	got := callsWith(a.Calls(), "EnqueueFrom")
	if len(got) != 1 || got[0] != "EnqueueFrom radio 27,28" {
		t.Fatalf("refill %v, want 27,28 (the rest queued already or heard within 4 hours)", got)
	}
	if strings.Contains(strings.Join(a.Calls(), " "), ",24") {
		t.Error("a track heard an hour ago was queued")
	}

	// :radio off ends it: the queue stays, nothing more comes.
	press(t, m, ":")
	m.cmd.input.SetValue("radio off")
	press(t, m, "enter")
	if !strings.Contains(m.status.text, "Radio from Road Trip ended") {
		t.Errorf("radio off: status %q", m.status.text)
	}
	a.mu.Lock()
	a.left = 0
	a.mu.Unlock()
	t26 := tr[26]
	settle(t, m, a.ev(player.EventTrackChanged, stPlaying(&t26, 4)))
	if n := len(callsWith(a.Calls(), "EnqueueFrom")); n != 1 {
		t.Errorf("refilled after :radio off (%d refills)", n)
	}
}

// R on a track while another plays: the playing track plays on, the seed
// comes next, then related tracks; :radio playing seeds from the playing
// track without queueing it again.
func TestRadioFromTrackKeepsThePlayingOne(t *testing.T) {
	b, _ := radioWorld()
	a := &recAudio{}
	m := newPlaybackModel(t, b, a, config.Playback{}, t.TempDir(), nil)
	t3 := b.tracks[2]
	settle(t, m, ev(player.EventTrackChanged, stPlaying(&t3, 0)))
	selectIn(t, m, func(it item) bool { return it.Track != nil && it.Track.URN == b.tracks[0].URN })
	press(t, m, "R")
	if got := callsWith(a.Calls(), "StartRadio"); !slices.Equal(got, []string{"StartRadio 1,23,24,25,26,27"}) {
		t.Fatalf("radio from Morning Fog: %v", got)
	}
	if !strings.Contains(m.status.text, "after the playing track") {
		t.Errorf("status %q does not say the playing track stays", m.status.text)
	}
	settle(t, m, a.ev(player.EventQueueChanged, stPlaying(&t3, 0))) // the player says the radio is on
	press(t, m, ":")
	m.cmd.input.SetValue("radio playing")
	press(t, m, "enter")
	got := callsWith(a.Calls(), "StartRadio")
	if len(got) != 2 || got[1] != "StartRadio 26,27,28,23" {
		t.Fatalf(":radio playing (Tide Pools): %v", got)
	}
	if l := m.nowLabel(); l != "radio" {
		t.Errorf("bar label %q while the seed plays on, want radio", l)
	}
}

// A skip while the radio's count is on its way is counted again when the
// answer is in: the count taken before the skip said there were enough.
func TestRadioCountsAgainAfterASkipMeanwhile(t *testing.T) {
	b, tr := radioWorld()
	b.related[tr[23].URN] = []api.Track{tr[26], tr[28], b.tracks[3]} // the first pick's: the next seed
	a := &recAudio{}
	m := newPlaybackModel(t, b, a, config.Playback{}, t.TempDir(), nil)
	selectIn(t, m, func(it item) bool { return it.Track != nil && it.Track.URN == b.tracks[0].URN })
	press(t, m, "R")
	t1, t3 := b.tracks[0], b.tracks[2]
	a.mu.Lock()
	a.left = 4
	a.mu.Unlock()
	_, cmd := m.Update(a.ev(player.EventTrackChanged, stPlaying(&t1, 0)))
	early := runCmd(cmd) // counted 4 left
	a.mu.Lock()
	a.left = 1
	a.mu.Unlock()
	settle(t, m, a.ev(player.EventTrackChanged, stPlaying(&t3, 3))) // a skip while the count is out
	if got := callsWith(a.Calls(), "EnqueueFrom"); len(got) != 0 {
		t.Fatalf("refilled before the count was in: %v", got)
	}
	for _, msg := range early {
		settle(t, m, msg)
	}
	if got := callsWith(a.Calls(), "EnqueueFrom"); !slices.Equal(got, []string{"EnqueueFrom radio 28,4"}) {
		t.Fatalf("after the skip meanwhile, refills %v, want 28,4 (related to the first pick)", got)
	}
}

// R on a user (Following): their tracks alternate with related ones, the
// preview-only one passed over.
func TestRadioFromUser(t *testing.T) {
	b, _ := radioWorld()
	a := &recAudio{}
	m := newPlaybackModel(t, b, a, config.Playback{}, t.TempDir(), nil)
	selectIn(t, m, func(it item) bool { return it.Track != nil }) // loads the tabs
	press(t, m, "5")
	l := m.tabs.pane(tabFollowing).(*browsePane).top().list()
	if l.Len() == 0 {
		t.Fatal("no followings")
	}
	press(t, m, "R")
	if b.called("UserTracks soundcloud:users:1") != 1 {
		t.Fatalf("calls %v", b.Calls())
	}
	if got := callsWith(a.Calls(), "StartRadio"); !slices.Equal(got, []string{"StartRadio 1,23,3,24,4"}) {
		t.Fatalf("radio from ana: %v", got)
	}
	if !strings.Contains(m.status.text, "Radio from ana: 5 tracks queued") {
		t.Errorf("status %q", m.status.text)
	}
}

// The player owns the radio: after :radio off, an event it sent before
// it heard (still holding the radio) does not take the radio up again;
// a radio it reports that has no run here (a restored session's) is
// taken up from the queue, marked, and refilled from its seed when fewer
// than 3 of its tracks are left, passing over what the queue holds.
func TestRadioFollowsThePlayersWord(t *testing.T) {
	b, tr := radioWorld()
	a := &recAudio{}
	m := newPlaybackModel(t, b, a, config.Playback{}, t.TempDir(), nil)
	selectIn(t, m, func(it item) bool { return it.Track != nil && it.Track.URN == b.tracks[0].URN })
	press(t, m, "R")
	t1 := b.tracks[0]
	settle(t, m, a.ev(player.EventQueueChanged, stPlaying(&t1, 0)))
	if !m.auto.radioOn() {
		t.Fatal("the radio is not on once the player says so")
	}
	a.mu.Lock()
	old := a.radio
	a.mu.Unlock()
	press(t, m, ":")
	m.cmd.input.SetValue("radio off")
	press(t, m, "enter")
	late := stPlaying(&t1, 0)
	late.Radio = old
	settle(t, m, ev(player.EventQueueChanged, late))
	if m.auto.radioOn() || len(callsWith(a.Calls(), "EndRadio")) != 1 {
		t.Fatalf("after :radio off and a late event: radio on %v, calls %v", m.auto.radioOn(), a.Calls())
	}

	// A restored queue: the seed plays, Related A and B are the radio's.
	restored := &player.Radio{Title: "Morning Fog", Seed: t1}
	a.mu.Lock()
	a.queue = []api.Track{t1, tr[23], tr[24]}
	a.from = []player.Origin{player.FromRadio, player.FromRadio, player.FromRadio}
	a.left, a.radio = 2, restored
	a.mu.Unlock()
	asked := b.called("RelatedTracks " + string(t1.URN))
	settle(t, m, a.ev(player.EventQueueChanged, stPlaying(&t1, 0)))
	if !m.auto.radioOn() || m.nowLabel() != "radio" {
		t.Fatalf("a radio the player reports was not taken up: on %v, label %q", m.auto.radioOn(), m.nowLabel())
	}
	if b.called("RelatedTracks "+string(t1.URN)) != asked+1 {
		t.Fatalf("no refill from the seed: %v", b.Calls())
	}
	got := callsWith(a.Calls(), "EnqueueFrom")
	if len(got) != 1 || got[0] != "EnqueueFrom radio 25,26,27" {
		t.Fatalf("refill %v, want 25,26,27 (23 and 24 are queued)", got)
	}
}
