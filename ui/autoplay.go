package ui

import (
	"context"
	"errors"
	"fmt"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/cirrus-tui/cirrus/api"
	"github.com/cirrus-tui/cirrus/player"
)

// autoplayer goes on with related tracks when the queue ends (repeat off).
// It owns the autoplay run (player.Autoplay decides what to pick), the
// tracks it queued and the tracks the player refused this session.
type autoplayer struct {
	c        *Common
	e        *env
	on       bool
	previews bool               // preview-only tracks may be picked
	run      *player.Autoplay   // nil: autoplay is not in charge
	picked   map[string]bool    // track ids this run queued
	isRow    func(item) bool    // the queue pane's: is this row an entry autoplay queued
	refused  map[string]api.URN // by id: tracks the player could not play (DRM, blocked)
	busy     bool               // related tracks are on their way
	gen      int                // drops answers to a fetch a reset replaced
	quitting bool
	gaveUp   bool   // too many picked tracks failed in a row: off until the listener plays something
	heard    string // id of the last picked track heard playing (player.Autoplay.Played told)
	// recent is what this machine played within AutoplayRecentWindow,
	// from the history's owner.
	recent func(since time.Time) []api.URN
	// why is what the status line said of the last refused track, by
	// id: a run it seeds says it first, or the reason would flash by.
	why map[string]string
}

func newAutoplayer(c *Common, e *env, on bool, recent func(time.Time) []api.URN) *autoplayer {
	return &autoplayer{c: c, e: e, on: on, picked: map[string]bool{}, refused: map[string]api.URN{}, recent: recent, why: map[string]string{}}
}

// autoplayMsg carries the related tracks of seed; with fetch set, it is
// the end of the wait (player.Autoplay.Backoff) before fetching them.
type autoplayMsg struct {
	gen     int
	seed    api.Track
	related []api.Track
	err     error
	fetch   bool
}

// autoplayHeard is how much of a picked track must play before it counts
// as played: the failures in a row start over.
const autoplayHeard = time.Second

// queueEnded reports whether the player stopped because the queue ran
// out: it was playing (or loading) a track, it stopped on that same track,
// and repeat is off. A cleared queue or a removed track has no track left.
func queueEnded(prev, st player.Status) bool {
	return (prev.State == player.Playing || prev.State == player.Loading) &&
		st.State == player.Stopped && st.Repeat == player.RepeatOff &&
		prev.Track != nil && st.Track != nil && prev.Track.URN == st.Track.URN
}

// event looks at each player event: refused tracks are remembered, and the
// end of the queue starts (or continues) a run.
func (a *autoplayer) event(prev player.Status, ev player.Event) tea.Cmd {
	st := ev.Status
	if ev.Kind == player.EventError && st.Track != nil &&
		(errors.Is(ev.Err, player.ErrDRM) || errors.Is(ev.Err, player.ErrBlocked)) {
		a.refused[st.Track.URN.ID()] = st.Track.URN
		a.why = map[string]string{st.Track.URN.ID(): playerErrorText(ev) + " "}
	}
	if cmd := a.track(ev); cmd != nil {
		return cmd
	}
	if !a.on || a.quitting || a.busy || a.gaveUp || !queueEnded(prev, st) {
		return nil
	}
	if a.run == nil {
		a.run = player.NewAutoplay()
		a.picked = map[string]bool{}
	}
	a.busy = true
	a.gen++
	if d := a.run.Backoff(); d > 0 {
		a.e.log.Info("autoplay waits after failures", "failures", a.run.Failures(), "wait", d)
		return a.c.After(d, autoplayMsg{gen: a.gen, seed: *st.Track, fetch: true})
	}
	return fetchRelated(a.e, a.gen, *st.Track, a.previews)
}

// track follows the tracks the run picked: one heard playing starts the
// failures in a row over; one that failed before it was heard is
// remembered with the reason, and AutoplayMaxFailures of them in a row
// end the run with a message that stays on the status line.
func (a *autoplayer) track(ev player.Event) tea.Cmd {
	st := ev.Status
	if a.run == nil || st.Track == nil || !a.picked[st.Track.URN.ID()] {
		return nil
	}
	id := st.Track.URN.ID()
	switch {
	case ev.Kind == player.EventPosition && st.State == player.Playing && st.Position >= autoplayHeard && a.heard != id:
		a.heard = id
		a.run.Played(st.Track.URN)
	case ev.Kind == player.EventError && ev.Err != nil && a.heard != id &&
		(st.State == player.Loading || st.Position < autoplayHeard):
		why := ev.Err.Error()
		a.e.log.Warn("autoplay track failed", "track", st.Track.URN, "reason", why, "in a row", a.run.Failures()+1)
		if !a.run.Failed(st.Track.URN, why) {
			return nil
		}
		n := a.run.Failures()
		a.e.log.Warn("autoplay gave up", "failed", a.run.FailedTracks())
		a.run, a.busy, a.gaveUp = nil, false, true
		a.gen++
		au := a.e.a
		text := fmt.Sprintf("Autoplay stopped: %d related tracks in a row could not play (last: %s). Play something to start again.", n, why)
		return tea.Batch(do(au.Stop), func() tea.Msg { return statusMsg{text: text, err: true, sticky: true} })
	}
	return nil
}

// fetchRelated reads up to AutoplayRelatedLimit tracks related to seed.
func fetchRelated(e *env, gen int, seed api.Track, previews bool) tea.Cmd {
	access := []string{api.AccessPlayable}
	if previews {
		access = append(access, api.AccessPreview)
	}
	return func() tea.Msg {
		rel, err := allPages(e.ctx, e.b, player.AutoplayRelatedLimit, func(ctx context.Context) (*api.Page[api.Track], error) {
			return e.b.RelatedTracks(ctx, seed.URN, api.ListOptions{Limit: player.AutoplayRelatedLimit, Access: access})
		})
		if len(rel) > player.AutoplayRelatedLimit {
			rel = rel[:player.AutoplayRelatedLimit]
		}
		return autoplayMsg{gen: gen, seed: seed, related: rel, err: err}
	}
}

// related picks from the fetched tracks, queues the pick and plays it; a
// run with nothing left to pick says so and stops.
func (a *autoplayer) related(msg autoplayMsg) tea.Cmd {
	if msg.gen != a.gen {
		return nil
	}
	if msg.fetch {
		if !a.on || a.quitting || a.run == nil {
			a.busy = false
			return nil
		}
		return fetchRelated(a.e, a.gen, msg.seed, a.previews)
	}
	a.busy = false
	if !a.on || a.quitting || a.run == nil {
		return nil
	}
	if msg.err != nil && len(msg.related) == 0 {
		a.run = nil
		return statusCmd("Autoplay stopped: related tracks: "+msg.err.Error(), true)
	}
	var unplayable []api.URN
	for _, u := range a.refused {
		unplayable = append(unplayable, u)
	}
	for _, t := range msg.related {
		if t.Limit() == api.LimitDRM { // its JSON says so: no need to try it first
			unplayable = append(unplayable, t.URN)
		}
	}
	var recent []api.URN
	if a.recent != nil {
		recent = a.recent(a.c.Now().Add(-player.AutoplayRecentWindow))
	}
	pick := a.run.Pick(player.AutoplayInput{Played: msg.seed, Related: msg.related, Recent: recent,
		Unplayable: unplayable, AllowPreviews: a.previews})
	a.e.log.Info("autoplay pick", "seed", msg.seed.URN, "related", len(msg.related), "picked", len(pick.Tracks), "skipped", pick.Skipped)
	if pick.Dry {
		a.run = nil
		return statusCmd("Autoplay ran out of related tracks: playback stopped.", false)
	}
	for _, t := range pick.Tracks {
		a.picked[t.URN.ID()] = true
	}
	au, tracks := a.e.a, pick.Tracks
	return tea.Batch(
		do(func() { au.EnqueueAutoplay(tracks...); au.Next() }),
		statusCmd(a.why[msg.seed.URN.ID()]+fmt.Sprintf("Autoplay: %s related to %s", plural(int64(len(tracks)), "track"), SanitizeLine(msg.seed.Title)), false),
	)
}

// toggle is the toggle_autoplay key; it returns what the status line
// says, for the root to show at once (a message sent through a command
// could arrive after the next press's and show the wrong state).
func (a *autoplayer) toggle() string {
	a.on = !a.on
	a.gaveUp = false
	if !a.on {
		a.run, a.busy = nil, false
		a.gen++
		return "Autoplay off: playback stops when the queue ends."
	}
	return "Autoplay on: related tracks follow when the queue ends."
}

// reset ends the run: the listener chose what to play.
func (a *autoplayer) reset() {
	a.run, a.busy, a.gaveUp = nil, false, false
	a.picked = map[string]bool{}
	a.gen++
}

// inCharge reports whether the playing track is one autoplay chose, or
// autoplay is looking for the next ones.
func (a *autoplayer) inCharge(st player.Status) bool {
	if !a.on {
		return false
	}
	return a.busy || (a.run != nil && st.Track != nil && a.picked[st.Track.URN.ID()])
}

// badge marks the queue rows autoplay queued: by entry (the player keeps
// which), so the same track queued by hand is not tagged.
func (a *autoplayer) badge(it item) string {
	if a.on && a.isRow != nil && a.isRow(it) {
		return "autoplay"
	}
	return ""
}
