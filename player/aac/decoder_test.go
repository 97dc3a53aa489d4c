package aac

import (
	"encoding/binary"
	"errors"
	"math"
	"math/rand/v2"
	"os"
	"os/exec"
	"testing"
)

// ffmpegPCM decodes an ADTS file with ffmpeg to interleaved float32.
func ffmpegPCM(t testing.TB, path string) []float32 {
	t.Helper()
	out, err := exec.Command("ffmpeg", "-loglevel", "error", "-i", path, "-f", "f32le", "-").Output()
	if err != nil {
		t.Fatalf("ffmpeg decode %s: %v", path, err)
	}
	pcm := make([]float32, len(out)/4)
	for i := range pcm {
		pcm[i] = math.Float32frombits(binary.LittleEndian.Uint32(out[4*i:]))
	}
	return pcm
}

// decodeFile decodes every access unit of an ADTS file.
func decodeFile(t testing.TB, path string) (Config, []float32) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	cfg, aus := adtsFrames(t, data)
	d, err := NewDecoder(cfg)
	if err != nil {
		t.Fatal(err)
	}
	var pcm, buf []float32
	for i, au := range aus {
		buf, err = d.Decode(au, buf)
		if err != nil {
			t.Fatalf("frame %d: %v", i, err)
		}
		if len(buf) != frameLen*cfg.Channels {
			t.Fatalf("frame %d: %d samples", i, len(buf))
		}
		pcm = append(pcm, buf...)
	}
	return cfg, pcm
}

// snr compares ours with ffmpeg's output: signal power over error power,
// in dB. ffmpeg keeps the encoder's priming frame of an ADTS stream (it has
// no container to say how long it is); should it ever drop it, the extra
// leading samples of ours are skipped.
func snr(ours, ref []float32) (db float64, n int) {
	if len(ours) > len(ref) {
		ours = ours[len(ours)-len(ref):]
	}
	n = min(len(ours), len(ref))
	var sig, noise float64
	for i := range n {
		s, e := float64(ref[i]), float64(ours[i])-float64(ref[i])
		sig += s * s
		noise += e * e
	}
	if noise == 0 {
		return math.Inf(1), n
	}
	return 10 * math.Log10(sig/noise), n
}

// TestDecodeMatchesFFmpeg decodes PNS-free files and compares them sample
// by sample with ffmpeg's own decoder.
func TestDecodeMatchesFFmpeg(t *testing.T) {
	files := []corpusFile{
		{"cmp-sine-44k-stereo", "sine=f=440:d=2,aformat=channel_layouts=stereo", []string{"-b:a", "128k", "-aac_pns", "0"}},
		{"cmp-tone-noise-44k-stereo", "aevalsrc=0.4*sin(2*PI*440*t)+0.1*(random(0)-0.5)|0.4*sin(2*PI*660*t)+0.1*(random(1)-0.5):s=44100:d=2", []string{"-b:a", "128k", "-aac_pns", "0"}},
		{"cmp-tone-noise-44k-stereo-nois", "aevalsrc=0.4*sin(2*PI*440*t)+0.1*(random(0)-0.5)|0.4*sin(2*PI*660*t)+0.1*(random(1)-0.5):s=44100:d=2", []string{"-b:a", "96k", "-aac_pns", "0", "-aac_is", "0"}},
		{"cmp-drums-32k-stereo", corpus[5].src, []string{"-b:a", "96k", "-aac_pns", "0"}},
		{"cmp-speech-8k-mono", corpus[6].src, []string{"-b:a", "32k", "-aac_pns", "0"}},
		{"cmp-noise-48k-stereo-320k", corpus[2].src, []string{"-b:a", "320k", "-aac_pns", "0"}},
		{"cmp-square-44k-mono", corpus[16].src, []string{"-b:a", "320k", "-aac_pns", "0"}},
		{"cmp-clicks-44k-mono", corpus[4].src, []string{"-b:a", "128k", "-aac_pns", "0", "-aac_tns", "1"}},
	}
	for _, f := range files {
		p := corpusPath(t, f)
		cfg, ours := decodeFile(t, p)
		ref := ffmpegPCM(t, p)
		db, n := snr(ours, ref)
		var pow float64
		for _, v := range ref {
			pow += float64(v) * float64(v)
		}
		rms := 10 * math.Log10(pow/float64(max(len(ref), 1)))
		t.Logf("%-32s %5d Hz %d ch: level %6.1f dBFS, SNR %6.1f dB over %d samples (ours %d, ffmpeg %d)",
			f.name, cfg.SampleRate, cfg.Channels, rms, db, n, len(ours), len(ref))
		if len(ours) != len(ref) || db < 100 {
			t.Errorf("%s: SNR %.1f dB with %d samples against ffmpeg's %d; want >= 100 dB and equal lengths", f.name, db, len(ours), len(ref))
		}
	}
}

// TestDecodeGarbage runs damaged access units through the whole decoder,
// synthesis included: each frame decodes or is refused with ErrFrame, the
// output has the right size, and a good frame after bad ones still decodes.
func TestDecodeGarbage(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for _, f := range []corpusFile{corpus[1], corpus[4], corpus[5], corpus[9]} {
		data, err := os.ReadFile(corpusPath(t, f))
		if err != nil {
			t.Fatal(err)
		}
		cfg, aus := adtsFrames(t, data)
		d, err := NewDecoder(cfg)
		if err != nil {
			t.Fatal(err)
		}
		var out []float32
		buf := make([]byte, 0, 8192)
		var bad int
		for i, au := range aus {
			buf = append(buf[:0], au...)
			if i%2 == 1 {
				for range 1 + rng.IntN(8) {
					b := rng.IntN(len(buf) * 8)
					buf[b/8] ^= 0x80 >> (b % 8)
				}
			}
			out, err = d.Decode(buf, out)
			switch {
			case err != nil && !errors.Is(err, ErrFrame):
				t.Fatalf("%s frame %d: error %v does not wrap ErrFrame", f.name, i, err)
			case err != nil:
				bad++
				if len(out) != 0 {
					t.Fatalf("%s frame %d: %d samples with an error", f.name, i, len(out))
				}
			case len(out) != frameLen*cfg.Channels:
				t.Fatalf("%s frame %d: %d samples", f.name, i, len(out))
			}
			for _, v := range out {
				if math.IsNaN(float64(v)) || math.IsInf(float64(v), 0) {
					t.Fatalf("%s frame %d: non-finite sample", f.name, i)
				}
			}
		}
		if _, err := d.Decode(aus[len(aus)-1], out); err != nil {
			t.Errorf("%s: a good frame after damaged ones: %v", f.name, err)
		}
		t.Logf("%s: %d of %d damaged frames refused", f.name, bad, len(aus)/2)
	}
}

// TestDecodeAllocs: a steady-state Decode allocates nothing.
func TestDecodeAllocs(t *testing.T) {
	data, err := os.ReadFile(corpusPath(t, corpus[5]))
	if err != nil {
		t.Fatal(err)
	}
	cfg, aus := adtsFrames(t, data)
	d, err := NewDecoder(cfg)
	if err != nil {
		t.Fatal(err)
	}
	out := make([]float32, 0, frameLen*cfg.Channels)
	i := 0
	allocs := testing.AllocsPerRun(100, func() {
		if out, err = d.Decode(aus[i%len(aus)], out); err != nil {
			t.Fatal(err)
		}
		i++
	})
	if allocs != 0 {
		t.Errorf("%v allocations per frame, want 0", allocs)
	}
}

func TestNewDecoderRefuses(t *testing.T) {
	for _, cfg := range []Config{{SampleRate: 44100, Channels: 6}, {SampleRate: 44100}, {SampleRate: 0, Channels: 2}, {SampleRate: 1 << 30, Channels: 1}} {
		if _, err := NewDecoder(cfg); err == nil {
			t.Errorf("NewDecoder(%+v) accepted", cfg)
		}
	}
}

// blockEnergyDiff returns the largest difference, in dB, between the
// energies of ours and ref per channel and 1024-sample block, over blocks
// louder than -70 dBFS.
func blockEnergyDiff(ours, ref []float32, channels int) float64 {
	worst := 0.0
	n := min(len(ours), len(ref)) / channels
	for c := range channels {
		for off := 0; off+frameLen <= n; off += frameLen {
			var a, b float64
			for i := off; i < off+frameLen; i++ {
				x, y := float64(ours[i*channels+c]), float64(ref[i*channels+c])
				a += x * x
				b += y * y
			}
			if b/frameLen < 1e-7 {
				continue
			}
			worst = max(worst, math.Abs(10*math.Log10(a/b)))
		}
	}
	return worst
}

// TestDecodeCorpusAgainstFFmpeg decodes the parsing corpus, made with
// ffmpeg's defaults (PNS and intensity stereo on). The decoder's noise
// generator and seed happen to be ffmpeg's, so noise bands often match
// sample by sample; where a pair shares one noise vector (ms_used on a
// band that is noise in both channels, ISO/IEC 14496-3 4.6.13.3) ffmpeg
// draws fresh noise instead, and only energies can be compared.
func TestDecodeCorpusAgainstFFmpeg(t *testing.T) {
	for _, f := range corpus {
		p := corpusPath(t, f)
		cfg, ours := decodeFile(t, p)
		ref := ffmpegPCM(t, p)
		db, _ := snr(ours, ref)
		diff := blockEnergyDiff(ours, ref, cfg.Channels)
		t.Logf("%-32s %5d Hz %d ch: SNR %6.1f dB, largest block energy difference %.3f dB", f.name, cfg.SampleRate, cfg.Channels, db, diff)
		if len(ours) != len(ref) || diff > 1 {
			t.Errorf("%s: %d samples against ffmpeg's %d, block energies differ by up to %.2f dB; want equal lengths within 1 dB", f.name, len(ours), len(ref), diff)
		}
	}
}

// TestDecoderReset: after Reset, a frame decodes exactly as it does as the
// first frame of a fresh decoder (no overlap from before the seek).
func TestDecoderReset(t *testing.T) {
	data, err := os.ReadFile(corpusPath(t, corpus[1]))
	if err != nil {
		t.Fatal(err)
	}
	cfg, aus := adtsFrames(t, data)
	fresh, _ := NewDecoder(cfg)
	want, err := fresh.Decode(aus[40], nil)
	if err != nil {
		t.Fatal(err)
	}
	d, _ := NewDecoder(cfg)
	var got []float32
	for _, au := range aus[:20] {
		if got, err = d.Decode(au, got); err != nil {
			t.Fatal(err)
		}
	}
	d.Reset()
	if got, err = d.Decode(aus[40], got); err != nil {
		t.Fatal(err)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("sample %d after Reset: %v, want %v", i, got[i], want[i])
		}
	}
}
