package player

// resampler converts stereo frames from one rate to another by linear
// interpolation, keeping its place across calls. It serves the rare part
// of a stream (after an EXT-X-DISCONTINUITY) at a rate other than the
// track's; the output device's own resampling is the engine's.
type resampler struct {
	step float64 // input frames per output frame
	t    float64 // position of the next output frame, in input frames from the current chunk's start (-1: the previous chunk's last)
	last [2]float32
	have bool // last holds a frame
	out  [][2]float32
}

func newResampler(from, to int) *resampler {
	return &resampler{step: float64(from) / float64(to)}
}

// convert returns f at the target rate, valid until the next call.
func (r *resampler) convert(f [][2]float32) [][2]float32 {
	r.out = r.out[:0]
	if len(f) == 0 {
		return r.out
	}
	if !r.have {
		r.t = 0
	}
	at := func(i int) [2]float32 {
		if i < 0 {
			return r.last
		}
		return f[i]
	}
	for {
		i := int(r.t+1) - 1 // floor, for t >= -1
		if i+1 >= len(f) {
			break
		}
		frac := float32(r.t - float64(i))
		a, b := at(i), f[i+1]
		r.out = append(r.out, [2]float32{a[0] + (b[0]-a[0])*frac, a[1] + (b[1]-a[1])*frac})
		r.t += r.step
	}
	r.t -= float64(len(f))
	r.last, r.have = f[len(f)-1], true
	return r.out
}
