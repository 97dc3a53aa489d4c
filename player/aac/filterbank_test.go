package aac

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
)

// mdctRef is a forward MDCT by the formula X[k] = 2·sum_n z[n]·cos(2π/N
// (n+n0)(k+1/2)), the analysis that the standard's IMDCT inverts, with a
// cosine table indexed by (2n+N/2+1)(2k+1) mod 4N.
type mdctRef struct {
	n   int
	cos []float64
}

func newMDCTRef(n int) *mdctRef {
	r := &mdctRef{n: n, cos: make([]float64, 4*n)}
	for i := range r.cos {
		r.cos[i] = math.Cos(2 * math.Pi * float64(i) / float64(4*n))
	}
	return r
}

func (r *mdctRef) forward(z []float64, out []float32) {
	n := r.n
	for k := 0; k < n/2; k++ {
		var s float64
		for i, v := range z[:n] {
			s += v * r.cos[(2*i+n/2+1)*(2*k+1)%(4*n)]
		}
		out[k] = float32(2 * s)
	}
}

// frameWindowRef is the 2048-point window of one long-type frame, from the
// formulas: left half by sequence and the previous shape, right half by
// sequence and this shape.
func frameWindowRef(seq windowSequence, shape, prev windowShape) []float64 {
	w := make([]float64, 2*frameLen)
	lp, lc := formulaWindow(prev, 2*frameLen), formulaWindow(shape, 2*frameLen)
	sp, sc := formulaWindow(prev, 2*shortLen), formulaWindow(shape, 2*shortLen)
	for n := range frameLen {
		switch {
		case seq == longStop && n < 448:
			w[n] = 0
		case seq == longStop && n < 576:
			w[n] = sp[n-448]
		case seq == longStop:
			w[n] = 1
		default:
			w[n] = lp[n]
		}
		m := frameLen + n
		switch {
		case seq == longStart && n < 448:
			w[m] = 1
		case seq == longStart && n < 576:
			w[m] = sc[shortLen+n-448]
		case seq == longStart:
			w[m] = 0
		default:
			w[m] = lc[m]
		}
	}
	return w
}

type seqStep struct {
	seq   windowSequence
	shape windowShape
}

// analyse is the encoder side of one frame: the window (or eight short
// windows) over seg (2048 samples, already at 16-bit scale), then the MDCT.
func analyse(seg []float64, st seqStep, prev windowShape, long, short *mdctRef, spec []float32) {
	if st.seq != eightShort {
		w := frameWindowRef(st.seq, st.shape, prev)
		z := make([]float64, 2*frameLen)
		for n := range z {
			z[n] = w[n] * seg[n]
		}
		long.forward(z, spec)
		return
	}
	z := make([]float64, 2*shortLen)
	for win := range maxWindows {
		left := formulaWindow(st.shape, 2*shortLen)
		if win == 0 {
			left = formulaWindow(prev, 2*shortLen)
		}
		right := formulaWindow(st.shape, 2*shortLen)
		base := 448 + win*shortLen
		for n := range z {
			wv := right[n]
			if n < shortLen {
				wv = left[n]
			}
			z[n] = wv * seg[base+n]
		}
		short.forward(z, spec[win*shortLen:(win+1)*shortLen])
	}
}

// TestPerfectReconstruction analyses a random signal with every window
// sequence transition in both shapes and checks that IMDCT, windowing and
// overlap-add give it back.
func TestPerfectReconstruction(t *testing.T) {
	steps := []seqStep{
		{onlyLong, sineWindow}, {onlyLong, sineWindow}, {longStart, kbdWindow},
		{eightShort, kbdWindow}, {eightShort, sineWindow}, {longStop, sineWindow},
		{onlyLong, kbdWindow}, {onlyLong, kbdWindow}, {longStart, sineWindow},
		{eightShort, sineWindow}, {longStop, kbdWindow}, {longStart, kbdWindow},
		{longStop, sineWindow}, {onlyLong, sineWindow}, {onlyLong, kbdWindow},
	}
	rng := rand.New(rand.NewPCG(5, 6))
	sig := make([]float64, (len(steps)+1)*frameLen)
	for i := range sig {
		sig[i] = rng.Float64()*2 - 1
	}
	long, short := newMDCTRef(2*frameLen), newMDCTRef(2*shortLen)
	s := newSynth()
	prev := sineWindow
	out := make([]float32, frameLen)
	seg := make([]float64, 2*frameLen)
	for i, st := range steps {
		for n := range seg {
			seg[n] = sig[i*frameLen+n] * 32768
		}
		analyse(seg, st, prev, long, short, s.spec[:])
		s.filterbank(st.seq, st.shape, out)
		prev = st.shape
		if i == 0 {
			continue // no previous frame to overlap with
		}
		var maxErr float64
		for n := range out {
			maxErr = max(maxErr, math.Abs(float64(out[n])-sig[i*frameLen+n]))
		}
		name := fmt.Sprintf("frame %d (%d shape %d after shape %d)", i, st.seq, st.shape, steps[i-1].shape)
		if maxErr > 1e-5 {
			t.Errorf("%s: max error %g", name, maxErr)
		} else {
			t.Logf("%s: max error %.2g", name, maxErr)
		}
	}
}

func TestSilentSpectrumIsExactZero(t *testing.T) {
	s := newSynth()
	out := make([]float32, frameLen)
	for _, st := range []seqStep{{onlyLong, kbdWindow}, {longStart, sineWindow}, {eightShort, kbdWindow}, {longStop, sineWindow}} {
		s.filterbank(st.seq, st.shape, out)
		for n, v := range out {
			if v != 0 {
				t.Fatalf("sequence %d: out[%d] = %g, want 0", st.seq, n, v)
			}
		}
	}
}

func TestResetForgetsThePreviousFrame(t *testing.T) {
	s := newSynth()
	for i := range s.spec {
		s.spec[i] = float32(i % 7)
	}
	out := make([]float32, frameLen)
	s.filterbank(onlyLong, kbdWindow, out)
	s.reset()
	clear(s.spec[:])
	s.filterbank(onlyLong, kbdWindow, out)
	for n, v := range out {
		if v != 0 {
			t.Fatalf("after reset, a silent frame gives out[%d] = %g", n, v)
		}
	}
	if s.prevShape != kbdWindow {
		t.Fatal("the frame after reset did not record its shape")
	}
	s.reset()
	if s.prevShape != sineWindow {
		t.Fatal("reset kept the previous shape")
	}
}
