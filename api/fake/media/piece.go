package media

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io/fs"

	"github.com/Eyevinn/mp4ff/aac"
)

const (
	aacFrameSamples = 1024
	mp3FrameSamples = 1152
	aacSegFrames    = SegmentSamples / aacFrameSamples // 261
	mp3SegFrames    = SegmentSamples / mp3FrameSamples // 232
)

// manifest mirrors assets/audio/manifest.json.
type manifest struct {
	SampleRate     int             `json:"sample_rate"`
	Channels       int             `json:"channels"`
	SegmentSamples int             `json:"segment_samples"`
	LoudnessWindow int             `json:"loudness_window"`
	Pieces         []manifestPiece `json:"pieces"`
}

type manifestPiece struct {
	Name       string    `json:"name"`
	Segments   int       `json:"segments"`
	Samples    int       `json:"samples"`
	LoudnessDB []float64 `json:"loudness_db"`
}

func readManifest(fsys fs.FS) (*manifest, error) {
	b, err := fs.ReadFile(fsys, "manifest.json")
	if err != nil {
		return nil, fmt.Errorf("media: load manifest: %w", err)
	}
	var m manifest
	if err := json.Unmarshal(b, &m); err != nil {
		return nil, fmt.Errorf("media: parse manifest: %w", err)
	}
	if m.SampleRate != SampleRate || m.Channels != 2 || m.SegmentSamples != SegmentSamples {
		return nil, fmt.Errorf("media: manifest: %d Hz, %d channels, %d samples per segment; want %d Hz stereo, %d",
			m.SampleRate, m.Channels, m.SegmentSamples, SampleRate, SegmentSamples)
	}
	if m.LoudnessWindow <= 0 || len(m.Pieces) == 0 {
		return nil, fmt.Errorf("media: manifest: no pieces or no loudness window")
	}
	return &m, nil
}

// piece is one loopable piece in every encoding.
type piece struct {
	name string
	segs int // segments per pass

	// aac holds raw AAC-LC access units (no ADTS headers) per format,
	// segs*aacSegFrames of them.
	aac map[Format][][]byte

	// mp3 is the whole pass as MP3 frames, without ID3 or Xing; mp3Frames
	// holds each frame's offset in it plus a final len(mp3), and mp3Seg the
	// offset of each segment boundary (segs+1 entries).
	mp3       []byte
	mp3Frames []int64
	mp3Seg    []int64

	// loud is the linear RMS amplitude per loudWin samples of one pass.
	loud    []float64
	loudWin int
}

func loadPiece(fsys fs.FS, mp manifestPiece, loudWin int) (*piece, error) {
	if mp.Segments <= 0 || mp.Samples != mp.Segments*SegmentSamples {
		return nil, fmt.Errorf("media: load %s: %d samples is not %d segments", mp.Name, mp.Samples, mp.Segments)
	}
	p := &piece{name: mp.Name, segs: mp.Segments, aac: map[Format][][]byte{}, loudWin: loudWin}
	for f, file := range map[Format]string{FormatHLSAAC160: ".aac160.aac", FormatHLSAAC96: ".aac96.aac"} {
		b, err := fs.ReadFile(fsys, mp.Name+file)
		if err != nil {
			return nil, fmt.Errorf("media: load %s: %w", mp.Name, err)
		}
		frames, err := SplitADTS(b)
		if err != nil {
			return nil, fmt.Errorf("media: load %s%s: %w", mp.Name, file, err)
		}
		if want := mp.Segments * aacSegFrames; len(frames) != want {
			return nil, fmt.Errorf("media: load %s%s: %d AAC frames, want %d", mp.Name, file, len(frames), want)
		}
		p.aac[f] = frames
	}
	b, err := fs.ReadFile(fsys, mp.Name+".mp3")
	if err != nil {
		return nil, fmt.Errorf("media: load %s: %w", mp.Name, err)
	}
	offs, err := splitMP3(b)
	if err != nil {
		return nil, fmt.Errorf("media: load %s.mp3: %w", mp.Name, err)
	}
	if want := mp.Segments * mp3SegFrames; len(offs)-1 != want {
		return nil, fmt.Errorf("media: load %s.mp3: %d MP3 frames, want %d", mp.Name, len(offs)-1, want)
	}
	p.mp3, p.mp3Frames = b, offs
	for k := 0; k <= mp.Segments; k++ {
		p.mp3Seg = append(p.mp3Seg, offs[k*mp3SegFrames])
	}
	if want := (mp.Samples + loudWin - 1) / loudWin; len(mp.LoudnessDB) != want {
		return nil, fmt.Errorf("media: load %s: %d loudness values, want %d", mp.Name, len(mp.LoudnessDB), want)
	}
	p.loud = make([]float64, len(mp.LoudnessDB))
	for i, db := range mp.LoudnessDB {
		p.loud[i] = dbToAmplitude(db)
	}
	return p, nil
}

// SplitADTS returns the raw AAC-LC access units of an ADTS stream of
// stereo 44.1 kHz frames.
func SplitADTS(b []byte) ([][]byte, error) {
	var frames [][]byte
	for off := 0; off < len(b); {
		h, skip, err := aac.DecodeADTSHeader(bytes.NewReader(b[off:]))
		if err != nil {
			return nil, fmt.Errorf("ADTS frame at byte %d: %w", off, err)
		}
		if skip != 0 {
			return nil, fmt.Errorf("ADTS frame at byte %d: %d bytes of garbage", off, skip)
		}
		if h.ObjectType != aac.AAClc || h.Frequency() != SampleRate || h.ChannelConfig != 2 {
			return nil, fmt.Errorf("ADTS frame at byte %d: object type %d, %d Hz, channel config %d; want AAC-LC stereo %d Hz",
				off, h.ObjectType, h.Frequency(), h.ChannelConfig, SampleRate)
		}
		start := off + int(h.HeaderLength)
		end := start + int(h.PayloadLength)
		if end > len(b) {
			return nil, fmt.Errorf("ADTS frame at byte %d: truncated", off)
		}
		frames = append(frames, b[start:end:end])
		off = end
	}
	return frames, nil
}

// mp3Bitrates are the MPEG-1 Layer III bitrates in kbit/s by index.
var mp3Bitrates = [16]int{0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 0}

// mp3FrameLen returns the length of the MPEG-1 Layer III 44.1 kHz frame
// whose header starts h, or 0 if h is not such a header.
func mp3FrameLen(h []byte) int {
	if len(h) < 4 || h[0] != 0xff || h[1]&0xfe != 0xfa { // sync, MPEG-1, Layer III
		return 0
	}
	br := mp3Bitrates[h[2]>>4]
	if br == 0 || (h[2]>>2)&3 != 0 { // free/bad bitrate; 44100 Hz is index 0
		return 0
	}
	return 144*br*1000/SampleRate + int(h[2]>>1&1)
}

// splitMP3 returns the offset of every frame of an MP3 stream made only of
// MPEG-1 Layer III 44.1 kHz frames, plus a final len(b).
func splitMP3(b []byte) ([]int64, error) {
	var offs []int64
	off := 0
	for off < len(b) {
		n := mp3FrameLen(b[off:])
		if n == 0 {
			return nil, fmt.Errorf("no MPEG-1 Layer III 44.1 kHz frame header at byte %d", off)
		}
		if off+n > len(b) {
			return nil, fmt.Errorf("MP3 frame at byte %d: truncated", off)
		}
		offs = append(offs, int64(off))
		off += n
	}
	return append(offs, int64(len(b))), nil
}
