package aac

import (
	"math"
	"sync"
	"testing"
)

// i0Integral is I0 by its integral form (1/π)·∫_0^π e^(x·cosθ) dθ, a
// check on besselI0's series that shares no code with it.
func i0Integral(x float64) float64 {
	const steps = 20000
	var s float64
	for i := range steps {
		th := math.Pi * (float64(i) + 0.5) / steps
		s += math.Exp(x * math.Cos(th))
	}
	return s / steps
}

var (
	formulaMu    sync.Mutex
	formulaCache = map[[2]int][]float64{}
)

// formulaWindow is w[n], n < N, of the standard's windows, evaluated
// straight from the definitions (ISO/IEC 14496-3, 4.6.11), and kept:
// the integral form of I0 is slow.
func formulaWindow(shape windowShape, n int) []float64 {
	formulaMu.Lock()
	defer formulaMu.Unlock()
	key := [2]int{int(shape), n}
	if w, ok := formulaCache[key]; ok {
		return w
	}
	w := formulaWindowUncached(shape, n)
	formulaCache[key] = w
	return w
}

func formulaWindowUncached(shape windowShape, n int) []float64 {
	w := make([]float64, n)
	if shape == sineWindow {
		for i := range w {
			w[i] = math.Sin(math.Pi / float64(n) * (float64(i) + 0.5))
		}
		return w
	}
	alpha := kbdAlphaLong
	if n == 2*shortLen {
		alpha = kbdAlphaShort
	}
	kern := make([]float64, n/2+1)
	var total float64
	for p := range kern {
		r := (float64(p) - float64(n)/4) / (float64(n) / 4)
		kern[p] = i0Integral(math.Pi * float64(alpha) * math.Sqrt(1-r*r))
		total += kern[p]
	}
	var sum float64
	for i := 0; i < n/2; i++ {
		sum += kern[i]
		w[i] = math.Sqrt(sum / total)
		w[n-1-i] = w[i]
	}
	return w
}

func TestBesselI0(t *testing.T) {
	for _, x := range []float64{0, 0.5, 1, 3, 4 * math.Pi, 6 * math.Pi} {
		got, want := besselI0(x), i0Integral(x)
		if math.Abs(got-want) > 1e-9*want {
			t.Errorf("I0(%g) = %.15g, integral gives %.15g", x, got, want)
		}
	}
}

func TestWindowsMatchFormulas(t *testing.T) {
	synthTablesOnce.Do(buildSynthTables)
	for _, shape := range []windowShape{sineWindow, kbdWindow} {
		long := formulaWindow(shape, 2*frameLen)
		short := formulaWindow(shape, 2*shortLen)
		var maxErr float64
		for n := range frameLen {
			maxErr = max(maxErr, math.Abs(float64(longRise[shape][n])-long[n]))
			maxErr = max(maxErr, math.Abs(float64(rightLong[shape][n])-long[frameLen+n]))
		}
		for n := range shortLen {
			maxErr = max(maxErr, math.Abs(float64(shortRise[shape][n])-short[n]))
			maxErr = max(maxErr, math.Abs(float64(shortFall[shape][n])-short[shortLen+n]))
		}
		if maxErr > 1e-7 {
			t.Errorf("shape %d: max error %g against the formula", shape, maxErr)
		}
		// Princen-Bradley: w[n]^2 + w[n+N/2]^2 = 1, for both sizes.
		var pb float64
		for n := range frameLen {
			a, b := float64(longRise[shape][n]), float64(rightLong[shape][n])
			pb = max(pb, math.Abs(a*a+b*b-1))
		}
		for n := range shortLen {
			a, b := float64(shortRise[shape][n]), float64(shortFall[shape][n])
			pb = max(pb, math.Abs(a*a+b*b-1))
		}
		if pb > 3e-7 {
			t.Errorf("shape %d: Princen-Bradley off by %g", shape, pb)
		}
	}
	// Spot values: the sine window's first and middle samples, and the
	// KBD long window's, which rises far more slowly at first.
	if got, want := float64(longRise[sineWindow][0]), math.Sin(math.Pi/4096); math.Abs(got-want) > 1e-9 {
		t.Errorf("sine w[0] = %g, want %g", got, want)
	}
	if longRise[kbdWindow][0] > 1e-3 || longRise[kbdWindow][0] <= 0 {
		t.Errorf("KBD long w[0] = %g, want a small positive value", longRise[kbdWindow][0])
	}
}

func TestFrameWindowsBySequence(t *testing.T) {
	synthTablesOnce.Do(buildSynthTables)
	for _, shape := range []windowShape{sineWindow, kbdWindow} {
		short := formulaWindow(shape, 2*shortLen)
		for n := range frameLen {
			var stop, start float64
			switch {
			case n < 448:
				stop, start = 0, 1
			case n < 576:
				stop, start = short[n-448], short[shortLen+n-448]
			default:
				stop, start = 1, 0
			}
			if d := math.Abs(float64(leftStop[shape][n]) - stop); d > 1e-7 {
				t.Fatalf("LONG_STOP left half, shape %d, n %d: %g, want %g", shape, n, leftStop[shape][n], stop)
			}
			if d := math.Abs(float64(rightStart[shape][n]) - start); d > 1e-7 {
				t.Fatalf("LONG_START right half, shape %d, n %d: %g, want %g", shape, n, rightStart[shape][n], start)
			}
		}
	}
}
