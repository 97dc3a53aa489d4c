package aac

import "math"

// fftTab holds the tables of one forward complex FFT size (a power of two):
// the bit-reversal permutation, applied by the caller while it loads the
// input, and the twiddles of each radix-4 stage. Built once, read-only.
type fftTab struct {
	n      int
	rev    []uint16  // rev[i]: where input i goes before the butterflies
	radix2 bool      // log2(n) is odd: one radix-2 stage runs first
	stages []r4stage // radix-4 stages, smallest first
}

// r4stage is one radix-4 pass that merges four sub-transforms of q points
// into transforms of 4q points; w1, w2, w3 are e^(-2πi·j·{1,2,3}/(4q)), j < q,
// stored as interleaved (re, im) pairs.
type r4stage struct {
	q  int
	tw []float32 // 6 floats per j: w1re, w1im, w2re, w2im, w3re, w3im
}

func newFFT(n int) *fftTab {
	bits := 0
	for 1<<bits < n {
		bits++
	}
	t := &fftTab{n: n, rev: make([]uint16, n), radix2: bits%2 == 1}
	for i := range n {
		r := 0
		for b := 0; b < bits; b++ {
			if i&(1<<b) != 0 {
				r |= 1 << (bits - 1 - b)
			}
		}
		t.rev[i] = uint16(r)
	}
	q := 1
	if t.radix2 {
		q = 2
	}
	for ; q < n; q *= 4 {
		st := r4stage{q: q, tw: make([]float32, 6*q)}
		for j := range q {
			for m := 1; m <= 3; m++ {
				a := -2 * math.Pi * float64(j*m) / float64(4*q)
				st.tw[6*j+2*(m-1)] = float32(math.Cos(a))
				st.tw[6*j+2*(m-1)+1] = float32(math.Sin(a))
			}
		}
		t.stages = append(t.stages, st)
	}
	return t
}

// transform runs the butterflies of a forward FFT in place on re/im, which
// must already be in bit-reversed order (input i at rev[i]). The output is
// in natural order: X[k] = sum_j x[j] e^(-2πi·jk/n).
func (t *fftTab) transform(re, im []float32) {
	n := t.n
	re = re[:n]
	im = im[:n]
	if t.radix2 {
		for i := 0; i < n; i += 2 {
			ar, ai := re[i], im[i]
			br, bi := re[i+1], im[i+1]
			re[i], im[i] = ar+br, ai+bi
			re[i+1], im[i+1] = ar-br, ai-bi
		}
	}
	for si := range t.stages {
		st := &t.stages[si]
		q := st.q
		if q == 1 {
			for b := 0; b < n; b += 4 {
				r := re[b : b+4 : b+4]
				m := im[b : b+4 : b+4]
				// Bit-reversed layout: r[0], r[1], r[2], r[3] are the
				// sub-transforms of inputs = 0, 2, 1, 3 (mod 4).
				ar, ai := r[0], m[0]
				cr, ci := r[1], m[1]
				br, bi := r[2], m[2]
				dr, di := r[3], m[3]
				t0r, t0i := ar+cr, ai+ci
				t1r, t1i := ar-cr, ai-ci
				t2r, t2i := br+dr, bi+di
				t3r, t3i := br-dr, bi-di
				r[0], m[0] = t0r+t2r, t0i+t2i
				r[2], m[2] = t0r-t2r, t0i-t2i
				// -i·t3 = (t3i, -t3r)
				r[1], m[1] = t1r+t3i, t1i-t3r
				r[3], m[3] = t1r-t3i, t1i+t3r
			}
			continue
		}
		tw := st.tw[: 6*q : 6*q]
		for b := 0; b < n; b += 4 * q {
			r0 := re[b : b+q : b+q]
			r1 := re[b+q : b+2*q : b+2*q]
			r2 := re[b+2*q : b+3*q : b+3*q]
			r3 := re[b+3*q : b+4*q : b+4*q]
			i0 := im[b : b+q : b+q]
			i1 := im[b+q : b+2*q : b+2*q]
			i2 := im[b+2*q : b+3*q : b+3*q]
			i3 := im[b+3*q : b+4*q : b+4*q]
			for j := 0; j < q; j++ {
				w := tw[6*j : 6*j+6 : 6*j+6]
				ar, ai := r0[j], i0[j]
				// r1 holds the sub-transform of inputs = 2 (mod 4), r2 of = 1.
				xr, xi := r2[j], i2[j]
				br, bi := xr*w[0]-xi*w[1], xr*w[1]+xi*w[0]
				xr, xi = r1[j], i1[j]
				cr, ci := xr*w[2]-xi*w[3], xr*w[3]+xi*w[2]
				xr, xi = r3[j], i3[j]
				dr, di := xr*w[4]-xi*w[5], xr*w[5]+xi*w[4]
				t0r, t0i := ar+cr, ai+ci
				t1r, t1i := ar-cr, ai-ci
				t2r, t2i := br+dr, bi+di
				t3r, t3i := br-dr, bi-di
				r0[j], i0[j] = t0r+t2r, t0i+t2i
				r2[j], i2[j] = t0r-t2r, t0i-t2i
				r1[j], i1[j] = t1r+t3i, t1i-t3r
				r3[j], i3[j] = t1r-t3i, t1i+t3r
			}
		}
	}
}
