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
)

// Reasons a related track is not picked, as counted in AutoplayPick.Skipped.
const (
	SkipSame       = "same track"
	SkipRecent     = "played recently"
	SkipPicked     = "already picked"
	SkipPreview    = "preview only"
	SkipBlocked    = "blocked"
	SkipUnplayable = "cannot play here" // DRM-protected or refused before
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
}

// NewAutoplay starts a run.
func NewAutoplay() *Autoplay { return &Autoplay{used: map[string]bool{}} }

// Picked is how many tracks this run has picked or seeded.
func (a *Autoplay) Picked() int { return len(a.used) }

// Pick chooses the next tracks from in.Related, in the API's order,
// skipping the track itself, anything played recently or picked before in
// this run, preview-only tracks (unless allowed), blocked tracks and tracks
// known not to play. When in.Related has too few, it goes on with tracks
// related to earlier seeds of the run that were not needed then. Dry is
// set when nothing could be picked: the run has run out.
func (a *Autoplay) Pick(in AutoplayInput) AutoplayPick {
	n := in.N
	if n <= 0 {
		n = AutoplayBatch
	}
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
	var spare []api.Track
	for i := range in.Related {
		t := &in.Related[i]
		if r := reason(t); r != "" {
			out.Skipped[r]++
			continue
		}
		if len(out.Tracks) < n {
			a.used[t.URN.ID()] = true
			out.Tracks = append(out.Tracks, *t)
		} else if !containsID(spare, t.URN) {
			spare = append(spare, *t)
		}
	}
	// Earlier seeds' leftovers, after this seed's own.
	var keep []api.Track
	for i := range a.backlog {
		t := &a.backlog[i]
		if reason(t) != "" || containsID(spare, t.URN) {
			continue
		}
		if len(out.Tracks) < n {
			a.used[t.URN.ID()] = true
			out.Tracks = append(out.Tracks, *t)
			continue
		}
		keep = append(keep, *t)
	}
	a.backlog = append(spare, keep...)
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
