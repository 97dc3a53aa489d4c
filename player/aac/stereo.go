package aac

// msStereo applies M/S stereo (ISO/IEC 14496-3, 4.6.8.1) to a
// common-window CPE: l, r = m + s, m - s in every band whose ms_used is set,
// except where either channel's band is noise or intensity coded.
func msStereo(e *cpe, l, r *[frameLen]float32) {
	if e.msMaskPresent == 0 {
		return
	}
	cl, cr := &e.ch[0], &e.ch[1]
	cl.forBands(func(g, b, lo, hi int) {
		if !e.msUsed[g][b] || cl.bandType[g][b] >= noiseHCB || cr.bandType[g][b] >= noiseHCB {
			return
		}
		ls, rs := l[lo:hi], r[lo:hi:hi]
		for i, m := range ls {
			s := rs[i]
			ls[i], rs[i] = m+s, m-s
		}
	})
}

// isStereo applies intensity stereo (ISO/IEC 14496-3, 4.6.8.2) to a
// common-window CPE: a right-channel band coded with an intensity codebook
// is the left band scaled by 0.5^(pos/4), in phase for codebook 15 and out
// of phase for 14, the phase inverted where ms_used is set.
//
// The inversion applies with ms_mask_present 1 or 2, as the shared
// contract (types.go) says and as ffmpeg's decoder, the test oracle, does.
// The standard's pseudo-code (and FAAD2) invert only with 1; the two
// differ only for a stream that sends ms_mask_present 2 with intensity
// bands, which ffmpeg's encoder never writes.
func isStereo(e *cpe, l, r *[frameLen]float32) {
	cr := &e.ch[1]
	cr.forBands(func(g, b, lo, hi int) {
		bt := cr.bandType[g][b]
		if bt != intensityHCB && bt != intensityHCB2 {
			return
		}
		scale := float32(pow2q(-cr.sf[g][b]))
		if bt == intensityHCB2 {
			scale = -scale
		}
		if e.msMaskPresent != 0 && e.msUsed[g][b] {
			scale = -scale
		}
		ls, rs := l[lo:hi], r[lo:hi:hi]
		for i, v := range ls {
			rs[i] = v * scale
		}
	})
}
