package ui

import (
	"context"
	"time"

	"github.com/cirrus-tui/cirrus/api"
)

// Restored queues and the local history are saved as stubs (URN, title,
// artist, length): enough to show a row and play it. What the detail pane,
// the waveform and the artwork need is read again from the API when they
// come back, within bounds, so a restart shows what it showed before.
const (
	maxRefetch = 200 // tracks read again per restore or history visit
	// restoreBudget bounds reading a restored queue again: the stubs show
	// meanwhile, so it can wait out a slow network.
	restoreBudget = 20 * time.Second
	// historyBudget bounds it for the History tab, which waits for it.
	historyBudget = 5 * time.Second
)

// wholeTracks reads the tracks of urns again, at most maxRefetch of them
// within budget, by canonical id. Tracks it could not read are
// missing from the map; the reason is logged.
func wholeTracks(ctx context.Context, e *env, urns []api.URN, budget time.Duration) map[string]api.Track {
	urns = urns[:min(len(urns), maxRefetch)]
	if len(urns) == 0 {
		return nil
	}
	ctx, cancel := context.WithTimeout(ctx, budget)
	defer cancel()
	ts, err := e.b.TracksByURN(ctx, urns)
	if err != nil {
		e.log.Warn("read restored tracks again", "tracks", len(urns), "err", err)
	}
	out := make(map[string]api.Track, len(ts))
	for _, t := range ts {
		out[t.URN.ID()] = t
	}
	return out
}

// around is the indices of at most n entries of a list of length len
// nearest to cur, cur's first.
func around(length, cur, n int) []int {
	out := make([]int, 0, min(length, n))
	if cur < 0 || cur >= length {
		cur = 0
	}
	for d := 0; len(out) < n && (cur-d >= 0 || cur+d < length); d++ {
		if cur+d < length {
			out = append(out, cur+d)
		}
		if d > 0 && cur-d >= 0 && len(out) < n {
			out = append(out, cur-d)
		}
	}
	return out
}
