package api

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// Default hosts of the real service.
const (
	DefaultBaseURL = "https://api.soundcloud.com"
	DefaultAuthURL = "https://secure.soundcloud.com"
	DefaultWebURL  = "https://soundcloud.com"
)

// Version goes into the default User-Agent; main may set it at link time.
var Version = "dev"

// Defaults for Options fields left zero.
const (
	DefaultMaxRetries    = 4
	DefaultRetryBase     = 500 * time.Millisecond
	DefaultRetryMaxDelay = 8 * time.Second
	DefaultMaxRetryWait  = 30 * time.Second
	DefaultCallTimeout   = 30 * time.Second

	// maxBody bounds what a JSON answer may weigh, so a broken server cannot
	// make the client read without end.
	maxBody = 32 << 20
)

// Options configure a Client. Only base URLs differ between the real service
// and api/fake.
type Options struct {
	BaseURL      string // API host, default DefaultBaseURL
	AuthURL      string // OAuth host, default DefaultAuthURL
	WebURL       string // soundcloud.com (oEmbed), default DefaultWebURL
	ClientID     string
	ClientSecret string
	Tokens       TokenSource  // nil: no Authorization header
	HTTPClient   *http.Client // nil: a client with sane timeouts
	UserAgent    string       // default "cirrus/<Version>"
	MaxRetries   int          // idempotent requests; 0 means the default (4), <0 none
	Logger       *slog.Logger // nil: no logging

	// RetryBase is the first backoff step (doubled per attempt, full jitter);
	// RetryMaxDelay caps one backoff step. Tests shrink them.
	RetryBase     time.Duration
	RetryMaxDelay time.Duration
	// MaxRetryWait is the longest Retry-After (or rate-limit reset) the client
	// sleeps through; a longer one is returned to the caller as the error.
	MaxRetryWait time.Duration
	// CallTimeout bounds one JSON call including retries (default 30 s);
	// uploads are not bounded by it.
	CallTimeout time.Duration
}

// Client is a typed client of the SoundCloud public API. It is safe for
// concurrent use.
type Client struct {
	opts     Options
	base     *url.URL
	hc       *http.Client // follows redirects, strips auth off the API host
	noRedir  *http.Client // stops at the first redirect
	log      *slog.Logger
	ua       string
	retries  int
	jitter   func(n int64) int64
	sleepFor func(ctx context.Context, d time.Duration) error
	edits    playlistLocks // one track-list edit per playlist at a time
}

// New builds a Client. A malformed BaseURL falls back to DefaultBaseURL so
// that New cannot fail; the error then shows at the first call's URL.
func New(opts Options) *Client {
	if opts.BaseURL == "" {
		opts.BaseURL = DefaultBaseURL
	}
	if opts.AuthURL == "" {
		opts.AuthURL = DefaultAuthURL
	}
	if opts.WebURL == "" {
		opts.WebURL = DefaultWebURL
	}
	opts.BaseURL = strings.TrimRight(opts.BaseURL, "/")
	opts.AuthURL = strings.TrimRight(opts.AuthURL, "/")
	opts.WebURL = strings.TrimRight(opts.WebURL, "/")
	if opts.RetryBase <= 0 {
		opts.RetryBase = DefaultRetryBase
	}
	if opts.RetryMaxDelay <= 0 {
		opts.RetryMaxDelay = DefaultRetryMaxDelay
	}
	if opts.MaxRetryWait <= 0 {
		opts.MaxRetryWait = DefaultMaxRetryWait
	}
	if opts.CallTimeout <= 0 {
		opts.CallTimeout = DefaultCallTimeout
	}
	c := &Client{opts: opts, jitter: randInt64N, sleepFor: sleepCtx}
	c.base, _ = url.Parse(opts.BaseURL)
	if c.base == nil {
		c.base, _ = url.Parse(DefaultBaseURL)
	}
	switch {
	case opts.MaxRetries == 0:
		c.retries = DefaultMaxRetries
	case opts.MaxRetries < 0:
		c.retries = 0
	default:
		c.retries = opts.MaxRetries
	}
	c.ua = opts.UserAgent
	if c.ua == "" {
		c.ua = "cirrus/" + Version
	}
	c.log = opts.Logger
	if c.log == nil {
		c.log = slog.New(slog.DiscardHandler)
	}
	base := opts.HTTPClient
	if base == nil {
		base = defaultHTTPClient()
	}
	hc := *base
	userCheck := base.CheckRedirect
	hc.CheckRedirect = func(req *http.Request, via []*http.Request) error {
		if !c.isAPIHost(req.URL) {
			req.Header.Del("Authorization")
		}
		if userCheck != nil {
			return userCheck(req, via)
		}
		if len(via) >= 10 {
			return errors.New("stopped after 10 redirects")
		}
		return nil
	}
	c.hc = &hc
	nr := *base
	nr.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	c.noRedir = &nr
	return c
}

// defaultHTTPClient bounds connection set-up and waiting for headers but not
// whole requests: media and upload bodies may take as long as they take.
func defaultHTTPClient() *http.Client {
	d := &net.Dialer{Timeout: 10 * time.Second, KeepAlive: 30 * time.Second}
	return &http.Client{Transport: &http.Transport{
		Proxy:                 http.ProxyFromEnvironment,
		DialContext:           d.DialContext,
		ForceAttemptHTTP2:     true,
		MaxIdleConns:          32,
		MaxIdleConnsPerHost:   8,
		IdleConnTimeout:       90 * time.Second,
		TLSHandshakeTimeout:   10 * time.Second,
		ResponseHeaderTimeout: 30 * time.Second,
		ExpectContinueTimeout: time.Second,
		WriteBufferSize:       64 << 10, // uploads: fewer, larger writes
		ReadBufferSize:        64 << 10,
	}}
}

// HTTPClient is the underlying client, shared with the player for media
// fetches. It never adds an Authorization header by itself and drops one on
// redirects that leave the API host.
func (c *Client) HTTPClient() *http.Client { return c.hc }

// BaseURL is the API host this client talks to.
func (c *Client) BaseURL() string { return c.opts.BaseURL }

// isAPIHost says whether u is on the API host (scheme, host and port), the
// only place the Authorization header may go.
func (c *Client) isAPIHost(u *url.URL) bool {
	return u != nil && strings.EqualFold(u.Host, c.base.Host) && strings.EqualFold(u.Scheme, c.base.Scheme)
}

// apiURL joins the API base, a path and a query.
func (c *Client) apiURL(path string, q url.Values) string {
	s := c.opts.BaseURL + path
	if len(q) > 0 {
		s += "?" + q.Encode()
	}
	return s
}

// seg escapes one path segment (URNs keep their colons).
func seg(u URN) string { return url.PathEscape(string(u)) }

// request describes one logical API call; exec turns it into one or more HTTP
// attempts.
type request struct {
	op     string // "GET /me", for errors and logs
	method string
	url    string
	body   []byte // replayable body, nil for none
	ctype  string
	// stream makes a fresh streamed body (uploads), length -1 if unknown;
	// it is called again for a replay only when canReplay is set.
	stream      func() (io.Reader, int64, error)
	canReplay   bool
	noRedirect  bool // return 3xx answers instead of following them
	page        bool // the answer is a page: its collection is held to MaxPageItems
	noAuth      bool // never send the Authorization header
	basicAuth   bool // HTTP Basic with the client id and secret (OAuth)
	idempotent  bool
	noTimeout   bool // do not apply CallTimeout (uploads)
	accept      string
	redactToken string // also scrub this from error messages
	// rawMax, when set, reads a non-JSON answer (an image) of at most this
	// many bytes; JSON answers are held to maxBody.
	rawMax int64
}

// result is a finished HTTP exchange with its body read.
type result struct {
	status int
	header http.Header
	body   []byte
	url    *url.URL
}

func newRequest(method, op, u string) *request {
	idem := method == http.MethodGet || method == http.MethodHead || method == http.MethodPut || method == http.MethodDelete
	return &request{op: op, method: method, url: u, idempotent: idem, accept: "application/json; charset=utf-8"}
}

func (r *request) withJSON(v any) (*request, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return nil, fmt.Errorf("%s: encode body: %w", r.op, err)
	}
	r.body, r.ctype = b, "application/json; charset=utf-8"
	return r, nil
}

// getJSON runs a GET on the API host and decodes its answer into out.
func (c *Client) getJSON(ctx context.Context, path string, q url.Values, out any) error {
	r := newRequest(http.MethodGet, "GET "+path, c.apiURL(path, q))
	return c.exec(ctx, r, decodeInto(r.op, out))
}

// decodeInto decodes a JSON body into out (nil: ignore the body).
func decodeInto(op string, out any) func(*result) error {
	return func(res *result) error {
		if out == nil {
			return nil
		}
		if len(bytes.TrimSpace(res.body)) == 0 {
			return &decodeError{op: op, err: errors.New("empty body")}
		}
		if err := json.Unmarshal(res.body, out); err != nil {
			return &decodeError{op: op, err: err}
		}
		return nil
	}
}

// decodeError marks an answer whose body did not parse; idempotent calls
// retry it, since a truncated body is usually a broken connection.
type decodeError struct {
	op  string
	err error
}

func (e *decodeError) Error() string { return e.op + ": decode response: " + e.err.Error() }
func (e *decodeError) Unwrap() error { return e.err }

// exec sends r, retrying as the retry policy allows, refreshing the token
// once on 401, and hands a successful (2xx, or 3xx with noRedirect) answer to
// decode. Any other answer becomes an *Error.
func (c *Client) exec(ctx context.Context, r *request, decode func(*result) error) error {
	if !r.noTimeout {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, c.opts.CallTimeout)
		defer cancel()
	}
	target, err := url.Parse(r.url)
	if err != nil {
		return fmt.Errorf("%s: %w", r.op, err)
	}
	auth := !r.noAuth && !r.basicAuth && c.opts.Tokens != nil && c.isAPIHost(target)
	refreshed := false
	for attempt := 0; ; attempt++ {
		if err := ctx.Err(); err != nil {
			return fmt.Errorf("%s: %w", r.op, err)
		}
		tok := ""
		if auth {
			tok, err = c.opts.Tokens.Token(ctx)
			if err != nil {
				return fmt.Errorf("%s: token: %w", r.op, err)
			}
		}
		req, err := c.build(ctx, r, tok)
		if err != nil {
			return err
		}
		hc := c.hc
		if r.noRedirect {
			hc = c.noRedir
		}
		start := time.Now()
		resp, err := hc.Do(req)
		if err != nil {
			if ctx.Err() != nil {
				return fmt.Errorf("%s: %w", r.op, ctx.Err())
			}
			c.log.Debug("api request failed", "op", r.op, "attempt", attempt, "err", redact(err.Error(), tok))
			if attempt < c.retries && retryTransport(err, r) {
				if serr := c.sleepFor(ctx, c.backoff(attempt)); serr != nil {
					return fmt.Errorf("%s: %w", r.op, serr)
				}
				continue
			}
			return fmt.Errorf("%s: %w", r.op, err) // headers, and so tokens, are never in transport errors
		}
		limit := int64(maxBody)
		if r.rawMax > 0 {
			limit = r.rawMax
		}
		body, rerr := readAnswer(r.op, resp.Body, limit, r.rawMax == 0, r.page)
		resp.Body.Close()
		var se *ShapeError
		if errors.As(rerr, &se) {
			if resp.StatusCode >= 400 {
				body, rerr = nil, nil // the status still says what went wrong
			} else {
				return rerr // the same answer again would be refused again
			}
		}
		c.log.Debug("api request", "op", r.op, "status", resp.StatusCode, "attempt", attempt, "took", time.Since(start))
		if rerr != nil {
			if ctx.Err() != nil {
				return fmt.Errorf("%s: %w", r.op, ctx.Err())
			}
			if attempt < c.retries && r.idempotent {
				if serr := c.sleepFor(ctx, c.backoff(attempt)); serr != nil {
					return fmt.Errorf("%s: %w", r.op, serr)
				}
				continue
			}
			return fmt.Errorf("%s: read response: %w", r.op, rerr)
		}
		res := &result{status: resp.StatusCode, header: resp.Header, body: body, url: resp.Request.URL}
		ok := resp.StatusCode >= 200 && resp.StatusCode < 300 ||
			r.noRedirect && resp.StatusCode >= 300 && resp.StatusCode < 400
		if ok {
			if decode == nil {
				return nil
			}
			derr := decode(res)
			var de *decodeError
			if derr != nil && errors.As(derr, &de) && r.idempotent && attempt < c.retries {
				if serr := c.sleepFor(ctx, c.backoff(attempt)); serr != nil {
					return fmt.Errorf("%s: %w", r.op, serr)
				}
				continue
			}
			return derr
		}
		if resp.StatusCode == http.StatusUnauthorized && auth && tok != "" && !refreshed && (r.stream == nil || r.canReplay) {
			// A 401 means the request was not processed, so replaying it is
			// safe even for POST. Refresh once, not more.
			refreshed = true
			c.opts.Tokens.Invalidate(ctx, tok)
			attempt--
			continue
		}
		apiErr := parseError(r.op, resp.StatusCode, resp.Header, body, time.Now())
		apiErr.Message = redact(apiErr.Message, tok, r.redactToken)
		if attempt < c.retries && retryStatus(resp.StatusCode, r) {
			if wait, ok := c.retryWait(attempt, apiErr, time.Now()); ok && fitsDeadline(ctx, wait) {
				if serr := c.sleepFor(ctx, wait); serr != nil {
					return fmt.Errorf("%s: %w", r.op, serr)
				}
				continue
			}
		}
		return apiErr
	}
}

// build makes the http.Request of one attempt.
func (c *Client) build(ctx context.Context, r *request, tok string) (*http.Request, error) {
	var body io.Reader
	length := int64(-1)
	switch {
	case r.stream != nil:
		b, n, err := r.stream()
		if err != nil {
			return nil, fmt.Errorf("%s: %w", r.op, err)
		}
		body, length = b, n
	case r.body != nil:
		body = bytes.NewReader(r.body)
	}
	req, err := http.NewRequestWithContext(ctx, r.method, r.url, body)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", r.op, err)
	}
	if r.stream != nil {
		req.ContentLength = length
		if length < 0 {
			req.ContentLength = -1
		}
	}
	if r.ctype != "" {
		req.Header.Set("Content-Type", r.ctype)
	}
	if r.accept != "" {
		req.Header.Set("Accept", r.accept)
	}
	req.Header.Set("User-Agent", c.ua)
	if tok != "" {
		req.Header.Set("Authorization", "OAuth "+tok)
	}
	if r.basicAuth {
		req.SetBasicAuth(c.opts.ClientID, c.opts.ClientSecret)
	}
	return req, nil
}

// redact replaces every secret in s; error texts must never carry tokens.
func redact(s string, secrets ...string) string {
	for _, t := range secrets {
		if len(t) >= 4 {
			s = strings.ReplaceAll(s, t, "[redacted]")
		}
	}
	return s
}

// fitsDeadline says whether sleeping d still leaves ctx alive; if not, the
// caller is better served by the error it has than by a deadline error.
func fitsDeadline(ctx context.Context, d time.Duration) bool {
	dl, ok := ctx.Deadline()
	return !ok || time.Until(dl) > d
}
