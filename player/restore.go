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
