package aac

import "errors"

// individual_channel_stream() and its parts (ISO/IEC 14496-3 4.4.2.7 and
// 4.6). Every count read from the stream is checked against its table
// before it indexes anything.

var (
	errTruncated      = errors.New("aac: access unit ends inside an element")
	errReservedBit    = errors.New("aac: ics_reserved_bit is set")
	errPrediction     = errors.New("aac: predictor data (AAC Main/LTP) is not supported in AAC-LC")
	errMaxSFB         = errors.New("aac: max_sfb exceeds the number of scalefactor bands")
	errReservedBook   = errors.New("aac: section uses reserved codebook 12")
	errSectionLen     = errors.New("aac: section runs past max_sfb")
	errIntensityPlace = errors.New("aac: intensity stereo band outside the second channel of a common-window pair")
	errBadCodeword    = errors.New("aac: invalid Huffman codeword")
	errScalefactor    = errors.New("aac: scale factor out of range 0..255")
	errPulseShort     = errors.New("aac: pulse data in a short window")
	errPulseBand      = errors.New("aac: pulse data starts past the last scalefactor band")
	errPulseOffset    = errors.New("aac: pulse offset past the end of the spectrum")
	errTNSOrder       = errors.New("aac: TNS filter order exceeds the AAC-LC maximum")
	errGainControl    = errors.New("aac: gain control data (AAC-SSR) is not supported")
	errEscape         = errors.New("aac: escape sequence longer than the standard allows (value > 8191)")
)

// Offsets of the scalefactor data coding (ISO/IEC 14496-3 4.6.2.3).
const (
	sfDiffZero     = 60  // Huffman index of a zero difference
	noiseOffset    = 90  // first noise energy is global_gain - noiseOffset + ...
	noisePCMOffset = 256 // ... the 9-bit PCM value minus noisePCMOffset
	posMin, posMax = -155, 100
)

// pulses holds pulse_data() until the spectrum it is added to is decoded.
type pulses struct {
	n   int
	pos [4]int // absolute spectral line
	amp [4]int32
}

// readICSInfo reads ics_info() into c for sampling index sr.
func readICSInfo(r *bitReader, c *ics, sr int) error {
	if r.bit() {
		return errReservedBit
	}
	c.seq = windowSequence(r.read(2))
	c.shape = windowShape(r.read(1))
	c.srIndex = sr
	c.numGroups = 1
	c.groupLen = [maxWindows]int{1}
	if c.seq == eightShort {
		c.maxSFB = r.readInt(4)
		grouping := r.read(7)
		c.swbOffset = swbShort[sr]
		// Bit 6-i set: window i+1 joins the group of window i.
		for i := 0; i < 7; i++ {
			if grouping&(1<<(6-i)) != 0 {
				c.groupLen[c.numGroups-1]++
			} else {
				c.groupLen[c.numGroups] = 1
				c.numGroups++
			}
		}
	} else {
		c.maxSFB = r.readInt(6)
		c.swbOffset = swbLong[sr]
		if r.bit() {
			return errPrediction
		}
	}
	c.numSWB = len(c.swbOffset) - 1
	if c.maxSFB > c.numSWB {
		return errMaxSFB
	}
	if r.over {
		return errTruncated
	}
	return nil
}

// copyICSInfo gives the second channel of a common-window pair the first
// channel's ics_info.
func copyICSInfo(dst, src *ics) {
	dst.seq, dst.shape, dst.srIndex = src.seq, src.shape, src.srIndex
	dst.maxSFB, dst.numGroups, dst.groupLen = src.maxSFB, src.numGroups, src.groupLen
	dst.swbOffset, dst.numSWB = src.swbOffset, src.numSWB
}

// readICS reads individual_channel_stream(). With commonWindow, c's
// ics_info was already filled from the pair's. intensityOK allows the
// intensity codebooks (second channel of a common-window pair only).
func readICS(r *bitReader, c *ics, sr int, commonWindow, intensityOK bool) error {
	c.globalGain = r.readInt(8)
	if !commonWindow {
		if err := readICSInfo(r, c, sr); err != nil {
			return err
		}
	}
	if err := readSectionData(r, c, intensityOK); err != nil {
		return err
	}
	if err := readScaleFactors(r, c); err != nil {
		return err
	}
	var pl pulses
	if r.bit() {
		if err := readPulseData(r, c, &pl); err != nil {
			return err
		}
	}
	c.tns.present = r.bit()
	if c.tns.present {
		if err := readTNSData(r, c); err != nil {
			return err
		}
	}
	c.gainControl = r.bit()
	if c.gainControl {
		return errGainControl
	}
	if err := readSpectralData(r, c); err != nil {
		return err
	}
	for i := 0; i < pl.n; i++ {
		k := pl.pos[i]
		if c.spec[k] > 0 {
			c.spec[k] += pl.amp[i]
		} else {
			c.spec[k] -= pl.amp[i]
		}
	}
	if r.over {
		return errTruncated
	}
	return nil
}

// readSectionData reads section_data(): the codebook of every band.
func readSectionData(r *bitReader, c *ics, intensityOK bool) error {
	bits := uint(5)
	if c.seq == eightShort {
		bits = 3
	}
	esc := 1<<bits - 1
	for g := 0; g < c.numGroups; g++ {
		k := 0
		for k < c.maxSFB {
			if r.over {
				return errTruncated
			}
			cb := uint8(r.read(4))
			if cb == 12 {
				return errReservedBook
			}
			if (cb == intensityHCB || cb == intensityHCB2) && !intensityOK {
				return errIntensityPlace
			}
			n := 0
			for {
				incr := r.readInt(bits)
				n += incr
				if incr != esc || n > c.maxSFB {
					break
				}
			}
			if k+n > c.maxSFB {
				return errSectionLen
			}
			for end := k + n; k < end; k++ {
				c.bandType[g][k] = cb
			}
		}
	}
	return nil
}

// readScaleFactors reads scale_factor_data() and stores, per band, the
// absolute scale factor, intensity position or noise energy.
func readScaleFactors(r *bitReader, c *ics) error {
	sf := c.globalGain
	isPos := 0
	noise := c.globalGain - noiseOffset
	firstNoise := true
	for g := 0; g < c.numGroups; g++ {
		for b := 0; b < c.maxSFB; b++ {
			switch c.bandType[g][b] {
			case zeroHCB:
				c.sf[g][b] = 0
			case intensityHCB, intensityHCB2:
				d := sfHuff.decode(r)
				if d < 0 {
					return errBadCodeword
				}
				isPos += d - sfDiffZero
				c.sf[g][b] = min(max(isPos, posMin), posMax)
			case noiseHCB:
				if firstNoise {
					firstNoise = false
					noise += r.readInt(9) - noisePCMOffset
				} else {
					d := sfHuff.decode(r)
					if d < 0 {
						return errBadCodeword
					}
					noise += d - sfDiffZero
				}
				c.sf[g][b] = min(max(noise, posMin), posMax)
			default:
				d := sfHuff.decode(r)
				if d < 0 {
					return errBadCodeword
				}
				sf += d - sfDiffZero
				if sf < 0 || sf > 255 {
					return errScalefactor
				}
				c.sf[g][b] = sf
			}
		}
		if r.over {
			return errTruncated
		}
	}
	return nil
}

// readPulseData reads pulse_data(); the pulses are added once the
// spectrum is decoded.
func readPulseData(r *bitReader, c *ics, pl *pulses) error {
	if c.seq == eightShort {
		return errPulseShort
	}
	pl.n = r.readInt(2) + 1
	start := r.readInt(6)
	if start >= c.numSWB {
		return errPulseBand
	}
	k := int(c.swbOffset[start])
	for i := 0; i < pl.n; i++ {
		k += r.readInt(5)
		if k >= frameLen {
			return errPulseOffset
		}
		pl.pos[i] = k
		pl.amp[i] = int32(r.read(4))
	}
	return nil
}

// readTNSData reads tns_data() as coded.
func readTNSData(r *bitReader, c *ics) error {
	nWin, nFiltBits, lenBits, orderBits, maxOrder := 1, uint(2), uint(6), uint(5), tnsMaxOrderLong
	if c.seq == eightShort {
		nWin, nFiltBits, lenBits, orderBits, maxOrder = maxWindows, 1, 4, 3, tnsMaxOrderShort
	}
	for w := 0; w < nWin; w++ {
		n := r.readInt(nFiltBits)
		c.tns.nFilt[w] = n
		if n == 0 {
			continue
		}
		res := 3 + r.readInt(1)
		for f := 0; f < n; f++ {
			flt := &c.tns.filt[w][f]
			// A filter longer than the band count covers every band;
			// clamping keeps synthesis's band arithmetic in range.
			flt.length = min(r.readInt(lenBits), c.numSWB)
			flt.order = r.readInt(orderBits)
			if flt.order > maxOrder {
				return errTNSOrder
			}
			flt.coefRes = res
			flt.downward, flt.compress, flt.coefBits = false, false, res
			if flt.order == 0 {
				continue
			}
			flt.downward = r.bit()
			flt.compress = r.bit()
			if flt.compress {
				flt.coefBits = res - 1
			}
			for i := 0; i < flt.order; i++ {
				flt.coef[i] = uint8(r.read(uint(flt.coefBits)))
			}
		}
	}
	if r.over {
		return errTruncated
	}
	return nil
}

// readSpectralData reads spectral_data() and stores the quantised lines
// window-major (see ics.spec).
func readSpectralData(r *bitReader, c *ics) error {
	c.spec = [frameLen]int32{}
	short := c.seq == eightShort
	win := 0
	for g := 0; g < c.numGroups; g++ {
		glen := c.groupLen[g]
		for b := 0; b < c.maxSFB; b++ {
			bt := c.bandType[g][b]
			if bt == zeroHCB || bt > escHCB {
				continue
			}
			lo, hi := int(c.swbOffset[b]), int(c.swbOffset[b+1])
			for w := 0; w < glen; w++ {
				base := 0
				if short {
					base = (win + w) * shortLen
				}
				if err := readBandLines(r, &specBooks[bt], c.spec[base+lo:base+hi]); err != nil {
					return err
				}
			}
			if r.over {
				return errTruncated
			}
		}
		win += glen
	}
	return nil
}

// readBandLines decodes the lines of one band of one window with book b.
// len(dst) is a multiple of b.dim (every band width is a multiple of 4).
func readBandLines(r *bitReader, b *spectralBook, dst []int32) error {
	for k := 0; k+b.dim <= len(dst); k += b.dim {
		idx := b.huff.decode(r)
		if idx < 0 {
			return errBadCodeword
		}
		v := &b.vals[idx]
		if !b.unsigned {
			for j := 0; j < b.dim; j++ {
				dst[k+j] = int32(v[j])
			}
			continue
		}
		nz := uint(b.nz[idx])
		signs := r.read(nz)
		for j := 0; j < b.dim; j++ {
			x := int32(v[j])
			if x != 0 {
				nz--
				if signs>>nz&1 != 0 {
					x = -x
				}
			}
			dst[k+j] = x
		}
		if b.lav == 16 {
			for j := 0; j < 2; j++ {
				if dst[k+j] == 16 || dst[k+j] == -16 {
					e, err := readEscape(r)
					if err != nil {
						return err
					}
					if dst[k+j] < 0 {
						e = -e
					}
					dst[k+j] = e
				}
			}
		}
	}
	return nil
}

// readEscape reads an escape sequence of book 11: N one bits, a zero, and
// an (N+4)-bit word; the value is 2^(N+4) + word, at most 8191 (N <= 8).
func readEscape(r *bitReader) (int32, error) {
	n := uint(0)
	for r.bit() {
		n++
		if n > 8 {
			return 0, errEscape
		}
	}
	return int32(1)<<(n+4) + int32(r.read(n+4)), nil
}
