package aac

import "math"

// iqTabLen bounds the inverse-quantisation table: escape codes reach 8191.
const iqTabLen = 8192

// iqTab[q] = q^(4/3), the inverse quantisation of ISO/IEC 14496-3, 4.6.1.
var iqTab [iqTabLen]float32

func buildIQ() {
	for i := range iqTab {
		iqTab[i] = float32(math.Pow(float64(i), 4.0/3))
	}
}

// pow2Frac[i] = 2^(i/4).
var pow2Frac = [4]float64{1, 1.189207115002721, 1.4142135623730951, 1.681792830507429}

// pow2qTab[e+pow2qBias] = 2^(e/4) for the exponents every valid stream
// uses (scale factors minus 100, intensity positions, noise energies).
const (
	pow2qBias = 512
	pow2qMax  = 400 // largest exponent: 2^100, far above any valid gain
	pow2qLen  = pow2qBias + pow2qMax + 1
)

var pow2qTab [pow2qLen]float64

func buildPow2q() {
	for i := range pow2qTab {
		e := i - pow2qBias
		pow2qTab[i] = math.Ldexp(pow2Frac[e&3], e>>2)
	}
}

// pow2q returns 2^(e/4), the gain of a scale factor, intensity position or
// noise energy, without math.Pow. The exponent is bounded so that no gain
// is infinite; the standard's ranges are far inside the bound.
func pow2q(e int) float64 {
	if i := uint(e + pow2qBias); i < pow2qLen {
		return pow2qTab[i]
	}
	e = max(-1000, min(e, pow2qMax))
	return math.Ldexp(pow2Frac[e&3], e>>2)
}

// sfOffset is SF_OFFSET: a scale factor of 100 is a gain of 1.
const sfOffset = 100

// layout returns the windows of c, the lines per window and how many bands
// are in use, bounded so that a malformed ics cannot index outside its
// arrays.
func (c *ics) layout() (nwin, winLen, nb int) {
	nwin, winLen = 1, frameLen
	if c.seq == eightShort {
		nwin, winLen = maxWindows, shortLen
	}
	nb = max(0, min(c.maxSFB, len(c.swbOffset)-1, maxSFB))
	return nwin, winLen, nb
}

// bandLines returns the lines [lo, hi) of band b in window w, bounded by
// the window.
func (c *ics) bandLines(w, winLen, b int) (lo, hi int) {
	lo = min(int(c.swbOffset[b]), winLen)
	hi = min(max(int(c.swbOffset[b+1]), lo), winLen)
	return w*winLen + lo, w*winLen + hi
}

// forBands calls fn for every (group, window, band) of c in window-major
// order: the band's lines of one window.
func (c *ics) forBands(fn func(g, b, lo, hi int)) {
	nwin, winLen, nb := c.layout()
	w := 0
	for g := 0; g < min(c.numGroups, maxWindows) && w < nwin; g++ {
		for k := 0; k < c.groupLen[g] && w < nwin; k++ {
			for b := 0; b < nb; b++ {
				lo, hi := c.bandLines(w, winLen, b)
				fn(g, b, lo, hi)
			}
			w++
		}
	}
}

// dequant writes the dequantised spectrum of c into x:
// sign(q)·|q|^(4/3)·2^((sf-100)/4) for spectral bands, zero for zero,
// noise and intensity bands (filled later) and above the coded bands.
func dequant(c *ics, x *[frameLen]float32) {
	nwin, winLen, nb := c.layout()
	w := 0
	for g := 0; g < min(c.numGroups, maxWindows) && w < nwin; g++ {
		for k := 0; k < c.groupLen[g] && w < nwin; k++ {
			top := w * winLen
			for b := 0; b < nb; b++ {
				lo, hi := c.bandLines(w, winLen, b)
				if lo > top {
					clear(x[top:lo]) // a gap only if swbOffset is malformed
				}
				top = max(top, hi)
				bt := c.bandType[g][b]
				if bt == zeroHCB || bt > escHCB {
					clear(x[lo:hi])
					continue
				}
				dequantBand(x[lo:hi], c.spec[lo:hi], float32(pow2q(c.sf[g][b]-sfOffset)))
			}
			clear(x[top : (w+1)*winLen])
			w++
		}
	}
	clear(x[w*winLen:])
}

// dequantBand sets dst[i] = sign(q[i])·|q[i]|^(4/3)·gain.
func dequantBand(dst []float32, q []int32, gain float32) {
	q = q[:len(dst)]
	for i, v := range q {
		s := v >> 31
		a := uint32((v ^ s) - s)
		var m float32
		if a < iqTabLen {
			m = iqTab[a]
		} else {
			m = float32(math.Pow(float64(a), 4.0/3))
		}
		dst[i] = math.Float32frombits(math.Float32bits(m*gain) ^ uint32(s)&0x80000000)
	}
}
