package aac

import (
	"math"
	"math/rand/v2"
	"testing"
)

// With iqfac = (2^(res-1) - 1/2)/(π/2) a coded v >= 0 stands for
// sin(v·π/(2^res - 1)), and v < 0 for sin(v·π/(2^res + 1)): the worked
// values below follow from the standard's formula by that identity.
func TestTNSCoefficientConversion(t *testing.T) {
	synthTablesOnce.Do(buildSynthTables)
	if got := tnsCoefTab[1][3+8]; math.Abs(got-0.5877852522924731) > 1e-15 { // sin(π/5)
		t.Fatalf("res 4, v 3: %v, want sin(π/5)", got)
	}
	step := func(k ...float64) []float64 {
		// The step-up recursion written as polynomials:
		// A_m(z) = A_{m-1}(z) + k_m·z^-m·A_{m-1}(1/z).
		a := []float64{1}
		for _, km := range k {
			next := make([]float64, len(a)+1)
			copy(next, a)
			for i := 1; i < len(next); i++ {
				next[i] += km * a[len(a)-i]
			}
			a = next
		}
		return a
	}
	for _, tc := range []struct {
		name     string
		res      int
		compress bool
		raw      []uint8
		want     []float64 // a[0..order]
	}{
		{"res 4", 4, false, []uint8{3, 14},
			[]float64{1, math.Sin(math.Pi/5) * (1 + math.Sin(-2*math.Pi/17)), math.Sin(-2 * math.Pi / 17)}},
		{"res 3 compressed", 3, true, []uint8{1, 2, 3},
			step(math.Sin(math.Pi/7), math.Sin(-2*math.Pi/9), math.Sin(-math.Pi/9))},
		{"res 4 compressed", 4, true, []uint8{5, 3, 0, 7},
			step(math.Sin(-3*math.Pi/17), math.Sin(3*math.Pi/15), 0, math.Sin(-1*math.Pi/17))},
		{"res 3", 3, false, []uint8{4, 3, 15 & 7},
			step(math.Sin(-4*math.Pi/9), math.Sin(3*math.Pi/7), math.Sin(-1*math.Pi/9))},
	} {
		f := tnsFilter{order: len(tc.raw), coefRes: tc.res, compress: tc.compress}
		copy(f.coef[:], tc.raw)
		var a [maxTNSOrd + 1]float64
		tnsLPC(&f, f.order, &a)
		for i, w := range tc.want {
			if math.Abs(a[i]-w) > 1e-12 {
				t.Errorf("%s: a[%d] = %.15g, want %.15g", tc.name, i, a[i], w)
			}
		}
	}
	// The hand-expanded order-2 case agrees with the polynomial form.
	p := step(math.Sin(math.Pi/5), math.Sin(-2*math.Pi/17))
	if math.Abs(p[1]-math.Sin(math.Pi/5)*(1+math.Sin(-2*math.Pi/17))) > 1e-15 {
		t.Fatal("step-up polynomial form disagrees with the hand expansion")
	}
}

// refAllPole runs y[n] = x[n] - sum a[i]·y[n-i] over x in the given
// direction with an explicit state vector, in float64.
func refAllPole(x []float64, a []float64, downward bool) []float64 {
	y := make([]float64, len(x))
	state := make([]float64, len(a)) // state[i-1] = y[n-i]
	for j := range x {
		n := j
		if downward {
			n = len(x) - 1 - j
		}
		v := x[n]
		for i := 1; i < len(a); i++ {
			v -= a[i] * state[i-1]
		}
		copy(state[1:], state[:len(state)-1])
		state[0] = v
		y[n] = v
	}
	return y
}

func TestTNSFilterLong(t *testing.T) {
	synthTablesOnce.Do(buildSynthTables)
	rng := rand.New(rand.NewPCG(9, 10))
	c := testLong(1, 100)
	c.tns.present = true
	c.tns.nFilt[0] = 3
	// Filter 0: bands 44..48, all above TNS_MAX_BANDS (40 at 48 kHz): no effect.
	c.tns.filt[0][0] = tnsFilter{length: 5, order: 2, coefRes: 4, coef: [maxTNSOrd]uint8{3, 2}}
	// Filter 1: bands 34..43, clipped to 34..39: lines 480..672, upward.
	c.tns.filt[0][1] = tnsFilter{length: 10, order: 3, coefRes: 4, coef: [maxTNSOrd]uint8{5, 12, 2}}
	// Filter 2: bands 14..33: lines 72..480, downward, order 14 clipped to 12.
	c.tns.filt[0][2] = tnsFilter{length: 20, order: 14, downward: true, coefRes: 3, coef: [maxTNSOrd]uint8{2, 7, 1, 5, 3, 6, 0, 1, 2, 3, 4, 5, 6, 7}}
	var x, orig [frameLen]float32
	for i := range x {
		x[i] = float32(rng.Float64()*2 - 1)
	}
	orig = x
	applyTNS(&c, &x)
	check := func(name string, lo, hi int, f *tnsFilter, order int) {
		var a [maxTNSOrd + 1]float64
		tnsLPC(f, order, &a)
		in := make([]float64, hi-lo)
		for i := range in {
			in[i] = float64(orig[i+lo])
		}
		want := refAllPole(in, a[:order+1], f.downward)
		for i, w := range want {
			if d := math.Abs(float64(x[lo+i]) - w); d > 1e-5*(1+math.Abs(w)) {
				t.Fatalf("%s: line %d = %g, want %g", name, lo+i, x[lo+i], w)
			}
		}
	}
	check("filter 1", 480, 672, &c.tns.filt[0][1], 3)
	check("filter 2", 72, 480, &c.tns.filt[0][2], 12)
	for i := range x {
		if (i < 72 || i >= 672) && x[i] != orig[i] {
			t.Fatalf("line %d outside every filter's range changed", i)
		}
	}
}

func TestTNSFilterShort(t *testing.T) {
	synthTablesOnce.Do(buildSynthTables)
	rng := rand.New(rand.NewPCG(11, 12))
	c := testShort(1, 100, 8)
	c.tns.present = true
	c.tns.nFilt[5] = 1
	// Order 9 is clipped to TNS_MAX_ORDER 7 for short windows.
	c.tns.filt[5][0] = tnsFilter{length: 14, order: 9, coefRes: 4, coef: [maxTNSOrd]uint8{7, 9, 3, 14, 1, 0, 6, 5, 5}}
	var x, orig [frameLen]float32
	for i := range x {
		x[i] = float32(rng.Float64()*2 - 1)
	}
	orig = x
	applyTNS(&c, &x)
	var a [maxTNSOrd + 1]float64
	tnsLPC(&c.tns.filt[5][0], 7, &a)
	in := make([]float64, shortLen)
	for i := range in {
		in[i] = float64(orig[5*shortLen+i])
	}
	want := refAllPole(in, a[:8], false)
	for i := range x {
		w := float64(orig[i])
		if i/shortLen == 5 {
			w = want[i-5*shortLen]
		}
		if d := math.Abs(float64(x[i]) - w); d > 1e-5*(1+math.Abs(w)) {
			t.Fatalf("line %d (window %d) = %g, want %g", i, i/shortLen, x[i], w)
		}
	}
}
