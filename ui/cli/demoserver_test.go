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

func TestDemoServerServesAndStops(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	root := NewRoot()
	var out syncBuffer
	root.SetOut(&out)
	root.SetErr(io.Discard)
	root.SetArgs([]string{"demo-server", "--addr", "127.0.0.1:0"})
	done := make(chan error, 1)
	go func() { done <- root.ExecuteContext(ctx) }()

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
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("demo-server returned %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("demo-server did not stop on cancel")
	}
}

// --cdn-url shows in the banner next to the CDN listener, which a proxy at
// that URL forwards to.
func TestDemoServerCDNURL(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	root := NewRoot()
	var out syncBuffer
	root.SetOut(&out)
	root.SetErr(io.Discard)
	root.SetArgs([]string{"demo-server", "--addr", "127.0.0.1:0", "--cdn-url", "http://127.0.0.1:9"})
	done := make(chan error, 1)
	go func() { done <- root.ExecuteContext(ctx) }()
	line := regexp.MustCompile(`CDN +http://127\.0\.0\.1:\d+ +\(signed URLs point at http://127\.0\.0\.1:9\)`)
	for i := 0; i < 200 && !line.MatchString(out.String()); i++ {
		time.Sleep(25 * time.Millisecond)
	}
	if !line.MatchString(out.String()) {
		t.Errorf("no CDN line with the signed URLs' base:\n%s", out.String())
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatalf("demo-server returned %v", err)
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
