package aac

import (
	"os"
	"testing"
)

// BenchmarkParseFrame measures the syntax half alone (bitstream to
// quantised spectra) and BenchmarkDecodeFrame the whole decoder, per
// access unit of a 128 kb/s stereo file with short windows, TNS and PNS.
func BenchmarkParseFrame(b *testing.B) {
	aus, cfg := benchFrames(b)
	p := frameParser{sr: srIndexOf(cfg.SampleRate), channels: cfg.Channels}
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		if err := p.parseFrame(aus[i%len(aus)]); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkDecodeFrame(b *testing.B) {
	aus, cfg := benchFrames(b)
	d, err := NewDecoder(cfg)
	if err != nil {
		b.Fatal(err)
	}
	out := make([]float32, 0, 2*frameLen)
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		if out, err = d.Decode(aus[i%len(aus)], out); err != nil {
			b.Fatal(err)
		}
	}
}

func benchFrames(b *testing.B) ([][]byte, Config) {
	f := corpusFile{"bench-drums-44k-stereo-128k", corpus[5].src + ",aresample=44100", []string{"-b:a", "128k"}}
	data, err := os.ReadFile(corpusPath(b, f))
	if err != nil {
		b.Fatal(err)
	}
	cfg, aus := adtsFrames(b, data)
	return aus, cfg
}
