//go:build cgo || !linux

package player

import (
	"errors"
	"testing"
	"time"

	"github.com/cirrus-tui/cirrus/api"
	"github.com/cirrus-tui/cirrus/api/fake"
)

// When SoundCloud refuses the app full streams, the player says so and
// does not walk the queue into the same wall: it goes on only to tracks
// that offer a preview, plays those (labelled preview), and stops.
func TestRefusedAppPlaysOnlyPreviews(t *testing.T) {
	srv, c := newFake(t)
	srv.SetFaults(fake.Faults{LimitedApp: true})
	q := []api.Track{
		fakeTrack(t, c, fake.TestTonesTrackID), // full: refused
		fakeTrack(t, c, 1009),                  // full: skipped, never asked for
		fakeTrack(t, c, fake.PreviewTrackID),   // a preview: plays
		fakeTrack(t, c, 1012),                  // full: refused once more after the preview
		fakeTrack(t, c, 1016),                  // full: skipped
	}
	p, out := newWAVPlayer(t, &fakeRes{Client: c}, 0)
	p.PlayTracks(q, 0)
	var errs []error
	previewPlayed := false
	waitEvent(t, p, 120*time.Second, func(ev Event) bool {
		if ev.Kind == EventError {
			errs = append(errs, ev.Err)
		}
		if ev.Kind == EventState && ev.Status.State == Playing && ev.Status.Track != nil {
			if ev.Status.Track.URN != q[2].URN || !ev.Status.Preview {
				t.Errorf("playing %s (preview %v); only the preview track may play", ev.Status.Track.URN, ev.Status.Preview)
			}
			previewPlayed = true
		}
		return stoppedAfterPlaying(ev) && previewPlayed
	})
	st := p.Status()
	if err := p.Close(); err != nil {
		t.Fatal(err)
	}
	if len(errs) == 0 || len(errs) > 2 {
		t.Errorf("%d error events, want one per wall hit (at most 2): %v", len(errs), errs)
	}
	for _, err := range errs {
		if !errors.Is(err, api.ErrAppNotEntitled) {
			t.Errorf("error %v is not the app refusal", err)
		}
	}
	reqs := srv.Stats().Requests
	for _, skipped := range []api.Track{q[1], q[4]} {
		if n := reqs["GET /tracks/"+string(skipped.URN)+"/streams"]; n != 0 {
			t.Errorf("asked for the streams of %s %d times after the refusal", skipped.URN, n)
		}
	}
	if st.Track == nil || st.Track.URN != q[3].URN {
		t.Errorf("stopped on %+v, want the refused track %s", st.Track, q[3].URN)
	}
	x, rate := readWAV(t, out)
	if d := time.Duration(len(x)) * time.Second / time.Duration(rate); d < 29*time.Second || d > 31*time.Second {
		t.Errorf("played %v, want the 30 s preview", d)
	}
}
