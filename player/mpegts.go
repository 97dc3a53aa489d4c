package player

import (
	"errors"
	"fmt"
)

// An MPEG transport stream (ISO/IEC 13818-1) as HLS packagers write it: a
// segment of 188-byte packets carrying a PAT, which names the PMT, which
// names the elementary streams by PID and stream type; the audio stream's
// PES packets carry ADTS AAC or MPEG audio. cirrus reads one segment at a
// time (each HLS segment repeats the PAT and PMT) and keeps the first audio
// stream the PMT lists.

const tsPacketSize = 188

// isTS says whether b looks like an MPEG transport stream.
func isTS(b []byte) bool {
	return len(b) >= tsPacketSize*2 && b[0] == 0x47 && b[tsPacketSize] == 0x47
}

// tsCodec is the audio coding of a transport stream's audio stream.
type tsCodec int

const (
	tsNone tsCodec = iota
	tsAAC          // ADTS AAC, stream type 0x0F
	tsMP3          // MPEG-1/2 audio, stream types 0x03 and 0x04
)

func (c tsCodec) String() string {
	return [...]string{"none", "AAC (ADTS)", "MPEG audio"}[c]
}

// Bounds on what a segment may make the demuxer do. A PES packet of audio
// holds a fraction of a second (ffmpeg's up to 0.7 s); 1 MiB is minutes of
// 160 kbit/s AAC.
const (
	maxPESSize   = 1 << 20
	maxTSPackets = maxSegmentBytes / tsPacketSize
	// maxTSLost is how many packets of a segment may fail to be
	// transport packets (lost sync) before it is not a transport stream
	maxTSLost = 64
)

// errTSNoAudio is a transport stream without an audio stream cirrus knows.
var errTSNoAudio = errors.New("MPEG-TS segment has no audio stream")

// tsAudio is the audio elementary stream of one segment.
type tsAudio struct {
	codec tsCodec
	es    []byte // the PES payloads of the audio stream, in order
	// damaged counts PES packets dropped because packets of theirs were
	// missing (a continuity counter jumped) or their header was bad.
	damaged int
}

// demuxTS extracts the first audio stream of a transport stream segment.
// A segment whose PMT names no audio stream cirrus plays, or an encrypted
// one (SAMPLE-AES stream types), is an error. A PES packet with lost
// packets is counted, and dropped unless keepDamaged: an MP3 decoder finds
// the break itself and keeps the timeline, where AAC is better dropped
// whole and the gap filled. The result is never larger than b.
func demuxTS(b []byte, keepDamaged bool) (*tsAudio, error) {
	if !isTS(b) {
		return nil, errors.New("not an MPEG transport stream")
	}
	n := len(b) / tsPacketSize
	if n > maxTSPackets {
		return nil, fmt.Errorf("MPEG-TS segment of %d packets (at most %d)", n, maxTSPackets)
	}
	pmtPID, audioPID := -1, -1
	var codec tsCodec
	var refused error
	// First pass: the PAT, then the PMT it names. Both fit one packet
	// for the handful of streams an audio segment has.
	for pass := 0; pass < 2 && audioPID < 0; pass++ {
		for i := 0; i+tsPacketSize <= len(b); i += tsPacketSize {
			pk, ok := parseTSPacket(b[i : i+tsPacketSize])
			if !ok || !pk.start {
				continue
			}
			switch {
			case pk.pid == 0 && pmtPID < 0:
				pmtPID = parsePAT(pk.payload)
			case pk.pid == pmtPID && pmtPID >= 0:
				audioPID, codec, refused = parsePMT(pk.payload)
			}
			if audioPID >= 0 || refused != nil {
				break
			}
		}
		if refused != nil {
			return nil, refused
		}
	}
	out := &tsAudio{codec: codec}
	var pes []byte // the PES packet being assembled
	inPES, bad := false, false
	cc := -1
	lost := 0
	flush := func() {
		if !inPES {
			return
		}
		p, ok := pesPayload(pes)
		if bad || !ok {
			out.damaged++
		}
		if ok && (!bad || keepDamaged) {
			out.es = append(out.es, p...)
		}
		pes, inPES, bad = pes[:0], false, false
	}
	for i := 0; i+tsPacketSize <= len(b); {
		pk, ok := parseTSPacket(b[i : i+tsPacketSize])
		if !ok {
			// Lost sync: on to the next place two packets start.
			if lost++; lost > maxTSLost {
				return nil, fmt.Errorf("MPEG-TS segment lost sync %d times", lost)
			}
			i = tsResync(b, i+1)
			continue
		}
		i += tsPacketSize
		if audioPID < 0 && pk.start && len(pk.payload) >= 4 && pk.payload[0] == 0 && pk.payload[1] == 0 && pk.payload[2] == 1 &&
			pk.payload[3] >= 0xc0 && pk.payload[3] <= 0xdf {
			// No PMT to go by (a segment cut without one): the first
			// MPEG audio stream id, its codec told by its frames.
			audioPID = pk.pid
		}
		if pk.pid != audioPID {
			continue
		}
		if pk.hasPayload {
			if cc >= 0 && pk.cc == cc {
				continue // a duplicate packet (13818-1 2.4.3.3)
			}
			if cc >= 0 && pk.cc != (cc+1)&0xf {
				bad = bad || inPES // packets went missing
			}
			cc = pk.cc
		}
		if pk.start {
			flush()
			inPES = true
		}
		if !inPES || len(pk.payload) == 0 {
			continue
		}
		if len(pes)+len(pk.payload) > maxPESSize {
			return nil, fmt.Errorf("MPEG-TS PES packet over %d bytes", maxPESSize)
		}
		pes = append(pes, pk.payload...)
	}
	flush()
	if audioPID < 0 {
		return nil, errTSNoAudio
	}
	if out.codec == tsNone {
		out.codec = sniffCodec(out.es)
	}
	return out, nil
}

// tsResync returns the first offset from i where a packet starts and the
// next one (if the data goes that far) does too; len(b) when none does.
func tsResync(b []byte, i int) int {
	for ; i+tsPacketSize <= len(b); i++ {
		if b[i] == 0x47 && (i+2*tsPacketSize > len(b) || b[i+tsPacketSize] == 0x47) {
			return i
		}
	}
	return len(b)
}

// tsPacket is the part of a transport packet the demuxer reads.
type tsPacket struct {
	pid        int
	start      bool // payload_unit_start_indicator
	cc         int  // continuity_counter
	hasPayload bool
	payload    []byte
}

// parseTSPacket reads one 188-byte packet; false when it has no sync byte,
// carries the transport error flag, or its adaptation field overruns it.
func parseTSPacket(p []byte) (tsPacket, bool) {
	if len(p) != tsPacketSize || p[0] != 0x47 || p[1]&0x80 != 0 {
		return tsPacket{}, false
	}
	pk := tsPacket{
		start: p[1]&0x40 != 0,
		pid:   int(p[1]&0x1f)<<8 | int(p[2]),
		cc:    int(p[3] & 0xf),
	}
	afc := (p[3] >> 4) & 3
	off := 4
	if afc&2 != 0 {
		off += 1 + int(p[4])
		if off > tsPacketSize {
			return tsPacket{}, false
		}
	}
	if afc&1 != 0 && off < tsPacketSize {
		pk.hasPayload = true
		pk.payload = p[off:]
	}
	return pk, true
}

// psiSection returns the section a PSI payload starts (after its
// pointer_field) and its table id, cut to section_length; false when it
// does not fit the packet.
func psiSection(payload []byte) (table byte, body []byte, ok bool) {
	if len(payload) < 1 {
		return 0, nil, false
	}
	p := int(payload[0]) + 1
	if p+3 > len(payload) {
		return 0, nil, false
	}
	s := payload[p:]
	l := int(s[1]&0x0f)<<8 | int(s[2])
	if l < 9 || 3+l > len(s) {
		return 0, nil, false
	}
	// section header (table_id_extension .. last_section_number: 5
	// bytes) before the body, CRC_32 after it
	return s[0], s[8 : 3+l-4], true
}

// parsePAT returns the PMT PID of the first program, or -1.
func parsePAT(payload []byte) int {
	table, body, ok := psiSection(payload)
	if !ok || table != 0x00 {
		return -1
	}
	for i := 0; i+4 <= len(body); i += 4 {
		program := int(body[i])<<8 | int(body[i+1])
		if program != 0 { // 0 names the network PID
			return int(body[i+2]&0x1f)<<8 | int(body[i+3])
		}
	}
	return -1
}

// parsePMT returns the PID and codec of the first audio stream; an
// encrypted or unknown audio stream is refused with its reason when it is
// the only audio.
func parsePMT(payload []byte) (int, tsCodec, error) {
	table, body, ok := psiSection(payload)
	if !ok || table != 0x02 || len(body) < 4 {
		return -1, tsNone, nil
	}
	infoLen := int(body[2]&0x0f)<<8 | int(body[3])
	i := 4 + infoLen
	var refused error
	for i+5 <= len(body) {
		st := body[i]
		pid := int(body[i+1]&0x1f)<<8 | int(body[i+2])
		esLen := int(body[i+3]&0x0f)<<8 | int(body[i+4])
		i += 5 + esLen
		switch st {
		case 0x0f:
			return pid, tsAAC, nil
		case 0x03, 0x04:
			return pid, tsMP3, nil
		case 0xcf, 0xc1, 0xc2: // SAMPLE-AES AAC, AC-3, E-AC-3 (Apple)
			refused = fmt.Errorf("MPEG-TS audio stream type 0x%02x: %w (SAMPLE-AES)", st, ErrDRM)
		case 0x11:
			refused = fmt.Errorf("%w: AAC in LATM (MPEG-TS stream type 0x11)", ErrUnsupported)
		case 0x81, 0x87:
			refused = fmt.Errorf("%w: AC-3/E-AC-3 audio (MPEG-TS stream type 0x%02x)", ErrUnsupported, st)
		}
	}
	if refused != nil {
		return -1, tsNone, refused
	}
	return -1, tsNone, nil
}

// pesPayload returns the elementary stream bytes of a whole PES packet,
// cut to its PES_packet_length when it gives one.
func pesPayload(pes []byte) ([]byte, bool) {
	if len(pes) < 9 || pes[0] != 0 || pes[1] != 0 || pes[2] != 1 {
		return nil, false
	}
	h := 9 + int(pes[8])
	if h > len(pes) {
		return nil, false
	}
	if l := int(pes[4])<<8 | int(pes[5]); l != 0 {
		end := 6 + l
		if end < h {
			return nil, false
		}
		if end < len(pes) {
			pes = pes[:end]
		}
	}
	return pes[h:], true
}

// sniffCodec tells ADTS from MPEG audio by the first frame header (both
// sync on 12 bits; ADTS has layer 0).
func sniffCodec(es []byte) tsCodec {
	for i := 0; i+1 < len(es) && i < 4096; i++ {
		if es[i] != 0xff || es[i+1]&0xf0 != 0xf0 {
			continue
		}
		if es[i+1]&0x06 == 0 {
			return tsAAC
		}
		return tsMP3
	}
	return tsNone
}
