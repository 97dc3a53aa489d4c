package aac

import (
	"encoding/binary"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"testing"
)

// Fuzz targets for everything that reads bytes from the network: the ADTS
// header, the AudioSpecificConfig and the decoder itself. Beyond not
// panicking they check what a caller relies on: a header's lengths fit the
// bytes it was read from, a config is one the decoder opens, a frame gives
// exactly 1024 samples per channel or an error and none, samples are
// finite, and decoding allocates nothing sized by the input.
//
// Seeds: the committed ones in testdata/fuzz, and, when ffmpeg is
// installed, frames of every file of the comparison corpus, whole,
// truncated and with a bit flipped.

// fuzzFrames is how many access units of a corpus file seed the decoder
// target (first, middle, last), so that seeding stays quick.
var fuzzPicks = []float64{0, 0.5, 1}

// corpusUnits returns the ADTS bytes and access units of every corpus
// file, or nothing when ffmpeg is missing (then the committed seeds run
// alone, and the comparison test reports the missing ffmpeg).
func corpusUnits(f *testing.F) (files [][]byte, units [][]cmpUnit) {
	if _, err := exec.LookPath("ffmpeg"); err != nil {
		f.Logf("ffmpeg not installed: fuzzing from the committed seeds only")
		return nil, nil
	}
	dir, list := encodeCmpCorpus(f)
	for _, c := range list {
		b, err := os.ReadFile(filepath.Join(dir, c.name+".aac"))
		if err != nil {
			f.Fatal(err)
		}
		us, err := cmpSplitADTS(b)
		if err != nil {
			f.Fatalf("%s: %v", c.name, err)
		}
		files = append(files, b)
		units = append(units, us)
	}
	return files, units
}

// flip returns a copy of b with bit i (mod its length) inverted.
func flip(b []byte, i int) []byte {
	c := append([]byte(nil), b...)
	if len(c) > 0 {
		i %= 8 * len(c)
		c[i/8] ^= 1 << (i % 8)
	}
	return c
}

func FuzzADTS(f *testing.F) {
	files, _ := corpusUnits(f)
	for i, b := range files {
		f.Add(b[:min(len(b), 64)])
		f.Add(b[:min(len(b), 5)])
		f.Add(flip(b[:min(len(b), 16)], i*7))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		h, err := ParseADTSHeader(b)
		if err != nil {
			if h != (ADTSHeader{}) {
				t.Fatalf("an error (%v) with a header %+v", err, h)
			}
			return
		}
		// 7 bytes, and with a CRC the CRC and the other blocks' positions
		want := 7
		if h.CRC {
			want += 2 * h.RawBlocks
		}
		if h.HeaderLen != want {
			t.Fatalf("header length %d with CRC %v and %d raw blocks", h.HeaderLen, h.CRC, h.RawBlocks)
		}
		if h.FrameLen < h.HeaderLen || h.FrameLen > 8191 {
			t.Fatalf("frame length %d, header %d", h.FrameLen, h.HeaderLen)
		}
		if h.RawBlocks < 1 || h.RawBlocks > 4 {
			t.Fatalf("%d raw blocks", h.RawBlocks)
		}
		// The fixed and variable headers are 7 bytes; a CRC's 2 more
		// are the caller's to bound, with the frame (FrameLen > 7).
		if len(b) < 7 {
			t.Fatalf("a header read from %d bytes", len(b))
		}
		checkConfig(t, h.Config)
	})
}

func FuzzASC(f *testing.F) {
	f.Add([]byte{0x12, 0x10})                         // LC 44.1 kHz stereo
	f.Add([]byte{0x11, 0x88})                         // LC 48 kHz mono
	f.Add([]byte{0x2b, 0x92, 0x08, 0x00})             // HE-AAC, explicit
	f.Add([]byte{0x13, 0x10, 0x56, 0xe5, 0x98})       // LC with a backward-compatible SBR extension
	f.Add([]byte{0xeb, 0x09, 0x88, 0x00})             // PS, hierarchical
	f.Add([]byte{0x17, 0x80, 0x01, 0x5f, 0x90, 0x10}) // explicit rate (escape index 15)
	_, units := corpusUnits(f)
	for _, us := range units {
		f.Add(ascOf(us[0]))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		c, err := ParseAudioSpecificConfig(b)
		if err != nil {
			if c != (Config{}) {
				t.Fatalf("an error (%v) with a config %+v", err, c)
			}
			return
		}
		checkConfig(t, c)
	})
}

// checkConfig: a config the parsers accept is one NewDecoder opens.
func checkConfig(t *testing.T, c Config) {
	t.Helper()
	if c.Channels != 1 && c.Channels != 2 {
		t.Fatalf("config %+v: %d channels", c, c.Channels)
	}
	if c.SampleRate < 7350 || c.SampleRate > 96000 {
		t.Fatalf("config %+v: rate %d", c, c.SampleRate)
	}
	d, err := NewDecoder(c)
	if err != nil {
		t.Fatalf("config %+v parsed but refused by NewDecoder: %v", c, err)
	}
	if d.Channels() != c.Channels || d.SampleRate() != c.SampleRate {
		t.Fatalf("config %+v: decoder has %d channels at %d Hz", c, d.Channels(), d.SampleRate())
	}
}

// auStream packs access units as the decoder target reads them: a
// big-endian 16-bit length before each.
func auStream(aus ...[]byte) []byte {
	var b []byte
	for _, a := range aus {
		b = binary.BigEndian.AppendUint16(b, uint16(len(a)))
		b = append(b, a...)
	}
	return b
}

// fuzzAllocBound is the heap the decoder may allocate while decoding
// any number of frames after the first (scratch grown once, no more).
const fuzzAllocBound = 64 << 10

func FuzzAACDecode(f *testing.F) {
	_, units := corpusUnits(f)
	for i, us := range units {
		asc := ascOf(us[0])
		for _, p := range fuzzPicks {
			k := min(int(p*float64(len(us))), len(us)-2)
			a, b := us[k].au, us[k+1].au
			f.Add(asc, auStream(a, b))
			f.Add(asc, auStream(a[:len(a)/2], b))
			f.Add(asc, auStream(flip(a, i*131+k), b))
		}
	}
	f.Fuzz(func(t *testing.T, asc, stream []byte) {
		cfg, err := ParseAudioSpecificConfig(asc)
		if err != nil {
			return
		}
		d, err := NewDecoder(cfg)
		if err != nil {
			t.Fatalf("config %+v parsed but refused: %v", cfg, err)
		}
		want := 1024 * d.Channels()
		dst := make([]float32, 0, want)
		var aus [][]byte
		for len(stream) >= 2 && len(aus) < 8 {
			n := min(int(binary.BigEndian.Uint16(stream)), len(stream)-2)
			aus = append(aus, stream[2:2+n])
			stream = stream[2+n:]
		}
		decode := func(au []byte) {
			out, err := d.Decode(au, dst)
			if err != nil {
				if len(out) != 0 {
					t.Fatalf("an error (%v) with %d samples", err, len(out))
				}
				return
			}
			if len(out) != want {
				t.Fatalf("%d samples from a frame, want %d", len(out), want)
			}
			for i, v := range out {
				if math.IsNaN(float64(v)) || math.IsInf(float64(v), 0) {
					t.Fatalf("sample %d is %v", i, v)
				}
			}
			dst = out
		}
		if len(aus) == 0 {
			return
		}
		decode(aus[0])
		if a := allocatedBy(func() {
			for _, au := range aus[1:] {
				decode(au)
			}
		}); a > fuzzAllocBound {
			t.Fatalf("decoding %d frames allocated %d bytes", len(aus)-1, a)
		}
	})
}

// allocatedBy returns the bytes of heap f allocated.
func allocatedBy(f func()) uint64 {
	var a, b runtime.MemStats
	runtime.ReadMemStats(&a)
	f()
	runtime.ReadMemStats(&b)
	return b.TotalAlloc - a.TotalAlloc
}
