//go:build cgo || !linux

package player

import (
	"context"
	"errors"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/cirrus-tui/cirrus/api"
	"github.com/cirrus-tui/cirrus/api/fake"
	"github.com/cirrus-tui/cirrus/ui/session"
)

func at(id int64, access string) api.Track {
	return api.Track{URN: api.NewURN(api.KindTrack, id), Title: "t", Access: access, Duration: 180_000}
}

func pickedIDs(p AutoplayPick) string {
	var s []string
	for _, t := range p.Tracks {
		s = append(s, t.URN.ID())
	}
	return strings.Join(s, ",")
}

func TestAutoplaySkips(t *testing.T) {
	seed := at(1, api.AccessPlayable)
	related := []api.Track{
		at(1, api.AccessPlayable),  // the track itself
		at(2, api.AccessPlayable),  // played recently
		at(3, api.AccessPreview),   // preview only
		at(4, api.AccessBlocked),   // blocked
		at(5, api.AccessPlayable),  // DRM: the player refused it before
		at(6, api.AccessPlayable),  // ok
		{Title: "no urn"},          // malformed
		at(7, ""),                  // access unknown: playable
		at(8, api.AccessPlayable),  // ok
		at(9, api.AccessPlayable),  // beyond N
		at(10, api.AccessPlayable), // beyond N
	}
	in := AutoplayInput{Played: seed, Related: related, Recent: []api.URN{"2"}, Unplayable: []api.URN{api.NewURN(api.KindTrack, 5)}}
	p := NewAutoplay().Pick(in)
	if pickedIDs(p) != "6,7,8" || p.Dry {
		t.Fatalf("picked %s dry %v", pickedIDs(p), p.Dry)
	}
	for _, r := range []string{SkipSame, SkipRecent, SkipPreview, SkipBlocked, SkipUnplayable, SkipNoURN} {
		if p.Skipped[r] != 1 {
			t.Errorf("skipped %q %d times, want 1 (%v)", r, p.Skipped[r], p.Skipped)
		}
	}
	in.AllowPreviews, in.N = true, 2
	if p := NewAutoplay().Pick(in); pickedIDs(p) != "3,6" {
		t.Fatalf("with previews allowed: %s", pickedIDs(p))
	}
}

// Two tracks that list each other as related cannot loop: the run
// remembers its seeds and picks.
func TestAutoplayNeverLoopsOnTwoTracks(t *testing.T) {
	a, b := at(1, api.AccessPlayable), at(2, api.AccessPlayable)
	run := NewAutoplay()
	p := run.Pick(AutoplayInput{Played: a, Related: []api.Track{b, a}})
	if pickedIDs(p) != "2" {
		t.Fatalf("first pick %s", pickedIDs(p))
	}
	p = run.Pick(AutoplayInput{Played: b, Related: []api.Track{a, b}})
	if !p.Dry || len(p.Tracks) != 0 || p.Skipped[SkipPicked]+p.Skipped[SkipSame] != 2 {
		t.Fatalf("second pick %s dry %v skipped %v", pickedIDs(p), p.Dry, p.Skipped)
	}
	// Still dry when asked again: a dry run stays dry for the same input.
	if p := run.Pick(AutoplayInput{Played: b, Related: []api.Track{a}}); !p.Dry {
		t.Fatal("asked again, the run offered a track again")
	}
	if run.Picked() != 2 {
		t.Fatalf("run remembers %d tracks", run.Picked())
	}
}

// A seed whose related tracks are used up continues with what earlier seeds
// offered, then runs dry.
func TestAutoplayBacklog(t *testing.T) {
	run := NewAutoplay()
	a := at(1, api.AccessPlayable)
	rel := []api.Track{at(2, api.AccessPlayable), at(3, api.AccessPlayable), at(4, api.AccessPlayable), at(5, api.AccessPlayable)}
	if p := run.Pick(AutoplayInput{Played: a, Related: rel, N: 1}); pickedIDs(p) != "2" {
		t.Fatalf("pick 1: %s", pickedIDs(p))
	}
	// 2's related are all used: 3 comes from the backlog of 1.
	if p := run.Pick(AutoplayInput{Played: rel[0], Related: []api.Track{a}, N: 1}); pickedIDs(p) != "3" {
		t.Fatalf("pick 2: %s", pickedIDs(p))
	}
	// Something became unplayable and something else was played by hand
	// meanwhile: the backlog is filtered again.
	p := run.Pick(AutoplayInput{Played: rel[1], Related: nil, N: 3, Recent: []api.URN{rel[2].URN}})
	if pickedIDs(p) != "5" {
		t.Fatalf("pick 3: %s", pickedIDs(p))
	}
	if p := run.Pick(AutoplayInput{Played: rel[3], N: 3}); !p.Dry {
		t.Fatalf("pick 4 should run dry: %s", pickedIDs(p))
	}
	// A newer seed's own related tracks come before older leftovers.
	run = NewAutoplay()
	run.Pick(AutoplayInput{Played: a, Related: rel, N: 1}) // backlog 3,4,5
	p = run.Pick(AutoplayInput{Played: rel[0], Related: []api.Track{at(9, api.AccessPlayable)}, N: 2})
	if pickedIDs(p) != "9,3" {
		t.Fatalf("own related first: %s", pickedIDs(p))
	}
}

// tryPlay opens t the way the player does, up to the first bytes of its
// playlist: enough to hear about blocked and DRM-protected tracks.
func tryPlay(ctx context.Context, c *api.Client, t api.Track) error {
	if t.Access == api.AccessBlocked {
		return ErrBlocked
	}
	streams, err := c.Streams(ctx, t.URN)
	if err != nil {
		return err
	}
	cands := candidates(&t, streams, c.BaseURL())
	if len(cands) == 0 {
		return ErrNoStream
	}
	if cands[0].kind == kindMP3 {
		return nil
	}
	var n atomic.Int64
	_, err = openHLS(ctx, newMedia(c, cands[0].redirector, &n, 0), cands[0].kind)
	return err
}

// Autoplay against the double: every step plays the last pick's related
// tracks through the real API, as the UI will. It must never repeat a track,
// never play a preview, blocked or DRM-protected one, and end by running
// dry once the catalogue is used up.
func TestAutoplayWalksTheDemoCatalogue(t *testing.T) {
	_, c := newFake(t)
	ctx := context.Background()
	seed, err := c.Track(ctx, api.NewURN(api.KindTrack, 1008)) // Lo-Fi
	if err != nil {
		t.Fatal(err)
	}
	hist, _ := session.LoadHistory(t.TempDir())
	now := time.Date(2026, 12, 2, 20, 0, 0, 0, time.UTC)
	play := func(tr api.Track) {
		now = now.Add(tr.DurationTime())
		hist.Add(session.EntryOf(&tr, now))
	}
	play(*seed)
	played := map[string]bool{seed.URN.ID(): true}
	var unplayable []api.URN
	run := NewAutoplay()
	cur := *seed
	steps, refused := 0, 0
	var genres []string
	for ; steps < 200; steps++ {
		related, err := api.Collect(ctx, c, AutoplayRelatedLimit, func(ctx context.Context) (*api.Page[api.Track], error) {
			return c.RelatedTracks(ctx, cur.URN, api.ListOptions{Limit: AutoplayRelatedLimit, Access: []string{api.AccessPlayable, api.AccessPreview}})
		})
		if err != nil {
			t.Fatal(err)
		}
		if steps == 0 && len(related) < 5 {
			t.Fatalf("the double lists only %d related tracks for %s", len(related), cur.URN)
		}
		p := run.Pick(AutoplayInput{Played: cur, Related: related, Recent: hist.PlayedSince(now.Add(-AutoplayRecentWindow)),
			Unplayable: unplayable, N: 1})
		if p.Dry {
			break
		}
		next := p.Tracks[0]
		if played[next.URN.ID()] {
			t.Fatalf("step %d: %s (%s) again", steps, next.URN, next.Title)
		}
		if next.Access != api.AccessPlayable {
			t.Fatalf("step %d: picked a %s track", steps, next.Access)
		}
		if err := tryPlay(ctx, c, next); err != nil {
			if !errors.Is(err, ErrDRM) {
				t.Fatalf("step %d: %s does not play: %v", steps, next.URN, err)
			}
			// The UI marks it and asks again from the same track.
			unplayable = append(unplayable, next.URN)
			refused++
			continue
		}
		played[next.URN.ID()] = true
		genres = append(genres, next.Genre)
		play(next)
		cur = next
	}
	if steps >= 200 {
		t.Fatal("autoplay never ran dry on a finite catalogue")
	}
	if len(played) < 21 {
		t.Fatalf("autoplay ran dry after %d tracks; the demo catalogue has more", len(played))
	}
	if genres[0] != "Lo-Fi" {
		t.Fatalf("the first pick after a Lo-Fi track is %s", genres[0])
	}
	if played[strconv.FormatInt(fake.DRMTrackID, 10)] || refused != 1 {
		t.Fatalf("the DRM track: played %v, refused %d times (want once, then never offered again)",
			played[strconv.FormatInt(fake.DRMTrackID, 10)], refused)
	}
	t.Logf("%d tracks before running dry, %d refused by the player; genres %v", len(played)-1, refused, genres)
}

// A run remembers the tracks that failed and why, never picks them again,
// waits longer after each failure in a row, and gives up after
// AutoplayMaxFailures of them; a track heard starts the count over.
func TestAutoplayFailuresBackOffAndGiveUp(t *testing.T) {
	a := NewAutoplay()
	seed := at(1, api.AccessPlayable)
	var related []api.Track
	for i := int64(2); i < 20; i++ {
		related = append(related, at(i, api.AccessPlayable))
	}
	p := a.Pick(AutoplayInput{Played: seed, Related: related})
	if pickedIDs(p) != "2,3,4" || a.Backoff() != 0 {
		t.Fatalf("picked %s, backoff %v", pickedIDs(p), a.Backoff())
	}
	var waits []time.Duration
	giveUp := false
	for i, u := range []int64{2, 3, 3, 4} { // 3 is reported twice: one failure
		giveUp = a.Failed(api.NewURN(api.KindTrack, u), "list streams: 404 #"+strconv.Itoa(i))
		waits = append(waits, a.Backoff())
	}
	if giveUp || a.Failures() != 3 {
		t.Fatalf("after 3 failures: give up %v, failures %d", giveUp, a.Failures())
	}
	if got := a.FailedTracks(); len(got) != 3 || got["2"] != "list streams: 404 #0" || got["3"] != "list streams: 404 #1" {
		t.Errorf("failed tracks %v", got)
	}
	if want := []time.Duration{2 * time.Second, 4 * time.Second, 4 * time.Second, 8 * time.Second}; !slices.Equal(waits, want) {
		t.Errorf("backoff %v, want %v", waits, want)
	}
	// Failed tracks come round again as related tracks of a later seed:
	// never picked, and said why.
	// Only as many as may still fail before the run gives up are picked.
	p = a.Pick(AutoplayInput{Played: at(4, api.AccessPlayable), Related: related})
	if pickedIDs(p) != "5,6" || p.Skipped[SkipFailed] != 2 {
		t.Fatalf("picked %s, skipped %v", pickedIDs(p), p.Skipped)
	}
	if a.Failed(api.NewURN(api.KindTrack, 5), "x") || !a.Failed(api.NewURN(api.KindTrack, 6), "x") {
		t.Fatalf("want give-up at the %dth failure in a row, not before", AutoplayMaxFailures)
	}
	for range 10 {
		a.streak++
	}
	if a.Backoff() != autoplayBackoffMax {
		t.Errorf("backoff %v after many failures, want the cap %v", a.Backoff(), autoplayBackoffMax)
	}
	// A track heard starts over.
	a.Played(api.NewURN(api.KindTrack, 7))
	if a.Failures() != 0 || a.Backoff() != 0 {
		t.Errorf("after a track played: failures %d, backoff %v", a.Failures(), a.Backoff())
	}
}
