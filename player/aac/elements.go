package aac

import "errors"

// raw_data_block() and its syntactic elements (ISO/IEC 14496-3 4.4.2.1).

var (
	errCCE          = errors.New("aac: coupling channel elements are not supported")
	errMSReserved   = errors.New("aac: ms_mask_present uses the reserved value 3")
	errSkipPastEnd  = errors.New("aac: data or fill element runs past the end of the access unit")
	errNoAudio      = errors.New("aac: access unit holds no audio element")
	errExtraAudio   = errors.New("aac: access unit holds more than one audio element")
	errSCEInStereo  = errors.New("aac: single channel element in a stereo (channel configuration 2) stream")
	errCPEInMono    = errors.New("aac: channel pair element in a mono (channel configuration 1) stream")
	errPCELayout    = errors.New("aac: program config element runs past the end of the access unit")
	errTrailingData = errors.New("aac: access unit ends without an END element")
)

// Extension types of a fill element that carry SBR (ISO/IEC 14496-3
// table 4.121): their presence means implicitly signalled HE-AAC.
const (
	extSBRData    = 0xd
	extSBRDataCRC = 0xe
)

// frameParser reads raw_data_block()s of one stream into elem. It owns
// no heap memory past construction, so parsing never allocates.
type frameParser struct {
	r        bitReader
	sr       int // sampling_frequency_index of the tables
	channels int // 1 or 2
	sbrSeen  bool

	elem cpe // the frame's audio: ch[0] for mono, both for a pair
	lfe  ics // scratch for an LFE element, parsed and dropped
}

// parseFrame reads one raw_data_block. On success the frame's audio
// element is in p.elem (ch[0] for a mono stream).
func (p *frameParser) parseFrame(au []byte) error {
	r := &p.r
	r.reset(au)
	audio := 0
	for {
		if r.over || r.left() < 3 {
			return errTrailingData
		}
		switch elementKind(r.read(3)) {
		case elemSCE:
			r.skip(4) // element_instance_tag
			if p.channels != 1 {
				return errSCEInStereo
			}
			if audio++; audio > 1 {
				return errExtraAudio
			}
			if err := readICS(r, &p.elem.ch[0], p.sr, false, false); err != nil {
				return err
			}
		case elemCPE:
			if p.channels != 2 {
				return errCPEInMono
			}
			if audio++; audio > 1 {
				return errExtraAudio
			}
			if err := p.readCPE(); err != nil {
				return err
			}
		case elemLFE:
			r.skip(4)
			if err := readICS(r, &p.lfe, p.sr, false, false); err != nil {
				return err
			}
		case elemCCE:
			return errCCE
		case elemDSE:
			if err := skipDSE(r); err != nil {
				return err
			}
		case elemPCE:
			if err := skipPCE(r); err != nil {
				return err
			}
		case elemFIL:
			if err := p.skipFIL(); err != nil {
				return err
			}
		case elemEND:
			if r.over {
				return errTruncated
			}
			if audio == 0 {
				return errNoAudio
			}
			return nil
		}
	}
}

// readCPE reads channel_pair_element() into p.elem.
func (p *frameParser) readCPE() error {
	r, e := &p.r, &p.elem
	r.skip(4) // element_instance_tag
	e.commonWindow = r.bit()
	e.msMaskPresent = 0
	e.msUsed = [maxWindows][maxSFB]bool{}
	if e.commonWindow {
		if err := readICSInfo(r, &e.ch[0], p.sr); err != nil {
			return err
		}
		e.msMaskPresent = r.readInt(2)
		switch e.msMaskPresent {
		case 1:
			for g := 0; g < e.ch[0].numGroups; g++ {
				for b := 0; b < e.ch[0].maxSFB; b++ {
					e.msUsed[g][b] = r.bit()
				}
			}
		case 2:
			for g := 0; g < e.ch[0].numGroups; g++ {
				for b := 0; b < e.ch[0].maxSFB; b++ {
					e.msUsed[g][b] = true
				}
			}
		case 3:
			return errMSReserved
		}
		copyICSInfo(&e.ch[1], &e.ch[0])
	}
	if err := readICS(r, &e.ch[0], p.sr, e.commonWindow, false); err != nil {
		return err
	}
	return readICS(r, &e.ch[1], p.sr, e.commonWindow, e.commonWindow)
}

// skipDSE skips data_stream_element().
func skipDSE(r *bitReader) error {
	r.skip(4) // element_instance_tag
	align := r.bit()
	n := r.readInt(8)
	if n == 255 {
		n += r.readInt(8)
	}
	if align {
		r.byteAlign()
	}
	if r.over || !r.skipBytes(n) {
		return errSkipPastEnd
	}
	return nil
}

// skipFIL skips fill_element(), noting an SBR extension payload.
func (p *frameParser) skipFIL() error {
	r := &p.r
	n := r.readInt(4)
	if n == 15 {
		n += r.readInt(8) - 1
	}
	if n > 0 && r.left() >= 4 {
		if t := r.peek(4); t == extSBRData || t == extSBRDataCRC {
			p.sbrSeen = true
		}
	}
	if r.over || !r.skipBytes(n) {
		return errSkipPastEnd
	}
	return nil
}

// skipPCE reads program_config_element() (ISO/IEC 14496-3 4.4.1.1) and
// drops it: the channel configuration comes from the stream's header.
func skipPCE(r *bitReader) error {
	r.skip(4 + 2 + 4) // element_instance_tag, object_type, sampling_frequency_index
	front, side, back := r.readInt(4), r.readInt(4), r.readInt(4)
	lfe, assoc, cc := r.readInt(2), r.readInt(3), r.readInt(4)
	if r.bit() { // mono_mixdown_present
		r.skip(4)
	}
	if r.bit() { // stereo_mixdown_present
		r.skip(4)
	}
	if r.bit() { // matrix_mixdown_idx_present
		r.skip(3)
	}
	r.skip(uint(front+side+back) * 5) // is_cpe, tag_select
	r.skip(uint(lfe+assoc) * 4)
	r.skip(uint(cc) * 5) // cc_element_is_ind_sw, valid_cc_element_tag_select
	r.byteAlign()
	n := r.readInt(8) // comment_field_bytes
	if r.over || !r.skipBytes(n) {
		return errPCELayout
	}
	return nil
}
