package player

import (
	"context"
	"sync"
	"time"
)

// probePoints are where, as fractions of the track, the probe measures:
// spread over it, the very start left to what plays.
var probePoints = []float64{0.15, 0.38, 0.62, 0.85}

// levelFor gives ts its loudness: what is remembered for the track, and
// what its probe will need (it starts when the gain is settled, see
// trackStream.settleLevel). Nothing when normalisation is off.
func (p *Player) levelFor(ts *trackStream) {
	if p.opts.Normalize != NormalizeTrack {
		return
	}
	tl := newTrackLevel(ts.dur)
	ts.level = tl
	key := string(ts.track.URN)
	if ts.preview {
		key = "" // a preview's loudness is not the track's
	}
	if key != "" && p.loudMem != nil {
		if v, ok := p.loudMem.get(key); ok {
			tl.known, tl.hasKnow = v, true
		}
		tl.store = func(lufs float64) { go p.loudMem.put(key, lufs) } // a close holds the player's lock: no file I/O under it
	}
	if tl.hasKnow {
		return
	}
	tl.probeCtx, tl.probeSrc = ts.ctx, ts.source() // the stream on trial; after a fail-over the probe's figures, of the same track, still hold
}

// startProbe starts the probe (once, and only if there is a source to
// probe), after delay; tl.probed is closed when it ended or when there
// is none.
func (tl *trackLevel) startProbe(delay time.Duration) {
	tl.probeOnce.Do(func() {
		if tl.probeSrc == nil || tl.probeCtx == nil {
			close(tl.probed)
			return
		}
		ctx, cancel := context.WithTimeout(tl.probeCtx, probeBudget+delay)
		tl.mu.Lock()
		tl.cancel = cancel
		tl.mu.Unlock()
		go func() {
			defer close(tl.probed)
			defer cancel()
			if delay > 0 {
				t := time.NewTimer(delay)
				defer t.Stop()
				select {
				case <-t.C:
				case <-ctx.Done():
					return
				}
			}
			probeTrack(ctx, tl.probeSrc, tl.dur, tl)
		}()
	})
}

// probeTrack measures the loudness at probePoints, all at once, into
// tl.probe: probeAudio of each (a segment of an HLS stream, fetched
// alone; a stretch of a progressive one).
func probeTrack(ctx context.Context, src source, dur time.Duration, tl *trackLevel) {
	var wg sync.WaitGroup
	// The segments are fetched at once, but decoded one at a time: the
	// track's first audio, decoding meanwhile, keeps a processor.
	turn := make(chan struct{}, 1)
	measure := func(run func(q *pcmQueue) error) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			probeOne(ctx, tl, turn, run)
		}()
	}
	if h, ok := src.(*hlsSource); ok {
		pl, _ := h.playlist()
		if pl == nil || len(pl.segments) < 2 {
			return
		}
		seen := map[int]bool{0: true}
		for _, f := range probePoints {
			i := min(int(f*float64(len(pl.segments))), len(pl.segments)-1)
			if seen[i] {
				continue
			}
			seen[i] = true
			measure(func(q *pcmQueue) error { return h.decodeSegment(ctx, i, q) })
		}
	} else if dur > 0 {
		for _, f := range probePoints {
			at := time.Duration(f * float64(dur))
			measure(func(q *pcmQueue) error { return src.decode(ctx, at, q, func(error) {}) })
		}
	}
	wg.Wait()
}

// probeOne runs a decoder into a queue of its own and measures up to
// probeAudio of what it gives, once it has its turn (the decoder runs
// only a little ahead of the measuring); what it measured counts at once,
// half a second at a time, so a gain chosen before the probes end has
// something from each.
func probeOne(ctx context.Context, tl *trackLevel, turn chan struct{}, run func(q *pcmQueue) error) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	q := newPCMQueue(8192)
	go func() {
		err := run(q)
		q.finish(err)
	}()
	defer q.close()
	rate := q.sampleRate()
	if rate == 0 {
		return
	}
	select {
	case turn <- struct{}{}:
		defer func() { <-turn }()
	case <-ctx.Done():
		return
	}
	m := newLoudMeter(rate)
	buf := make([][2]float32, 4096)
	left := int(probeAudio.Seconds() * float64(rate))
	since := 0
	for left > 0 && ctx.Err() == nil {
		n, ok := q.read(buf[:min(len(buf), left)])
		m.add(buf[:n])
		left -= n
		if since += n; since >= rate/2 || left <= 0 || !ok {
			since = 0
			tl.mu.Lock()
			tl.probe.merge(&m.hist)
			tl.mu.Unlock()
			m.hist = loudHist{}
		}
		if !ok {
			break
		}
	}
}

// decodeSegment decodes segment i of the stream alone into q: what the
// probe measures.
func (h *hlsSource) decodeSegment(ctx context.Context, i int, q *pcmQueue) error {
	pl, _ := h.playlist()
	b, err := h.fetch(ctx, i)
	if err != nil {
		return err
	}
	seg := pl.segments[i]
	f, err := sniffSegment(seg, b, h.kind)
	if err != nil {
		return err
	}
	ch := make(chan fetchedSegment)
	close(ch)
	segs := &segQueue{first: &fetchedSegment{i: i, disc: seg.disc, data: b}, ch: ch}
	warn := func(error) {}
	if f == segMP3 {
		return h.decodeMP3(ctx, seg.start, i, segs, q, warn)
	}
	return h.decodeAAC(ctx, seg.start, i, segs, q, warn)
}
