package aac

import (
	"errors"
	"fmt"
)

// ADTSHeader is the fixed and variable header of one ADTS frame
// (ISO/IEC 13818-7 / 14496-3 1.A.2.2): enough to split an .aac file into
// frames and to configure a decoder.
type ADTSHeader struct {
	Config    Config
	HeaderLen int // bytes before the first raw_data_block (7, or more with CRC)
	FrameLen  int // whole frame, header included
	RawBlocks int // raw_data_blocks in the frame (1..4)
	CRC       bool
}

// ADTSHeaderMin is the number of bytes ParseADTSHeader needs.
const ADTSHeaderMin = 7

var (
	errADTSShort = errors.New("aac: ADTS header needs 7 bytes")
	errADTSSync  = errors.New("aac: no ADTS sync word")
	errADTSLayer = errors.New("aac: ADTS layer is not 0")
)

// ParseADTSHeader reads the ADTS header at the start of b.
func ParseADTSHeader(b []byte) (ADTSHeader, error) {
	if len(b) < ADTSHeaderMin {
		return ADTSHeader{}, errADTSShort
	}
	var r bitReader
	r.reset(b[:ADTSHeaderMin])
	if r.read(12) != 0xfff {
		return ADTSHeader{}, errADTSSync
	}
	r.skip(1) // ID: MPEG-4 or MPEG-2; the syntax is the same for LC
	if r.read(2) != 0 {
		return ADTSHeader{}, errADTSLayer
	}
	var h ADTSHeader
	h.CRC = !r.bit()
	aot := r.readInt(2) + 1
	sfi := r.readInt(4)
	r.skip(1) // private_bit
	ch := r.readInt(3)
	r.skip(4) // original_copy, home, copyright bits
	h.FrameLen = r.readInt(13)
	r.skip(11) // adts_buffer_fullness
	h.RawBlocks = r.readInt(2) + 1
	if aot != aotLC {
		return ADTSHeader{}, fmt.Errorf("aac: ADTS profile %s is not supported, only AAC-LC", objectTypeName(aot))
	}
	if sfi >= numSRIndex {
		return ADTSHeader{}, fmt.Errorf("aac: reserved sampling frequency index %d", sfi)
	}
	if ch != 1 && ch != 2 {
		return ADTSHeader{}, channelConfigError(ch)
	}
	h.HeaderLen = 7
	if h.CRC {
		// crc_check, and with several blocks their positions first.
		h.HeaderLen += 2
		if h.RawBlocks > 1 {
			h.HeaderLen += 2 * (h.RawBlocks - 1)
		}
	}
	if h.FrameLen <= h.HeaderLen {
		return ADTSHeader{}, fmt.Errorf("aac: ADTS frame length %d leaves no room after the %d-byte header", h.FrameLen, h.HeaderLen)
	}
	h.Config = Config{ObjectType: aotLC, SampleRate: sampleRates[sfi], Channels: ch}
	return h, nil
}
