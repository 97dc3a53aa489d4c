package player

import (
	"fmt"
	"time"

	"github.com/Eyevinn/mp4ff/bits"
	"github.com/Eyevinn/mp4ff/mp4"
)

// decodeMP4 hands b to mp4ff once checkBoxes found every size and count in
// it possible. mp4ff reads from the slice in place (no copies of mdat), and
// a panic inside it is an error.
func decodeMP4(b []byte) (f *mp4.File, err error) {
	if err := checkBoxes(b); err != nil {
		return nil, err
	}
	defer func() {
		if r := recover(); r != nil {
			f, err = nil, fmt.Errorf("mp4 decoder panic: %v", r)
		}
	}()
	return mp4.DecodeFileSR(bits.NewFixedSliceReader(b))
}

// fmp4Init is what the EXT-X-MAP init segment tells the decoder.
type fmp4Init struct {
	asc       []byte // AudioSpecificConfig
	trex      *mp4.TrexBox
	timescale uint32
	// priming is the edit list's media_time, in timescale units: the
	// encoder delay (1024 samples from ffmpeg's AAC encoder, 2112 from
	// Apple's) that comes out of the decoder before the first real sample.
	priming uint32
}

// maxPriming bounds the edit list's skip at the start of a track: an
// encoder delay is a few thousand samples, never seconds.
const maxPriming = time.Second

// parseInit reads the AudioSpecificConfig and track defaults from an init
// segment, and recognises encrypted (enca) tracks.
func parseInit(b []byte) (*fmp4Init, error) {
	f, err := decodeMP4(b)
	if err != nil {
		return nil, fmt.Errorf("parse init segment: %w", err)
	}
	if f.Init == nil || f.Init.Moov == nil || f.Init.Moov.Trak == nil {
		return nil, fmt.Errorf("init segment has no moov/trak")
	}
	trak := f.Init.Moov.Trak
	if trak.Mdia == nil || trak.Mdia.Minf == nil || trak.Mdia.Minf.Stbl == nil || trak.Mdia.Minf.Stbl.Stsd == nil {
		return nil, fmt.Errorf("init segment has no sample description")
	}
	stsd := trak.Mdia.Minf.Stbl.Stsd
	if stsd.Enca != nil {
		return nil, fmt.Errorf("init segment: %w (encrypted audio sample entry)", ErrDRM)
	}
	if stsd.Mp4a == nil || stsd.Mp4a.Esds == nil || stsd.Mp4a.Esds.DecConfigDescriptor == nil ||
		stsd.Mp4a.Esds.DecConfigDescriptor.DecSpecificInfo == nil {
		return nil, fmt.Errorf("init segment: no mp4a/esds AudioSpecificConfig")
	}
	in := &fmp4Init{asc: stsd.Mp4a.Esds.DecConfigDescriptor.DecSpecificInfo.DecConfig}
	if trak.Mdia.Mdhd != nil {
		in.timescale = trak.Mdia.Mdhd.Timescale
	}
	if in.priming, err = editListPriming(trak, in.timescale); err != nil {
		return nil, fmt.Errorf("init segment: %w", err)
	}
	if f.Init.Moov.Mvex != nil {
		in.trex = f.Init.Moov.Mvex.Trex
	}
	return in, nil
}

// editListPriming returns where the edit list starts the presentation in
// the media (ISO/IEC 14496-12 8.6.6): the media_time of its first edit
// that is not empty (an empty edit, media_time -1, delays the start
// instead, which an audio-only track has no use for). No edit list: 0.
func editListPriming(trak *mp4.TrakBox, timescale uint32) (uint32, error) {
	if trak.Edts == nil {
		return 0, nil
	}
	for _, el := range trak.Edts.Elst {
		for _, e := range el.Entries {
			if e.MediaTime < 0 {
				continue
			}
			if timescale == 0 || time.Duration(e.MediaTime)*time.Second/time.Duration(timescale) > maxPriming {
				return 0, fmt.Errorf("edit list starts the track %d units into its media (timescale %d); at most %v accepted", e.MediaTime, timescale, maxPriming)
			}
			return uint32(e.MediaTime), nil
		}
	}
	return 0, nil
}

// fmp4Sample is one access unit and its duration in the track's
// timescale: the last one of a track is shorter than a frame when the
// encoder padded the end.
type fmp4Sample struct {
	data []byte
	dur  uint32
}

// fragmentSamples returns the AAC access units of one media segment in order.
func fragmentSamples(b []byte, in *fmp4Init) (samples []fmp4Sample, err error) {
	defer func() {
		if r := recover(); r != nil {
			samples, err = nil, fmt.Errorf("parse media segment: panic: %v", r)
		}
	}()
	f, err := decodeMP4(b)
	if err != nil {
		return nil, fmt.Errorf("parse media segment: %w", err)
	}
	total := 0
	for _, s := range f.Segments {
		for _, fr := range s.Fragments {
			if fr.Moof == nil || fr.Mdat == nil {
				return nil, fmt.Errorf("parse media segment: fragment without moof/mdat")
			}
			for _, traf := range fr.Moof.Trafs {
				if traf.Senc != nil || traf.Saiz != nil {
					return nil, fmt.Errorf("media segment: %w", ErrDRM)
				}
			}
			fs, err := fr.GetFullSamples(in.trex)
			if err != nil {
				return nil, fmt.Errorf("media segment samples: %w", err)
			}
			for i := range fs {
				// Samples are slices of the mdat; a trun whose data
				// offsets point many samples at the same bytes would make
				// a small segment decode as megabytes of audio.
				total += len(fs[i].Data)
				if total > len(b) {
					return nil, fmt.Errorf("media segment: its samples add up to more than its %d bytes", len(b))
				}
				samples = append(samples, fmp4Sample{data: fs[i].Data, dur: fs[i].Dur})
			}
		}
	}
	if len(samples) == 0 {
		return nil, fmt.Errorf("media segment has no samples")
	}
	return samples, nil
}
