package aac

// bitWriter builds bitstreams for tests, MSB first.
type bitWriter struct {
	buf []byte
	n   uint // bits written
}

func (w *bitWriter) put(v uint64, bits uint) *bitWriter {
	for i := int(bits) - 1; i >= 0; i-- {
		if w.n%8 == 0 {
			w.buf = append(w.buf, 0)
		}
		if v>>uint(i)&1 != 0 {
			w.buf[w.n/8] |= 0x80 >> (w.n % 8)
		}
		w.n++
	}
	return w
}

func (w *bitWriter) bytes() []byte { return w.buf }
