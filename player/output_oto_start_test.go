//go:build cgo || !linux

package player

import (
	"encoding/binary"
	"io"
	"math"
	"sync"
	"testing"
	"time"
)

// gatedTone is an engine stand-in for the output: a 440 Hz tone, given
// at once until `until` bytes were read, then only once the gate opens
// (an engine whose reads are slow: the leveler's limiter, a busy
// machine). stop ends it.
type gatedTone struct {
	mu    sync.Mutex
	until int
	read  int
	phase float64
	gate  chan struct{}
	held  chan struct{} // closed when a read first waits at the gate
	once  sync.Once
	stop  chan struct{}
}

func (g *gatedTone) Read(p []byte) (int, error) {
	g.mu.Lock()
	at := g.read
	g.mu.Unlock()
	if at >= g.until {
		g.once.Do(func() { close(g.held) })
		select {
		case <-g.gate:
		case <-g.stop:
			return 0, io.EOF
		}
	}
	select {
	case <-g.stop:
		return 0, io.EOF
	default:
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	n := len(p) / 8 * 8
	for i := 0; i < n; i += 8 {
		v := float32(0.25 * math.Sin(g.phase))
		g.phase += 2 * math.Pi * 440 / defaultRate
		binary.LittleEndian.PutUint32(p[i:], math.Float32bits(v))
		binary.LittleEndian.PutUint32(p[i+4:], math.Float32bits(v))
	}
	g.read += n
	return n, nil
}

// An empty device is fed only once the first sound is in oto's mix, so
// nothing is queued in front of it. oto's Play fills the player's buffer
// (reading the engine) before the player joins the mix; the output used
// to resume the device as soon as that buffer held what it wanted first,
// and a device resumed before the player joined was fed a ring of
// silence, 200 ms, ahead of the sound: first audio heard 130-350 ms late
// in a third of the loudness bench's runs with normalize = "track" (the
// leveler makes the engine's reads slower). Here the engine's reads stop
// once that much is buffered, until well after resume began.
func TestOtoResumeFeedsNoSilenceBeforeTheSound(t *testing.T) {
	needServices(t)
	o, err := newOtoOutput(defaultRate, defaultBuffer)
	if err != nil {
		t.Fatalf("open the sound device: %v", err)
	}
	g := &gatedTone{gate: make(chan struct{}), held: make(chan struct{}), stop: make(chan struct{})}
	g.until = o.startWant() // what resume used to wait for, and no more
	defer func() {
		close(g.stop)
		o.close()
	}()
	if err := o.start(g); err != nil {
		t.Fatal(err)
	}
	before := o.ctx.PaddedFrames()
	go func() {
		// the engine's next read comes 30 ms after it first stalled
		<-g.held
		time.Sleep(30 * time.Millisecond)
		close(g.gate)
	}()
	o.resume()
	// the device was fed: the ring holds audio, or it got silence
	deadline := time.Now().Add(10 * time.Second)
	for o.ctx.Buffered() == 0 && o.ctx.PaddedFrames() == before && time.Now().Before(deadline) {
		time.Sleep(time.Millisecond)
	}
	if o.ctx.Buffered() == 0 && o.ctx.PaddedFrames() == before {
		t.Fatal("the device was not fed within 10 s of resume")
	}
	time.Sleep(20 * time.Millisecond) // a fill that came second, if any
	if pad := o.ctx.PaddedFrames() - before; pad > 0 {
		t.Errorf("the device was fed %d frames (%v) of silence in front of the first sound",
			pad, time.Duration(pad)*time.Second/defaultRate)
	}
}
