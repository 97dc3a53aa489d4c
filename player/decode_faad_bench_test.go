//go:build faad

package player

import (
	"testing"

	"github.com/cirrus-tui/cirrus/player/internal/faad"
)

// BenchmarkFAAD2Alone decodes what BenchmarkDecoderAlone decodes with
// FAAD2, the C decoder cirrus used before player/aac: the reference for
// the "decoder alone" bench row. It needs -tags faad and libfaad-dev.
func BenchmarkFAAD2Alone(b *testing.B) {
	units := adtsUnits(b)
	asc := []byte{0x12, 0x10} // AAC-LC, 44.1 kHz, stereo: what the pieces are
	var frames int64
	b.ResetTimer()
	for b.Loop() {
		dec, err := faad.Open(asc, true)
		if err != nil {
			b.Fatal(err)
		}
		for _, u := range units {
			f, err := dec.Decode(u)
			if err != nil {
				b.Fatal(err)
			}
			frames += int64(len(f) / 2)
		}
		dec.Close()
	}
	if frames == 0 {
		b.Fatal("no audio decoded")
	}
	reportRealtime(b, frames, 44100)
}
