package auth

import (
	"context"
	"errors"
	"log/slog"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/cirrus-tui/cirrus/api/fake"
)

// A whole session logged at debug level, with a plain handler (no Redactor in
// front, so this shows the code never passes a secret to the logger), leaves
// no token, code or client secret in the log file.
func TestLogFileHoldsNoSecrets(t *testing.T) {
	clk := newClock()
	srv := startFake(t, fake.Options{AccessTokenTTL: time.Hour, Now: clk.Now})
	dir := t.TempDir()
	logPath := filepath.Join(dir, "cirrus.log")
	f, err := os.OpenFile(logPath, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	log := slog.New(slog.NewTextHandler(f, &slog.HandlerOptions{Level: slog.LevelDebug}))
	ctx := context.Background()

	secrets := map[string]string{"client secret": fake.DemoClientSecret}
	collect := func(stage string) {
		if s := readStored(t, dir); s != nil {
			for k, tok := range s.Sessions {
				if tok.AccessToken != "" {
					secrets[stage+" access "+k] = tok.AccessToken
				}
				if tok.RefreshToken != "" {
					secrets[stage+" refresh "+k] = tok.RefreshToken
				}
			}
			for k, tok := range s.Anonymous {
				secrets[stage+" app token "+k] = tok.AccessToken
			}
		}
	}

	// Anonymous use first.
	anon := newManager(t, srv, dir, clk.Now, log)
	if _, err := apiClient(srv, anon, log).SearchTracks(ctx, "a", apiSearch()); err != nil {
		t.Fatal(err)
	}
	collect("anon")

	// A forged redirect, then a real login.
	m := newManager(t, srv, dir, clk.Now, log)
	bad := newBrowser()
	bad.rewrite = func(u *url.URL) { q := u.Query(); q.Set("state", "forged"); u.RawQuery = q.Encode() }
	if err := m.Login(ctx, LoginOptions{OpenURL: bad.open, Timeout: time.Second}); !errors.Is(err, ErrLoginTimeout) {
		t.Fatalf("forged login: %v (want it ignored until the timeout)", err)
	}
	secrets["forged code"] = bad.callbackURL(t).Query().Get("code")
	b := login(t, m)
	secrets["code"] = b.callbackURL(t).Query().Get("code")
	collect("login")
	c := apiClient(srv, m, log)
	if _, err := c.Me(ctx); err != nil {
		t.Fatal(err)
	}

	// Expiry mid-session, many calls at once.
	clk.Advance(2 * time.Hour)
	var wg sync.WaitGroup
	for range 5 {
		wg.Add(1)
		go func() { defer wg.Done(); c.Me(ctx) }()
	}
	wg.Wait()
	collect("refresh")

	// A 401 on a token the Manager still thinks fresh.
	stale := session(t, dir, srv)
	m.Invalidate(ctx, stale.AccessToken)
	if _, err := c.Me(ctx); err != nil {
		t.Fatal(err)
	}
	collect("invalidate")

	// Logout, log in again, then a refused refresh.
	if err := m.Logout(ctx); err != nil {
		t.Fatal(err)
	}
	login(t, m)
	collect("relogin")
	spent := session(t, dir, srv)
	postRefresh(t, srv, spent.RefreshToken)
	clk.Advance(2 * time.Hour)
	if _, err := c.Me(ctx); !isLoginRequired(err) {
		t.Fatalf("want login required, got %v", err)
	}

	f.Sync()
	data, err := os.ReadFile(logPath)
	if err != nil {
		t.Fatal(err)
	}
	text := string(data)
	for _, want := range []string{"logged in", "access token refreshed", "refresh token refused", "ignored a request to the login callback with a wrong or missing state", "app token issued", "level=DEBUG"} {
		if !strings.Contains(text, want) {
			t.Errorf("log lacks %q; is the session really logged?", want)
		}
	}
	if len(secrets) < 10 {
		t.Fatalf("only %d secrets collected", len(secrets))
	}
	for name, s := range secrets {
		if s == "" {
			t.Errorf("%s: empty", name)
			continue
		}
		if strings.Contains(text, s) {
			t.Errorf("the log holds the %s", name)
		}
	}
	t.Logf("checked %d secrets against %d bytes of log", len(secrets), len(data))
}
