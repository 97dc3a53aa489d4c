package player

import (
	"context"
	"os/exec"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/cirrus-tui/cirrus/api"
)

// pactlOut runs pactl on the test's sound server.
func pactlOut(t *testing.T, args ...string) string {
	t.Helper()
	out, err := exec.Command("pactl", args...).CombinedOutput()
	if err != nil {
		t.Fatalf("pactl %v: %v\n%s", args, err, out)
	}
	return string(out)
}

// cirrusSinkInput is the `pactl list sink-inputs` block of cirrus's stream,
// "" if there is none.
func cirrusSinkInput(t *testing.T) string {
	t.Helper()
	for _, b := range strings.Split(pactlOut(t, "list", "sink-inputs"), "Sink Input #") {
		if strings.Contains(b, `application.name = "cirrus"`) {
			return "Sink Input #" + b
		}
	}
	return ""
}

// newPulsePlayer is newDevicePlayer on the pulse output.
func newPulsePlayer(t *testing.T, opts Options) (*localCDN, *sinkRecording, *Player) {
	t.Helper()
	opts.Output = PulseOutput
	return newDevicePlayer(t, opts)
}

// TestPulsePlaysTrackNamed plays the tones track through the pulse output
// and checks what the sink heard (every tone, in order, for its length, no
// dropout) and the stream as the server lists it while it plays: named for
// the track, with cirrus's application name and the music role.
func TestPulsePlaysTrackNamed(t *testing.T) {
	c, rec, p := newPulsePlayer(t, Options{})
	probe := startSchedProbe()
	tr := c.hlsAAC(1)
	tr.User = &api.User{Username: "Tone Maker"}
	p.PlayTracks([]api.Track{tr}, 0)
	waitEvent(t, p, 30*time.Second, func(ev Event) bool {
		return ev.Kind == EventPosition && ev.Status.Position >= 2*time.Second
	})
	var si string
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
		if si = cirrusSinkInput(t); strings.Contains(si, "tones 1") {
			break
		}
	}
	for _, want := range []string{
		`media.name = "tones 1 — Tone Maker"`,
		`media.role = "music"`,
		`application.name = "cirrus"`,
		`application.icon_name = "multimedia-audio-player"`,
		"Corked: no",
		"Sink: ",
	} {
		if !strings.Contains(si, want) {
			t.Errorf("the stream lacks %q:\n%s", want, si)
		}
	}
	waitEvent(t, p, 60*time.Second, stoppedAfterPlaying)
	rec.waitHeard("the whole track", 30*time.Second, func(x []float64) bool { return endsWith(x, toneFreqs) })
	late := max(probe.end(), rec.sinkStall())
	if err := p.Close(); err != nil {
		t.Errorf("close: %v", err)
	}
	x := rec.stop()
	t.Logf("runs %+v", toneRuns(x, 44100)[:6])
	checkRecorded(t, x, toneFreqs, toneLen, late)
	if si := cirrusSinkInput(t); si != "" {
		t.Errorf("the stream outlived Close:\n%s", si)
	}
}

// sinkInputVolume is the percentage `pactl list sink-inputs` shows for
// cirrus's stream (front-left).
func sinkInputVolume(t *testing.T) string {
	m := regexp.MustCompile(`Volume: front-left: \d+ /\s+(\d+)%`).FindStringSubmatch(cirrusSinkInput(t))
	if m == nil {
		return ""
	}
	return m[1]
}

// TestPulseVolumeIsTheStreams sets the volume and reads it back from the
// server: the stream's own volume is what cirrus shows (a mixer and cirrus
// agree), and the samples are not scaled again by the engine.
func TestPulseVolumeIsTheStreams(t *testing.T) {
	needServices(t)
	c := newLocalCDN(t)
	p, err := New(context.Background(), Options{Output: PulseOutput, Volume: 0.8, res: c})
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	if got := sinkInputVolume(t); got != "80" {
		t.Errorf("stream volume %q%% at start, want 80%%", got)
	}
	p.SetVolume(0.35)
	if got := sinkInputVolume(t); got != "35" {
		t.Errorf("stream volume %q%% after SetVolume(0.35), want 35%%", got)
	}
	p.eng.mu.Lock()
	g := p.eng.gain
	p.eng.mu.Unlock()
	if g != 1 {
		t.Errorf("engine gain %v, want 1 (the server applies the volume)", g)
	}
}
