//go:build unix

// Package testpulse starts a PulseAudio-protocol sound server of a test's
// own, for tests only (as net/http/httptest is for HTTP servers): one a
// test may kill, freeze or restart without touching the shared sound
// server the other tests play on. It is PulseAudio (the pulseaudio and
// pactl commands: pulseaudio and pulseaudio-utils), or with
// Options.PipeWire a headless PipeWire with its PulseAudio server
// (pipewire, wireplumber and pipewire-pulse, on a D-Bus session bus of its
// own: dbus-daemon).
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
	// PipeWire starts PipeWire and pipewire-pulse instead of PulseAudio.
	// Its socket is always Dir/run/pulse/native (Socket is not used).
	PipeWire bool
}

// PipeWireWanted tells whether the test services run PipeWire
// (CIRRUS_SOUND_SERVER=pipewire scripts/with-services): a test that
// restarts the server then restarts a PipeWire of its own.
func PipeWireWanted() bool { return os.Getenv("CIRRUS_SOUND_SERVER") == "pipewire" }

// Server is a running PulseAudio. Its cleanup (thaw, kill, wait) is
// registered with the test's Cleanup, which also prints pulse.log when the
// test failed.
type Server struct {
	t      testing.TB
	cmd    *exec.Cmd // PulseAudio, or pipewire-pulse
	done   chan struct{}
	others []*exec.Cmd // pipewire and wireplumber (and the bus), killed after cmd
	dir    string
	socket string
	log    func() []byte
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
	if sock == "" || opts.PipeWire {
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
	if opts.PipeWire {
		return startPipeWire(t, dir, sinks)
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
	s := &Server{t: t, cmd: cmd, done: make(chan struct{}), dir: dir, socket: sock,
		log: func() []byte { return readLog(filepath.Join(dir, "pulse.log")) }}
	go func() { cmd.Wait(); close(s.done) }()
	s.cleanup()
	s.waitUp("the PulseAudio")
	return s
}

func (s *Server) cleanup() {
	s.t.Cleanup(func() {
		s.Kill()
		if s.t.Failed() {
			s.t.Logf("the sound server's log:\n%s", s.log())
		}
	})
}

// waitUp waits until the server answers pactl info.
func (s *Server) waitUp(what string) {
	s.t.Helper()
	for deadline := time.Now().Add(upWait); ; time.Sleep(50 * time.Millisecond) {
		if _, err := s.Pactl("info"); err == nil {
			return
		}
		if time.Now().After(deadline) {
			s.t.Fatalf("%s did not come up in %v; its log:\n%s", what, upWait, s.log())
		}
	}
}

// startPipeWire starts a headless PipeWire (pipewire, wireplumber,
// pipewire-pulse) in dir with a D-Bus session bus of its own, and makes
// the null sinks through its PulseAudio server.
func startPipeWire(t testing.TB, dir string, sinks []string) *Server {
	t.Helper()
	run := filepath.Join(dir, "run")
	logPath := filepath.Join(dir, "pipewire.log")
	logf, err := os.Create(logPath)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { logf.Close() })
	s := &Server{t: t, done: make(chan struct{}), dir: dir, socket: filepath.Join(run, "pulse", "native"),
		log: func() []byte { return readLog(logPath) }}
	bus := exec.Command("dbus-daemon", "--session", "--nofork", "--print-address=1", "--address=unix:path="+filepath.Join(run, "bus"))
	bus.Stderr = logf
	if err := bus.Start(); err != nil {
		t.Fatalf("start a D-Bus for the PipeWire of the test's own: %v", err)
	}
	s.others = append(s.others, bus)
	env := append(os.Environ(), "HOME="+filepath.Join(dir, "home"), "XDG_RUNTIME_DIR="+run,
		"PIPEWIRE_RUNTIME_DIR="+run, "PULSE_RUNTIME_PATH="+filepath.Join(run, "pulse"),
		"DBUS_SESSION_BUS_ADDRESS=unix:path="+filepath.Join(run, "bus"))
	start := func(name string) *exec.Cmd {
		c := exec.Command(name)
		c.Env, c.Stdout, c.Stderr = env, logf, logf
		if err := c.Start(); err != nil {
			s.Kill()
			t.Fatalf("start %s: %v", name, err)
		}
		return c
	}
	for deadline := time.Now().Add(upWait); ; time.Sleep(20 * time.Millisecond) {
		if _, err := os.Stat(filepath.Join(run, "bus")); err == nil {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the D-Bus of the test's own did not come up in %v", upWait)
		}
	}
	s.others = append(s.others, start("pipewire"))
	for deadline := time.Now().Add(upWait); ; time.Sleep(20 * time.Millisecond) {
		if _, err := os.Stat(filepath.Join(run, "pipewire-0")); err == nil {
			break
		}
		if time.Now().After(deadline) {
			s.Kill()
			t.Fatalf("PipeWire did not come up in %v; its log:\n%s", upWait, s.log())
		}
	}
	s.others = append(s.others, start("wireplumber"))
	s.cmd = start("pipewire-pulse")
	go func() { s.cmd.Wait(); close(s.done) }()
	s.cleanup()
	s.waitUp("pipewire-pulse")
	for _, name := range sinks {
		if _, err := s.Pactl("load-module", "module-null-sink", "sink_name="+name); err != nil {
			t.Fatal(err)
		}
		for deadline := time.Now().Add(upWait); ; time.Sleep(50 * time.Millisecond) {
			if out, _ := s.Pactl("list", "short", "sinks"); strings.Contains(out, "\t"+name+"\t") {
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("PipeWire's null sink %s did not appear in %v; the log:\n%s", name, upWait, s.log())
			}
		}
	}
	return s
}

// Addr is the server's address as PULSE_SERVER and pactl --server take it.
func (s *Server) Addr() string { return "unix:" + s.socket }

// Socket is the path of the server's socket.
func (s *Server) Socket() string { return s.socket }

// Kill kills the server (thawing it first, were it frozen; with PipeWire,
// all of it) and returns once it has exited. Calling it again does
// nothing.
func (s *Server) Kill() {
	if s.cmd != nil {
		s.cmd.Process.Signal(syscall.SIGCONT)
		s.cmd.Process.Kill()
		<-s.done
	}
	for i := len(s.others) - 1; i >= 0; i-- {
		if c := s.others[i]; c.ProcessState == nil {
			c.Process.Kill()
			c.Wait()
		}
	}
}

// Freeze stops the server (SIGSTOP; with PipeWire, pipewire-pulse): its
// socket stays open and nothing it is asked is answered, as with a server
// that hangs.
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

func readLog(path string) []byte {
	b, err := os.ReadFile(path)
	if err != nil {
		return []byte(err.Error())
	}
	return b
}
