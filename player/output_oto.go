//go:build cgo || !linux

package player

import (
	"errors"
	"fmt"
	"io"
	"os"
	"sync"
	"time"

	"github.com/cirrus-tui/cirrus/third_party/oto"
)

// oto allows one context per process; every Player shares it, and the
// device buffer is the one asked for when the device first opened.
var (
	otoMu    sync.Mutex
	otoCtx   *oto.Context
	otoErr   error
	otoRate  int
	otoDev   time.Duration // the context's device buffer
	otoInUse bool
)

// resumeWait bounds how long a flush leaves the device stopped waiting for
// the new audio (see otoOutput.resumeWhenReady).
const resumeWait = 100 * time.Millisecond

// minDeviceBuffer is the least device buffer the configuration may ask for.
const minDeviceBuffer = 20 * time.Millisecond

// playerBuffer is oto's buffer between the engine and the device. A seek, a
// skip or a stop drops it and a pause holds it, so its size costs no heard
// latency; it rides out a slow read from the engine.
const playerBuffer = 200 * time.Millisecond

// readChunk bounds one read from the engine (frames). A read that was under
// way when the output was flushed can still land in oto's fresh buffer, so
// this bounds the old audio such a race can leave (about 12 ms).
const readChunk = 512

// deviceHint tells the user what to install when ALSA finds no device.
const deviceHint = "ALSA could not open a sound device. Install and start a sound server with its ALSA plugin " +
	"(Debian/Ubuntu: apt install pipewire-alsa, or pulseaudio and libasound2-plugins), or check `aplay -L`"

// readyTimeout bounds how long opening the device may take before cirrus
// gives up instead of hanging.
var readyTimeout = 5 * time.Second

// openOto opens the process's oto context with a device (ALSA) buffer of
// dev: oto writes it in periods of at most dev/2. cirrus's copy of oto
// (third_party/oto) drops the device's buffer on a flush (DropBuffered) and
// pauses it on a pause (Suspend, where the device can pause), so dev no
// longer decides how soon a seek or a pause is heard; it decides how long
// the device survives a busy machine.
func openOto(rate int, dev time.Duration) (*oto.Context, time.Duration, error) {
	otoMu.Lock()
	defer otoMu.Unlock()
	if otoCtx != nil || otoErr != nil {
		if otoErr == nil && otoRate != rate {
			return nil, 0, fmt.Errorf("open audio device: already open at %d Hz, not %d", otoRate, rate)
		}
		return otoCtx, otoDev, otoErr
	}
	quietALSA()
	// ALSA's plugins load other libraries (JACK, PulseAudio) that print to
	// stderr themselves while oto tries devices; keep that off the terminal.
	os.Setenv("JACK_NO_START_SERVER", "1")
	restore := silenceStderr()
	defer restore()
	c, ready, err := oto.NewContext(&oto.NewContextOptions{SampleRate: rate, ChannelCount: 2, Format: oto.FormatFloat32LE, BufferSize: dev})
	if err != nil {
		otoErr = fmt.Errorf("%w: %s (%v)", ErrNoDevice, deviceHint, err)
		return nil, 0, otoErr
	}
	select {
	case <-ready:
	case <-time.After(readyTimeout):
		otoErr = fmt.Errorf("%w: %s (timed out after %v)", ErrNoDevice, deviceHint, readyTimeout)
		return nil, 0, otoErr
	}
	if err := c.Err(); err != nil {
		otoErr = fmt.Errorf("%w: %s (%v)", ErrNoDevice, deviceHint, err)
		return nil, 0, otoErr
	}
	// oto starts writing silence at once; stay quiet until something plays,
	// and drop that silence, or a paused device would hold it for the first
	// sound to wait behind.
	if err := c.Suspend(); err != nil {
		otoErr = fmt.Errorf("%w: %s (%v)", ErrNoDevice, deviceHint, err)
		return nil, 0, otoErr
	}
	if err := c.DropBuffered(); err != nil && !errors.Is(err, errors.ErrUnsupported) {
		otoErr = fmt.Errorf("%w: %s (%v)", ErrNoDevice, deviceHint, err)
		return nil, 0, otoErr
	}
	otoCtx, otoRate, otoDev = c, rate, dev
	return c, dev, nil
}

// otoOutput plays through oto (ALSA's default device; on desktops, the
// sound server's ALSA plugin).
//
// What is heard late: a flush (a seek, a skip, a stop) drops oto's own
// buffer (Player.Seek, through otoSource's Seek) and the device's
// (Context.DropBuffered), and keeps the device stopped until the new audio
// is there, so no silence is queued in front of it; a pause keeps oto's
// buffers and pauses the device (Context.Suspend, snd_pcm_pause), holding
// what it has for resume. oto writes to the device from a C thread, out of
// a ring that a goroutine fills from its players (Context.Buffered is what
// the ring holds); a flush or a pause waits only for a non-blocking ALSA
// call of that thread's, so what is heard of old audio is what the sound
// server had already taken (at most about a period). A device that cannot
// pause is only no longer fed: what it holds (the device buffer) still
// plays out.
type otoOutput struct {
	ctx      *oto.Context
	rate     int
	dev      time.Duration // the device buffer
	bufBytes int           // oto's buffer
	pauses   bool          // Suspend pauses the device, holding its buffer

	mu          sync.Mutex
	src         *otoSource
	p           *oto.Player
	running     bool      // the device is fed (Resume), not suspended
	resuming    bool      // a resumeWhenReady will feed it: it counts as running
	dev0        devState  // what the device holds while not running
	suspendedAt time.Time // when it was last suspended
	gen         int       // bumped by pause, resume, flush, close: ends a resumeWhenReady
	wedged      error     // an ALSA call did not return (callDevice): no more are made
}

// deviceCallWait bounds an oto call that may wait for the sound server
// (PulseAudio's ALSA plugin waits for the server's answer to a drop, a
// pause or a restart, for ever if the server is frozen).
const deviceCallWait = 5 * time.Second

// callDevice runs f, an oto call that may wait for the sound server; o.mu
// held. One that has not returned after deviceCallWait is left behind and
// the output is wedged: later calls would wait behind it, so none is made,
// and err reports it (the player then reports it and pauses). A seek or a
// pause on a frozen server so returns, and quitting does not hang.
func (o *otoOutput) callDevice(what string, f func() error) error {
	if o.wedged != nil {
		return o.wedged
	}
	done := make(chan error, 1)
	go func() { done <- f() }()
	t := time.NewTimer(deviceCallWait)
	defer t.Stop()
	select {
	case err := <-done:
		return err
	case <-t.C:
		o.wedged = fmt.Errorf("audio device: %s did not return in %v (is the sound server running?)", what, deviceCallWait)
		return o.wedged
	}
}

// devState is what the device holds while it is not fed.
type devState int

const (
	devEmpty    devState = iota // dropped (or never fed)
	devHeld                     // paused: its buffer waits for resume
	devPlaysOut                 // no longer fed, its buffer playing out since suspendedAt
)

func newOtoOutput(rate int, dev time.Duration) (*otoOutput, error) {
	dev = max(dev, minDeviceBuffer)
	c, dev, err := openOto(rate, dev)
	if err != nil {
		return nil, err
	}
	otoMu.Lock()
	defer otoMu.Unlock()
	if otoInUse {
		return nil, errors.New("open audio device: another Player already uses it; close it first")
	}
	otoInUse = true
	return &otoOutput{ctx: c, rate: rate, dev: dev, bufBytes: int(playerBuffer.Seconds()*float64(rate)) * 8,
		pauses: c.SuspendPausesDevice()}, nil
}

// setGain applies the volume as oto's device writer hands audio to the
// device: a change is heard after the device buffer, not oto's buffers.
func (o *otoOutput) setGain(g float64) bool { return o.ctx.SetGain(g) }

// deviceBuffer is the device's buffer.
func (o *otoOutput) deviceBuffer() time.Duration { return o.dev }

// period is the device's period (oto asks ALSA for two periods; ALSA may
// make them shorter, never longer), how much room the device makes at a
// time for oto's writer: the bound used for the old audio heard after a
// seek, a skip or a pause where the device can pause (a flush or a pause
// waits for no write; what is heard is what the sound server had taken).
// Where it cannot, a pause is heard after the whole device buffer.
func (o *otoOutput) period() time.Duration { return o.dev / 2 }

// otoSource is what oto's player reads: the engine, a bounded chunk at a
// time and one reader at a time (oto's mixer and Player.Play both read).
// Its Seek is a no-op: oto's Player.Seek drops the player's buffer and then
// seeks the source, and the engine has already moved.
type otoSource struct {
	mu sync.Mutex
	r  io.Reader
}

func (s *otoSource) Read(b []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(b) > readChunk*8 {
		b = b[:readChunk*8]
	}
	return s.r.Read(b)
}

func (s *otoSource) Seek(offset int64, whence int) (int64, error) { return 0, nil }

func (o *otoOutput) start(r io.Reader) error {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.src = &otoSource{r: r}
	o.p = o.ctx.NewPlayer(o.src)
	o.p.SetBufferSize(o.bufBytes)
	return nil
}

// pause pauses the device, which holds what it has (where it cannot
// pause, it is no longer fed and what it holds plays out, at most the
// device buffer); oto's buffer is kept for resume, so nothing is lost or
// repeated.
func (o *otoOutput) pause() {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.gen++
	o.resuming = false
	o.suspendLocked()
}

func (o *otoOutput) suspendLocked() {
	if o.running && o.p != nil {
		o.callDevice("pause", o.ctx.Suspend)
		o.running = false
		o.suspendedAt = time.Now()
		o.dev0 = devPlaysOut
		if o.pauses {
			o.dev0 = devHeld
		}
	}
}

// startWant is what oto's buffer should hold before an empty device is fed:
// fed any earlier, it would queue silence in front of the sound.
func (o *otoOutput) startWant() int {
	return min(o.bufBytes, int(o.dev.Seconds()*float64(o.rate))*8)
}

// mixReady says whether an empty device can be fed: the player is in oto's
// mix with startWant of audio. Its own buffer filling is not enough: Play
// fills it (reading the engine) before the player joins the mix, and a
// device fed meanwhile gets a ring of silence, 200 ms, in front of the
// sound. The slower the engine's reads (the leveler's limiter, a busy
// machine), the likelier that was: it made first audio with normalize =
// "track" 130-350 ms late in a third of the bench's runs.
func (o *otoOutput) mixReady() bool {
	return o.ctx.PlayingFrames()*8 >= o.startWant()
}

func (o *otoOutput) resume() {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.gen++
	o.resuming = false
	if o.running || o.p == nil {
		return
	}
	if !o.p.IsPlaying() {
		o.p.Play()
	}
	// A paused device holds the sound that comes next; an empty one waits
	// for oto's mix (mixReady), briefly.
	if o.dev0 != devHeld {
		for i := 0; i < 100 && !o.mixReady() && o.p.IsPlaying(); i++ {
			time.Sleep(time.Millisecond)
		}
	}
	o.callDevice("resume", o.ctx.Resume)
	o.running = true
}

// flush drops oto's buffer and the device's (a seek, a skip, a stop).
// Pausing the oto player first keeps its Seek from refilling the buffer
// here, on the caller's goroutine; Play refills it in the background. The
// device is stopped (Suspend) before its buffer is dropped, and a device
// that was running is fed again only once oto's buffer holds the new audio
// (resumeWhenReady), so the flush queues no silence in front of it.
func (o *otoOutput) flush() {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.p == nil {
		return
	}
	o.gen++
	// A flush that comes before an earlier flush's resumeWhenReady has fed
	// the device takes over from it: the device is still meant to play.
	wasRunning := o.running || o.resuming
	o.resuming = false
	o.suspendLocked()
	playing := o.p.IsPlaying()
	o.p.Pause()
	if _, err := o.p.Seek(0, io.SeekStart); err != nil {
		return // not reached: otoSource is an io.Seeker
	}
	if err := o.callDevice("drop", o.ctx.DropBuffered); err == nil {
		o.dev0 = devEmpty
	}
	if playing {
		o.p.Play()
	}
	if wasRunning {
		o.resuming = true
		go o.resumeWhenReady(o.gen)
	}
}

// resumeWhenReady feeds the device again after a flush once oto's buffer
// holds the new audio, or after resumeWait, unless a pause, a resume, a
// flush or a close came first (gen moved on).
func (o *otoOutput) resumeWhenReady(gen int) {
	deadline := time.Now().Add(resumeWait)
	for {
		o.mu.Lock()
		if o.gen != gen || o.running || o.p == nil {
			o.mu.Unlock()
			return
		}
		if o.mixReady() || !o.p.IsPlaying() || !time.Now().Before(deadline) {
			o.callDevice("resume", o.ctx.Resume)
			o.running = true
			o.resuming = false
			o.mu.Unlock()
			return
		}
		o.mu.Unlock()
		time.Sleep(time.Millisecond)
	}
}

// buffered is what is queued in front of the listener: oto's player
// buffer, oto's ring between the players and the device (Context.Buffered:
// exact; kept by a pause, emptied by a flush), and an estimate of the
// device's buffer: full while it is fed; while not, full if it is paused,
// empty if dropped, playing out since the suspend if it was only no longer
// fed.
func (o *otoOutput) buffered() int {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.p == nil {
		return 0
	}
	dev := time.Duration(0)
	switch {
	case o.running:
		dev = o.dev
	case o.dev0 == devHeld:
		dev = o.dev
	case o.dev0 == devPlaysOut:
		if d := time.Since(o.suspendedAt); d < o.dev {
			dev = o.dev - d
		}
	}
	return o.p.BufferedSize()/8 + int((o.ctx.Buffered()+dev).Seconds()*float64(o.rate))
}

func (o *otoOutput) err() error {
	if err := o.ctx.Err(); err != nil {
		return fmt.Errorf("audio device: %w", err)
	}
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.wedged != nil {
		return o.wedged
	}
	if o.p != nil {
		if err := o.p.Err(); err != nil {
			return fmt.Errorf("audio output: %w", err)
		}
	}
	return nil
}

// close releases the device for the next Player. The engine is closed
// first. Unless the output is paused (a quit while playing), what is
// queued plays out first: the end of the last track is heard. What a
// paused device still holds is dropped, not left for the next Player.
// On a sound server that does not answer it returns, within
// deviceCallWait, the wedged error (callDevice).
func (o *otoOutput) close() error {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.gen++
	o.resuming = false
	if o.p != nil {
		if o.running {
			limit := time.Now().Add(playerBuffer + o.dev)
			for o.p.IsPlaying() && o.p.BufferedSize() > 0 && time.Now().Before(limit) {
				time.Sleep(5 * time.Millisecond)
			}
			// Then oto's ring (what it holds now: it goes on filling with
			// silence), then the device.
			time.Sleep(o.ctx.Buffered() + o.dev + 20*time.Millisecond)
		}
		o.suspendLocked()
		o.callDevice("drop", o.ctx.DropBuffered)
		o.dev0 = devEmpty
		o.p.Pause() // oto removes a dropped player itself (Close is deprecated)
		o.p = nil
	}
	otoMu.Lock()
	otoInUse = false
	otoMu.Unlock()
	return o.wedged
}
