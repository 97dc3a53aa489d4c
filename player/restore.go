package player

import (
	"time"

	"github.com/cirrus-tui/cirrus/api"
)

// Restore replaces the queue with tracks and prepares track start at
// position at, paused: session restore reopens where the listener left
// off without making a sound until they press play.
func (p *Player) Restore(tracks []api.Track, start int, at time.Duration) {
	p.replaceQueue(tracks, start, false, at)
}

// Refresh puts fuller copies of tracks already in the queue in place of
// what it holds (matched by URN; order, current track and position stay):
// a restored queue is saved as stubs and read again afterwards, so the
// first frame need not wait for the network. Tracks not in the queue are
// ignored. It reports the change as EventQueueChanged.
func (p *Player) Refresh(tracks []api.Track) {
	if len(tracks) == 0 {
		return
	}
	whole := make(map[string]api.Track, len(tracks))
	for _, t := range tracks {
		whole[t.URN.ID()] = t
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	changed := false
	for i := range p.q.tracks {
		if t, ok := whole[p.q.tracks[i].URN.ID()]; ok {
			p.q.tracks[i], changed = t, true
		}
	}
	if !changed {
		return
	}
	p.emit(EventQueueChanged, nil)
	if o, ok := p.out.(trackNamer); ok {
		o.setTrack(p.q.track(p.q.current()))
	}
}
