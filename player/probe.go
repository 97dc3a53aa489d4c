package player

import (
	"context"
	"errors"
	"fmt"
	"io"
	"sync"
	"time"
)

// ProbeReport is what ProbeOutput found.
type ProbeReport struct {
	Output string        // the output opened: "alsa", "pulse", "null" or a .wav path
	Took   time.Duration // silence the output took from cirrus
}

// ProbeOutput opens the output o names (Output and Device; "auto" as
// ChooseOutput resolves it), plays d of silence through it and closes it:
// `cirrus doctor`'s inaudible test that the sound device opens and takes
// audio. Nothing is heard; no track is fetched.
func ProbeOutput(ctx context.Context, o Options, d time.Duration) (ProbeReport, error) {
	if o.SampleRate <= 0 {
		o.SampleRate = defaultRate
	}
	if o.Buffer <= 0 {
		o.Buffer = defaultBuffer
	}
	if o.Volume <= 0 || o.Volume > 1 {
		o.Volume = 1
	}
	o.Output, _ = ChooseOutput(o.Output)
	rep := ProbeReport{Output: o.Output}
	out, err := openOutput(o)
	if err != nil {
		return rep, err
	}
	want := int64(d.Seconds() * float64(o.SampleRate))
	src := &probeSilence{enough: make(chan struct{}), want: want}
	if err := out.start(src); err != nil {
		src.end()
		_ = out.close()
		return rep, err
	}
	out.resume()
	// a device takes its buffer at once, then plays in real time
	limit := time.NewTimer(d + 5*time.Second)
	defer limit.Stop()
	tick := time.NewTicker(20 * time.Millisecond)
	defer tick.Stop()
	var perr error
wait:
	for {
		select {
		case <-src.enough:
			break wait
		case <-ctx.Done():
			perr = ctx.Err()
			break wait
		case <-limit.C:
			perr = fmt.Errorf("the output took %v of %v of silence in %v", src.took(o.SampleRate), d, d+5*time.Second)
			break wait
		case <-tick.C:
			if err := out.err(); err != nil {
				perr = err
				break wait
			}
		}
	}
	rep.Took = src.took(o.SampleRate)
	src.end()
	out.pause()
	out.flush()
	if err := out.close(); err != nil && perr == nil && !errors.Is(err, io.EOF) {
		perr = err
	}
	return rep, perr
}

// probeSilence is a source of float32 stereo zeros (the engine's format) that
// counts what was read and ends when told.
type probeSilence struct {
	mu     sync.Mutex
	frames int64
	want   int64
	ended  bool
	enough chan struct{}
	once   sync.Once
}

func (s *probeSilence) Read(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.ended {
		return 0, io.EOF
	}
	n := len(p) / 8 * 8
	clear(p[:n])
	s.frames += int64(n / 8)
	if s.frames >= s.want {
		s.once.Do(func() { close(s.enough) })
	}
	return n, nil
}

func (s *probeSilence) end() {
	s.mu.Lock()
	s.ended = true
	s.mu.Unlock()
}

func (s *probeSilence) took(rate int) time.Duration {
	s.mu.Lock()
	defer s.mu.Unlock()
	return time.Duration(s.frames) * time.Second / time.Duration(rate)
}
