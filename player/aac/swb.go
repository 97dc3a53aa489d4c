package aac

// Scalefactor band edges (swb_offset) of ISO/IEC 14496-3:2009 section
// 4.5.4, tables 4.129 to 4.147. The values were taken, as plain numbers,
// from the table data file libavcodec/aactab.c of a public FFmpeg tree
// (github.com/AndyA/ffmbc). Rates that share a table in the standard share
// one here.

var swbLong96 = []uint16{
	0, 4, 8, 12, 16, 20, 24, 28, 32, 36, 40, 44, 48, 52, 56, 64,
	72, 80, 88, 96, 108, 120, 132, 144, 156, 172, 188, 212, 240, 276, 320, 384,
	448, 512, 576, 640, 704, 768, 832, 896, 960, 1024,
}

var swbLong64 = []uint16{
	0, 4, 8, 12, 16, 20, 24, 28, 32, 36, 40, 44, 48, 52, 56, 64,
	72, 80, 88, 100, 112, 124, 140, 156, 172, 192, 216, 240, 268, 304, 344, 384,
	424, 464, 504, 544, 584, 624, 664, 704, 744, 784, 824, 864, 904, 944, 984, 1024,
}

var swbLong48 = []uint16{
	0, 4, 8, 12, 16, 20, 24, 28, 32, 36, 40, 48, 56, 64, 72, 80,
	88, 96, 108, 120, 132, 144, 160, 176, 196, 216, 240, 264, 292, 320, 352, 384,
	416, 448, 480, 512, 544, 576, 608, 640, 672, 704, 736, 768, 800, 832, 864, 896,
	928, 1024,
}

var swbLong32 = []uint16{
	0, 4, 8, 12, 16, 20, 24, 28, 32, 36, 40, 48, 56, 64, 72, 80,
	88, 96, 108, 120, 132, 144, 160, 176, 196, 216, 240, 264, 292, 320, 352, 384,
	416, 448, 480, 512, 544, 576, 608, 640, 672, 704, 736, 768, 800, 832, 864, 896,
	928, 960, 992, 1024,
}

var swbLong24 = []uint16{
	0, 4, 8, 12, 16, 20, 24, 28, 32, 36, 40, 44, 52, 60, 68, 76,
	84, 92, 100, 108, 116, 124, 136, 148, 160, 172, 188, 204, 220, 240, 260, 284,
	308, 336, 364, 396, 432, 468, 508, 552, 600, 652, 704, 768, 832, 896, 960, 1024,
}

var swbLong16 = []uint16{
	0, 8, 16, 24, 32, 40, 48, 56, 64, 72, 80, 88, 100, 112, 124, 136,
	148, 160, 172, 184, 196, 212, 228, 244, 260, 280, 300, 320, 344, 368, 396, 424,
	456, 492, 532, 572, 616, 664, 716, 772, 832, 896, 960, 1024,
}

var swbLong8 = []uint16{
	0, 12, 24, 36, 48, 60, 72, 84, 96, 108, 120, 132, 144, 156, 172, 188,
	204, 220, 236, 252, 268, 288, 308, 328, 348, 372, 396, 420, 448, 476, 508, 544,
	580, 620, 664, 712, 764, 820, 880, 944, 1024,
}

var swbShort96 = []uint16{0, 4, 8, 12, 16, 20, 24, 32, 40, 48, 64, 92, 128}

var swbShort48 = []uint16{0, 4, 8, 12, 16, 20, 28, 36, 44, 56, 68, 80, 96, 112, 128}

var swbShort24 = []uint16{0, 4, 8, 12, 16, 20, 24, 28, 36, 44, 52, 64, 76, 92, 108, 128}

var swbShort16 = []uint16{0, 4, 8, 12, 16, 20, 24, 28, 32, 40, 48, 60, 72, 88, 108, 128}

var swbShort8 = []uint16{0, 4, 8, 12, 16, 20, 24, 28, 36, 44, 52, 60, 72, 88, 108, 128}

// numSRIndex counts the sampling_frequency_index values with tables: 0..11
// (96 kHz .. 8 kHz) and 12 (7350 Hz, which uses the 8 kHz bands).
const numSRIndex = 13

// sampleRates is the rate of each sampling_frequency_index.
var sampleRates = [numSRIndex]int{
	96000, 88200, 64000, 48000, 44100, 32000, 24000, 22050, 16000, 12000, 11025, 8000, 7350,
}

// swbLong and swbShort give the band edges of long and short windows per
// sampling_frequency_index; numSWB = len-1.
var (
	swbLong = [numSRIndex][]uint16{
		swbLong96, swbLong96, swbLong64, swbLong48, swbLong48, swbLong32,
		swbLong24, swbLong24, swbLong16, swbLong16, swbLong16, swbLong8, swbLong8,
	}
	swbShort = [numSRIndex][]uint16{
		swbShort96, swbShort96, swbShort96, swbShort48, swbShort48, swbShort48,
		swbShort24, swbShort24, swbShort16, swbShort16, swbShort16, swbShort8, swbShort8,
	}
)

// srIndexOf maps any sampling rate to the index whose tables it uses, by
// the nearest-rate ranges of ISO/IEC 14496-3 table 4.82 (for rates sent
// with the escape index 15).
func srIndexOf(rate int) int {
	switch {
	case rate >= 92017:
		return 0
	case rate >= 75132:
		return 1
	case rate >= 55426:
		return 2
	case rate >= 46009:
		return 3
	case rate >= 37566:
		return 4
	case rate >= 27713:
		return 5
	case rate >= 23004:
		return 6
	case rate >= 18783:
		return 7
	case rate >= 13856:
		return 8
	case rate >= 11502:
		return 9
	case rate >= 9391:
		return 10
	default:
		return 11
	}
}
