package imdct

import (
	"math"
	"math/rand"
	"testing"
)

// naiveWin is upstream's Win: every output of the long block summed.
func naiveWin(in []float32, blockType int) []float32 {
	out := make([]float32, 36)
	if blockType == 2 {
		iwd := imdctWinData[blockType]
		const N = 12
		for i := 0; i < 3; i++ {
			for p := 0; p < N; p++ {
				sum := float32(0.0)
				for m := 0; m < N/2; m++ {
					sum += in[i+3*m] * cosN12[m][p]
				}
				out[6*i+p+6] += sum * iwd[p]
			}
		}
		return out
	}
	const N = 36
	iwd := imdctWinData[blockType]
	for p := 0; p < N; p++ {
		sum := float32(0.0)
		for m := 0; m < N/2; m++ {
			sum += in[m] * cosN36[m][p]
		}
		out[p] = sum * iwd[p]
	}
	return out
}

// TestWinToMatchesEverySum checks the cirrus patch (half the long block's
// sums, mirrored) against upstream's full computation, for every block
// type, into a buffer that held garbage.
func TestWinToMatchesEverySum(t *testing.T) {
	r := rand.New(rand.NewSource(1))
	for bt := 0; bt < 4; bt++ {
		for round := 0; round < 100; round++ {
			in := make([]float32, 18)
			for i := range in {
				in[i] = float32(r.NormFloat64())
			}
			want := naiveWin(in, bt)
			got := make([]float32, 36)
			for i := range got {
				got[i] = 99
			}
			WinTo(got, in, bt)
			for i := range want {
				if math.Abs(float64(got[i]-want[i])) > 1e-4*(1+math.Abs(float64(want[i]))) {
					t.Fatalf("block type %d round %d: out[%d] = %v, upstream %v", bt, round, i, got[i], want[i])
				}
			}
		}
	}
}
