package frame

import (
	"math"
	"math/rand"
	"testing"
)

// TestDCT32MatchesSynthesisMatrix checks the cirrus patch: the matrixing
// done through dct32 gives the standard's 64×32 product.
func TestDCT32MatchesSynthesisMatrix(t *testing.T) {
	r := rand.New(rand.NewSource(1))
	for round := 0; round < 200; round++ {
		var s, x, tmp [32]float32
		for i := range s {
			s[i] = float32(r.NormFloat64())
		}
		x = s
		dct32(x[:], tmp[:])
		for i := 0; i < 64; i++ {
			want := float64(0)
			for j := 0; j < 32; j++ {
				want += float64(synthNWin[i][j]) * float64(s[j])
			}
			var got float32
			switch {
			case i < 16:
				got = x[i+16]
			case i == 16:
				got = 0
			case i <= 48:
				got = -x[48-i]
			default:
				got = -x[i-48]
			}
			if math.Abs(float64(got)-want) > 1e-4*(1+math.Abs(want)) {
				t.Fatalf("round %d: V[%d] = %v, the matrix gives %v", round, i, got, want)
			}
		}
	}
}

// TestPow2qMatchesPow checks the table against math.Pow over the range
// requantization exponents take.
func TestPow2qMatchesPow(t *testing.T) {
	for k := -2000; k <= 400; k++ {
		idx := float64(k) / 4
		want := math.Pow(2, idx)
		if got := pow2q(idx); math.Abs(got-want) > 1e-15*want {
			t.Fatalf("pow2q(%v) = %v, math.Pow gives %v", idx, got, want)
		}
	}
}
