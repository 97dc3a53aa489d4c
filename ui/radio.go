package ui

import (
	"context"
	"fmt"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/cirrus-tui/cirrus/api"
	"github.com/cirrus-tui/cirrus/player"
	"github.com/cirrus-tui/cirrus/player/command"
)

// A radio (R, :radio) is an autoplay run the listener starts from any
// track, user or playlist: it replaces what plays after the current track
// with the seed and related tracks (a user's or playlist's own tracks
// alternate with related ones), marks them "radio", and refills the queue
// when fewer than player.RadioLow of its tracks are still to play. The
// picker is autoplay's (player.Autoplay), so a radio never queues a track
// twice, nor one this machine played within player.AutoplayRecentWindow
// (4 hours; the history in memory.go is the owner of what was played).
// The player's queue owns the radio itself (player.Radio: that one runs,
// its seed): it is saved with the session, and after a restart the run is
// rebuilt from it (radio_resume.go). The autoplayer owns the run, the
// picker's memory; this file holds what starts and refills it.

// radioSeed is what a radio started from.
type radioSeed struct {
	title string    // the track's, user's or playlist's name, as given
	track api.Track // a track radio's seed; zero for a user or playlist
}

// radioStartMsg carries what a radio needs to start: the seed track (or
// the user's or playlist's own tracks) and the first related tracks.
type radioStartMsg struct {
	gen     int
	seed    radioSeed
	own     []api.Track
	related []api.Track
	playing api.URN // the track playing when R was pressed: not queued again
	err     error
}

// radioOn reports whether a radio is in charge: the queue holds one (as
// the player last said) and the run is the radio's.
func (a *autoplayer) radioOn() bool {
	if a.radioOf == nil {
		return false
	}
	return a.radioIn(a.radioOf())
}

// radioIn is radioOn with the queue's radio r as a status says.
func (a *autoplayer) radioIn(r *player.Radio) bool {
	return r != nil && a.run != nil && a.kind == player.FromRadio
}

// radioSeed is the queue's radio's seed track; zero when none runs.
func (a *autoplayer) radioSeed() api.Track {
	if a.radioOf == nil {
		return api.Track{}
	}
	if r := a.radioOf(); r != nil {
		return r.Seed
	}
	return api.Track{}
}

// endRun ends a run that failed or ran dry; a radio's end is the queue's
// too (player.EndRadio).
func (a *autoplayer) endRun() tea.Cmd {
	radio := a.kind == player.FromRadio
	a.run = nil
	if !radio {
		return nil
	}
	a.dropped = a.radioOf()
	return do(a.e.a.EndRadio)
}

// radioFrom is the seed of a radio started on it; false for a row that
// cannot seed one.
func radioFrom(it item) (radioSeed, bool) {
	switch {
	case it.Track != nil:
		return radioSeed{title: it.Track.Title, track: *it.Track}, true
	case it.User != nil:
		return radioSeed{title: it.User.Username}, true
	case it.Playlist != nil:
		return radioSeed{title: it.Playlist.Title}, true
	}
	return radioSeed{}, false
}

// startRadio fetches what a radio from it starts with; the answer
// (radioStartMsg) replaces the queue after the playing track. playing is
// the track playing now, if any.
func (a *autoplayer) startRadio(it item, playing *api.Track) tea.Cmd {
	seed, ok := radioFrom(it)
	if !ok {
		return statusCmd("Select a track, user or playlist to start a radio from.", true)
	}
	a.gen++
	a.busy = true // no refill or autoplay until the radio has started
	gen, e, previews := a.gen, a.e, a.previews
	var now api.URN
	if playing != nil {
		now = playing.URN
	}
	fetch := func() tea.Msg {
		msg := radioStartMsg{gen: gen, seed: seed, playing: now}
		from := seed.track
		switch {
		case it.User != nil:
			msg.own, msg.err = allPages(e.ctx, e.b, player.RadioOwnLimit, func(ctx context.Context) (*api.Page[api.Track], error) {
				return e.b.UserTracks(ctx, it.User.URN, api.ListOptions{Limit: player.AutoplayRelatedLimit})
			})
		case it.Playlist != nil:
			msg.own, msg.err = allPages(e.ctx, e.b, player.RadioOwnLimit, func(ctx context.Context) (*api.Page[api.Track], error) {
				return e.b.PlaylistTracks(ctx, it.Playlist.URN, api.ListOptions{Limit: player.AutoplayRelatedLimit})
			})
		}
		if len(msg.own) > player.RadioOwnLimit {
			msg.own = msg.own[:player.RadioOwnLimit]
		}
		if len(msg.own) > 0 {
			from = msg.own[0]
		}
		if from.URN == "" {
			if msg.err == nil {
				msg.err = fmt.Errorf("%q has no tracks", SanitizeLine(seed.title))
			}
			return msg
		}
		rel := fetchRelated(e, gen, from, previews)().(autoplayMsg)
		msg.related = rel.related
		if msg.err == nil && len(rel.related) == 0 {
			msg.err = rel.err
		}
		return msg
	}
	return tea.Batch(statusCmd("Starting a radio from "+SanitizeLine(seed.title)+"…", false), fetch)
}

// radioStarted makes the run and replaces what plays after the current
// track with the radio's first tracks; the status line says how many
// queued tracks that replaced.
func (a *autoplayer) radioStarted(msg radioStartMsg) tea.Cmd {
	if msg.gen != a.gen {
		return nil
	}
	a.busy, a.ended, a.recount = false, false, false
	name := SanitizeLine(msg.seed.title)
	if msg.err != nil && len(msg.own) == 0 && msg.seed.track.URN == "" {
		return statusCmd("No radio from "+name+": "+msg.err.Error(), true)
	}
	run := player.NewRadio(msg.own)
	var first []api.Track
	seed := msg.seed.track
	if seed.URN != "" && seed.URN != msg.playing {
		first = append(first, seed)
	}
	var recent []api.URN
	if a.recent != nil {
		recent = a.recent(a.c.Now().Add(-player.AutoplayRecentWindow))
	}
	var unplayable []api.URN
	for _, u := range a.refused {
		unplayable = append(unplayable, u)
	}
	pick := run.Pick(player.AutoplayInput{Played: seed, Related: msg.related, Recent: recent,
		Unplayable: unplayable, AllowPreviews: a.previews, N: player.RadioAhead})
	a.e.log.Info("radio start", "from", msg.seed.title, "own", len(msg.own), "related", len(msg.related),
		"picked", len(pick.Tracks), "skipped", pick.Skipped, "err", msg.err)
	first = append(first, pick.Tracks...)
	if len(first) == 0 {
		why := "no related tracks left to play"
		if msg.err != nil {
			why = msg.err.Error()
		}
		return statusCmd("No radio from "+name+": "+why+".", true)
	}
	a.run, a.kind, a.gaveUp = run, player.FromRadio, false
	a.picked = map[string]bool{}
	if msg.playing != "" && msg.playing == seed.URN {
		a.picked[seed.URN.ID()] = true // the bar says radio while the seed plays on
	}
	for _, t := range first {
		a.picked[t.URN.ID()] = true
	}
	from := seed
	if len(msg.own) > 0 {
		from = msg.own[0]
	}
	r := player.Radio{Title: msg.seed.title, Seed: from, Own: msg.own}
	au, n := a.e.a, len(first)
	return func() tea.Msg {
		dropped := au.StartRadio(r, first)
		text := fmt.Sprintf("Radio from %s: %s queued", name, plural(int64(n), "track"))
		if msg.playing != "" {
			text += " after the playing track"
		}
		if dropped > 0 {
			text += fmt.Sprintf(", in place of the %s queued there", plural(int64(dropped), "track"))
		}
		return statusMsg{text: text + " (:radio off ends it)."}
	}
}

// radioCheck asks the player, after a track change or a queue change,
// how many radio tracks are left, and fetches related tracks when fewer
// than player.RadioLow are.
func (a *autoplayer) radioCheck(on bool, kind player.EventKind) tea.Cmd {
	if !on || (kind != player.EventTrackChanged && kind != player.EventQueueChanged) {
		return nil
	}
	a.busy = true
	a.gen++
	gen, au := a.gen, a.e.a
	return func() tea.Msg {
		if n := player.RadioRefill(au.Upcoming(player.FromRadio)); n > 0 {
			return autoplayMsg{gen: gen, refill: n, fetch: true}
		}
		return autoplayMsg{gen: gen, refill: -1}
	}
}

// stopRadio is :radio off: no more refills; what the radio queued stays,
// marked, to play out or remove. It returns what the status line says.
func (a *autoplayer) stopRadio() (string, tea.Cmd) {
	if !a.radioOn() {
		return "No radio is playing.", nil
	}
	name := SanitizeLine(a.radioOf().Title)
	a.reset()
	return "Radio from " + name + " ended: its queued tracks stay, nothing more is added.", do(a.e.a.EndRadio)
}

// radio runs :radio and R: start a radio from the selected row (or the
// playing track with "playing"), or end it with "off".
func (m *Model) radio(c command.Command) tea.Cmd {
	if c.Switch == command.Off {
		text, end := m.auto.stopRadio()
		return tea.Batch(end, m.setStatus(text, false))
	}
	it, ok := m.targetOf(c.Target)
	if !ok {
		return m.setStatus("Nothing is playing or selected to start a radio from.", true)
	}
	var playing *api.Track
	if st := m.np.Status(); st.State != player.Stopped {
		playing = st.Track
	}
	return m.auto.startRadio(it, playing)
}

// remoteMsg is a command cirrus ctl handed to the screen (a radio).
type remoteMsg struct{ c command.Command }

// Remote wraps a command from cirrus ctl for the running program
// (tea.Program.Send): the model applies it as if typed on the `:` line.
func Remote(c command.Command) tea.Msg { return remoteMsg{c} }
