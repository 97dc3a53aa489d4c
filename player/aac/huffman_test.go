package aac

import (
	"fmt"
	"math/big"
	"testing"
)

type bookUnderTest struct {
	name  string
	codes []uint32
	lens  []uint8
	size  int // entries the standard lists
	table *huffTable
}

func booksUnderTest() []bookUnderTest {
	bs := []bookUnderTest{{name: "scalefactor", codes: sfCodes[:], lens: sfLens[:], size: 121, table: &sfHuff}}
	all := [][2]any{
		{hcb1Codes[:], hcb1Lens[:]}, {hcb2Codes[:], hcb2Lens[:]}, {hcb3Codes[:], hcb3Lens[:]},
		{hcb4Codes[:], hcb4Lens[:]}, {hcb5Codes[:], hcb5Lens[:]}, {hcb6Codes[:], hcb6Lens[:]},
		{hcb7Codes[:], hcb7Lens[:]}, {hcb8Codes[:], hcb8Lens[:]}, {hcb9Codes[:], hcb9Lens[:]},
		{hcb10Codes[:], hcb10Lens[:]}, {hcb11Codes[:], hcb11Lens[:]},
	}
	sizes := []int{81, 81, 81, 81, 81, 81, 64, 64, 169, 169, 289}
	for i, a := range all {
		c16 := a[0].([]uint16)
		codes := make([]uint32, len(c16))
		for j, c := range c16 {
			codes[j] = uint32(c)
		}
		bs = append(bs, bookUnderTest{name: fmt.Sprintf("spectral %d", i+1),
			codes: codes, lens: a[1].([]uint8), size: sizes[i], table: &specBooks[i+1].huff})
	}
	return bs
}

// TestHuffmanBooks checks every codebook mechanically: the standard's
// number of entries, each code fits its length, no code is a prefix of
// another, the Kraft sum is exactly 1 (every book of the standard is
// complete), and each codeword, followed by any bits, decodes to its own
// index through the lookup tables.
func TestHuffmanBooks(t *testing.T) {
	for _, b := range booksUnderTest() {
		if len(b.codes) != b.size || len(b.lens) != b.size {
			t.Errorf("%s: %d codes, %d lengths, want %d", b.name, len(b.codes), len(b.lens), b.size)
			continue
		}
		kraft := new(big.Rat)
		for i := range b.codes {
			l := uint(b.lens[i])
			if l == 0 || l > 19 || b.codes[i]>>l != 0 {
				t.Errorf("%s[%d]: code %#x does not fit %d bits", b.name, i, b.codes[i], l)
			}
			kraft.Add(kraft, big.NewRat(1, 1<<l))
			for j := range b.codes {
				lj := uint(b.lens[j])
				if i != j && lj >= l && b.codes[j]>>(lj-l) == b.codes[i] {
					t.Errorf("%s: code %d is a prefix of code %d", b.name, i, j)
				}
			}
		}
		if kraft.Cmp(big.NewRat(1, 1)) != 0 {
			t.Errorf("%s: Kraft sum %v, want 1", b.name, kraft)
		}
		for i := range b.codes {
			for _, tail := range []uint64{0, 0xffffffff, 0x5a5a5a5a} {
				l := uint(b.lens[i])
				word := uint64(b.codes[i])<<(64-l) | tail>>l
				buf := make([]byte, 8)
				for k := range buf {
					buf[k] = byte(word >> (56 - 8*k))
				}
				var r bitReader
				r.reset(buf)
				if got := b.table.decode(&r); got != i || r.pos != l {
					t.Errorf("%s[%d]: decoded %d after %d bits, want %d after %d", b.name, i, got, r.pos, i, l)
				}
			}
		}
	}
}

// TestBookValues checks the index-to-coefficients mapping at its corners
// (ISO/IEC 14496-3 4.6.3.3).
func TestBookValues(t *testing.T) {
	cases := []struct {
		book, idx int
		want      [4]int8
	}{
		{1, 0, [4]int8{-1, -1, -1, -1}},
		{1, 40, [4]int8{0, 0, 0, 0}},
		{2, 80, [4]int8{1, 1, 1, 1}},
		{3, 1, [4]int8{0, 0, 0, 1}},
		{4, 80, [4]int8{2, 2, 2, 2}},
		{5, 0, [4]int8{-4, -4}},
		{6, 41, [4]int8{0, 1}},
		{7, 63, [4]int8{7, 7}},
		{8, 8, [4]int8{1, 0}},
		{9, 168, [4]int8{12, 12}},
		{10, 13, [4]int8{1, 0}},
		{11, 288, [4]int8{16, 16}},
		{11, 17*3 + 16, [4]int8{3, 16}},
	}
	for _, c := range cases {
		if got := specBooks[c.book].vals[c.idx]; got != c.want {
			t.Errorf("book %d index %d: %v, want %v", c.book, c.idx, got, c.want)
		}
	}
	if n := specBooks[11].nz[0]; n != 0 {
		t.Errorf("book 11 index 0: %d non-zero, want 0", n)
	}
}

// TestHuffmanInvalidAtEnd decodes from an empty reader: zero bits are a
// codeword in every book here, so decoding returns a value and marks the
// read as past the end instead of panicking.
func TestHuffmanInvalidAtEnd(t *testing.T) {
	for _, b := range booksUnderTest() {
		var r bitReader
		r.reset(nil)
		b.table.decode(&r)
		if !r.over {
			t.Errorf("%s: reading a codeword from nothing did not report the end", b.name)
		}
	}
}
