package player

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
	"time"
)

// noiseFrames is n frames of noise whose peaks sit around peak, with a
// few samples louder by up to 6 dB, so some windows need interpolating
// and most do not.
func noiseFrames(n int, peak float64, seed uint64) [][2]float32 {
	r := rand.New(rand.NewPCG(seed, 1))
	f := make([][2]float32, n)
	var lp [2]float64
	for i := range f {
		for c := range lp {
			// low-passed noise, so neighbouring samples agree in sign and
			// points between them overshoot as music's do
			lp[c] = 0.7*lp[c] + 0.3*(2*r.Float64()-1)
			v := lp[c] * peak * 2
			if r.IntN(2000) == 0 {
				v *= 2
			}
			f[i][c] = float32(v)
		}
	}
	return f
}

// Skipping the interpolation where no point can reach the ceiling changes
// nothing: the limiter's output is the same, bit for bit, as when every
// point is interpolated.
func TestLimiterSkipIsExact(t *testing.T) {
	const rate = 44100
	cases := map[string][][2]float32{}
	for _, p := range []float64{0.3, 0.6, 0.75, 0.9, 1.2} {
		cases["noise "+dBLabel(p)] = noiseFrames(rate, p, uint64(p*1000))
	}
	for name, in := range hostile(rate) {
		cases[name] = in
	}
	cases["sine near the bound"] = sineFrames(rate, 5000, ceilingGain()/tpGainBound*1.02, 500*time.Millisecond, true, true)
	skipped := 0
	for name, in := range cases {
		fast, exact := newLimiter(rate, limiterCeilDB), newLimiter(rate, limiterCeilDB)
		exact.exact = true
		for i := 0; i < len(in)+fast.delay(); i++ {
			var a, b float64
			if i < len(in) {
				a, b = float64(in[i][0]), float64(in[i][1])
			}
			y1, ok1 := fast.push(a, b)
			if fast.k > tpHalf && fast.loud <= fast.k-1-tpTaps {
				skipped++
			}
			y2, ok2 := exact.push(a, b)
			if ok1 != ok2 || y1 != y2 {
				t.Fatalf("%s: frame %d: %v/%v with the skip, %v/%v without", name, i, y1, ok1, y2, ok2)
			}
		}
	}
	if skipped == 0 {
		t.Fatal("no frame skipped the interpolation: the test proves nothing")
	}
}

// The bound the skip relies on: no interpolated point exceeds
// tpGainBound times the largest sample its taps read, for the worst
// signs.
func TestTruePeakGainBound(t *testing.T) {
	for p := range tpPhase {
		var y float64
		for _, h := range tpPhase[p] {
			y += math.Abs(h) // samples of ±1 with the taps' signs
		}
		if y > tpGainBound+1e-12 {
			t.Fatalf("phase %d reaches %v, over the bound %v", p, y, tpGainBound)
		}
	}
	if tpGainBound <= 1 {
		t.Fatalf("bound %v: an interpolator with overshoot has a bound above 1", tpGainBound)
	}
}

func ceilingGain() float64 { return toGain(limiterCeilDB) }

func dBLabel(g float64) string { return fmt.Sprintf("%+.1f dBFS", dB(g)) }

// benchLimiter pushes music-like noise through the limiter: peaks at
// peak, a few samples 6 dB over.
func benchLimiter(b *testing.B, peak float64) {
	const rate = 44100
	in := noiseFrames(rate, peak, 7)
	l := newLimiter(rate, limiterCeilDB)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		f := in[i%len(in)]
		l.push(float64(f[0]), float64(f[1]))
	}
}

// Per frame. quiet: a track levelled to -14 LUFS with headroom (the
// demo's); loud: peaks at the ceiling, most windows interpolated.
func BenchmarkLimiterQuiet(b *testing.B) { benchLimiter(b, 0.3) }
func BenchmarkLimiterLoud(b *testing.B)  { benchLimiter(b, 0.9) }

// The whole per-frame work of levelled loudness: meter, gain, limiter.
func BenchmarkLeveler(b *testing.B) {
	const rate = 44100
	in := noiseFrames(rate, 0.3, 7)
	tl := newTrackLevel(time.Minute)
	tl.known, tl.hasKnow = -14, true
	lv := tl.reader(nil, rate).(*leveler)
	dst := make([][2]float32, 1024)
	b.ResetTimer()
	for i := 0; i < b.N; i += 1024 {
		off := i % (len(in) - 1024)
		lv.process(in[off:off+1024], dst)
	}
}

// tpBetween's folded sums give the points the interpolator's own taps
// give, whatever the window.
func TestTPBetweenIsTheInterpolator(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for n := 0; n < 10000; n++ {
		win := make([][2]float64, tpTaps)
		for i := range win {
			win[i] = [2]float64{2*r.Float64() - 1, 4*r.Float64() - 2}
		}
		want := 0.0
		for p := range tpPhase {
			for c := 0; c < 2; c++ {
				var y float64
				for j := range tpPhase[p] {
					y += tpPhase[p][j] * win[j][c]
				}
				want = max(want, math.Abs(y))
			}
		}
		if got := tpBetween(win); math.Abs(got-want) > 1e-12 {
			t.Fatalf("window %v: %v, the taps give %v", win, got, want)
		}
	}
}
