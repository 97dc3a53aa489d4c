package aac

import "math"

// Temporal noise shaping (ISO/IEC 14496-3, 4.6.9): an all-pole filter run
// along the frequency axis of each window over ranges of bands.

// tnsMaxBands is TNS_MAX_BANDS of AAC-LC by sampling_frequency_index
// (96000 .. 7350 Hz), for long and for short windows.
var (
	tnsMaxBandsLong  = [13]uint8{31, 31, 34, 40, 42, 51, 46, 46, 42, 42, 42, 39, 39}
	tnsMaxBandsShort = [13]uint8{9, 9, 10, 14, 14, 14, 14, 14, 14, 14, 14, 14, 14}
)

// TNS_MAX_ORDER of AAC-LC: the order the filter is clipped to.
const (
	tnsMaxOrderLong  = 12
	tnsMaxOrderShort = 7
)

// tnsCoefTab[res-3][v+8] is the reflection coefficient a coded value v
// stands for at coef_res res (3 or 4): sin(v / (v >= 0 ? iqfac : iqfac_m))
// with iqfac = (2^(res-1) - 1/2) / (π/2) and iqfac_m = (2^(res-1) + 1/2) / (π/2).
// Compressed coefficients are the same values sent with one bit less.
var tnsCoefTab [2][16]float64

func buildTNS() {
	for ri := range 2 {
		half := float64(int(1) << (ri + 2)) // 2^(res-1)
		iqfac := (half - 0.5) / (math.Pi / 2)
		iqfacM := (half + 0.5) / (math.Pi / 2)
		for v := -8; v < 8; v++ {
			d := iqfac
			if v < 0 {
				d = iqfacM
			}
			tnsCoefTab[ri][v+8] = math.Sin(float64(v) / d)
		}
	}
}

// tnsLPC converts the coded coefficients of f (its first order ones) into
// the direct-form LPC coefficients a[1..order] (a[0] = 1 is implied), by
// the standard's step-up recursion from reflection coefficients.
func tnsLPC(f *tnsFilter, order int, a *[maxTNSOrd + 1]float64) {
	res := 4
	if f.coefRes < 4 {
		res = 3
	}
	bits := res
	if f.compress {
		bits--
	}
	var b [maxTNSOrd + 1]float64
	a[0] = 1
	for m := 1; m <= order; m++ {
		v := int(f.coef[m-1]) & (1<<bits - 1)
		if v >= 1<<(bits-1) {
			v -= 1 << bits // two's complement in bits bits
		}
		k := tnsCoefTab[res-3][v+8]
		for i := 1; i < m; i++ {
			b[i] = a[i] + k*a[m-i]
		}
		for i := 1; i < m; i++ {
			a[i] = b[i]
		}
		a[m] = k
	}
}

// tnsFilterRun runs y[n] = x[n] - sum_{i=1..order} a[i]·y[n-i] in place
// over x[start], x[start+inc], ... (size values), its state starting at
// zero.
func tnsFilterRun(x []float32, start, size, inc, order int, a *[maxTNSOrd + 1]float64) {
	for n := 0; n < size; n++ {
		p := start + n*inc
		acc := float64(x[p])
		for i := 1; i <= min(order, n); i++ {
			acc -= a[i] * float64(x[p-i*inc])
		}
		x[p] = float32(acc)
	}
}

// applyTNS runs the TNS filters of c over its spectrum x
// (ISO/IEC 14496-3, 4.6.9).
func applyTNS(c *ics, x *[frameLen]float32) {
	if !c.tns.present {
		return
	}
	nwin, winLen, nb := c.layout()
	sr := max(0, min(c.srIndex, len(tnsMaxBandsLong)-1))
	maxBands, maxOrder := int(tnsMaxBandsLong[sr]), tnsMaxOrderLong
	if c.seq == eightShort {
		maxBands, maxOrder = int(tnsMaxBandsShort[sr]), tnsMaxOrderShort
	}
	limit := min(maxBands, nb)
	if limit <= 0 {
		return // no band to filter
	}
	var a [maxTNSOrd + 1]float64
	for w := 0; w < nwin; w++ {
		bottom := max(c.numSWB, 0)
		for fi := 0; fi < min(c.tns.nFilt[w], len(c.tns.filt[w])); fi++ {
			f := &c.tns.filt[w][fi]
			top := bottom
			bottom = max(top-max(f.length, 0), 0)
			order := min(f.order, maxOrder, maxTNSOrd)
			if order <= 0 {
				continue
			}
			lo := w*winLen + min(int(c.swbOffset[min(bottom, limit)]), winLen)
			hi := w*winLen + min(int(c.swbOffset[min(top, limit)]), winLen)
			if hi <= lo {
				continue
			}
			tnsLPC(f, order, &a)
			if f.downward {
				tnsFilterRun(x[:], hi-1, hi-lo, -1, order, &a)
			} else {
				tnsFilterRun(x[:], lo, hi-lo, 1, order, &a)
			}
		}
	}
}
