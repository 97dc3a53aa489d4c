package aac

import "math"

// Perceptual noise substitution (ISO/IEC 14496-3, 4.6.13): a band coded
// with the noise codebook is filled with random values scaled so that the
// band's energy, in each window, is (2^(nrg/4))^2.

// noiseNext advances the noise generator (a 32-bit linear congruential
// generator, Numerical Recipes' constants) and returns its new state.
func noiseNext(r uint32) uint32 { return r*1664525 + 1013904223 }

// noiseBand fills dst with fresh noise of energy 2^(nrg/2).
func noiseBand(dst []float32, nrg int, rng *uint32) {
	if len(dst) == 0 {
		return
	}
	r := *rng
	var energy float64
	for i := range dst {
		r = noiseNext(r)
		v := float32(int32(r))
		dst[i] = v
		energy += float64(v) * float64(v)
	}
	*rng = r
	if energy == 0 {
		return // every draw was zero: the band stays silent
	}
	scale := float32(pow2q(nrg) / math.Sqrt(energy))
	for i := range dst {
		dst[i] *= scale
	}
}

// fillNoise fills the noise bands of c with fresh noise.
func fillNoise(c *ics, x *[frameLen]float32, rng *uint32) {
	c.forBandsOf(noiseHCB, func(g, b, lo, hi int) {
		noiseBand(x[lo:hi], c.sf[g][b], rng)
	})
}

// fillNoisePair fills the noise bands of both channels of a common-window
// CPE. Where both channels' band is noise and ms_used is set, the right
// channel gets the left's noise vector, at its own energy
// (ISO/IEC 14496-3, 4.6.13); elsewhere each gets fresh noise.
func fillNoisePair(e *cpe, l, r *[frameLen]float32, rng *uint32) {
	cl, cr := &e.ch[0], &e.ch[1]
	fillNoise(cl, l, rng)
	cr.forBandsOf(noiseHCB, func(g, b, lo, hi int) {
		if e.msMaskPresent != 0 && e.msUsed[g][b] && cl.bandType[g][b] == noiseHCB {
			ratio := float32(pow2q(cr.sf[g][b] - cl.sf[g][b]))
			for i := lo; i < hi; i++ {
				r[i] = l[i] * ratio
			}
			return
		}
		noiseBand(r[lo:hi], cr.sf[g][b], rng)
	})
}

// forBandsOf calls fn for every (group, window, band) of c whose band type
// is bt, in window-major order. Most frames have none, so the scan over
// band types comes first.
func (c *ics) forBandsOf(bt uint8, fn func(g, b, lo, hi int)) {
	_, _, nb := c.layout()
	found := false
	for g := 0; g < min(c.numGroups, maxWindows) && !found; g++ {
		for b := 0; b < nb; b++ {
			if c.bandType[g][b] == bt {
				found = true
				break
			}
		}
	}
	if !found {
		return
	}
	c.forBands(func(g, b, lo, hi int) {
		if c.bandType[g][b] == bt {
			fn(g, b, lo, hi)
		}
	})
}
