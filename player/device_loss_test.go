//go:build unix && (cgo || !linux)

package player

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/cirrus-tui/cirrus/api"
	"github.com/cirrus-tui/cirrus/internal/testpulse"
)

// deviceLossChild is set in the environment of the process
// TestSoundServerLossIsReported starts: that process is the player whose
// sound server dies.
const deviceLossChild = "CIRRUS_DEVICE_LOSS_CHILD"

// TestSoundServerLossIsReported kills the sound server under a playing
// player: oto's C writer thread gets an ALSA error (the path no other
// test reaches). The player must say so (an error event naming the
// device), pause, report it again on a Play rather than pretend to play,
// and close without hanging; the process must not crash. Then it freezes
// the server instead (SIGSTOP): no ALSA call fails, the device just takes
// nothing, and ALSA calls that wait for the server (snd_pcm_drop) block.
// A seek must come back (callDevice gives up on the call), the player
// must report the device (that call) and pause, and Close must not hang a
// quit. Left alone on a frozen server ("stalled"), the player's watchdog
// (deviceStall) must report it. oto opens
// the device once per process, so the player runs in a child process
// (this test binary again) on a PulseAudio of its own.
func TestSoundServerLossIsReported(t *testing.T) {
	if mode := os.Getenv(deviceLossChild); mode != "" {
		soundServerLossChild(t, mode)
		return
	}
	needServices(t)
	for _, mode := range []string{"killed", "frozen", "stalled"} {
		t.Run(mode, func(t *testing.T) { soundServerLoss(t, mode) })
	}
}

// soundServerLoss starts a PulseAudio and a child player on it, then kills
// or freezes the server, and checks what the child reports.
func soundServerLoss(t *testing.T, mode string) {
	pa := testpulse.Start(t, testpulse.Options{})

	child := exec.Command(os.Args[0], "-test.run", "^TestSoundServerLossIsReported$", "-test.v")
	child.Env = append(os.Environ(), deviceLossChild+"="+mode, "PULSE_SERVER="+pa.Addr())
	out, err := child.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	in, err := child.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	child.Stderr = child.Stdout
	if err := child.Start(); err != nil {
		t.Fatal(err)
	}
	lines := make(chan string, 100)
	go func() {
		defer close(lines)
		s := bufio.NewScanner(out)
		for s.Scan() {
			lines <- s.Text()
		}
	}()
	var log []string
	waitLine := func(prefix string, d time.Duration) string {
		t.Helper()
		timeout := time.After(d)
		for {
			select {
			case l, ok := <-lines:
				if !ok {
					t.Fatalf("the child ended before %q; its output:\n%s", prefix, strings.Join(log, "\n"))
				}
				log = append(log, l)
				if strings.HasPrefix(l, prefix) {
					return l
				}
			case <-timeout:
				child.Process.Kill()
				t.Fatalf("no %q from the child in %v; its output:\n%s", prefix, d, strings.Join(log, "\n"))
			}
		}
	}
	waitLine("CHILD playing", 60*time.Second)
	// The child plays on this server, not the shared one: its stream is here.
	if s, err := pa.Pactl("list", "short", "sink-inputs"); err != nil || strings.TrimSpace(s) == "" {
		t.Fatalf("no stream on the second PulseAudio (%v): %q", err, s)
	}
	if mode == "killed" {
		pa.Kill()
	} else {
		pa.Freeze()
	}
	fmt.Fprintln(in, "go")
	var said []string // the child's reports after the go
	if mode == "frozen" {
		said = append(said, waitLine("CHILD seeked", 30*time.Second))
	}
	errs := []string{waitLine("CHILD error", 30*time.Second)}
	waitLine("CHILD paused", 10*time.Second)
	if mode == "killed" {
		errs = append(errs, waitLine("CHILD error again", 30*time.Second))
	}
	said = append(said, errs...)
	said = append(said, waitLine("CHILD closed", 30*time.Second))
	for l := range lines {
		log = append(log, l)
	}
	if err := child.Wait(); err != nil {
		t.Fatalf("the child failed: %v; its output:\n%s", err, strings.Join(log, "\n"))
	}
	t.Log(strings.Join(said, "\n"))
	want := map[string]string{
		"killed":  "audio device",                      // the writer's ALSA error
		"frozen":  "audio device: drop did not return", // the seek's call, given up on
		"stalled": "audio device: no sound played",     // the watchdog
	}[mode]
	for _, l := range errs {
		if !strings.Contains(l, want) {
			t.Errorf("error %q, want one with %q", l, want)
		}
	}
}

// soundServerLossChild plays the tones track until its parent kills or
// freezes the sound server, then reports on stdout what the player did.
func soundServerLossChild(t *testing.T, mode string) {
	c := newLocalCDN(t)
	p, err := New(context.Background(), Options{res: c})
	if err != nil {
		t.Fatalf("New with the sound device: %v", err)
	}
	closed := false
	defer func() {
		if !closed {
			p.Close()
		}
	}()
	p.PlayTracks([]api.Track{c.hlsAAC(1)}, 0)
	waitEvent(t, p, 30*time.Second, func(ev Event) bool {
		return ev.Kind == EventPosition && ev.Status.Position >= time.Second
	})
	fmt.Println("CHILD playing")
	// The parent has killed or frozen the server when it says go.
	if _, err := bufio.NewReader(os.Stdin).ReadString('\n'); err != nil {
		t.Fatalf("reading the parent's go: %v", err)
	}
	if mode == "frozen" {
		// A seek drops the device's buffer: an ALSA call that waits for
		// the server. It must come back (callDevice), not hold the
		// player for ever.
		t0 := time.Now()
		seeked := make(chan struct{})
		go func() { p.Seek(10 * time.Second); close(seeked) }()
		select {
		case <-seeked:
			fmt.Printf("CHILD seeked in %v\n", time.Since(t0).Round(time.Millisecond))
		case <-time.After(deviceCallWait + 10*time.Second):
			t.Fatalf("Seek hung for %v on a frozen sound server", deviceCallWait+10*time.Second)
		}
	}
	ev := waitEvent(t, p, deviceStall+15*time.Second, func(ev Event) bool { return ev.Kind == EventError })
	fmt.Printf("CHILD error: %v\n", ev.Err)
	deadline := time.Now().Add(5 * time.Second)
	for p.Status().State != Paused {
		if time.Now().After(deadline) {
			t.Fatalf("state %v 5 s after the error, want Paused", p.Status().State)
		}
		time.Sleep(20 * time.Millisecond)
	}
	fmt.Println("CHILD paused")
	if mode == "killed" {
		p.Play()
		ev = waitEvent(t, p, 20*time.Second, func(ev Event) bool { return ev.Kind == EventError })
		fmt.Printf("CHILD error again: %v\n", ev.Err)
	}
	done := make(chan error, 1)
	go func() { done <- p.Close() }()
	select {
	case err := <-done:
		closed = true
		fmt.Printf("CHILD closed: %v\n", err)
	case <-time.After(deviceCallWait + 5*time.Second):
		t.Fatalf("Close hung for %v after the sound server was %s", deviceCallWait+5*time.Second, mode)
	}
}
