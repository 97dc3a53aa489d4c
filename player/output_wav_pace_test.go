package player

import (
	"io"
	"path/filepath"
	"testing"
	"time"
)

// idleThenAudio blocks like an idle player, then yields n bytes of silence.
type idleThenAudio struct {
	idle  time.Duration
	n     int
	began time.Time
}

func (r *idleThenAudio) Read(p []byte) (int, error) {
	if r.began.IsZero() {
		time.Sleep(r.idle)
		r.began = time.Now()
	}
	if r.n <= 0 {
		return 0, io.EOF
	}
	k := min(len(p), r.n)
	clear(p[:k])
	r.n -= k
	return k, nil
}

// A real-time WAV sink that sat idle must not race through the next audio
// to make up for the idle time (the position would run ahead of the clock).
// Only a lower bound on elapsed time is checked: a slow machine cannot make
// it fail.
func TestWAVRealTimeAfterIdle(t *testing.T) {
	o, err := newWAVOutput(filepath.Join(t.TempDir(), "o.wav"), 44100, 1)
	if err != nil {
		t.Fatal(err)
	}
	r := &idleThenAudio{idle: 800 * time.Millisecond, n: 44100 * 8 / 2} // 0.5 s of float32 stereo
	if err := o.start(r); err != nil {
		t.Fatal(err)
	}
	<-o.done
	if took := time.Since(r.began); took < 400*time.Millisecond {
		t.Errorf("0.5 s of audio written in %v after idling: the sink raced to catch up", took)
	}
	o.close()
}
