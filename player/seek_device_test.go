package player

import (
	"context"
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

// TestSeekDropsStaleAudio seeks while the tones track plays through the
// sound device and checks the recording: after the seek, at most N of the
// old tone is heard, N being the device buffer plus the period oto was
// writing (half the buffer). oto cannot drop ALSA's buffer, so that much old
// audio is heard whatever cirrus does; oto's own buffer (playerBuffer,
// longer than N) must be dropped, or it plays too. It judges content, not
// time: the 400 Hz heard minus the 400 Hz the player says was heard when it
// was told to seek.
func TestSeekDropsStaleAudio(t *testing.T) {
	needServices(t)
	c := newLocalCDN(t)
	rec := recordSink(t)
	time.Sleep(500 * time.Millisecond)
	p, err := New(context.Background(), Options{res: c, Buffer: 80 * time.Millisecond})
	if err != nil {
		t.Fatalf("New with the sound device: %v", err)
	}
	defer p.Close()
	// oto opens the device once per process: an earlier test may have set
	// its buffer, so take the one the device has.
	buffer := p.out.(*otoOutput).deviceBuffer()
	probe := startSchedProbe()
	maxStale := buffer + buffer/2
	if maxStale >= playerBuffer {
		t.Fatalf("device buffer %v: N %v would not tell a dropped oto buffer (%v) from a kept one", buffer, maxStale, playerBuffer)
	}
	p.PlayTracks([]api.Track{c.hlsAAC(1)}, 0)
	waitEvent(t, p, 30*time.Second, func(ev Event) bool {
		return ev.Kind == EventPosition && ev.Status.Position >= 4500*time.Millisecond
	})
	at := p.Status().Position // heard so far: 3 s of 300 Hz, then 400 Hz
	p.Seek(19500 * time.Millisecond)
	waitEvent(t, p, 60*time.Second, stoppedAfterPlaying)
	x := rec.waitHeard("the end of the track", 30*time.Second, func(x []float64) bool {
		return endsWith(x, []float64{1000})
	})
	if at < 3100*time.Millisecond || at > 5900*time.Millisecond {
		t.Fatalf("position %v at the seek, want inside the 400 Hz tone", at)
	}
	before := at - toneLen
	heard := heardOf(x, 400)
	stale := heard - before
	t.Logf("position at the seek %v: %v of 400 Hz before it, %v heard; stale %v (device buffer %v, at most %v)", at, before, heard, stale, buffer, maxStale)
	if stale > maxStale {
		t.Errorf("%v of the old tone after the seek, want at most %v (the device buffer is %v)", stale, maxStale, buffer)
	}
	if stale < -maxStale {
		t.Errorf("%v less of the old tone than the position said was heard: the position runs ahead", -stale)
	}
	late := max(probe.end(), rec.sinkStall())
	if got := heardOf(x, 900); got < 1200*time.Millisecond-late || got > 1800*time.Millisecond {
		t.Errorf("900 Hz heard %v after the seek to 19.5 s, want 1.5 s (short by at most %v on this machine)", got, 300*time.Millisecond+late)
	}
}

// TestPauseHoldsDeviceAudio pauses through the sound device inside the
// 400 Hz tone and resumes a second later: the sink goes silent meanwhile,
// and the tone is heard for its whole 3 s in all, nothing lost or repeated
// around the pause.
func TestPauseHoldsDeviceAudio(t *testing.T) {
	needServices(t)
	c := newLocalCDN(t)
	rec := recordSink(t)
	time.Sleep(500 * time.Millisecond)
	p, err := New(context.Background(), Options{res: c})
	if err != nil {
		t.Fatalf("New with the sound device: %v", err)
	}
	defer p.Close()
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
	tol := 150*time.Millisecond + 2*late
	t.Logf("worst delay %v, tolerance %v; runs %+v", late, tol, toneRuns(x, 44100))
	if got := heardOf(x, 400); got < 3*time.Second-tol || got > 3*time.Second+tol {
		t.Errorf("400 Hz heard %v around a pause inside it, want 3 s ± %v", got, tol)
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
