//go:build faad && cgo

// Package faad wraps FAAD2 (libfaad, GPL-2.0-or-later) as a test oracle for
// player/aac: its output is printed beside cirrus's own decoder in the
// comparison suite and its speed beside cirrus's in the decoder benchmark.
// It is built only with -tags faad (and libfaad-dev installed); nothing
// cirrus ships links it.
package faad

// #cgo LDFLAGS: -lfaad
// #include <stdlib.h>
// #include <string.h>
// #include <neaacdec.h>
//
// // cirrus_faad_open opens a decoder for raw AAC frames described by an
// // AudioSpecificConfig, with float output down-mixed to stereo; unless up,
// // a low-rate stream is not doubled in rate for an SBR layer it may hide.
// static NeAACDecHandle cirrus_faad_open(unsigned char *asc, unsigned long n, int up,
//                                        unsigned long *rate, unsigned char *ch) {
//     NeAACDecHandle h = NeAACDecOpen();
//     if (!h) return NULL;
//     NeAACDecConfigurationPtr c = NeAACDecGetCurrentConfiguration(h);
//     c->outputFormat = FAAD_FMT_FLOAT;
//     c->downMatrix = 1;
//     c->defObjectType = LC;
//     c->dontUpSampleImplicitSBR = up ? 0 : 1;
//     NeAACDecSetConfiguration(h, c);
//     if (NeAACDecInit2(h, asc, n, rate, ch) < 0) {
//         NeAACDecClose(h);
//         return NULL;
//     }
//     return h;
// }
import "C"

import (
	"errors"
	"fmt"
	"unsafe"
)

// Decoder decodes raw AAC access units with FAAD2.
type Decoder struct {
	h    C.NeAACDecHandle
	rate int
	ch   int
	buf  unsafe.Pointer // C copy of the input frame
	cap  int
}

// Open opens FAAD2 with an AudioSpecificConfig. The caller vouches for asc:
// FAAD2 is C, and this package is for tests only. With upsample, FAAD2
// doubles the rate of a stream of 24 kHz or less (implicit SBR), as the
// player had it; without, it decodes the core at its own rate.
// FAAD2 outputs mono as two equal channels (a parametric-stereo upmix).
func Open(asc []byte, upsample bool) (*Decoder, error) {
	if len(asc) < 2 || len(asc) > 64 {
		return nil, fmt.Errorf("faad: AudioSpecificConfig of %d bytes", len(asc))
	}
	casc := C.CBytes(asc)
	defer C.free(casc)
	var rate C.ulong
	var ch C.uchar
	up := C.int(0)
	if upsample {
		up = 1
	}
	h := C.cirrus_faad_open((*C.uchar)(casc), C.ulong(len(asc)), up, &rate, &ch)
	if h == nil {
		return nil, fmt.Errorf("faad: FAAD2 rejected AudioSpecificConfig % x", asc)
	}
	return &Decoder{h: h, rate: int(rate), ch: int(ch)}, nil
}

// Rate is the output sample rate FAAD2 reported last.
func (d *Decoder) Rate() int { return d.rate }

// Channels is the channel count FAAD2 reported last.
func (d *Decoder) Channels() int { return d.ch }

// Decode decodes one access unit and returns FAAD2's interleaved output
// (Channels() per frame) in its own buffer, valid until the next call.
// FAAD2 returns no samples for the first frame it decodes.
func (d *Decoder) Decode(frame []byte) ([]float32, error) {
	if d.h == nil {
		return nil, errors.New("faad: decoder closed")
	}
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
		return nil, fmt.Errorf("faad: %s", C.GoString(C.NeAACDecGetErrorMessage(info.error)))
	}
	if out == nil || info.samples == 0 || info.channels == 0 {
		return nil, nil
	}
	if sr := int(info.samplerate); sr > 0 {
		d.rate = sr
	}
	d.ch = int(info.channels)
	return unsafe.Slice((*float32)(out), int(info.samples)), nil
}

// Close frees FAAD2's decoder.
func (d *Decoder) Close() {
	if d.h != nil {
		C.NeAACDecClose(d.h)
		d.h = nil
	}
	if d.buf != nil {
		C.free(d.buf)
		d.buf = nil
	}
}
