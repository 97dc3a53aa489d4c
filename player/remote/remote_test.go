//go:build unix

package remote

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/cirrus-tui/cirrus/api"
	"github.com/cirrus-tui/cirrus/player"
	"github.com/cirrus-tui/cirrus/player/command"
)

// fakePlayer is an in-test Controller with a queue.
type fakePlayer struct {
	mu    sync.Mutex
	st    player.Status
	queue []api.Track
	calls []string
}

func newFakePlayer() *fakePlayer {
	t := api.Track{URN: "soundcloud:tracks:7", Title: "Seven", Duration: 200_000, User: &api.User{Username: "Sev"}}
	return &fakePlayer{st: player.Status{State: player.Playing, Track: &t, Position: 30 * time.Second,
		Duration: 200 * time.Second, Volume: 0.5}, queue: []api.Track{t}}
}

func (f *fakePlayer) log(s string, fn func()) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.calls = append(f.calls, s)
	if fn != nil {
		fn()
	}
}
func (f *fakePlayer) Status() player.Status {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.st
}

// Do applies c at once, logging what the player was asked, in the words
// the tests below expect.
func (f *fakePlayer) Do(ctx context.Context, c command.Command) error {
	switch c.Op {
	case command.OpPlay:
		f.log("play", func() { f.st.State = player.Playing })
	case command.OpPause:
		f.log("pause", func() { f.st.State = player.Paused })
	case command.OpToggle:
		f.log("toggle", nil)
	case command.OpStop:
		f.log("stop", nil)
	case command.OpNext:
		f.log("next", nil)
	case command.OpPrevious:
		f.log("previous", nil)
	case command.OpSeek:
		if c.Relative {
			f.log(fmt.Sprintf("seekby %v", c.At), func() { f.st.Position += c.At })
		} else {
			f.log(fmt.Sprintf("seek %v", c.At), func() { f.st.Position = c.At })
		}
	case command.OpVolume:
		v := player.StepVolume(f.Status().Volume, c)
		f.log(fmt.Sprintf("volume %.2f", v), func() { f.st.Volume = v })
	case command.OpShuffle:
		on := player.StepSwitch(f.Status().Shuffle, c.Switch)
		f.log(fmt.Sprintf("shuffle %v", on), func() { f.st.Shuffle = on })
	case command.OpRepeat:
		r := player.StepRepeat(f.Status().Repeat, c.Repeat)
		f.log(fmt.Sprintf("repeat %d", r), func() { f.st.Repeat = r })
	case command.OpQueueClear:
		f.log("clear", func() { f.queue = nil })
	default:
		return fmt.Errorf("not a player command: %s", c.Op)
	}
	return nil
}
func (f *fakePlayer) Enqueue(ts ...api.Track) {
	f.log(fmt.Sprintf("enqueue %d", len(ts)), func() { f.queue = append(f.queue, ts...) })
}
func (f *fakePlayer) PlayNext(ts ...api.Track) {
	f.log(fmt.Sprintf("playnext %d", len(ts)), func() {
		f.queue = append(f.queue[:1], append(append([]api.Track(nil), ts...), f.queue[1:]...)...)
	})
}
func (f *fakePlayer) Queue() []api.Track {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]api.Track(nil), f.queue...)
}
func (f *fakePlayer) lastCall() string {
	f.mu.Lock()
	defer f.mu.Unlock()
	if len(f.calls) == 0 {
		return ""
	}
	return f.calls[len(f.calls)-1]
}

// sockDir is a directory other users may traverse, for the foreign-uid tests.
func sockDir(t *testing.T) string {
	t.Helper()
	d, err := os.MkdirTemp("", "cirrus-remote-test-")
	if err != nil {
		t.Fatal(err)
	}
	os.Chmod(d, 0o755)
	t.Cleanup(func() { os.RemoveAll(d) })
	return d
}

func listen(t *testing.T, path string, h Handler) *Server {
	t.Helper()
	s, err := Listen(context.Background(), path, h)
	if err != nil {
		t.Fatalf("Listen: %v", err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func call(t *testing.T, path, cmd string, args ...string) *Response {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	r, err := Call(ctx, path, Request{Cmd: cmd, Args: args})
	if err != nil {
		t.Fatalf("Call %s %v: %v", cmd, args, err)
	}
	return r
}

func TestCommandsRoundTrip(t *testing.T) {
	path := filepath.Join(t.TempDir(), "cirrus.sock")
	f := newFakePlayer()
	listen(t, path, NewPlayerHandler(f, nil))

	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode()&os.ModeSocket == 0 || fi.Mode().Perm() != 0o600 {
		t.Fatalf("socket mode %v, want a 0600 socket", fi.Mode())
	}

	r := call(t, path, "status")
	if !r.OK || r.Status == nil || r.Status.State != "playing" || r.Status.Track.Title != "Seven" ||
		r.Status.Track.Artist != "Sev" || r.Status.PositionMS != 30000 || r.Status.DurationMS != 200000 || r.Status.Volume != 50 {
		t.Fatalf("status: %+v %+v", r, r.Status)
	}
	for _, c := range []struct {
		cmd  []string
		want string
	}{
		{[]string{"pause"}, "pause"},
		{[]string{"play"}, "play"},
		{[]string{"toggle"}, "toggle"},
		{[]string{"next"}, "next"},
		{[]string{"previous"}, "previous"},
		{[]string{"stop"}, "stop"},
		{[]string{"seek", "1:23"}, "seek 1m23s"},
		{[]string{"seek", "1:02:03"}, "seek 1h2m3s"},
		{[]string{"seek", "+10s"}, "seekby 10s"},
		{[]string{"seek", "-10"}, "seekby -10s"},
		{[]string{"seek", "+1:00"}, "seekby 1m0s"},
		{[]string{"seek", "90"}, "seek 1m30s"},
		{[]string{"volume", "80"}, "volume 0.80"},
		{[]string{"volume", "-30"}, "volume 0.50"},
		{[]string{"volume", "+70"}, "volume 1.00"},
		{[]string{"shuffle", "on"}, "shuffle true"},
		{[]string{"repeat", "all"}, "repeat 2"},
		{[]string{"queue", "clear"}, "clear"},
	} {
		r := call(t, path, c.cmd[0], c.cmd[1:]...)
		if !r.OK {
			t.Errorf("%v: %+v", c.cmd, r)
			continue
		}
		if got := f.lastCall(); got != c.want {
			t.Errorf("%v: player got %q, want %q", c.cmd, got, c.want)
		}
	}
	if r := call(t, path, "volume"); !r.OK || r.Status.Volume != 100 {
		t.Errorf("volume report: %+v", r.Status)
	}
	for _, bad := range [][]string{{"seek"}, {"seek", "soon"}, {"seek", "1:75"}, {"volume", "101"}, {"volume", "loud"},
		{"repeat", "forever"}, {"queue", "shuffle"}, {"queue", "add"}, {"queue", "add", "not a urn"}, {"dance"}} {
		r := call(t, path, bad[0], bad[1:]...)
		if r.OK || r.Code != CodeUsage || r.Error == "" {
			t.Errorf("%v: %+v, want a usage error", bad, r)
		}
	}
	if r := call(t, path, "queue", "list"); !r.OK || len(r.Queue) != 0 {
		t.Errorf("queue list after clear: %+v", r)
	}
}

func TestLongQueueListing(t *testing.T) {
	path := filepath.Join(t.TempDir(), "cirrus.sock")
	f := newFakePlayer()
	for i := 0; i < 10000; i++ {
		f.queue = append(f.queue, api.Track{URN: api.NewURN(api.KindTrack, int64(100000+i)),
			Title: strings.Repeat("long title ", 10), Duration: 1000, User: &api.User{Username: "crate digger"}})
	}
	listen(t, path, NewPlayerHandler(f, nil))
	r := call(t, path, "queue", "list")
	if !r.OK || len(r.Queue) != 10001 || r.Queue[10000].URN != "soundcloud:tracks:109999" {
		t.Fatalf("queue list of 10,001: ok %v, %d tracks", r.OK, len(r.Queue))
	}
}

func TestRawProtocol(t *testing.T) {
	path := filepath.Join(t.TempDir(), "cirrus.sock")
	listen(t, path, NewPlayerHandler(newFakePlayer(), nil))
	for _, c := range []struct{ send, want string }{
		{`{"cmd":"status"}` + "\n", `"state":"playing"`},
		{`{"cmd":"status"}`, `"state":"playing"`}, // no newline, then EOF
		{"not json\n", `"code":"usage"`},
	} {
		conn, err := net.Dial("unix", path)
		if err != nil {
			t.Fatal(err)
		}
		conn.Write([]byte(c.send))
		conn.(*net.UnixConn).CloseWrite()
		b, _ := io.ReadAll(conn)
		conn.Close()
		if !strings.Contains(string(b), c.want) || !strings.HasSuffix(string(b), "\n") {
			t.Errorf("send %q: got %q, want %s", c.send, b, c.want)
		}
	}
}

func TestNothingRunning(t *testing.T) {
	path := filepath.Join(t.TempDir(), "cirrus.sock")
	_, err := Call(context.Background(), path, Request{Cmd: "status"})
	var nr *NotRunningError
	if !errors.As(err, &nr) || err.Error() != "no running cirrus (socket "+path+")" {
		t.Fatalf("Call with no socket: %v", err)
	}
	// A stale socket file: the same clear error.
	staleSocket(t, path)
	_, err = Call(context.Background(), path, Request{Cmd: "status"})
	if !errors.As(err, &nr) {
		t.Fatalf("Call on a stale socket: %v", err)
	}
}

// staleSocket leaves a socket file behind with nobody listening, as a
// crashed cirrus does.
func staleSocket(t *testing.T, path string) {
	t.Helper()
	ln, err := net.ListenUnix("unix", &net.UnixAddr{Name: path, Net: "unix"})
	if err != nil {
		t.Fatal(err)
	}
	ln.SetUnlinkOnClose(false)
	ln.Close()
	if _, err := os.Stat(path); err != nil {
		t.Fatalf("stale socket vanished: %v", err)
	}
}

func TestStaleSocketReplaced(t *testing.T) {
	path := filepath.Join(t.TempDir(), "cirrus.sock")
	staleSocket(t, path)
	listen(t, path, NewPlayerHandler(newFakePlayer(), nil))
	if r := call(t, path, "status"); !r.OK {
		t.Fatalf("status on the replaced socket: %+v", r)
	}
}

func TestLiveSocketIsAlreadyRunning(t *testing.T) {
	path := filepath.Join(t.TempDir(), "cirrus.sock")
	s := listen(t, path, NewPlayerHandler(newFakePlayer(), nil))
	_, err := Listen(context.Background(), path, NewPlayerHandler(newFakePlayer(), nil))
	if !errors.Is(err, ErrAlreadyRunning) || !strings.Contains(err.Error(), "cirrus is already running") {
		t.Fatalf("second Listen: %v", err)
	}
	// The first one is untouched and still answers.
	if r := call(t, path, "status"); !r.OK {
		t.Fatalf("first server after a second Listen: %+v", r)
	}
	// Close removes the file; then a new Listen works.
	s.Close()
	if _, err := os.Stat(path); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("socket left after Close: %v", err)
	}
	listen(t, path, NewPlayerHandler(newFakePlayer(), nil))
}

func TestNotASocketIsLeftAlone(t *testing.T) {
	path := filepath.Join(t.TempDir(), "cirrus.sock")
	os.WriteFile(path, []byte("precious"), 0o600)
	if _, err := Listen(context.Background(), path, NewPlayerHandler(newFakePlayer(), nil)); err == nil {
		t.Fatal("Listen replaced a regular file")
	}
	if b, _ := os.ReadFile(path); string(b) != "precious" {
		t.Fatal("regular file changed")
	}
}

func TestContextEndStopsServer(t *testing.T) {
	path := filepath.Join(t.TempDir(), "cirrus.sock")
	ctx, cancel := context.WithCancel(context.Background())
	s, err := Listen(ctx, path, NewPlayerHandler(newFakePlayer(), nil))
	if err != nil {
		t.Fatal(err)
	}
	cancel()
	s.Close()
	_, err = Call(context.Background(), path, Request{Cmd: "status"})
	var nr *NotRunningError
	if !errors.As(err, &nr) {
		t.Fatalf("after cancel: %v", err)
	}
}

// The foreign-user tests re-run this test binary as uid 65534 (nobody).
const helperEnv = "CIRRUS_REMOTE_HELPER"

func TestMain(m *testing.M) {
	switch os.Getenv(helperEnv) {
	case "client":
		r, err := Call(context.Background(), os.Getenv("CIRRUS_SOCKET"), Request{Cmd: "pause"})
		out := map[string]any{"resp": r}
		if err != nil {
			out["err"] = err.Error()
		}
		json.NewEncoder(os.Stdout).Encode(out)
		os.Exit(0)
	case "rawclient":
		// A client that skips the owner check, to reach the server's own check.
		c, err := net.Dial("unix", os.Getenv("CIRRUS_SOCKET"))
		if err != nil {
			json.NewEncoder(os.Stdout).Encode(map[string]any{"err": err.Error()})
			os.Exit(0)
		}
		c.Write([]byte(`{"cmd":"pause"}` + "\n"))
		var r Response
		json.NewDecoder(c).Decode(&r)
		json.NewEncoder(os.Stdout).Encode(map[string]any{"resp": r})
		os.Exit(0)
	case "server":
		s, err := Listen(context.Background(), os.Getenv("CIRRUS_SOCKET"), NewPlayerHandler(newFakePlayer(), nil))
		if err != nil {
			fmt.Println("error:", err)
			os.Exit(1)
		}
		fmt.Println("ready")
		io.Copy(io.Discard, os.Stdin) // run until the test closes stdin
		s.Close()
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// asNobody prepares this test binary to run as uid 65534.
func asNobody(t *testing.T, dir, role string) *exec.Cmd {
	t.Helper()
	if os.Getuid() != 0 {
		if os.Getenv("CIRRUS_SKIP_SERVICES") != "1" {
			t.Fatal("running a process as another user needs root (make test runs as root; CIRRUS_SKIP_SERVICES=1 skips this test)")
		}
		t.Skip("running a process as another user needs root; skipped because CIRRUS_SKIP_SERVICES=1")
	}
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	bin := filepath.Join(dir, "helper.test")
	b, err := os.ReadFile(self)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(bin, b, 0o755); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bin)
	cmd.Env = append(os.Environ(), helperEnv+"="+role, "CIRRUS_SOCKET="+filepath.Join(dir, "cirrus.sock"))
	cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: 65534, Gid: 65534}}
	return cmd
}

func runClientAsNobody(t *testing.T, dir, role string) (resp *Response, errText string) {
	t.Helper()
	out, err := asNobody(t, dir, role).Output()
	if err != nil {
		t.Fatalf("client as nobody: %v", err)
	}
	var got struct {
		Resp *Response `json:"resp"`
		Err  string    `json:"err"`
	}
	if err := json.Unmarshal(out, &got); err != nil {
		t.Fatalf("client output %q: %v", out, err)
	}
	return got.Resp, got.Err
}

func TestForeignClientRefused(t *testing.T) {
	dir := sockDir(t)
	path := filepath.Join(dir, "cirrus.sock")
	f := newFakePlayer()
	listen(t, path, NewPlayerHandler(f, nil))

	// The 0600 mode alone keeps another user out.
	resp, errText := runClientAsNobody(t, dir, "client")
	if resp != nil || !strings.Contains(errText, "permission denied") {
		t.Fatalf("nobody on a 0600 socket: resp %+v err %q", resp, errText)
	}
	// Even if the mode were opened up, the peer-credential check refuses:
	// cirrus's client refuses a server of another user...
	if err := os.Chmod(path, 0o666); err != nil {
		t.Fatal(err)
	}
	resp, errText = runClientAsNobody(t, dir, "client")
	if resp != nil || !strings.Contains(errText, "served by uid 0") {
		t.Fatalf("nobody's client on root's 0666 socket: resp %+v err %q", resp, errText)
	}
	// ...and the server refuses a client that skips that check.
	resp, errText = runClientAsNobody(t, dir, "rawclient")
	if errText != "" || resp == nil || resp.OK || resp.Code != CodeAuth || !strings.Contains(resp.Error, "uid 65534") {
		t.Fatalf("nobody on a 0666 socket: resp %+v err %q", resp, errText)
	}
	if got := f.lastCall(); got != "" {
		t.Fatalf("a foreign user's command reached the player: %q", got)
	}
}

func TestForeignServerRefused(t *testing.T) {
	dir := sockDir(t)
	if err := os.Chown(dir, 65534, 65534); err != nil {
		t.Fatal(err)
	}
	cmd := asNobody(t, dir, "server")
	stdin, _ := cmd.StdinPipe()
	stdout, _ := cmd.StdoutPipe()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() { stdin.Close(); cmd.Wait() }()
	line := make([]byte, 6)
	if _, err := io.ReadFull(stdout, line); err != nil || string(line) != "ready\n" {
		t.Fatalf("server as nobody: %q %v", line, err)
	}
	// Root may connect to anything, so only the peer check protects it here.
	_, err := Call(context.Background(), filepath.Join(dir, "cirrus.sock"), Request{Cmd: "status"})
	var fe *ForeignOwnerError
	if !errors.As(err, &fe) || fe.UID != 65534 || !strings.Contains(err.Error(), "served by uid 65534") {
		t.Fatalf("Call to nobody's cirrus: %v", err)
	}
}

func TestParseSeek(t *testing.T) {
	for in, want := range map[string]struct {
		d   time.Duration
		rel bool
	}{
		"1:23": {83 * time.Second, false}, "83": {83 * time.Second, false}, "83s": {83 * time.Second, false},
		"1m23s": {83 * time.Second, false}, "+10s": {10 * time.Second, true}, "-10": {-10 * time.Second, true},
		"1:00:00": {time.Hour, false}, "0.5": {500 * time.Millisecond, false}, "-0:05": {-5 * time.Second, true},
	} {
		d, rel, err := ParseSeek(in)
		if err != nil || d != want.d || rel != want.rel {
			t.Errorf("ParseSeek(%q) = %v %v %v, want %v %v", in, d, rel, err, want.d, want.rel)
		}
	}
	for _, bad := range []string{"", "+", "abc", "1:2:3:4", "1:60", "-1m-1s", "NaN", "1e400"} {
		if _, _, err := ParseSeek(bad); err == nil {
			t.Errorf("ParseSeek(%q) accepted", bad)
		}
	}
}

func TestParseSeekErrorKeepsTheSign(t *testing.T) {
	for in, want := range map[string]string{
		"-999999:00": `seek: "-999999:00" is past`,
		"+999999:00": `seek: "+999999:00" is past`,
		"-abc":       `seek: "-abc" is not a position`,
		"-1:99":      `seek: "-1:99" is not h:mm:ss`,
		"-":          `seek: "-" is empty`,
		"abc":        `seek: "abc" is not a position`,
	} {
		_, _, err := ParseSeek(in)
		if err == nil || !strings.HasPrefix(err.Error(), want) {
			t.Errorf("ParseSeek(%q): %v, want %s...", in, err, want)
		}
	}
	if _, err := ParseClock("5:99"); err == nil || err.Error() != `"5:99" is not h:mm:ss` {
		t.Errorf("ParseClock: %v", err)
	}
}

// ctl reads the same command table as the TUI's `:` line: its names and
// aliases work, steps come from the player's own value, and a command
// that needs a screen says so.
func TestCtlSpeaksTheCommandTable(t *testing.T) {
	path := filepath.Join(t.TempDir(), "cirrus.sock")
	f := newFakePlayer()
	listen(t, path, NewPlayerHandler(f, nil))
	for _, c := range []struct {
		cmd  []string
		want string
	}{
		{[]string{"vol", "+5"}, "volume 0.55"},
		{[]string{"vol", "+5"}, "volume 0.60"},
		{[]string{"prev"}, "previous"},
		{[]string{"repeat"}, "repeat 1"},
		{[]string{"repeat"}, "repeat 2"},
		{[]string{"shuffle"}, "shuffle true"},
	} {
		if r := call(t, path, c.cmd[0], c.cmd[1:]...); !r.OK {
			t.Fatalf("%v: %+v", c.cmd, r)
		}
		if got := f.lastCall(); got != c.want {
			t.Errorf("%v: player got %q, want %q", c.cmd, got, c.want)
		}
	}
	r := call(t, path, "sort", "plays")
	if r.OK || r.Code != CodeUsage || !strings.Contains(r.Error, "TUI only") {
		t.Errorf("sort over ctl: %+v", r)
	}
}

// radio needs the screen: with a TUI running, ctl hands it the command,
// aimed at the playing track (ctl has no selection); without one it says
// the TUI applies it.
func TestCtlRadioGoesToTheTUI(t *testing.T) {
	path := filepath.Join(t.TempDir(), "cirrus.sock")
	f := newFakePlayer()
	h := NewPlayerHandler(f, nil)
	var mu sync.Mutex
	var got []string
	h.UI = func(c command.Command) error {
		mu.Lock()
		defer mu.Unlock()
		got = append(got, c.String())
		return nil
	}
	listen(t, path, h)
	if r := call(t, path, "radio"); !r.OK || !strings.Contains(r.Message, "playing track") {
		t.Fatalf("radio: %+v", r)
	}
	if r := call(t, path, "radio", "off"); !r.OK {
		t.Fatalf("radio off: %+v", r)
	}
	mu.Lock()
	if strings.Join(got, "; ") != "radio playing; radio off" {
		t.Errorf("the TUI got %q", got)
	}
	mu.Unlock()

	bare := filepath.Join(t.TempDir(), "bare.sock")
	listen(t, bare, NewPlayerHandler(f, nil))
	if r := call(t, bare, "radio"); r.OK || !strings.Contains(r.Error, "TUI only") {
		t.Errorf("radio without a TUI: %+v", r)
	}
}
