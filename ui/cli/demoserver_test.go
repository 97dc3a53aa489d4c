package cli

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"
)

// syncBuffer lets the test read what the command prints while it runs.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// runDemoServer runs `cirrus demo-server` on a loopback port with args
// added, and returns its output as it grows and a stop that cancels it and
// returns what it returned.
func runDemoServer(t *testing.T, args ...string) (*syncBuffer, func() error) {
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	root := NewRoot()
	out := &syncBuffer{}
	root.SetOut(out)
	root.SetErr(io.Discard)
	root.SetArgs(append([]string{"demo-server", "--addr", "127.0.0.1:0"}, args...))
	done := make(chan error, 1)
	go func() { done <- root.ExecuteContext(ctx) }()
	return out, func() error {
		cancel()
		select {
		case err := <-done:
			return err
		case <-time.After(10 * time.Second):
			return errors.New("demo-server did not stop on cancel")
		}
	}
}

func TestDemoServerServesAndStops(t *testing.T) {
	out, stop := runDemoServer(t)

	curl := regexp.MustCompile(`curl -H 'Authorization: OAuth ([^']+)' (\S+)/me`)
	var m []string
	for i := 0; i < 200 && m == nil; i++ {
		m = curl.FindStringSubmatch(out.String())
		if m == nil {
			time.Sleep(25 * time.Millisecond)
		}
	}
	if m == nil {
		t.Fatalf("no curl example in the banner:\n%s", out.String())
	}
	for _, want := range []string{"client id", "client secret", "Auth ", "CDN ", "Web "} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("banner lacks %q", want)
		}
	}
	req, _ := http.NewRequest("GET", m[2]+"/me", nil)
	req.Header.Set("Authorization", "OAuth "+m[1])
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != 200 || !strings.Contains(string(body), `"permalink":"cirrus-demo"`) {
		t.Fatalf("the banner's curl example: %d %.200s", res.StatusCode, body)
	}
	if err := stop(); err != nil {
		t.Fatalf("demo-server: %v", err)
	}
}

// --cdn-url shows in the banner next to the CDN listener, which a proxy at
// that URL forwards to.
func TestDemoServerCDNURL(t *testing.T) {
	out, stop := runDemoServer(t, "--cdn-url", "http://127.0.0.1:9")
	line := regexp.MustCompile(`CDN +http://127\.0\.0\.1:\d+ +\(signed URLs point at http://127\.0\.0\.1:9\)`)
	for i := 0; i < 200 && !line.MatchString(out.String()); i++ {
		time.Sleep(25 * time.Millisecond)
	}
	if !line.MatchString(out.String()) {
		t.Errorf("no CDN line with the signed URLs' base:\n%s", out.String())
	}
	if err := stop(); err != nil {
		t.Fatalf("demo-server: %v", err)
	}
}

func TestDemoServerRefusesRemote(t *testing.T) {
	root := NewRoot()
	root.SetOut(io.Discard)
	root.SetErr(io.Discard)
	root.SetArgs([]string{"demo-server", "--addr", "0.0.0.0:0"})
	err := root.Execute()
	var ee *exitError
	if !errors.As(err, &ee) || ee.code != ExitUsage || !strings.Contains(err.Error(), "--allow-remote") {
		t.Fatalf("non-loopback addr: %v", err)
	}
}

// --app-plan limited: the banner says so and /streams answers the 403 of
// an app without a paid plan; an unknown plan is a usage error.
func TestDemoServerLimitedAppPlan(t *testing.T) {
	if r := run(t, "demo-server", "--addr", "127.0.0.1:0", "--app-plan", "gold"); r.code != ExitUsage {
		t.Errorf("--app-plan gold: exit %d, want %d: %s", r.code, ExitUsage, r.errOut)
	}
	out, stop := runDemoServer(t, "--app-plan", "limited")
	defer stop()
	curl := regexp.MustCompile(`curl -H 'Authorization: OAuth ([^']+)' (\S+)/me`)
	var m []string
	for i := 0; i < 400 && (m == nil || !strings.Contains(out.String(), "App plan: limited")); i++ {
		m = curl.FindStringSubmatch(out.String())
		time.Sleep(25 * time.Millisecond)
	}
	if m == nil || !strings.Contains(out.String(), "App plan: limited") {
		t.Fatalf("banner:\n%s", out.String())
	}
	req, _ := http.NewRequest("GET", m[2]+"/tracks/soundcloud:tracks:1001/streams", nil)
	req.Header.Set("Authorization", "OAuth "+m[1])
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != http.StatusForbidden || !strings.Contains(string(body), "An active Pro Unlimited subscription is required") {
		t.Errorf("streams: %d %s", res.StatusCode, body)
	}
}
