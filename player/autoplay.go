package player

import (
	"time"

	"github.com/cirrus-tui/cirrus/api"
)

// Autoplay: when the last queued track ends with repeat off, cirrus goes on
// with tracks related to the one that just ended. The picker here is pure:
// it gets the related tracks (api.Client.RelatedTracks), what was played
// recently and what is known not to play, and answers which tracks to queue
// next, or that it ran dry. It lives in player because it extends the
// queue, and it needs nothing but api types.
//
// How the UI is meant to use it:
//
//   - When the player reports the end of the queue (repeat off) and
//     [playback] autoplay is on, start a run if none is active:
//     run := NewAutoplay(). Keep the run while autoplay is in charge; drop it
//     when the user plays or queues something themselves.
//   - Fetch related tracks of the track that just ended in a tea.Cmd:
//     api.Collect(ctx, c, AutoplayRelatedLimit, func(ctx) { return
//     c.RelatedTracks(ctx, urn, api.ListOptions{Limit: AutoplayRelatedLimit,
//     Access: access}) }), with access playable (and preview when previews
//     are allowed).
//   - pick := run.Pick(AutoplayInput{Played: ended, Related: related,
//     Recent: history.PlayedSince(now - AutoplayRecentWindow), Unplayable:
//     tracks the player refused this session (ErrDRM, ErrBlocked),
//     AllowPreviews: ...}). Append pick.Tracks to the queue and show them in
//     the queue pane marked "autoplay"; the now-playing bar says "autoplay"
//     while the run is active. If pick.Dry, say "autoplay ran out of related
//     tracks" and stop.
//   - When the picked tracks have played, the queue ends again: Pick again
//     with the last of them as Played. The run never offers a track twice,
//     so two tracks that list each other as related cannot loop.
//
// A radio (R, :radio) is the same picker started by the listener:
// NewRadio, with a user's or playlist's own tracks to mix in, the first
// pick replacing what comes after the current track
// (Player.ReplaceUpcoming), then refills of RadioRefill(left) tracks
// related to NextSeed whenever fewer than RadioLow of its tracks are left.

const (
	// AutoplayRecentWindow: tracks played this recently are not picked.
	AutoplayRecentWindow = 4 * time.Hour
	// AutoplayBatch is how many tracks one Pick queues by default: enough
	// for the queue pane to show what comes next.
	AutoplayBatch = 3
	// AutoplayRelatedLimit is how many related tracks are worth fetching.
	AutoplayRelatedLimit = 50
	// maxAutoplayRun bounds the tracks one run remembers (a run of this
	// many tracks is days of listening).
	maxAutoplayRun = 10_000
	// maxAutoplayBacklog bounds the eligible tracks kept from earlier seeds.
	maxAutoplayBacklog = 200
	// AutoplayMaxFailures is how many picked tracks in a row may fail to
	// play before the run gives up. Five: one batch (AutoplayBatch) of
	// failures is not yet a pattern (a region block, a takedown), but two
	// batches' worth is, and each failure costs a /streams request and a
	// wait (AutoplayBackoff), so the run stops within about a minute.
	AutoplayMaxFailures = 5
	// autoplayBackoffFirst and autoplayBackoffMax bound the wait before
	// picking again after failures (see Backoff).
	autoplayBackoffFirst = 2 * time.Second
	autoplayBackoffMax   = 30 * time.Second

	// RadioLow: a radio is refilled when fewer of its tracks than this
	// are still to play, so the next ones are queued a few tracks ahead,
	// while a related-tracks request (or two, after a failure) has
	// minutes to answer.
	RadioLow = 3
	// RadioAhead is how many of its tracks a radio keeps queued after a
	// refill; the queue pane shows them as what comes next.
	RadioAhead = 5
	// RadioOwnLimit bounds the own tracks (a user's, a playlist's) a
	// radio mixes in: one page, so the radio starts after one request,
	// and with as many related tracks between them, hours of listening.
	RadioOwnLimit = 50
)

// Reasons a related track is not picked, as counted in AutoplayPick.Skipped.
const (
	SkipSame       = "same track"
	SkipRecent     = "played recently"
	SkipPicked     = "already picked"
	SkipPreview    = "preview only"
	SkipBlocked    = "blocked"
	SkipUnplayable = "cannot play here" // DRM-protected or refused before
	SkipFailed     = "failed in this run"
	SkipNoURN      = "no urn"
)

// AutoplayInput is what one pick looks at.
type AutoplayInput struct {
	Played        api.Track   // the track that just ended
	Related       []api.Track // its related tracks, in the API's order (best first)
	Recent        []api.URN   // played on this machine within AutoplayRecentWindow
	Unplayable    []api.URN   // known not to play: the player said ErrDRM or ErrBlocked
	AllowPreviews bool        // preview-only tracks may be picked (30 s each)
	N             int         // how many to pick; 0 means AutoplayBatch
}

// AutoplayPick is the answer: the tracks to queue, in order, and whether
// the run ran dry (nothing left to pick from this seed).
type AutoplayPick struct {
	Tracks  []api.Track
	Dry     bool
	Skipped map[string]int // related tracks passed over, by reason (for the log)
}

// Autoplay is one autoplay run. It remembers every track it picked and
// every seed, so no track comes twice in a run. Not safe for concurrent
// use: the UI's Update owns it.
type Autoplay struct {
	used map[string]bool // by track id: picked or seeded in this run
	// backlog holds tracks related to earlier seeds that were eligible but
	// not needed then, newest seed first; a seed whose related tracks are
	// all used up continues from here before the run runs dry.
	backlog []api.Track
	// failed holds the tracks of this run that could not play, by id, with
	// the reason; streak counts failures since a track last played.
	failed map[string]string
	streak int
	// own holds a radio's own tracks (a user's or a playlist's) not yet
	// picked, in their order; lastOwn is the newest of them picked.
	own     []api.Track
	lastOwn api.Track
	// seeds are the related tracks picked and not yet used as a seed,
	// oldest first.
	seeds []api.Track
}

// NewAutoplay starts a run.
func NewAutoplay() *Autoplay { return &Autoplay{used: map[string]bool{}, failed: map[string]string{}} }

// NewRadio starts a radio's run. own are a user's or a playlist's tracks
// (nil for a radio from one track): each pick alternates them, in their
// order, with related tracks. At most RadioOwnLimit are kept.
func NewRadio(own []api.Track) *Autoplay {
	a := NewAutoplay()
	a.own = append([]api.Track(nil), own[:min(len(own), RadioOwnLimit)]...)
	return a
}

// NextSeed is the track whose related tracks should feed a radio's next
// pick: the newest own track it picked (a user's or playlist's radio
// stays near their tracks), else the oldest pick not yet used as a seed,
// else from. Taking picks in the order they came (each once) keeps a
// track radio near where it started: its seed's related tracks seed the
// next picks before their own related ones do.
func (a *Autoplay) NextSeed(from api.Track) api.Track {
	switch {
	case a.lastOwn.URN != "":
		return a.lastOwn
	case len(a.seeds) > 0:
		s := a.seeds[0]
		a.seeds = a.seeds[1:]
		return s
	}
	return from
}

// RadioRefill is how many tracks a radio with left of its tracks still to
// play should pick now: none while RadioLow or more are left, else
// enough to have RadioAhead again.
func RadioRefill(left int) int {
	if left >= RadioLow {
		return 0
	}
	return RadioAhead - max(left, 0)
}

// Failed records that track u could not play, and why: it is not picked
// again in this run. It reports whether the run should give up:
// AutoplayMaxFailures tracks in a row have failed. A track that fails
// twice (reported again) counts once.
func (a *Autoplay) Failed(u api.URN, why string) (giveUp bool) {
	if _, seen := a.failed[u.ID()]; !seen && len(a.failed) < maxAutoplayRun {
		a.failed[u.ID()] = why
		a.streak++
	}
	return a.streak >= AutoplayMaxFailures
}

// Played records that track u was heard: the failures in a row start
// over, and u is no longer counted as failed.
func (a *Autoplay) Played(u api.URN) {
	delete(a.failed, u.ID())
	a.streak = 0
}

func (a *Autoplay) hasFailed(id string) bool {
	_, ok := a.failed[id]
	return ok
}

// Failures is how many tracks in a row have failed to play.
func (a *Autoplay) Failures() int { return a.streak }

// FailedTracks returns the reasons the run's tracks failed, by track id.
func (a *Autoplay) FailedTracks() map[string]string {
	out := make(map[string]string, len(a.failed))
	for k, v := range a.failed {
		out[k] = v
	}
	return out
}

// Backoff is how long to wait before fetching and picking again: nothing
// while tracks play, then 2 s after the first failure in a row, doubling
// with each further one up to 30 s, so a run of failing tracks costs a
// few requests a minute, not hundreds.
func (a *Autoplay) Backoff() time.Duration {
	if a.streak == 0 {
		return 0
	}
	d := autoplayBackoffFirst
	for i := 1; i < a.streak && d < autoplayBackoffMax; i++ {
		d *= 2
	}
	return min(d, autoplayBackoffMax)
}

// Picked is how many tracks this run has picked or seeded.
func (a *Autoplay) Picked() int { return len(a.used) }

// Pick chooses the next tracks from in.Related, in the API's order,
// skipping the track itself, anything played recently or picked before in
// this run, preview-only tracks (unless allowed), blocked tracks and tracks
// known not to play. When in.Related has too few, it goes on with tracks
// related to earlier seeds of the run that were not needed then. A
// radio's own tracks (NewRadio) alternate with the related ones, under
// the same rules. Dry is set when nothing could be picked: the run has
// run out.
func (a *Autoplay) Pick(in AutoplayInput) AutoplayPick {
	n := in.N
	if n <= 0 {
		n = AutoplayBatch
	}
	// After failures, no more tracks than may still fail before the run
	// gives up: none is queued (and asked for) beyond that bound.
	n = max(1, min(n, AutoplayMaxFailures-a.streak))
	out := AutoplayPick{Skipped: map[string]int{}}
	if len(a.used) >= maxAutoplayRun {
		out.Dry = true
		return out
	}
	if in.Played.URN != "" {
		a.used[in.Played.URN.ID()] = true
	}
	recent, bad := idSet(in.Recent), idSet(in.Unplayable)
	reason := func(t *api.Track) string {
		id := t.URN.ID()
		switch {
		case t.URN == "":
			return SkipNoURN
		case id == in.Played.URN.ID():
			return SkipSame
		case a.hasFailed(id):
			return SkipFailed
		case a.used[id]:
			return SkipPicked
		case recent[id]:
			return SkipRecent
		case t.Access == api.AccessBlocked:
			return SkipBlocked
		case t.Access == api.AccessPreview && !in.AllowPreviews:
			return SkipPreview
		case bad[id]:
			return SkipUnplayable
		}

		return ""
	}
	// This seed's eligible tracks, then earlier seeds' leftovers.
	var rel []api.Track
	for i := range in.Related {
		t := &in.Related[i]
		if r := reason(t); r != "" {
			out.Skipped[r]++
			continue
		}
		if !containsID(rel, t.URN) {
			rel = append(rel, *t)
		}
	}
	for i := range a.backlog {
		if t := &a.backlog[i]; reason(t) == "" && !containsID(rel, t.URN) {
			rel = append(rel, *t)
		}
	}
	take := func(t api.Track, own bool) {
		a.used[t.URN.ID()] = true
		out.Tracks = append(out.Tracks, t)
		switch {
		case own:
			a.lastOwn = t
		case len(a.seeds) < maxAutoplayBacklog:
			a.seeds = append(a.seeds, t)
		}
	}
	// A radio's own tracks (a user's, a playlist's) take every other
	// place, starting with the first; either side fills in when the other
	// runs out.
	for len(out.Tracks) < n && (len(rel) > 0 || len(a.own) > 0) {
		if len(a.own) > 0 && (len(out.Tracks)%2 == 0 || len(rel) == 0) {
			t := a.own[0]
			a.own = a.own[1:]
			if r := reason(&t); r != "" {
				out.Skipped[r]++
				continue
			}
			take(t, true)
			continue
		}
		t := rel[0]
		rel = rel[1:]
		if a.used[t.URN.ID()] { // an own track picked in this same pick
			continue
		}
		take(t, false)
	}
	a.backlog = rel
	if len(a.backlog) > maxAutoplayBacklog {
		a.backlog = a.backlog[:maxAutoplayBacklog]
	}
	out.Dry = len(out.Tracks) == 0
	return out
}

func containsID(ts []api.Track, u api.URN) bool {
	for i := range ts {
		if ts[i].URN.ID() == u.ID() {
			return true
		}
	}
	return false
}

func idSet(us []api.URN) map[string]bool {
	m := make(map[string]bool, len(us))
	for _, u := range us {
		m[u.ID()] = true
	}
	return m
}
