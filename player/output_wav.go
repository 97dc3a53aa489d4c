package player

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"sync"
	"time"
)

// wavOutput writes what would be heard into a 16-bit stereo WAV file, for
// headless runs and tests. With speed 0 it writes as fast as the decoder
// goes; speed 1 paces it to real time.
type wavOutput struct {
	path  string
	rate  int
	speed float64

	f      *os.File
	w      *bufio.Writer
	frames int64
	done   chan struct{}
	mu     sync.Mutex
	werr   error
}

// freeSpace is diskFree; tests replace it.
var freeSpace = diskFree

const (
	// wavMinFree is the free space the WAV writer leaves on the target
	// filesystem: it stops with an error before there is less, so a
	// runaway stream cannot fill the disk (the per-track bound, overrun,
	// stops a single stream sooner).
	wavMinFree = 64 << 20
	// wavCheckEvery is how many bytes are written between two looks at
	// the free space (a statfs each: cheap).
	wavCheckEvery = 4 << 20
)

// checkFree fails when less than wavMinFree is left in dir; where the
// free space cannot be told, it lets the write errors speak.
func checkFree(dir string) error {
	free, err := freeSpace(dir)
	if err != nil {
		return nil
	}
	if free < wavMinFree {
		return fmt.Errorf("only %d MB free on %s: the WAV file is not written further, to keep %d MB free", free>>20, dir, wavMinFree>>20)
	}
	return nil
}

func newWAVOutput(path string, rate int, speed float64) (*wavOutput, error) {
	if err := checkFree(filepath.Dir(path)); err != nil {
		return nil, fmt.Errorf("open wav output: %w", err)
	}
	f, err := os.Create(path)
	if err != nil {
		return nil, fmt.Errorf("open wav output: %w", err)
	}
	o := &wavOutput{path: path, rate: rate, speed: speed, f: f, w: bufio.NewWriterSize(f, 64<<10), done: make(chan struct{})}
	if err := o.header(0); err != nil {
		f.Close()
		return nil, err
	}
	return o, nil
}

func (o *wavOutput) header(frames int64) error {
	data := uint32(min(frames*4, math.MaxUint32-36))
	var h [44]byte
	copy(h[0:], "RIFF")
	binary.LittleEndian.PutUint32(h[4:], 36+data)
	copy(h[8:], "WAVEfmt ")
	binary.LittleEndian.PutUint32(h[16:], 16)
	binary.LittleEndian.PutUint16(h[20:], 1) // PCM
	binary.LittleEndian.PutUint16(h[22:], 2)
	binary.LittleEndian.PutUint32(h[24:], uint32(o.rate))
	binary.LittleEndian.PutUint32(h[28:], uint32(o.rate*4))
	binary.LittleEndian.PutUint16(h[32:], 4)
	binary.LittleEndian.PutUint16(h[34:], 16)
	copy(h[36:], "data")
	binary.LittleEndian.PutUint32(h[40:], data)
	if _, err := o.f.WriteAt(h[:], 0); err != nil {
		return fmt.Errorf("write wav header: %w", err)
	}
	return nil
}

func (o *wavOutput) start(r io.Reader) error {
	if _, err := o.f.Seek(44, io.SeekStart); err != nil {
		return fmt.Errorf("wav output: %w", err)
	}
	go func() {
		defer close(o.done)
		err := o.pump(r)
		if err != nil {
			o.setErr(err)
		}
	}()
	return nil
}

// s16Reader gives 16-bit stereo frames (4 bytes each) directly: the engine
// does, so its float32 frames are converted once.
type s16Reader interface {
	ReadS16(p []byte) (int, error)
}

func (o *wavOutput) pump(r io.Reader) error {
	var sinceCheck int
	count := func(frames int) error {
		o.mu.Lock()
		o.frames += int64(frames)
		o.mu.Unlock()
		if sinceCheck += frames * 4; sinceCheck >= wavCheckEvery {
			sinceCheck = 0
			return checkFree(filepath.Dir(o.path))
		}
		return nil
	}
	if s, ok := r.(s16Reader); ok {
		return pumpFrom(s.ReadS16, 4, o.rate, o.speed, func(b []byte) error {
			if _, err := o.w.Write(b); err != nil {
				return err
			}
			return count(len(b) / 4)
		})
	}
	var out []byte
	return pump(r, o.rate, o.speed, func(b []byte) error {
		if len(out) < len(b)/2 {
			// unpaced blocks are 16 times pumpFrames
			out = make([]byte, len(b)/2)
		}
		for i := 0; i < len(b)/4; i++ {
			v := math.Float32frombits(binary.LittleEndian.Uint32(b[i*4:]))
			binary.LittleEndian.PutUint16(out[i*2:], uint16(toS16(v)))
		}
		if _, err := o.w.Write(out[:len(b)/2]); err != nil {
			return err
		}
		return count(len(b) / 8)
	})
}

// pumpFrames is how many frames a pump reads at a time.
const pumpFrames = 2048

// pump reads float32 stereo frames from r until it ends and hands each
// block to sink. With speed > 0 it paces the blocks to speed × real time.
func pump(r io.Reader, rate int, speed float64, sink func([]byte) error) error {
	return pumpFrom(r.Read, 8, rate, speed, sink)
}

// pumpFrom is pump over a read function giving frames of size bytes.
func pumpFrom(read func([]byte) (int, error), size, rate int, speed float64, sink func([]byte) error) error {
	return pumpBlocks(read, size, pumpFrames, rate, speed, sink)
}

// pumpBlocks is pumpFrom reading up to frames frames at a time.
func pumpBlocks(read func([]byte) (int, error), size, frames, rate int, speed float64, sink func([]byte) error) error {
	if speed <= 0 {
		// Unpaced, bigger blocks wake the writer less often.
		frames *= 16
	}
	buf := make([]byte, frames*size)
	t0 := time.Now()
	var written int64
	for {
		n, err := read(buf)
		n -= n % size
		if n > 0 {
			if serr := sink(buf[:n]); serr != nil {
				return serr
			}
			written += int64(n / size)
			if speed > 0 {
				due := t0.Add(time.Duration(float64(written) / float64(rate) / speed * float64(time.Second)))
				if d := time.Until(due); d > 0 {
					time.Sleep(d)
				} else if d < -maxWAVLag {
					// The reader was idle (nothing loaded, paused): pace
					// from now on rather than race to catch up, or the
					// position would run ahead of the clock.
					t0 = t0.Add(-d)
				}
			}
		}
		if err != nil {
			if errors.Is(err, io.EOF) {
				return nil
			}
			return err
		}
	}
}

// maxWAVLag is how far a real-time sink may fall behind the clock
// before it stops trying to catch up.
const maxWAVLag = 100 * time.Millisecond

func (o *wavOutput) setErr(err error) {
	o.mu.Lock()
	if o.werr == nil {
		o.werr = fmt.Errorf("write wav: %w", err)
	}
	o.mu.Unlock()
}

func (o *wavOutput) pause()        {}
func (o *wavOutput) resume()       {}
func (o *wavOutput) flush()        {}
func (o *wavOutput) buffered() int { return 0 }

func (o *wavOutput) err() error {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.werr
}

// close waits for the writer (the engine must be closed first) and fixes up
// the header sizes.
func (o *wavOutput) close() error {
	<-o.done
	if err := o.w.Flush(); err != nil {
		o.f.Close()
		return fmt.Errorf("flush wav: %w", err)
	}
	o.mu.Lock()
	frames := o.frames
	o.mu.Unlock()
	if err := o.header(frames); err != nil {
		o.f.Close()
		return err
	}
	if err := o.f.Close(); err != nil {
		return fmt.Errorf("close wav: %w", err)
	}
	return o.err()
}
