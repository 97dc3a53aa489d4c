//go:build unix

// Package testpulse starts a PulseAudio of a test's own, for tests only
// (as net/http/httptest is for HTTP servers): one a test may kill, freeze
// or restart without touching the shared sound server the other tests
// play on. It needs the pulseaudio and pactl commands (pulseaudio and
// pulseaudio-utils).
package testpulse

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// upWait is how long Start waits for the server to answer pactl info: a
// busy machine has been seen to need more than 10 s.
const upWait = 30 * time.Second

// Options says where the server keeps its state and what it offers.
type Options struct {
	// Dir holds the server's home, runtime directory and pulse.log;
	// t.TempDir() if empty.
	Dir string
	// Socket is the path of the native-protocol socket the server
	// listens on; Dir/native if empty. A test that restarts the server
	// gives each server its own and links a fixed path to them in turn.
	Socket string
	// Sinks are the names of the null sinks to load; one named "doomed"
	// if empty.
	Sinks []string
}

// Server is a running PulseAudio. Its cleanup (thaw, kill, wait) is
// registered with the test's Cleanup, which also prints pulse.log when the
// test failed.
type Server struct {
	t      testing.TB
	cmd    *exec.Cmd
	done   chan struct{}
	dir    string
	socket string
}

// Start starts a PulseAudio as opts says and returns once it answers
// pactl info, failing the test (with its log) if it does not within 30 s.
// The server is kept off the session bus, where the shared server owns
// PulseAudio's name.
func Start(t testing.TB, opts Options) *Server {
	t.Helper()
	dir := opts.Dir
	if dir == "" {
		dir = t.TempDir()
	}
	sock := opts.Socket
	if sock == "" {
		sock = filepath.Join(dir, "native")
	}
	sinks := opts.Sinks
	if len(sinks) == 0 {
		sinks = []string{"doomed"}
	}
	for _, d := range []string{"home", "run"} {
		if err := os.MkdirAll(filepath.Join(dir, d), 0o700); err != nil {
			t.Fatal(err)
		}
	}
	args := []string{"-n", "--daemonize=no", "--exit-idle-time=-1",
		"--log-target=file:" + filepath.Join(dir, "pulse.log"),
		"-L", "module-native-protocol-unix auth-anonymous=1 socket=" + sock}
	for _, s := range sinks {
		args = append(args, "-L", "module-null-sink sink_name="+s)
	}
	cmd := exec.Command("pulseaudio", args...)
	cmd.Env = append(os.Environ(), "HOME="+filepath.Join(dir, "home"),
		"DBUS_SESSION_BUS_ADDRESS=unix:path=/nonexistent",
		"XDG_RUNTIME_DIR="+filepath.Join(dir, "run"), "PULSE_RUNTIME_PATH="+filepath.Join(dir, "run", "pulse"))
	if err := cmd.Start(); err != nil {
		t.Fatalf("start a PulseAudio of the test's own: %v", err)
	}
	s := &Server{t: t, cmd: cmd, done: make(chan struct{}), dir: dir, socket: sock}
	go func() { cmd.Wait(); close(s.done) }()
	t.Cleanup(func() {
		s.Kill()
		if t.Failed() {
			t.Logf("pulse.log:\n%s", s.log())
		}
	})
	for deadline := time.Now().Add(upWait); ; time.Sleep(50 * time.Millisecond) {
		if _, err := s.Pactl("info"); err == nil {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the PulseAudio did not come up in %v; its log:\n%s", upWait, s.log())
		}
	}
	return s
}

// Addr is the server's address as PULSE_SERVER and pactl --server take it.
func (s *Server) Addr() string { return "unix:" + s.socket }

// Socket is the path of the server's socket.
func (s *Server) Socket() string { return s.socket }

// Kill kills the server (thawing it first, were it frozen) and returns
// once it has exited. Calling it again does nothing.
func (s *Server) Kill() {
	s.cmd.Process.Signal(syscall.SIGCONT)
	s.cmd.Process.Kill()
	<-s.done
}

// Freeze stops the server (SIGSTOP): its socket stays open and nothing it
// is asked is answered, as with a server that hangs.
func (s *Server) Freeze() {
	s.t.Helper()
	if err := s.cmd.Process.Signal(syscall.SIGSTOP); err != nil {
		s.t.Fatalf("freeze the PulseAudio: %v", err)
	}
}

// Thaw lets a frozen server go on (SIGCONT).
func (s *Server) Thaw() {
	s.t.Helper()
	if err := s.cmd.Process.Signal(syscall.SIGCONT); err != nil {
		s.t.Fatalf("thaw the PulseAudio: %v", err)
	}
}

// Pactl runs pactl against the server and returns what it printed on
// stdout; a failure's error carries what it printed on stderr.
func (s *Server) Pactl(args ...string) (string, error) {
	c := exec.Command("pactl", append([]string{"--server", s.Addr()}, args...)...)
	var stderr strings.Builder
	c.Stderr = &stderr
	out, err := c.Output()
	if err != nil {
		return string(out), fmt.Errorf("pactl %s: %w: %s", strings.Join(args, " "), err, strings.TrimSpace(stderr.String()))
	}
	return string(out), nil
}

func (s *Server) log() []byte {
	b, err := os.ReadFile(filepath.Join(s.dir, "pulse.log"))
	if err != nil {
		return []byte(err.Error())
	}
	return b
}
