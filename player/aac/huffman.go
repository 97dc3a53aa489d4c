package aac

// Table-driven Huffman decoding. Each codebook becomes one flat []uint32:
// the first rootBits entries are indexed by the next rootBits bits of the
// stream; an entry is either a leaf (value and code length) or a link to a
// second-level block indexed by the bits after the first rootBits. Tables
// are built once, at package initialisation, from the code/length pairs in
// huffman_tables.go; decoding never allocates.

const rootBits = 9

// Entry layout: leaf: len (bits 0-4), value (bits 8-23); link: linkFlag,
// sub-table bits (bits 0-4), offset (bits 8-30). Zero is "no such code".
const linkFlag = 1 << 31

type huffTable struct {
	t      []uint32
	maxLen uint
}

// buildHuff builds the lookup table of a prefix code given as codes[i]
// (right-aligned) of lens[i] bits for value i. It panics on a code that
// collides with another, which the table tests rule out for the
// standard's books.
func buildHuff(codes []uint32, lens []uint8) huffTable {
	maxLen := uint(0)
	for _, l := range lens {
		maxLen = max(maxLen, uint(l))
	}
	t := make([]uint32, 1<<rootBits)
	// Longest code under each root prefix, for sizing second levels.
	subBits := make([]uint, 1<<rootBits)
	for i, l := range lens {
		if uint(l) > rootBits {
			p := codes[i] >> (uint(l) - rootBits)
			subBits[p] = max(subBits[p], uint(l)-rootBits)
		}
	}
	for p, sb := range subBits {
		if sb > 0 {
			t[p] = linkFlag | uint32(len(t))<<8 | uint32(sb)
			t = append(t, make([]uint32, 1<<sb)...)
		}
	}
	for i, l := range lens {
		c, l := codes[i], uint(l)
		leaf := uint32(i)<<8 | uint32(l)
		if l <= rootBits {
			lo := c << (rootBits - l)
			for j := uint32(0); j < 1<<(rootBits-l); j++ {
				if t[lo+j] != 0 {
					panic("aac: Huffman code collision")
				}
				t[lo+j] = leaf
			}
			continue
		}
		p := c >> (l - rootBits)
		link := t[p]
		sb := uint(link & 31)
		off := link >> 8 & 0x7fffff
		rest := c & (1<<(l-rootBits) - 1)
		lo := off + rest<<(sb-(l-rootBits))
		for j := uint32(0); j < 1<<(sb-(l-rootBits)); j++ {
			if t[lo+j] != 0 {
				panic("aac: Huffman code collision")
			}
			t[lo+j] = leaf
		}
	}
	return huffTable{t: t, maxLen: maxLen}
}

// decode reads one codeword and returns its value, or -1 for a bit
// pattern that is no codeword of the book.
func (h *huffTable) decode(r *bitReader) int {
	e := h.t[r.peek(rootBits)]
	if e&linkFlag != 0 {
		sb := uint(e & 31)
		off := e >> 8 & 0x7fffff
		e = h.t[off+r.peek(rootBits+sb)&(1<<sb-1)]
	}
	l := uint(e & 31)
	if l == 0 {
		return -1
	}
	r.skip(l)
	return int(e >> 8 & 0xffff)
}

// spectralBook describes one of the eleven spectral codebooks (ISO/IEC
// 14496-3 table 4.152): dimension, whether values carry separate sign
// bits, and the largest absolute value (16 in book 11 means escape).
type spectralBook struct {
	huff     huffTable
	dim      int // 4 or 2
	unsigned bool
	lav      int
	// vals[i] are the (up to four) coefficients of codeword i, and
	// nz[i] how many of them are non-zero (the sign bits that follow an
	// unsigned book's codeword).
	vals [][4]int8
	nz   []uint8
}

var (
	sfHuff    huffTable
	specBooks [12]spectralBook // index 1..11
)

func init() {
	sfHuff = buildHuff(sfCodes[:], sfLens[:])
	type def struct {
		codes    []uint16
		lens     []uint8
		dim      int
		unsigned bool
		lav      int
	}
	defs := [12]def{
		1:  {hcb1Codes[:], hcb1Lens[:], 4, false, 1},
		2:  {hcb2Codes[:], hcb2Lens[:], 4, false, 1},
		3:  {hcb3Codes[:], hcb3Lens[:], 4, true, 2},
		4:  {hcb4Codes[:], hcb4Lens[:], 4, true, 2},
		5:  {hcb5Codes[:], hcb5Lens[:], 2, false, 4},
		6:  {hcb6Codes[:], hcb6Lens[:], 2, false, 4},
		7:  {hcb7Codes[:], hcb7Lens[:], 2, true, 7},
		8:  {hcb8Codes[:], hcb8Lens[:], 2, true, 7},
		9:  {hcb9Codes[:], hcb9Lens[:], 2, true, 12},
		10: {hcb10Codes[:], hcb10Lens[:], 2, true, 12},
		11: {hcb11Codes[:], hcb11Lens[:], 2, true, 16},
	}
	for n := 1; n <= 11; n++ {
		d := defs[n]
		codes := make([]uint32, len(d.codes))
		for i, c := range d.codes {
			codes[i] = uint32(c)
		}
		b := spectralBook{huff: buildHuff(codes, d.lens), dim: d.dim, unsigned: d.unsigned, lav: d.lav}
		b.vals, b.nz = bookValues(d.dim, d.unsigned, d.lav, len(codes))
		specBooks[n] = b
	}
}

// bookValues lists the coefficients of each codeword index: the index is
// the coefficients written as digits of base lav+1 (unsigned books) or
// 2*lav+1 offset by lav (signed books), the first coefficient most
// significant (ISO/IEC 14496-3 4.6.3.3).
func bookValues(dim int, unsigned bool, lav, n int) ([][4]int8, []uint8) {
	mod, off := 2*lav+1, lav
	if unsigned {
		mod, off = lav+1, 0
	}
	vals := make([][4]int8, n)
	nz := make([]uint8, n)
	for i := range n {
		x := i
		for k := dim - 1; k >= 0; k-- {
			v := x%mod - off
			x /= mod
			vals[i][k] = int8(v)
			if v != 0 {
				nz[i]++
			}
		}
	}
	return vals, nz
}
