package player

// #cgo LDFLAGS: -lfaad
// #include <stdlib.h>
// #include <string.h>
// #include <neaacdec.h>
//
// // cirrus_faad_open opens a decoder for raw AAC frames described by an
// // AudioSpecificConfig, with float output down-mixed to stereo.
// static NeAACDecHandle cirrus_faad_open(unsigned char *asc, unsigned long n,
//                                        unsigned long *rate, unsigned char *ch) {
//     NeAACDecHandle h = NeAACDecOpen();
//     if (!h) return NULL;
//     NeAACDecConfigurationPtr c = NeAACDecGetCurrentConfiguration(h);
//     c->outputFormat = FAAD_FMT_FLOAT;
//     c->downMatrix = 1;
//     c->defObjectType = LC;
//     NeAACDecSetConfiguration(h, c);
//     if (NeAACDecInit2(h, asc, n, rate, ch) < 0) {
//         NeAACDecClose(h);
//         return NULL;
//     }
//     return h;
// }
import "C"

import (
	"bytes"
	"errors"
	"fmt"
	"unsafe"

	"github.com/Eyevinn/mp4ff/aac"
)

// aacDecoder decodes raw AAC-LC access units (one fMP4 sample each) with FAAD2.
type aacDecoder struct {
	h    C.NeAACDecHandle
	rate int
	ch   int
	buf  unsafe.Pointer // C copy of the input frame
	cap  int
	out  [][2]float32 // stereo frames of a stream that is not stereo
}

// newAACDecoder opens FAAD2 with the AudioSpecificConfig from the init segment.
func newAACDecoder(asc []byte) (*aacDecoder, error) {
	if len(asc) < 2 {
		return nil, errors.New("aac: AudioSpecificConfig too short")
	}
	if len(asc) > 64 {
		return nil, fmt.Errorf("aac: AudioSpecificConfig of %d bytes", len(asc))
	}
	// Only configurations mp4ff's parser accepts (AAC-LC, HE-AAC v1 and
	// v2 over an LC core, with a real sample rate) reach FAAD2's C code:
	// the stream never needs the rest, and a hostile one cannot reach it.
	if _, err := aac.DecodeAudioSpecificConfig(bytes.NewReader(asc)); err != nil {
		return nil, fmt.Errorf("aac: AudioSpecificConfig % x: %w (cirrus plays AAC-LC and HE-AAC)", asc, err)
	}
	casc := C.CBytes(asc)
	defer C.free(casc)
	var rate C.ulong
	var ch C.uchar
	h := C.cirrus_faad_open((*C.uchar)(casc), C.ulong(len(asc)), &rate, &ch)
	if h == nil {
		return nil, fmt.Errorf("aac: FAAD2 rejected AudioSpecificConfig % x", asc)
	}
	if rate <= 0 || rate > 192000 {
		C.NeAACDecClose(h)
		return nil, fmt.Errorf("aac: AudioSpecificConfig % x gives a sample rate of %d Hz", asc, rate)
	}
	return &aacDecoder{h: h, rate: int(rate), ch: int(ch)}, nil
}

// decode turns one access unit into stereo frames. The frames are FAAD2's
// own output buffer when the stream is stereo (no copy), or d's scratch
// buffer: either way they are valid until the next decode. A frame FAAD2
// reports as broken yields an error and no samples; the decoder stays
// usable for the next one.
func (d *aacDecoder) decode(frame []byte) ([][2]float32, error) {
	if len(frame) == 0 {
		return nil, nil
	}
	if d.cap < len(frame) {
		if d.buf != nil {
			C.free(d.buf)
		}
		d.cap = len(frame) * 2
		d.buf = C.malloc(C.size_t(d.cap))
	}
	C.memcpy(d.buf, unsafe.Pointer(&frame[0]), C.size_t(len(frame)))
	var info C.NeAACDecFrameInfo
	out := C.NeAACDecDecode(d.h, &info, (*C.uchar)(d.buf), C.ulong(len(frame)))
	if info.error != 0 {
		return nil, fmt.Errorf("aac: %s", C.GoString(C.NeAACDecGetErrorMessage(info.error)))
	}
	if out == nil || info.samples == 0 || info.channels == 0 {
		return nil, nil
	}
	if sr := int(info.samplerate); sr > 0 {
		d.rate = sr
	}
	ch := int(info.channels)
	n := int(info.samples) / ch
	if ch == 2 {
		return unsafe.Slice((*[2]float32)(out), n), nil
	}
	// Mono is doubled; of more channels (FAAD2 down-mixes 5.1 itself)
	// the first two are kept.
	s := unsafe.Slice((*float32)(out), n*ch)
	if cap(d.out) < n {
		d.out = make([][2]float32, n)
	}
	f := d.out[:n]
	for i := range f {
		l := s[i*ch]
		r := l
		if ch > 1 {
			r = s[i*ch+1]
		}
		f[i] = [2]float32{l, r}
	}
	return f, nil
}

func (d *aacDecoder) close() {
	if d.h != nil {
		C.NeAACDecClose(d.h)
		d.h = nil
	}
	if d.buf != nil {
		C.free(d.buf)
		d.buf = nil
	}
}
