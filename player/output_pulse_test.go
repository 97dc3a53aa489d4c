//go:build cgo || !linux

package player

import (
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/cirrus-tui/cirrus/api"
	"github.com/cirrus-tui/cirrus/internal/testpulse"
	"github.com/cirrus-tui/cirrus/player/pulse"
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
	// PulseAudio's monitor drops about the first second it records here:
	// let it run before the first tone, which is checked whole.
	time.Sleep(1500 * time.Millisecond)
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
	// The server granted the large buffer asked for, so that the writer
	// wakes a few times a second (the server asks for minreq at a time).
	o := p.out.(*pulseOutput)
	o.mu.Lock()
	attr := o.st.Attr()
	o.mu.Unlock()
	secs := func(b int) time.Duration { return time.Duration(b/pulse.FrameBytes) * time.Second / 44100 }
	t.Logf("buffer granted: tlength %v, minreq %v, prebuf %v, maxlength %v", secs(attr.TargetLength), secs(attr.MinReq), secs(attr.Prebuf), secs(attr.MaxLength))
	// The target is the whole latency (the stream asks to adjust the
	// sink's to it), so a server may keep part of it for the sink:
	// PipeWire 0.3.65 grants about 0.8 s of 1 s.
	if secs(attr.TargetLength) < pulseTarget*3/4 || secs(attr.MinReq) < pulseRequest/2 {
		t.Errorf("server buffer tlength %v, minreq %v: want at least %v and %v (asked %v and %v)", secs(attr.TargetLength), secs(attr.MinReq), pulseTarget*3/4, pulseRequest/2, pulseTarget, pulseRequest)
	}
	waitEvent(t, p, 60*time.Second, stoppedAfterPlaying)
	rec.waitHeard("the whole track", 30*time.Second, func(x []float64) bool { return endsWith(x, toneFreqs) })
	late := max(probe.end(), rec.sinkStall())
	if err := p.Close(); err != nil {
		t.Errorf("close: %v", err)
	}
	x := rec.stop()
	t.Logf("runs %+v", toneRuns(x, 44100)[:6])
	failEach(t, checkRecorded(t, rec.heard(), toneFreqs, toneLen, late))
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
// agree), and the samples are not scaled again by the engine; then a mixer
// sets it, and cirrus's volume follows.
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
	// A mixer sets the stream's volume: cirrus's volume follows.
	input := regexp.MustCompile(`^Sink Input #(\d+)`).FindStringSubmatch(cirrusSinkInput(t))
	if input == nil {
		t.Fatal("no stream")
	}
	pactlOut(t, "set-sink-input-volume", input[1], "60%")
	ev := waitEvent(t, p, 10*time.Second, func(ev Event) bool { return ev.Kind == EventVolume && ev.Status.Volume != 0.35 })
	if v := ev.Status.Volume; v < 0.595 || v > 0.605 {
		t.Errorf("volume %v after a mixer set the stream to 60%%", v)
	}
	if got := sinkInputVolume(t); got != "60" {
		t.Errorf("stream volume %q%% after following the mixer, want it left at 60%%", got)
	}
}

// pulseStale is the most of old audio a seek or a pause may let through on
// the pulse output: what the sink had already rendered and could not take
// back (PulseAudio rewinds it; measured here: none), one chunk written
// across the flush (pulseChunk), and one 10 ms window of heardOf.
const pulseStale = time.Duration(pulseChunk)*time.Second/44100 + 10*time.Millisecond

// TestPulseSeekDropsStaleAudio seeks inside the 400 Hz tone: after the
// seek at most pulseStale of it is heard (the server held up to
// pulseTarget of it: flushed), and the 900 Hz sought to is heard whole.
// The 400 Hz heard is compared with what the player said was heard when
// it was told to seek: the position comes from the server's account.
func TestPulseSeekDropsStaleAudio(t *testing.T) {
	c, rec, p := newPulsePlayer(t, Options{})
	probe := startSchedProbe()
	at, x := actInside400(t, c, rec, p, "the seek", []float64{1000}, func() { p.Seek(19500 * time.Millisecond) })
	late := max(probe.end(), rec.sinkStall())
	before := at - toneLen
	heard := heardOf(x, 400)
	stale := heard - before
	t.Logf("position at the seek %v: %v of 400 Hz before it, %v heard; stale %v (at most %v); worst delay %v; runs %+v",
		at, before, heard, stale, pulseStale, late, significant(toneRuns(x, 44100), 0))
	if stale > pulseStale {
		t.Errorf("%v of the old tone after the seek, want at most %v (the server held %v)", stale, pulseStale, pulseTarget)
	}
	if stale < -pulseStale-late {
		t.Errorf("%v less of the old tone than the position said was heard: the position runs ahead", -stale)
	}
	if got := heardOf(x, 900); got < 1200*time.Millisecond-late || got > 1800*time.Millisecond {
		t.Errorf("900 Hz heard %v after the seek to 19.5 s, want 1.5 s", got)
	}
}

// TestPulsePauseCorks pauses inside the 400 Hz tone for 1.5 s: the sink is
// silent meanwhile (the old audio heard after the pause is at most
// pulseStale), and the tone is heard for its whole 3 s in all, nothing
// lost or repeated around the pause.
func TestPulsePauseCorks(t *testing.T) {
	c, rec, p := newPulsePlayer(t, Options{})
	probe := startSchedProbe()
	p.PlayTracks([]api.Track{c.hlsAAC(1)}, 0)
	waitEvent(t, p, 30*time.Second, func(ev Event) bool {
		return ev.Kind == EventPosition && ev.Status.Position >= 4500*time.Millisecond
	})
	held := startSchedProbe() // how late this process ran around the pause
	at := p.Status().Position
	p.Pause()
	time.Sleep(1500 * time.Millisecond)
	// The position stands still while paused (the server's account after
	// the cork may differ by a few ms from the estimate before it, more
	// when this process was held up: the estimate ran on while the
	// server's did not; once 65 ms at a load of 15).
	slack := pulseStale + held.end()
	if got := p.Status().Position; got-at > slack || at-got > slack {
		t.Errorf("position %v after 1.5 s paused, was %v at the pause", got, at)
	}
	p.Play()
	waitEvent(t, p, 60*time.Second, stoppedAfterPlaying)
	x := rec.waitHeard("the end of the track", 30*time.Second, func(x []float64) bool { return endsWith(x, toneFreqs) })
	late := max(probe.end(), rec.sinkStall())
	tol := 150*time.Millisecond + 2*late
	runs := toneRuns(x, 44100)
	t.Logf("position at the pause %v; worst delay %v, tolerance %v; runs %+v", at, late, tol, runs)
	if got := heardOf(x, 400); got < 3*time.Second-tol || got > 3*time.Second+tol {
		t.Errorf("400 Hz heard %v around a pause inside it, want 3 s ± %v", got, tol)
	}
	if !pausedInside(runs, 400, 1100*time.Millisecond) {
		t.Errorf("no silence of the pause's length (1.5 s) inside the 400 Hz tone: runs %+v", runs)
	}
	// The silence starts where the player said it was at the pause: the
	// 400 Hz before the first silence after it starts (100 ms windows: one
	// window either way).
	var before time.Duration
	for _, r := range runs {
		if r.freq == 400 {
			before += r.to - r.from
		}
		if r.freq == 0 && before > 0 {
			break
		}
	}
	if d := before - (at - toneLen); d > pulseStale+100*time.Millisecond || d < -pulseStale-100*time.Millisecond-late {
		t.Errorf("400 Hz heard %v before the pause, the player said %v", before, at-toneLen)
	}
}

// loadNullSink adds a null sink named name for the test.
func loadNullSink(t *testing.T, name string) {
	t.Helper()
	idx := strings.TrimSpace(pactlOut(t, "load-module", "module-null-sink", "sink_name="+name))
	t.Cleanup(func() { exec.Command("pactl", "unload-module", idx).Run() })
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		if sinkIndex(t, name) != "" {
			return
		}
	}
	t.Fatalf("sink %s did not appear", name)
}

// sinkIndex is the index of the sink named name, "" if there is none.
func sinkIndex(t *testing.T, name string) string {
	for _, l := range strings.Split(pactlOut(t, "list", "short", "sinks"), "\n") {
		if f := strings.Fields(l); len(f) > 1 && f[1] == name {
			return f[0]
		}
	}
	return ""
}

// streamSink is the index of the sink cirrus's stream plays on.
func streamSink(t *testing.T) string {
	m := regexp.MustCompile(`(?m)^\s*Sink: (\d+)$`).FindStringSubmatch(cirrusSinkInput(t))
	if m == nil {
		return ""
	}
	return m[1]
}

// recordMonitor records a sink's monitor into a file until the test ends;
// it returns a function giving the left channel so far.
func recordMonitor(t *testing.T, sink string) func() []float64 {
	return recordMonitorAt(t, sink, 20*time.Millisecond)
}

// recordMonitorAt is recordMonitor with the recorder asking for latency.
// A short one makes the sink itself run at that latency, whatever its
// streams ask for.
func recordMonitorAt(t *testing.T, sink string, latency time.Duration) func() []float64 {
	t.Helper()
	path := t.TempDir() + "/" + sink + ".raw"
	cmd := exec.Command("parec", "-d", sink+".monitor", "--format=s16le", "--rate=44100", "--channels=2", "--raw",
		fmt.Sprintf("--latency-msec=%d", latency.Milliseconds()), path)
	cmd.Args = cmd.Args[:len(cmd.Args)-1] // parec --raw writes to stdout
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stdout = f
	if err := cmd.Start(); err != nil {
		t.Fatalf("parec %s: %v", sink, err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait(); f.Close() })
	return func() []float64 {
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		return s16Left(b[:len(b)-len(b)%4])
	}
}

// TestPulseDeviceChoice: with a device named, the stream plays there and
// the sink hears it; a device the server lacks is a clear error.
func TestPulseDeviceChoice(t *testing.T) {
	needServices(t)
	loadNullSink(t, "other")
	other := recordMonitor(t, "other")
	c := newLocalCDN(t)
	time.Sleep(500 * time.Millisecond) // let parec attach
	p, err := New(context.Background(), Options{Output: PulseOutput, Device: "other", res: c})
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	if got, want := streamSink(t), sinkIndex(t, "other"); got != want {
		t.Errorf("stream on sink %q, want %q (other)", got, want)
	}
	p.PlayTracks([]api.Track{c.hlsAAC(1)}, 0)
	waitEvent(t, p, 30*time.Second, func(ev Event) bool {
		return ev.Kind == EventPosition && ev.Status.Position >= 4*time.Second
	})
	waitTones(t, other, "300 and 400 Hz on the sink chosen", []float64{300, 400})
	p2, err := New(context.Background(), Options{Output: PulseOutput, Device: "nowhere", res: c})
	if err == nil {
		p2.Close()
	}
	if !errors.Is(err, ErrNoDevice) || !strings.Contains(err.Error(), `"nowhere"`) {
		t.Errorf("device nowhere: %v, want ErrNoDevice naming it", err)
	}
}

// waitTones waits until the recording holds the tones want (in order,
// each for 300 ms or more).
func waitTones(t *testing.T, rec func() []float64, what string, want []float64) []float64 {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for {
		x := rec()
		got := freqsOf(significant(toneRuns(x, 44100), 300*time.Millisecond))
		if containsRun(got, want) {
			return x
		}
		if time.Now().After(deadline) {
			t.Fatalf("waiting for %s: heard %v", what, got)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

func containsRun(got, want []float64) bool {
	for i := 0; i+len(want) <= len(got); i++ {
		if slices.Equal(got[i:i+len(want)], want) {
			return true
		}
	}
	return false
}

// sinkOfInput is the index of the sink the sink input idx plays on, as
// the server lists it ("" if there is no such sink input).
func sinkOfInput(t *testing.T, idx string) string {
	for _, l := range strings.Split(pactlOut(t, "list", "short", "sink-inputs"), "\n") {
		if f := strings.Fields(l); len(f) > 1 && f[0] == idx {
			return f[1]
		}
	}
	return ""
}

// TestPulseFollowsMove moves the playing stream to another sink, as a user
// does in a mixer (pactl move-sink-input): the server puts it there, the
// output's own account of its sink follows (the server's moved notice),
// it keeps playing there, the rest of the track heard on the new sink, and
// the player reports no error. The stream moved is the output's own (its
// sink input index), not the first one named cirrus the server lists.
func TestPulseFollowsMove(t *testing.T) {
	c, rec, p := newPulsePlayer(t, Options{})
	loadNullSink(t, "other")
	other := recordMonitor(t, "other")
	time.Sleep(500 * time.Millisecond)
	p.PlayTracks([]api.Track{c.hlsAAC(1)}, 0)
	waitEvent(t, p, 30*time.Second, func(ev Event) bool {
		return ev.Kind == EventPosition && ev.Status.Position >= 4*time.Second
	})
	o := p.out.(*pulseOutput)
	o.mu.Lock()
	st := o.st
	o.mu.Unlock()
	if st == nil {
		t.Fatal("the output has no stream while playing")
	}
	input := fmt.Sprint(st.SinkInput())
	capIdx, otherIdx := sinkIndex(t, "cap"), sinkIndex(t, "other")
	if got := sinkOfInput(t, input); got != capIdx {
		t.Errorf("stream (sink input %s) on sink %q, want the default (cap, %q)", input, got, capIdx)
	}
	// as a mixer does, from a client that stays connected (see
	// testpulse.Mixer: a move by pactl is sometimes lost on PipeWire)
	_, addr, err := pulse.Server("")
	if err != nil {
		t.Fatal(err)
	}
	if err := testpulse.NewMixer(t, addr).MoveSinkInput(st.SinkInput(), "other"); err != nil {
		t.Fatalf("move sink input %s to other: %v", input, err)
	}
	moved := func() bool { return sinkOfInput(t, input) == otherIdx && st.Sink() == "other" }
	for deadline := time.Now().Add(10 * time.Second); !moved() && time.Now().Before(deadline); {
		time.Sleep(50 * time.Millisecond)
	}
	if !moved() {
		t.Errorf("10 s after the move: sink input %s on sink %q as the server lists it, %q as the output has it; want other (%s)\n%s\n%s",
			input, sinkOfInput(t, input), st.Sink(), otherIdx, pactlOut(t, "list", "short", "sink-inputs"), pactlOut(t, "list", "short", "sinks"))
	}
	defer func() {
		t.Logf("cap heard %v; other heard %v", significant(toneRuns(rec.samples(), 44100), 0), significant(toneRuns(other(), 44100), 0))
	}()
	var errs []error
	waitEvent(t, p, 60*time.Second, func(ev Event) bool {
		if ev.Kind == EventError {
			errs = append(errs, ev.Err)
		}
		return stoppedAfterPlaying(ev)
	})
	if len(errs) > 0 {
		t.Errorf("errors after the move: %v", errs)
	}
	x := waitTones(t, other, "the rest of the track on the sink moved to", []float64{800, 900, 1000})
	if got := heardOf(x, 900); got < 2500*time.Millisecond {
		t.Errorf("900 Hz heard %v on the new sink, want its 3 s", got)
	}
	if got := heardOf(rec.samples(), 900); got > 0 {
		t.Errorf("900 Hz heard %v on the old sink after the move", got)
	}
}

// TestChooseOutput: "auto" looks for a server on $PULSE_SERVER and says
// what it found; it keeps ALSA where the build has it (pulse is opt-in for
// now); a named output is kept.
func TestChooseOutput(t *testing.T) {
	sock := t.TempDir() + "/native"
	l, err := net.Listen("unix", sock)
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	t.Setenv("PULSE_SERVER", "unix:"+sock)
	got, why := ChooseOutput("auto")
	want := ALSAOutput
	if !alsaBuilt {
		want = PulseOutput
	}
	if got != want || (alsaBuilt && !strings.Contains(why, "answers at "+sock)) {
		t.Errorf("auto with a server: %q (%s), want %q saying it answers", got, why, want)
	}
	t.Setenv("PULSE_SERVER", "unix:"+sock+".none")
	if got, why := ChooseOutput(""); got != want || (alsaBuilt && !strings.Contains(why, "no PulseAudio-protocol server answers")) {
		t.Errorf("auto without a server: %q (%s), want %q saying none answers", got, why, want)
	}
	if got, _ := ChooseOutput(PulseOutput); got != PulseOutput {
		t.Errorf("pulse chosen: %q", got)
	}
}

// TestPulseAloneOnItsSink plays the tones track through the pulse output
// onto a sink nothing else plays on (every other pulse test has the pilot
// or other streams beside it, or records with a short latency, which sets
// the sink's) and checks that the sink heard the track: each tone, in
// order, for most of its length. On PulseAudio 16, a stream in the default
// latency mode had the sink run at half its target and take every write
// at once: it ran dry at each, and the sink played bursts with silence
// between (0.4 s heard of 10 s).
func TestPulseAloneOnItsSink(t *testing.T) {
	needServices(t)
	loadNullSink(t, "alone")
	rec := recordMonitorAt(t, "alone", 2*time.Second) // a listener that sets nothing
	c := newLocalCDN(t)
	time.Sleep(500 * time.Millisecond) // let parec attach
	p, err := New(context.Background(), Options{Output: PulseOutput, Device: "alone", res: c})
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	tr := c.hlsAAC(1)
	p.PlayTracks([]api.Track{tr}, 0)
	waitEvent(t, p, 90*time.Second, stoppedAfterPlaying)
	// The monitor may miss about the first second it records (see
	// TestPulsePlaysTrackNamed), and the last tone may still be on its way.
	want := toneFreqs[1 : len(toneFreqs)-1]
	x := waitTones(t, rec, "the tones, in order", want)
	runs := significant(toneRuns(x, 44100), 300*time.Millisecond)
	for _, f := range want {
		var d time.Duration
		for _, r := range runs {
			if r.freq == f {
				d += r.to - r.from
			}
		}
		// The recorder may lose a little on a busy machine; the fault
		// left a tenth.
		if d < toneLen*6/10 {
			t.Errorf("%v Hz heard for %v of %v; runs %+v", f, d, toneLen, runs)
		}
	}
}

// TestPulseWriterWakesRarely: playing steadily, the writer fills when the
// server asks, when pulseRequest has played (twice a second), and asks the
// server where the stream stands every pulseRecheck, not before each
// write: each is a wake-up of the whole process. It once filled nine times
// a second and asked fifteen.
func TestPulseWriterWakesRarely(t *testing.T) {
	c, _, p := newPulsePlayer(t, Options{})
	p.PlayTracks([]api.Track{c.hlsAAC(1)}, 0)
	waitEvent(t, p, 30*time.Second, func(ev Event) bool {
		return ev.Kind == EventPosition && ev.Status.Position >= 3*time.Second
	})
	o, ok := p.out.(*pulseOutput)
	if !ok {
		t.Fatalf("output %T, want the pulse output", p.out)
	}
	counts := func() (int, int) {
		o.mu.Lock()
		defer o.mu.Unlock()
		return o.fills, o.asks
	}
	const window = 4 * time.Second
	f0, a0 := counts()
	time.Sleep(window)
	f1, a1 := counts()
	if st := p.Status(); st.State != Playing {
		t.Fatalf("state %v after the window, want it playing throughout", st.State)
	}
	fills, asks := f1-f0, a1-a0
	t.Logf("in %v: %d fills, %d timings asked", window, fills, asks)
	// Each bound allows two more than the design's rate: a notice that
	// the stream started, a late request split in two.
	if most := int(window/pulseRequest) + 2; fills > most || fills < int(window/pulseRequest)/2 {
		t.Errorf("%d fills in %v, want about %d (at most %d)", fills, window, window/pulseRequest, most)
	}
	if most := int(window/pulseRecheck) + 2; asks > most {
		t.Errorf("%d timings asked in %v, want at most %d", asks, window, most)
	}
}

// TestPulseAnnouncesTrackWhenHeard plays the end of one track into the next
// without a gap. The server holds seconds of audio, so the engine moves on
// to the second track well before its first sound is heard: until then the
// player still shows the first track, its position running to its end, and
// it announces the second when that is heard, its position running from
// zero at once (not standing at 0:00 while the first one's end plays).
func TestPulseAnnouncesTrackWhenHeard(t *testing.T) {
	c, _, p := newPulsePlayer(t, Options{})
	p.PlayTracks([]api.Track{c.hlsAAC(1), c.hlsAAC(2), c.hlsAAC(3)}, 0)
	waitEvent(t, p, 30*time.Second, func(ev Event) bool {
		return ev.Kind == EventPosition && ev.Status.Position >= time.Second
	})
	dur := p.Status().Duration
	p.Seek(dur - 6*time.Second)
	type sample struct {
		at    time.Time
		index int
		pos   time.Duration
	}
	var samples []sample
	var changed time.Time
	for deadline := time.Now().Add(15 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		st := p.Status()
		samples = append(samples, sample{time.Now(), st.Index, st.Position})
		if st.Index == 1 && changed.IsZero() {
			changed = time.Now()
		}
		if !changed.IsZero() && time.Since(changed) > 1500*time.Millisecond {
			break
		}
	}
	if changed.IsZero() {
		t.Fatalf("the second track was never shown")
	}
	var lastOld time.Duration
	stuck := false
	for _, s := range samples {
		switch {
		case s.index == 0:
			lastOld = max(lastOld, s.pos)
		case s.index == 1 && s.at.Sub(changed) >= 500*time.Millisecond && s.pos < 300*time.Millisecond && !stuck:
			stuck = true
			t.Errorf("%v after the second track was shown, its position was %v: shown before it was heard", s.at.Sub(changed), s.pos)
		}
	}
	t.Logf("the first track shown up to %v of %v", lastOld, dur)
	if lastOld < dur-300*time.Millisecond {
		t.Errorf("the first track was shown up to %v of %v, then the second: announced before its end was heard", lastOld, dur)
	}

	// Next while the second track's end is heard and the third already
	// plays behind it: the third starts over, shown and heard at once;
	// the player does not skip past it (to the end of the queue).
	// (well before the end: the third track must be opened in time to
	// follow without a gap)
	p.Seek(dur - 6*time.Second)
	tailed := false
	for deadline := time.Now().Add(15 * time.Second); time.Now().Before(deadline) && !tailed; time.Sleep(10 * time.Millisecond) {
		p.mu.Lock()
		tailed = p.tail != nil
		p.mu.Unlock()
	}
	if !tailed {
		t.Fatalf("the engine never moved to the third track ahead of the ear")
	}
	if st := p.Status(); st.Index != 1 {
		t.Errorf("shown track %d while the second one's end plays, want 1", st.Index)
	}
	p.Next()
	time.Sleep(time.Second)
	if st := p.Status(); st.Index != 2 || st.State != Playing || st.Position < 500*time.Millisecond || st.Position > 2*time.Second {
		t.Errorf("a second after next, at the second track's end: track %d %v at %v, want track 2 playing from its start", st.Index, st.State, st.Position)
	}
}
