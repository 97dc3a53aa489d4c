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

// autoplayer goes on with related tracks when the queue ends (repeat off),
// and runs a radio the listener started (radio.go). It owns the run
// (player.Autoplay decides what to pick), the tracks it queued and the
// tracks the player refused this session.
type autoplayer struct {
	c        *Common
	e        *env
	on       bool
	previews bool             // preview-only tracks may be picked
	run      *player.Autoplay // nil: neither autoplay nor a radio is in charge
	kind     player.Origin    // whose run: FromAutoplay, or FromRadio
	// radioOf is the queue's radio as the player last said (its owner:
	// player.Radio, in the status); nil when none runs.
	radioOf func() *player.Radio
	// dropped is the radio last ended here (by :radio off, a new queue, a
	// run that gave up), kept so that events sent before the player
	// heard of it do not take it up again; adopting: its queue is asked for
	dropped  *player.Radio
	adopting bool
	picked   map[string]bool          // track ids this run queued
	rowFrom  func(item) player.Origin // the queue pane's: who queued this row
	refused  map[string]api.URN       // by id: tracks the player could not play (DRM, blocked)
	busy     bool                     // related tracks are on their way
	gen      int                      // drops answers to a fetch a reset replaced
	quitting bool
	gaveUp   bool   // too many picked tracks failed in a row: off until the listener plays something
	heard    string // id of the last picked track heard playing (player.Autoplay.Played told)
	ended    bool   // the queue ended while a radio's refill was on its way
	recount  bool   // the radio's tracks changed while its count was on its way
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
// refill > 0 is a radio's refill of that many tracks while its tracks
// still play (nothing to skip to; with fetch, the count said to fetch);
// refill < 0 says the radio has enough.
type autoplayMsg struct {
	gen     int
	seed    api.Track
	related []api.Track
	err     error
	fetch   bool
	refill  int
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
	if prev.Radio != nil && st.Radio == nil && a.kind == player.FromRadio {
		// the player ended the radio (a new queue, a cleared one)
		a.reset()
	}
	if cmd := a.adopt(st.Radio); cmd != nil {
		return cmd
	}
	radio := a.radioIn(st.Radio)
	if ev.Kind == player.EventError && st.Track != nil &&
		(errors.Is(ev.Err, player.ErrDRM) || errors.Is(ev.Err, player.ErrBlocked)) {
		a.refused[st.Track.URN.ID()] = st.Track.URN
		a.why = map[string]string{st.Track.URN.ID(): playerErrorText(ev) + " "}
	}
	if cmd := a.track(ev); cmd != nil {
		return cmd
	}
	if a.quitting || a.gaveUp {
		return nil
	}
	if a.busy {
		// a radio's refill on its way when the queue ran out plays on;
		// a skip meanwhile is counted again once the answer is in
		a.ended = a.ended || (radio && queueEnded(prev, st))
		a.recount = a.recount || (radio && (ev.Kind == player.EventTrackChanged || ev.Kind == player.EventQueueChanged))
		return nil
	}
	if !queueEnded(prev, st) {
		return a.radioCheck(radio, ev.Kind)
	}
	if !a.on && !radio {
		return nil
	}
	if a.run == nil {
		a.run, a.kind = player.NewAutoplay(), player.FromAutoplay
		a.picked = map[string]bool{}
	}
	seed := *st.Track
	if radio {
		seed = a.run.NextSeed(seed)
	}
	a.busy = true
	a.gen++
	if d := a.run.Backoff(); d > 0 {
		a.e.log.Info("autoplay waits after failures", "failures", a.run.Failures(), "wait", d)
		return a.c.After(d, autoplayMsg{gen: a.gen, seed: seed, fetch: true})
	}
	return fetchRelated(a.e, a.gen, seed, a.previews)
}

// active reports whether the run may go on: a radio's while the queue
// holds it, autoplay's while autoplay is on.
func (a *autoplayer) active() bool {
	return !a.quitting && a.run != nil && (a.on && a.kind == player.FromAutoplay || a.radioOn())
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
		text := fmt.Sprintf("%s stopped: %d related tracks in a row could not play (last: %s). Play something to start again.", a.name(), n, why)
		end := a.endRun()
		a.busy, a.gaveUp = false, true
		a.gen++
		au := a.e.a
		return tea.Batch(end, do(au.Stop), func() tea.Msg { return statusMsg{text: text, err: true, sticky: true} })
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
		if !a.active() {
			a.busy = false
			return nil
		}
		if msg.refill <= 0 {
			return fetchRelated(a.e, a.gen, msg.seed, a.previews)
		}
		fetch, n := fetchRelated(a.e, a.gen, a.run.NextSeed(a.radioSeed()), a.previews), msg.refill
		return func() tea.Msg {
			got := fetch().(autoplayMsg)
			got.refill = n
			return got
		}
	}
	a.busy = false
	ended, recount := a.ended, a.recount
	a.ended, a.recount = false, false
	if !a.active() {
		return nil
	}
	if msg.refill < 0 { // a radio with enough tracks queued
		switch {
		case ended:
			a.busy = true
			return fetchRelated(a.e, a.gen, a.run.NextSeed(a.radioSeed()), a.previews)
		case recount:
			return a.radioCheck(a.radioOn(), player.EventTrackChanged)
		}
		return nil
	}
	if ended {
		msg.refill = 0 // the queue ran out meanwhile: what comes must play
	}
	if msg.err != nil && len(msg.related) == 0 {
		if msg.refill > 0 {
			// the radio's tracks still play: try again at the next track
			a.e.log.Warn("radio refill", "err", msg.err)
			return nil
		}
		name := a.name()
		return tea.Batch(a.endRun(), statusCmd(name+" stopped: related tracks: "+msg.err.Error(), true))
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
	n := msg.refill
	if a.kind == player.FromRadio && n == 0 {
		n = player.RadioAhead // the queue ended: the radio starts over its batch
	}
	pick := a.run.Pick(player.AutoplayInput{Played: msg.seed, Related: msg.related, Recent: recent,
		Unplayable: unplayable, AllowPreviews: a.previews, N: n})
	a.e.log.Info(a.kind.String()+" pick", "seed", msg.seed.URN, "related", len(msg.related), "picked", len(pick.Tracks), "skipped", pick.Skipped)
	if pick.Dry {
		if msg.refill > 0 {
			return nil // what is queued plays out; the end of the queue asks once more
		}
		name := a.name()
		return tea.Batch(a.endRun(), statusCmd(name+" ran out of related tracks: playback stopped.", false))
	}
	for _, t := range pick.Tracks {
		a.picked[t.URN.ID()] = true
	}
	au, tracks, kind := a.e.a, pick.Tracks, a.kind
	if msg.refill > 0 {
		return do(func() { au.EnqueueFrom(kind, tracks...) })
	}
	return tea.Batch(
		do(func() {
			if kind == player.FromRadio {
				au.EnqueueFrom(kind, tracks...)
			} else {
				au.EnqueueAutoplay(tracks...)
			}
			au.Next()
		}),
		statusCmd(a.why[msg.seed.URN.ID()]+fmt.Sprintf("%s: %s related to %s", a.name(), plural(int64(len(tracks)), "track"), SanitizeLine(msg.seed.Title)), false),
	)
}

// name is what the status line calls the run.
func (a *autoplayer) name() string {
	if a.kind == player.FromRadio {
		return "Radio"
	}
	return "Autoplay"
}

// toggle is the toggle_autoplay key; it returns what the status line
// says, for the root to show at once (a message sent through a command
// could arrive after the next press's and show the wrong state).
func (a *autoplayer) toggle() string {
	a.on = !a.on
	a.gaveUp = false
	if !a.on && !a.radioOn() {
		a.run, a.busy = nil, false
		a.gen++
	}
	if !a.on {
		return "Autoplay off: playback stops when the queue ends."
	}
	return "Autoplay on: related tracks follow when the queue ends."
}

// reset ends the run, a radio's too: the listener chose what to play.
func (a *autoplayer) reset() {
	a.run, a.busy, a.gaveUp, a.ended, a.recount = nil, false, false, false, false
	if a.kind == player.FromRadio && a.radioOf != nil {
		a.dropped = a.radioOf()
	}
	a.kind = player.FromListener
	a.picked = map[string]bool{}
	a.gen++
}

// label is what the now-playing bar says about who is in charge: "radio"
// while a radio's track (or its seed) plays, "autoplay" while autoplay's
// does or autoplay looks for the next ones; "" otherwise.
func (a *autoplayer) label(st player.Status) string {
	switch {
	case a.radioIn(st.Radio):
		if st.Track != nil && a.picked[st.Track.URN.ID()] {
			return "radio"
		}
	case a.on && a.run != nil && a.kind == player.FromAutoplay && (a.busy || (st.Track != nil && a.picked[st.Track.URN.ID()])):
		return "autoplay"
	}
	return ""
}

// badge marks the queue rows autoplay or a radio queued: by entry (the
// player keeps which), so the same track queued by hand is not tagged.
// Autoplay's marks go with autoplay switched off; a radio's stay.
func (a *autoplayer) badge(it item) string {
	if a.rowFrom == nil {
		return ""
	}
	switch o := a.rowFrom(it); {
	case o == player.FromRadio, o == player.FromAutoplay && a.on:
		return o.String()
	}
	return ""
}
