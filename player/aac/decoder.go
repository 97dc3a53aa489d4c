package aac

import (
	"errors"
	"fmt"
)

// noiseSeed starts the PNS noise generator where ffmpeg's starts, which
// makes noise bands comparable with ffmpeg's output sample by sample.
const noiseSeed = 0x1f2e3d4c

// Decoder decodes the access units (raw_data_blocks) of one AAC-LC stream
// into interleaved float32 PCM. It keeps the overlap between frames, so
// one Decoder serves one stream, in order; after a seek, call Reset. It
// is not safe for concurrent use.
type Decoder struct {
	cfg Config
	p   frameParser
	syn [2]*synth
	rng uint32 // PNS noise generator state
	pcm [2][frameLen]float32
}

// NewDecoder makes a decoder for a stream described by cfg, as
// ParseAudioSpecificConfig or ParseADTSHeader returned it.
func NewDecoder(cfg Config) (*Decoder, error) {
	if cfg.Channels != 1 && cfg.Channels != 2 {
		return nil, channelConfigError(cfg.Channels)
	}
	if cfg.SampleRate < minRate || cfg.SampleRate > maxRate {
		return nil, fmt.Errorf("aac: sampling rate %d Hz is outside %d..%d Hz", cfg.SampleRate, minRate, maxRate)
	}
	d := &Decoder{cfg: cfg, rng: noiseSeed}
	d.p.sr = srIndexOf(cfg.SampleRate)
	d.p.channels = cfg.Channels
	for i := range cfg.Channels {
		d.syn[i] = newSynth()
	}
	return d, nil
}

// Reset forgets the previous frame (its overlap and window shape), as
// after a seek: the next frame decodes as the first of a stream. What
// ImplicitSBR has seen is kept, since it describes the stream.
func (d *Decoder) Reset() {
	d.rng = noiseSeed
	for i := range d.cfg.Channels {
		d.syn[i].reset()
	}
}

// Channels is the number of interleaved channels Decode returns (1 or 2).
func (d *Decoder) Channels() int { return d.cfg.Channels }

// SampleRate is the rate of the decoded PCM: the AAC-LC core's rate.
func (d *Decoder) SampleRate() int { return d.cfg.SampleRate }

// ImplicitSBR reports whether a fill element carrying SBR data was seen
// so far: the stream is HE-AAC signalled only implicitly, and what plays
// is its AAC-LC core, at half bandwidth.
func (d *Decoder) ImplicitSBR() bool { return d.p.sbrSeen }

// ErrFrame wraps every error Decode returns for a bad access unit: that
// frame is lost and the decoder goes on with the next.
var ErrFrame = errors.New("aac: bad frame")

// Decode decodes one access unit and appends its 1024*Channels()
// interleaved samples, scaled to ±1.0, to dst[:0]. On error it returns
// dst[:0] and an error wrapping ErrFrame; the decoder stays usable.
func (d *Decoder) Decode(au []byte, dst []float32) ([]float32, error) {
	dst = dst[:0]
	if err := d.p.parseFrame(au); err != nil {
		return dst, frameError{err}
	}
	e := &d.p.elem
	if d.cfg.Channels == 1 {
		decodeSCE(d.syn[0], &e.ch[0], &d.rng, d.pcm[0][:])
		return append(dst, d.pcm[0][:]...), nil
	}
	decodeCPE(d.syn[0], d.syn[1], e, &d.rng, d.pcm[0][:], d.pcm[1][:])
	dst = grow(dst, 2*frameLen)
	l, r := &d.pcm[0], &d.pcm[1]
	for i := range frameLen {
		dst[2*i] = l[i]
		dst[2*i+1] = r[i]
	}
	return dst, nil
}

// grow returns dst resliced to n samples, reallocating only when its
// capacity is short (a caller that passes back the last result never
// allocates).
func grow(dst []float32, n int) []float32 {
	if cap(dst) < n {
		return make([]float32, n)
	}
	return dst[:n]
}

// frameError is a parsing error of one access unit.
type frameError struct{ err error }

func (e frameError) Error() string { return e.err.Error() }

func (e frameError) Unwrap() []error { return []error{ErrFrame, e.err} }
