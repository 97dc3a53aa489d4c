package aac

import "testing"

// TestSWBTables checks the band tables against the band counts of ISO/IEC
// 14496-3 tables 4.129-4.147 and their shape: starting at 0, strictly
// rising in steps of a multiple of 4 lines (a 4-tuple codeword never
// straddles bands), ending at 1024 or 128, and fitting maxSFB.
func TestSWBTables(t *testing.T) {
	wantLong := [numSRIndex]int{41, 41, 47, 49, 49, 51, 47, 47, 43, 43, 43, 40, 40}
	wantShort := [numSRIndex]int{12, 12, 12, 14, 14, 14, 15, 15, 15, 15, 15, 15, 15}
	for i := range numSRIndex {
		for _, c := range []struct {
			name string
			tab  []uint16
			n    int
			last uint16
		}{{"long", swbLong[i], wantLong[i], frameLen}, {"short", swbShort[i], wantShort[i], shortLen}} {
			if got := len(c.tab) - 1; got != c.n {
				t.Errorf("%d Hz %s: %d bands, want %d", sampleRates[i], c.name, got, c.n)
			}
			if c.n > maxSFB {
				t.Errorf("%d Hz %s: %d bands exceed maxSFB", sampleRates[i], c.name, c.n)
			}
			if c.tab[0] != 0 || c.tab[len(c.tab)-1] != c.last {
				t.Errorf("%d Hz %s: edges %d..%d, want 0..%d", sampleRates[i], c.name, c.tab[0], c.tab[len(c.tab)-1], c.last)
			}
			for b := 1; b < len(c.tab); b++ {
				if w := c.tab[b] - c.tab[b-1]; c.tab[b] <= c.tab[b-1] || w%4 != 0 {
					t.Errorf("%d Hz %s: band %d is %d..%d", sampleRates[i], c.name, b-1, c.tab[b-1], c.tab[b])
				}
			}
		}
	}
}

// TestSRIndexOf checks that every listed rate maps to its own tables.
func TestSRIndexOf(t *testing.T) {
	for i, rate := range sampleRates {
		want := i
		if i == 12 { // 7350 Hz uses the 8 kHz tables
			want = 11
		}
		if got := srIndexOf(rate); got != want {
			t.Errorf("srIndexOf(%d) = %d, want %d", rate, got, want)
		}
	}
	if got := srIndexOf(50000); got != 3 {
		t.Errorf("srIndexOf(50000) = %d, want 3 (48 kHz tables)", got)
	}
}
