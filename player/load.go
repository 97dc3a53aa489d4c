package player

import (
	"errors"
	"fmt"
	"time"

	"github.com/cirrus-tui/cirrus/api"
)

// startCurrent loads the queue's current track in the background. p.mu held.
func (p *Player) startCurrent(autoplay bool) {
	p.startCurrentAt(autoplay, 0)
}

// startCurrentAt is startCurrent beginning at position at. p.mu held.
func (p *Player) startCurrentAt(autoplay bool, at time.Duration) {
	p.gen++
	gen := p.gen
	p.dropStreams()
	p.out.flush()
	idx := p.q.current()
	t := p.q.track(idx)
	if t == nil {
		p.stopLocked()
		return
	}
	p.buffering = false
	p.emit(EventTrackChanged, nil)
	p.setState(Loading)
	// The device stays suspended until there is audio for it: started any
	// earlier it would queue silence in front of the first sound.
	p.eng.setPaused(true)
	p.out.pause()
	go func() {
		ts, err := p.openTrack(p.ctx, *t, idx, at)
		if err == nil {
			ts.q.waitFrames(ts.ctx, 2048)
			ts.settleLevel(0)
		}
		p.mu.Lock()
		defer p.mu.Unlock()
		if gen != p.gen || p.closed {
			if ts != nil {
				ts.close()
			}
			return
		}
		if err != nil {
			p.failed(t, err)
			return
		}
		p.failures, p.backward = 0, false
		p.cur = ts
		p.eng.setCurrent(ts)
		if autoplay && p.state == Loading {
			p.eng.setPaused(false)
			p.out.resume()
			p.setState(Playing)
		} else {
			p.setState(Paused)
		}
		p.emit(EventTrackChanged, nil)
	}()
}

// failed reports a track that cannot play and moves on in the direction
// of travel: after previous, to the one before it. p.mu held.
func (p *Player) failed(t *api.Track, err error) {
	if p.refusedForApp(t, err) {
		return
	}
	p.emit(EventError, fmt.Errorf("play %q: %w", sanitize(t.Title), err))
	p.failures++
	if p.failures < len(p.q.order) && p.skip() {
		p.startCurrent(true)
		return
	}
	p.failures, p.backward = 0, false
	p.stopLocked()
}

// skip moves past the current track the way the listener was going. p.mu held.
func (p *Player) skip() bool {
	if p.backward {
		return p.q.back()
	}
	return p.q.advance(false)
}

// warner turns non-fatal trouble in a track (a skipped corrupt segment, a
// reconnect) into error events while that track is current.
func (p *Player) warner(ts *trackStream) func(error) {
	return func(err error) {
		p.mu.Lock()
		defer p.mu.Unlock()
		if p.cur == ts && !p.closed {
			p.emit(EventError, fmt.Errorf("%s: %w", sanitize(ts.track.Title), err))
		}
	}
}

// trackEnded runs when the engine finished old; next is the preloaded track
// the engine already moved to, or nil.
func (p *Player) trackEnded(old, next *trackStream, err error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.closed || old != p.cur {
		if next != nil && next != p.next {
			next.close()
		}
		return
	}
	if err != nil {
		p.emit(EventError, fmt.Errorf("play %q: %w", sanitize(old.track.Title), err))
	}
	old.close()
	if next != nil && next == p.next {
		idx := p.q.current()
		p.q.advance(true)
		p.gen++
		p.cur, p.next, p.preloadOK = next, nil, false
		if p.eng.heardBehind(next, p.out.buffered()) > 0 {
			// the output still holds the old track's end: it is
			// announced when the new one is heard (tick)
			p.tail = &trackTail{ts: old, idx: idx}
			p.wakeTick()
			return
		}
		p.emit(EventTrackChanged, nil)
		return
	}
	p.cur = nil
	if p.q.advance(true) {
		p.startCurrent(true)
		return
	}
	p.endLocked()
	if p.q.current() < 0 && len(p.q.order) > 0 {
		p.q.pos = len(p.q.order) - 1
	}
}

// preload opens the track that will follow the current one, so the engine
// can move to it without a gap. p.mu held.
func (p *Player) preload() {
	if p.preloadOK || p.cur == nil {
		return
	}
	idx := p.q.peekNext(true)
	t := p.q.track(idx)
	if t == nil {
		return
	}
	p.preloadOK = true
	gen := p.gen
	cur := p.cur
	go func() {
		ts, err := p.openTrack(p.ctx, *t, idx, 0)
		if err == nil {
			ts.settleLevel(preloadSettle)
		}
		p.mu.Lock()
		defer p.mu.Unlock()
		if gen != p.gen || p.cur != cur || !p.preloadOK || p.closed || p.next != nil {
			if ts != nil {
				ts.close()
			}
			return
		}
		if err != nil {
			// it will be tried (and reported) again when its turn comes;
			// a refusal of the app is not asked again every tick
			p.preloadOK = errors.Is(err, api.ErrAppNotEntitled)
			return
		}
		p.next = ts
		p.eng.setNext(ts)
	}()
}

// tick sends a position event each second of audio while playing, notices
// buffering and device failures, and starts preloading near a track's end.
// It sleeps while nothing plays, and wakes once a second while a track
// plays steadily (see tickAfter).
func (p *Player) tick() {
	t := time.NewTimer(tickEvery)
	defer t.Stop()
	// The device's watchdog: where the position stood and since when,
	// while there was audio for the device to take.
	var stallPos time.Duration
	var stallSince time.Time
	// The last position event's second and track.
	shownSecond := time.Duration(-1)
	var shownTrack api.URN
	for {
		p.mu.Lock()
		playing := p.state == Playing || p.state == Loading
		p.mu.Unlock()
		if !playing {
			t.Stop()
			select {
			case <-p.ctx.Done():
				return
			case <-p.wake:
			}
			t.Reset(tickEvery)
			continue
		}
		select {
		case <-p.ctx.Done():
			return
		case <-p.wake:
			t.Stop() // looks now; reset below
		case <-t.C:
		}
		next := tickEvery
		p.mu.Lock()
		if p.state == Playing && p.cur != nil {
			if err := p.out.err(); err != nil {
				p.emit(EventError, deviceError{err})
				p.pauseLocked()
				p.mu.Unlock()
				t.Reset(tickEvery)
				continue
			}
			ahead, done := p.cur.q.buffered()
			starved := p.cur.q.takeStarved()
			if _, file := p.out.(*wavOutput); file {
				starved = false // a file writer waiting for the decoder is not heard
			}
			if b := starved && !done && ahead < 500*time.Millisecond; b != p.buffering {
				p.buffering = b
				p.emit(EventBuffering, nil)
			}
			var behind int64
			if p.tail != nil {
				if behind = p.eng.heardBehind(p.cur, p.out.buffered()); behind <= 0 {
					p.endTailLocked()
				}
			}
			p.rev++
			st := p.statusLocked()
			if p.tail == nil && (done || (st.Duration > 0 && st.Duration-st.Position < preloadAhead)) {
				p.preload()
			}
			// The position is shown to the second: one event per second
			// of audio, not per tick, lets the UI sleep in between.
			urn := api.URN("")
			if st.Track != nil {
				urn = st.Track.URN
			}
			if sec := st.Position / time.Second; sec != shownSecond || urn != shownTrack {
				shownSecond, shownTrack = sec, urn
				p.emitStatus(Event{Kind: EventPosition, Status: st})
			}
			// A device that takes nothing for deviceStall although a
			// second of audio waits for it (a frozen sound server) is
			// reported, not shown as playing at a standing position;
			// not while the output says it is reconnecting (it said so,
			// and plays on once back).
			if ahead < time.Second || p.buffering || p.away || st.Position != stallPos || stallSince.IsZero() {
				stallPos, stallSince = st.Position, time.Now()
			} else if time.Since(stallSince) >= deviceStall {
				p.emit(EventError, deviceError{fmt.Errorf("audio device: no sound played for %v although the audio is ready (is the sound server running?)", deviceStall)})
				p.pauseLocked()
				stallSince = time.Time{}
			}
			next = tickAfter(st.Position, ahead, done, starved || p.buffering || p.away)
			if p.tail != nil {
				// just after the old track's end is heard
				next = min(next, time.Duration(behind)*time.Second/time.Duration(p.eng.rate)+tickLate)
			}
		} else {
			stallSince = time.Time{}
		}
		p.mu.Unlock()
		t.Reset(next)
	}
}

// tickAfter is when the tick looks again while a track plays at pos with
// ahead decoded (done: all of it): just after the position's next second,
// when its event is due, while the audio is well ahead; every tickEvery
// while it runs low, starved, buffering or away, so that buffering is
// seen at once. Playing steadily the player then wakes once a second.
func tickAfter(pos, ahead time.Duration, done, unsteady bool) time.Duration {
	if unsteady || (!done && ahead < tickSteadyAhead) || pos < 0 {
		return tickEvery
	}
	return time.Second - pos%time.Second + tickLate
}

// tickSteadyAhead: with this much decoded, a second's tick cannot miss the
// queue running dry (it drains at most a second a second).
const tickSteadyAhead = 1500 * time.Millisecond

// tickLate puts the tick just after the second it shows, not just before.
const tickLate = 5 * time.Millisecond
