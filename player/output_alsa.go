package player

// #cgo pkg-config: alsa
// #include <alsa/asoundlib.h>
//
// static int cirrus_pcm_open(snd_pcm_t **h, const char *name) {
// 	return snd_pcm_open(h, name, SND_PCM_STREAM_PLAYBACK, SND_PCM_NONBLOCK);
// }
//
// // cirrus_pcm_setup sets float stereo at rate with a buffer of about
// // *buffer frames in periods of about *period frames, and a start
// // threshold of one period. It returns what the device granted.
// static int cirrus_pcm_setup(snd_pcm_t *h, unsigned int *rate, snd_pcm_uframes_t *buffer, snd_pcm_uframes_t *period, int *can_pause) {
// 	snd_pcm_hw_params_t *hw;
// 	snd_pcm_sw_params_t *sw;
// 	int err;
// 	snd_pcm_hw_params_alloca(&hw);
// 	if ((err = snd_pcm_hw_params_any(h, hw)) < 0) return err;
// 	if ((err = snd_pcm_hw_params_set_access(h, hw, SND_PCM_ACCESS_RW_INTERLEAVED)) < 0) return err;
// 	if ((err = snd_pcm_hw_params_set_format(h, hw, SND_PCM_FORMAT_FLOAT_LE)) < 0) return err;
// 	if ((err = snd_pcm_hw_params_set_channels(h, hw, 2)) < 0) return err;
// 	if ((err = snd_pcm_hw_params_set_rate_resample(h, hw, 1)) < 0) return err;
// 	if ((err = snd_pcm_hw_params_set_rate_near(h, hw, rate, NULL)) < 0) return err;
// 	if ((err = snd_pcm_hw_params_set_buffer_size_near(h, hw, buffer)) < 0) return err;
// 	if ((err = snd_pcm_hw_params_set_period_size_near(h, hw, period, NULL)) < 0) return err;
// 	if ((err = snd_pcm_hw_params(h, hw)) < 0) return err;
// 	snd_pcm_hw_params_get_buffer_size(hw, buffer);
// 	snd_pcm_hw_params_get_period_size(hw, period, NULL);
// 	*can_pause = snd_pcm_hw_params_can_pause(hw);
// 	snd_pcm_sw_params_alloca(&sw);
// 	if ((err = snd_pcm_sw_params_current(h, sw)) < 0) return err;
// 	if ((err = snd_pcm_sw_params_set_start_threshold(h, sw, *period)) < 0) return err;
// 	if ((err = snd_pcm_sw_params_set_avail_min(h, sw, *period)) < 0) return err;
// 	return snd_pcm_sw_params(h, sw);
// }
//
// static long cirrus_pcm_write(snd_pcm_t *h, const void *buf, long frames) {
// 	return snd_pcm_writei(h, buf, (snd_pcm_uframes_t)frames);
// }
//
// static long cirrus_pcm_delay(snd_pcm_t *h) {
// 	snd_pcm_sframes_t d = 0;
// 	if (snd_pcm_delay(h, &d) < 0) return 0;
// 	return d;
// }
import "C"

import (
	"fmt"
	"io"
	"os"
	"sync"
	"syscall"
	"time"
	"unsafe"
)

// alsaOutput plays through ALSA's default device (on desktops, the sound
// server's ALSA plugin). It owns the PCM so that a seek, a skip, a stop and
// a pause are heard at once: the audio queued in the device is dropped
// (snd_pcm_drop) or held (snd_pcm_pause) instead of playing out. oto, used
// before, keeps the PCM to itself and cannot drop what ALSA holds, so the
// listener heard a device buffer of old audio after every seek.
//
// One goroutine pulls from the engine and writes; every PCM call happens
// under mu, and the PCM is non-blocking, so pause and flush from the
// player's goroutine never race a write in progress.
type alsaOutput struct {
	h        *C.snd_pcm_t
	rate     int
	buffer   int // frames ALSA holds at most
	period   int // frames per write
	canPause bool

	mu     sync.Mutex
	cond   *sync.Cond
	gen    int  // bumps on every flush: samples read before it are stale
	hold   bool // the player paused: write nothing
	closed bool
	werr   error
	done   chan struct{}
}

// deviceBuffer is ALSA's buffer. It decides how long the device survives a
// busy machine without a dropout; it no longer decides how stale audio is
// after a seek or pause, because those drop or hold it.
var deviceBuffer = 200 * time.Millisecond

// minDeviceBuffer is the least buffer the configuration may ask for.
const minDeviceBuffer = 4 * devicePeriod

// devicePeriod is how much is written at a time, and how often the writer
// wakes while the buffer is full.
const devicePeriod = 25 * time.Millisecond

// deviceHint tells the user what to install when ALSA finds no device.
const deviceHint = "ALSA could not open a sound device. Install and start a sound server with its ALSA plugin " +
	"(Debian/Ubuntu: apt install pipewire-alsa, or pulseaudio and libasound2-plugins), or check `aplay -L`"

// readyTimeout bounds how long opening the device may take before cirrus
// gives up instead of hanging.
var readyTimeout = 5 * time.Second

func newALSAOutput(rate int, buffer time.Duration) (*alsaOutput, error) {
	if buffer <= 0 {
		buffer = deviceBuffer
	}
	buffer = max(buffer, minDeviceBuffer)
	type opened struct {
		o   *alsaOutput
		err error
	}
	ch := make(chan opened, 1)
	go func() {
		o, err := openALSA(rate, buffer)
		ch <- opened{o, err}
	}()
	select {
	case r := <-ch:
		if r.err != nil {
			return nil, fmt.Errorf("%w: %s (%v)", ErrNoDevice, deviceHint, r.err)
		}
		return r.o, nil
	case <-time.After(readyTimeout):
		go func() {
			if r := <-ch; r.o != nil {
				C.snd_pcm_close(r.o.h)
			}
		}()
		return nil, fmt.Errorf("%w: %s (timed out after %v)", ErrNoDevice, deviceHint, readyTimeout)
	}
}

func openALSA(rate int, buffer time.Duration) (*alsaOutput, error) {
	quietALSA()
	// ALSA's plugins load other libraries (JACK, PulseAudio) that print to
	// stderr themselves while a device opens; keep that off the terminal.
	os.Setenv("JACK_NO_START_SERVER", "1")
	restore := silenceStderr()
	defer restore()
	var h *C.snd_pcm_t
	var errs []string
	for _, name := range []string{"default", "plug:default"} {
		cname := C.CString(name)
		rc := C.cirrus_pcm_open(&h, cname)
		C.free(unsafe.Pointer(cname))
		if rc >= 0 {
			break
		}
		h = nil
		errs = append(errs, fmt.Sprintf("%q: %s", name, C.GoString(C.snd_strerror(rc))))
	}
	if h == nil {
		return nil, fmt.Errorf("snd_pcm_open: %v", errs)
	}
	r := C.uint(rate)
	buf := C.snd_pcm_uframes_t(buffer.Seconds() * float64(rate))
	per := C.snd_pcm_uframes_t(devicePeriod.Seconds() * float64(rate))
	var canPause C.int
	if rc := C.cirrus_pcm_setup(h, &r, &buf, &per, &canPause); rc < 0 {
		C.snd_pcm_close(h)
		return nil, fmt.Errorf("set up the device: %s", C.GoString(C.snd_strerror(rc)))
	}
	if int(r) != rate {
		C.snd_pcm_close(h)
		return nil, fmt.Errorf("the device plays at %d Hz, not %d", r, rate)
	}
	o := &alsaOutput{h: h, rate: rate, buffer: int(buf), period: max(int(per), 64), canPause: canPause != 0, done: make(chan struct{})}
	o.cond = sync.NewCond(&o.mu)
	return o, nil
}

func (o *alsaOutput) start(r io.Reader) error {
	go o.run(r)
	return nil
}

// run pulls a period at a time from the engine and writes it, until the
// engine ends or the output is closed.
func (o *alsaOutput) run(r io.Reader) {
	defer close(o.done)
	buf := make([]byte, o.period*8)
	for {
		o.mu.Lock()
		gen, closed := o.gen, o.closed
		o.mu.Unlock()
		if closed {
			return
		}
		n, err := r.Read(buf)
		if n -= n % 8; n > 0 {
			if !o.write(buf[:n], gen) {
				return
			}
		}
		if err != nil {
			return
		}
	}
}

// write writes frames read in generation gen, waiting for room in the
// device. It drops them when a flush came meanwhile. false means stop.
func (o *alsaOutput) write(b []byte, gen int) bool {
	frames := len(b) / 8
	off := 0
	for off < frames {
		o.mu.Lock()
		for o.hold && !o.closed && o.gen == gen {
			o.cond.Wait()
		}
		if o.closed {
			o.mu.Unlock()
			return false
		}
		if o.gen != gen {
			o.mu.Unlock()
			return true // stale: read before a seek or skip
		}
		n := C.cirrus_pcm_write(o.h, unsafe.Pointer(&b[off*8]), C.long(frames-off))
		var wait time.Duration
		switch {
		case n >= 0:
			off += int(n)
			if off < frames {
				wait = time.Duration(frames-off) * time.Second / time.Duration(o.rate)
			}
		case n == -C.EAGAIN:
			wait = time.Duration(frames-off) * time.Second / time.Duration(o.rate)
		default:
			// an underrun (the decoder was late, the machine busy) or a
			// suspend: recover and write again
			if rc := C.snd_pcm_recover(o.h, C.int(n), 1); rc < 0 {
				if o.werr == nil {
					o.werr = fmt.Errorf("audio device: %s", C.GoString(C.snd_strerror(rc)))
				}
				o.mu.Unlock()
				return false
			}
		}
		o.mu.Unlock()
		if wait > 0 {
			time.Sleep(min(wait, 2*devicePeriod))
		}
	}
	return true
}

// pause holds the device: what it queued stays, unheard, until resume.
// Without pause support it is dropped (the position skips that much).
func (o *alsaOutput) pause() {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.hold || o.closed {
		return
	}
	o.hold = true
	if C.snd_pcm_state(o.h) != C.SND_PCM_STATE_RUNNING {
		return
	}
	if !o.canPause || C.snd_pcm_pause(o.h, 1) < 0 {
		o.dropLocked()
	}
}

func (o *alsaOutput) resume() {
	o.mu.Lock()
	defer o.mu.Unlock()
	if !o.hold || o.closed {
		return
	}
	o.hold = false
	if C.snd_pcm_state(o.h) == C.SND_PCM_STATE_PAUSED && C.snd_pcm_pause(o.h, 0) < 0 {
		o.dropLocked()
	}
	o.cond.Broadcast()
}

// flush drops what the device queued: after a seek, a skip or a stop the
// listener hears the new audio (or silence) at once.
func (o *alsaOutput) flush() {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.closed {
		return
	}
	o.gen++
	o.dropLocked()
	o.cond.Broadcast()
}

func (o *alsaOutput) dropLocked() {
	C.snd_pcm_drop(o.h)
	C.snd_pcm_prepare(o.h)
}

// buffered is what the device holds, not yet heard.
func (o *alsaOutput) buffered() int {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.closed {
		return 0
	}
	switch C.snd_pcm_state(o.h) {
	case C.SND_PCM_STATE_RUNNING, C.SND_PCM_STATE_PAUSED, C.SND_PCM_STATE_PREPARED:
		return max(int(C.cirrus_pcm_delay(o.h)), 0)
	}
	return 0
}

func (o *alsaOutput) err() error {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.werr
}

// close releases the device. The engine is closed first, so the writer
// ends. Audio still queued plays out unless the output is held (paused):
// the end of a track is heard, a quit while playing is not.
func (o *alsaOutput) close() error {
	o.mu.Lock()
	if o.closed {
		o.mu.Unlock()
		return nil
	}
	o.closed = true
	o.cond.Broadcast()
	hold := o.hold
	o.mu.Unlock()
	<-o.done
	o.mu.Lock()
	defer o.mu.Unlock()
	if !hold && C.snd_pcm_state(o.h) == C.SND_PCM_STATE_RUNNING {
		left := time.Duration(max(C.cirrus_pcm_delay(o.h), 0)) * time.Second / time.Duration(o.rate)
		time.Sleep(min(left, time.Duration(o.buffer)*time.Second/time.Duration(o.rate)) + 20*time.Millisecond)
	}
	C.snd_pcm_drop(o.h)
	C.snd_pcm_close(o.h)
	return nil
}

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
