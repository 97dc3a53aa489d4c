package aac

// filterbank turns s.spec (one frame of dequantised, stereo- and
// TNS-processed lines) into 1024 output samples: IMDCT, windowing with the
// frame's window sequence (left half in the previous frame's shape, right
// half in this one's) and overlap-add with the previous frame's right half
// (ISO/IEC 14496-3, 4.6.11).
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

// The IMDCT's last step (second twiddle, reading the DCT-IV u out of the
// FFT) is fused with windowing. With h = m/2 and d[j] the twiddled FFT
// output, u[2j] = Re d[j] and u[m-1-2j] = -Im d[j]; by the symmetries on
// mdctTab each d[j] feeds two positions p1, p2 of each half of the window:
//
//	j < h/2:  p1 = h-1-2j, p2 = h+2j:   first half x = -Im, +Im; second half x = -Re, -Re
//	j >= h/2: p1 = 2j-h,   p2 = 3h-1-2j: first half x = +Re, -Re; second half x = +Im, +Im
//
// Every position of each half is written exactly once.

// filterbankLong does one 2048-point IMDCT: the first half is windowed and
// added to the overlap into out, the second half windowed into the
// overlap.
func (s *synth) filterbankLong(left, right *[frameLen]float32, out []float32) {
	const (
		m = frameLen
		h = m / 2
	)
	mdctLong.fftIn(s.spec[:], s.re[:], s.im[:])
	re, im := &s.re, &s.im
	post := mdctLong.post[:h:h]
	ov := &s.overlap
	out = out[:m:m]
	for j := 0; j < h/2; j++ {
		w := &post[j]
		a, b := re[j], im[j]
		dr, di := a*w[0]-b*w[1], a*w[1]+b*w[0]
		p1, p2 := h-1-2*j, h+2*j
		out[p1] = ov[p1] - left[p1]*di
		out[p2] = ov[p2] + left[p2]*di
		ov[p1] = -right[p1] * dr
		ov[p2] = -right[p2] * dr
	}
	for j := h / 2; j < h; j++ {
		w := &post[j]
		a, b := re[j], im[j]
		dr, di := a*w[0]-b*w[1], a*w[1]+b*w[0]
		p1, p2 := 2*j-h, 3*h-1-2*j
		out[p1] = ov[p1] + left[p1]*dr
		out[p2] = ov[p2] - left[p2]*dr
		ov[p1] = right[p1] * di
		ov[p2] = right[p2] * di
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
	post := mdctShort.post[:h:h]
	for w := range maxWindows {
		mdctShort.fftIn(s.spec[w*m:(w+1)*m], s.re[:h], s.im[:h])
		re, im := s.re[:h:h], s.im[:h:h]
		rise := &shortRise[shape]
		if w == 0 {
			rise = &shortRise[prev]
		}
		fall := &shortFall[shape]
		// first: the window's rising half, added to what the previous
		// window left; second: its falling half, written.
		base := shortStart + w*m
		first := (*[m]float32)(buf[base : base+m])
		second := (*[m]float32)(buf[base+m : base+2*m])
		for j := 0; j < h/2; j++ {
			tw := &post[j]
			a, b := re[j], im[j]
			dr, di := a*tw[0]-b*tw[1], a*tw[1]+b*tw[0]
			p1, p2 := h-1-2*j, h+2*j
			first[p1] -= rise[p1] * di
			first[p2] += rise[p2] * di
			second[p1] = -fall[p1] * dr
			second[p2] = -fall[p2] * dr
		}
		for j := h / 2; j < h; j++ {
			tw := &post[j]
			a, b := re[j], im[j]
			dr, di := a*tw[0]-b*tw[1], a*tw[1]+b*tw[0]
			p1, p2 := 2*j-h, 3*h-1-2*j
			first[p1] += rise[p1] * dr
			first[p2] -= rise[p2] * dr
			second[p1] = fall[p1] * di
			second[p2] = fall[p2] * di
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
