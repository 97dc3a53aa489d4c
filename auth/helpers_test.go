package auth

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/cirrus-tui/cirrus/api"
	"github.com/cirrus-tui/cirrus/api/fake"
)

// clock is a settable time shared by the fake and the Manager.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func newClock() *clock { return &clock{t: time.Now()} }

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) Advance(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

func startFake(t *testing.T, o fake.Options) *fake.Server {
	t.Helper()
	srv, err := fake.New(o)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(srv.Close)
	return srv
}

func newManager(t *testing.T, srv *fake.Server, dir string, now func() time.Time, log *slog.Logger) *Manager {
	t.Helper()
	m, err := New(context.Background(), Options{
		ClientID:     fake.DemoClientID,
		ClientSecret: fake.DemoClientSecret,
		AuthURL:      srv.AuthURL(),
		RedirectPort: 0,
		StateDir:     dir,
		Now:          now,
		Logger:       log,
	})
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func apiClient(srv *fake.Server, m *Manager, log *slog.Logger) *api.Client {
	return api.New(api.Options{
		BaseURL:      srv.URL(),
		AuthURL:      srv.AuthURL(),
		ClientID:     fake.DemoClientID,
		ClientSecret: fake.DemoClientSecret,
		Tokens:       m,
		Logger:       log,
	})
}

// browser stands in for the user's browser: it loads the authorize URL and
// follows the fake's 302 to the loopback listener. rewrite may tamper with
// the authorize URL first; seen records every URL it visited.
type browser struct {
	rewrite func(*url.URL)
	mu      sync.Mutex
	seen    []string
	errs    chan error
}

func newBrowser() *browser { return &browser{errs: make(chan error, 4)} }

func (b *browser) open(ctx context.Context, authorize string) error {
	u, err := url.Parse(authorize)
	if err != nil {
		return err
	}
	if b.rewrite != nil {
		b.rewrite(u)
	}
	c := &http.Client{
		Timeout: 30 * time.Second,
		CheckRedirect: func(req *http.Request, via []*http.Request) error {
			b.mu.Lock()
			b.seen = append(b.seen, req.URL.String())
			b.mu.Unlock()
			return nil
		},
	}
	go func() {
		resp, err := c.Get(u.String())
		if err == nil {
			page, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode != http.StatusOK || !strings.Contains(string(page), "close this tab") {
				err = fmt.Errorf("browser got %s: %.200s", resp.Status, page)
			}
		}
		b.errs <- err
	}()
	return nil
}

// callbackURL is the redirect the fake sent the browser to.
func (b *browser) callbackURL(t *testing.T) *url.URL {
	t.Helper()
	b.mu.Lock()
	defer b.mu.Unlock()
	for _, s := range b.seen {
		if strings.Contains(s, "/callback") {
			u, _ := url.Parse(s)
			return u
		}
	}
	t.Fatalf("the browser never reached the callback; visited %v", b.seen)
	return nil
}

func login(t *testing.T, m *Manager) *browser {
	t.Helper()
	b := newBrowser()
	if err := m.Login(context.Background(), LoginOptions{OpenURL: b.open, Timeout: 30 * time.Second}); err != nil {
		t.Fatalf("login: %v", err)
	}
	return b
}

// readStored reads tokens.json as the next process would.
func readStored(t *testing.T, dir string) *stored {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, tokenFile))
	if err != nil {
		t.Fatal(err)
	}
	var st stored
	if err := json.Unmarshal(b, &st); err != nil {
		t.Fatal(err)
	}
	return &st
}

func session(t *testing.T, dir string, srv *fake.Server) *storedToken {
	t.Helper()
	s := readStored(t, dir).Sessions[fake.DemoClientID+"@"+srv.AuthURL()]
	if s == nil {
		t.Fatal("no session stored")
	}
	return s
}

// postRefresh spends a refresh token directly at the fake, as another client
// (or an attacker replaying it) would.
func postRefresh(t *testing.T, srv *fake.Server, refresh string) (int, string) {
	t.Helper()
	resp, err := http.PostForm(srv.AuthURL()+"/oauth/token", url.Values{
		"grant_type":    {"refresh_token"},
		"refresh_token": {refresh},
		"client_id":     {fake.DemoClientID},
		"client_secret": {fake.DemoClientSecret},
	})
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var body struct {
		Error string `json:"error"`
	}
	json.NewDecoder(resp.Body).Decode(&body)
	return resp.StatusCode, body.Error
}

func isLoginRequired(err error) bool { return errors.Is(err, ErrLoginRequired) }

// httpGetter fetches a URL; with noFollow it returns the Location of a
// redirect instead of following it (a browser on another machine).
type httpGetter struct{ noFollow bool }

func (g *httpGetter) get(u string) (string, error) {
	c := &http.Client{Timeout: 10 * time.Second}
	if g.noFollow {
		c.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	}
	resp, err := c.Get(u)
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	if g.noFollow {
		return resp.Header.Get("Location"), nil
	}
	return resp.Status, nil
}

func logTo(w io.Writer) *slog.Logger {
	return slog.New(slog.NewTextHandler(w, &slog.HandlerOptions{Level: slog.LevelDebug}))
}

func fmtAll(v any) string { return fmt.Sprintf("%v %+v %#v %s", v, v, v, v) }

func apiSearch() api.SearchOptions { return api.SearchOptions{ListOptions: api.ListOptions{Limit: 5}} }
