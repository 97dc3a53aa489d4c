package aac

import (
	"math"
	"testing"
)

// testPair returns a common-window CPE of two long channels at 48 kHz,
// every band of both coded with codebook 1 at gain 1, left lines 3 and
// right lines 1 (so M/S gives 4 and 2 once dequantised: 3^(4/3) ± 1).
func testPair() cpe {
	e := cpe{commonWindow: true}
	e.ch[0] = testLong(1, 100)
	e.ch[1] = testLong(1, 100)
	for i := range frameLen {
		e.ch[0].spec[i] = 3
		e.ch[1].spec[i] = 1
	}
	return e
}

func bandRange(b int) (int, int) { return int(testSWBLong[b]), int(testSWBLong[b+1]) }

func TestMSStereo(t *testing.T) {
	synthTablesOnce.Do(buildSynthTables)
	e := testPair()
	e.msMaskPresent = 1
	e.msUsed[0][3] = true
	e.msUsed[0][4] = true
	e.msUsed[0][5] = true
	e.ch[1].bandType[0][4] = noiseHCB // M/S is not applied to noise bands
	e.ch[1].bandType[0][5] = intensityHCB
	var l, r [frameLen]float32
	dequant(&e.ch[0], &l)
	dequant(&e.ch[1], &r)
	msStereo(&e, &l, &r)
	m := float32(math.Pow(3, 4.0/3))
	for b := range e.ch[0].maxSFB {
		lo, hi := bandRange(b)
		wantL, wantR := m, float32(1)
		switch b {
		case 3:
			wantL, wantR = m+1, m-1
		case 4, 5:
			wantR = 0 // dequant leaves noise and intensity bands for later
		}
		for i := lo; i < hi; i++ {
			if l[i] != wantL || r[i] != wantR {
				t.Fatalf("band %d line %d: L %g R %g, want %g %g", b, i, l[i], r[i], wantL, wantR)
			}
		}
	}
}

func TestIntensityStereo(t *testing.T) {
	synthTablesOnce.Do(buildSynthTables)
	for _, tc := range []struct {
		name          string
		bt            uint8
		msMaskPresent int
		msUsed        bool
		sign          float64
	}{
		{"in phase", intensityHCB, 0, false, 1},
		{"out of phase", intensityHCB2, 0, false, -1},
		{"in phase, inverted by ms_used", intensityHCB, 1, true, -1},
		{"out of phase, inverted by ms_used", intensityHCB2, 1, true, 1},
		{"in phase, ms_used clear", intensityHCB, 1, false, 1},
		{"in phase, every band ms_used", intensityHCB, 2, true, -1},
	} {
		e := testPair()
		e.msMaskPresent = tc.msMaskPresent
		const b, pos = 10, 6
		e.msUsed[0][b] = tc.msUsed
		e.ch[1].bandType[0][b] = tc.bt
		e.ch[1].sf[0][b] = pos
		var l, r [frameLen]float32
		dequant(&e.ch[0], &l)
		dequant(&e.ch[1], &r)
		msStereo(&e, &l, &r)
		isStereo(&e, &l, &r)
		lo, hi := bandRange(b)
		want := math.Pow(3, 4.0/3) * tc.sign * math.Pow(0.5, pos/4.0)
		for i := lo; i < hi; i++ {
			if math.Abs(float64(r[i])-want) > 1e-6 {
				t.Fatalf("%s: R[%d] = %g, want %g", tc.name, i, r[i], want)
			}
			if l[i] != float32(math.Pow(3, 4.0/3)) {
				t.Fatalf("%s: L[%d] = %g changed", tc.name, i, l[i])
			}
		}
		// Other bands are untouched by intensity (M/S may apply there).
		if lo, _ := bandRange(b + 1); r[lo] == float32(want) {
			t.Fatalf("%s: intensity leaked into band %d", tc.name, b+1)
		}
	}
}

func bandEnergy(x []float32) float64 {
	var e float64
	for _, v := range x {
		e += float64(v) * float64(v)
	}
	return e
}

func TestPNSBandEnergy(t *testing.T) {
	synthTablesOnce.Do(buildSynthTables)
	c := testShort(1, 100, 2, 6)
	const nrg = 37 // energy 2^(37/2) per window
	for b := range c.maxSFB {
		c.bandType[0][b] = noiseHCB
		c.sf[0][b] = nrg + b
	}
	for i := 2 * shortLen; i < frameLen; i++ {
		c.spec[i] = 1
	}
	rng := uint32(1)
	var x [frameLen]float32
	var sum, sumSq float64
	var count int
	for frame := 0; frame < 50; frame++ {
		dequant(&c, &x)
		fillNoise(&c, &x, &rng)
		for w := 0; w < 2; w++ {
			for b := range c.maxSFB {
				lo, hi := w*shortLen+int(testSWBShort[b]), w*shortLen+int(testSWBShort[b+1])
				got, want := bandEnergy(x[lo:hi]), math.Pow(2, float64(nrg+b)/2)
				if math.Abs(got-want) > 1e-5*want {
					t.Fatalf("frame %d window %d band %d: energy %g, want %g", frame, w, b, got, want)
				}
				for _, v := range x[lo:hi] {
					sum += float64(v) / math.Sqrt(want/float64(hi-lo))
					sumSq += float64(v) * float64(v) / (want / float64(hi-lo))
					count++
				}
			}
		}
		// Group 1's bands are coded normally: no noise there.
		if x[2*shortLen] != 1 {
			t.Fatalf("window 2 line 0 = %g, want the coded 1", x[2*shortLen])
		}
	}
	// Normalised to unit power per line, the noise has mean ~0 (standard
	// error 1/sqrt(count)) and the two windows differ.
	if mean := sum / float64(count); math.Abs(mean) > 4/math.Sqrt(float64(count)) {
		t.Errorf("noise mean %g over %d lines, want within 4 standard errors of 0", mean, count)
	}
	if x[0] == x[shortLen] && x[1] == x[shortLen+1] {
		t.Error("windows 0 and 1 got the same noise")
	}
}

func TestPNSCorrelatedInCPE(t *testing.T) {
	synthTablesOnce.Do(buildSynthTables)
	e := testPair()
	e.msMaskPresent = 1
	const shared, own = 20, 21
	for _, b := range []int{shared, own} {
		e.ch[0].bandType[0][b] = noiseHCB
		e.ch[1].bandType[0][b] = noiseHCB
		e.ch[0].sf[0][b] = 40
		e.ch[1].sf[0][b] = 46
	}
	e.msUsed[0][shared] = true
	rng := uint32(99)
	var l, r [frameLen]float32
	dequant(&e.ch[0], &l)
	dequant(&e.ch[1], &r)
	fillNoisePair(&e, &l, &r, &rng)
	msStereo(&e, &l, &r)
	isStereo(&e, &l, &r)
	lo, hi := bandRange(shared)
	ratio := math.Pow(2, 6.0/4)
	for i := lo; i < hi; i++ {
		if math.Abs(float64(r[i])-ratio*float64(l[i])) > 1e-6*math.Abs(float64(r[i])) {
			t.Fatalf("shared band line %d: R %g is not %g × L %g", i, r[i], ratio, l[i])
		}
	}
	for _, b := range []int{shared, own} {
		lo, hi := bandRange(b)
		if got, want := bandEnergy(l[lo:hi]), math.Pow(2, 40.0/2); math.Abs(got-want) > 1e-5*want {
			t.Errorf("band %d left energy %g, want %g", b, got, want)
		}
		if got, want := bandEnergy(r[lo:hi]), math.Pow(2, 46.0/2); math.Abs(got-want) > 1e-5*want {
			t.Errorf("band %d right energy %g, want %g", b, got, want)
		}
	}
	// Without ms_used the channels get independent noise: normalised
	// correlation far from 1.
	lo, hi = bandRange(own)
	var dot float64
	for i := lo; i < hi; i++ {
		dot += float64(l[i]) * float64(r[i])
	}
	corr := dot / math.Sqrt(bandEnergy(l[lo:hi])*bandEnergy(r[lo:hi]))
	if math.Abs(corr) > 0.9 {
		t.Errorf("independent noise bands correlate at %g", corr)
	}
}
