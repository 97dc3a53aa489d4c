//go:build unix

package cli

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/cirrus-tui/cirrus/api/fake"
	"github.com/cirrus-tui/cirrus/internal/testpulse"
)

// playChildArgs is set in the environment of the process
// TestPlayEndsWhenTheSoundServerDies starts: that process is `cirrus play`
// with these arguments (JSON), on a sound server of the parent's.
const playChildArgs = "CIRRUS_PLAY_CHILD_ARGS"

// Issue 20, item 5: `cirrus play` went on for ever once the sound server
// died under it (still running after 159 s on a 24 s track; Ctrl-C then
// exited 0). It must end with a non-zero status and say why once the
// device has not come back within --device-wait. The server is a real
// PulseAudio of the test's own, killed (SIGKILL) or frozen (SIGSTOP) while
// `cirrus play` plays through it; oto opens the device once per process,
// so `cirrus play` runs in a child process (this test binary again).
func TestPlayEndsWhenTheSoundServerDies(t *testing.T) {
	if a := os.Getenv(playChildArgs); a != "" {
		var args []string
		if err := json.Unmarshal([]byte(a), &args); err != nil {
			t.Fatal(err)
		}
		os.Exit(execute(context.Background(), args, strings.NewReader(""), os.Stdout, os.Stderr))
	}
	if os.Getenv("CIRRUS_SERVICES_UP") != "1" {
		if os.Getenv("CIRRUS_SKIP_SERVICES") != "1" {
			t.Fatal("needs PulseAudio: run under scripts/with-services (CIRRUS_SKIP_SERVICES=1 skips this test)")
		}
		t.Skip("needs PulseAudio; skipped because CIRRUS_SKIP_SERVICES=1")
	}
	srv, err := fake.New(fake.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	tok, _ := srv.IssueToken(fake.DemoUserPermalink)
	for _, mode := range []string{"killed", "frozen"} {
		t.Run(mode, func(t *testing.T) { playUntilTheServerDies(t, srv, tok, mode) })
	}
}

func playUntilTheServerDies(t *testing.T, srv *fake.Server, tok, mode string) {
	dir := t.TempDir()
	for _, d := range []string{"state", "conf"} {
		if err := os.Mkdir(filepath.Join(dir, d), 0o700); err != nil {
			t.Fatal(err)
		}
	}
	pa := testpulse.Start(t, testpulse.Options{Dir: dir})

	const wait = 3 * time.Second
	args, _ := json.Marshal([]string{"play", "--token", tok, "--api-url", srv.URL(), "--auth-url", srv.AuthURL(),
		"soundcloud:tracks:1001", "--device-wait", wait.String()})
	child := exec.Command(os.Args[0], "-test.run", "^TestPlayEndsWhenTheSoundServerDies$")
	child.Env = append(os.Environ(), playChildArgs+"="+string(args), "PULSE_SERVER="+pa.Addr(),
		"XDG_STATE_HOME="+filepath.Join(dir, "state"), "XDG_CONFIG_HOME="+filepath.Join(dir, "conf"),
		"CIRRUS_SOCKET="+filepath.Join(dir, "cirrus.sock"),
		"DBUS_SESSION_BUS_ADDRESS=unix:path="+filepath.Join(dir, "no-bus"))
	stderr, err := child.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := child.Start(); err != nil {
		t.Fatal(err)
	}
	lines := make(chan string, 100)
	go func() {
		defer close(lines)
		s := bufio.NewScanner(stderr)
		for s.Scan() {
			lines <- s.Text()
		}
	}()
	var said []string
	playing := time.After(60 * time.Second)
	for started := false; !started; {
		select {
		case l, ok := <-lines:
			if !ok {
				child.Wait()
				t.Fatalf("cirrus play ended before playing:\n%s", strings.Join(said, "\n"))
			}
			said = append(said, l)
			started = strings.HasPrefix(l, "playing ")
		case <-playing:
			child.Process.Kill()
			t.Fatalf("cirrus play did not start playing in 60 s:\n%s", strings.Join(said, "\n"))
		}
	}
	time.Sleep(time.Second) // well into the track, on the doomed server
	if s, err := pa.Pactl("list", "short", "sink-inputs"); err != nil || strings.TrimSpace(s) == "" {
		t.Fatalf("no stream of cirrus play's on the test's PulseAudio (%v): %q", err, s)
	}
	if mode == "frozen" {
		pa.Freeze()
	} else {
		pa.Kill()
	}
	t0 := time.Now()
	exited := make(chan error, 1)
	go func() {
		for l := range lines {
			said = append(said, l)
		}
		exited <- child.Wait()
	}()
	// The bound: the player notices a frozen server within 5 s (its
	// watchdog), then --device-wait; closing may wait 5 s for a device
	// call. Far less than the 24 s track: it ended because it failed.
	select {
	case err = <-exited:
	case <-time.After(60 * time.Second):
		child.Process.Kill()
		<-exited
		t.Fatalf("cirrus play still running 60 s after the sound server was %s:\n%s", mode, strings.Join(said, "\n"))
	}
	t.Logf("exit after the server was %s: %v, %v later; stderr:\n%s", mode, err, time.Since(t0).Round(100*time.Millisecond), strings.Join(said, "\n"))
	var ee *exec.ExitError
	if !errors.As(err, &ee) || ee.ExitCode() != ExitError {
		t.Fatalf("exit %v, want status %d", err, ExitError)
	}
	all := strings.Join(said, "\n")
	if want := "the sound device failed and did not come back within " + wait.String(); !strings.Contains(all, want) {
		t.Errorf("no %q in what cirrus play said", want)
	}
}
