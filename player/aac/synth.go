package aac

import "sync"

// synth is the synthesis state of one output channel: the previous frame's
// window shape and overlap, and the scratch every frame reuses, so that a
// frame allocates nothing.
type synth struct {
	spec      [frameLen]float32 // this frame's dequantised spectrum, window-major
	overlap   [frameLen]float32 // the previous frame's windowed second half
	prevShape windowShape
	re, im    [frameLen / 2]float32 // FFT scratch
	buf       [2 * frameLen]float32 // EIGHT_SHORT's windows, overlapped
}

var (
	synthTablesOnce     sync.Once
	mdctLong, mdctShort *mdctTab
)

func buildSynthTables() {
	buildIQ()
	buildPow2q()
	buildWindows()
	buildTNS()
	mdctLong = newMDCT(frameLen)
	mdctShort = newMDCT(shortLen)
}

// newSynth returns the state of one channel before its first frame: silent
// overlap and a sine previous shape. It builds the shared tables on first
// use.
func newSynth() *synth {
	synthTablesOnce.Do(buildSynthTables)
	return &synth{prevShape: sineWindow}
}

// reset forgets the previous frame, as after a seek: silent overlap and a
// sine previous shape, like a new synth.
func (s *synth) reset() {
	clear(s.overlap[:])
	s.prevShape = sineWindow
}

// decodeSCE turns one channel's parsed ics into 1024 samples in out,
// scaled to ±1.0. rng is the PNS noise generator's state.
func decodeSCE(s *synth, c *ics, rng *uint32, out []float32) {
	dequant(c, &s.spec)
	fillNoise(c, &s.spec, rng)
	applyTNS(c, &s.spec)
	s.filterbank(c.seq, c.shape, out)
}

// decodeCPE turns a channel pair into 1024 samples per channel. With a
// common window the stereo tools run between dequantisation and TNS:
// noise (correlated where the standard says), M/S, then intensity.
func decodeCPE(s0, s1 *synth, e *cpe, rng *uint32, outL, outR []float32) {
	cl, cr := &e.ch[0], &e.ch[1]
	l, r := &s0.spec, &s1.spec
	dequant(cl, l)
	dequant(cr, r)
	if e.commonWindow {
		fillNoisePair(e, l, r, rng)
		msStereo(e, l, r)
		isStereo(e, l, r)
	} else {
		fillNoise(cl, l, rng)
		fillNoise(cr, r, rng)
	}
	applyTNS(cl, l)
	applyTNS(cr, r)
	s0.filterbank(cl.seq, cl.shape, outL)
	s1.filterbank(cr.seq, cr.shape, outR)
}
