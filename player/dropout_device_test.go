//go:build cgo || !linux

package player

import (
	"io"
	"strings"
	"testing"
	"time"

	"github.com/cirrus-tui/cirrus/api"
)

// skipOnce is a test's fault in the player: it passes the engine's audio
// to the device but, once after the first after bytes, throws n bytes
// away, as a player that dropped audio would. The track goes on unbroken,
// only shorter.
type skipOnce struct {
	r        io.Reader
	after, n int64
	read     int64
	skipped  bool
}

func (s *skipOnce) Read(b []byte) (int, error) {
	if !s.skipped && s.read >= s.after {
		s.skipped = true
		if _, err := io.CopyN(io.Discard, s.r, s.n); err != nil {
			return 0, err
		}
	}
	n, err := s.r.Read(b)
	s.read += int64(n)
	return n, err
}

// injectPlayerDropout makes p's device output drop d of audio once at
// position at (oto's device frames are float32 stereo, 8 bytes).
func injectPlayerDropout(p *Player, at, d time.Duration) {
	o := p.out.(*otoOutput)
	o.mu.Lock()
	src := o.src
	o.mu.Unlock()
	src.mu.Lock()
	defer src.mu.Unlock()
	bytesOf := func(d time.Duration) int64 { return int64(d.Seconds()*float64(o.rate)) * 8 }
	src.r = &skipOnce{r: src.r, after: bytesOf(at), n: bytesOf(d)}
}

// TestDropoutInPlayerIsCaught plays the tones track through the sound
// device with 200 ms of the 400 Hz tone dropped by the player (a fault
// put between the engine and oto) and checks that the recording's check
// fails, naming the player's drop of about 200 ms in that tone, not the
// recorder's loss nor the stream running dry.
func TestDropoutInPlayerIsCaught(t *testing.T) {
	c, rec, p := newDevicePlayer(t, Options{})
	probe := startSchedProbe()
	injectPlayerDropout(p, 4500*time.Millisecond, 200*time.Millisecond)
	p.PlayTracks([]api.Track{c.hlsAAC(1)}, 0)
	waitEvent(t, p, 90*time.Second, stoppedAfterPlaying)
	rec.waitHeard("the whole track", 30*time.Second, func(x []float64) bool { return endsWith(x, toneFreqs) })
	late := max(probe.end(), rec.sinkStall())
	rec.stop()
	h := rec.heard()
	errs := checkRecorded(t, h, toneFreqs, toneLen, late)
	t.Logf("the check says: %q", errs)
	a := h.account(400, toneLen, 0)
	if a.dropped < 150*time.Millisecond || a.dropped > 250*time.Millisecond {
		t.Errorf("the player's drop in the 400 Hz tone found as %v, want about the 200 ms dropped: %v", a.dropped, a)
	}
	// Other tones are the other tests' business (TestRealAudioPathLocal):
	// this one wants the dropout caught and named.
	named := false
	for _, e := range errs {
		named = named || strings.Contains(e, "the player dropped") && strings.Contains(e, "of the 400 Hz tone")
	}
	if !named {
		t.Errorf("the check of the recording says %q, want a failure naming the player's drop in the 400 Hz tone", errs)
	}
}

// TestRecorderLossIsNotThePlayers drops 150 ms of the recording while the
// 400 Hz tone plays (a fault in the recorder, as a parec overrun on a busy
// machine) and checks that the pilot finds it, to the sample, as the
// recorder's, and that the recording's check passes.
func TestRecorderLossIsNotThePlayers(t *testing.T) {
	c, rec, p := newDevicePlayer(t, Options{})
	probe := startSchedProbe()
	p.PlayTracks([]api.Track{c.hlsAAC(1)}, 0)
	// Once the 400 Hz tone reaches the recorder, lose 150 ms of what comes
	// 100 ms later (inside the tone, which lasts 3 s).
	rec.waitHeard("the 400 Hz tone", 30*time.Second, func(x []float64) bool {
		return len(x) > 4410 && heardOf(x[len(x)-4410:], 400) >= 50*time.Millisecond
	})
	const dropFrames = 6615 // 150 ms
	at := int64(len(rec.raw())) + 4*4410
	rec.dropLen.Store(dropFrames * 4)
	rec.dropAt.Store(at)
	waitEvent(t, p, 90*time.Second, stoppedAfterPlaying)
	rec.waitHeard("the whole track", 30*time.Second, func(x []float64) bool { return endsWith(x, toneFreqs) })
	late := max(probe.end(), rec.sinkStall())
	rec.stop()
	h := rec.heard()
	a := h.account(400, toneLen, 0)
	t.Logf("%v; %v", h.pilot, a)
	if a.recorder < samplesDur(dropFrames) || a.recorder > samplesDur(dropFrames)+100*time.Millisecond {
		t.Errorf("the recorder's loss during the 400 Hz tone found as %v, want the %v dropped (and at most 100 ms of its own)", a.recorder, samplesDur(dropFrames))
	}
	found := false
	for _, l := range h.pilot.losses {
		found = found || (l.n == dropFrames && int64(l.at)*4 >= at-pilotFrame*4 && int64(l.at)*4 <= at+pilotFrame*4)
	}
	if !found {
		t.Errorf("no recorder loss of %d samples at sample %d among %+v", dropFrames, at/4, h.pilot.losses)
	}
	failEach(t, checkRecorded(t, h, toneFreqs, toneLen, late))
}
