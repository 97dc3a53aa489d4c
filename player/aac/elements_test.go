package aac

import (
	"errors"
	"math/rand/v2"
	"os"
	"strings"
	"testing"
)

// monoSCE writes a minimal single_channel_element at 44.1 kHz: one long
// window, band 0 in book 1 holding codeword index idx, and optional pulse
// data.
func monoSCE(w *bitWriter, idx int, pulse bool) {
	w.put(uint64(elemSCE), 3).put(0, 4) // id, tag
	w.put(100, 8)                       // global_gain
	w.put(0, 1).put(0, 2).put(0, 1)     // reserved, only_long, sine
	w.put(1, 6).put(0, 1)               // max_sfb 1, no prediction
	w.put(1, 4).put(1, 5)               // section: book 1, one band
	w.put(uint64(sfCodes[sfDiffZero]), uint(sfLens[sfDiffZero]))
	if pulse {
		w.put(1, 1).put(1, 2).put(0, 6) // two pulses from band 0
		w.put(2, 5).put(5, 4)           // line 2, amplitude 5
		w.put(1, 5).put(3, 4)           // line 3, amplitude 3
	} else {
		w.put(0, 1)
	}
	w.put(0, 1).put(0, 1) // no TNS, no gain control
	w.put(uint64(hcb1Codes[idx]), uint(hcb1Lens[idx]))
}

func parseMono(t *testing.T, au []byte) (*frameParser, error) {
	t.Helper()
	p := &frameParser{sr: 4, channels: 1}
	return p, p.parseFrame(au)
}

func TestParseCraftedSCE(t *testing.T) {
	var w bitWriter
	// Index 27*2+9*1+3*0+1 = 64: coefficients 1, 0, -1, 0.
	monoSCE(&w, 64, true)
	w.put(uint64(elemEND), 3)
	p, err := parseMono(t, w.bytes())
	if err != nil {
		t.Fatal(err)
	}
	c := &p.elem.ch[0]
	want := []int32{1, 0, -1 - 5, 0 - 3, 0}
	for i, v := range want {
		if c.spec[i] != v {
			t.Fatalf("spec[:5] = %v, want %v", c.spec[:5], want)
		}
	}
	if c.globalGain != 100 || c.sf[0][0] != 100 || c.bandType[0][0] != 1 || c.maxSFB != 1 || c.numSWB != 49 {
		t.Errorf("side info: gain %d sf %d book %d maxSFB %d numSWB %d", c.globalGain, c.sf[0][0], c.bandType[0][0], c.maxSFB, c.numSWB)
	}
}

// TestParseSkippedElements puts DSE, PCE and FIL elements (one an SBR
// extension) around the audio and checks they are stepped over and the
// SBR payload noted.
func TestParseSkippedElements(t *testing.T) {
	var w bitWriter
	w.put(uint64(elemDSE), 3).put(0, 4).put(1, 1).put(3, 8) // aligned, 3 bytes
	for w.n%8 != 0 {
		w.put(0, 1)
	}
	w.put(0xabcdef, 24)
	w.put(uint64(elemPCE), 3).put(0, 4).put(1, 2).put(4, 4)
	w.put(1, 4).put(0, 4).put(0, 4).put(0, 2).put(0, 3).put(0, 4) // one front element
	w.put(0, 1).put(0, 1).put(0, 1)                               // no mixdowns
	w.put(0, 1).put(0, 4)                                         // front: SCE tag 0
	for w.n%8 != 0 {
		w.put(0, 1)
	}
	w.put(2, 8).put(0x6869, 16) // comment "hi"
	monoSCE(&w, 40, false)
	w.put(uint64(elemFIL), 3).put(2, 4).put(extSBRData, 4).put(0, 12)
	w.put(uint64(elemFIL), 3).put(15, 4).put(3, 8) // 17 bytes of fill
	for range 17 {
		w.put(0xa5, 8)
	}
	w.put(uint64(elemEND), 3)
	p, err := parseMono(t, w.bytes())
	if err != nil {
		t.Fatal(err)
	}
	if !p.sbrSeen {
		t.Error("SBR fill payload not noted")
	}
	if pad := p.r.end - p.r.pos; pad >= 8 {
		t.Errorf("%d bits left after END", pad)
	}
}

func TestParseRefuses(t *testing.T) {
	end := func(w *bitWriter) *bitWriter { return w.put(uint64(elemEND), 3) }
	cases := []struct {
		name  string
		build func(w *bitWriter)
		want  error
	}{
		{"CCE", func(w *bitWriter) { w.put(uint64(elemCCE), 3).put(0, 32) }, errCCE},
		{"no audio", func(w *bitWriter) { end(w) }, errNoAudio},
		{"two SCEs", func(w *bitWriter) { monoSCE(w, 40, false); monoSCE(w, 40, false); end(w) }, errExtraAudio},
		{"CPE in mono", func(w *bitWriter) { w.put(uint64(elemCPE), 3).put(0, 32) }, errCPEInMono},
		{"truncated SCE", func(w *bitWriter) { w.put(uint64(elemSCE), 3).put(0, 4).put(100, 8) }, errTruncated},
		{"no END", func(w *bitWriter) {
			for range 8 { // 8 empty fill elements of 7 bits fill 7 bytes exactly
				w.put(uint64(elemFIL), 3).put(0, 4)
			}
		}, errTrailingData},
		{"max_sfb too big", func(w *bitWriter) {
			w.put(uint64(elemSCE), 3).put(0, 4).put(100, 8).put(0, 4).put(50, 6).put(0, 1).put(0, 64)
		}, errMaxSFB},
		{"prediction", func(w *bitWriter) {
			w.put(uint64(elemSCE), 3).put(0, 4).put(100, 8).put(0, 4).put(1, 6).put(1, 1).put(0, 64)
		}, errPrediction},
		{"reserved book", func(w *bitWriter) {
			w.put(uint64(elemSCE), 3).put(0, 4).put(100, 8).put(0, 4).put(1, 6).put(0, 1).put(12, 4).put(0, 64)
		}, errReservedBook},
		{"intensity in SCE", func(w *bitWriter) {
			w.put(uint64(elemSCE), 3).put(0, 4).put(100, 8).put(0, 4).put(1, 6).put(0, 1).put(15, 4).put(0, 64)
		}, errIntensityPlace},
		{"section past max_sfb", func(w *bitWriter) {
			w.put(uint64(elemSCE), 3).put(0, 4).put(100, 8).put(0, 4).put(2, 6).put(0, 1).put(1, 4).put(3, 5).put(0, 64)
		}, errSectionLen},
		{"DSE past end", func(w *bitWriter) { w.put(uint64(elemDSE), 3).put(0, 4).put(0, 1).put(200, 8).put(0, 16) }, errSkipPastEnd},
		{"FIL past end", func(w *bitWriter) { w.put(uint64(elemFIL), 3).put(15, 4).put(255, 8).put(0, 16) }, errSkipPastEnd},
	}
	for _, c := range cases {
		var w bitWriter
		c.build(&w)
		if _, err := parseMono(t, w.bytes()); !errors.Is(err, c.want) {
			t.Errorf("%s: %v, want %v", c.name, err, c.want)
		}
	}
	// The same parser goes on to parse a good frame after a bad one.
	var w bitWriter
	monoSCE(&w, 40, false)
	end(&w)
	p := &frameParser{sr: 4, channels: 1}
	if err := p.parseFrame([]byte{0x40, 0xff}); err == nil {
		t.Error("garbage parsed")
	}
	if err := p.parseFrame(w.bytes()); err != nil {
		t.Errorf("good frame after a bad one: %v", err)
	}
	if !strings.Contains(errCCE.Error(), "coupling channel elements are not supported") {
		t.Error(errCCE)
	}
}

// TestParseGarbage feeds truncated, bit-flipped and random access units
// from the corpus: each must give an error or parse, never panic or hang.
func TestParseGarbage(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	var errs, oks int
	for _, f := range corpus[:6] {
		data, err := os.ReadFile(corpusPath(t, f))
		if err != nil {
			t.Fatal(err)
		}
		cfg, aus := adtsFrames(t, data)
		p := frameParser{sr: srIndexOf(cfg.SampleRate), channels: cfg.Channels}
		buf := make([]byte, 0, 8192)
		for i, au := range aus {
			if i%4 != 0 {
				continue
			}
			for k := 0; k < 6; k++ {
				buf = append(buf[:0], au...)
				switch k {
				case 0:
					buf = buf[:rng.IntN(len(buf))]
				case 1, 2, 3:
					for range 1 + rng.IntN(4) {
						b := rng.IntN(len(buf) * 8)
						buf[b/8] ^= 0x80 >> (b % 8)
					}
				default:
					buf = buf[:rng.IntN(len(au)+1)]
					for j := range buf {
						buf[j] = byte(rng.Uint32())
					}
				}
				if p.parseFrame(buf) != nil {
					errs++
				} else {
					oks++
				}
			}
		}
	}
	t.Logf("garbage: %d errors, %d parsed", errs, oks)
	if errs == 0 {
		t.Error("no garbage frame was refused")
	}
}

// TestParseAllocs: parsing a frame allocates nothing.
func TestParseAllocs(t *testing.T) {
	data, err := os.ReadFile(corpusPath(t, corpus[5]))
	if err != nil {
		t.Fatal(err)
	}
	cfg, aus := adtsFrames(t, data)
	p := frameParser{sr: srIndexOf(cfg.SampleRate), channels: cfg.Channels}
	i := 0
	allocs := testing.AllocsPerRun(200, func() {
		if err := p.parseFrame(aus[i%len(aus)]); err != nil {
			t.Fatal(err)
		}
		i++
	})
	if allocs != 0 {
		t.Errorf("%v allocations per frame, want 0", allocs)
	}
}

// TestDecoderImplicitSBR: a fill element with SBR data in an LC stream
// makes the decoder report implicit HE-AAC, and the core still decodes.
func TestDecoderImplicitSBR(t *testing.T) {
	d, err := NewDecoder(Config{ObjectType: 2, SampleRate: 22050, Channels: 1})
	if err != nil {
		t.Fatal(err)
	}
	var plain, sbr bitWriter
	monoSCE(&plain, 40, false)
	plain.put(uint64(elemEND), 3)
	monoSCE(&sbr, 40, false)
	sbr.put(uint64(elemFIL), 3).put(1, 4).put(extSBRDataCRC, 4).put(0, 4)
	sbr.put(uint64(elemEND), 3)
	if _, err := d.Decode(plain.bytes(), nil); err != nil || d.ImplicitSBR() {
		t.Fatalf("plain frame: %v, ImplicitSBR %v", err, d.ImplicitSBR())
	}
	out, err := d.Decode(sbr.bytes(), nil)
	if err != nil || len(out) != frameLen || !d.ImplicitSBR() {
		t.Fatalf("SBR frame: %d samples, %v, ImplicitSBR %v", len(out), err, d.ImplicitSBR())
	}
	if d.SampleRate() != 22050 || d.Channels() != 1 {
		t.Errorf("rate %d channels %d", d.SampleRate(), d.Channels())
	}
}
