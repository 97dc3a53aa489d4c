package player

import "math"

// limiter keeps the true peak of a stereo signal under a ceiling with a
// look-ahead: every frame leaves it look frames (and the interpolator's
// reach) late, by which time the gain has already come down, smoothly,
// for the peak it carries. Per input frame k:
//
//	need[k]  the gain that brings frame k's true peak (the frame and the
//	         4×-oversampled points on either side of it) to the ceiling, ≤ 1
//	m[k]     the least need over the window k-look .. k (a monotonic queue)
//	env[k]   m[k], but rising back to 1 only at the release rate
//	g        env through two moving averages of look/2+1 frames: an
//	         S-shaped attack over look frames, no step anywhere
//
// g for the frame that leaves (k - look) averages env over frames that
// all saw that frame's need in their window, so it is never above it:
// the ceiling holds by construction, not by a final clip.
type limiter struct {
	ceil    float64
	look    int
	release float64 // per frame: env moves this fraction of the way back to 1

	// x holds input frames for the interpolator and the delay: the frame
	// in slot s is at x[s] and again at x[s+nx], so the interpolator's
	// taps and the delayed frame are read from x[slot+nx-…] with no wrap
	// to check.
	x    []([2]float64)
	nx   int
	slot int // where the next frame goes
	k    int // frames fed so far

	// quiet is the largest sample magnitude whose 12 taps cannot make a
	// point above the ceiling (ceil over the interpolator's largest sum of
	// |taps|); loud is the last frame that had a sample above it. While
	// no frame in the interpolator's window is loud, no point between its
	// frames can be over the ceiling, and the 4× interpolation is skipped:
	// the need comes out the same, exactly.
	quiet float64
	loud  int
	exact bool // always interpolate (tests compare the two)

	ipPrev float64 // largest interpolated magnitude between the last two frames known

	// sliding minimum of need over look+1 frames: a ring (a power of two
	// long) of frames whose needs rise from front to back
	mq     []limNeed
	mh, mn int

	env        float64
	box1, box2 []float64 // the two averages' windows
	sum1, sum2 float64
	i1, i2     int
	resync     int
}

type limNeed struct {
	frame int
	need  float64
}

// limiterLook is the look-ahead: long enough for an attack that is not a
// click, short enough not to matter for latency (the output is this much
// late, once, at a track's start; nothing is waited for).
const limiterLook = 5 // ms

// tpGainBound is the most any interpolated point can be, as a multiple of
// the largest magnitude among the samples its taps read.
var tpGainBound = func() float64 {
	var most float64
	for p := range tpPhase {
		var s float64
		for _, h := range tpPhase[p] {
			s += math.Abs(h)
		}
		most = max(most, s)
	}
	return most
}()

// The interpolator's phases are mirror images: the point 3/4 of the way
// has the taps of the point 1/4 of the way reversed, and the midpoint's
// taps are symmetric. So with a = x[j]+x[11-j] and b = x[j]-x[11-j] for
// the six outer pairs, the three points are sums over six terms, not
// twelve: y1/4 = Σ even·a + odd·b, y3/4 = Σ even·a - odd·b, y1/2 = Σ mid·a.
var tpEven, tpOdd, tpMid = func() (e, o, m [tpHalf]float64) {
	for j := range tpHalf {
		h, k := &tpPhase[0], tpTaps-1-j
		e[j] = (h[j] + h[k]) / 2
		o[j] = (h[j] - h[k]) / 2
		m[j] = tpPhase[1][j]
	}
	return
}()

// tpBetween is the largest magnitude, in either channel, of the three
// points between the middle two of the 12 frames in win.
func tpBetween(win [][2]float64) float64 {
	win = win[:tpTaps]
	var e0, o0, m0, e1, o1, m1 float64
	for j := range tpHalf {
		x, y := win[j], win[tpTaps-1-j]
		a0, b0 := x[0]+y[0], x[0]-y[0]
		a1, b1 := x[1]+y[1], x[1]-y[1]
		e0 += tpEven[j] * a0
		o0 += tpOdd[j] * b0
		m0 += tpMid[j] * a0
		e1 += tpEven[j] * a1
		o1 += tpOdd[j] * b1
		m1 += tpMid[j] * a1
	}
	return max(math.Abs(e0+o0), math.Abs(e0-o0), math.Abs(m0),
		math.Abs(e1+o1), math.Abs(e1-o1), math.Abs(m1))
}

// newLimiter keeps the true peak at or below ceilDB dBTP at rate.
func newLimiter(rate int, ceilDB float64) *limiter {
	look := max(rate*limiterLook/1000, 4) &^ 1 // even, so look/2+1 frames twice reach back look frames
	n := look/2 + 1
	nq := 1
	for nq < look+2 {
		nq *= 2
	}
	ceil := toGain(ceilDB)
	l := &limiter{
		ceil:    ceil,
		look:    look,
		release: 1 - math.Exp(-1/(0.15*float64(rate))), // 150 ms
		x:       make([][2]float64, 2*(look+tpHalf+tpTaps+2)),
		nx:      look + tpHalf + tpTaps + 2,
		quiet:   ceil / tpGainBound * (1 - 1e-9), // rounding aside
		loud:    -tpTaps - 1,
		mq:      make([]limNeed, nq),
		env:     1,
		box1:    make([]float64, n),
		box2:    make([]float64, n),
	}
	for i := range l.box1 {
		l.box1[i], l.box2[i] = 1, 1
	}
	l.sum1, l.sum2 = float64(n), float64(n)
	return l
}

// delay is how many frames late the limiter's output is.
func (l *limiter) delay() int { return l.look + tpHalf }

// push feeds one frame and returns the frame that leaves, and false while
// the first delay() frames (which are not audio) would leave.
func (l *limiter) push(a, b float64) ([2]float64, bool) {
	if math.IsNaN(a) || math.IsInf(a, 0) {
		a = 0
	}
	if math.IsNaN(b) || math.IsInf(b, 0) {
		b = 0
	}
	nx := l.nx
	s := l.slot
	l.x[s] = [2]float64{a, b}
	l.x[s+nx] = [2]float64{a, b}
	if l.slot++; l.slot == nx {
		l.slot = 0
	}
	if math.Abs(a) > l.quiet || math.Abs(b) > l.quiet {
		l.loud = l.k
	}
	l.k++
	// The points between frames k-tpHalf-1 and k-tpHalf are now known
	// (their taps reach to the newest frame).
	c := l.k - 1 - tpHalf // the frame whose need is decided now
	if c < 0 {
		return [2]float64{}, false
	}
	// Frames before the first are silence: their slots are still zero
	// while the window reaches back past frame 0 (nx > tpTaps).
	ip := 0.0 // largest magnitude between frames c and c+1
	if l.exact || l.loud > l.k-1-tpTaps {
		ip = tpBetween(l.x[s+nx-tpTaps+1 : s+nx+1])
	}
	xc := l.x[s+nx-tpHalf]
	peak := max(math.Abs(xc[0]), math.Abs(xc[1]), ip, l.ipPrev)
	l.ipPrev = ip
	need := 1.0
	if peak > l.ceil {
		need = l.ceil / peak
	}
	// sliding minimum over c-look .. c
	mask := len(l.mq) - 1
	for l.mn > 0 && l.mq[(l.mh+l.mn-1)&mask].need >= need {
		l.mn--
	}
	l.mq[(l.mh+l.mn)&mask] = limNeed{c, need}
	l.mn++
	if l.mq[l.mh].frame < c-l.look {
		l.mh = (l.mh + 1) & mask
		l.mn--
	}
	m := l.mq[l.mh].need
	// release: env falls at once, rises slowly
	l.env += (1 - l.env) * l.release
	l.env = min(l.env, m)
	// two moving averages
	n := len(l.box1)
	l.sum1 += l.env - l.box1[l.i1]
	l.box1[l.i1] = l.env
	if l.i1++; l.i1 == n {
		l.i1 = 0
	}
	a1 := l.sum1 / float64(n)
	l.sum2 += a1 - l.box2[l.i2]
	l.box2[l.i2] = a1
	if l.i2++; l.i2 == n {
		l.i2 = 0
	}
	g := l.sum2 / float64(n)
	if l.resync++; l.resync == 4096 {
		// running sums drift by rounding: sum afresh now and then
		l.resync = 0
		l.sum1, l.sum2 = 0, 0
		for i := range l.box1 {
			l.sum1 += l.box1[i]
			l.sum2 += l.box2[i]
		}
	}
	// g is at most every env in the windows, each at most the need of
	// frame c - look; rounding aside, so a hair of margin.
	g = min(g*(1-1e-9), 1)
	if c < l.look {
		return [2]float64{}, false
	}
	y := l.x[s+nx-tpHalf-l.look] // frame c - look
	return [2]float64{y[0] * g, y[1] * g}, true
}
