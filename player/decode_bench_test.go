//go:build cgo || !linux

package player

import (
	"bytes"
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
	"time"

	fakemedia "github.com/cirrus-tui/cirrus/api/fake/media"
	"github.com/cirrus-tui/cirrus/assets"
	"github.com/cirrus-tui/cirrus/player/aac"
)

// drain reads q the way the engine does, until the producer ends, and
// returns the frames read.
func drain(q *pcmQueue) int64 {
	buf := make([][2]float32, readChunk)
	var n int64
	for {
		k, ok := q.read(buf)
		n += int64(k)
		if !ok {
			return n
		}
	}
}

// BenchmarkDecodeHLSAAC decodes the fixture's fMP4 AAC segments (24 s)
// through the aligner and the queue, as a track does, unpaced; x-realtime
// is how many times faster than real time that runs on one core.
func BenchmarkDecodeHLSAAC(b *testing.B) {
	dir := filepath.Join(fixtures(b), "aac")
	ib, err := os.ReadFile(filepath.Join(dir, "init.mp4"))
	if err != nil {
		b.Fatal(err)
	}
	in, err := parseInit(ib)
	if err != nil {
		b.Fatal(err)
	}
	segs, _ := filepath.Glob(filepath.Join(dir, "seg*.m4s"))
	var data [][]byte
	for _, s := range segs {
		d, err := os.ReadFile(s)
		if err != nil {
			b.Fatal(err)
		}
		data = append(data, d)
	}
	ctx := context.Background()
	var frames int64
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		dec, err := newAACDecoder(in.asc)
		if err != nil {
			b.Fatal(err)
		}
		q := newPCMQueue(int(pcmAhead.Seconds() * 48000))
		al := &aligner{q: q}
		al.setRate(dec.rate)
		go func() {
			defer q.finish(nil)
			for _, d := range data {
				samples, err := fragmentSamples(d, in)
				if err != nil {
					panic(err)
				}
				for _, s := range samples {
					f, err := safeAAC(dec, s.data)
					if err != nil {
						continue
					}
					if err := al.push(ctx, f, 0); err != nil {
						return
					}
				}
			}
		}()
		frames += drain(q)
		dec.close()
	}
	reportRealtime(b, frames, 44100)
}

// BenchmarkDecoderAlone decodes the demo catalogue's 160 kbit/s AAC
// pieces (the ADTS files in assets/audio, split into access units before
// the timer starts) with player/aac and nothing else: no container, queue,
// stereo conversion or output. It is the floor under cirrus's AAC
// decoding; scripts/bench-player's "decoder alone" row runs it against
// FAAD2 (BenchmarkFAAD2Alone, -tags faad) and ffmpeg decoding the same
// files.
func BenchmarkDecoderAlone(b *testing.B) {
	units := adtsUnits(b)
	cfg := aac.Config{ObjectType: 2, SampleRate: 44100, Channels: 2} // what the pieces are
	buf := make([]float32, 0, 2048)
	var frames int64
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		dec, err := aac.NewDecoder(cfg)
		if err != nil {
			b.Fatal(err)
		}
		for _, u := range units {
			buf, err = dec.Decode(u, buf)
			if err != nil {
				b.Fatal(err)
			}
			frames += int64(len(buf) / 2)
		}
	}
	if frames == 0 {
		b.Fatal("no audio decoded")
	}
	reportRealtime(b, frames, 44100)
}

// adtsUnits returns the access units of every *.aac160.aac piece in
// assets/audio, in name order, split as the fake CDN splits them.
func adtsUnits(tb testing.TB) [][]byte {
	fsys := assets.Audio()
	names, err := fs.Glob(fsys, "*.aac160.aac")
	if err != nil || len(names) == 0 {
		tb.Fatalf("no AAC pieces in assets/audio (%v)", err)
	}
	var units [][]byte
	for _, n := range names {
		data, err := fs.ReadFile(fsys, n)
		if err != nil {
			tb.Fatal(err)
		}
		u, err := fakemedia.SplitADTS(data)
		if err != nil {
			tb.Fatalf("%s: %v", n, err)
		}
		units = append(units, u...)
	}
	return units
}

// BenchmarkDecodeMP3 decodes the fixture's progressive MP3 (24 s) through
// the aligner and the queue, unpaced.
func BenchmarkDecodeMP3(b *testing.B) {
	data, err := os.ReadFile(filepath.Join(fixtures(b), "full.mp3"))
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	var frames int64
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		q := newPCMQueue(int(pcmAhead.Seconds() * 48000))
		al := &aligner{q: q}
		go func() {
			q.finish(decodeMP3Stream(ctx, bytes.NewReader(data), al, 0, func(error) {}, nil))
		}()
		frames += drain(q)
	}
	reportRealtime(b, frames, 44100)
}

func reportRealtime(b *testing.B, frames int64, rate int) {
	if el := b.Elapsed(); el > 0 {
		audio := time.Duration(frames) * time.Second / time.Duration(rate)
		b.ReportMetric(audio.Seconds()/el.Seconds(), "x-realtime")
	}
}

// TestAACDecoderAllocs: the player's wrapper (stereo frames out) allocates
// nothing per frame either.
func TestAACDecoderAllocs(t *testing.T) {
	units := adtsUnits(t)[:200]
	d, err := newAACDecoder([]byte{0x12, 0x10})
	if err != nil {
		t.Fatal(err)
	}
	i := 0
	allocs := testing.AllocsPerRun(len(units)-1, func() {
		f, err := d.decode(units[i])
		if err != nil || len(f) != 1024 {
			t.Fatalf("frame %d: %d frames, %v", i, len(f), err)
		}
		i++
	})
	if allocs != 0 {
		t.Errorf("%v allocations per frame, want 0", allocs)
	}
}
