package aac

import (
	"errors"
	"fmt"
)

// Audio object types this package meets (ISO/IEC 14496-3 table 1.17).
const (
	aotLC  = 2
	aotSBR = 5
	aotPS  = 29
)

// Config describes an AAC stream as its AudioSpecificConfig or ADTS
// header signals it; it is what NewDecoder needs.
type Config struct {
	// ObjectType is the object type as signalled: 2 (AAC-LC), 5 (SBR,
	// HE-AAC) or 29 (PS, HE-AAC v2). The decoder always decodes the
	// AAC-LC core.
	ObjectType int
	// SampleRate is the rate of the AAC-LC core, in Hz.
	SampleRate int
	// Channels is 1 or 2.
	Channels int
	// SBR and PS say that HE-AAC was signalled explicitly; the core then
	// plays at half the stream's bandwidth.
	SBR bool
	PS  bool
}

var errFrameLen960 = errors.New("aac: 960-sample frames (frameLengthFlag) are not supported")

// objectTypeName names object types for error messages.
func objectTypeName(aot int) string {
	switch aot {
	case 1:
		return "AAC Main"
	case 3:
		return "AAC SSR"
	case 4:
		return "AAC LTP"
	case 6:
		return "AAC Scalable"
	case 17, 19, 20, 21, 22, 23:
		return "error-resilient AAC"
	case 39:
		return "AAC-ELD"
	case 42:
		return "USAC (xHE-AAC)"
	}
	return "unknown"
}

// ParseAudioSpecificConfig reads an AudioSpecificConfig (ISO/IEC 14496-3
// 1.6.2.1), as an MP4 esds box or an HLS/DASH codec private field carries
// it. Only an AAC-LC core, possibly with explicit SBR/PS signalling
// (hierarchical, object type 5 or 29, or backward-compatible, sync word
// 0x2b7), mono or stereo, with 1024-sample frames is accepted; anything
// else is a clear error.
func ParseAudioSpecificConfig(b []byte) (Config, error) {
	var r bitReader
	r.reset(b)
	var cfg Config
	aot := readObjectType(&r)
	rate, err := readSampleRate(&r)
	if err != nil {
		return Config{}, err
	}
	chanCfg := r.readInt(4)
	cfg.ObjectType = aot
	if aot == aotSBR || aot == aotPS {
		cfg.SBR = true
		cfg.PS = aot == aotPS
		// The extension sampling rate is the SBR output rate; the core
		// runs at rate.
		if _, err := readSampleRate(&r); err != nil {
			return Config{}, err
		}
		aot = readObjectType(&r)
	}
	if r.over {
		return Config{}, errors.New("aac: AudioSpecificConfig is truncated")
	}
	if aot != aotLC {
		return Config{}, fmt.Errorf("aac: audio object type %d (%s) is not supported, only AAC-LC", aot, objectTypeName(aot))
	}
	if chanCfg != 1 && chanCfg != 2 {
		return Config{}, channelConfigError(chanCfg)
	}
	// GASpecificConfig.
	if r.bit() {
		return Config{}, errFrameLen960
	}
	if r.bit() { // dependsOnCoreCoder
		r.skip(14) // coreCoderDelay
	}
	if r.bit() { // extensionFlag
		r.skip(1) // extensionFlag3 (object type 2 has no other fields)
	}
	if r.over {
		return Config{}, errors.New("aac: AudioSpecificConfig is truncated")
	}
	// Backward-compatible SBR/PS signalling after the core config.
	if !cfg.SBR && r.left() >= 16 && r.peek(11) == 0x2b7 {
		r.skip(11)
		if readObjectType(&r) == aotSBR && r.bit() {
			cfg.SBR, cfg.ObjectType = true, aotSBR
			if _, err := readSampleRate(&r); err != nil {
				return Config{}, err
			}
			if r.left() >= 12 && r.read(11) == 0x548 && r.bit() {
				cfg.PS, cfg.ObjectType = true, aotPS
			}
		}
	}
	cfg.SampleRate = rate
	cfg.Channels = chanCfg
	return cfg, nil
}

func channelConfigError(c int) error {
	if c == 0 {
		return errors.New("aac: channel configuration 0 (layout in a program config element) is not supported, only mono and stereo")
	}
	return fmt.Errorf("aac: channel configuration %d is not supported, only mono (1) and stereo (2)", c)
}

// readObjectType reads GetAudioObjectType(): 5 bits, 31 escaping to
// 32 + 6 bits.
func readObjectType(r *bitReader) int {
	t := r.readInt(5)
	if t == 31 {
		t = 32 + r.readInt(6)
	}
	return t
}

// Rates accepted when sent explicitly (index 15): those the standard's
// band tables are meant for.
const minRate, maxRate = 7350, 96000

// readSampleRate reads samplingFrequencyIndex, with index 15 escaping to
// a 24-bit rate.
func readSampleRate(r *bitReader) (int, error) {
	i := r.readInt(4)
	if i == 15 {
		f := r.readInt(24)
		if f < minRate || f > maxRate {
			return 0, fmt.Errorf("aac: sampling rate %d Hz is outside %d..%d Hz", f, minRate, maxRate)
		}
		return f, nil
	}
	if i >= numSRIndex {
		return 0, fmt.Errorf("aac: reserved sampling frequency index %d", i)
	}
	return sampleRates[i], nil
}
