package player

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"sync"
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
	for _, tool := range []string{"parec", "pactl"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Fatalf("CIRRUS_SERVICES_UP=1 but %s is missing: %v", tool, err)
		}
	}
}

// sinkRecording is parec recording the null sink's monitor. It also keeps
// the longest wait between two deliveries from parec: parec asks for 20 ms
// of latency, so a longer wait means the sound server itself was held up
// (a busy machine), and the sink rendered that time late.
type sinkRecording struct {
	t     *testing.T
	cmd   *exec.Cmd
	f     *os.File
	path  string
	done  chan struct{}
	mu    sync.Mutex
	stall time.Duration
}

// recordSink starts recording the null sink's monitor (s16le stereo 44.1 kHz).
func recordSink(t *testing.T) *sinkRecording {
	t.Helper()
	path := filepath.Join(t.TempDir(), "capture.raw")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
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
				f.Write(buf[:n])
			}
			if err != nil {
				return
			}
		}
	}()
	t.Cleanup(func() { r.stop() })
	return r
}

// sinkStall is the longest the sound server kept parec waiting so far.
func (r *sinkRecording) sinkStall() time.Duration {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.stall
}

// samples is the left channel recorded so far.
func (r *sinkRecording) samples() []float64 {
	b, err := os.ReadFile(r.path)
	if err != nil {
		r.t.Fatal(err)
	}
	return s16Left(b[:len(b)-len(b)%4])
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
// PulseAudio, and returns what the null sink's monitor heard once the
// track's last tone and the silence after it arrived there, and the worst
// scheduling delay seen meanwhile.
func playThroughDevice(t *testing.T, res resolver, tr api.Track, want []float64) ([]float64, time.Duration) {
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
	return rec.stop(), max(late, stall)
}

// checkRecorded checks what the sink heard: the tones in order, each for
// its whole length (judged by content in 10 ms windows, so a dropout that
// delays the sound does not count as a longer tone), and no gap between
// the first and the last tone longer than the tolerance: 150 ms plus twice
// the worst delay measured while playing (this process waking late, or the
// sound server delivering late). On a quiet machine that is under 200 ms,
// so a real dropout fails; on a machine that held the sound server up for
// two seconds, a gap of two seconds is not the player's.
func checkRecorded(t *testing.T, x []float64, want []float64, toneLen, late time.Duration) {
	t.Helper()
	raw := toneRuns(x, 44100)
	runs := significant(raw, 300*time.Millisecond)
	if got := freqsOf(runs); !slices.Equal(got, want) {
		t.Fatalf("recorded tones %v, want %v (runs %+v)", got, want, runs)
	}
	// A tone may come out short by what the recorder lost while the
	// machine held it up (parec overruns drop audio, they do not delay it):
	// 300 ms plus the worst delay. It may never come out long: that would
	// be audio played twice.
	for _, f := range want {
		if d := heardOf(x, f); d < toneLen-300*time.Millisecond-late || d > toneLen+300*time.Millisecond {
			t.Errorf("tone %v heard for %v, want %v (short by at most %v)", f, d, toneLen, 300*time.Millisecond+late)
		}
	}
	tolerance := 150*time.Millisecond + 2*late
	t.Logf("gaps up to %v tolerated", tolerance)
	for _, r := range raw {
		if r.freq == 0 && r.from > runs[0].from && r.to < runs[len(runs)-1].to {
			t.Logf("gap %v at %v", r.to-r.from, r.from)
			if r.to-r.from > tolerance {
				t.Errorf("dropout: %v of silence at %v, more than the %v the machine's delays explain", r.to-r.from, r.from, tolerance)
			}
		}
	}
}

// TestRealAudioPathLocal checks the device path with the local fixtures.
func TestRealAudioPathLocal(t *testing.T) {
	needServices(t)
	c := newLocalCDN(t)
	x, late := playThroughDevice(t, c, c.hlsAAC(1), toneFreqs)
	checkRecorded(t, x, toneFreqs, toneLen, late)
}
