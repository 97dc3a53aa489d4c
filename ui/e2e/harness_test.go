// Package e2e runs the real cirrus binary in a real terminal (tmux) against
// the fake SoundCloud: it types keys with send-keys, reads the screen with
// capture-pane and records what cirrus plays from a PulseAudio null sink.
// The package holds tests only.
package e2e

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"

	"github.com/cirrus-tui/cirrus/api/fake"
)

// servicesUp is set by scripts/with-services (PulseAudio null sink, D-Bus).
var servicesUp = os.Getenv("CIRRUS_SERVICES_UP") == "1"

// need fails the test unless the services are there, or skipping was asked
// for explicitly with CIRRUS_SKIP_SERVICES=1.
func need(t *testing.T, ok bool, why string) {
	t.Helper()
	if ok {
		return
	}
	if servicesUp || os.Getenv("CIRRUS_SKIP_SERVICES") != "1" {
		t.Fatalf("%s (run under scripts/with-services; CIRRUS_SKIP_SERVICES=1 skips the end-to-end suite)", why)
	}
	t.Skipf("%s; skipped because CIRRUS_SKIP_SERVICES=1", why)
}

func have(cmd string) bool { _, err := exec.LookPath(cmd); return err == nil }

// requireTerminal: tmux runs the binary.
func requireTerminal(t *testing.T) {
	t.Helper()
	need(t, have("tmux"), "tmux is not installed")
}

// requireAudio: a PulseAudio server to record from.
func requireAudio(t *testing.T) {
	t.Helper()
	requireTerminal(t)
	need(t, servicesUp, "no PulseAudio null sink to record from: CIRRUS_SERVICES_UP is unset")
	if !have("parec") || !have("pactl") {
		t.Fatal("parec/pactl missing: install pulseaudio-utils")
	}
}

var (
	buildOnce sync.Once
	binPath   string
	buildErr  error
	binDir    string
)

// cirrusBinary builds the real cirrus once per test process.
func cirrusBinary(t *testing.T) string {
	t.Helper()
	buildOnce.Do(func() {
		binDir, buildErr = os.MkdirTemp("", "cirrus-e2e-bin-")
		if buildErr != nil {
			return
		}
		binPath = filepath.Join(binDir, "cirrus")
		cmd := exec.Command("go", "build", "-o", binPath, "github.com/cirrus-tui/cirrus")
		if out, err := cmd.CombinedOutput(); err != nil {
			buildErr = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	if buildErr != nil {
		t.Fatal(buildErr)
	}
	return binPath
}

func TestMain(m *testing.M) {
	code := m.Run()
	if binDir != "" {
		os.RemoveAll(binDir)
	}
	os.Exit(code)
}

// world is one user's machine: private XDG directories, a config file
// pointing at a fake SoundCloud, and (with audio) a private null sink.
type world struct {
	t    *testing.T
	bin  string
	dir  string
	env  []string // for every cirrus process
	srv  *fake.Server
	urls struct{ api, auth, web, cdn string }
	sink string // private PulseAudio sink cirrus plays to; "" without audio
}

type worldOptions struct {
	demoServer bool   // run `cirrus demo-server` as a subprocess instead of an in-process fake
	audio      bool   // play to a private null sink (needs requireAudio)
	wav        string // else: [audio] output (a .wav path); "" picks one in the temp dir
}

var seq atomic.Int64

func newWorld(t *testing.T, o worldOptions) *world {
	t.Helper()
	w := &world{t: t, bin: cirrusBinary(t), dir: t.TempDir()}
	home := filepath.Join(w.dir, "home")
	for _, d := range []string{home, w.path("config/cirrus"), w.path("state"), w.path("cache")} {
		if err := os.MkdirAll(d, 0o700); err != nil {
			t.Fatal(err)
		}
	}
	w.env = append(os.Environ(),
		"HOME="+home,
		"XDG_CONFIG_HOME="+w.path("config"),
		"XDG_STATE_HOME="+w.path("state"),
		"XDG_CACHE_HOME="+w.path("cache"),
		"CIRRUS_CONFIG=",
		"CIRRUS_CLIENT_ID=",
		"CIRRUS_CLIENT_SECRET=",
		"CIRRUS_SOCKET="+w.path("ctl.sock"),
		// Keep this cirrus off the shared session bus, where MPRIS tests
		// of other packages may be looking for the one cirrus player.
		"DBUS_SESSION_BUS_ADDRESS=unix:path="+w.path("no-bus"),
		"DISPLAY=", "WAYLAND_DISPLAY=",
		"TERM=xterm-256color", "COLORTERM=truecolor", "LANG=C.UTF-8",
	)
	if o.demoServer {
		w.startDemoServer()
	} else {
		srv, err := fake.New(fake.Options{})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(srv.Close)
		w.srv = srv
		w.urls.api, w.urls.auth, w.urls.web, w.urls.cdn = srv.URL(), srv.AuthURL(), srv.WebURL(), srv.CDNURL()
	}
	output := o.wav
	if o.audio {
		w.sink = newSink(t)
		w.env = append(w.env, "PULSE_SINK="+w.sink)
		output = "default"
	} else if output == "" {
		output = w.path("out.wav")
	}
	cfg := fmt.Sprintf("client_id = %q\nclient_secret = %q\napi_url = %q\nauth_url = %q\nweb_url = %q\nredirect_port = 0\nlog_level = \"debug\"\n\n[audio]\noutput = %q\n",
		fake.DemoClientID, fake.DemoClientSecret, w.urls.api, w.urls.auth, w.urls.web, output)
	if err := os.WriteFile(w.path("config/cirrus/config.toml"), []byte(cfg), 0o600); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if t.Failed() {
			if log, err := os.ReadFile(w.path("state/cirrus/cirrus.log")); err == nil {
				t.Logf("cirrus.log (last 4 KB):\n%s", tail(string(log), 4096))
			}
		}
	})
	return w
}

func (w *world) path(rel string) string { return filepath.Join(w.dir, rel) }

func tail(s string, n int) string {
	if len(s) > n {
		return s[len(s)-n:]
	}
	return s
}

// startDemoServer runs `cirrus demo-server` on a free port and reads its
// banner for the URLs.
func (w *world) startDemoServer() {
	t := w.t
	cmd := exec.Command(w.bin, "demo-server", "--addr", "127.0.0.1:0")
	cmd.Env = w.env
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	var stderr strings.Builder
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_ = cmd.Process.Signal(syscall.SIGTERM)
		done := make(chan struct{})
		go func() { _ = cmd.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(5 * time.Second):
			_ = cmd.Process.Kill()
			<-done
			t.Errorf("demo-server did not stop on SIGTERM")
		}
	})
	found := make(chan map[string]string, 1)
	go func() {
		re := regexp.MustCompile(`^\s+(API|Auth|CDN|Web)\s+(http://\S+)`)
		m := map[string]string{}
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			if s := re.FindStringSubmatch(sc.Text()); s != nil {
				m[s[1]] = s[2]
				if len(m) == 4 {
					found <- m
					break
				}
			}
		}
		_, _ = io.Copy(io.Discard, stdout)
	}()
	select {
	case m := <-found:
		w.urls.api, w.urls.auth, w.urls.cdn, w.urls.web = m["API"], m["Auth"], m["CDN"], m["Web"]
	case <-time.After(30 * time.Second):
		t.Fatalf("no URLs in demo-server's banner; stderr:\n%s", stderr.String())
	}
}

// login runs `cirrus login --no-browser` and plays the browser: it GETs the
// printed authorize URL, and the fake redirects to cirrus's loopback listener.
func (w *world) login() {
	t := w.t
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, w.bin, "login", "--no-browser")
	cmd.Env = w.env
	stdin, err := cmd.StdinPipe() // open, never written: nothing is pasted
	if err != nil {
		t.Fatal(err)
	}
	defer stdin.Close()
	pr, pw := io.Pipe()
	cmd.Stdout, cmd.Stderr = pw, pw
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	var out strings.Builder
	urlc := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(pr)
		for sc.Scan() {
			line := sc.Text()
			out.WriteString(line + "\n")
			if u := strings.TrimSpace(line); strings.HasPrefix(u, w.urls.auth+"/authorize?") {
				urlc <- u
			}
		}
	}()
	var authorize string
	select {
	case authorize = <-urlc:
	case <-ctx.Done():
		t.Fatal("login printed no authorize URL")
	}
	resp, err := http.Get(authorize)
	if err != nil {
		t.Fatalf("browser: %v", err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || !strings.HasPrefix(resp.Request.URL.String(), "http://127.0.0.1:") {
		t.Fatalf("browser ended on %s with %s: %s", resp.Request.URL, resp.Status, body)
	}
	err = cmd.Wait()
	pw.Close()
	if err != nil {
		t.Fatalf("cirrus login: %v\n%s", err, out.String())
	}
	if _, err := os.Stat(w.path("state/cirrus/tokens.json")); err != nil {
		t.Fatalf("no tokens stored after login: %v\n%s", err, out.String())
	}
}

// apiGet reads the fake's API as the demo user (with a token the fake
// issues directly, so the check does not go through cirrus).
func (w *world) apiGet(path string, v any) {
	t := w.t
	t.Helper()
	if w.srv == nil {
		t.Fatal("apiGet needs the in-process fake")
	}
	tok, _ := w.srv.IssueToken(fake.DemoUserPermalink)
	req, _ := http.NewRequest(http.MethodGet, w.urls.api+path, nil)
	req.Header.Set("Authorization", "OAuth "+tok)
	req.Header.Set("Accept", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("GET %s: %v", path, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != 200 {
		b, _ := io.ReadAll(resp.Body)
		t.Fatalf("GET %s: %s %s", path, resp.Status, b)
	}
	if err := json.NewDecoder(resp.Body).Decode(v); err != nil {
		t.Fatalf("GET %s: %v", path, err)
	}
}

// term is a tmux server on a private socket with one window running cirrus.
type term struct {
	t      *testing.T
	sock   string
	exitTo string // the shell writes cirrus's exit status here
}

const (
	wideW, wideH = 160, 48
	exitMarker   = "SHELL-AFTER-CIRRUS"
)

// startTUI runs `cirrus args...` in a fresh tmux at 160x48. The shell
// around it records the exit status and then stays, so the restored
// screen can be read after cirrus quits.
func (w *world) startTUI(args ...string) *term {
	t := w.t
	tm := &term{t: t, sock: fmt.Sprintf("cirrus-e2e-%d-%d", os.Getpid(), seq.Add(1)), exitTo: w.path(fmt.Sprintf("exit-%d", seq.Add(1)))}
	quoted := []string{shellQuote(w.bin)}
	for _, a := range args {
		quoted = append(quoted, shellQuote(a))
	}
	script := fmt.Sprintf("printf 'shell before cirrus\\n'; %s; echo EXIT:$? > %s; printf '%s\\n'; exec sleep 3600",
		strings.Join(quoted, " "), shellQuote(tm.exitTo), exitMarker)
	cmd := exec.Command("tmux", "-L", tm.sock, "-f", "/dev/null", "new-session", "-d",
		"-x", fmt.Sprint(wideW), "-y", fmt.Sprint(wideH), "-s", "main", "sh", "-c", script)
	cmd.Env = w.env
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("tmux new-session: %v\n%s", err, out)
	}
	t.Cleanup(func() { _ = exec.Command("tmux", "-L", tm.sock, "kill-server").Run() })
	tm.tmux("set-option", "-g", "status", "off")
	return tm
}

func shellQuote(s string) string { return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'" }

func (tm *term) tmux(args ...string) string {
	tm.t.Helper()
	out, err := exec.Command("tmux", append([]string{"-L", tm.sock}, args...)...).CombinedOutput()
	if err != nil {
		tm.t.Fatalf("tmux %v: %v\n%s", args, err, out)
	}
	return string(out)
}

// keys types with send-keys; each argument is a tmux key name ("Enter",
// "Space", "C-r") or, with literal, text.
func (tm *term) keys(k ...string) {
	tm.t.Helper()
	tm.tmux(append([]string{"send-keys", "-t", "main"}, k...)...)
}

func (tm *term) typeText(s string) {
	tm.t.Helper()
	tm.tmux("send-keys", "-t", "main", "-l", s)
}

// screen is the visible pane as text, one string per row.
func (tm *term) screen() []string {
	tm.t.Helper()
	out := tm.tmux("capture-pane", "-p", "-t", "main")
	return strings.Split(strings.TrimSuffix(out, "\n"), "\n")
}

func (tm *term) screenText() string { return strings.Join(tm.screen(), "\n") }

// waitScreen polls the screen until cond holds, failing with the last
// screen after d.
func (tm *term) waitScreen(what string, d time.Duration, cond func(lines []string) bool) []string {
	tm.t.Helper()
	end := time.Now().Add(d)
	for {
		lines := tm.screen()
		if cond(lines) {
			return lines
		}
		if time.Now().After(end) {
			tm.t.Fatalf("waiting for %s: not there after %v; screen:\n%s", what, d, strings.Join(lines, "\n"))
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func (tm *term) waitText(text string, d time.Duration) []string {
	tm.t.Helper()
	return tm.waitScreen(fmt.Sprintf("%q on screen", text), d, func(l []string) bool {
		return strings.Contains(strings.Join(l, "\n"), text)
	})
}

// size is the window's size as tmux reports it.
func (tm *term) size() (w, h int) {
	tm.t.Helper()
	out := tm.tmux("display-message", "-p", "-t", "main", "#{window_width} #{window_height}")
	fmt.Sscan(out, &w, &h)
	return w, h
}

// resize changes the window size as a terminal emulator would.
func (tm *term) resize(w, h int) {
	tm.t.Helper()
	tm.tmux("resize-window", "-t", "main", "-x", fmt.Sprint(w), "-y", fmt.Sprint(h))
}

// widest is the display width of the widest line.
func widest(lines []string) (int, string) {
	n, which := 0, ""
	for _, l := range lines {
		if w := ansi.StringWidth(l); w > n {
			n, which = w, l
		}
	}
	return n, which
}

// exitStatus is what the shell recorded after cirrus ended, "" while it runs.
func (tm *term) exitStatus() string {
	b, err := os.ReadFile(tm.exitTo)
	if err != nil {
		return ""
	}
	return strings.TrimSpace(string(b))
}

// row finds the first row containing text.
func row(lines []string, text string) int {
	for i, l := range lines {
		if strings.Contains(l, text) {
			return i
		}
	}
	return -1
}

// cursorRow is the list row with the selection mark.
func cursorRow(lines []string) int {
	for i, l := range lines {
		if strings.HasPrefix(strings.TrimLeft(l, " "), "▸") {
			return i
		}
	}
	return -1
}

// listPart is the list column of a row: in the wide layout the detail
// pane stands right of a "│".
func listPart(lines []string) []string {
	out := make([]string, len(lines))
	for i, l := range lines {
		out[i], _, _ = strings.Cut(l, "│")
	}
	return out
}

// selectRow moves the list cursor (j, k) until it is on the list row that
// contains text.
func (tm *term) selectRow(text string) {
	tm.t.Helper()
	lines := tm.waitScreen(fmt.Sprintf("%q in the list", text), 20*time.Second, func(l []string) bool { return row(listPart(l), text) >= 0 })
	for i := 0; i < 60; i++ {
		c, r := cursorRow(lines), row(listPart(lines), text)
		if c >= 0 && c == r {
			return
		}
		if c < 0 || r < 0 {
			tm.t.Fatalf("no cursor or no %q on screen:\n%s", text, strings.Join(lines, "\n"))
		}
		if r > c {
			tm.keys("j")
		} else {
			tm.keys("k")
		}
		want := c + 1
		if r < c {
			want = c - 1
		}
		lines = tm.waitScreen("the cursor to move", 5*time.Second, func(l []string) bool { return cursorRow(l) == want })
	}
	tm.t.Fatalf("could not reach %q", text)
}

// positionRE matches the now-playing line's "m:ss / m:ss".
var positionRE = regexp.MustCompile(`(?:(\d+):)?(\d+):(\d\d) / (?:\d+:)?\d+:\d\d`)

// position reads the player's position from the now-playing line.
func position(lines []string) (time.Duration, bool) {
	for _, l := range lines {
		if m := positionRE.FindStringSubmatch(l); m != nil {
			hh, _ := strconv.Atoi(m[1]) // not fmt.Sscan: it reads "08" as octal
			mm, _ := strconv.Atoi(m[2])
			ss, _ := strconv.Atoi(m[3])
			return time.Duration(hh)*time.Hour + time.Duration(mm)*time.Minute + time.Duration(ss)*time.Second, true
		}
	}
	return 0, false
}

// playingLine is the now-playing line when it shows state "▶" and title.
func playingLine(lines []string, title string) bool {
	for _, l := range lines {
		if strings.Contains(l, "▶ "+title) && positionRE.MatchString(l) {
			return true
		}
	}
	return false
}

func pausedLine(lines []string, title string) bool {
	for _, l := range lines {
		if strings.Contains(l, "❚❚ "+title) {
			return true
		}
	}
	return false
}

// waitPosition waits until the shown position is at least at.
func (tm *term) waitPosition(at time.Duration, d time.Duration) time.Duration {
	tm.t.Helper()
	var got time.Duration
	tm.waitScreen(fmt.Sprintf("position ≥ %v", at), d, func(l []string) bool {
		p, ok := position(l)
		got = p
		return ok && p >= at
	})
	return got
}
