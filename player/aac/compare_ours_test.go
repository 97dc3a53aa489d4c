package aac

import "fmt"

func init() {
	cmpDecoders = append([]cmpDecoder{{name: "ours", primary: true, decode: oursDecodeADTS}}, cmpDecoders...)
}

// oursDecodeADTS decodes an ADTS stream with this package: headers read by
// ParseADTSHeader (and checked against the test's own splitter), one
// Decoder for the stream, one reused output buffer.
func oursDecodeADTS(adts []byte) ([]float32, int, error) {
	us, err := cmpSplitADTS(adts)
	if err != nil {
		return nil, 0, err
	}
	var d *Decoder
	var pcm, buf []float32
	off := 0
	for i, u := range us {
		h, err := ParseADTSHeader(adts[off:])
		if err != nil {
			return nil, 0, fmt.Errorf("frame %d: ParseADTSHeader: %w", i, err)
		}
		if off+h.FrameLen != u.end || h.FrameLen-h.HeaderLen != len(u.au) {
			return nil, 0, fmt.Errorf("frame %d: ParseADTSHeader says %d bytes with a %d-byte header; the frame has %d of payload", i, h.FrameLen, h.HeaderLen, len(u.au))
		}
		if d == nil {
			if d, err = NewDecoder(h.Config); err != nil {
				return nil, 0, err
			}
		}
		if buf, err = d.Decode(adts[off+h.HeaderLen:off+h.FrameLen], buf); err != nil {
			return nil, 0, fmt.Errorf("frame %d: %w", i, err)
		}
		if len(buf) != 1024*d.Channels() {
			return nil, 0, fmt.Errorf("frame %d: %d samples, want %d", i, len(buf), 1024*d.Channels())
		}
		pcm = append(pcm, buf...)
		off = u.end
	}
	return pcm, d.Channels(), nil
}
