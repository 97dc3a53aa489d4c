// Package media serves the fake SoundCloud's audio: HLS playlists and
// segments (AAC-LC in fragmented MP4, MP3), progressive MP3 and previews,
// all cut from short generated pieces that are repeated to any length
// without ever materialising a long track in memory.
package media

import (
	"errors"
	"io"
	"time"
)

// TonePiece is the piece made of known sine tones, for tests that check
// what was actually played.
const TonePiece = "tones"

// Tone is one pure sine tone of the TonePiece, so audio tests know what
// to listen for and when.
type Tone struct {
	Freq          float64
	Start, Length time.Duration
}

// ToneSequence describes the tones piece for audio tests: eight 3 s tones
// from 300 Hz to 1000 Hz, in order, starting at the beginning of the piece.
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

// Spec names a virtual track: a piece repeated, and cut at a segment
// boundary, to about Duration. Encrypted marks a Go+ DRM track whose
// playlist announces SAMPLE-AES.
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

var errNotReady = errors.New("media: not implemented yet")

// Library holds the parsed demo pieces.
type Library struct{}

// Default returns the library of embedded demo audio, parsed once.
func Default() (*Library, error) { return &Library{}, nil }

// Pieces lists the piece names, sorted.
func (l *Library) Pieces() []string { return nil }

// Duration is the exact served duration of s, what track.duration says.
func (l *Library) Duration(s Spec) time.Duration { return s.Duration }

// MediaPlaylist renders the VOD media playlist of s in format f.
func (l *Library) MediaPlaylist(s Spec, f Format, initURL string, segURL func(i int) string) ([]byte, error) {
	return nil, errNotReady
}

// SegmentCount is the number of media segments of s in format f.
func (l *Library) SegmentCount(s Spec, f Format) int { return 0 }

// Init returns the fMP4 init segment of an AAC format.
func (l *Library) Init(s Spec, f Format) ([]byte, error) { return nil, errNotReady }

// Segment returns media segment i (0-based) of s in format f.
func (l *Library) Segment(s Spec, f Format, i int) ([]byte, error) { return nil, errNotReady }

// MP3 returns the progressive MP3 of the whole virtual track and its size.
func (l *Library) MP3(s Spec) (io.ReaderAt, int64, error) { return nil, 0, errNotReady }

// Preview returns the 30 s MP3 preview of s.
func (l *Library) Preview(s Spec) ([]byte, error) { return nil, errNotReady }

// Waveform returns 1800 loudness samples in 0..140 over the virtual track.
func (l *Library) Waveform(s Spec) []int { return make([]int, 1800) }
