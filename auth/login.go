package auth

import (
	"bufio"
	"context"
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"golang.org/x/oauth2"

	webbrowser "github.com/cirrus-tui/cirrus/internal/browser"
)

// Login failures callers may branch on.
var (
	ErrStateMismatch = errors.New("login refused: the redirect's state does not match this login (a stale or forged redirect); run `cirrus login` again")
	ErrLoginTimeout  = errors.New("login timed out waiting for the browser's redirect")
)

// DefaultLoginTimeout bounds how long Login waits for the redirect.
const DefaultLoginTimeout = 5 * time.Minute

// LoginOptions drive the interactive part of Login.
type LoginOptions struct {
	// NoBrowser: do not open a browser; also accept the redirected URL
	// pasted on In (for SSH sessions, where the browser is elsewhere).
	NoBrowser bool
	Out       io.Writer // the URL and prompts; nil: discarded
	In        io.Reader // pasted redirect URL, read in NoBrowser mode
	// OpenURL opens the authorize URL; nil: the platform's browser
	// (internal/browser). Tests drive the flow here.
	OpenURL func(ctx context.Context, authorizeURL string) error
	Timeout time.Duration // 0: DefaultLoginTimeout
}

// callback is what the redirect carried.
type callback struct {
	query url.Values
	err   error
}

// Login runs the OAuth 2.1 authorization-code flow with PKCE (S256) and a
// random state: it listens on 127.0.0.1 for the redirect (one request, then
// the listener closes), shows the authorize URL, exchanges the code with the
// verifier and stores the tokens.
func (m *Manager) Login(ctx context.Context, o LoginOptions) error {
	if m.opts.ClientID == "" {
		return ErrNoClientID
	}
	out := o.Out
	if out == nil {
		out = io.Discard
	}
	timeout := o.Timeout
	if timeout <= 0 {
		timeout = DefaultLoginTimeout
	}
	verifier := oauth2.GenerateVerifier()
	state, err := randomState()
	if err != nil {
		return fmt.Errorf("login: %w", err)
	}

	ln, err := net.Listen("tcp", net.JoinHostPort("127.0.0.1", fmt.Sprint(m.opts.RedirectPort)))
	if err != nil {
		return fmt.Errorf("login: listen for the redirect on 127.0.0.1:%d (another login running? change redirect_port): %w",
			m.opts.RedirectPort, err)
	}
	redirect := fmt.Sprintf("http://127.0.0.1:%d/callback", ln.Addr().(*net.TCPAddr).Port)
	results := make(chan callback, 2)
	srv := serveCallback(ln, state, results, m.log)
	defer shutdown(srv)

	cfg := m.oauthConfig(redirect)
	authorize := cfg.AuthCodeURL(state, oauth2.S256ChallengeOption(verifier))
	m.log.Info("login started", "redirect_uri", redirect, "no_browser", o.NoBrowser)
	fmt.Fprintf(out, "Open this address in a browser to sign in to SoundCloud:\n\n  %s\n\n", authorize)

	if o.NoBrowser {
		fmt.Fprintf(out, "After you sign in, the browser is sent to %s?code=… (the page may not load\n"+
			"on this machine). Copy that whole address from the address bar, paste it here and press Enter:\n", redirect)
		if o.In != nil {
			go readPasted(o.In, out, state, results)
		}
	} else if err := m.openURL(ctx, o, authorize); err != nil {
		m.log.Warn("could not open a browser", "err", err)
		fmt.Fprintln(out, "(Could not open a browser. Open the address above yourself.)")
	} else {
		fmt.Fprintln(out, "Waiting for the browser…")
	}

	var cb callback
	timer := time.NewTimer(timeout)
	defer timer.Stop()
	select {
	case cb = <-results:
	case <-timer.C:
		return ErrLoginTimeout
	case <-ctx.Done():
		return fmt.Errorf("login: %w", ctx.Err())
	}
	shutdown(srv) // one request only
	if cb.err != nil {
		return fmt.Errorf("login: %w", cb.err)
	}
	q := cb.query
	if !sameState(q.Get("state"), state) {
		m.log.Warn("login redirect with a wrong state refused")
		return ErrStateMismatch
	}
	if e := q.Get("error"); e != "" {
		msg := e
		if d := q.Get("error_description"); d != "" {
			msg += ": " + d
		}
		// Server text: the caller prints it through the one sanitiser (ui.Sanitize).
		return fmt.Errorf("login refused by the server: %s", msg)
	}
	code := q.Get("code")
	if code == "" {
		return errors.New("login: the redirect carried no code")
	}
	m.red.Add(code)
	tok, err := cfg.Exchange(m.oauthCtx(ctx, nil), code, oauth2.VerifierOption(verifier))
	if err != nil {
		return fmt.Errorf("login: exchange the code for tokens: %w", m.red.Err(err))
	}
	s := m.fromOAuth(tok, redirect)
	if s.RefreshToken == "" {
		m.log.Warn("login gave no refresh token; the session ends when the access token expires")
	}
	if err := m.acquire(ctx); err != nil {
		return err
	}
	defer m.release()
	if err := m.saveSession(ctx, s); err != nil {
		return fmt.Errorf("login: %w", err)
	}
	m.log.Info("logged in", "access", Fingerprint(s.AccessToken), "storage", m.store.backend.String())
	return nil
}

func (m *Manager) openURL(ctx context.Context, o LoginOptions, u string) error {
	if o.OpenURL != nil {
		return o.OpenURL(ctx, u)
	}
	return webbrowser.Start(u)
}

// serveCallback answers the first request to /callback that carries this
// login's state and reports it. A request with a wrong or missing state (any
// local process or web page can send one) gets 400 and does not end the
// login; anything else (a browser's /favicon.ico) gets 404.
func serveCallback(ln net.Listener, state string, results chan<- callback, log *slog.Logger) *http.Server {
	var once sync.Once
	mux := http.NewServeMux()
	mux.HandleFunc("/callback", func(w http.ResponseWriter, r *http.Request) {
		if !sameState(r.URL.Query().Get("state"), state) {
			log.Warn("ignored a request to the login callback with a wrong or missing state")
			http.Error(w, "This is not the sign-in cirrus is waiting for (wrong or missing state).", http.StatusBadRequest)
			return
		}
		first := false
		once.Do(func() { first = true })
		if !first {
			http.Error(w, "This login has already been completed.", http.StatusGone)
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Header().Set("Cache-Control", "no-store")
		w.Header().Set("Content-Length", strconv.Itoa(len(callbackPage)))
		w.Header().Set("Connection", "close")
		io.WriteString(w, callbackPage)
		results <- callback{query: r.URL.Query()}
	})
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}
	go srv.Serve(ln)
	return srv
}

// shutdown closes the listener and lets the answer to the browser finish.
func shutdown(srv *http.Server) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	if srv.Shutdown(ctx) != nil {
		srv.Close()
	}
}

// callbackPage echoes nothing from the request.
const callbackPage = `<!doctype html><meta charset="utf-8"><title>cirrus</title>
<body style="font-family:sans-serif;margin:4em"><h1>cirrus</h1>
<p>The sign-in reached cirrus. You can close this tab and return to the terminal.</p>`

// sameState compares a redirect's state with this login's in constant time.
func sameState(got, want string) bool {
	return subtle.ConstantTimeCompare([]byte(got), []byte(want)) == 1
}

// readPasted reads lines until one holds the redirected URL (or just its
// query) of this login; other lines get a hint. At EOF it stops quietly: the
// loopback listener may still get the redirect (an SSH port forward) until
// the timeout.
func readPasted(in io.Reader, out io.Writer, state string, results chan<- callback) {
	sc := bufio.NewScanner(in)
	sc.Buffer(make([]byte, 0, 4096), 64<<10)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" {
			continue
		}
		q, err := parsePasted(line)
		if err != nil {
			fmt.Fprintf(out, "%v. Paste it again:\n", err)
			continue
		}
		if !sameState(q.Get("state"), state) {
			fmt.Fprintln(out, "That address belongs to another sign-in (its state does not match this one). Paste the address this sign-in ended on:")
			continue
		}
		results <- callback{query: q}
		return
	}
}

func parsePasted(s string) (url.Values, error) {
	if i := strings.IndexByte(s, '?'); i >= 0 {
		s = s[i+1:]
	}
	if i := strings.IndexByte(s, '#'); i >= 0 {
		s = s[:i]
	}
	q, err := url.ParseQuery(s)
	if err != nil || (q.Get("code") == "" && q.Get("error") == "") {
		return nil, errors.New("that is not the redirect address (it contains ?code=…&state=…)")
	}
	return q, nil
}

func randomState() (string, error) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("random state: %w", err)
	}
	return base64.RawURLEncoding.EncodeToString(b), nil
}
