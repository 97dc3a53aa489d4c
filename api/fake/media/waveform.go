package media

import "math"

// WaveformWidth and WaveformHeight are the dimensions of SoundCloud's
// waveform JSON: WaveformWidth samples, each in 0..WaveformHeight.
const (
	WaveformWidth  = 1800
	WaveformHeight = 140
)

func dbToAmplitude(db float64) float64 {
	if db <= -120 {
		return 0
	}
	return math.Pow(10, db/20)
}

// Waveform returns WaveformWidth loudness samples in 0..WaveformHeight
// over the whole virtual track, from the piece's measured RMS loudness
// (scaled so the piece's loudest moment is WaveformHeight), or nil for an
// unknown piece.
func (l *Library) Waveform(s Spec) []int {
	v, err := l.resolve(s)
	if err != nil {
		return nil
	}
	p := v.p
	peak, mean := 0.0, 0.0
	for _, a := range p.loud {
		peak = max(peak, a)
		mean += a
	}
	mean /= float64(len(p.loud))
	if peak == 0 {
		return make([]int, WaveformWidth)
	}
	total := v.samples()
	pass := int64(p.segs) * SegmentSamples
	win := int64(p.loudWin)
	out := make([]int, WaveformWidth)
	for j := range out {
		t0 := total * int64(j) / WaveformWidth
		t1 := total * int64(j+1) / WaveformWidth
		a := mean
		if t1-t0 < pass {
			sum, n := 0.0, 0
			for t := t0; t < t1 || n == 0; t += win {
				sum += p.loud[(t%pass)/win]
				n++
			}
			a = sum / float64(n)
		}
		out[j] = int(math.Round(a / peak * WaveformHeight))
	}
	return out
}
