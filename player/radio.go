package player

import (
	"time"

	"github.com/cirrus-tui/cirrus/api"
)

// Radio is a radio the queue runs (R, :radio): what it started from. The
// queue is its one owner: Status reports it, a session saves and restores
// it with the entries it marked (RestoreWith), and it ends when the queue
// is replaced (PlayTracks, Load) or cleared, or the listener ends it
// (EndRadio). The picker's memory (Autoplay, from NewRadio) is the UI's
// and is rebuilt from this after a restart. A Radio is never changed once
// the queue holds it: a new radio is a new value.
type Radio struct {
	Title string // the track's, user's or playlist's name, as given
	// Seed is the track related tracks come from when no pick is left
	// to seed them: the seed track, or a user's or playlist's first one.
	Seed api.Track
	// Own are a user's or playlist's tracks it mixes in, in their
	// order; at most RadioOwnLimit; none for a radio from one track.
	Own []api.Track
}

// StartRadio puts tracks, marked radio, in place of everything after the
// current track (ReplaceUpcoming) and makes r the queue's radio, in one
// change: the event that shows the new entries shows the radio on. It
// reports how many queued tracks it dropped.
func (p *Player) StartRadio(r Radio, tracks []api.Track) (dropped int) {
	r.Own = append([]api.Track(nil), r.Own[:min(len(r.Own), RadioOwnLimit)]...)
	p.mu.Lock()
	defer p.mu.Unlock()
	p.q.radio = &r
	return p.replaceUpcoming(FromRadio, tracks)
}

// EndRadio ends the queue's radio: nothing more is added; the entries it
// queued stay, marked, to play out or remove.
func (p *Player) EndRadio() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.q.radio == nil {
		return
	}
	p.q.radio = nil
	p.emit(EventQueueChanged, nil)
}

// ReplaceUpcoming puts tracks, marked as o's, in place of everything
// after the current track (the current one plays on). When the player is
// stopped, or the queue has no current track, the first of them starts.
// It reports how many queued tracks it dropped.
func (p *Player) ReplaceUpcoming(o Origin, tracks []api.Track) (dropped int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.replaceUpcoming(o, tracks)
}

func (p *Player) replaceUpcoming(o Origin, tracks []api.Track) (dropped int) {
	dropped = p.q.dropUpcoming()
	start := len(tracks) > 0 && (p.state == Stopped || p.q.current() < 0)
	p.q.appendFrom(o, tracks...)
	switch {
	case !start:
	case p.q.current() < 0:
		p.q.pos = 0 // the queue was emptied: tracks are all of it, in order
	default:
		p.q.advance(false)
	}
	p.queueChanged()
	if start {
		p.backward = false
		p.startCurrent(true)
	}
	return dropped
}

// RestoreWith is Restore with each entry's origin and the queue's radio
// (nil: none), as a session saved them: after a restart the rows still
// say radio and the radio goes on.
func (p *Player) RestoreWith(entries []QueueEntry, start int, at time.Duration, r *Radio) {
	tracks := make([]api.Track, len(entries))
	for i, e := range entries {
		tracks[i] = e.Track
	}
	if r != nil {
		c := *r
		c.Own = append([]api.Track(nil), c.Own[:min(len(c.Own), RadioOwnLimit)]...)
		r = &c
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.q.set(tracks, start)
	for i, e := range entries {
		p.q.from[i] = e.From
	}
	p.q.radio = r
	p.backward = false
	p.emit(EventQueueChanged, nil)
	if p.q.current() < 0 {
		p.stopLocked()
		return
	}
	p.startCurrentAt(false, at)
}

// Seen counts tracks as picked by this run, so it never picks them: a
// radio's run rebuilt after a restart is told what the queue holds.
func (a *Autoplay) Seen(ts ...api.Track) {
	for _, t := range ts {
		if t.URN != "" && len(a.used) < maxAutoplayRun {
			a.used[t.URN.ID()] = true
		}
	}
}
