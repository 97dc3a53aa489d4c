package aac

// filterbank turns s.spec (one frame of dequantised, stereo- and
// TNS-processed lines) into 1024 output samples: IMDCT, windowing with the
// frame's window sequence (left half in the previous frame's shape, right
// half in this one's) and overlap-add with the previous frame's right half
// (ISO/IEC 14496-3, 4.6.11.3).
func (s *synth) filterbank(seq windowSequence, shape windowShape, out []float32) {
	out = out[:frameLen:frameLen]
	shape &= 1
	prev := s.prevShape & 1
	if seq == eightShort {
		s.filterbankShort(shape, prev, out)
	} else {
		left := &leftLong[prev]
		if seq == longStop {
			left = &leftStop[prev]
		}
		right := &rightLong[shape]
		if seq == longStart {
			right = &rightStart[shape]
		}
		s.filterbankLong(left, right, out)
	}
	s.prevShape = shape
}

// filterbankLong does one 2048-point IMDCT. With m = 1024 lines and u the
// DCT-IV, the IMDCT output is x[n] = u[512+n] (n < 512), -u[1535-n]
// (512 <= n < 1536) and -u[n-1536] (n >= 1536); the first half is windowed
// and added to the overlap, the second half windowed into the overlap.
func (s *synth) filterbankLong(left, right *[frameLen]float32, out []float32) {
	const h = frameLen / 2
	mdctLong.dct4(s.spec[:], s.u[:], s.re[:], s.im[:])
	u := &s.u
	ov := &s.overlap
	for n := 0; n < h; n++ {
		out[n] = ov[n] + left[n]*u[h+n]
	}
	for n := h; n < frameLen; n++ {
		out[n] = ov[n] - left[n]*u[frameLen+h-1-n]
	}
	for n := 0; n < h; n++ {
		ov[n] = -right[n] * u[h-1-n]
	}
	for n := h; n < frameLen; n++ {
		ov[n] = -right[n] * u[n-h]
	}
}

// filterbankShort does EIGHT_SHORT: eight 256-point IMDCTs whose windowed
// outputs overlap by 128 inside the frame, starting at 448; the first
// window's rising half uses the previous frame's shape.
func (s *synth) filterbankShort(shape, prev windowShape, out []float32) {
	const (
		m = shortLen
		h = m / 2
	)
	buf := &s.buf
	clear(buf[shortStart : shortStart+m])
	u := s.u[:m:m]
	for w := range maxWindows {
		mdctShort.dct4(s.spec[w*m:(w+1)*m], u, s.re[:], s.im[:])
		rise := &shortRise[shape]
		if w == 0 {
			rise = &shortRise[prev]
		}
		fall := &shortFall[shape]
		b := buf[shortStart+w*m : shortStart+w*m+2*m : shortStart+w*m+2*m]
		// x[n] = u[64+n] (n < 64), -u[191-n] (64 <= n < 192), -u[n-192].
		for n := 0; n < h; n++ {
			b[n] += rise[n] * u[h+n]
		}
		for n := h; n < m; n++ {
			b[n] -= rise[n] * u[m+h-1-n]
		}
		for n := 0; n < h; n++ {
			b[m+n] = -fall[n] * u[h-1-n]
		}
		for n := h; n < m; n++ {
			b[m+n] = -fall[n] * u[n-h]
		}
	}
	// The frame's window is zero before 448 and from 1600 on.
	const end = shortStart + (maxWindows+1)*m // 1600
	ov := &s.overlap
	copy(out[:shortStart], ov[:shortStart])
	for n := shortStart; n < frameLen; n++ {
		out[n] = ov[n] + buf[n]
	}
	copy(ov[:end-frameLen], buf[frameLen:end])
	clear(ov[end-frameLen:])
}
