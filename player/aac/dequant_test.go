package aac

import (
	"math"
	"math/rand/v2"
	"testing"
)

// Band edges of 48 kHz (the standard's long and short scalefactor band tables), for
// building test elements without the syntax half's tables.
var (
	testSWBLong = []uint16{0, 4, 8, 12, 16, 20, 24, 28, 32, 36, 40, 48, 56, 64, 72, 80, 88, 96, 108, 120,
		132, 144, 160, 176, 196, 216, 240, 264, 292, 320, 352, 384, 416, 448, 480, 512, 544, 576, 608,
		640, 672, 704, 736, 768, 800, 832, 864, 896, 928, 1024}
	testSWBShort = []uint16{0, 4, 8, 12, 16, 20, 28, 36, 44, 56, 68, 80, 96, 112, 128}
)

const testSR48 = 3 // sampling_frequency_index of 48 kHz

// testLong returns a long-window ics at 48 kHz with every band coded with
// codebook bt and scale factor sf, and an empty spectrum.
func testLong(bt uint8, sf int) ics {
	c := ics{seq: onlyLong, shape: sineWindow, maxSFB: len(testSWBLong) - 1, numGroups: 1,
		srIndex: testSR48, numSWB: len(testSWBLong) - 1, swbOffset: testSWBLong, globalGain: sf}
	c.groupLen[0] = 1
	for b := range c.maxSFB {
		c.bandType[0][b] = bt
		c.sf[0][b] = sf
	}
	return c
}

// testShort returns an EIGHT_SHORT ics at 48 kHz with the given group
// lengths, every band of every group coded with bt and sf.
func testShort(bt uint8, sf int, groups ...int) ics {
	c := ics{seq: eightShort, shape: sineWindow, maxSFB: len(testSWBShort) - 1, numGroups: len(groups),
		srIndex: testSR48, numSWB: len(testSWBShort) - 1, swbOffset: testSWBShort, globalGain: sf}
	for g, n := range groups {
		c.groupLen[g] = n
		for b := range c.maxSFB {
			c.bandType[g][b] = bt
			c.sf[g][b] = sf
		}
	}
	return c
}

func wantDequant(q int32, sf int) float64 {
	v := math.Pow(math.Abs(float64(q)), 4.0/3) * math.Pow(2, float64(sf-100)/4)
	if q < 0 {
		v = -v
	}
	return v
}

func TestDequantMatchesPow(t *testing.T) {
	synthTablesOnce.Do(buildSynthTables)
	rng := rand.New(rand.NewPCG(7, 8))
	c := testLong(escHCB, 0)
	for b := range c.maxSFB {
		c.sf[0][b] = rng.IntN(256)
	}
	for i := range c.spec {
		switch i % 4 {
		case 0:
			c.spec[i] = int32(rng.IntN(33) - 16)
		case 1:
			c.spec[i] = int32(rng.IntN(2*8191+1) - 8191)
		default:
			c.spec[i] = int32(rng.IntN(401) - 200)
		}
	}
	c.spec[5], c.spec[6], c.spec[7] = 8191, -8191, 8192 // table edge and the slow path beyond it
	var x [frameLen]float32
	dequant(&c, &x)
	for b := range c.maxSFB {
		for i := int(testSWBLong[b]); i < int(testSWBLong[b+1]); i++ {
			want := wantDequant(c.spec[i], c.sf[0][b])
			if d := math.Abs(float64(x[i]) - want); d > 1e-6*math.Abs(want) {
				t.Fatalf("line %d (q %d, sf %d): %g, want %g", i, c.spec[i], c.sf[0][b], x[i], want)
			}
		}
	}
}

func TestDequantShortGroupsAndZeroBands(t *testing.T) {
	synthTablesOnce.Do(buildSynthTables)
	c := testShort(1, 100, 3, 1, 4)
	c.maxSFB = 10    // lines from 68 up in each window are not coded
	c.sf[1][2] = 104 // group 1 (window 3), band 2: gain 2
	c.bandType[2][4] = zeroHCB
	c.bandType[2][5] = noiseHCB
	c.bandType[0][6] = intensityHCB
	for i := range c.spec {
		c.spec[i] = 1
		if i%shortLen >= int(testSWBShort[c.maxSFB]) {
			c.spec[i] = 0
		}
	}
	var x [frameLen]float32
	for i := range x {
		x[i] = 123 // stale values from a previous frame must not survive
	}
	dequant(&c, &x)
	groupOf := []int{0, 0, 0, 1, 2, 2, 2, 2}
	for w := range maxWindows {
		g := groupOf[w]
		for k := range shortLen {
			want := float32(1)
			b := 0
			for b < len(testSWBShort)-1 && int(testSWBShort[b+1]) <= k {
				b++
			}
			switch {
			case b >= c.maxSFB:
				want = 0
			case g == 1 && b == 2:
				want = 2
			case g == 2 && (b == 4 || b == 5), g == 0 && b == 6:
				want = 0
			}
			if got := x[w*shortLen+k]; got != want {
				t.Fatalf("window %d line %d (group %d band %d): %g, want %g", w, k, g, b, got, want)
			}
		}
	}
}

func TestPow2q(t *testing.T) {
	synthTablesOnce.Do(buildSynthTables)
	for e := -700; e <= pow2qMax; e++ {
		want := math.Pow(2, float64(e)/4)
		if d := math.Abs(pow2q(e) - want); d > 1e-15*want {
			t.Fatalf("2^(%d/4) = %g, want %g", e, pow2q(e), want)
		}
	}
	if math.IsInf(pow2q(1<<30), 0) || pow2q(-1<<30) < 0 {
		t.Fatal("pow2q is not bounded for absurd exponents")
	}
}
