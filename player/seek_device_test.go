//go:build cgo || !linux

package player

import (
	"context"
	"math"
	"testing"
	"time"

	"github.com/cirrus-tui/cirrus/api"
)

// heardOf is how long tone f was heard in x, judged in 10 ms windows (a
// whole number of cycles of every tone of the sequence, so the tones do not
// leak into each other).
func heardOf(x []float64, f float64) time.Duration {
	const win = 441
	n := 0
	for i := 0; i+win <= len(x); i += win {
		if toneAt(x[i:i+win], 44100) == f {
			n++
		}
	}
	return time.Duration(n) * 10 * time.Millisecond
}

// staleBound is the most of old audio a seek or a pause may let through:
// the period oto was writing when it came (the device's buffer itself is
// dropped or paused), a read from the engine that raced the flush into
// oto's fresh buffer (readChunk), and one 10 ms window of heardOf.
func staleBound(o *otoOutput) time.Duration {
	return o.period() + time.Duration(readChunk)*time.Second/time.Duration(o.rate) + 10*time.Millisecond
}

// TestSeekDropsStaleAudio seeks while the tones track plays through the
// sound device and checks the recording: after the seek, at most N of the
// old tone is heard (staleBound: about a period, well under the device
// buffer, which the flush drops). oto's own buffer (playerBuffer, longer
// than N) must be dropped too, or it plays. It judges content, not time:
// the 400 Hz heard minus the 400 Hz the player says was heard when it was
// told to seek.
func TestSeekDropsStaleAudio(t *testing.T) {
	c, rec, p := newDevicePlayer(t, Options{Buffer: 80 * time.Millisecond})
	// oto opens the device once per process: an earlier test may have set
	// its buffer, so take the one the device has.
	o := p.out.(*otoOutput)
	buffer := o.deviceBuffer()
	maxStale := staleBound(o)
	if maxStale >= buffer {
		t.Fatalf("device buffer %v: N %v would not tell a dropped device buffer from a kept one", buffer, maxStale)
	}
	probe := startSchedProbe()
	if maxStale >= playerBuffer {
		t.Fatalf("device buffer %v: N %v would not tell a dropped oto buffer (%v) from a kept one", buffer, maxStale, playerBuffer)
	}
	at, _ := actInside400(t, c, rec, p, "the seek", []float64{1000}, func() { p.Seek(19500 * time.Millisecond) })
	// What the recorder lost (the pilot tells) makes a tone short in the
	// recording: it is added back.
	late := probe.end()
	// Where the player's stream ran dry (silence with the pilot intact: a
	// busy machine) the tone may be short by as much.
	h := rec.heard()
	a400, a900 := h.account(400, toneLen, 0), h.account(900, 1500*time.Millisecond, 0)
	before := at - toneLen
	stale := a400.heard + a400.recorder - before
	t.Logf("position at the seek %v: %v of 400 Hz before it; stale %v (device buffer %v, at most %v); worst delay %v; %v; %v; %v",
		at, before, stale, buffer, maxStale, late, h.pilot, a400, a900)
	if stale > maxStale {
		t.Errorf("%v of the old tone after the seek, want at most %v (the device buffer is %v)", stale, maxStale, buffer)
	}
	if stale < -maxStale-a400.dry {
		t.Errorf("%v less of the old tone than the position said was heard: the position runs ahead or the player dropped it; %v", -stale, a400)
	}
	if got := a900.heard + a900.recorder; got < 1200*time.Millisecond-a900.dry || got > 1800*time.Millisecond {
		t.Errorf("900 Hz heard %v after the seek to 19.5 s, want 1.5 s; %v", got, a900)
	}
}

// TestPauseHoldsDeviceAudio pauses through the sound device inside the
// 400 Hz tone and resumes a second later: the sink goes silent meanwhile,
// and the tone is heard for its whole 3 s in all, nothing lost or repeated
// around the pause (what the recorder lost, the pilot tells, is not the
// player's).
func TestPauseHoldsDeviceAudio(t *testing.T) {
	c, rec, p := newDevicePlayer(t, Options{})
	probe := startSchedProbe()
	p.PlayTracks([]api.Track{c.hlsAAC(1)}, 0)
	waitEvent(t, p, 30*time.Second, func(ev Event) bool {
		return ev.Kind == EventPosition && ev.Status.Position >= 4500*time.Millisecond
	})
	p.Pause()
	time.Sleep(1500 * time.Millisecond)
	p.Play()
	waitEvent(t, p, 60*time.Second, stoppedAfterPlaying)
	x := rec.waitHeard("the end of the track", 30*time.Second, func(x []float64) bool { return endsWith(x, toneFreqs) })
	// As in checkRecorded: 150 ms, plus twice the worst delay of this
	// process or the sound server while playing (a busy machine's).
	late := max(probe.end(), rec.sinkStall())
	t.Logf("worst delay %v; runs %+v", late, toneRuns(x, 44100))
	// What the recorder lost (the pilot tells) is not the player's.
	a := rec.heard().account(400, toneLen, 1)
	t.Logf("%v; %v", rec.pilotReport(), a)
	if e := a.playerLossError(150 * time.Millisecond); e != "" {
		t.Errorf("around a pause inside the 400 Hz tone: %s", e)
	}
	// The pause is a silence inside the 400 Hz tone: 400 Hz right before
	// and after it (found by content: on a busy machine the sound server's
	// own stalls shift the recording's timeline). The 100 ms windows that
	// straddle the edges hold part tone, part silence (freq -1): they count
	// as edge, not as a break.
	if !pausedInside(toneRuns(x, 44100), 400, 1100*time.Millisecond) {
		t.Errorf("no silence of the pause's length (1.5 s) inside the 400 Hz tone: runs %+v", toneRuns(x, 44100))
	}
}

// pausedInside reports whether runs hold a silence of at least d with tone f
// on both sides, mixed windows (freq -1) at its edges counted as silence.
func pausedInside(runs []toneRun, f float64, d time.Duration) bool {
	for i := range runs {
		if runs[i].freq != 0 {
			continue
		}
		lo, hi := i, i
		for lo > 0 && runs[lo-1].freq == -1 {
			lo--
		}
		for hi+1 < len(runs) && runs[hi+1].freq == -1 {
			hi++
		}
		if lo == 0 || hi+1 == len(runs) {
			continue
		}
		if runs[lo-1].freq == f && runs[hi+1].freq == f && runs[hi].to-runs[lo].from >= d {
			return true
		}
	}
	return false
}

// heardBeforeGap is how long tone f was heard (10 ms windows, as heardOf)
// before the first silence of at least gap that follows some of it, and
// whether there is such a silence.
func heardBeforeGap(x []float64, f float64, gap time.Duration) (time.Duration, bool) {
	const win = 441
	need := int(gap / (10 * time.Millisecond))
	n, quiet := 0, 0
	for i := 0; i+win <= len(x); i += win {
		switch toneAt(x[i:i+win], 44100) {
		case f:
			n, quiet = n+1, 0
		case 0:
			if n > 0 {
				quiet++
				if quiet >= need {
					return time.Duration(n) * 10 * time.Millisecond, true
				}
			}
		default:
			quiet = 0
		}
	}
	return time.Duration(n) * 10 * time.Millisecond, false
}

// TestPauseSilentWithinPeriod pauses inside the 400 Hz tone and checks the
// recording: the tone heard before the pause's silence exceeds what the
// player said was heard when it was told to pause by at most staleBound
// (about a period: the device is paused, not played out), and the whole
// tone is heard once the pause ends, nothing lost or repeated (what the
// recorder lost, the pilot tells, is not the player's). It judges content,
// not time.
func TestPauseSilentWithinPeriod(t *testing.T) {
	c, rec, p := newDevicePlayer(t, Options{})
	o := p.out.(*otoOutput)
	if !o.pauses {
		t.Skip("the sound device cannot pause (snd_pcm_hw_params_can_pause): a pause plays out its buffer")
	}
	maxStale := staleBound(o)
	p.PlayTracks([]api.Track{c.hlsAAC(1)}, 0)
	waitEvent(t, p, 30*time.Second, func(ev Event) bool {
		return ev.Kind == EventPosition && ev.Status.Position >= 4500*time.Millisecond
	})
	p.Pause()
	at := p.Status().Position
	time.Sleep(time.Second)
	p.Play()
	waitEvent(t, p, 60*time.Second, stoppedAfterPlaying)
	x := rec.waitHeard("the end of the track", 30*time.Second, func(x []float64) bool { return endsWith(x, toneFreqs) })
	if at < 3100*time.Millisecond || at > 5900*time.Millisecond {
		t.Fatalf("position %v at the pause, want inside the 400 Hz tone", at)
	}
	before := at - toneLen
	heard, ok := heardBeforeGap(x, 400, 500*time.Millisecond)
	if !ok {
		t.Fatalf("no silence inside the 400 Hz tone: runs %+v", toneRuns(x, 44100))
	}
	over := heard - before
	t.Logf("position at the pause %v: %v of 400 Hz before it, %v heard before the silence; over %v (period %v, at most %v)", at, before, heard, over, o.period(), maxStale)
	if over > maxStale {
		t.Errorf("%v of the tone after the pause, want at most %v (the period is %v)", over, maxStale, o.period())
	}
	// Around the pause nothing is lost or repeated: what the recorder lost
	// (the pilot tells) is not the player's, nor is what went missing where
	// the player's stream ran dry (silence with the pilot intact: a busy
	// machine), judged by the checks of gaps.
	a := rec.heard().account(400, toneLen, 1)
	t.Logf("%v; %v", rec.pilotReport(), a)
	if over < -maxStale-a.recorder-a.dry {
		t.Errorf("%v less of the tone before the silence than the position said was heard: the position runs ahead; %v", -over, a)
	}
	if e := a.playerLossError(maxStale); e != "" {
		t.Errorf("around the pause: %s", e)
	}
}

// TestRapidSeeksAndPausesDoNotHang drives the device through many seeks,
// pauses and resumes in quick succession (each a drop or a pause of ALSA's
// buffer, which the SDL authors report can hang some devices), each call
// bounded, and then checks that the track still plays to its end at the
// sink.
func TestRapidSeeksAndPausesDoNotHang(t *testing.T) {
	c, rec, p := newDevicePlayer(t, Options{})
	p.PlayTracks([]api.Track{c.hlsAAC(1)}, 0)
	waitEvent(t, p, 30*time.Second, func(ev Event) bool {
		return ev.Kind == EventPosition && ev.Status.Position >= 500*time.Millisecond
	})
	go func() { // keep the events channel drained
		for range p.Events() {
		}
	}()
	const rounds = 150
	done := make(chan struct{})
	go func() {
		defer close(done)
		for i := range rounds {
			p.Seek(time.Duration(i%20) * time.Second)
			switch i % 3 {
			case 0:
				p.Pause()
				time.Sleep(time.Duration(i%7) * time.Millisecond)
				p.Play()
			case 1:
				p.Toggle()
				p.Seek(time.Duration(19-i%20) * time.Second)
				p.Toggle()
			}
			time.Sleep(time.Duration(i%11) * time.Millisecond)
		}
		p.Play()
		p.Seek(21 * time.Second) // inside 1000 Hz, the last tone
	}()
	select {
	case <-done:
	case <-time.After(60 * time.Second):
		t.Fatalf("%d seeks and pauses did not finish in 60 s: the device hangs; status %+v", rounds, p.Status())
	}
	if st := p.Status(); st.State != Playing {
		t.Fatalf("state %v after the seeks and pauses, want playing", st.State)
	}
	// The device still plays: the end of the track reaches the sink.
	o := p.out.(*otoOutput)
	deadline := time.Now().Add(30 * time.Second)
	for !endsWith(rec.samples(), toneFreqs) && time.Now().Before(deadline) {
		time.Sleep(100 * time.Millisecond)
	}
	if !endsWith(rec.samples(), toneFreqs) {
		o.mu.Lock()
		running, dev0, buffered, playing := o.running, o.dev0, -1, false
		if o.p != nil {
			buffered, playing = o.p.BufferedSize(), o.p.IsPlaying()
		}
		o.mu.Unlock()
		t.Logf("no end heard: status %+v; output running %v, device %v, oto buffered %d, oto playing %v, err %v",
			p.Status(), running, dev0, buffered, playing, o.err())
	}
	rec.waitHeard("the last tone and the end of the track after the seeks", time.Second, func(x []float64) bool {
		return endsWith(x, toneFreqs)
	})
}

// TestBackToBackSeeksKeepPlaying seeks twice in a row through the sound
// device: the second flush comes before the first one's resumeWhenReady
// has fed the device again, and must take over from it. It once left the
// device suspended for good while the player said "playing" (found by
// TestRapidSeeksAndPausesDoNotHang on a busy machine).
func TestBackToBackSeeksKeepPlaying(t *testing.T) {
	needServices(t)
	c := newLocalCDN(t)
	p, err := New(context.Background(), Options{res: c})
	if err != nil {
		t.Fatalf("New with the sound device: %v", err)
	}
	defer p.Close()
	p.PlayTracks([]api.Track{c.hlsAAC(1)}, 0)
	waitEvent(t, p, 30*time.Second, func(ev Event) bool {
		return ev.Kind == EventPosition && ev.Status.Position >= 500*time.Millisecond
	})
	o := p.out.(*otoOutput)
	for i := range 20 {
		p.Seek(time.Duration(2+i%5) * time.Second)
		p.Seek(time.Duration(8+i%5) * time.Second)
		deadline := time.Now().Add(resumeWait + 5*time.Second)
		for {
			o.mu.Lock()
			running := o.running
			o.mu.Unlock()
			if running {
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("round %d: the device is not fed %v after two seeks in a row; status %+v", i, resumeWait+5*time.Second, p.Status())
			}
			time.Sleep(5 * time.Millisecond)
		}
	}
}

// newDevicePlayer starts recording the null sink, then a Player on the
// sound device with opts, playing from the local fixtures; it is closed
// when the test ends.
func newDevicePlayer(t *testing.T, opts Options) (*localCDN, *sinkRecording, *Player) {
	t.Helper()
	needServices(t)
	c := newLocalCDN(t)
	rec := recordSink(t)
	time.Sleep(500 * time.Millisecond) // let parec attach
	opts.res = c
	p, err := New(context.Background(), opts)
	if err != nil {
		t.Fatalf("New with the sound device: %v", err)
	}
	t.Cleanup(func() { p.Close() })
	return c, rec, p
}

// loudOf is how long tone f was heard in x at above half the loudest level
// it had (RMS per 10 ms window).
func loudOf(x []float64, f float64) time.Duration {
	const win = 441
	var rms []float64
	peak := 0.0
	for i := 0; i+win <= len(x); i += win {
		if toneAt(x[i:i+win], 44100) != f {
			continue
		}
		s := 0.0
		for _, v := range x[i : i+win] {
			s += v * v
		}
		r := math.Sqrt(s / win)
		rms = append(rms, r)
		peak = max(peak, r)
	}
	n := 0
	for _, r := range rms {
		if r > peak/2 {
			n++
		}
	}
	return time.Duration(n) * 10 * time.Millisecond
}

// TestVolumeChangeHeardAfterDeviceBuffer turns the volume from 1 to 0.5
// (a quarter of the amplitude) inside the 400 Hz tone. The volume is
// applied as oto's device writer hands audio to the device, so what plays
// loud after the change is at most what the device held then (its buffer)
// plus one write: the loud 400 Hz heard minus the 400 Hz the player said
// was heard at the change is at most that. Applied before oto's buffers
// (the engine), it would also be oto's player buffer and the writer's
// ring, each at least 50 ms and together well over the bound.
func TestVolumeChangeHeardAfterDeviceBuffer(t *testing.T) {
	c, rec, p := newDevicePlayer(t, Options{Volume: 1})
	o := p.out.(*otoOutput)
	bound := o.deviceBuffer() + o.period() + 20*time.Millisecond
	probe := startSchedProbe()
	at, x := actInside400(t, c, rec, p, "the change", toneFreqs, func() { p.SetVolume(0.5) })
	late := probe.end()
	// What the recorder lost of the tone, and where the player's stream
	// ran dry (the pilot tells; loud or quiet, so this errs towards the
	// lenient side), may make it short.
	a := rec.heard().account(400, toneLen, 0)
	before := at - toneLen
	loud := loudOf(x, 400)
	stale := loud - before
	t.Logf("position at the change %v: %v of 400 Hz before it; loud 400 Hz heard %v; stale %v (at most %v); worst delay %v; %v",
		at, before, loud, stale, bound, late, a)
	if stale > bound {
		t.Errorf("%v of the tone at the old volume after the change, want at most %v (device buffer %v)", stale, bound, o.deviceBuffer())
	}
	if stale < -bound-a.recorder-a.dry {
		t.Errorf("%v less loud tone than the position said was heard: the change came early or the position runs ahead; %v", -stale, a)
	}
}

// actInside400 plays the tones track through the device, calls act once
// the position is 4.5 s in (inside the 400 Hz tone, 3–6 s), and waits for
// the end of the track and for the recording to end with last. It returns
// the position when act was called (what the player said was heard: 3 s of
// 300 Hz, then 400 Hz) and the recording; what names act in the failure.
func actInside400(t *testing.T, c *localCDN, rec *sinkRecording, p *Player, what string, last []float64, act func()) (time.Duration, []float64) {
	t.Helper()
	p.PlayTracks([]api.Track{c.hlsAAC(1)}, 0)
	waitEvent(t, p, 30*time.Second, func(ev Event) bool {
		return ev.Kind == EventPosition && ev.Status.Position >= 4500*time.Millisecond
	})
	at := p.Status().Position
	act()
	waitEvent(t, p, 60*time.Second, stoppedAfterPlaying)
	x := rec.waitHeard("the end of the track", 30*time.Second, func(x []float64) bool { return endsWith(x, last) })
	if at < 3100*time.Millisecond || at > 5900*time.Millisecond {
		t.Fatalf("position %v at %s, want inside the 400 Hz tone", at, what)
	}
	return at, x
}
