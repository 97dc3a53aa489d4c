// Package auth owns SoundCloud sign-in: the PKCE login, token storage, and the
// token source api.Client uses. SoundCloud's refresh tokens are single use, so
// every refresh is persisted before its access token is handed out, and
// concurrent refreshes collapse into one.
package auth

import (
	"bytes"
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
	"time"

	"golang.org/x/oauth2"
	"golang.org/x/oauth2/clientcredentials"

	"github.com/cirrus-tui/cirrus/api"
)

// Errors callers branch on.
var (
	// ErrLoginRequired: the refresh token was refused; only a new login helps.
	ErrLoginRequired = errors.New("session expired, run `cirrus login`")
	// ErrNotLoggedIn: no user session exists (anonymous use only).
	ErrNotLoggedIn = errors.New("not logged in, run `cirrus login`")
	// ErrNoClientID: the app credentials are missing from config and env.
	ErrNoClientID = errors.New("no client_id: set client_id and client_secret in the config file or CIRRUS_CLIENT_ID and CIRRUS_CLIENT_SECRET")
)

// Defaults.
const (
	defaultAuthURL = api.DefaultAuthURL
	refreshTimeout = 30 * time.Second
	maxMargin      = time.Minute // refresh this long before expiry at most
)

// Options configure a Manager.
type Options struct {
	ClientID     string
	ClientSecret string
	AuthURL      string // OAuth host; default api.DefaultAuthURL
	RedirectPort int    // loopback port for login; 0 picks a free one
	StateDir     string // where tokens.json and its lock live (required)
	Keyring      bool   // keep tokens in the Secret Service when one answers
	HTTPClient   *http.Client
	Logger       *slog.Logger
	Redactor     *Redactor // nil: a new one; share it with the log handler
	Now          func() time.Time
}

// Manager holds the tokens of one app (client id) at one auth host and
// implements api.TokenSource.
type Manager struct {
	opts  Options
	key   string
	store *store
	log   *slog.Logger
	red   *Redactor

	// sem is a one-slot semaphore guarding everything below. Holding it
	// across a refresh is what collapses concurrent refreshes into one;
	// unlike a mutex, waiters can give up when their ctx ends.
	sem      chan struct{}
	loaded   bool
	loadedAt time.Time    // wall clock of the last read of the store
	session  *storedToken // nil: not logged in
	anon     *storedToken
	rejected string // an access token the API answered 401 to
	dirty    bool   // session refreshed but not yet persisted
}

var _ api.TokenSource = (*Manager)(nil)

// testHookAfterRefreshPersist runs right after a refreshed pair is saved (crash test).
var testHookAfterRefreshPersist = func() {}

// New builds a Manager. With Keyring set it checks that a Secret Service
// answers and otherwise falls back to the file, logging why.
func New(ctx context.Context, o Options) (*Manager, error) {
	if o.StateDir == "" {
		return nil, errors.New("auth: no state directory")
	}
	if o.AuthURL == "" {
		o.AuthURL = defaultAuthURL
	}
	o.AuthURL = strings.TrimRight(o.AuthURL, "/")
	if o.HTTPClient == nil {
		o.HTTPClient = &http.Client{Timeout: 30 * time.Second}
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	if o.Redactor == nil {
		o.Redactor = NewRedactor()
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	o.Redactor.Add(o.ClientSecret)
	m := &Manager{
		opts: o,
		key:  o.ClientID + "@" + o.AuthURL,
		log:  o.Logger.With("component", "auth"),
		red:  o.Redactor,
		sem:  make(chan struct{}, 1),
	}
	var be backend = fileBackend{dir: o.StateDir}
	if o.Keyring {
		if err := probeKeyring(ctx); err != nil {
			m.log.Warn("keyring unavailable, storing tokens in a file instead",
				"reason", m.red.Redact(err.Error()), "file", be.String())
		} else {
			be = keyringBackend{}
			moved, err := moveFileToKeyring(ctx, fileBackend{dir: o.StateDir}, keyringBackend{})
			if err != nil {
				m.log.Warn("could not move tokens from the file to the keyring", "err", m.red.Redact(err.Error()))
			} else if moved {
				m.log.Info("moved tokens from the file to the keyring")
			}
		}
	}
	m.store = &store{dir: o.StateDir, backend: be}
	m.log.Debug("token storage", "backend", be.String())
	m.removeStrayTemps(ctx)
	return m, nil
}

// removeStrayTemps deletes temporary token files a process killed mid-write
// left behind (they hold tokens). It holds the store lock, which every writer
// holds from creating its temporary file to renaming it, so it never removes
// a live writer's file; when the lock is busy it leaves them for next time.
func (m *Manager) removeStrayTemps(ctx context.Context) {
	strays, _ := filepath.Glob(filepath.Join(m.opts.StateDir, tempPattern))
	if len(strays) == 0 {
		return
	}
	ctx, cancel := context.WithTimeout(ctx, time.Second)
	defer cancel()
	unlock, err := m.store.lock(ctx)
	if err != nil {
		return
	}
	defer unlock()
	strays, _ = filepath.Glob(filepath.Join(m.opts.StateDir, tempPattern))
	n := 0
	for _, f := range strays {
		if os.Remove(f) == nil {
			n++
		}
	}
	if n > 0 {
		m.log.Info("removed temporary token files left by a process that died while saving", "files", n)
	}
}

// Storage names where tokens are kept ("file …" or "keyring").
func (m *Manager) Storage() string { return m.store.backend.String() }

// Redactor is the scrubber that knows every token this Manager has seen.
func (m *Manager) Redactor() *Redactor { return m.red }

func (m *Manager) acquire(ctx context.Context) error {
	select {
	case m.sem <- struct{}{}:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

func (m *Manager) release() { <-m.sem }

func (m *Manager) now() time.Time { return m.opts.Now() }

// fresh reports whether t can be sent as is: known, not refused, and not
// within the refresh margin of its expiry.
func (m *Manager) fresh(t *storedToken) bool {
	if t == nil || t.AccessToken == "" || t.AccessToken == m.rejected {
		return false
	}
	if t.Expiry.IsZero() {
		return true // no expires_in: trust it until a 401
	}
	margin := maxMargin
	if !t.IssuedAt.IsZero() {
		margin = min(margin, t.Expiry.Sub(t.IssuedAt)/10)
	}
	return m.now().Before(t.Expiry.Add(-margin))
}

func (m *Manager) remember(t *storedToken) {
	if t != nil {
		m.red.Add(t.AccessToken)
		m.red.Add(t.RefreshToken)
	}
}

// reloadEvery throttles re-reading the store while there is no usable
// session, so a `cirrus login` in another terminal reaches a running TUI.
var reloadEvery = 2 * time.Second

func (m *Manager) loadLocked(ctx context.Context) error {
	if m.loaded {
		usable := m.session != nil && !m.session.Expired
		if usable || time.Since(m.loadedAt) < reloadEvery {
			return nil
		}
	}
	st, err := m.store.load(ctx)
	if err != nil {
		return err
	}
	m.session, m.anon = st.Sessions[m.key], st.Anonymous[m.key]
	m.remember(m.session)
	m.remember(m.anon)
	m.loaded, m.loadedAt = true, time.Now()
	return nil
}

// Token returns an access token: the user's when logged in (refreshed first
// when it is about to expire or was refused), else an app token from the
// client-credentials grant, cached until it expires.
func (m *Manager) Token(ctx context.Context) (string, error) {
	if err := m.acquire(ctx); err != nil {
		return "", err
	}
	defer m.release()
	if err := m.loadLocked(ctx); err != nil {
		return "", err
	}
	if m.session != nil {
		tok, err := m.sessionTokenLocked(ctx)
		if !errors.Is(err, ErrNotLoggedIn) {
			return tok, err
		}
	}
	return m.anonTokenLocked(ctx)
}

// Invalidate records that the API answered 401 to stale; the next Token call
// refreshes (once: a token already replaced is not refreshed again).
func (m *Manager) Invalidate(ctx context.Context, stale string) {
	if stale == "" || m.acquire(ctx) != nil {
		return
	}
	defer m.release()
	m.rejected = stale
	m.log.Debug("access token refused by the API", "access", Fingerprint(stale))
}

func (m *Manager) sessionTokenLocked(ctx context.Context) (string, error) {
	s := m.session
	if s.Expired {
		return "", ErrLoginRequired
	}
	if m.dirty {
		if err := m.persistSession(ctx); err != nil {
			return "", err
		}
	}
	if m.fresh(s) {
		return s.AccessToken, nil
	}
	return m.refreshLocked(ctx)
}

// persistSession retries saving a refreshed pair whose first save failed.
func (m *Manager) persistSession(ctx context.Context) error {
	unlock, err := m.store.lock(ctx)
	if err != nil {
		return err
	}
	defer unlock()
	st, err := m.store.load(ctx)
	if err != nil {
		return err
	}
	st.Sessions[m.key] = m.session
	if err := m.store.save(ctx, st); err != nil {
		return fmt.Errorf("save refreshed tokens: %w", err)
	}
	m.dirty = false
	return nil
}

// refreshLocked spends the refresh token. It runs detached from the caller's
// cancellation: a refresh abandoned after the server rotated the token would
// lose the session.
func (m *Manager) refreshLocked(ctx context.Context) (string, error) {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), refreshTimeout)
	defer cancel()
	unlock, err := m.store.lock(ctx)
	if err != nil {
		return "", err
	}
	defer unlock()
	st, err := m.store.load(ctx)
	if err != nil {
		return "", err
	}
	cur := st.Sessions[m.key]
	switch {
	case cur == nil:
		m.log.Info("logged out by another process")
		m.session = nil
		return "", ErrNotLoggedIn
	case cur.Expired:
		m.session = cur
		return "", ErrLoginRequired
	case cur.RefreshToken != m.session.RefreshToken || cur.AccessToken != m.session.AccessToken:
		// Another process refreshed (or logged in) meanwhile: adopt its pair.
		m.remember(cur)
		m.session = cur
		if m.fresh(cur) {
			m.log.Debug("adopted tokens refreshed by another process", "access", Fingerprint(cur.AccessToken))
			return cur.AccessToken, nil
		}
	}
	m.log.Debug("refreshing access token", "refresh", Fingerprint(cur.RefreshToken))
	tok, err := m.exchangeRefresh(ctx, cur)
	if err != nil {
		if loginRequired(err) {
			dead := &storedToken{Expired: true, RedirectURI: cur.RedirectURI}
			st.Sessions[m.key] = dead
			m.session = dead
			if serr := m.store.save(ctx, st); serr != nil {
				m.log.Warn("could not mark the session expired", "err", serr)
			}
			m.log.Warn("refresh token refused; login required", "err", m.red.Redact(err.Error()))
			return "", ErrLoginRequired
		}
		return "", fmt.Errorf("refresh access token: %w", m.red.Err(err))
	}
	next := m.fromOAuth(tok, cur.RedirectURI)
	if next.RefreshToken == "" {
		next.RefreshToken = cur.RefreshToken // server kept the old one
	}
	m.remember(next)
	// From here the old refresh token is spent: keep the new pair in memory
	// whatever happens, and hand out nothing until it is on disk.
	m.session = next
	st.Sessions[m.key] = next
	if err := m.store.save(ctx, st); err != nil {
		m.dirty = true
		m.log.Error("refreshed tokens not saved", "err", err)
		return "", fmt.Errorf("save refreshed tokens: %w", err)
	}
	m.dirty = false
	testHookAfterRefreshPersist()
	m.log.Info("access token refreshed", "access", Fingerprint(next.AccessToken),
		"expires_in", next.Expiry.Sub(next.IssuedAt).Round(time.Second).String())
	return next.AccessToken, nil
}

// loginRequired tells a refused refresh token (400 invalid_grant, or the 401
// SoundCloud sometimes answers a reused one with) from a transient failure.
func loginRequired(err error) bool {
	re, ok := errorsAs[*oauth2.RetrieveError](err)
	if !ok {
		return false
	}
	switch re.ErrorCode {
	case "invalid_grant":
		return true
	case "invalid_client", "unauthorized_client":
		return false // the app's credentials are wrong, not the session
	}
	return re.Response != nil && re.Response.StatusCode == http.StatusUnauthorized
}

func (m *Manager) oauthConfig(redirectURI string) *oauth2.Config {
	return &oauth2.Config{
		ClientID:     m.opts.ClientID,
		ClientSecret: m.opts.ClientSecret,
		Endpoint: oauth2.Endpoint{
			AuthURL:   m.opts.AuthURL + "/authorize",
			TokenURL:  m.opts.AuthURL + "/oauth/token",
			AuthStyle: oauth2.AuthStyleInParams,
		},
		RedirectURL: redirectURI,
	}
}

// oauthCtx makes x/oauth2 use our HTTP client; extra form fields are added to
// refresh requests (SoundCloud wants redirect_uri there too).
func (m *Manager) oauthCtx(ctx context.Context, extra url.Values) context.Context {
	hc := m.opts.HTTPClient
	if len(extra) > 0 {
		base := hc.Transport
		if base == nil {
			base = http.DefaultTransport
		}
		c := *hc
		c.Transport = &formParams{base: base, extra: extra}
		hc = &c
	}
	return context.WithValue(ctx, oauth2.HTTPClient, hc)
}

func (m *Manager) exchangeRefresh(ctx context.Context, cur *storedToken) (*oauth2.Token, error) {
	var extra url.Values
	if cur.RedirectURI != "" {
		extra = url.Values{"redirect_uri": {cur.RedirectURI}}
	}
	cfg := m.oauthConfig(cur.RedirectURI)
	// An expired token with only the refresh part makes x/oauth2 refresh.
	old := &oauth2.Token{RefreshToken: cur.RefreshToken, Expiry: time.Unix(1, 0)}
	return cfg.TokenSource(m.oauthCtx(ctx, extra), old).Token()
}

func (m *Manager) fromOAuth(t *oauth2.Token, redirectURI string) *storedToken {
	now := m.now()
	s := &storedToken{
		AccessToken:  t.AccessToken,
		RefreshToken: t.RefreshToken,
		IssuedAt:     now,
		RedirectURI:  redirectURI,
	}
	switch {
	case t.ExpiresIn > 0:
		s.Expiry = now.Add(time.Duration(t.ExpiresIn) * time.Second)
	case !t.Expiry.IsZero():
		// x/oauth2/clientcredentials keeps only Expiry, on the wall clock.
		s.Expiry = now.Add(time.Until(t.Expiry))
	}
	if sc, ok := t.Extra("scope").(string); ok {
		s.Scope = sc
	}
	return s
}

// anonTokenLocked returns the cached client-credentials token, fetching a new
// one only when none is valid: SoundCloud allows 50 per app per 12 hours.
func (m *Manager) anonTokenLocked(ctx context.Context) (string, error) {
	if m.fresh(m.anon) {
		return m.anon.AccessToken, nil
	}
	if m.opts.ClientID == "" {
		return "", ErrNoClientID
	}
	unlock, err := m.store.lock(ctx)
	if err != nil {
		return "", err
	}
	defer unlock()
	st, err := m.store.load(ctx)
	if err != nil {
		return "", err
	}
	if a := st.Anonymous[m.key]; m.fresh(a) {
		m.remember(a)
		m.anon = a
		return a.AccessToken, nil
	}
	cc := clientcredentials.Config{
		ClientID:     m.opts.ClientID,
		ClientSecret: m.opts.ClientSecret,
		TokenURL:     m.opts.AuthURL + "/oauth/token",
		AuthStyle:    oauth2.AuthStyleInHeader, // SoundCloud refuses them in the body
	}
	tok, err := cc.Token(m.oauthCtx(ctx, nil))
	if err != nil {
		return "", fmt.Errorf("get app token (client credentials): %w", m.red.Err(err))
	}
	a := m.fromOAuth(tok, "")
	a.RefreshToken = "" // not used for app tokens
	m.remember(a)
	m.anon = a
	st.Anonymous[m.key] = a
	if err := m.store.save(ctx, st); err != nil {
		// Not fatal: the token works, it just is not cached for next time.
		m.log.Warn("app token not cached", "err", err)
	}
	m.log.Info("app token issued (client credentials)", "access", Fingerprint(a.AccessToken),
		"expires_in", a.Expiry.Sub(a.IssuedAt).Round(time.Second).String())
	return a.AccessToken, nil
}

// Status of the stored session.
type Status int

// Session states.
const (
	Anonymous Status = iota // no login: app token only
	LoggedIn
	Expired // the refresh token was refused; log in again
)

func (s Status) String() string {
	return [...]string{"anonymous", "logged in", "session expired"}[s]
}

// Status reports whether a user is logged in, reading the store afresh.
func (m *Manager) Status(ctx context.Context) (Status, error) {
	if err := m.acquire(ctx); err != nil {
		return Anonymous, err
	}
	defer m.release()
	st, err := m.store.load(ctx)
	if err != nil {
		return Anonymous, err
	}
	s := st.Sessions[m.key]
	if m.dirty { // a refreshed pair not yet saved is newer than the store
		s = m.session
	} else {
		m.session, m.anon, m.loaded = s, st.Anonymous[m.key], true
		m.remember(s)
		m.remember(m.anon)
	}
	switch {
	case s == nil:
		return Anonymous, nil
	case s.Expired:
		return Expired, nil
	}
	return LoggedIn, nil
}

// saveSession stores a fresh login, replacing any previous one.
func (m *Manager) saveSession(ctx context.Context, s *storedToken) error {
	unlock, err := m.store.lock(ctx)
	if err != nil {
		return err
	}
	defer unlock()
	st, err := m.store.load(ctx)
	if err != nil {
		return err
	}
	st.Sessions[m.key] = s
	if err := m.store.save(ctx, st); err != nil {
		return err
	}
	m.remember(s)
	m.session, m.loaded, m.dirty, m.rejected = s, true, false, ""
	return nil
}

// Logout signs the session out at the auth host (best effort: the tokens are
// removed locally even if the server cannot be reached) and deletes them.
// It returns ErrNotLoggedIn when there was no session.
func (m *Manager) Logout(ctx context.Context) error {
	if err := m.acquire(ctx); err != nil {
		return err
	}
	defer m.release()
	unlock, err := m.store.lock(ctx)
	if err != nil {
		return err
	}
	defer unlock()
	st, err := m.store.load(ctx)
	if err != nil {
		return err
	}
	s := st.Sessions[m.key]
	m.session, m.loaded, m.dirty = nil, true, false
	if s == nil {
		return ErrNotLoggedIn
	}
	var signOutErr error
	if s.AccessToken != "" && !s.Expired {
		signOutErr = m.signOut(ctx, s.AccessToken)
	}
	delete(st.Sessions, m.key)
	if err := m.store.save(ctx, st); err != nil {
		return err
	}
	if signOutErr != nil {
		m.log.Warn("logged out locally; server sign-out failed", "err", signOutErr)
		return fmt.Errorf("tokens removed, but the server sign-out failed: %w", signOutErr)
	}
	m.log.Info("logged out")
	return nil
}

// signOut posts the access token to /sign-out, as SoundCloud expects.
func (m *Manager) signOut(ctx context.Context, access string) error {
	body, _ := json.Marshal(map[string]string{"access_token": access})
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, m.opts.AuthURL+"/sign-out", bytes.NewReader(body))
	if err != nil {
		return fmt.Errorf("sign out: %w", err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "application/json")
	resp, err := m.opts.HTTPClient.Do(req)
	if err != nil {
		return fmt.Errorf("sign out: %w", m.red.Err(err))
	}
	defer resp.Body.Close()
	io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	if resp.StatusCode/100 != 2 {
		return fmt.Errorf("sign out: server answered %s", resp.Status)
	}
	return nil
}

// formParams adds form fields to token-endpoint POSTs that lack them.
type formParams struct {
	base  http.RoundTripper
	extra url.Values
}

func (f *formParams) RoundTrip(req *http.Request) (*http.Response, error) {
	if req.Method != http.MethodPost || req.Body == nil ||
		!strings.HasPrefix(req.Header.Get("Content-Type"), "application/x-www-form-urlencoded") {
		return f.base.RoundTrip(req)
	}
	b, err := io.ReadAll(req.Body)
	req.Body.Close()
	if err != nil {
		return nil, err
	}
	form, err := url.ParseQuery(string(b))
	if err != nil {
		return nil, err
	}
	for k, vs := range f.extra {
		if !form.Has(k) {
			form[k] = vs
		}
	}
	enc := form.Encode()
	r := req.Clone(req.Context())
	r.Body = io.NopCloser(strings.NewReader(enc))
	r.ContentLength = int64(len(enc))
	r.GetBody = func() (io.ReadCloser, error) { return io.NopCloser(strings.NewReader(enc)), nil }
	return f.base.RoundTrip(r)
}
