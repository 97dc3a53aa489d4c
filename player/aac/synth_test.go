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
			t.Errorf("decodeCPE, sequence %d: %v allocations per frame, want 0", seq, allocs)
		}
		allocs = testing.AllocsPerRun(20, func() { decodeSCE(s0, &e.ch[0], &rng, l) })
		if allocs != 0 {
			t.Errorf("decodeSCE, sequence %d: %v allocations per frame, want 0", seq, allocs)
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

// TestSynthSurvivesMalformedElements feeds elements whose fields are out
// of every range the syntax half should allow: synthesis must not index
// outside its arrays whatever it is given.
func TestSynthSurvivesMalformedElements(t *testing.T) {
	rng := rand.New(rand.NewPCG(15, 16))
	pick := func(vals ...int) int { return vals[rng.IntN(len(vals))] }
	randICS := func() ics {
		var c ics
		c.seq = windowSequence(rng.IntN(6))
		c.shape = windowShape(rng.IntN(4))
		c.maxSFB = pick(-3, 0, 1, 14, 15, 49, 51, 60)
		c.numGroups = pick(-1, 0, 1, 3, 8, 9)
		for g := range c.groupLen {
			c.groupLen[g] = pick(-2, 0, 1, 2, 8)
		}
		c.srIndex = pick(-1, 0, 3, 12, 13, 99)
		c.numSWB = pick(-5, 0, 14, 49, 51, 70)
		switch rng.IntN(4) {
		case 0:
			c.swbOffset = testSWBLong
		case 1:
			c.swbOffset = testSWBShort
		case 2:
			c.swbOffset = nil
		default:
			c.swbOffset = make([]uint16, rng.IntN(60))
			for i := range c.swbOffset {
				c.swbOffset[i] = uint16(rng.IntN(1100))
			}
		}
		for g := range c.bandType {
			for b := range c.bandType[g] {
				c.bandType[g][b] = uint8(rng.IntN(17))
				c.sf[g][b] = pick(-1<<31, -300, -1, 0, 100, 255, 400, 1<<31-1)
			}
		}
		for i := range c.spec {
			c.spec[i] = int32(pick(-1<<31, -9000, -8191, -1, 0, 1, 8191, 8192, 1<<31-1))
		}
		c.tns.present = rng.IntN(2) == 0
		for w := range c.tns.nFilt {
			c.tns.nFilt[w] = pick(-1, 0, 1, 3, 4)
			for f := range c.tns.filt[w] {
				c.tns.filt[w][f] = tnsFilter{length: pick(-4, 0, 5, 64), order: pick(-1, 0, 7, 12, 20, 31),
					downward: rng.IntN(2) == 0, compress: rng.IntN(2) == 0, coefRes: pick(0, 3, 4, 9)}
				for i := range c.tns.filt[w][f].coef {
					c.tns.filt[w][f].coef[i] = uint8(rng.IntN(256))
				}
			}
		}
		return c
	}
	s0, s1 := newSynth(), newSynth()
	l, r := make([]float32, frameLen), make([]float32, frameLen)
	state := uint32(1)
	for range 2000 {
		e := cpe{commonWindow: rng.IntN(2) == 0, msMaskPresent: pick(-1, 0, 1, 2, 3)}
		e.ch[0], e.ch[1] = randICS(), randICS()
		for g := range e.msUsed {
			for b := range e.msUsed[g] {
				e.msUsed[g][b] = rng.IntN(2) == 0
			}
		}
		decodeCPE(s0, s1, &e, &state, l, r)
		decodeSCE(s0, &e.ch[0], &state, l)
	}
}
