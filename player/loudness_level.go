package player

import (
	"context"
	"math"
	"sync"
	"time"
)

// Levelled loudness (Options.Normalize = "track"): every track plays at
// targetLUFS integrated, its true peak held under ceilingDBTP by the
// look-ahead limiter.
//
// The gain is the track's own, chosen before its first sample plays:
//   - remembered: the loudness measured the last time it played
//     (loudMemory), if any, and nothing is fetched;
//   - a track preloaded to follow the playing one (a queue's every track
//     but the first) is probed while the other plays: a few segments
//     spread over it are fetched and 3 s of each decoded (AAC decodes at
//     hundreds of times real time), and its gain waits for them (at most
//     preloadSettle);
//   - a track started now (the first, a skip, a jump) does not wait: its
//     first audio must not share the network or the processor with a
//     probe, nor wait for one. Its gain comes from the audio already
//     decoded and waiting to play (its start: 1.5 s, or what is there
//     after startWait), and the
//     probe starts probeDelay after it plays;
//   - failing all that, a typical SoundCloud loudness (priorLUFS).
//
// Refinement: the probe's blocks and what plays are measured; once a
// second the gain's goal moves to the integrated loudness of all of it,
// within a bound of the first choice (refineKnown for a remembered
// value, refineBound after a probe, refineUnknown after the start or a
// guess), and the gain follows at most refineSlew dB per second
// (refineSlewStart after the start or a guess): a correction of 2 dB
// takes 8 s (4 s), far too slowly to hear as a change. A track heard
// long enough is remembered.
const (
	targetLUFS      = -14.0
	ceilingDBTP     = -1.0
	limiterCeilDB   = -1.15 // the limiter aims a little under the ceiling: its estimate of the true peak is one interpolator's
	priorLUFS       = -10.0
	maxBoostDB      = 12.0
	maxCutDB        = -30.0
	preloadSettle   = 5 * time.Second
	probeDelay      = 300 * time.Millisecond
	startWait       = 15 * time.Millisecond // the most a track started now waits for more of its start to measure
	probeMinBlocks  = 10                    // 1.3 s of audio
	probeAudio      = 3 * time.Second
	probeBudget     = 20 * time.Second // a probe still running this long after the start gives up
	refineBound     = 3.0
	refineUnknown   = 8.0
	refineKnown     = 1.0
	refineSlew      = 0.25 // dB per second
	refineSlewStart = 0.5
)

// NormalizeTrack and NormalizeOff are Options.Normalize's values.
const (
	NormalizeTrack = "track"
	NormalizeOff   = "off"
)

// trackLevel is one track's loudness: what was measured, the gain chosen
// and where refinement takes it. The probe's goroutines, the engine's
// reads and the track's close share it under mu.
type trackLevel struct {
	mu      sync.Mutex
	probe   loudHist // blocks the probe measured
	start   loudHist // blocks of the audio waiting to play when the gain was chosen
	played  loudHist // blocks of what was played (before gain)
	settled bool
	how     string  // where the first gain came from: "memory", "probe", "prior"
	initDB  float64 // the gain chosen before the first sample
	goalDB  float64 // where refinement takes it
	curDB   float64 // where it is (the last leveler's), for the next one after a seek
	bound   float64 // refinement stays within initDB ± bound
	known   float64 // the remembered loudness, when how == "memory"
	hasKnow bool

	probed    chan struct{} // closed when the probe ended (or there was none)
	probeOnce sync.Once
	probeCtx  context.Context // the track's lifetime
	probeSrc  source          // what the probe fetches and decodes; nil: nothing to probe
	cancel    context.CancelFunc
	once      sync.Once
	store     func(lufs float64) // remembers a track heard long enough
	dur       time.Duration
}

func newTrackLevel(dur time.Duration) *trackLevel {
	return &trackLevel{probed: make(chan struct{}), dur: dur, cancel: func() {}}
}

// settle chooses the gain, waiting at most wait for the probe. Later
// calls do nothing; a nil level is no normalisation.
func (tl *trackLevel) settle(wait time.Duration) {
	if tl == nil {
		return
	}
	tl.wait(wait)
	tl.mu.Lock()
	defer tl.mu.Unlock()
	tl.settleLocked()
}

// wait waits at most d for the probe to end.
func (tl *trackLevel) wait(d time.Duration) {
	if d <= 0 {
		return
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-tl.probed:
	case <-t.C:
	}
}

func (tl *trackLevel) settleLocked() {
	if tl.settled {
		return
	}
	tl.settled = true
	lufs := priorLUFS
	tl.how, tl.bound = "prior", refineUnknown
	var early loudHist
	early.merge(&tl.probe)
	early.merge(&tl.start)
	switch l, ok := tl.probe.integrated(); {
	case tl.hasKnow:
		lufs, tl.how, tl.bound = tl.known, "memory", refineKnown
	case ok && tl.probe.blocks() >= probeMinBlocks:
		lufs, tl.how, tl.bound = l, "probe", refineBound
	case early.blocks() >= 1:
		lufs, _ = early.integrated()
		tl.how, tl.bound = "start", refineUnknown
	}
	tl.initDB = gainFor(lufs)
	tl.goalDB, tl.curDB = tl.initDB, tl.initDB
}

// settleLevel chooses ts's gain (see trackLevel.settle) before it plays:
// the caller owns ts, not yet handed to the engine. Should the probe be
// late, the decoded audio waiting in ts's queue is measured (not taken).
func (ts *trackStream) settleLevel(wait time.Duration) {
	tl := ts.level
	if tl == nil {
		return
	}
	if wait > 0 {
		tl.startProbe(0)
		tl.wait(wait)
	} else {
		// the first audio goes first: its fetch and decoding do not
		// share the network, the sound server's or this machine's
		// time with the probe's
		defer tl.startProbe(probeDelay)
	}
	tl.mu.Lock()
	late := !tl.settled && !tl.hasKnow && tl.probe.blocks() < probeMinBlocks
	tl.mu.Unlock()
	if late && ts.q != nil {
		if r := ts.q.sampleRate(); r > 0 {
			// a second and a half measures better than the trial's
			// half; a busy machine's decoder is not waited for long
			ctx, cancel := context.WithTimeout(context.Background(), startWait)
			ts.q.waitFrames(ctx, r*3/2)
			cancel()
			m := newLoudMeter(r)
			ts.q.peek(r*3/2, m.add) // not all the queue holds (up to pcmAhead): first audio waits for this
			tl.mu.Lock()
			tl.start.merge(&m.hist)
			tl.mu.Unlock()
		}
	}
	tl.settle(0)
}

// peek hands f the first n frames waiting in the queue (or all there
// are), in order, without taking them.
func (q *pcmQueue) peek(n int, f func([][2]float32)) {
	q.mu.Lock()
	defer q.mu.Unlock()
	if q.closed || q.frames == 0 || n <= 0 {
		return
	}
	end := q.head + min(q.frames, n)
	f(q.ring[q.head:min(end, q.max)])
	if end > q.max {
		f(q.ring[:end-q.max])
	}
}

// gainFor is the gain in dB that brings lufs to the target, bounded.
func gainFor(lufs float64) float64 {
	return min(max(targetLUFS-lufs, maxCutDB), maxBoostDB)
}

// refine moves the goal to the loudness of all that was measured, within
// the bound. tl.mu held.
func (tl *trackLevel) refineLocked() {
	var all loudHist
	all.merge(&tl.probe)
	all.merge(&tl.played)
	if all.blocks() < 5*probeMinBlocks {
		return
	}
	l, ok := all.integrated()
	if !ok {
		return
	}
	tl.goalDB = min(max(gainFor(l), tl.initDB-tl.bound), tl.initDB+tl.bound)
}

// finish ends the probe and remembers the track's loudness when enough
// of it was heard: half of it, or two minutes.
func (tl *trackLevel) finish() {
	if tl == nil {
		return
	}
	tl.once.Do(func() {
		tl.probeOnce.Do(func() { close(tl.probed) }) // never to start now
		tl.mu.Lock()
		tl.cancel()
		heard := time.Duration(tl.played.blocks()) * 100 * time.Millisecond
		enough := heard >= 2*time.Minute || (tl.dur > 0 && heard >= tl.dur/2)
		var all loudHist
		all.merge(&tl.probe)
		all.merge(&tl.played)
		l, ok := all.integrated()
		store := tl.store
		tl.mu.Unlock()
		if enough && ok && store != nil {
			store(l)
		}
	})
}

// reader wraps a track's frames at the device rate in its leveler.
func (tl *trackLevel) reader(src frameReader, rate int) frameReader {
	tl.mu.Lock()
	tl.settleLocked() // a path that did not settle (it should have) does not wait
	cur, slew := tl.curDB, refineSlew
	if tl.how == "start" || tl.how == "prior" {
		slew = refineSlewStart
	}
	tl.mu.Unlock()
	return &leveler{src: src, tl: tl, lim: newLimiter(rate, limiterCeilDB), meter: newLoudMeter(rate),
		gain: toGain(cur), rate: rate, slew: math.Pow(10, slew/20/float64(rate))}
}

// leveler is a frameReader that applies the track's gain and the
// limiter: what it gives is limiter.delay() frames behind what it read,
// so its first read reads that much more, and at the end it gives the
// frames it still holds before it says the track ended.
type leveler struct {
	src   frameReader
	tl    *trackLevel
	lim   *limiter
	meter *loudMeter
	rate  int
	gain  float64 // linear, now
	goal  float64 // linear
	slew  float64 // the most the gain moves per frame, as a factor
	in    [][2]float32
	eof   bool
	fed   int64 // frames read from src
	out   int64 // frames given
	tick  int   // frames since the last refinement
}

func (l *leveler) read(dst [][2]float32) (int, bool) {
	if l.goal == 0 {
		l.goal = l.gain
	}
	n := 0
	for n < len(dst) {
		if l.eof {
			for n < len(dst) && l.out < l.fed {
				if y, ok := l.lim.push(0, 0); ok {
					dst[n] = [2]float32{float32(y[0]), float32(y[1])}
					n++
					l.out++
				}
			}
			break
		}
		want := len(dst) - n
		if l.fed == 0 {
			want += l.lim.delay()
		}
		if cap(l.in) < want {
			l.in = make([][2]float32, want)
		}
		k, ok := l.src.read(l.in[:want])
		if k > 0 {
			n += l.process(l.in[:k], dst[n:])
		}
		if !ok {
			l.eof = true
		} else if k == 0 {
			break
		}
	}
	return n, n > 0
}

// process measures in, applies the gain and the limiter, and writes what
// leaves the limiter to dst; it returns how many frames it wrote.
func (l *leveler) process(in, dst [][2]float32) int {
	l.meter.add(in)
	l.tick += len(in)
	if l.tick >= l.rate {
		l.tick = 0
		l.tl.mu.Lock()
		l.tl.played.merge(&l.meter.hist)
		l.tl.refineLocked()
		l.goal = toGain(l.tl.goalDB)
		l.tl.curDB = dB(l.gain)
		l.tl.mu.Unlock()
		l.meter.hist = loudHist{}
	}
	n := 0
	for _, f := range in {
		switch {
		case l.gain < l.goal:
			l.gain = min(l.gain*l.slew, l.goal)
		case l.gain > l.goal:
			l.gain = max(l.gain/l.slew, l.goal)
		}
		l.fed++
		y, ok := l.lim.push(float64(f[0])*l.gain, float64(f[1])*l.gain)
		if !ok {
			continue
		}
		dst[n] = [2]float32{float32(y[0]), float32(y[1])}
		n++
		l.out++
	}
	return n
}
