package media

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"math"
	"strings"

	"github.com/Eyevinn/mp4ff/aac"
	"github.com/Eyevinn/mp4ff/mp4"
)

// MediaPlaylist renders the VOD media playlist of s in format f. initURL
// is the EXT-X-MAP URI (AAC formats only) and segURL(i) the URI of segment i.
// An encrypted Spec gets a FairPlay SAMPLE-AES EXT-X-KEY, like Go+ tracks.
func (l *Library) MediaPlaylist(s Spec, f Format, initURL string, segURL func(i int) string) ([]byte, error) {
	v, err := l.resolve(s)
	if err != nil {
		return nil, err
	}
	if !f.valid() {
		return nil, fmt.Errorf("media: playlist: unknown format %q", f)
	}
	fmp4 := f != FormatHLSMP3
	version := 3
	switch {
	case fmp4:
		version = 7
	case s.Encrypted:
		version = 5
	}
	nseg := v.segs(f)
	_, longest := v.span(f, 0) // the first segment is never shorter than another
	var b bytes.Buffer
	fmt.Fprintf(&b, "#EXTM3U\n#EXT-X-VERSION:%d\n", version)
	fmt.Fprintf(&b, "#EXT-X-TARGETDURATION:%d\n", int(math.Ceil(float64(longest)/SampleRate)))
	b.WriteString("#EXT-X-MEDIA-SEQUENCE:0\n#EXT-X-PLAYLIST-TYPE:VOD\n")
	if s.Encrypted {
		fmt.Fprintf(&b, "#EXT-X-KEY:METHOD=SAMPLE-AES,URI=\"skd://fake-drm.sndcdn.com/%s\",KEYFORMAT=\"com.apple.streamingkeydelivery\",KEYFORMATVERSIONS=\"1\"\n",
			hexString(s.Piece))
	}
	if fmp4 {
		fmt.Fprintf(&b, "#EXT-X-MAP:URI=%q\n", initURL)
	}
	for i := range nseg {
		_, n := v.span(f, i)
		fmt.Fprintf(&b, "#EXTINF:%.6f,\n%s\n", float64(n)/SampleRate, segURL(i))
	}
	b.WriteString("#EXT-X-ENDLIST\n")
	return b.Bytes(), nil
}

func hexString(s string) string {
	var b strings.Builder
	for i := range len(s) {
		fmt.Fprintf(&b, "%02x", s[i])
	}
	return b.String()
}

// Init returns the fMP4 init segment of an AAC format (the same for every
// piece: AAC-LC, 44.1 kHz, stereo, timescale 44100).
func (l *Library) Init(s Spec, f Format) ([]byte, error) {
	if _, err := l.resolve(s); err != nil {
		return nil, err
	}
	b, ok := l.inits[f]
	if !ok {
		return nil, fmt.Errorf("media: init segment: format %q has none", f)
	}
	return bytes.Clone(b), nil
}

func buildInit(f Format) ([]byte, error) {
	init := mp4.CreateEmptyInit()
	init.AddEmptyTrack(SampleRate, "audio", "und")
	trak := init.Moov.Trak
	if err := trak.SetAACDescriptor(aac.AAClc, SampleRate); err != nil {
		return nil, err
	}
	if esds := trak.Mdia.Minf.Stbl.Stsd.Mp4a.Esds; esds != nil {
		br := uint32(160000)
		if f == FormatHLSAAC96 {
			br = 96000
		}
		esds.DecConfigDescriptor.AvgBitrate = br
		esds.DecConfigDescriptor.MaxBitrate = br
	}
	var b bytes.Buffer
	if err := init.Encode(&b); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// Segment returns media segment i (0-based) of s in format f: for AAC a
// CMAF fragment (styp, moof, mdat) of AACSegmentSamples (the last one
// shorter) whose tfdt and sequence number continue across repetitions of
// the piece, for MP3 a packed audio segment of SegmentSamples: an ID3
// timestamp tag (see appendID3Timestamp) followed by the raw frames of
// that segment.
func (l *Library) Segment(s Spec, f Format, i int) ([]byte, error) {
	v, err := l.resolve(s)
	if err != nil {
		return nil, err
	}
	if !f.valid() {
		return nil, fmt.Errorf("media: segment: unknown format %q", f)
	}
	if nseg := v.segs(f); i < 0 || i >= nseg {
		return nil, fmt.Errorf("media: segment %d of %s: out of range 0..%d", i, s.Piece, nseg-1)
	}
	start, n := v.span(f, i)
	switch f {
	case FormatHLSMP3:
		k := i % v.p.segs // segment within the piece
		frames := v.p.mp3[v.p.mp3Seg[k]:v.p.mp3Seg[k+1]]
		b := make([]byte, 0, id3TimestampSize+len(frames))
		b = appendID3Timestamp(b, start)
		return append(b, frames...), nil
	case FormatHLSAAC160, FormatHLSAAC96:
		// an AAC segment may cross a repetition of the piece: take its
		// frames modulo the pass
		pass := v.p.aac[f]
		first := int(start / aacFrameSamples)
		frames := make([][]byte, n/aacFrameSamples)
		for j := range frames {
			frames[j] = pass[(first+j)%len(pass)]
		}
		b, err := buildFragment(uint32(i+1), uint64(start), frames)
		if err != nil {
			return nil, fmt.Errorf("media: segment %d of %s: %w", i, s.Piece, err)
		}
		return b, nil
	}
	return nil, fmt.Errorf("media: segment: unknown format %q", f)
}

// buildFragment packs AAC access units into one CMAF media segment with
// the given mfhd sequence number and tfdt baseMediaDecodeTime.
func buildFragment(seq uint32, baseTime uint64, frames [][]byte) ([]byte, error) {
	frag, err := mp4.CreateFragment(seq, 1)
	if err != nil {
		return nil, err
	}
	size := 0
	for j, fr := range frames {
		frag.AddFullSample(mp4.FullSample{
			Sample:     mp4.NewSample(mp4.SyncSampleFlags, aacFrameSamples, uint32(len(fr)), 0),
			DecodeTime: baseTime + uint64(j)*aacFrameSamples,
			Data:       fr,
		})
		size += len(fr)
	}
	seg := mp4.NewMediaSegment()
	seg.AddFragment(frag)
	var b bytes.Buffer
	b.Grow(size + 4096)
	if err := seg.Encode(&b); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// id3TimestampOwner is the ID3 PRIV owner that RFC 8216 section 3.4
// prescribes for the timestamp of a packed audio segment.
const id3TimestampOwner = "com.apple.streaming.transportStreamTimestamp"

// id3TimestampSize is the length of the tag appendID3Timestamp writes:
// the 10-byte ID3v2 header, a 10-byte PRIV frame header, the owner with
// its NUL and the 8-byte timestamp.
const id3TimestampSize = 10 + 10 + len(id3TimestampOwner) + 1 + 8

// appendID3Timestamp appends the ID3v2.4 tag that starts every packed
// audio segment (RFC 8216 section 3.4: a PRIV frame owned by
// id3TimestampOwner holding the 33-bit 90 kHz MPEG timestamp of the
// segment's first sample, big-endian in 8 bytes). Without it a client has
// no timeline for a segment it did not reach by playing from the start:
// ffmpeg's HLS demuxer (mpv's) times raw MP3 packets from zero after a
// seek, drops them all as lying before the target and hits end of file.
func appendID3Timestamp(b []byte, sample int64) []byte {
	ts := uint64(sample*90000/SampleRate) & (1<<33 - 1)
	frame := len(id3TimestampOwner) + 1 + 8
	b = append(b, 'I', 'D', '3', 4, 0, 0)
	b = appendSyncsafe(b, 10+frame)
	b = append(b, 'P', 'R', 'I', 'V')
	b = appendSyncsafe(b, frame)
	b = append(b, 0, 0)
	b = append(b, id3TimestampOwner...)
	b = append(b, 0)
	return binary.BigEndian.AppendUint64(b, ts)
}

// appendSyncsafe appends n as an ID3v2 syncsafe integer (7 bits a byte).
func appendSyncsafe(b []byte, n int) []byte {
	return append(b, byte(n>>21&0x7f), byte(n>>14&0x7f), byte(n>>7&0x7f), byte(n&0x7f))
}
