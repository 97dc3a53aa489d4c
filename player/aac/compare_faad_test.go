//go:build faad

package aac

import (
	"fmt"

	"github.com/cirrus-tui/cirrus/player/internal/faad"
)

// FAAD2 as an oracle: printed beside ours, deciding nothing.
func init() {
	cmpDecoders = append(cmpDecoders, cmpDecoder{name: "FAAD2", decode: faadDecodeADTS, lag: 1024})
}

// faadDecodeADTS decodes an ADTS stream with FAAD2, configured from the
// first frame's header. FAAD2 outputs nothing for the first access unit:
// its output lags ffmpeg's by 1024 samples.
func faadDecodeADTS(adts []byte) ([]float32, int, error) {
	us, err := cmpSplitADTS(adts)
	if err != nil {
		return nil, 0, err
	}
	d, err := faad.Open(ascOf(us[0]), false)
	if err != nil {
		return nil, 0, err
	}
	defer d.Close()
	var pcm []float32
	for i, u := range us {
		s, err := d.Decode(u.au)
		if err != nil {
			return nil, 0, fmt.Errorf("frame %d: %w", i, err)
		}
		pcm = append(pcm, s...)
	}
	ch := d.Channels()
	if ch == 2 && us[0].chConfig == 1 {
		// FAAD2's mono comes as two equal channels: keep one.
		for i := range len(pcm) / 2 {
			pcm[i] = pcm[2*i]
		}
		pcm, ch = pcm[:len(pcm)/2], 1
	}
	return pcm, ch, nil
}
