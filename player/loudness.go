package player

import (
	"math"
)

// Loudness as ITU-R BS.1770-4 measures it: each channel through the
// K-weighting filter (a high shelf that models the head, then a high
// pass), mean square over 400 ms blocks that overlap by 75 %, the block's
// loudness -0.691 + 10·log10(Σ channel mean squares) (left and right
// weigh 1), and the integrated loudness over the blocks that pass two
// gates: an absolute one at -70 LUFS, then a relative one 10 LU below
// the loudness of the blocks above the first. A track's gain is the
// target minus that.

// The standard's K-weighting filter at 48 kHz (BS.1770-4, Tables 1 and 2).
var (
	kShelf48 = biquad{b0: 1.53512485958697, b1: -2.69169618940638, b2: 1.19839281085285, a1: -1.69065929318241, a2: 0.73248077421585}
	kHigh48  = biquad{b0: 1, b1: -2, b2: 1, a1: -1.99004745483398, a2: 0.99007225036621}
)

// biquad is a second-order IIR section, a0 normalised to 1.
type biquad struct{ b0, b1, b2, a1, a2 float64 }

// atRate is the filter f, defined at 48 kHz, for another sample rate: the
// analogue filter the 48 kHz one is the bilinear transform of (with
// s = 2·fs·(z-1)/(z+1)), transformed again at rate. The standard gives
// coefficients for 48 kHz only; this keeps its response to within a few
// hundredths of a dB below 15 kHz at 44.1 kHz.
func (f biquad) atRate(rate int) biquad {
	if rate == 48000 || rate <= 0 {
		return f
	}
	r := float64(rate) / 48000 // the new 2·fs over the old one
	// With c = 2·fs, a digital section n0 + n1 z⁻¹ + n2 z⁻² comes from
	// the analogue B2 s² + B1 s + B0 as n0 = B2c² + B1c + B0,
	// n1 = 2(B0 − B2c²), n2 = B2c² − B1c + B0; so B2c² = (n0 − n1 + n2)/4,
	// B1c = (n0 − n2)/2, B0 = (n0 + n1 + n2)/4.
	redo := func(n0, n1, n2 float64) (float64, float64, float64) {
		p2 := (n0 - n1 + n2) / 4 * r * r
		p1 := (n0 - n2) / 2 * r
		p0 := (n0 + n1 + n2) / 4
		return p2 + p1 + p0, 2 * (p0 - p2), p2 - p1 + p0
	}
	b0, b1, b2 := redo(f.b0, f.b1, f.b2)
	a0, a1, a2 := redo(1, f.a1, f.a2)
	return biquad{b0: b0 / a0, b1: b1 / a0, b2: b2 / a0, a1: a1 / a0, a2: a2 / a0}
}

// biquadState is one channel's memory of a biquad (direct form II transposed).
type biquadState struct{ z1, z2 float64 }

func (s *biquadState) run(f *biquad, x float64) float64 {
	y := f.b0*x + s.z1
	s.z1 = f.b1*x - f.a1*y + s.z2
	s.z2 = f.b2*x - f.a2*y
	return y
}

// Loudness histogram: block loudness from histLow in steps of histStep
// LU. A histogram, not a list of blocks, keeps a two-hour mix's
// measurement as small as a jingle's, and two measurements of one track
// (the probe's and what was played) add up.
const (
	histLow  = -70.0 // the absolute gate
	histStep = 0.02
	histBins = 4000 // up to +10 LUFS
)

// loudHist is the gated-loudness blocks of a measurement: per bin, how
// many blocks and the sum of their mean square power.
type loudHist struct {
	count [histBins]uint32
	power [histBins]float64
	n     int // blocks in all (above the absolute gate)
}

func (h *loudHist) add(power float64) {
	l := blockLoudness(power)
	if !(l > histLow) { // below the absolute gate, or NaN
		return
	}
	i := min(int((l-histLow)/histStep), histBins-1)
	h.count[i]++
	h.power[i] += power
	h.n++
}

// merge adds o's blocks to h.
func (h *loudHist) merge(o *loudHist) {
	for i := range h.count {
		h.count[i] += o.count[i]
		h.power[i] += o.power[i]
	}
	h.n += o.n
}

// blocks is how many blocks passed the absolute gate.
func (h *loudHist) blocks() int { return h.n }

// integrated is the gated integrated loudness in LUFS, and false when no
// block passed the gates.
func (h *loudHist) integrated() (float64, bool) {
	var sum float64
	var n uint64
	for i := range h.count {
		sum += h.power[i]
		n += uint64(h.count[i])
	}
	if n == 0 {
		return 0, false
	}
	gate := blockLoudness(sum/float64(n)) - 10 // the relative gate
	sum, n = 0, 0
	for i := range h.count {
		// a bin is in when its blocks' mean loudness is above the gate
		if h.count[i] == 0 || blockLoudness(h.power[i]/float64(h.count[i])) <= gate {
			continue
		}
		sum += h.power[i]
		n += uint64(h.count[i])
	}
	if n == 0 {
		return 0, false
	}
	return blockLoudness(sum / float64(n)), true
}

// blockLoudness is BS.1770's loudness of a mean square power summed over
// channels.
func blockLoudness(power float64) float64 {
	return -0.691 + 10*math.Log10(power)
}

// loudMeter measures the loudness of stereo audio at one rate.
type loudMeter struct {
	shelf, high biquad
	st          [2][2]biquadState // per channel: shelf, high pass
	step        int               // frames per 100 ms
	sub         [4]float64        // the last four 100 ms sums of squares
	subN        int               // how many of sub are filled
	acc         float64           // the running 100 ms sum
	accN        int               // frames in acc
	hist        loudHist
}

func newLoudMeter(rate int) *loudMeter {
	return &loudMeter{shelf: kShelf48.atRate(rate), high: kHigh48.atRate(rate), step: max(rate/10, 1)}
}

// add measures frames. A frame that is not a number is measured as silence.
func (m *loudMeter) add(f [][2]float32) {
	for _, x := range f {
		var e float64
		for c := 0; c < 2; c++ {
			v := float64(x[c])
			if math.IsNaN(v) || math.IsInf(v, 0) {
				v = 0
			}
			y := m.st[c][1].run(&m.high, m.st[c][0].run(&m.shelf, v))
			e += y * y
		}
		m.acc += e
		if m.accN++; m.accN == m.step {
			m.endSub()
		}
	}
}

// endSub closes a 100 ms step: a block of the last four steps is measured.
func (m *loudMeter) endSub() {
	copy(m.sub[:], m.sub[1:])
	m.sub[3] = m.acc
	m.acc, m.accN = 0, 0
	if m.subN < 4 {
		m.subN++
	}
	if m.subN == 4 {
		m.hist.add((m.sub[0] + m.sub[1] + m.sub[2] + m.sub[3]) / float64(4*m.step))
	}
	// Filters that blew up (they cannot, but a NaN must never stay).
	for c := range m.st {
		for k := range m.st[c] {
			s := &m.st[c][k]
			if math.IsNaN(s.z1) || math.IsNaN(s.z2) || math.IsInf(s.z1, 0) || math.IsInf(s.z2, 0) {
				*s = biquadState{}
			}
		}
	}
}

// True peak, BS.1770-4 Annex 2: the signal 4× oversampled, and the
// largest magnitude among the samples and the three points between each
// two. The points come from a windowed-sinc interpolator of tpTaps taps
// around them.
const (
	tpHalf = 6 // taps each side of the point
	tpTaps = 2 * tpHalf
)

// tpPhase[p] are the taps for the point p/4 of the way from sample k to
// k+1, applied to samples k-tpHalf+1 .. k+tpHalf.
var tpPhase = func() (ph [3][tpTaps]float64) {
	for p := 1; p <= 3; p++ {
		frac := float64(p) / 4
		var sum float64
		for j := 0; j < tpTaps; j++ {
			t := float64(j-tpHalf+1) - frac // distance from the point, in samples
			w := 0.5 + 0.5*math.Cos(math.Pi*t/(tpHalf+0.5))
			v := w * sinc(t*0.95) * 0.95 // a little below Nyquist
			ph[p-1][j] = v
			sum += v
		}
		for j := range ph[p-1] {
			ph[p-1][j] /= sum // unity at DC
		}
	}
	return ph
}()

func sinc(x float64) float64 {
	if x == 0 {
		return 1
	}
	return math.Sin(math.Pi*x) / (math.Pi * x)
}

// truePeak is the largest true-peak magnitude of frames (both channels),
// linear: for tests and measurements, not the limiter's running estimate.
func truePeak(f [][2]float32) float64 {
	var peak float64
	for c := 0; c < 2; c++ {
		at := func(i int) float64 {
			if i < 0 || i >= len(f) {
				return 0
			}
			return float64(f[i][c])
		}
		for k := range f {
			peak = max(peak, math.Abs(at(k)))
			for p := range tpPhase {
				var y float64
				for j := 0; j < tpTaps; j++ {
					y += tpPhase[p][j] * at(k-tpHalf+1+j)
				}
				peak = max(peak, math.Abs(y))
			}
		}
	}
	return peak
}

// dB converts a linear gain to decibels; toGain the other way.
func dB(g float64) float64      { return 20 * math.Log10(g) }
func toGain(db float64) float64 { return math.Pow(10, db/20) }
