//go:build cgo || !linux

package player

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/cirrus-tui/cirrus/api"
)

// needServices skips without the test services and insists on them when
// scripts/with-services says they are up.
func needServices(t *testing.T) {
	t.Helper()
	if os.Getenv("CIRRUS_SERVICES_UP") != "1" {
		if os.Getenv("CIRRUS_SKIP_SERVICES") != "1" {
			t.Fatal("needs PulseAudio with the null sink \"cap\": run under scripts/with-services (CIRRUS_SKIP_SERVICES=1 skips this test)")
		}
		t.Skip("needs PulseAudio with the null sink \"cap\"; skipped because CIRRUS_SKIP_SERVICES=1")
	}
	for _, tool := range []string{"parec", "pacat", "pactl"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Fatalf("CIRRUS_SERVICES_UP=1 but %s is missing: %v", tool, err)
		}
	}
}

// sinkRecording is parec recording the null sink's monitor, with the
// pilot (pilot_test.go) playing into the sink alongside, so that what the
// recorder lost can be told from what the player lost. It also keeps the
// longest wait between two deliveries from parec: parec asks for 20 ms of
// latency, so a longer wait means the sound server itself was held up (a
// busy machine), and the sink rendered that time late.
type sinkRecording struct {
	t     *testing.T
	cmd   *exec.Cmd
	f     *os.File
	path  string
	done  chan struct{}
	mu    sync.Mutex
	stall time.Duration
	// dropAt, dropLen (bytes of the recording): a test's fault, the
	// recorder losing audio there, as parec would on an overrun.
	dropAt, dropLen atomic.Int64
}

// recordSink starts the pilot and then recording the null sink's monitor
// (s16le stereo 44.1 kHz).
func recordSink(t *testing.T) *sinkRecording {
	t.Helper()
	path := filepath.Join(t.TempDir(), "capture.raw")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	startPilot(t)
	cmd := exec.Command("parec", "-d", "cap.monitor", "--format=s16le", "--rate=44100", "--channels=2", "--raw", "--latency-msec=20")
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatalf("start parec: %v", err)
	}
	r := &sinkRecording{t: t, cmd: cmd, f: f, path: path, done: make(chan struct{})}
	go func() {
		defer close(r.done)
		buf := make([]byte, 64<<10)
		var last time.Time
		var got int64
		for {
			n, err := out.Read(buf)
			if n > 0 {
				now := time.Now()
				if !last.IsZero() {
					r.mu.Lock()
					r.stall = max(r.stall, now.Sub(last))
					r.mu.Unlock()
				}
				last = now
				f.Write(r.keep(got, buf[:n]))
				got += int64(n)
			}
			if err != nil {
				return
			}
		}
	}()
	t.Cleanup(func() { r.stop() })
	return r
}

// keep is what of b, which starts at byte at of what parec delivered,
// goes into the recording: all of it, but for a fault set by the test.
func (r *sinkRecording) keep(at int64, b []byte) []byte {
	from, n := r.dropAt.Load(), r.dropLen.Load()
	if n == 0 || at+int64(len(b)) <= from || at >= from+n {
		return b
	}
	var out []byte
	if from > at {
		out = append(out, b[:from-at]...)
	}
	if end := from + n; end < at+int64(len(b)) {
		out = append(out, b[end-at:]...)
	}
	return out
}

// sinkStall is the longest the sound server kept parec waiting so far.
func (r *sinkRecording) sinkStall() time.Duration {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.stall
}

// samples is the left channel recorded so far: the player's.
func (r *sinkRecording) samples() []float64 {
	return s16Left(r.raw())
}

// raw is the recording so far, both channels.
func (r *sinkRecording) raw() []byte {
	b, err := os.ReadFile(r.path)
	if err != nil {
		r.t.Fatal(err)
	}
	return b[:len(b)-len(b)%4]
}

// pilotReport is what the pilot says about the recording so far: what the
// recorder lost, and where.
func (r *sinkRecording) pilotReport() pilotReport {
	return analysePilot(r.raw())
}

// stop ends parec and returns the whole recording's left channel.
func (r *sinkRecording) stop() []float64 {
	if r.cmd.ProcessState == nil {
		r.cmd.Process.Signal(os.Interrupt)
		select {
		case <-r.done:
		case <-time.After(5 * time.Second):
			r.cmd.Process.Kill()
			<-r.done
		}
		r.cmd.Wait()
		r.f.Close()
	}
	return r.samples()
}

// waitHeard polls the recording until cond holds for what it holds so far.
// The sink reaches its monitor up to about 2 s late, and later on a busy
// machine: wait for the sound, not for the player's events.
func (r *sinkRecording) waitHeard(what string, timeout time.Duration, cond func(x []float64) bool) []float64 {
	r.t.Helper()
	deadline := time.Now().Add(timeout)
	for {
		x := r.samples()
		if cond(x) {
			return x
		}
		if time.Now().After(deadline) {
			r.t.Fatalf("timed out after %v waiting for %s at the sink; it heard tones %v", timeout, what,
				freqsOf(significant(toneRuns(x, 44100), 300*time.Millisecond)))
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// endsWith says whether x holds want's last tone followed by at least
// 500 ms of silence: the whole track reached the sink.
func endsWith(x []float64, want []float64) bool {
	raw := toneRuns(x, 44100)
	runs := significant(raw, 300*time.Millisecond)
	if len(runs) == 0 || runs[len(runs)-1].freq != want[len(want)-1] {
		return false
	}
	last := raw[len(raw)-1]
	return last.freq == 0 && last.from >= runs[len(runs)-1].to && last.to-last.from >= 500*time.Millisecond
}

// schedProbe measures how late this process's goroutines wake up: a
// goroutine sleeps 5 ms at a time and keeps the worst overshoot. On a busy
// machine the player's goroutines (and the sound server) are held up about
// as long, and a gap that long is the machine's, not the player's.
type schedProbe struct {
	stop  chan struct{}
	done  chan struct{}
	worst time.Duration
}

func startSchedProbe() *schedProbe {
	s := &schedProbe{stop: make(chan struct{}), done: make(chan struct{})}
	go func() {
		defer close(s.done)
		for {
			select {
			case <-s.stop:
				return
			default:
			}
			t0 := time.Now()
			time.Sleep(5 * time.Millisecond)
			s.worst = max(s.worst, time.Since(t0)-5*time.Millisecond)
		}
	}()
	return s
}

// end stops the probe and returns the worst lateness seen.
func (s *schedProbe) end() time.Duration {
	close(s.stop)
	<-s.done
	return s.worst
}

// playThroughDevice plays tr through the player's device output, ALSA and
// PulseAudio, and returns the recording of the null sink's monitor once
// the track's last tone and the silence after it arrived there, and the
// worst scheduling delay seen meanwhile.
func playThroughDevice(t *testing.T, res resolver, tr api.Track, want []float64) (heard, time.Duration) {
	t.Helper()
	rec := recordSink(t)
	time.Sleep(500 * time.Millisecond) // let parec attach
	p, err := New(context.Background(), Options{res: res})
	if err != nil {
		t.Fatalf("New with the sound device: %v", err)
	}
	probe := startSchedProbe()
	p.PlayTracks([]api.Track{tr}, 0)
	waitEvent(t, p, 90*time.Second, stoppedAfterPlaying)
	rec.waitHeard("the whole track", 30*time.Second, func(x []float64) bool { return endsWith(x, want) })
	late := probe.end()
	if err := p.Close(); err != nil {
		t.Errorf("close: %v", err)
	}
	stall := rec.sinkStall()
	t.Logf("worst delays while playing: %v waking this process, %v in the sound server", late, stall)
	rec.stop()
	return rec.heard(), max(late, stall)
}

// heard is a recording of the sink: the player's audio (the left channel)
// and what the pilot says the recorder lost.
type heard struct {
	x     []float64
	pilot pilotReport
}

// heard is the recording so far, with the pilot's report.
func (r *sinkRecording) heard() heard {
	raw := r.raw()
	return heard{x: s16Left(raw), pilot: analysePilot(raw)}
}

// account splits tone f's shortfall between the recorder and the player
// (intended: how many of the longest silences inside the tone are meant,
// a pause).
func (h heard) account(f float64, want time.Duration, intended int) toneAccount {
	return account(h.x, h.pilot, f, want, intended)
}

// playerLossTolerance is how much of a tone the player may seem to lose
// once the recorder's losses are taken out: the 10 ms windows at the
// tone's two edges, which hold part of the next tone (2 × 10 ms), the
// AAC encoder's fade at the very start, and a few windows of margin.
const playerLossTolerance = 60 * time.Millisecond

// checkRecorded checks what the sink heard: the tones in order; each for
// its whole length (judged by content in 10 ms windows, so a dropout that
// delays the sound does not count as a longer tone), where what the
// recorder lost (the pilot tells, to the sample) is not the player's, nor
// what went with silence while the pilot played on (the player's stream
// ran dry), and anything else missing beyond playerLossTolerance is the
// player's drop; and no gap between the first and the last tone, nor
// silences during one tone in all, longer than 150 ms plus twice the
// worst delay measured while playing (this process waking late, or the
// sound server delivering late: a gap is a stream that ran dry, and on a
// machine that held the sound server up for two seconds, a gap of two
// seconds is not the player's). It returns the failures rather than
// reporting them, so that a test can check that a dropout is caught.
func checkRecorded(t *testing.T, h heard, want []float64, toneLen, late time.Duration) []string {
	t.Helper()
	x := h.x
	raw := toneRuns(x, 44100)
	runs := significant(raw, 300*time.Millisecond)
	if got := freqsOf(runs); !slices.Equal(got, want) {
		return []string{fmt.Sprintf("recorded tones %v, want %v (runs %+v)", got, want, runs)}
	}
	t.Logf("%v", h.pilot)
	var errs []string
	tolerance := 150*time.Millisecond + 2*late
	t.Logf("gaps up to %v tolerated, alone or in all during a tone", tolerance)
	for _, f := range want {
		a := h.account(f, toneLen, 0)
		t.Logf("%v", a)
		if e := a.playerLossError(playerLossTolerance); e != "" {
			errs = append(errs, e)
		}
		if a.dry > tolerance {
			errs = append(errs, fmt.Sprintf("dropouts: the player's stream ran dry for %v in all during the %v Hz tone, more than the %v the machine's delays explain", a.dry, f, tolerance))
		}
	}
	for _, r := range raw {
		if r.freq == 0 && r.from > runs[0].from && r.to < runs[len(runs)-1].to {
			t.Logf("gap %v at %v", r.to-r.from, r.from)
			if r.to-r.from > tolerance {
				errs = append(errs, fmt.Sprintf("dropout: %v of silence at %v, more than the %v the machine's delays explain", r.to-r.from, r.from, tolerance))
			}
		}
	}
	return errs
}

// failEach reports every failure.
func failEach(t *testing.T, errs []string) {
	t.Helper()
	for _, e := range errs {
		t.Error(e)
	}
}

// TestRealAudioPathLocal checks the device path with the local fixtures.
func TestRealAudioPathLocal(t *testing.T) {
	needServices(t)
	c := newLocalCDN(t)
	h, late := playThroughDevice(t, c, c.hlsAAC(1), toneFreqs)
	failEach(t, checkRecorded(t, h, toneFreqs, toneLen, late))
}
