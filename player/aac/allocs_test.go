package aac

import (
	"os"
	"path/filepath"
	"testing"
)

// TestDecodeAllocsCorpus: in steady state Decode allocates nothing, on
// every file of the comparison corpus (every rate, mono and stereo, short
// windows, M/S, intensity, PNS, TNS, silence, the demo's streams).
func TestDecodeAllocsCorpus(t *testing.T) {
	dir, files := encodeCmpCorpus(t)
	for _, f := range files {
		b, err := os.ReadFile(filepath.Join(dir, f.name+".aac"))
		if err != nil {
			t.Fatal(err)
		}
		us, err := cmpSplitADTS(b)
		if err != nil {
			t.Fatal(err)
		}
		h, err := ParseADTSHeader(b)
		if err != nil {
			t.Fatal(err)
		}
		d, err := NewDecoder(h.Config)
		if err != nil {
			t.Fatal(err)
		}
		out := make([]float32, 0, 1024*h.Config.Channels)
		i := 0
		// AllocsPerRun runs once more to warm up: the first frame.
		allocs := testing.AllocsPerRun(len(us)-1, func() {
			if out, err = d.Decode(us[i].au, out); err != nil {
				t.Fatalf("%s frame %d: %v", f.name, i, err)
			}
			i++
		})
		if allocs != 0 {
			t.Errorf("%s: %v allocations per frame, want 0", f.name, allocs)
		}
	}
}
