package player

import (
	"fmt"

	"github.com/cirrus-tui/cirrus/player/aac"
)

// heAACNote is said once per track, in the log and the track's status,
// when a stream signals HE-AAC: player/aac decodes the AAC-LC core only.
const heAACNote = "HE-AAC: playing the core at half bandwidth"

// aacDecoder decodes raw AAC access units (one fMP4 sample each) with
// player/aac, the pure-Go AAC-LC decoder, and hands out stereo frames.
type aacDecoder struct {
	dec  *aac.Decoder
	cfg  aac.Config
	rate int
	pcm  []float32    // interleaved output of the last frame
	out  [][2]float32 // the same as stereo frames
}

// newAACDecoder opens a decoder for the AudioSpecificConfig of an init
// segment; anything but an AAC-LC core (possibly under SBR/PS), mono or
// stereo, is refused with the reason.
func newAACDecoder(asc []byte) (*aacDecoder, error) {
	cfg, err := aac.ParseAudioSpecificConfig(asc)
	if err != nil {
		return nil, fmt.Errorf("AudioSpecificConfig % x: %w", asc[:min(len(asc), 16)], err)
	}
	dec, err := aac.NewDecoder(cfg)
	if err != nil {
		return nil, err
	}
	return &aacDecoder{
		dec: dec, cfg: cfg, rate: dec.SampleRate(),
		pcm: make([]float32, 0, 1024*dec.Channels()),
		out: make([][2]float32, 1024),
	}, nil
}

// decode turns one access unit into stereo frames (mono doubled), valid
// until the next call. A broken frame is an error and no samples; the
// decoder stays usable for the next one.
func (d *aacDecoder) decode(frame []byte) ([][2]float32, error) {
	if len(frame) == 0 {
		return nil, nil
	}
	pcm, err := d.dec.Decode(frame, d.pcm)
	d.pcm = pcm[:0]
	if err != nil {
		return nil, err
	}
	ch := d.dec.Channels()
	n := len(pcm) / ch
	if cap(d.out) < n {
		d.out = make([][2]float32, n)
	}
	f := d.out[:n]
	if ch == 2 {
		for i := range f {
			f[i] = [2]float32{pcm[2*i], pcm[2*i+1]}
		}
	} else {
		for i, v := range pcm[:n] {
			f[i] = [2]float32{v, v}
		}
	}
	return f, nil
}

// heAAC says the stream is HE-AAC, signalled in its config or found in
// its frames (an SBR extension in an LC-signalled stream), so only its
// core, at half the bandwidth, is heard.
func (d *aacDecoder) heAAC() bool {
	return d.cfg.SBR || d.cfg.PS || d.dec.ImplicitSBR()
}

// close is kept for the decoder's callers: a pure-Go decoder holds nothing
// to free.
func (d *aacDecoder) close() {}
