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
// averaged over each sample's span and scaled so the loudest sample is
// WaveformHeight (as SoundCloud normalises its waveforms), or nil for an
// unknown piece.
func (l *Library) Waveform(s Spec) []int {
	v, err := l.resolve(s)
	if err != nil {
		return nil
	}
	p := v.p
	mean := 0.0
	for _, a := range p.loud {
		mean += a
	}
	mean /= float64(len(p.loud))
	total := v.samples()
	pass := int64(p.segs) * SegmentSamples
	win := int64(p.loudWin)
	amp := make([]float64, WaveformWidth)
	peak := 0.0
	for j := range amp {
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
		amp[j] = a
		peak = max(peak, a)
	}
	out := make([]int, WaveformWidth)
	if peak == 0 {
		return out
	}
	for j, a := range amp {
		out[j] = int(math.Round(a / peak * WaveformHeight))
	}
	return out
}
