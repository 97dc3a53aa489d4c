package player

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"
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
					f, err := safeAAC(dec, s)
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
