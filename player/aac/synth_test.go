package aac

import (
	"math"
	"math/rand/v2"
	"testing"
)

// TestDecodeSCEOneLine follows one coded line through dequantisation and
// the filterbank: the two frames it reaches must be the standard's IMDCT of
// that line, windowed, at ±1.0 scale.
func TestDecodeSCEOneLine(t *testing.T) {
	for _, shape := range []windowShape{sineWindow, kbdWindow} {
		s := newSynth()
		s.prevShape = shape
		c := testLong(1, 108) // gain 2^(8/4) = 4
		c.shape = shape
		const k, q = 37, -100
		c.spec[k] = q
		rng := uint32(1)
		out := make([]float32, 2*frameLen)
		decodeSCE(s, &c, &rng, out[:frameLen])
		c.spec[k] = 0
		decodeSCE(s, &c, &rng, out[frameLen:])

		spec := make([]float64, frameLen)
		spec[k] = -math.Pow(100, 4.0/3) * 4
		x := directIMDCT(spec)
		w := formulaWindow(shape, 2*frameLen)
		var maxErr, peak float64
		for n := range x {
			want := w[n] * x[n]
			maxErr = max(maxErr, math.Abs(float64(out[n])-want))
			peak = max(peak, math.Abs(want))
		}
		if maxErr > 1e-6*peak {
			t.Errorf("shape %d: max error %g, peak %g", shape, maxErr, peak)
		}
	}
}

// TestDecodeCPEStereoWiring: with M/S on every band and a silent side
// channel, both outputs are the mid channel; with intensity on every band
// at position 0, out of phase, the right is the left negated.
func TestDecodeCPEStereoWiring(t *testing.T) {
	e := benchCPE(onlyLong)
	e.ch[0].bandType[0][20] = 5 // no noise band: M/S would skip it
	e.msMaskPresent = 2
	for b := range maxSFB {
		e.msUsed[0][b] = true
	}
	clear(e.ch[1].spec[:])
	s0, s1 := newSynth(), newSynth()
	rng := uint32(1)
	l, r := make([]float32, frameLen), make([]float32, frameLen)
	decodeCPE(s0, s1, &e, &rng, l, r)
	for n := range l {
		if l[n] != r[n] {
			t.Fatalf("M/S with silent side: L[%d] %g != R[%d] %g", n, l[n], n, r[n])
		}
	}
	e = benchCPE(onlyLong)
	e.msMaskPresent = 0 // ms_used would invert the intensity phase
	for b := range e.ch[1].maxSFB {
		e.ch[1].bandType[0][b] = intensityHCB2
		e.ch[1].sf[0][b] = 0
	}
	clear(e.ch[1].spec[:])
	s0, s1 = newSynth(), newSynth()
	decodeCPE(s0, s1, &e, &rng, l, r)
	var energy float64
	for n := range l {
		if l[n] != -r[n] {
			t.Fatalf("intensity out of phase: L[%d] %g, R[%d] %g", n, l[n], n, r[n])
		}
		energy += float64(l[n]) * float64(l[n])
	}
	if energy == 0 {
		t.Fatal("silent output from a coded spectrum")
	}
}

// benchCPE is a typical long-window frame of 128 kb/s stereo: small values
// in the lower 40 bands (many zeros), M/S on every other band, one noise
// band, nothing coded above.
func benchCPE(seq windowSequence) cpe {
	rng := rand.New(rand.NewPCG(13, 14))
	e := cpe{commonWindow: true, msMaskPresent: 1}
	for ch := range 2 {
		c := testLong(5, 120)
		if seq == eightShort {
			c = testShort(5, 120, 2, 1, 5)
		}
		c.seq = seq
		_, winLen, _ := c.layout()
		nb := c.maxSFB * 4 / 5
		for g := range c.numGroups {
			for b := nb; b < c.maxSFB; b++ {
				c.bandType[g][b] = zeroHCB
			}
		}
		for i := range c.spec {
			if i%winLen < int(c.swbOffset[nb]) && rng.IntN(3) > 0 {
				c.spec[i] = int32(rng.IntN(17) - 8)
			}
		}
		e.ch[ch] = c
	}
	for b := 0; b < maxSFB; b += 2 {
		for g := range maxWindows {
			e.msUsed[g][b] = true
		}
	}
	e.ch[0].bandType[0][20] = noiseHCB
	return e
}

func TestDecodeCPEAllocatesNothing(t *testing.T) {
	s0, s1 := newSynth(), newSynth()
	l, r := make([]float32, frameLen), make([]float32, frameLen)
	rng := uint32(1)
	for _, seq := range []windowSequence{onlyLong, longStart, eightShort, longStop} {
		e := benchCPE(seq)
		e.ch[0].tns.present = true
		e.ch[0].tns.nFilt[0] = 1
		e.ch[0].tns.filt[0][0] = tnsFilter{length: 8, order: 4, coefRes: 4, coef: [maxTNSOrd]uint8{1, 2, 3, 4}}
		allocs := testing.AllocsPerRun(20, func() { decodeCPE(s0, s1, &e, &rng, l, r) })
		if allocs != 0 {
			t.Errorf("sequence %d: %v allocations per frame, want 0", seq, allocs)
		}
	}
}

func benchmarkDecodeCPE(b *testing.B, seq windowSequence) {
	e := benchCPE(seq)
	s0, s1 := newSynth(), newSynth()
	l, r := make([]float32, frameLen), make([]float32, frameLen)
	rng := uint32(1)
	b.ReportAllocs()
	for b.Loop() {
		decodeCPE(s0, s1, &e, &rng, l, r)
	}
}

// BenchmarkDecodeCPE is the synthesis of one stereo frame of long windows.
func BenchmarkDecodeCPE(b *testing.B) { benchmarkDecodeCPE(b, onlyLong) }

// BenchmarkDecodeCPEShort is the same with eight short windows.
func BenchmarkDecodeCPEShort(b *testing.B) { benchmarkDecodeCPE(b, eightShort) }

// BenchmarkIMDCTLong is one 2048-point IMDCT with windowing and overlap.
func BenchmarkIMDCTLong(b *testing.B) {
	s := newSynth()
	for i := range s.spec {
		s.spec[i] = float32(i % 17)
	}
	out := make([]float32, frameLen)
	for b.Loop() {
		s.filterbank(onlyLong, sineWindow, out)
	}
}
