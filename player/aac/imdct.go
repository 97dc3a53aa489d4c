package aac

import "math"

// mdctTab is the IMDCT of one size, done as a DCT-IV through an m/2-point
// complex FFT with a twiddle before and after (tables built once).
//
// The standard's IMDCT (ISO/IEC 14496-3, 4.6.11.3.1) of m = N/2 lines is
//
//	x[n] = 2/N · sum_k X[k] cos(2π/N · (n + n0) · (k + 1/2)),  n < N, n0 = (N/2+1)/2,
//
// which is the DCT-IV u[n] = sum_k X[k] cos(π/m · (n + 1/2)(k + 1/2)), n < m,
// read with a shift of m/2 and its odd symmetries (see windowLong). The
// DCT-IV packs pairs of lines into m/2 complex values
// t[k] = X[2k] + i·X[m-1-2k], multiplies by e^(-iπ(4k+1/2)/(4m)), takes the
// FFT, multiplies by the same twiddle again and reads u[2j] = Re, u[m-1-2j]
// = -Im. The 2/N factor and the 1/32768 that brings 16-bit-scale samples to
// ±1.0 ride on the second twiddle.
type mdctTab struct {
	m    int
	fft  *fftTab
	pre  []float32 // interleaved (re, im) of e^(-iπ(4k+1/2)/(4m)), k < m/2
	post []float32 // the same, times outScale/m·... (see newMDCT)
}

// outScale maps the standard's 16-bit-scale output to ±1.0, as ffmpeg's
// float decoder does.
const outScale = 1.0 / 32768

func newMDCT(m int) *mdctTab {
	l := m / 2
	t := &mdctTab{m: m, fft: newFFT(l), pre: make([]float32, 2*l), post: make([]float32, 2*l)}
	scale := 2.0 / float64(2*m) * outScale
	for k := range l {
		a := -math.Pi * (4*float64(k) + 0.5) / (4 * float64(m))
		c, s := math.Cos(a), math.Sin(a)
		t.pre[2*k], t.pre[2*k+1] = float32(c), float32(s)
		t.post[2*k], t.post[2*k+1] = float32(c*scale), float32(s*scale)
	}
	return t
}

// dct4 computes u[n] = scale · sum_k X[k] cos(π/m (n+1/2)(k+1/2)) for the
// m lines in x, into u (m values), using re/im (m/2 each) as scratch.
func (t *mdctTab) dct4(x, u, re, im []float32) {
	m := t.m
	l := m / 2
	x = x[:m:m]
	u = u[:m:m]
	re = re[:l:l]
	im = im[:l:l]
	pre := t.pre[: 2*l : 2*l]
	rev := t.fft.rev[:l:l]
	for k := 0; k < l; k++ {
		a, b := x[2*k], x[m-1-2*k]
		c, s := pre[2*k], pre[2*k+1]
		j := rev[k]
		re[j] = a*c - b*s
		im[j] = a*s + b*c
	}
	t.fft.transform(re, im)
	post := t.post[: 2*l : 2*l]
	for j := 0; j < l; j++ {
		a, b := re[j], im[j]
		c, s := post[2*j], post[2*j+1]
		u[2*j] = a*c - b*s
		u[m-1-2*j] = -(a*s + b*c)
	}
}
