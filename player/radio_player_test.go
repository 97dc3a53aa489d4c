package player

import (
	"slices"
	"testing"
	"time"

	"github.com/cirrus-tui/cirrus/api"
)

// ReplaceUpcoming, as a radio starts: into an empty queue its tracks play
// from the first; while a track plays it stays and only what follows is
// replaced; when stopped the first new track plays.
func TestReplaceUpcomingAsARadioStarts(t *testing.T) {
	c := newLocalCDN(t)
	p, _ := newWAVPlayer(t, c, 1)
	a, b, d, e := c.hlsAAC(1), c.hlsAAC(2), c.mp3(3), c.hlsMP3(4)
	playingTrack := func(tr api.Track) func(Event) bool {
		return func(ev Event) bool {
			return ev.Status.State == Playing && ev.Status.Track != nil && ev.Status.Track.URN == tr.URN
		}
	}
	entries := func() (ids []string, from []Origin) {
		for _, en := range p.QueueEntries() {
			ids, from = append(ids, en.Track.URN.ID()), append(from, en.From)
		}
		return ids, from
	}

	if n := p.ReplaceUpcoming(FromRadio, []api.Track{a, b}); n != 0 {
		t.Errorf("empty queue: dropped %d", n)
	}
	waitEvent(t, p, 30*time.Second, playingTrack(a))
	if p.Upcoming(FromRadio) != 1 {
		t.Errorf("upcoming radio %d, want 1", p.Upcoming(FromRadio))
	}

	if n := p.ReplaceUpcoming(FromRadio, []api.Track{d}); n != 1 {
		t.Errorf("while playing: dropped %d, want 1", n)
	}
	if st := p.Status(); st.Track == nil || st.Track.URN != a.URN || st.State == Stopped {
		t.Fatalf("the playing track changed: %+v", st)
	}
	if ids, from := entries(); !slices.Equal(ids, []string{"1", "3"}) || !slices.Equal(from, []Origin{FromRadio, FromRadio}) {
		t.Fatalf("queue %v %v", ids, from)
	}

	p.Stop()
	waitEvent(t, p, 10*time.Second, func(ev Event) bool { return ev.Status.State == Stopped })
	if n := p.ReplaceUpcoming(FromRadio, []api.Track{e}); n != 1 {
		t.Errorf("stopped: dropped %d, want 1", n)
	}
	waitEvent(t, p, 30*time.Second, playingTrack(e))
	if ids, _ := entries(); !slices.Equal(ids, []string{"1", "4"}) {
		t.Fatalf("queue after a stopped start %v", ids)
	}
}

// The queue owns the radio: StartRadio puts it in the status with its
// entries, a new queue ends it, RestoreWith brings entries (with their
// origins) and radio back as a session saved them, and EndRadio ends it
// leaving its entries marked.
func TestQueueOwnsTheRadio(t *testing.T) {
	c := newLocalCDN(t)
	p, _ := newWAVPlayer(t, c, 1)
	a, b, d := c.hlsAAC(1), c.mp3(2), c.mp3(3)
	radioOn := func(title string) func(Event) bool {
		return func(ev Event) bool {
			return ev.Kind == EventQueueChanged && ev.Status.Radio != nil && ev.Status.Radio.Title == title
		}
	}
	origins := func() (from []Origin) {
		for _, e := range p.QueueEntries() {
			from = append(from, e.From)
		}
		return from
	}

	p.StartRadio(Radio{Title: "Morning", Seed: a}, []api.Track{a, b})
	ev := waitEvent(t, p, 10*time.Second, radioOn("Morning"))
	if ev.Status.Radio.Seed.URN != a.URN || !slices.Equal(origins(), []Origin{FromRadio, FromRadio}) {
		t.Fatalf("after StartRadio: seed %s, origins %v", ev.Status.Radio.Seed.URN, origins())
	}
	p.PlayTracks([]api.Track{d}, 0)
	waitEvent(t, p, 10*time.Second, func(ev Event) bool { return ev.Kind == EventQueueChanged && ev.Status.Radio == nil })

	own := make([]api.Track, RadioOwnLimit+5)
	for i := range own {
		own[i] = b
	}
	p.RestoreWith([]QueueEntry{{Track: d}, {Track: a, From: FromRadio}, {Track: b, From: FromAutoplay}}, 1, 0,
		&Radio{Title: "Evening", Seed: a, Own: own})
	ev = waitEvent(t, p, 10*time.Second, radioOn("Evening"))
	if ev.Status.Index != 1 || len(ev.Status.Radio.Own) != RadioOwnLimit || !slices.Equal(origins(), []Origin{FromListener, FromRadio, FromAutoplay}) {
		t.Fatalf("after RestoreWith: index %d, %d own tracks, origins %v", ev.Status.Index, len(ev.Status.Radio.Own), origins())
	}
	if p.Upcoming(FromRadio) != 0 || p.Upcoming(FromAutoplay) != 1 {
		t.Errorf("upcoming radio %d, autoplay %d", p.Upcoming(FromRadio), p.Upcoming(FromAutoplay))
	}
	p.EndRadio()
	waitEvent(t, p, 10*time.Second, func(ev Event) bool { return ev.Kind == EventQueueChanged && ev.Status.Radio == nil })
	if !slices.Equal(origins(), []Origin{FromListener, FromRadio, FromAutoplay}) {
		t.Errorf("EndRadio changed the marks: %v", origins())
	}
}
