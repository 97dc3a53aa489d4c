package player

import (
	"errors"
	"fmt"
	"io"
	"os"
	"sync"
	"syscall"
	"time"

	"github.com/ebitengine/oto/v3"
)

// output is where the engine's samples go: the sound device or a file.
type output interface {
	// start begins pulling from r.
	start(r io.Reader) error
	// pause stops the device (no CPU while paused); resume restarts it.
	pause()
	resume()
	// flush drops audio buffered after the engine (after a seek).
	flush()
	// buffered is how many frames sit after the engine, not yet heard.
	buffered() int
	// err reports a device failure after start.
	err() error
	close() error
}

// oto allows one context per process; every Player shares it.
var (
	otoMu    sync.Mutex
	otoCtx   *oto.Context
	otoErr   error
	otoRate  int
	otoInUse bool
)

// deviceHint tells the user what to install when ALSA finds no device.
const deviceHint = "ALSA could not open a sound device. Install and start a sound server with its ALSA plugin " +
	"(Debian/Ubuntu: apt install pipewire-alsa, or pulseaudio and libasound2-plugins), or check `aplay -L`"

// readyTimeout bounds how long opening the device may take before cirrus
// gives up instead of hanging.
var readyTimeout = 5 * time.Second

func openOto(rate int) (*oto.Context, error) {
	otoMu.Lock()
	defer otoMu.Unlock()
	if otoCtx != nil || otoErr != nil {
		if otoErr == nil && otoRate != rate {
			return nil, fmt.Errorf("open audio device: already open at %d Hz, not %d", otoRate, rate)
		}
		return otoCtx, otoErr
	}
	quietALSA()
	// ALSA's plugins load other libraries (JACK, PulseAudio) that print to
	// stderr themselves while oto tries devices; keep that off the terminal.
	os.Setenv("JACK_NO_START_SERVER", "1")
	restore := silenceStderr()
	defer restore()
	c, ready, err := oto.NewContext(&oto.NewContextOptions{SampleRate: rate, ChannelCount: 2, Format: oto.FormatFloat32LE, BufferSize: deviceBuffer})
	if err != nil {
		otoErr = fmt.Errorf("%w: %s (%v)", ErrNoDevice, deviceHint, err)
		return nil, otoErr
	}
	select {
	case <-ready:
	case <-time.After(readyTimeout):
		otoErr = fmt.Errorf("%w: %s (timed out after %v)", ErrNoDevice, deviceHint, readyTimeout)
		return nil, otoErr
	}
	if err := c.Err(); err != nil {
		otoErr = fmt.Errorf("%w: %s (%v)", ErrNoDevice, deviceHint, err)
		return nil, otoErr
	}
	// oto starts writing silence at once; stay quiet until something plays.
	if err := c.Suspend(); err != nil {
		otoErr = fmt.Errorf("%w: %s (%v)", ErrNoDevice, deviceHint, err)
		return nil, otoErr
	}
	otoCtx, otoRate = c, rate
	return c, nil
}

// otoOutput plays through oto (ALSA).
type otoOutput struct {
	ctx       *oto.Context
	p         *oto.Player
	bufBytes  int
	devFrames int // frames ALSA holds once it runs (its buffer)

	mu      sync.Mutex
	running bool // the device is resumed
	want    bool // the player wants sound (resume called, not pause)
}

func newOtoOutput(rate int, buffer time.Duration) (*otoOutput, error) {
	c, err := openOto(rate)
	if err != nil {
		return nil, err
	}
	otoMu.Lock()
	defer otoMu.Unlock()
	if otoInUse {
		return nil, errors.New("open audio device: another Player already uses it; close it first")
	}
	otoInUse = true
	b := int(buffer.Seconds()*float64(rate)) * 8
	return &otoOutput{ctx: c, bufBytes: max(b, 1024*8), devFrames: int(deviceBuffer.Seconds() * float64(rate))}, nil
}

// apply makes the device state match want. o.mu held.
func (o *otoOutput) apply() {
	on := o.want
	switch {
	case on && !o.running:
		o.ctx.Resume()
		o.running = true
	case !on && o.running:
		o.ctx.Suspend()
		o.running = false
	}
}

func (o *otoOutput) start(r io.Reader) error {
	o.p = o.ctx.NewPlayer(r)
	o.p.SetBufferSize(o.bufBytes)
	return nil
}

func (o *otoOutput) pause() {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.want = false
	o.apply()
}

func (o *otoOutput) resume() {
	o.mu.Lock()
	defer o.mu.Unlock()
	if !o.p.IsPlaying() {
		o.p.Play()
		// oto fills the player's buffer before mixing it; a device resumed
		// earlier plays silence first, which is latency.
		for i := 0; i < 100 && o.p.BufferedSize() < o.bufBytes; i++ {
			time.Sleep(time.Millisecond)
		}
	}
	o.want = true
	o.apply()
}

func (o *otoOutput) flush() {
	o.mu.Lock()
	defer o.mu.Unlock()
	playing := o.p.IsPlaying()
	//lint:ignore SA1019 Reset is the only call that drops oto's buffer for a plain io.Reader source (Seek needs an io.Seeker)
	o.p.Reset()
	if playing {
		o.p.Play()
	}
}

// buffered counts oto's buffer and, as an estimate, ALSA's: what the engine
// delivered but the listener has not heard yet.
func (o *otoOutput) buffered() int { return o.p.BufferedSize()/8 + o.devFrames }

func (o *otoOutput) err() error {
	if err := o.ctx.Err(); err != nil {
		return fmt.Errorf("audio device: %w", err)
	}
	if err := o.p.Err(); err != nil {
		return fmt.Errorf("audio output: %w", err)
	}
	return nil
}

func (o *otoOutput) close() error {
	o.pause() // oto v3.4 players need no Close
	otoMu.Lock()
	otoInUse = false
	otoMu.Unlock()
	return nil
}

// deviceBuffer is ALSA's own buffer. Sound servers behind ALSA's plugins
// underrun with oto's default (2 periods of 1024 frames).
var deviceBuffer = 200 * time.Millisecond

// silenceStderr points file descriptor 2 at /dev/null until restore is
// called. Only the device opening runs this way, briefly.
func silenceStderr() (restore func()) {
	null, err := os.OpenFile(os.DevNull, os.O_WRONLY, 0)
	if err != nil {
		return func() {}
	}
	saved, err := syscall.Dup(2)
	if err != nil {
		null.Close()
		return func() {}
	}
	if err := syscall.Dup3(int(null.Fd()), 2, 0); err != nil {
		syscall.Close(saved)
		null.Close()
		return func() {}
	}
	return func() {
		syscall.Dup3(saved, 2, 0)
		syscall.Close(saved)
		null.Close()
	}
}
