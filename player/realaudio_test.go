package player

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
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

// sinkRecording is parec recording the null sink's monitor.
type sinkRecording struct {
	t    *testing.T
	cmd  *exec.Cmd
	f    *os.File
	path string
}

// recordSink starts recording the null sink's monitor (s16le stereo 44.1 kHz).
func recordSink(t *testing.T) *sinkRecording {
	t.Helper()
	path := filepath.Join(t.TempDir(), "capture.raw")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("parec", "-d", "cap.monitor", "--format=s16le", "--rate=44100", "--channels=2", "--raw")
	cmd.Stdout = f
	if err := cmd.Start(); err != nil {
		t.Fatalf("start parec: %v", err)
	}
	r := &sinkRecording{t: t, cmd: cmd, f: f, path: path}
	t.Cleanup(func() { r.stop() })
	return r
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
		done := make(chan error, 1)
		go func() { done <- r.cmd.Wait() }()
		select {
		case <-done:
		case <-time.After(5 * time.Second):
			r.cmd.Process.Kill()
			<-done
		}
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

// playThroughDevice plays tr through the player's device output, ALSA and
// PulseAudio, and returns what the null sink's monitor heard once the
// track's last tone and the silence after it arrived there.
func playThroughDevice(t *testing.T, res resolver, tr api.Track, want []float64) []float64 {
	t.Helper()
	rec := recordSink(t)
	time.Sleep(500 * time.Millisecond) // let parec attach
	p, err := New(context.Background(), Options{res: res})
	if err != nil {
		t.Fatalf("New with the sound device: %v", err)
	}
	p.PlayTracks([]api.Track{tr}, 0)
	waitEvent(t, p, 90*time.Second, stoppedAfterPlaying)
	rec.waitHeard("the whole track", 30*time.Second, func(x []float64) bool { return endsWith(x, want) })
	if err := p.Close(); err != nil {
		t.Errorf("close: %v", err)
	}
	return rec.stop()
}

func checkRecorded(t *testing.T, x []float64, want []float64, toneLen time.Duration) {
	t.Helper()
	raw := toneRuns(x, 44100)
	for _, r := range raw {
		if r.freq <= 0 && r.to-r.from < 2*time.Second {
			t.Logf("gap %v at %v", r.to-r.from, r.from)
		}
	}
	runs := significant(raw, 300*time.Millisecond)
	if got := freqsOf(runs); !slices.Equal(got, want) {
		t.Fatalf("recorded tones %v, want %v (runs %+v)", got, want, runs)
	}
	for _, r := range runs {
		if d := r.to - r.from; d < toneLen-300*time.Millisecond || d > toneLen+300*time.Millisecond {
			t.Errorf("tone %v lasted %v, want %v", r.freq, d, toneLen)
		}
	}
	span := runs[len(runs)-1].to - runs[0].from
	total := time.Duration(len(want)) * toneLen
	if span < total-400*time.Millisecond || span > total+400*time.Millisecond {
		t.Errorf("tones span %v, want %v", span, total)
	}
}

// TestRealAudioPathLocal checks the device path with the local fixtures.
func TestRealAudioPathLocal(t *testing.T) {
	needServices(t)
	c := newLocalCDN(t)
	x := playThroughDevice(t, c, c.hlsAAC(1), toneFreqs)
	checkRecorded(t, x, toneFreqs, toneLen)
}
