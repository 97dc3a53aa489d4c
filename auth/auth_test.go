package auth

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/oauth2"

	"github.com/cirrus-tui/cirrus/api/fake"

	"github.com/cirrus-tui/cirrus/internal/filemode"
)

func TestLoginOverHTTP(t *testing.T) {
	srv := startFake(t, fake.Options{})
	dir := filepath.Join(t.TempDir(), "state", "cirrus")
	m := newManager(t, srv, dir, nil, nil)

	var out bytes.Buffer
	b := newBrowser()
	var authorize string
	open := func(ctx context.Context, u string) error { authorize = u; return b.open(ctx, u) }
	if err := m.Login(context.Background(), LoginOptions{Out: &out, OpenURL: open, Timeout: 30 * time.Second}); err != nil {
		t.Fatal(err)
	}
	if err := <-b.errs; err != nil {
		t.Fatalf("browser: %v", err)
	}

	// The authorize request: PKCE S256, a long random state, a loopback redirect.
	au, _ := url.Parse(authorize)
	q := au.Query()
	if au.Path != "/authorize" || q.Get("code_challenge_method") != "S256" || len(q.Get("code_challenge")) != 43 ||
		len(q.Get("state")) < 40 || q.Get("response_type") != "code" || q.Get("client_id") != fake.DemoClientID {
		t.Errorf("authorize URL: %s", authorize)
	}
	ru, _ := url.Parse(q.Get("redirect_uri"))
	if ru.Hostname() != "127.0.0.1" || ru.Path != "/callback" || ru.Port() == "0" {
		t.Errorf("redirect_uri %s", ru)
	}
	if !strings.Contains(out.String(), authorize) {
		t.Errorf("the authorize URL was not printed:\n%s", out.String())
	}
	cb := b.callbackURL(t)
	if cb.Query().Get("state") != q.Get("state") || cb.Query().Get("code") == "" {
		t.Errorf("callback %s", cb)
	}

	// Saved with the right modes.
	filemode.Private(t, filepath.Join(dir, tokenFile))
	filemode.Private(t, dir)
	s := session(t, dir, srv)
	if s.AccessToken == "" || s.RefreshToken == "" || s.Expiry.IsZero() || s.RedirectURI != q.Get("redirect_uri") {
		t.Errorf("stored session incomplete: %+v", s.token())
	}
	if st, _ := m.Status(context.Background()); st != LoggedIn {
		t.Errorf("status %v", st)
	}

	// The listener took one request and closed.
	if _, err := (&httpGetter{}).get(cb.String()); err == nil {
		t.Error("the loopback listener still answers after the login")
	}

	// The session works against the API, from a fresh process's view.
	m2 := newManager(t, srv, dir, nil, nil)
	me, err := apiClient(srv, m2, nil).Me(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if me.Permalink != fake.DemoUserPermalink {
		t.Errorf("me = %s", me.Permalink)
	}
	if n := srv.Stats().TokensIssued; n != 1 {
		t.Errorf("tokens issued %d, want 1", n)
	}
}

// A request to /callback with a wrong or missing state (any local process
// or web page can send one) gets 400 and does not end the login: the real
// redirect that follows still signs in. Over real HTTP.
func TestLoginIgnoresCallbacksWithWrongState(t *testing.T) {
	srv := startFake(t, fake.Options{})
	dir := t.TempDir()
	m := newManager(t, srv, dir, nil, nil)
	b := newBrowser()
	statuses := make(chan []int, 1)
	open := func(ctx context.Context, authorize string) error {
		au, err := url.Parse(authorize)
		if err != nil {
			return err
		}
		cb := au.Query().Get("redirect_uri")
		go func() {
			var got []int
			for _, q := range []string{
				"code=stolen&state=forged-state-from-another-site",
				"code=stolen",
				"error=access_denied",
				"state=",
			} {
				resp, err := http.Get(cb + "?" + q)
				if err != nil {
					got = append(got, -1)
					continue
				}
				resp.Body.Close()
				got = append(got, resp.StatusCode)
			}
			statuses <- got
			b.open(ctx, authorize) // then the real browser
		}()
		return nil
	}
	if err := m.Login(context.Background(), LoginOptions{OpenURL: open, Timeout: 30 * time.Second}); err != nil {
		t.Fatalf("login after forged callbacks: %v", err)
	}
	if got := <-statuses; !slices.Equal(got, []int{400, 400, 400, 400}) {
		t.Errorf("forged callbacks answered %v, want 400 each", got)
	}
	if err := <-b.errs; err != nil {
		t.Errorf("the real browser: %v", err)
	}
	if n := srv.Stats().TokensIssued; n != 1 {
		t.Errorf("tokens issued %d, want 1 (the real code only)", n)
	}
	if s := session(t, dir, srv); s.AccessToken == "" {
		t.Error("no session stored")
	}
}

// A pasted address from another login is refused with a hint, and the
// right one pasted next signs in.
func TestLoginPasteWithWrongStateAsksAgain(t *testing.T) {
	srv := startFake(t, fake.Options{})
	dir := t.TempDir()
	m := newManager(t, srv, dir, nil, nil)
	inR, inW := io.Pipe()
	var out syncWriter
	done := make(chan error, 1)
	go func() {
		done <- m.Login(context.Background(), LoginOptions{NoBrowser: true, In: inR, Out: &out, Timeout: 30 * time.Second})
	}()
	var authorize string
	for i := 0; i < 1000 && authorize == ""; i++ {
		for _, l := range strings.Split(out.String(), "\n") {
			if l = strings.TrimSpace(l); strings.HasPrefix(l, srv.AuthURL()+"/authorize?") {
				authorize = l
			}
		}
		time.Sleep(5 * time.Millisecond)
	}
	if authorize == "" {
		t.Fatalf("no authorize address:\n%s", out.String())
	}
	loc, err := (&httpGetter{noFollow: true}).get(authorize)
	if err != nil {
		t.Fatal(err)
	}
	forged, _ := url.Parse(loc)
	q := forged.Query()
	q.Set("state", "another-login")
	forged.RawQuery = q.Encode()
	go func() {
		fmt.Fprintln(inW, forged.String())
		fmt.Fprintln(inW, loc)
	}()
	if err := <-done; err != nil {
		t.Fatalf("login: %v\n%s", err, out.String())
	}
	if !strings.Contains(out.String(), "belongs to another sign-in") {
		t.Errorf("no hint for the wrong paste:\n%s", out.String())
	}
}

// syncWriter is a strings.Builder safe for one writer and one reader.
type syncWriter struct {
	mu sync.Mutex
	b  strings.Builder
}

func (w *syncWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.b.Write(p)
}

func (w *syncWriter) String() string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.b.String()
}

func TestLoginRefusesReplayedCode(t *testing.T) {
	srv := startFake(t, fake.Options{})
	m := newManager(t, srv, t.TempDir(), nil, nil)
	first := login(t, m)
	oldCode := first.callbackURL(t).Query().Get("code")

	// Second login: the "browser" replays the first code with the new state,
	// as an attacker who captured a redirect would.
	b := newBrowser()
	replay := func(ctx context.Context, authorize string) error {
		au, _ := url.Parse(authorize)
		cb, _ := url.Parse(au.Query().Get("redirect_uri"))
		cb.RawQuery = url.Values{"code": {oldCode}, "state": {au.Query().Get("state")}}.Encode()
		go func() { _, err := (&httpGetter{}).get(cb.String()); b.errs <- err }()
		return nil
	}
	err := m.Login(context.Background(), LoginOptions{OpenURL: replay, Timeout: 30 * time.Second})
	if err == nil || !strings.Contains(err.Error(), "invalid_grant") {
		t.Fatalf("replayed code: want invalid_grant, got %v", err)
	}
	if strings.Contains(err.Error(), oldCode) {
		t.Errorf("the code leaked into the error: %v", err)
	}
	if n := srv.Stats().TokensIssued; n != 1 {
		t.Errorf("tokens issued %d, want 1", n)
	}
}

func TestLoginRefusesWrongVerifier(t *testing.T) {
	srv := startFake(t, fake.Options{})
	m := newManager(t, srv, t.TempDir(), nil, nil)
	b := newBrowser()
	// The code gets bound to another verifier's challenge, so the verifier
	// Login holds does not match it.
	b.rewrite = func(u *url.URL) {
		q := u.Query()
		q.Set("code_challenge", oauth2.S256ChallengeFromVerifier(oauth2.GenerateVerifier()))
		u.RawQuery = q.Encode()
	}
	err := m.Login(context.Background(), LoginOptions{OpenURL: b.open, Timeout: 30 * time.Second})
	if err == nil || !strings.Contains(err.Error(), "invalid_grant") || !strings.Contains(err.Error(), "code_verifier") {
		t.Fatalf("wrong verifier: want invalid_grant about code_verifier, got %v", err)
	}
	if n := srv.Stats().TokensIssued; n != 0 {
		t.Errorf("tokens issued %d, want 0", n)
	}
}

func TestLoginNoBrowserPaste(t *testing.T) {
	srv := startFake(t, fake.Options{})
	dir := t.TempDir()
	m := newManager(t, srv, dir, nil, nil)
	pr, pw := io.Pipe()
	outR, outW := io.Pipe()
	done := make(chan error, 1)
	go func() {
		done <- m.Login(context.Background(), LoginOptions{NoBrowser: true, In: pr, Out: outW, Timeout: 30 * time.Second})
		outW.Close()
	}()
	// Read the printed URL, "sign in" elsewhere (the redirect is not
	// followed, as on a remote machine), paste the address back.
	var printed bytes.Buffer
	buf := make([]byte, 4096)
	var authorize string
	for authorize == "" {
		n, err := outR.Read(buf)
		if err != nil {
			t.Fatalf("reading the prompt: %v (got %q)", err, printed.String())
		}
		printed.Write(buf[:n])
		for _, f := range strings.Fields(printed.String()) {
			if strings.HasPrefix(f, srv.AuthURL()+"/authorize?") && strings.Contains(printed.String(), "press Enter") {
				authorize = f
			}
		}
	}
	rest := make(chan string, 1)
	go func() { b, _ := io.ReadAll(outR); rest <- string(b) }()
	loc, err := (&httpGetter{noFollow: true}).get(authorize)
	if err != nil {
		t.Fatal(err)
	}
	// A wrong paste gets a hint and another chance.
	if _, err := io.WriteString(pw, "\nhttps://soundcloud.com/discover\n  "+loc+"  \n"); err != nil {
		t.Fatal(err)
	}
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if s := session(t, dir, srv); s.RefreshToken == "" {
		t.Error("no refresh token stored")
	}
	if !strings.Contains(printed.String(), "paste it here") {
		t.Errorf("no paste prompt:\n%s", printed.String())
	}
	if r := <-rest; !strings.Contains(r, "not the redirect address") {
		t.Errorf("no hint after a wrong paste: %q", r)
	}
}

func TestParsePasted(t *testing.T) {
	for _, s := range []string{
		"http://127.0.0.1:1/callback?code=abc&state=xyz",
		"code=abc&state=xyz",
		"/callback?code=abc&state=xyz#frag",
	} {
		q, err := parsePasted(s)
		if err != nil || q.Get("code") != "abc" || q.Get("state") != "xyz" {
			t.Errorf("%q: %v %v", s, q, err)
		}
	}
	if _, err := parsePasted("https://soundcloud.com/"); err == nil {
		t.Error("a URL without code accepted")
	}
}

func TestConcurrentRefreshCollapses(t *testing.T) {
	for _, tc := range []struct {
		name string
		// advanceManager: the Manager sees the expiry coming and refreshes
		// before the calls; otherwise it learns from the API's 401s.
		advanceManager bool
	}{{"before expiry", true}, {"after 401", false}} {
		t.Run(tc.name, func(t *testing.T) {
			fakeClock, mgrClock := newClock(), newClock()
			srv := startFake(t, fake.Options{AccessTokenTTL: time.Hour, Now: fakeClock.Now})
			dir := t.TempDir()
			m := newManager(t, srv, dir, mgrClock.Now, nil)
			login(t, m)
			c := apiClient(srv, m, nil)
			if _, err := c.Me(context.Background()); err != nil {
				t.Fatal(err)
			}
			old := session(t, dir, srv)

			fakeClock.Advance(2 * time.Hour)
			if tc.advanceManager {
				mgrClock.Advance(2 * time.Hour)
			}
			before := srv.Stats()
			var wg sync.WaitGroup
			errs := make(chan error, 20)
			for range 20 {
				wg.Add(1)
				go func() {
					defer wg.Done()
					_, err := c.Me(context.Background())
					errs <- err
				}()
			}
			wg.Wait()
			close(errs)
			for err := range errs {
				if err != nil {
					t.Errorf("call failed: %v", err)
				}
			}
			after := srv.Stats()
			if n := after.TokenRefreshes - before.TokenRefreshes; n != 1 {
				t.Errorf("refreshes = %d, want exactly 1", n)
			}
			if n := after.Requests["POST /oauth/token"] - before.Requests["POST /oauth/token"]; n != 1 {
				t.Errorf("token endpoint requests = %d, want 1", n)
			}
			cur := session(t, dir, srv)
			if cur.RefreshToken == old.RefreshToken || cur.AccessToken == old.AccessToken {
				t.Error("the refreshed pair was not persisted")
			}
			// Single use: the fake refuses the old refresh token, as SoundCloud does.
			if code, e := postRefresh(t, srv, old.RefreshToken); code != 400 || e != "invalid_grant" {
				t.Errorf("reusing the old refresh token: %d %q, want 400 invalid_grant", code, e)
			}
		})
	}
}

func TestRefusedRefreshAsksForLoginAndNeverLoops(t *testing.T) {
	fakeClock := newClock()
	srv := startFake(t, fake.Options{AccessTokenTTL: time.Hour, Now: fakeClock.Now})
	dir := t.TempDir()
	m := newManager(t, srv, dir, fakeClock.Now, nil)
	login(t, m)
	// Someone else spends our refresh token (another machine with a copy).
	stolen := session(t, dir, srv)
	if code, _ := postRefresh(t, srv, stolen.RefreshToken); code != 200 {
		t.Fatalf("refresh by the other party: %d", code)
	}
	fakeClock.Advance(2 * time.Hour)
	before := srv.Stats().Requests["POST /oauth/token"]
	c := apiClient(srv, m, nil)
	for i := range 5 {
		_, err := c.Me(context.Background())
		if !isLoginRequired(err) {
			t.Fatalf("call %d: want ErrLoginRequired, got %v", i, err)
		}
		if !strings.Contains(err.Error(), "cirrus login") {
			t.Errorf("error does not say what to do: %v", err)
		}
		for _, secret := range []string{stolen.AccessToken, stolen.RefreshToken, fake.DemoClientSecret} {
			if strings.Contains(err.Error(), secret) {
				t.Errorf("error leaks a secret: %v", err)
			}
		}
	}
	if n := srv.Stats().Requests["POST /oauth/token"] - before; n != 1 {
		t.Errorf("token endpoint hit %d times, want 1 (no loop)", n)
	}
	// The next process knows too, without asking the server again.
	m2 := newManager(t, srv, dir, fakeClock.Now, nil)
	if st, _ := m2.Status(context.Background()); st != Expired {
		t.Errorf("status %v, want expired", st)
	}
	if _, err := m2.Token(context.Background()); !isLoginRequired(err) {
		t.Errorf("new process: %v", err)
	}
	if n := srv.Stats().Requests["POST /oauth/token"] - before; n != 1 {
		t.Errorf("token endpoint hit %d times, want 1", n)
	}
	// A new login recovers.
	login(t, m2)
	if _, err := apiClient(srv, m2, nil).Me(context.Background()); err != nil {
		t.Fatal(err)
	}
}

func TestAnonymousTokenCachedUntilExpiry(t *testing.T) {
	clk := newClock()
	srv := startFake(t, fake.Options{AccessTokenTTL: time.Hour, Now: clk.Now})
	dir := t.TempDir()
	m := newManager(t, srv, dir, clk.Now, nil)
	ctx := context.Background()
	t1, err := m.Token(ctx)
	if err != nil {
		t.Fatal(err)
	}
	t2, _ := m.Token(ctx)
	t3, err := newManager(t, srv, dir, clk.Now, nil).Token(ctx) // next process
	if err != nil {
		t.Fatal(err)
	}
	if t1 != t2 || t1 != t3 {
		t.Error("the app token was not reused")
	}
	if n := srv.Stats().ClientTokens; n != 1 {
		t.Errorf("client-credentials tokens issued %d, want 1", n)
	}
	// Public reads work with it.
	c := apiClient(srv, m, nil)
	if _, err := c.SearchTracks(ctx, "a", apiSearch()); err != nil {
		t.Errorf("anonymous search: %v", err)
	}
	if st, _ := m.Status(ctx); st != Anonymous {
		t.Errorf("status %v", st)
	}
	clk.Advance(2 * time.Hour)
	t4, err := m.Token(ctx)
	if err != nil || t4 == t1 {
		t.Fatalf("expired app token not replaced: %v", err)
	}
	if n := srv.Stats().ClientTokens; n != 2 {
		t.Errorf("client-credentials tokens issued %d, want 2", n)
	}
	// A 401 on the app token gets a new one.
	m.Invalidate(ctx, t4)
	if t5, err := m.Token(ctx); err != nil || t5 == t4 {
		t.Errorf("invalidated app token reused: %v", err)
	}
}

func TestNoClientID(t *testing.T) {
	srv := startFake(t, fake.Options{})
	m, err := New(context.Background(), Options{AuthURL: srv.AuthURL(), StateDir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := m.Token(context.Background()); !errors.Is(err, ErrNoClientID) {
		t.Errorf("got %v", err)
	}
	if err := m.Login(context.Background(), LoginOptions{}); !errors.Is(err, ErrNoClientID) {
		t.Errorf("got %v", err)
	}
}

func TestLogout(t *testing.T) {
	srv := startFake(t, fake.Options{})
	dir := t.TempDir()
	m := newManager(t, srv, dir, nil, nil)
	ctx := context.Background()
	if err := m.Logout(ctx); !errors.Is(err, ErrNotLoggedIn) {
		t.Errorf("logout without login: %v", err)
	}
	login(t, m)
	s := session(t, dir, srv)
	if err := m.Logout(ctx); err != nil {
		t.Fatal(err)
	}
	if n := srv.Stats().Requests["POST /sign-out"]; n != 1 {
		t.Errorf("sign-out requests %d", n)
	}
	if _, err := os.Stat(filepath.Join(dir, tokenFile)); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("token file still there: %v", err)
	}
	if code, _ := postRefresh(t, srv, s.RefreshToken); code == 200 {
		t.Error("the server still accepts the signed-out refresh token")
	}
	if st, _ := m.Status(ctx); st != Anonymous {
		t.Errorf("status %v", st)
	}
	// Anonymous use goes on.
	if _, err := m.Token(ctx); err != nil {
		t.Errorf("anonymous token after logout: %v", err)
	}
}

func TestOtherProcessRefreshIsAdopted(t *testing.T) {
	clk := newClock()
	srv := startFake(t, fake.Options{AccessTokenTTL: time.Hour, Now: clk.Now})
	dir := t.TempDir()
	a := newManager(t, srv, dir, clk.Now, nil)
	login(t, a)
	b := newManager(t, srv, dir, clk.Now, nil)
	ctx := context.Background()
	if _, err := b.Token(ctx); err != nil { // b loads the pair
		t.Fatal(err)
	}
	clk.Advance(2 * time.Hour)
	ta, err := a.Token(ctx) // a refreshes, spending the refresh token b holds
	if err != nil {
		t.Fatal(err)
	}
	tb, err := b.Token(ctx) // b must adopt a's pair, not spend the old one
	if err != nil {
		t.Fatalf("second process: %v", err)
	}
	if ta != tb {
		t.Error("second process did not adopt the refreshed pair")
	}
	if n := srv.Stats().TokenRefreshes; n != 1 {
		t.Errorf("refreshes %d, want 1", n)
	}
}

func TestTokenTypesRedact(t *testing.T) {
	tok := Token{AccessToken: "access-secret-value", RefreshToken: "refresh-secret-value", Expiry: time.Now()}
	var logged bytes.Buffer
	logTo(&logged).Info("t", "tok", tok, "ptr", &tok)
	for _, s := range []string{fmtAll(tok), fmtAll(&tok), logged.String()} {
		if strings.Contains(s, "secret-value") {
			t.Errorf("token leaked: %s", s)
		}
	}
	if !strings.Contains(tok.String(), Fingerprint("access-secret-value")) {
		t.Errorf("no fingerprint: %s", tok)
	}
	r := NewRedactor("client-secret-xyz")
	err := r.Err(errors.New("oauth2: body client-secret-xyz"))
	if strings.Contains(err.Error(), "client-secret-xyz") {
		t.Errorf("not redacted: %v", err)
	}
}

func TestLoginElsewhereReachesRunningManager(t *testing.T) {
	old := reloadEvery
	reloadEvery = 0
	t.Cleanup(func() { reloadEvery = old })
	clk := newClock()
	srv := startFake(t, fake.Options{AccessTokenTTL: time.Hour, Now: clk.Now})
	dir := t.TempDir()
	ctx := context.Background()
	running := newManager(t, srv, dir, clk.Now, nil) // say, the TUI
	c := apiClient(srv, running, nil)
	if _, err := c.Me(ctx); err == nil {
		t.Fatal("/me worked without a login")
	}
	login(t, newManager(t, srv, dir, clk.Now, nil)) // `cirrus login` in another terminal
	if _, err := c.Me(ctx); err != nil {
		t.Fatalf("the running manager did not pick up the login: %v", err)
	}
	// The same after the session expired.
	postRefresh(t, srv, session(t, dir, srv).RefreshToken)
	clk.Advance(2 * time.Hour)
	if _, err := c.Me(ctx); !isLoginRequired(err) {
		t.Fatalf("want login required, got %v", err)
	}
	login(t, newManager(t, srv, dir, clk.Now, nil))
	if _, err := c.Me(ctx); err != nil {
		t.Fatalf("the running manager did not pick up the new login: %v", err)
	}
}

func TestRedactingLogHandler(t *testing.T) {
	var buf bytes.Buffer
	r := NewRedactor("client-secret-xyz")
	r.Add("short") // too short to scrub safely: ignored
	r.Add("access-token-abc")
	log := slog.New(r.Handler(slog.NewTextHandler(&buf, &slog.HandlerOptions{Level: slog.LevelDebug})))
	log = log.With("ctx", "uses client-secret-xyz")
	log.Debug("sent access-token-abc", "header", "OAuth access-token-abc",
		"err", errors.New("refused client-secret-xyz"),
		slog.Group("g", "inner", "access-token-abc"),
		"any", struct{ S string }{"access-token-abc"}, "word", "short")
	out := buf.String()
	if strings.Contains(out, "client-secret-xyz") || strings.Contains(out, "access-token-abc") {
		t.Errorf("secret in log: %s", out)
	}
	if strings.Count(out, redacted) != 6 || !strings.Contains(out, "short") {
		t.Errorf("unexpected redaction: %s", out)
	}
}
