package aac

import (
	"math"
	"math/rand/v2"
	"testing"
)

// directIMDCT is the standard's formula evaluated term by term in float64,
// including the ±1.0 output scale: x[n] = 2/N · sum_k X[k] cos(2π/N (n+n0)(k+1/2)).
func directIMDCT(spec []float64) []float64 {
	m := len(spec)
	n := 2 * m
	n0 := (float64(n)/2 + 1) / 2
	x := make([]float64, n)
	for i := range x {
		var s float64
		for k, v := range spec {
			s += v * math.Cos(2*math.Pi/float64(n)*(float64(i)+n0)*(float64(k)+0.5))
		}
		x[i] = 2 / float64(n) * s * outScale
	}
	return x
}

// unfold reads the IMDCT's 2m outputs from the DCT-IV's m, by the
// symmetries documented on mdctTab.
func unfold(u []float32) []float64 {
	m := len(u)
	x := make([]float64, 2*m)
	for n := range x {
		switch {
		case n < m/2:
			x[n] = float64(u[m/2+n])
		case n < 3*m/2:
			x[n] = -float64(u[3*m/2-1-n])
		default:
			x[n] = -float64(u[n-3*m/2])
		}
	}
	return x
}

func TestFFTMatchesDFT(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for _, n := range []int{4, 8, 16, 32, 64, 128, 256, 512} {
		f := newFFT(n)
		xr := make([]float64, n)
		xi := make([]float64, n)
		re := make([]float32, n)
		im := make([]float32, n)
		for i := range n {
			xr[i], xi[i] = rng.Float64()*2-1, rng.Float64()*2-1
			re[f.rev[i]], im[f.rev[i]] = float32(xr[i]), float32(xi[i])
		}
		f.transform(re, im)
		var maxErr float64
		for k := range n {
			var sr, si float64
			for j := range n {
				a := -2 * math.Pi * float64(j*k%n) / float64(n)
				c, s := math.Cos(a), math.Sin(a)
				sr += xr[j]*c - xi[j]*s
				si += xr[j]*s + xi[j]*c
			}
			maxErr = max(maxErr, math.Abs(sr-float64(re[k])), math.Abs(si-float64(im[k])))
		}
		if maxErr > 1e-5*math.Sqrt(float64(n)) {
			t.Errorf("FFT %d: max error %g against the direct DFT", n, maxErr)
		}
	}
}

func TestIMDCTMatchesFormula(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for _, m := range []int{frameLen, shortLen} {
		tab := newMDCT(m)
		spec := make([]float64, m)
		in := make([]float32, m)
		for k := range spec {
			// Spectra of 16-bit-scale audio: up to tens of thousands.
			spec[k] = (rng.Float64()*2 - 1) * 20000 / (1 + float64(k)/50)
			in[k] = float32(spec[k])
			spec[k] = float64(in[k])
		}
		u := make([]float32, m)
		tab.dct4(in, u, make([]float32, m/2), make([]float32, m/2))
		got := unfold(u)
		want := directIMDCT(spec)
		var maxErr, sig, noise float64
		for i := range want {
			d := got[i] - want[i]
			maxErr = max(maxErr, math.Abs(d))
			sig += want[i] * want[i]
			noise += d * d
		}
		snr := 10 * math.Log10(sig/noise)
		t.Logf("IMDCT %d points: max error %.3g (signal rms %.3g), SNR %.1f dB", 2*m, maxErr, math.Sqrt(sig/float64(len(want))), snr)
		if snr < 130 {
			t.Errorf("IMDCT %d points: SNR %.1f dB against the formula, want >= 130", 2*m, snr)
		}
	}
}
