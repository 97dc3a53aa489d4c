package aac

import "encoding/binary"

// bitReader reads a byte slice MSB first. It never panics and never
// allocates: a read past the end returns zero bits and sets over, which
// the parsers check at their loop heads and at the end of each element,
// so truncated input becomes an error instead of a hang.
type bitReader struct {
	buf  []byte
	pos  uint // bit position
	end  uint // len(buf)*8
	over bool // a read went past the end
}

func (r *bitReader) reset(b []byte) {
	r.buf = b
	r.pos = 0
	r.end = uint(len(b)) * 8
	r.over = false
}

// peek returns the next n bits (0 <= n <= 32) without consuming them;
// bits past the end read as zero.
func (r *bitReader) peek(n uint) uint32 {
	if n == 0 {
		return 0
	}
	i := r.pos >> 3
	var w uint64
	if i+8 <= uint(len(r.buf)) {
		w = binary.BigEndian.Uint64(r.buf[i:])
	} else {
		for j := uint(0); j < 8; j++ {
			w <<= 8
			if i+j < uint(len(r.buf)) {
				w |= uint64(r.buf[i+j])
			}
		}
	}
	w <<= r.pos & 7
	return uint32(w >> (64 - n))
}

// skip consumes n bits.
func (r *bitReader) skip(n uint) {
	r.pos += n
	if r.pos > r.end {
		r.pos = r.end
		r.over = true
	}
}

// read consumes and returns the next n bits (0 <= n <= 32).
func (r *bitReader) read(n uint) uint32 {
	v := r.peek(n)
	r.skip(n)
	return v
}

// readInt is read for small fields used as counts and indices.
func (r *bitReader) readInt(n uint) int { return int(r.read(n)) }

func (r *bitReader) bit() bool { return r.read(1) != 0 }

// byteAlign skips to the next byte boundary of the buffer.
func (r *bitReader) byteAlign() { r.skip((8 - r.pos&7) & 7) }

// left is the number of unread bits.
func (r *bitReader) left() uint { return r.end - r.pos }

// skipBytes skips n whole bytes; it reports false, consuming nothing, if
// fewer remain.
func (r *bitReader) skipBytes(n int) bool {
	if n < 0 || uint(n)*8 > r.left() {
		r.over = true
		return false
	}
	r.pos += uint(n) * 8
	return true
}
