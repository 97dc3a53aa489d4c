package auth

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/cirrus-tui/cirrus/api/fake"
)

const envRateDir = "CIRRUS_AUTH_RATE_CHILD_DIR"

// rateChild says READY, refreshes (the parent kills it at some point) and,
// should it get that far, says DONE and waits to be killed.
func rateChild(dir, authURL string) {
	m, err := New(context.Background(), Options{
		ClientID: fake.DemoClientID, ClientSecret: fake.DemoClientSecret, AuthURL: authURL,
		StateDir: dir, Now: func() time.Time { return time.Now().Add(crashSkew) },
	})
	if err != nil {
		fmt.Println("FAILED", err)
		os.Exit(1)
	}
	fmt.Println("READY")
	if _, err := m.Token(context.Background()); err != nil {
		fmt.Println("FAILED", err)
		os.Exit(1)
	}
	fmt.Println("DONE")
	select {}
}

// slowToken is a latency-injecting double in front of the fake's auth host:
// a refresh is forwarded at once (the fake rotates the refresh token then)
// and its answer held back for latency, as over a slow network. It records
// when the server rotated and when the answer left.
type slowToken struct {
	latency time.Duration
	proxy   *httputil.ReverseProxy
	mu      sync.Mutex
	rotated time.Time
	sent    time.Time
}

func (s *slowToken) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost || r.URL.Path != "/oauth/token" {
		s.proxy.ServeHTTP(w, r)
		return
	}
	body, _ := io.ReadAll(r.Body)
	r.Body = io.NopCloser(bytes.NewReader(body))
	if !strings.Contains(string(body), "grant_type=refresh_token") {
		s.proxy.ServeHTTP(w, r)
		return
	}
	rec := httptest.NewRecorder()
	s.proxy.ServeHTTP(rec, r)
	s.mu.Lock()
	s.rotated = time.Now()
	s.mu.Unlock()
	time.Sleep(s.latency)
	for k, v := range rec.Header() {
		w.Header()[k] = v
	}
	w.WriteHeader(rec.Code)
	w.Write(rec.Body.Bytes())
	if f, ok := w.(http.Flusher); ok {
		f.Flush()
	}
	s.mu.Lock()
	s.sent = time.Now()
	s.mu.Unlock()
}

func (s *slowToken) times() (rotated, sent time.Time) {
	s.mu.Lock()
	defer s.mu.Unlock()
	r, w := s.rotated, s.sent
	s.rotated, s.sent = time.Time{}, time.Time{}
	return r, w
}

// The session survives kill -9 at any point of a refresh except the one
// SoundCloud's single-use refresh tokens make inherent: after the server has
// rotated the token and before its answer is on disk. Children refresh
// through a double that adds 150 ms of latency to the answer and are killed
// with SIGKILL at a random moment; the test counts what was lost, when, and
// checks that the token file always parses and no temporary file outlives
// the next start. CIRRUS_CRASH_TRIALS sets the number of kills (default 24).
func TestKillDuringRefreshLossRate(t *testing.T) {
	trials := 24
	if n, err := strconv.Atoi(os.Getenv("CIRRUS_CRASH_TRIALS")); err == nil && n > 0 {
		trials = n
	}
	srv := startFake(t, fake.Options{AccessTokenTTL: time.Hour})
	target, _ := url.Parse(srv.AuthURL())
	double := &slowToken{latency: 150 * time.Millisecond, proxy: httputil.NewSingleHostReverseProxy(target)}
	front := httptest.NewServer(double)
	defer front.Close()

	var before, inherent, after, lostBefore, lostInherent, lostAfter, unstarted int
	for i := range trials {
		dir := t.TempDir()
		m, err := New(context.Background(), Options{ClientID: fake.DemoClientID, ClientSecret: fake.DemoClientSecret,
			AuthURL: front.URL, StateDir: dir})
		if err != nil {
			t.Fatal(err)
		}
		login(t, m)

		cmd := exec.Command(os.Args[0], "-test.run=^$")
		cmd.Env = append(os.Environ(), envRateDir+"="+dir, envCrashAuth+"="+front.URL)
		cmd.Stderr = os.Stderr
		out, _ := cmd.StdoutPipe()
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		lines := make(chan string, 4)
		go func() {
			sc := bufio.NewScanner(out)
			for sc.Scan() {
				lines <- sc.Text()
			}
			close(lines)
		}()
		select {
		case l := <-lines:
			if l != "READY" {
				cmd.Process.Kill()
				cmd.Wait()
				t.Fatalf("child: %s", l)
			}
		case <-time.After(60 * time.Second): // a bound on a hang
			cmd.Process.Kill()
			cmd.Wait()
			t.Fatal("child never started")
		}
		time.Sleep(time.Duration(rand.Int64N(int64(400 * time.Millisecond))))
		killedAt := time.Now()
		cmd.Process.Signal(syscall.SIGKILL)
		cmd.Wait()
		time.Sleep(200 * time.Millisecond) // let the double finish the answer nobody reads
		rotated, sent := double.times()

		// The token file always parses.
		raw, err := os.ReadFile(filepath.Join(dir, tokenFile))
		var st stored
		if err != nil || json.Unmarshal(raw, &st) != nil {
			t.Fatalf("trial %d: token file unreadable after kill -9: %v", i, err)
		}
		s := st.Sessions[fake.DemoClientID+"@"+front.URL]
		if s == nil || s.RefreshToken == "" {
			t.Fatalf("trial %d: no session in the file", i)
		}
		code, _ := postRefresh(t, srv, s.RefreshToken)
		lost := code != http.StatusOK
		switch {
		case rotated.IsZero() || killedAt.Before(rotated):
			before++
			if !rotated.IsZero() && lost {
				// The request may have been in flight: the server rotated
				// after the kill signal was sent but before the process died.
				inherent++
				lostInherent++
				before--
			} else if lost {
				lostBefore++
			}
			if rotated.IsZero() {
				unstarted++
			}
		case killedAt.Before(sent):
			inherent++
			if lost {
				lostInherent++
			}
		default:
			after++
			if lost {
				lostAfter++
				t.Logf("trial %d: lost, killed %v after the answer left the double (the client was still reading or saving it)", i, killedAt.Sub(sent).Round(time.Millisecond))
			}
		}

		// The next start removes what a kill mid-write left.
		if _, err := New(context.Background(), Options{ClientID: fake.DemoClientID, AuthURL: front.URL, StateDir: dir}); err != nil {
			t.Fatal(err)
		}
		if strays, _ := filepath.Glob(filepath.Join(dir, tempPattern)); len(strays) > 0 {
			t.Errorf("trial %d: temporary token files left after the next start: %v", i, strays)
		}
	}
	lostAll := lostBefore + lostInherent + lostAfter
	t.Logf("kill -9 during refresh, 150 ms answer latency, %d kills: %d sessions lost (%.0f %%)", trials, lostAll, 100*float64(lostAll)/float64(trials))
	t.Logf("  before the server rotated: %d kills (%d before the request), %d lost", before, unstarted, lostBefore)
	t.Logf("  server rotated, answer not yet sent (inherent): %d kills, %d lost", inherent, lostInherent)
	t.Logf("  answer sent, client reading and saving: %d kills, %d lost", after, lostAfter)
	if lostBefore > 0 {
		t.Errorf("%d sessions lost by kills before the server rotated the refresh token", lostBefore)
	}
}

// A temporary token file left by a process killed mid-write holds tokens:
// the next start removes it, and leaves the real file alone.
func TestStrayTempTokenFilesAreRemovedAtStart(t *testing.T) {
	srv := startFake(t, fake.Options{})
	dir := t.TempDir()
	login(t, newManager(t, srv, dir, nil, nil))
	stray := filepath.Join(dir, ".tokens-12345.tmp")
	if err := os.WriteFile(stray, []byte(`{"sessions":{"x":{"refresh_token":"secret"}}}`), 0o600); err != nil {
		t.Fatal(err)
	}
	newManager(t, srv, dir, nil, nil)
	if _, err := os.Stat(stray); err == nil {
		t.Fatal("the stray temporary token file is still there")
	}
	if s := session(t, dir, srv); s.RefreshToken == "" {
		t.Fatal("the session was removed too")
	}
}
