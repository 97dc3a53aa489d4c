// Package media serves the fake SoundCloud's audio: HLS playlists and
// segments (AAC-LC in fragmented MP4, and MP3), progressive MP3 and 30 s
// previews, all cut from short generated pieces (assets/audio, written by
// scripts/gen-audio) that are repeated to any length without ever
// materialising a long track in memory.
//
// Every piece lasts a whole number of SegmentSamples (the MP3 HLS segment,
// about 6 s), which is a whole number of AAC frames (1024 samples) and MP3
// frames (1152 samples), so all formats of a virtual track last exactly
// the same. The AAC formats are cut, like SoundCloud's 2026 fMP4 streams,
// into segments of AACSegmentSamples (about 10 s) with a shorter last one;
// their boundaries need not fall on a piece's repetition. The encoded
// pieces are seamless loops.
package media

import (
	"fmt"
	"io/fs"
	"sync"
	"time"

	"github.com/cirrus-tui/cirrus/assets"
)

// TonePiece is the piece made of known sine tones, for tests that check
// what was actually played.
const TonePiece = "tones"

// LoudPiece and QuietPiece are one piece of music (the house piece) in
// two masters 15 dB apart: a loud one, compressed into clipping with
// peaks at -0.1 dBFS (about -7 LUFS), and the same 15 dB down (about
// -22 LUFS), for tests of loudness normalisation. They are not among the
// music the catalogue spreads over its tracks.
const (
	LoudPiece  = "loud"
	QuietPiece = "quiet"
)

// Tone is one pure sine tone of the TonePiece, so audio tests know what
// to listen for and when.
type Tone struct {
	Freq          float64
	Start, Length time.Duration
}

// ToneSequence describes the tones piece for audio tests: eight 3 s tones
// from 300 Hz to 1000 Hz, in order, from the start of the piece; the piece
// then has about 0.24 s of silence before it repeats (see TonePeriod).
var ToneSequence = []Tone{
	{Freq: 300, Start: 0 * time.Second, Length: 3 * time.Second},
	{Freq: 400, Start: 3 * time.Second, Length: 3 * time.Second},
	{Freq: 500, Start: 6 * time.Second, Length: 3 * time.Second},
	{Freq: 600, Start: 9 * time.Second, Length: 3 * time.Second},
	{Freq: 700, Start: 12 * time.Second, Length: 3 * time.Second},
	{Freq: 800, Start: 15 * time.Second, Length: 3 * time.Second},
	{Freq: 900, Start: 18 * time.Second, Length: 3 * time.Second},
	{Freq: 1000, Start: 21 * time.Second, Length: 3 * time.Second},
}

// TonePeriod is how long one repetition of the tones piece lasts (4 MP3
// segments, about 24.24 s), so a test can predict the tone at any point of
// a long track.
const TonePeriod = 4 * SegmentSamples * time.Second / SampleRate

// SampleRate is the sample rate of every stream, in Hz; all are stereo.
const SampleRate = 44100

// SegmentSamples is the length of every MP3 HLS segment in samples (232
// MP3 frames, 261 AAC frames, about 6.06 s); pieces and virtual tracks
// last a whole number of them.
const SegmentSamples = 29 * 9216

// SegmentDuration is the exact duration of SegmentSamples, rounded down
// to the nanosecond.
const SegmentDuration = SegmentSamples * time.Second / SampleRate

// AACSegmentSamples is the length of every AAC HLS segment but the last
// in samples: 430 AAC frames, about 9.98 s (SoundCloud's fMP4 segments
// last about 10 s). The last segment of a track holds what is left.
const AACSegmentSamples = 430 * aacFrameSamples

// SegmentLength is the exact duration of every segment of format f but
// the last (which may be shorter), rounded down to the nanosecond; 0 for
// an unknown format. Segment i starts at i*SegmentLength(f).
func SegmentLength(f Format) time.Duration {
	if !f.valid() {
		return 0
	}
	return samplesToDuration(f.segSamples())
}

// segSamples is the length of a full segment of f in samples.
func (f Format) segSamples() int64 {
	if f == FormatHLSMP3 {
		return SegmentSamples
	}
	return AACSegmentSamples
}

// PreviewDuration is the nominal length of a preview MP3.
const PreviewDuration = 30 * time.Second

// Spec names a virtual track: a piece repeated, and cut at a segment
// boundary, to about Duration (one pass of the piece when Duration is zero).
// Encrypted marks a Go+ DRM track whose playlists announce FairPlay
// SAMPLE-AES, which a client must detect and refuse.
type Spec struct {
	Piece     string
	Duration  time.Duration
	Encrypted bool
}

// Format is one of SoundCloud's HLS transcodings.
type Format string

// The HLS transcodings the fake serves, named like the /streams keys.
const (
	FormatHLSAAC160 Format = "hls_aac_160"
	FormatHLSAAC96  Format = "hls_aac_96"
	FormatHLSMP3    Format = "hls_mp3_128"
)

// Formats lists every HLS format, for servers and tests that walk them.
var Formats = []Format{FormatHLSAAC160, FormatHLSAAC96, FormatHLSMP3}

// Library holds the parsed demo pieces. It is immutable after loading and
// safe for concurrent use.
type Library struct {
	names  []string
	pieces map[string]*piece
	inits  map[Format][]byte
}

var (
	defaultOnce sync.Once
	defaultLib  *Library
	defaultErr  error
)

// Default returns the library of the embedded demo audio, parsed once.
func Default() (*Library, error) {
	defaultOnce.Do(func() {
		defaultLib, defaultErr = Load(assets.Audio())
	})
	return defaultLib, defaultErr
}

// Pieces lists the piece names in the manifest's order (TonePiece first).
func (l *Library) Pieces() []string {
	return append([]string(nil), l.names...)
}

// virtual is a Spec resolved against the library.
type virtual struct {
	p    *piece
	nseg int // segments in the whole virtual track
}

func (l *Library) resolve(s Spec) (virtual, error) {
	p, ok := l.pieces[s.Piece]
	if !ok {
		return virtual{}, fmt.Errorf("media: unknown piece %q", s.Piece)
	}
	n := p.segs
	if s.Duration > 0 {
		n = int((s.Duration + SegmentDuration/2) / SegmentDuration)
		n = max(n, 1)
	}
	return virtual{p: p, nseg: n}, nil
}

// samples is the virtual track's length in samples.
func (v virtual) samples() int64 { return int64(v.nseg) * SegmentSamples }

// segs is the number of media segments of the virtual track in format f.
func (v virtual) segs(f Format) int {
	n := f.segSamples()
	return int((v.samples() + n - 1) / n)
}

// span is where segment i of format f starts and how long it lasts, in
// samples (the last segment holds what is left).
func (v virtual) span(f Format, i int) (start, n int64) {
	start = int64(i) * f.segSamples()
	return start, min(f.segSamples(), v.samples()-start)
}

// Duration is the exact served duration of s in every format (what
// track.duration should say), or 0 for an unknown piece.
func (l *Library) Duration(s Spec) time.Duration {
	v, err := l.resolve(s)
	if err != nil {
		return 0
	}
	return samplesToDuration(v.samples())
}

func samplesToDuration(n int64) time.Duration {
	return time.Duration(n * int64(time.Second) / SampleRate)
}

// SegmentCount is the number of media segments of s in format f (fewer
// in the AAC formats, whose segments are longer), or 0 for an unknown
// piece or format.
func (l *Library) SegmentCount(s Spec, f Format) int {
	v, err := l.resolve(s)
	if err != nil || !f.valid() {
		return 0
	}
	return v.segs(f)
}

func (f Format) valid() bool {
	switch f {
	case FormatHLSAAC160, FormatHLSAAC96, FormatHLSMP3:
		return true
	}
	return false
}

// Load parses a library from fsys laid out like assets/audio: manifest.json
// and per piece <name>.aac160.aac, <name>.aac96.aac and <name>.mp3.
func Load(fsys fs.FS) (*Library, error) {
	m, err := readManifest(fsys)
	if err != nil {
		return nil, err
	}
	l := &Library{pieces: map[string]*piece{}, inits: map[Format][]byte{}}
	for _, mp := range m.Pieces {
		p, err := loadPiece(fsys, mp, m.LoudnessWindow)
		if err != nil {
			return nil, err
		}
		l.names = append(l.names, p.name)
		l.pieces[p.name] = p
	}
	if _, ok := l.pieces[TonePiece]; !ok {
		return nil, fmt.Errorf("media: load: the manifest has no %q piece", TonePiece)
	}
	for _, f := range []Format{FormatHLSAAC160, FormatHLSAAC96} {
		b, err := buildInit(f)
		if err != nil {
			return nil, fmt.Errorf("media: load: init segment for %s: %w", f, err)
		}
		l.inits[f] = b
	}
	return l, nil
}
