package player

import (
	"bufio"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/cirrus-tui/cirrus/third_party/go-mp3"
)

// mp3Header is a decoded MPEG audio Layer III frame header.
type mp3Header struct {
	mpeg1      bool
	bitrate    int // kbit/s
	sampleRate int
	mono       bool
	length     int // bytes of the whole frame
}

var (
	mp3BitrateV1 = [16]int{0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 0}
	mp3BitrateV2 = [16]int{0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160, 0}
	mp3Rates     = [3]int{44100, 48000, 32000}
)

// parseMP3Header reads a Layer III header at b[0:4].
func parseMP3Header(b []byte) (mp3Header, bool) {
	if len(b) < 4 || b[0] != 0xff || b[1]&0xe0 != 0xe0 {
		return mp3Header{}, false
	}
	ver := (b[1] >> 3) & 3 // 0: 2.5, 2: 2, 3: 1
	layer := (b[1] >> 1) & 3
	bri := b[2] >> 4
	sri := (b[2] >> 2) & 3
	if ver == 1 || layer != 1 || bri == 0 || bri == 15 || sri == 3 {
		return mp3Header{}, false
	}
	h := mp3Header{mpeg1: ver == 3, mono: b[3]>>6 == 3}
	h.sampleRate = mp3Rates[sri]
	switch ver {
	case 2:
		h.sampleRate /= 2
	case 0:
		h.sampleRate /= 4
	}
	pad := int(b[2]>>1) & 1
	if h.mpeg1 {
		h.bitrate = mp3BitrateV1[bri]
		h.length = 144*h.bitrate*1000/h.sampleRate + pad
	} else {
		h.bitrate = mp3BitrateV2[bri]
		h.length = 72*h.bitrate*1000/h.sampleRate + pad
	}
	return h, h.length > 4
}

// findFrame returns the offset of the first frame header in b that is
// followed by another consistent header, so a seek into the middle of a
// file lands on a real frame, not on bytes that happen to look like one.
func findFrame(b []byte) (int, mp3Header, bool) {
	for i := 0; i+4 <= len(b); i++ {
		h, ok := parseMP3Header(b[i:])
		if !ok {
			continue
		}
		j := i + h.length
		if j+4 > len(b) {
			// cannot confirm; accept only at the very end of the data
			if j >= len(b) {
				return i, h, true
			}
			continue
		}
		h2, ok := parseMP3Header(b[j:])
		if ok && h2.sampleRate == h.sampleRate && h2.mpeg1 == h.mpeg1 {
			return i, h, true
		}
	}
	return 0, mp3Header{}, false
}

// xingInfo is the Xing/Info tag LAME writes into the first frame.
type xingInfo struct {
	frames int
	bytes  int
	toc    []byte // 100 entries, or nil
}

// parseXing reads a Xing/Info tag from the frame at b (b starts at the header).
func parseXing(b []byte, h mp3Header) (*xingInfo, bool) {
	off := 4 + 32
	switch {
	case h.mpeg1 && h.mono:
		off = 4 + 17
	case !h.mpeg1 && !h.mono:
		off = 4 + 17
	case !h.mpeg1 && h.mono:
		off = 4 + 9
	}
	if len(b) < off+8 {
		return nil, false
	}
	tag := string(b[off : off+4])
	if tag != "Xing" && tag != "Info" {
		return nil, false
	}
	flags := binary.BigEndian.Uint32(b[off+4:])
	p := off + 8
	x := &xingInfo{}
	if flags&1 != 0 && len(b) >= p+4 {
		x.frames = int(binary.BigEndian.Uint32(b[p:]))
		p += 4
	}
	if flags&2 != 0 && len(b) >= p+4 {
		x.bytes = int(binary.BigEndian.Uint32(b[p:]))
		p += 4
	}
	if flags&4 != 0 && len(b) >= p+100 && tag == "Xing" {
		x.toc = append([]byte(nil), b[p:p+100]...)
	}
	return x, true
}

// vbriInfo is the Fraunhofer VBRI tag some encoders write into the first
// frame instead of a Xing tag. Its table of contents gives the byte length
// of every stretch of framesPerEntry frames, so a seek into a VBR file
// lands where the time really is rather than where an average bitrate
// would put it.
type vbriInfo struct {
	version        int
	delay          int
	quality        int
	bytes          int64 // audio bytes, as the encoder counted them
	frames         int64
	scale          int
	entrySize      int
	framesPerEntry int
	toc            []int64 // bytes of each stretch (entry × scale), nil if none
}

// vbriOffset is where the VBRI tag sits in its frame: always 32 bytes
// after the 4-byte header, whatever the MPEG version or channel mode.
const vbriOffset = 4 + 32

// vbriFixed is the size of the VBRI fields before the table of contents.
const vbriFixed = 26

// maxVBRIBytes bounds what a VBRI table may add up to (1 TiB).
const maxVBRIBytes = 1 << 40

// errNoVBRI says the frame carries no VBRI tag.
var errNoVBRI = errors.New("no VBRI tag")

// parseVBRI reads a VBRI tag from the frame at b (b starts at the frame
// header). The bytes come from the network: every length is checked
// against b, and a malformed tag is an error, never a panic.
func parseVBRI(b []byte) (*vbriInfo, error) {
	if len(b) < vbriOffset+4 || string(b[vbriOffset:vbriOffset+4]) != "VBRI" {
		return nil, errNoVBRI
	}
	p := b[vbriOffset:]
	if len(p) < vbriFixed {
		return nil, fmt.Errorf("parse VBRI: tag truncated at %d of %d bytes", len(p), vbriFixed)
	}
	be := binary.BigEndian
	v := &vbriInfo{
		version:        int(be.Uint16(p[4:])),
		delay:          int(be.Uint16(p[6:])),
		quality:        int(be.Uint16(p[8:])),
		bytes:          int64(be.Uint32(p[10:])),
		frames:         int64(be.Uint32(p[14:])),
		scale:          int(be.Uint16(p[20:])),
		entrySize:      int(be.Uint16(p[22:])),
		framesPerEntry: int(be.Uint16(p[24:])),
	}
	entries := int(be.Uint16(p[18:]))
	if entries == 0 {
		return v, nil // totals only, no table
	}
	if v.entrySize < 1 || v.entrySize > 4 {
		return nil, fmt.Errorf("parse VBRI: TOC entry size %d, want 1 to 4", v.entrySize)
	}
	if v.scale == 0 || v.framesPerEntry == 0 {
		return nil, fmt.Errorf("parse VBRI: TOC scale %d, frames per entry %d", v.scale, v.framesPerEntry)
	}
	p = p[vbriFixed:]
	if need := entries * v.entrySize; len(p) < need {
		return nil, fmt.Errorf("parse VBRI: TOC truncated: %d of %d bytes", len(p), need)
	}
	v.toc = make([]int64, entries)
	var total int64
	for i := range v.toc {
		var e int64
		for _, c := range p[i*v.entrySize : (i+1)*v.entrySize] {
			e = e<<8 | int64(c)
		}
		v.toc[i] = e * int64(v.scale) // at most 2^48: no overflow
		total += v.toc[i]
		if total > maxVBRIBytes {
			// a file this large is no progressive stream; the sum of
			// further entries could overflow the offsets
			return nil, fmt.Errorf("parse VBRI: TOC adds up to more than %d bytes", int64(maxVBRIBytes))
		}
	}
	return v, nil
}

// samplesPerFrame is how much audio one Layer III frame holds.
func (h mp3Header) samplesPerFrame() int {
	if h.mpeg1 {
		return 1152
	}
	return 576
}

// id3Size is the length of an ID3v2 tag at the start of b, or 0.
func id3Size(b []byte) int {
	if len(b) < 10 || string(b[:3]) != "ID3" {
		return 0
	}
	n := int(b[6]&0x7f)<<21 | int(b[7]&0x7f)<<14 | int(b[8]&0x7f)<<7 | int(b[9]&0x7f)
	n += 10
	if b[5]&0x10 != 0 {
		n += 10 // footer
	}
	return n
}

// resync discards bytes from r up to the next confirmed frame header.
func resync(r *bufio.Reader) error {
	for {
		b, err := r.Peek(8192)
		if len(b) < 4 {
			if err == nil {
				err = io.ErrUnexpectedEOF
			}
			return fmt.Errorf("mp3 resync: %w", err)
		}
		if i, _, ok := findFrame(b); ok {
			_, err := r.Discard(i)
			return err
		}
		if err != nil {
			return fmt.Errorf("mp3 resync: no frame header: %w", err)
		}
		r.Discard(len(b) - 3)
	}
}

// decodeMP3Stream decodes MPEG audio from r onto al until r ends. A corrupt
// stretch restarts the decoder at the next frame header; a decoder panic is
// treated the same way. A stream that goes maxJunk bytes without giving
// audio is given up: with no audio before it that is an error, after real
// audio the track ends there.
//
// mark, when not nil, maps how many bytes the decoder has consumed to the
// timeline start of the segment those bytes are in. When a corrupt stretch
// was skipped the decoder pads with silence up to the next segment's start
// (at most that segment's length by its tag), so the timeline stays true;
// audio that decoded is never padded to what a tag claims.
func decodeMP3Stream(ctx context.Context, r io.Reader, al *aligner, skip time.Duration, warn func(error), mark func(consumed int64) time.Duration) error {
	cr := &countingReader{r: r, maxJunk: maxJunk}
	br := bufio.NewReaderSize(cr, 16<<10)
	var sync func() error
	lost, lossAt := false, time.Duration(0)
	loss := func() {}
	if mark != nil {
		consumed := func() int64 { return cr.n - int64(br.Buffered()) }
		loss = func() {
			if !lost {
				lost, lossAt = true, mark(consumed())
			}
		}
		sync = func() error {
			if !lost {
				return nil
			}
			t := mark(consumed())
			if t <= lossAt {
				return nil
			}
			lost = false
			return al.padTo(ctx, t, t-lossAt, skip)
		}
	}
	// A progressive file opens with an ID3 tag (artwork can take
	// megabytes): skipped, not scanned, and not counted as junk.
	if b, err := br.Peek(10); err == nil {
		if n := id3Size(b); n > 0 {
			cr.excuse(int64(n))
			if _, err := br.Discard(n); err != nil {
				return fmt.Errorf("mp3: ID3 tag of %d bytes: %w", n, err)
			}
		}
	}
	restarts := 0
	if err := resync(br); err != nil {
		var fatal *fatalReadError
		if errors.As(err, &fatal) {
			return fatal.err
		}
		if cr.junk {
			return fmt.Errorf("mp3: no MPEG audio frame in %d bytes: not an MP3 stream", cr.maxJunk)
		}
		return fmt.Errorf("mp3: no audio frames: %w", err)
	}
	// ended says why decoding stops at a stretch that cannot be resynced.
	ended := func() error {
		if !cr.junk {
			return nil
		}
		if !cr.audio {
			return fmt.Errorf("mp3: no MPEG audio in %d bytes: not an MP3 stream", cr.maxJunk)
		}
		warn(fmt.Errorf("no MPEG audio in the last %d bytes: track ended there", cr.maxJunk))
		return nil
	}
	for {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		d, err := safeMP3Decoder(br)
		if err != nil {
			if cr.junk {
				return ended()
			}
			if isEOF(err) {
				return nil
			}
			if ctx.Err() != nil {
				return ctx.Err()
			}
			var fatal *fatalReadError
			if errors.As(err, &fatal) {
				return fatal.err
			}
			restarts++
			if restarts > 50 {
				return fmt.Errorf("mp3: too many corrupt frames: %w", err)
			}
			loss()
			warn(fmt.Errorf("corrupt MP3 data skipped (%w)", err))
			if _, derr := br.Discard(1); derr != nil {
				return ended()
			}
			if resync(br) != nil {
				return ended()
			}
			continue
		}
		if err := al.setRate(d.SampleRate()); err != nil {
			return fmt.Errorf("mp3: %w", err)
		}
		err = pumpMP3(ctx, d, al, skip, sync, cr.progress)
		if err == nil || ctx.Err() != nil {
			return ctx.Err()
		}
		if cr.junk {
			return ended()
		}
		var fatal *fatalReadError
		if errors.As(err, &fatal) {
			return fatal.err
		}
		restarts++
		if restarts > 50 {
			return fmt.Errorf("mp3: too many corrupt frames: %w", err)
		}
		loss()
		warn(fmt.Errorf("corrupt MP3 frame skipped (%w)", err))
		if resync(br) != nil {
			return ended()
		}
	}
}

// maxJunk is how far an MP3 stream may go without giving audio: a stretch
// of this length without a frame is not a glitch but a stream that is not
// (or no longer) MP3. 1 MiB is a minute of 128 kbit/s audio.
const maxJunk = 1 << 20

// errJunk is what the stream under the decoder returns once maxJunk bytes
// went by without audio.
var errJunk = errors.New("no MPEG audio frames")

// fatalReadError is a failure of the transport under the decoder (as opposed
// to bad bytes): the track cannot go on.
type fatalReadError struct{ err error }

func (e *fatalReadError) Error() string { return e.err.Error() }
func (e *fatalReadError) Unwrap() error { return e.err }

func isEOF(err error) bool {
	return errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF)
}

func safeMP3Decoder(r io.Reader) (d *mp3.Decoder, err error) {
	defer func() {
		if x := recover(); x != nil {
			d, err = nil, fmt.Errorf("mp3 decoder panic: %v", x)
		}
	}()
	// r must not be an io.Seeker: go-mp3 would scan the whole stream.
	return mp3.NewDecoder(struct{ io.Reader }{r})
}

func pumpMP3(ctx context.Context, d *mp3.Decoder, al *aligner, skip time.Duration, sync func() error, progress func()) (err error) {
	defer func() {
		if x := recover(); x != nil {
			err = fmt.Errorf("mp3 decoder panic: %v", x)
		}
	}()
	raw := make([]byte, 1152*4*4)
	frames := make([][2]float32, len(raw)/4)
	for {
		n, rerr := d.Read(raw)
		n -= n % 4
		if sync != nil && n > 0 {
			if err := sync(); err != nil {
				return &fatalReadError{err}
			}
		}
		if n > 0 {
			progress()
			f := frames[:n/4]
			for i := range f {
				b := raw[i*4 : i*4+4]
				f[i] = [2]float32{
					float32(int16(binary.LittleEndian.Uint16(b))) * (1.0 / 32768),
					float32(int16(binary.LittleEndian.Uint16(b[2:]))) * (1.0 / 32768),
				}
			}
			if err := al.push(ctx, f, skip); err != nil {
				return &fatalReadError{err}
			}
		}
		if rerr != nil {
			if isEOF(rerr) {
				return nil
			}
			return rerr
		}
	}
}

// countingReader counts the bytes read through it, and stops the stream
// with errJunk once maxJunk bytes went by since the decoder last gave audio.
type countingReader struct {
	r       io.Reader
	n       int64
	maxJunk int64
	from    int64 // n when audio last came out (or an ID3 tag ends)
	audio   bool  // any audio came out
	junk    bool  // maxJunk was reached
}

func (c *countingReader) Read(p []byte) (int, error) {
	if c.maxJunk > 0 && c.n-c.from >= c.maxJunk {
		c.junk = true
		return 0, errJunk
	}
	if c.maxJunk > 0 {
		p = p[:min(int64(len(p)), c.from+c.maxJunk-c.n)]
	}
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}

// progress notes that the decoder gave audio.
func (c *countingReader) progress() { c.from, c.audio = c.n, true }

// excuse lets the next n bytes (an ID3 tag) through without counting them.
func (c *countingReader) excuse(n int64) { c.from = max(c.from, c.n+n) }

// mp3SeekPoint finds where to start decoding the MPEG audio es (one HLS
// segment's frames, from its first sample) to hear it from skip on
// exactly as when decoded from its start: the start of the frame that
// holds the target less a preroll (cut, in bytes), and the audio before
// that start (skipped: whole frames). Layer III
// needs the two frames before the one wanted decoded right (the
// granule's overlap and the synthesis filter's memory carry over), and
// those need their bit reservoir: main_data_begin reaches up to 511
// bytes back into earlier frames' main data, so decoding starts early
// enough that that much precedes them. The frames are found by their
// headers alone, a few microseconds for a whole segment; a stretch that
// does not parse as consecutive frames gives (0, 0): decode it all.
func mp3SeekPoint(es []byte, skip time.Duration) (cut int, skipped time.Duration) {
	const reservoir = 511 // the most main_data_begin can say (MPEG-1: 9 bits)
	first, h0, ok := findFrame(es[:min(len(es), 8192)])
	if !ok || skip <= 0 {
		return 0, 0
	}
	rate := int64(h0.sampleRate)
	target := (int64(skip)*rate + int64(time.Second)/2) / int64(time.Second)
	spf := int64(h0.samplesPerFrame())
	want := target / spf // the frame that holds target
	if want < 3 {
		return 0, 0
	}
	// the frames' offsets and main data sizes up to want-2
	var offs, main []int
	for off, k := first, int64(0); k < want-2; k++ {
		h, ok := parseMP3Header(es[off:])
		if !ok || h.sampleRate != h0.sampleRate || h.mpeg1 != h0.mpeg1 || off+h.length > len(es) {
			return 0, 0
		}
		offs, main = append(offs, off), append(main, h.mainDataSize(es[off:]))
		off += h.length
		if off+4 > len(es) {
			return 0, 0
		}
	}
	// back from the first frame that must decode right (want-2) until
	// its reservoir is in
	j, have := len(offs), 0
	for j > 0 && have < reservoir {
		j--
		have += main[j]
	}
	if have < reservoir {
		return 0, 0 // not enough before it in this segment: from its start
	}
	return offs[j], time.Duration(int64(j) * spf * int64(time.Second) / rate)
}

// mainDataSize is how many bytes of main data (scale factors and
// Huffman code) the frame at b (b starts at its header) carries: the
// frame less its header, CRC and side information.
func (h mp3Header) mainDataSize(b []byte) int {
	side := 32
	switch {
	case h.mpeg1 && h.mono:
		side = 17
	case !h.mpeg1 && !h.mono:
		side = 17
	case !h.mpeg1 && h.mono:
		side = 9
	}
	n := h.length - 4 - side
	if b[1]&1 == 0 { // protection bit clear: a 16-bit CRC follows the header
		n -= 2
	}
	return max(n, 0)
}
