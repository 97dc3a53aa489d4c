package aac

import "math"

// fftTab holds the tables of one forward complex FFT size (a power of two):
// the bit-reversal permutation and the twiddles of each radix-4 stage.
// Built once, read-only.
//
// The transform is decimation in time on bit-reversed input: a first pass
// of trivial butterflies (radix 2 when log2(n) is odd, else radix 4 with
// no twiddles), then radix-4 passes. The first pass is exposed separately
// so the IMDCT can fuse it with loading and twiddling its input.
type fftTab struct {
	n      int
	rev    []uint16  // bit reversal: input k goes to position rev[k] (an involution)
	radix2 bool      // log2(n) is odd: the first pass is radix 2
	stages []r4stage // radix-4 passes after the first, smallest first
}

// r4stage is one radix-4 pass that merges four sub-transforms of q points
// into transforms of 4q points: tw[j] holds w^j, w^2j and w^3j with
// w = e^(-2πi/(4q)), as (re, im) pairs.
type r4stage struct {
	tw [][6]float32 // len q
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
	q := 4 // after a radix-4 first pass
	if t.radix2 {
		q = 2
	}
	for ; q < n; q *= 4 {
		st := r4stage{tw: make([][6]float32, q)}
		for j := range q {
			for m := 1; m <= 3; m++ {
				a := -2 * math.Pi * float64(j*m) / float64(4*q)
				st.tw[j][2*(m-1)] = float32(math.Cos(a))
				st.tw[j][2*(m-1)+1] = float32(math.Sin(a))
			}
		}
		t.stages = append(t.stages, st)
	}
	return t
}

// transform is the whole forward FFT in place on re/im, which must already
// be in bit-reversed order (input k at rev[k]). The output is in natural
// order: X[k] = sum_j x[j] e^(-2πi·jk/n).
func (t *fftTab) transform(re, im []float32) {
	n := t.n
	re = re[:n:n]
	im = im[:n:n]
	if t.radix2 {
		for i := 0; i < n; i += 2 {
			r := re[i : i+2 : i+2]
			m := im[i : i+2 : i+2]
			r[0], r[1] = r[0]+r[1], r[0]-r[1]
			m[0], m[1] = m[0]+m[1], m[0]-m[1]
		}
	} else {
		for i := 0; i < n; i += 4 {
			r := re[i : i+4 : i+4]
			m := im[i : i+4 : i+4]
			r[0], m[0], r[1], m[1], r[2], m[2], r[3], m[3] = radix4(r[0], m[0], r[1], m[1], r[2], m[2], r[3], m[3])
		}
	}
	t.rest(re, im)
}

// radix4 is the twiddle-free radix-4 butterfly on four sub-transforms in
// bit-reversed layout: a, c, b, d hold the transforms of the inputs = 0,
// 2, 1, 3 (mod 4).
func radix4(ar, ai, cr, ci, br, bi, dr, di float32) (y0r, y0i, y1r, y1i, y2r, y2i, y3r, y3i float32) {
	t0r, t0i := ar+cr, ai+ci
	t1r, t1i := ar-cr, ai-ci
	t2r, t2i := br+dr, bi+di
	t3r, t3i := br-dr, bi-di
	// y1 = t1 - i·t3, y3 = t1 + i·t3.
	return t0r + t2r, t0i + t2i, t1r + t3i, t1i - t3r, t0r - t2r, t0i - t2i, t1r - t3i, t1i + t3r
}

// rest runs the radix-4 passes that follow the first.
func (t *fftTab) rest(re, im []float32) {
	n := t.n
	re = re[:n:n]
	im = im[:n:n]
	for si := range t.stages {
		tw := t.stages[si].tw
		q := len(tw)
		for b := 0; b+4*q <= n; b += 4 * q {
			// r1 holds the sub-transform of inputs = 2 (mod 4), r2 of = 1.
			r0, i0 := re[b:b+q:b+q], im[b:b+q:b+q]
			r1, i1 := re[b+q:b+2*q:b+2*q], im[b+q:b+2*q:b+2*q]
			r2, i2 := re[b+2*q:b+3*q:b+3*q], im[b+2*q:b+3*q:b+3*q]
			r3, i3 := re[b+3*q:b+4*q:b+4*q], im[b+3*q:b+4*q:b+4*q]
			for j := range tw {
				w := &tw[j]
				xr, xi := r2[j], i2[j]
				br, bi := xr*w[0]-xi*w[1], xr*w[1]+xi*w[0]
				xr, xi = r1[j], i1[j]
				cr, ci := xr*w[2]-xi*w[3], xr*w[3]+xi*w[2]
				xr, xi = r3[j], i3[j]
				dr, di := xr*w[4]-xi*w[5], xr*w[5]+xi*w[4]
				r0[j], i0[j], r1[j], i1[j], r2[j], i2[j], r3[j], i3[j] = radix4(r0[j], i0[j], cr, ci, br, bi, dr, di)
			}
		}
	}
}
