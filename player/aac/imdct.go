package aac

import "math"

// mdctTab is the IMDCT of one size, done as a DCT-IV through an m/2-point
// complex FFT with a twiddle before and after (tables built once).
//
// The standard's IMDCT (ISO/IEC 14496-3, 4.6.11) of m = N/2 lines is
//
//	x[n] = 2/N · sum_k X[k] cos(2π/N · (n + n0) · (k + 1/2)),  n < N, n0 = (N/2+1)/2,
//
// which is the DCT-IV u[n] = sum_k X[k] cos(π/m · (n + 1/2)(k + 1/2)), n < m,
// read with a shift of m/2 and its odd symmetries: with h = m/2,
// x[n] = u[h+n] (n < h), -u[3h-1-n] (h <= n < 3h), -u[n-3h] (n >= 3h).
// The DCT-IV packs pairs of lines into m/2 complex values
// t[k] = X[2k] + i·X[m-1-2k], multiplies by e^(-iπ(4k+1/2)/(4m)), takes the
// FFT, multiplies by the same twiddle again and reads u[2j] = Re, u[m-1-2j]
// = -Im. The 2/N factor and the 1/32768 that brings 16-bit-scale samples to
// ±1.0 ride on the second twiddle.
type mdctTab struct {
	m    int
	fft  *fftTab
	pre  [][2]float32 // e^(-iπ(4k+1/2)/(4m)), k < m/2, as (re, im)
	post [][2]float32 // the same times 2/N · outScale
}

// outScale maps the standard's 16-bit-scale output to ±1.0, as ffmpeg's
// float decoder does.
const outScale = 1.0 / 32768

func newMDCT(m int) *mdctTab {
	l := m / 2
	t := &mdctTab{m: m, fft: newFFT(l), pre: make([][2]float32, l), post: make([][2]float32, l)}
	scale := 2.0 / float64(2*m) * outScale
	for k := range l {
		a := -math.Pi * (4*float64(k) + 0.5) / (4 * float64(m))
		c, s := math.Cos(a), math.Sin(a)
		t.pre[k] = [2]float32{float32(c), float32(s)}
		t.post[k] = [2]float32{float32(c * scale), float32(s * scale)}
	}
	return t
}

// fftIn loads the m lines of x as m/2 twiddled complex values in
// bit-reversed order, fused with the FFT's first pass, then runs the rest
// of the FFT: re/im (m/2 each) end up holding the transform, before the
// second twiddle.
func (t *mdctTab) fftIn(x, re, im []float32) {
	m := t.m
	l := m / 2
	x = x[:m:m]
	re = re[:l:l]
	im = im[:l:l]
	pre := t.pre[:l:l]
	rev := t.fft.rev[:l:l]
	// load returns twiddled input k: (X[2k] + i·X[m-1-2k])·pre[k].
	load := func(k int) (float32, float32) {
		a, b := x[2*k], x[m-1-2*k]
		w := &pre[k]
		return a*w[0] - b*w[1], a*w[1] + b*w[0]
	}
	if t.fft.radix2 {
		for p := 0; p+1 < l; p += 2 {
			ar, ai := load(int(rev[p]))
			br, bi := load(int(rev[p+1]))
			re[p], im[p], re[p+1], im[p+1] = ar+br, ai+bi, ar-br, ai-bi
		}
	} else {
		for p := 0; p+3 < l; p += 4 {
			ar, ai := load(int(rev[p]))
			cr, ci := load(int(rev[p+1]))
			br, bi := load(int(rev[p+2]))
			dr, di := load(int(rev[p+3]))
			re[p], im[p], re[p+1], im[p+1], re[p+2], im[p+2], re[p+3], im[p+3] = radix4(ar, ai, cr, ci, br, bi, dr, di)
		}
	}
	t.fft.rest(re, im)
}

// dct4 computes u[n] = 2/N · outScale · sum_k X[k] cos(π/m (n+1/2)(k+1/2))
// for the m lines in x, into u (m values), using re/im (m/2 each) as
// scratch. The filterbank fuses this last step with windowing instead; the
// tests use it to check the transform alone.
func (t *mdctTab) dct4(x, u, re, im []float32) {
	m := t.m
	l := m / 2
	t.fftIn(x, re, im)
	u = u[:m:m]
	re = re[:l:l]
	im = im[:l:l]
	post := t.post[:l:l]
	for j := range post {
		a, b := re[j], im[j]
		w := &post[j]
		u[2*j] = a*w[0] - b*w[1]
		u[m-1-2*j] = -(a*w[1] + b*w[0])
	}
}
