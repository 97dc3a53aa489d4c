package aac

import "math"

// KBD window alphas of AAC (ISO/IEC 14496-3, 4.6.11).
const (
	kbdAlphaLong  = 4
	kbdAlphaShort = 6
)

// Window halves, built once. A window of N samples is symmetric, so only
// its rising half is stored; the falling half reads it backwards. The
// frame-level halves (1024 samples each) fold in the window sequence, so
// the overlap-add loop is one multiply per sample whatever the sequence.
var (
	longRise  [2][frameLen]float32 // w[n], n < 1024, of the 2048-point window, by shape
	shortRise [2][shortLen]float32 // w[n], n < 128, of the 256-point window, by shape
	shortFall [2][shortLen]float32 // w[128+n] of the 256-point window, by shape

	leftLong   [2][frameLen]float32 // left half of ONLY_LONG and LONG_START, by previous shape
	leftStop   [2][frameLen]float32 // left half of LONG_STOP: 0, short rise, 1
	rightLong  [2][frameLen]float32 // right half of ONLY_LONG and LONG_STOP, by shape
	rightStart [2][frameLen]float32 // right half of LONG_START: 1, short fall, 0
)

// shortStart is where a short-window slope starts inside a 1024-sample
// half of a long frame: the first of EIGHT_SHORT's windows rises over
// 448..575, as do LONG_STOP's left slope and (mirrored) LONG_START's right.
const shortStart = (frameLen - shortLen) / 2 // 448

func buildWindows() {
	for shape := 0; shape < 2; shape++ {
		var lr []float64
		var sr []float64
		if windowShape(shape) == kbdWindow {
			lr = kbdRise(2*frameLen, kbdAlphaLong)
			sr = kbdRise(2*shortLen, kbdAlphaShort)
		} else {
			lr = sineRise(2 * frameLen)
			sr = sineRise(2 * shortLen)
		}
		for n := range frameLen {
			longRise[shape][n] = float32(lr[n])
		}
		for n := range shortLen {
			shortRise[shape][n] = float32(sr[n])
			shortFall[shape][n] = float32(sr[shortLen-1-n])
		}
		for n := range frameLen {
			leftLong[shape][n] = longRise[shape][n]
			rightLong[shape][n] = longRise[shape][frameLen-1-n]
			switch {
			case n < shortStart:
				leftStop[shape][n] = 0
				rightStart[shape][n] = 1
			case n < shortStart+shortLen:
				leftStop[shape][n] = shortRise[shape][n-shortStart]
				rightStart[shape][n] = shortFall[shape][n-shortStart]
			default:
				leftStop[shape][n] = 1
				rightStart[shape][n] = 0
			}
		}
	}
}

// sineRise is the rising half of the sine window of n points:
// w[i] = sin(pi/n * (i + 1/2)).
func sineRise(n int) []float64 {
	w := make([]float64, n/2)
	for i := range w {
		w[i] = math.Sin(math.Pi / float64(n) * (float64(i) + 0.5))
	}
	return w
}

// kbdRise is the rising half of the Kaiser-Bessel-derived window of n
// points: w[i] = sqrt(sum_{p<=i} k(p) / sum_{p<=n/2} k(p)), with the Kaiser
// kernel k(p) = I0(pi*alpha*sqrt(1 - ((p - n/4)/(n/4))^2)).
func kbdRise(n int, alpha float64) []float64 {
	half := n / 2
	quarter := float64(n) / 4
	kern := make([]float64, half+1)
	for p := range kern {
		r := (float64(p) - quarter) / quarter
		kern[p] = besselI0(math.Pi * alpha * math.Sqrt(1-r*r))
	}
	var total float64
	for _, k := range kern {
		total += k
	}
	w := make([]float64, half)
	var sum float64
	for i := range w {
		sum += kern[i]
		w[i] = math.Sqrt(sum / total)
	}
	return w
}

// besselI0 is the modified Bessel function of the first kind, order 0, by
// its power series sum_k ((x/2)^k / k!)^2, which converges fast for the
// arguments KBD windows need (x < 20).
func besselI0(x float64) float64 {
	sum, term := 1.0, 1.0
	h := x / 2
	for k := 1; k < 200; k++ {
		term *= h / float64(k)
		t := term * term
		sum += t
		if t < sum*1e-18 {
			break
		}
	}
	return sum
}
