// Package aac decodes MPEG-4 AAC-LC (ISO/IEC 14496-3, subpart 4) in pure Go:
// access units in, float32 PCM out. It is written from the standard.
//
// The package is split in two halves that meet in the types of this file:
//   - syntax (bitstream, Huffman, section/scalefactor/spectral data, pulse,
//     TNS and ics_info parsing, AudioSpecificConfig and ADTS headers) fills
//     an element: an ics per channel, holding the quantised spectrum and
//     every side parameter the tools need, all decoded to plain values;
//   - synthesis (inverse quantisation and scalefactors, PNS, M/S and
//     intensity stereo, TNS filtering, IMDCT, windows, overlap-add) turns an
//     element into PCM.
package aac

// Frame sizes of AAC-LC.
const (
	frameLen   = 1024 // samples per channel per access unit
	shortLen   = 128  // spectral lines of one short window
	maxWindows = 8    // short windows per frame
	maxSFB     = 51   // most scalefactor bands of any window/rate (long, 32/44.1/48 kHz: 49; 8 kHz: 40)
	maxTNSOrd  = 20   // TNS_MAX_ORDER for AAC-LC long windows (short: 7)
)

// windowSequence is the ics_info window_sequence.
type windowSequence uint8

const (
	onlyLong   windowSequence = 0
	longStart  windowSequence = 1
	eightShort windowSequence = 2
	longStop   windowSequence = 3
)

// windowShape is the ics_info window_shape: the shape of the window's right
// (trailing) half for this frame; the left half uses the previous frame's.
type windowShape uint8

const (
	sineWindow windowShape = 0
	kbdWindow  windowShape = 1
)

// Section codebooks (band types) as section data codes them.
const (
	zeroHCB       = 0  // band is zero
	escHCB        = 11 // largest spectral codebook, with escape
	noiseHCB      = 13 // PNS: band is noise of the energy in sf
	intensityHCB2 = 14 // intensity stereo, out of phase
	intensityHCB  = 15 // intensity stereo, in phase
)

// tnsFilter is one TNS filter as coded (tns_data()), not yet converted to
// LPC coefficients; synthesis does that conversion.
type tnsFilter struct {
	length   int              // length, in scalefactor bands (counted down from the top band)
	order    int              // 0 .. maxTNSOrd (0: filter present but empty)
	downward bool             // direction: true filters from high to low frequency
	compress bool             // coef_compress: coefficients were sent with one bit less
	coefBits int              // bits per coefficient as sent: coefRes+3-compress ... i.e. 2..4
	coefRes  int              // coef_res: 3 or 4 (the resolution before compression)
	coef     [maxTNSOrd]uint8 // raw coefficient indices as read (coefBits bits each)
}

// tnsData is tns_data() of one ics: up to 8 windows, each up to 3 (long) or
// 1 (short) filters.
type tnsData struct {
	present bool
	nFilt   [maxWindows]int
	filt    [maxWindows][3]tnsFilter
}

// ics is one individual_channel_stream, fully parsed.
type ics struct {
	// ics_info. For the second channel of a common-window CPE these are
	// copied from the first.
	seq       windowSequence
	shape     windowShape
	maxSFB    int             // max_sfb: bands coded per window (<= numSWB)
	numGroups int             // num_window_groups (1 for long windows)
	groupLen  [maxWindows]int // window_group_length[g] (1 for long windows)

	// Band layout for this frame's window type at the stream's rate.
	srIndex   int      // sampling_frequency_index (0..11), for TNS/PNS tables
	numSWB    int      // num_swb of this window type at this rate
	swbOffset []uint16 // numSWB+1 band edges: long windows 0..1024, short 0..128

	globalGain int

	// Per group g and band b (b < maxSFB): the band's codebook (0..11,
	// 13, 14, 15) and one value whose meaning depends on it: the absolute
	// scale factor (spectral codebooks; gain = 2^((sf-100)/4)), the
	// absolute intensity position (14, 15), or the absolute noise energy
	// (13; noise gain = 2^(sf/4), as for PNS). Zero bands hold 0.
	bandType [maxWindows][maxSFB]uint8
	sf       [maxWindows][maxSFB]int

	// Pulse data is already added into spec by the syntax half
	// (only long windows carry it).

	tns tnsData

	// The quantised spectrum, integers as decoded (sign applied, escapes
	// resolved, pulses added). Window-major: a long window uses spec[0:1024];
	// short window w (0..7, counting across groups) uses
	// spec[w*128:(w+1)*128], already de-interleaved from the bitstream's
	// group/band/window order. Lines above swbOffset[maxSFB] are zero.
	spec [frameLen]int32

	gainControl bool // gain_control_data_present: refused for AAC-LC (error)
}

// cpe is a channel_pair_element (or, with only one channel used, an sce).
type cpe struct {
	commonWindow  bool
	msMaskPresent int // 0: no M/S, 1: per band (msUsed), 2: every band
	// msUsed[g][b]: M/S applied to band b of group g. When msMaskPresent is
	// 2 the syntax half sets every band (< maxSFB) true. For intensity
	// bands of the right channel, msUsed inverts the intensity sign
	// (ISO 14496-3 4.6.8.2.3), when msMaskPresent is 1 or 2.
	msUsed [maxWindows][maxSFB]bool
	ch     [2]ics
}

// elementKind says what a syntactic element of raw_data_block() was.
type elementKind uint8

const (
	elemSCE elementKind = 0
	elemCPE elementKind = 1
	elemCCE elementKind = 2 // refused clearly: "coupling channel elements are not supported"
	elemLFE elementKind = 3
	elemDSE elementKind = 4 // skipped
	elemPCE elementKind = 5 // parsed and skipped
	elemFIL elementKind = 6 // skipped; an SBR extension payload is noted (implicit HE-AAC)
	elemEND elementKind = 7
)
