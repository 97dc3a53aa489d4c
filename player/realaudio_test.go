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

// recordSink records the null sink's monitor until stop is called and
// returns the left channel at 44.1 kHz.
func recordSink(t *testing.T) (stop func() []float64) {
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
	return func() []float64 {
		cmd.Process.Signal(os.Interrupt)
		done := make(chan error, 1)
		go func() { done <- cmd.Wait() }()
		select {
		case <-done:
		case <-time.After(5 * time.Second):
			cmd.Process.Kill()
			<-done
		}
		f.Close()
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		return s16Left(b)
	}
}

// playThroughDevice plays tr through oto → ALSA → PulseAudio and returns what
// the null sink's monitor heard.
func playThroughDevice(t *testing.T, res resolver, tr api.Track) []float64 {
	t.Helper()
	stop := recordSink(t)
	time.Sleep(500 * time.Millisecond) // let parec attach
	p, err := New(context.Background(), Options{res: res})
	if err != nil {
		stop()
		t.Fatalf("New with the sound device: %v", err)
	}
	p.PlayTracks([]api.Track{tr}, 0)
	waitEvent(t, p, 90*time.Second, stoppedAfterPlaying)
	// the null sink runs about 2 s behind: let the tail reach the monitor
	time.Sleep(3 * time.Second)
	if err := p.Close(); err != nil {
		t.Errorf("close: %v", err)
	}
	return stop()
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
	x := playThroughDevice(t, c, c.hlsAAC(1))
	checkRecorded(t, x, toneFreqs, toneLen)
}
