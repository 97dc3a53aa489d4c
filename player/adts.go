package player

import (
	"errors"
	"fmt"
)

// ADTS (ISO/IEC 13818-7 / 14496-3 1.A.2): AAC access units, each behind a
// 7-byte header (9 with a CRC) that says the profile, sampling rate and
// channels, which is what MPEG-TS and packed-audio HLS segments carry.

// adtsHeader is what cirrus reads of an ADTS header.
type adtsHeader struct {
	object   int // audio object type (profile + 1): 2 is AAC-LC
	freqIdx  int
	channels int
	length   int // the whole frame, header included
	hdrLen   int // 7, or 9 with the CRC
	blocks   int // raw data blocks in the frame (number_of_raw_data_blocks + 1)
}

// parseADTSHeader reads a header at b[0:]; false when b does not start
// with a possible one.
func parseADTSHeader(b []byte) (adtsHeader, bool) {
	if len(b) < 7 || b[0] != 0xff || b[1]&0xf6 != 0xf0 { // sync, layer 0
		return adtsHeader{}, false
	}
	h := adtsHeader{
		object:   int(b[2]>>6) + 1,
		freqIdx:  int(b[2]>>2) & 0xf,
		channels: int(b[2]&1)<<2 | int(b[3]>>6),
		length:   int(b[3]&3)<<11 | int(b[4])<<3 | int(b[5]>>5),
		hdrLen:   7,
		blocks:   int(b[6]&3) + 1,
	}
	if b[1]&1 == 0 {
		h.hdrLen = 9
	}
	if h.freqIdx > 12 || h.length <= h.hdrLen {
		return adtsHeader{}, false
	}
	return h, true
}

// asc is the AudioSpecificConfig the header stands for.
func (h adtsHeader) asc() []byte {
	return []byte{byte(h.object<<3 | h.freqIdx>>1), byte(h.freqIdx&1<<7 | h.channels<<3)}
}

// splitADTS splits an ADTS stream into access units and returns the
// AudioSpecificConfig of its first frame. Bytes that are not a frame are
// skipped up to the next header confirmed by the one after it; frames
// that change the configuration midway end the units there (the caller
// opens a new decoder for the rest). The units are slices of b.
func splitADTS(b []byte) (units [][]byte, asc []byte, rest []byte, skipped int, err error) {
	var first adtsHeader
	i := 0
	for i < len(b) {
		h, ok := parseADTSHeader(b[i:])
		if ok && i+h.length < len(b) {
			// confirm by the next header unless this frame ends the data
			h2, ok2 := parseADTSHeader(b[i+h.length:])
			ok = ok2 && h2.freqIdx == h.freqIdx
		}
		if !ok || i+h.length > len(b) {
			i++
			skipped++
			continue
		}
		if asc == nil {
			if h.channels == 0 {
				return nil, nil, nil, skipped, fmt.Errorf("%w: ADTS AAC with its channel layout in the stream (channel configuration 0)", ErrUnsupported)
			}
			if h.blocks != 1 {
				return nil, nil, nil, skipped, fmt.Errorf("%w: ADTS frames of %d raw data blocks", ErrUnsupported, h.blocks)
			}
			first, asc = h, h.asc()
		} else if h.object != first.object || h.freqIdx != first.freqIdx || h.channels != first.channels || h.blocks != 1 {
			return units, asc, b[i:], skipped, nil
		}
		units = append(units, b[i+h.hdrLen:i+h.length])
		i += h.length
	}
	if asc == nil {
		return nil, nil, nil, skipped, errNoADTS
	}
	return units, asc, nil, skipped, nil
}

// errNoADTS: no ADTS frame in the data.
var errNoADTS = errors.New("no ADTS AAC frame")
