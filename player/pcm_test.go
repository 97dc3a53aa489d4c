package player

import (
	"context"
	"math"
	"testing"
	"time"
)

// ramp returns n frames whose left sample counts from start and whose
// right sample is its negative.
func ramp(start, n int) [][2]float32 {
	f := make([][2]float32, n)
	for i := range f {
		v := float32(start + i)
		f[i] = [2]float32{v, -v}
	}
	return f
}

// The queue hands over every frame in order, across the ring's wrap, with
// pushes and reads of sizes that do not line up, and does not keep the
// pushed slice.
func TestPCMQueueOrderAcrossWrap(t *testing.T) {
	q := newPCMQueue(1000)
	q.setRate(44100)
	const total = 10_000
	go func() {
		ctx := context.Background()
		for at := 0; at < total; {
			n := min(1+at%377, total-at)
			f := ramp(at, n)
			if err := q.push(ctx, f); err != nil {
				q.finish(err)
				return
			}
			clear(f) // the queue must have copied it
			at += n
		}
		q.finish(nil)
	}()
	got := 0
	buf := make([][2]float32, 613)
	for {
		n, ok := q.read(buf[:1+got%613])
		for i, f := range buf[:n] {
			if want := float32(got + i); f != [2]float32{want, -want} {
				t.Fatalf("frame %d = %v, want %v", got+i, f, [2]float32{want, -want})
			}
		}
		got += n
		if !ok {
			break
		}
	}
	if got != total {
		t.Fatalf("read %d frames, want %d", got, total)
	}
	if err := q.Err(); err != nil {
		t.Fatal(err)
	}
}

// A read larger than what a full queue drains to before its producer goes
// on still completes (the reader wakes the producer and waits for no more
// than it will give).
func TestPCMQueueReadLargerThanLowMark(t *testing.T) {
	q := newPCMQueue(300) // low mark 200
	q.setRate(44100)
	const total = 3000
	go func() {
		for at := 0; at < total; at += 100 {
			if err := q.push(context.Background(), ramp(at, 100)); err != nil {
				return
			}
		}
		q.finish(nil)
	}()
	done := make(chan int)
	go func() {
		got := 0
		buf := make([][2]float32, 280)
		for {
			n, ok := q.read(buf)
			for i, f := range buf[:n] {
				if f[0] != float32(got+i) {
					q.close()
					done <- -1
					return
				}
			}
			got += n
			if !ok {
				done <- got
				return
			}
		}
	}()
	select {
	case got := <-done:
		if got != total {
			t.Fatalf("read %d frames, want %d in order", got, total)
		}
	case <-time.After(time.Minute):
		t.Fatal("reader and producer are stuck")
	}
}

// Stream (beep's side, in front of the resampler) gives the same frames
// as float64.
func TestPCMQueueStream(t *testing.T) {
	q := newPCMQueue(1000)
	q.setRate(44100)
	if err := q.push(context.Background(), ramp(0, 10)); err != nil {
		t.Fatal(err)
	}
	q.finish(nil)
	buf := make([][2]float64, 16)
	n, ok := q.Stream(buf)
	if n != 10 || !ok {
		t.Fatalf("Stream = %d, %v; want 10, true", n, ok)
	}
	for i, f := range buf[:n] {
		if f != [2]float64{float64(i), -float64(i)} {
			t.Fatalf("frame %d = %v", i, f)
		}
	}
}

// toS16 rounds like math.Round (half away from zero) over the whole range,
// the halfway points included.
func TestToS16RoundsLikeMathRound(t *testing.T) {
	check := func(v float32) {
		if got, want := toS16(v), int16(math.Round(float64(v)*32767)); got != want {
			t.Fatalf("toS16(%v) = %d, want %d", v, got, want)
		}
	}
	for k := -32767; k <= 32767; k++ {
		for _, d := range []float64{-0.5, -0.25, 0, 0.25, 0.5} {
			v := float32((float64(k) + d) / 32767)
			if v >= -1 && v <= 1 {
				check(v)
				check(math.Nextafter32(v, 2))
				check(math.Nextafter32(v, -2))
			}
		}
	}
	check(1)
	check(-1)
	check(0)
	check(float32(math.Copysign(0, -1)))
}
