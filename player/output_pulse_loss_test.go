//go:build unix && (cgo || !linux)

package player

import (
	"context"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/cirrus-tui/cirrus/api"
	"github.com/cirrus-tui/cirrus/internal/testpulse"
	"github.com/cirrus-tui/cirrus/player/pulse"
)

// privatePulse is a sound server of the test's own (PulseAudio, or
// PipeWire where the test services run PipeWire) with its null sink
// "doomed" recorded from its monitor.
type privatePulse struct {
	*testpulse.Server
	rec func() []float64
}

// startPrivatePulse starts a PulseAudio on sock (dir holds its state) and
// records its sink into rec<n>.raw.
func startPrivatePulse(t *testing.T, dir, sock string, n int) *privatePulse {
	t.Helper()
	srv := testpulse.Start(t, testpulse.Options{Dir: dir, Socket: sock, PipeWire: testpulse.PipeWireWanted()})
	s := &privatePulse{Server: srv}
	path := filepath.Join(dir, "rec"+string(rune('0'+n))+".raw")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	rec := exec.Command("parec", "--server", srv.Addr(), "-d", "doomed.monitor", "--format=s16le", "--rate=44100", "--channels=2", "--raw", "--latency-msec=20")
	rec.Stdout = f
	if err := rec.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { rec.Process.Kill(); rec.Wait(); f.Close() })
	s.rec = func() []float64 {
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		return s16Left(b[:len(b)-len(b)%4])
	}
	time.Sleep(500 * time.Millisecond) // let parec attach
	return s
}

// TestPulseServerRestart kills the sound server under a playing player and
// starts it again a second later: the player says it lost the server and
// is reconnecting, then that it is back; the position does not jump (it
// stands where the listener was while the server is away, and playing goes
// on from there, not from what had been sent), and the rest of the track
// is heard on the new server, the tone that was cut short heard on from
// where it was cut.
func TestPulseServerRestart(t *testing.T) {
	needServices(t)
	// The player connects through a link to each server's socket in turn:
	// a new server's null sink runs fast for its first seconds here (it
	// took many seconds of audio at once), so the second server is given
	// time to settle before the link points to it.
	dir := t.TempDir()
	link := filepath.Join(dir, "native")
	pointTo := func(sock string) {
		tmp := link + ".new"
		os.Remove(tmp)
		if err := os.Symlink(sock, tmp); err != nil {
			t.Fatal(err)
		}
		if err := os.Rename(tmp, link); err != nil {
			t.Fatal(err)
		}
	}
	pa1 := startPrivatePulse(t, filepath.Join(dir, "1"), filepath.Join(dir, "native1"), 1)
	time.Sleep(3 * time.Second)
	pointTo(pa1.Socket())
	c := newLocalCDN(t)
	p, err := New(context.Background(), Options{Output: PulseOutput, pulseServer: "unix:" + link, res: c})
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	probe := startSchedProbe()
	p.PlayTracks([]api.Track{c.hlsAAC(1)}, 0)
	waitEvent(t, p, 30*time.Second, func(ev Event) bool {
		return ev.Kind == EventPosition && ev.Status.Position >= 4500*time.Millisecond
	})
	pa1.Kill()
	// The player's watchdog may speak first where this machine's fresh
	// null sink stalled for seconds just before the kill (seen once in
	// five runs): logged, and the player played on after the server is
	// back.
	reconnecting := func(ev Event) bool {
		return ev.Kind == EventError && strings.Contains(ev.Err.Error(), "reconnecting")
	}
	ev := waitEvent(t, p, 15*time.Second, func(ev Event) bool {
		return reconnecting(ev) || ev.Kind == EventError && strings.Contains(ev.Err.Error(), "no sound played")
	})
	if !reconnecting(ev) {
		// The watchdog spoke first and paused the player: the writer
		// then waits in the paused engine, and the lost server must be
		// noticed all the same (it once was not: no "reconnecting", even
		// after play was pressed).
		t.Logf("before the reconnecting notice: %v (status %v)", ev.Err, p.Status().State)
		ev = waitEvent(t, p, 15*time.Second, reconnecting)
	}
	t.Logf("after the kill: %v", ev.Err)
	lost := p.Status().Position
	if got := p.Status().Position; got != lost {
		t.Errorf("position moved from %v to %v while the server was away", lost, got)
	}
	pa2 := startPrivatePulse(t, filepath.Join(dir, "2"), filepath.Join(dir, "native2"), 2)
	time.Sleep(3 * time.Second)
	pointTo(pa2.Socket())
	ev = waitEvent(t, p, 15*time.Second, func(ev Event) bool { return ev.Kind == EventError })
	if !strings.Contains(ev.Err.Error(), "back") {
		t.Fatalf("error %q after the server came back, want it to say so", ev.Err)
	}
	if st := p.Status().State; st != Playing {
		// The watchdog must not pause the player while the output
		// says it is reconnecting (it once did, and playing did not
		// go on by itself once the server was back).
		t.Errorf("state %v once the server was back, want playing on by itself", st)
		p.Play()
	}
	if d := p.Status().Position - lost; d < -100*time.Millisecond || d > 300*time.Millisecond {
		t.Errorf("position %v once the server was back, %v when it went: a jump", p.Status().Position, lost)
	}
	// A fresh null sink here has been seen to take nothing for 5 s
	// after the reconnect, with the machine loaded (once in nine runs,
	// load average 14 on 2 cores): the watchdog then pauses, as it would
	// on any stalled server, and a listener presses play; that it is
	// noticed and said is checked elsewhere, what is heard is checked here.
	replayed := false
	waitEvent(t, p, 60*time.Second, func(ev Event) bool {
		if ev.Kind != EventPosition {
			t.Logf("event %v %v at %v: %v", ev.Kind, ev.Status.State, ev.Status.Position, ev.Err)
		}
		if ev.Kind == EventError && strings.Contains(ev.Err.Error(), "no sound played") && !replayed {
			t.Logf("the new server's sink stalled; pressing play")
			replayed = true
			go p.Play()
		}
		return stoppedAfterPlaying(ev)
	})
	deadline := time.Now().Add(20 * time.Second)
	var x2 []float64
	for x2 = pa2.rec(); !endsWith(x2, toneFreqs) && time.Now().Before(deadline); x2 = pa2.rec() {
		time.Sleep(100 * time.Millisecond)
	}
	late := probe.end()
	x1 := pa1.rec()
	runs1, runs2 := significant(toneRuns(x1, 44100), 300*time.Millisecond), significant(toneRuns(x2, 44100), 300*time.Millisecond)
	h1, h2 := heardOf(x1, 400), heardOf(x2, 400)
	t.Logf("position when lost %v; first server heard %v, second %v; 400 Hz %v + %v; worst delay %v", lost, runs1, runs2, h1, h2, late)
	if got := freqsOf(runs2); len(got) == 0 || got[0] != 400 || got[len(got)-1] != 1000 {
		t.Errorf("the second server heard %v, want 400 Hz (from where it was cut) to 1000 Hz", got)
	}
	// Of the tone cut short, what the first server heard and the second
	// one heard make the whole 3 s: what the first had been sent and not
	// played is played again, from where it was heard, not skipped.
	if sum := h1 + h2; sum < 3*time.Second-300*time.Millisecond-late || sum > 3*time.Second+300*time.Millisecond {
		t.Errorf("400 Hz heard %v on the first server and %v on the second: %v in all, want 3 s", h1, h2, sum)
	}
}

// TestPulseServerFrozen freezes the sound server (SIGSTOP) under a playing
// player: no call waits for it for ever. A seek comes back (a request is
// given up after pulse.Timeout and the connection dropped), the player
// says what happened, and Close returns.
func TestPulseServerFrozen(t *testing.T) {
	needServices(t)
	dir := t.TempDir()
	sock := filepath.Join(dir, "native")
	pa := startPrivatePulse(t, filepath.Join(dir, "1"), sock, 1)
	c := newLocalCDN(t)
	p, err := New(context.Background(), Options{Output: PulseOutput, pulseServer: pa.Addr(), res: c})
	if err != nil {
		t.Fatal(err)
	}
	p.PlayTracks([]api.Track{c.hlsAAC(1)}, 0)
	waitEvent(t, p, 30*time.Second, func(ev Event) bool {
		return ev.Kind == EventPosition && ev.Status.Position >= 3*time.Second
	})
	pa.Freeze()
	returned := func(what string, f func()) {
		t.Helper()
		done := make(chan struct{})
		go func() { f(); close(done) }()
		select {
		case <-done:
		case <-time.After(20 * time.Second):
			t.Fatalf("%s on a frozen server did not return in 20 s", what)
		}
	}
	returned("a seek", func() { p.Seek(10 * time.Second) })
	ev := waitEvent(t, p, 30*time.Second, func(ev Event) bool { return ev.Kind == EventError })
	t.Logf("reported: %v", ev.Err)
	if !strings.Contains(ev.Err.Error(), "sound server") {
		t.Errorf("error %q does not name the sound server", ev.Err)
	}
	returned("Close", func() { p.Close() })
}

// blockingReader gives n bytes of silence, then blocks (as the engine
// does while paused) until gate is closed, then ends.
type blockingReader struct {
	n       int
	blocked chan struct{}
	gate    chan struct{}
}

func (r *blockingReader) Read(p []byte) (int, error) {
	if r.n > 0 {
		k := min(len(p), r.n)
		clear(p[:k])
		r.n -= k
		return k, nil
	}
	select {
	case r.blocked <- struct{}{}:
	default:
	}
	<-r.gate
	return 0, io.EOF
}

// TestPulseLossNoticedWhileWriterWaits kills the server while the pulse
// output's writer waits in its reader (the engine blocks there while
// paused, or while the decoder is behind): the loss is reported at once
// all the same, and the output reconnects to the server that comes back,
// without the reader giving anything. The writer once noticed a lost
// server only between reads, so that a player paused by its watchdog just
// before the server went never said so, even after play was pressed.
func TestPulseLossNoticedWhileWriterWaits(t *testing.T) {
	needServices(t)
	dir := t.TempDir()
	link := filepath.Join(dir, "native")
	pa1 := testpulse.Start(t, testpulse.Options{Dir: filepath.Join(dir, "1"), Socket: filepath.Join(dir, "native1"), PipeWire: testpulse.PipeWireWanted()})
	if err := os.Symlink(pa1.Socket(), link); err != nil {
		t.Fatal(err)
	}
	o, err := newPulseOutput(44100, "unix:"+link, "", 1)
	if err != nil {
		t.Fatal(err)
	}
	lost := make(chan error, 4)
	back := make(chan struct{}, 4)
	o.setReconnect(func(err error) { lost <- err }, func(install func()) { install(); back <- struct{}{} })
	r := &blockingReader{n: 44100 * pulse.FrameBytes / 2, blocked: make(chan struct{}, 1), gate: make(chan struct{})}
	if err := o.start(r); err != nil {
		t.Fatal(err)
	}
	o.resume()
	defer func() {
		close(r.gate)
		o.close()
	}()
	select {
	case <-r.blocked:
	case <-time.After(20 * time.Second):
		t.Fatal("the writer did not read its half second")
	}
	pa1.Kill()
	select {
	case err := <-lost:
		t.Logf("reported: %v", err)
		if !strings.Contains(err.Error(), "reconnecting") {
			t.Errorf("loss reported as %q, want it to say it is reconnecting", err)
		}
	case <-time.After(20 * time.Second):
		t.Fatal("the server was killed while the writer waited in its reader: not noticed in 20 s")
	}
	pa2 := testpulse.Start(t, testpulse.Options{Dir: filepath.Join(dir, "2"), Socket: filepath.Join(dir, "native2"), PipeWire: testpulse.PipeWireWanted()})
	os.Remove(link)
	if err := os.Symlink(pa2.Socket(), link); err != nil {
		t.Fatal(err)
	}
	select {
	case <-back:
	case <-time.After(30 * time.Second):
		t.Fatal("no reconnect to the server that came back in 30 s (the reader still waits)")
	}
	out, err := pa2.Pactl("list", "sink-inputs")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out, `application.name = "cirrus"`) {
		t.Errorf("no cirrus stream on the new server:\n%s", out)
	}
}

// silenceCounter gives silence for ever and counts what it gave.
type silenceCounter struct{ n atomic.Int64 }

func (r *silenceCounter) Read(p []byte) (int, error) {
	clear(p)
	r.n.Add(int64(len(p)))
	return len(p), nil
}

// TestPulseWriterKeepsToRealTime plays endless silence for 4 s: the
// writer takes from its reader no more than real time and the server
// buffer allow, whatever the server says of its read index (a server
// here once took all it was given at once, and the writer drained a whole
// track from the engine in seconds, which ended it).
func TestPulseWriterKeepsToRealTime(t *testing.T) {
	needServices(t)
	o, err := newPulseOutput(44100, "", "", 1)
	if err != nil {
		t.Fatal(err)
	}
	r := &silenceCounter{}
	if err := o.start(r); err != nil {
		t.Fatal(err)
	}
	t0 := time.Now()
	o.resume()
	time.Sleep(4 * time.Second)
	got := r.n.Load()
	elapsed := time.Since(t0)
	o.pause()
	o.close()
	bound := int64((elapsed+pulseTarget+100*time.Millisecond).Seconds()*44100) * pulse.FrameBytes
	t.Logf("read %.2f s of audio in %v (bound %.2f s)", float64(got)/44100/pulse.FrameBytes, elapsed, float64(bound)/44100/pulse.FrameBytes)
	if got > bound {
		t.Errorf("the writer read %.2f s of audio in %v: ahead of real time by more than the %v server buffer", float64(got)/44100/pulse.FrameBytes, elapsed, pulseTarget)
	}
}

// TestPulseWriterOutlivesLoss ends the connection while the writer waits
// for the server's answer to a request (a server killed then: the request
// fails with the socket's end of file, io.EOF, wrapped). That is the
// connection's failure, not the reader's end: once the output has
// reconnected, the writer writes on. It once took that end of file for
// the engine's (closed) and ended, so that the player said the server was
// back and played nothing, even after play was pressed
// (TestPulseServerRestart failed so about one run in three on a quiet
// machine, where the kill often fell in the writer's timing request).
func TestPulseWriterOutlivesLoss(t *testing.T) {
	needServices(t)
	_, addr, err := pulse.Server("")
	if err != nil {
		t.Fatal(err)
	}
	px := testpulse.NewProxy(t, addr)
	o, err := newPulseOutput(44100, px.Addr(), "", 1)
	if err != nil {
		t.Fatal(err)
	}
	lost := make(chan error, 4)
	back := make(chan struct{}, 4)
	o.setReconnect(func(err error) { lost <- err }, func(install func()) { install(); back <- struct{}{} })
	r := &silenceCounter{}
	if err := o.start(r); err != nil {
		t.Fatal(err)
	}
	o.resume()
	defer func() {
		o.pause()
		o.close()
	}()
	waitFor(t, 20*time.Second, "the writer's first second", func() bool { return r.n.Load() >= 44100*pulse.FrameBytes })
	// The writer asks for the stream's timing at least every quarter
	// second (its safety tick); the cut waits for it to be asking.
	px.Cut()
	select {
	case err := <-lost:
		t.Logf("reported: %v", err)
	case <-time.After(20 * time.Second):
		t.Fatal("the cut connection was not noticed in 20 s")
	}
	select {
	case <-back:
	case <-time.After(30 * time.Second):
		t.Fatal("no reconnect in 30 s")
	}
	n := r.n.Load()
	waitFor(t, 20*time.Second, "the writer writing on the new connection", func() bool {
		return r.n.Load()-n >= 44100*pulse.FrameBytes/2
	})
}

// waitFor polls cond every 50 ms until it holds, failing the test after
// limit.
func waitFor(t *testing.T, limit time.Duration, what string, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(limit); !cond(); time.Sleep(50 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("waiting for %s: not within %v", what, limit)
		}
	}
}
