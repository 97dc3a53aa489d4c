package player

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/cirrus-tui/cirrus/api"
)

// resolver is the part of *api.Client the player uses; tests may substitute
// a local one before the api double exists.
type resolver interface {
	Streams(ctx context.Context, track api.URN) (*api.Streams, error)
	ResolveStream(ctx context.Context, redirectorURL string) (string, error)
	HTTPClient() *http.Client
	BaseURL() string
}

// Errors the UI can branch on.
var (
	// ErrNoDevice: no sound device could be opened.
	ErrNoDevice = errors.New("no audio device")
	// ErrBlocked: the track's owner does not allow streaming it here.
	ErrBlocked = errors.New("track is blocked (metadata only)")
	// ErrDRM: the only streams are encrypted, which cirrus cannot play.
	ErrDRM = errors.New("stream is DRM-encrypted")
	// ErrNoStream: the track lists no stream at all.
	ErrNoStream = errors.New("no playable stream")
	// ErrDevice marks an error of the output (the sound device, or the
	// WAV file) after it started: the player paused. The device may come
	// back (a restarted sound server, through Play); a file does not.
	ErrDevice = errors.New("output failed")
	// ErrTooLong: a stream played far past the track's duration (see
	// overrun) and was stopped there.
	ErrTooLong = errors.New("the stream is longer than the track")
	// ErrEndedEarly: a stream ended, without an error of its own, far short
	// of the track's duration or without any audio (not audio at all).
	ErrEndedEarly = errors.New("the stream ended early")
)

// deviceError is an output's error marked ErrDevice; its text is the
// output's own.
type deviceError struct{ err error }

func (e deviceError) Error() string   { return e.err.Error() }
func (e deviceError) Unwrap() []error { return []error{ErrDevice, e.err} }

type streamKind int

const (
	kindHLSAAC streamKind = iota
	kindHLSMP3
	kindMP3
)

func (k streamKind) String() string {
	return [...]string{"hls-aac", "hls-mp3", "mp3"}[k]
}

// candidate is one stream to try, in order of preference.
type candidate struct {
	name       string // the /streams key
	kind       streamKind
	redirector string
	preview    bool
}

// filterFormats keeps the candidates named in formats, in that order.
func filterFormats(c []candidate, formats []string) []candidate {
	if len(formats) == 0 {
		return c
	}
	var out []candidate
	for _, f := range formats {
		for _, x := range c {
			if x.name == f || (f == "preview_mp3_128" && x.name == "preview") {
				out = append(out, x)
			}
		}
	}
	return out
}

// candidates lists a track's streams best first, following the API's order:
// HLS AAC 160, HLS AAC 96, HLS MP3, progressive MP3, then the preview.
func candidates(t *api.Track, s *api.Streams, baseURL string) []candidate {
	var c []candidate
	preview := t.Access == api.AccessPreview
	if s != nil && !preview {
		for _, x := range []struct {
			n string
			k streamKind
			u string
		}{{"hls_aac_160", kindHLSAAC, s.HLSAAC160URL}, {"hls_aac_96", kindHLSAAC, s.HLSAAC96URL}, {"hls_mp3_128", kindHLSMP3, s.HLSMP3128URL}, {"http_mp3_128", kindMP3, s.HTTPMP3128URL}} {
			if x.u != "" {
				c = append(c, candidate{name: x.n, kind: x.k, redirector: x.u})
			}
		}
	}
	if s != nil && s.PreviewMP3URL != "" {
		c = append(c, candidate{name: "preview_mp3_128", kind: kindMP3, redirector: s.PreviewMP3URL, preview: true})
	}
	if baseURL != "" && t.URN != "" {
		c = append(c, candidate{name: "preview", kind: kindMP3, redirector: strings.TrimRight(baseURL, "/") + "/tracks/" + string(t.URN) + "/preview", preview: true})
	}
	return c
}

// httpStatusError is a media response that was not 2xx.
type httpStatusError struct {
	code int
	url  string
}

func (e *httpStatusError) Error() string {
	return fmt.Sprintf("the media server answered %d %s", e.code, http.StatusText(e.code))
}

// media fetches the bytes behind one redirector: it keeps the signed URL,
// resolves it again when it expires, and counts the bytes it read so the
// benchmark can report what a seek costs.
type media struct {
	res        resolver
	redirector string
	bytes      *atomic.Int64
	stall      time.Duration // see Options.StallTimeout
	stalls     atomic.Int64  // stalls since the last minProgress bytes

	mu     sync.Mutex
	signed string
}

// defaultStall is Options.StallTimeout's default.
const defaultStall = 15 * time.Second

func newMedia(res resolver, redirector string, counter *atomic.Int64, stall time.Duration) *media {
	if stall <= 0 {
		stall = defaultStall
	}
	return &media{res: res, redirector: redirector, bytes: counter, stall: stall}
}

// url returns the signed URL, resolving it the first time.
func (m *media) url(ctx context.Context) (string, error) {
	m.mu.Lock()
	u := m.signed
	m.mu.Unlock()
	if u != "" {
		return u, nil
	}
	return m.refresh(ctx, "")
}

// refresh resolves the redirector again unless someone already replaced
// stale. One resolution may take two stall timeouts (the API client
// retries once inside); a redirector that never answers is a stall.
func (m *media) refresh(ctx context.Context, stale string) (string, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.signed != "" && m.signed != stale {
		return m.signed, nil
	}
	stall := &stallError{what: "no answer from the stream redirector", d: 2 * m.stall}
	rctx, cancel := context.WithTimeoutCause(ctx, stall.d, stall)
	defer cancel()
	u, err := m.res.ResolveStream(rctx, m.redirector)
	if err != nil {
		if ctx.Err() == nil && context.Cause(rctx) == stall {
			return "", fmt.Errorf("resolve stream: %w", stall)
		}
		return "", fmt.Errorf("resolve stream: %w", err)
	}
	m.signed = u
	return u, nil
}

// noteStall counts a stall; more than stallRetries of them with less than
// minProgress bytes between them fail the track.
func (m *media) noteStall(err error) error {
	if n := m.stalls.Add(1); n > stallRetries {
		return fmt.Errorf("media host stalled %d times: %w", n, err)
	}
	return nil
}

// progressed says the host sent minProgress bytes (or a whole resource).
func (m *media) progressed() { m.stalls.Store(0) }

// backoff is the wait before attempt i (0-based) of a media request.
func backoff(i int) time.Duration {
	d := 50 * time.Millisecond << min(i, 5)
	return min(d, 2*time.Second)
}

const (
	mediaAttempts = 8
	// stallRetries is how often a stalled download is tried again (from
	// where it stopped) before the track fails.
	stallRetries = 1
	// minProgress is what a media host must send per stall timeout spent
	// waiting for it: a trickle of a byte a second is a stall too.
	minProgress = 16 << 10
)

// stallError says a media host sent (almost) nothing for a stall timeout.
type stallError struct {
	what string
	d    time.Duration
}

func (e *stallError) Error() string { return fmt.Sprintf("%s for %v", e.what, e.d) }

// permanentError is a failure retrying cannot mend: a URL cirrus may not
// fetch, or a 4xx other than 408 and 429.
type permanentError struct{ err error }

func (e *permanentError) Error() string { return e.err.Error() }
func (e *permanentError) Unwrap() error { return e.err }

// retry sorts a failed media request: whether to try again, and whether
// it was a stall (which gets fewer tries).
func retryable(err error) (again, stalled bool) {
	var pe *permanentError
	if errors.As(err, &pe) {
		return false, false
	}
	var se *stallError
	if errors.As(err, &se) {
		return true, true
	}
	var ne net.Error
	if errors.As(err, &ne) && ne.Timeout() {
		return true, true
	}
	return true, false
}

// open GETs the signed URL from byte off (limit bytes, 0 for the rest),
// retrying network errors and 5xx with backoff and re-resolving on 403.
// A stall is retried once; what cannot succeed is not retried.
func (m *media) open(ctx context.Context, off int64, limit int64) (*http.Response, error) {
	var last error
	for i := 0; i < mediaAttempts; i++ {
		if i > 0 {
			select {
			case <-ctx.Done():
				return nil, ctx.Err()
			case <-time.After(backoff(i - 1)):
			}
		}
		u, err := m.url(ctx)
		if err == nil {
			var resp *http.Response
			if resp, err = m.get(ctx, u, off, limit); err == nil {
				return resp, nil
			}
			var se *httpStatusError
			if errors.As(err, &se) && (se.code == http.StatusForbidden || se.code == http.StatusGone || se.code == http.StatusUnauthorized) {
				last = err
				if _, rerr := m.refresh(ctx, u); rerr != nil {
					err = rerr
				} else {
					continue
				}
			}
		}
		last = err
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		again, stalled := retryable(err)
		if !again {
			return nil, err
		}
		if stalled {
			if err := m.noteStall(err); err != nil {
				return nil, err
			}
		}
	}
	return nil, fmt.Errorf("fetch media after %d attempts: %w", mediaAttempts, last)
}

// get issues one GET with an optional byte range; no auth header goes to
// media hosts. The response must start within the stall timeout, and its
// body is watched the same way (see stallBody).
func (m *media) get(ctx context.Context, u string, off, limit int64) (*http.Response, error) {
	pu, err := url.Parse(u)
	if err != nil {
		return nil, &permanentError{fmt.Errorf("media URL: %w", err)}
	}
	if pu.Scheme != "http" && pu.Scheme != "https" {
		return nil, &permanentError{fmt.Errorf("media URL: scheme %q not allowed (only http and https)", sanitize(truncate(pu.Scheme, 20)))}
	}
	rctx, cancel := context.WithCancelCause(ctx)
	req, err := http.NewRequestWithContext(rctx, http.MethodGet, u, nil)
	if err != nil {
		cancel(nil)
		return nil, &permanentError{fmt.Errorf("media request: %w", err)}
	}
	if off > 0 || limit > 0 {
		r := "bytes=" + strconv.FormatInt(off, 10) + "-"
		if limit > 0 {
			r += strconv.FormatInt(off+limit-1, 10)
		}
		req.Header.Set("Range", r)
	}
	stall := &stallError{what: "no response from media host", d: m.stall}
	t := time.AfterFunc(m.stall, func() { cancel(stall) })
	resp, err := m.res.HTTPClient().Do(req)
	if !t.Stop() {
		if err == nil {
			resp.Body.Close()
		}
		cancel(nil)
		return nil, fmt.Errorf("media GET: %w", stall)
	}
	if err != nil {
		cancel(nil)
		var ue *url.Error
		if errors.As(err, &ue) {
			ue.URL = redact(ue.URL) // its text would carry the signature
		}
		return nil, fmt.Errorf("media GET: %w", err)
	}
	body := &stallBody{rc: resp.Body, t: t, d: m.stall, cancel: cancel, progressed: func() {}}
	resp.Body = body
	if resp.StatusCode/100 != 2 {
		io.Copy(io.Discard, io.LimitReader(resp.Body, 4096))
		resp.Body.Close()
		se := &httpStatusError{code: resp.StatusCode, url: u}
		if se.code/100 == 4 && se.code != http.StatusRequestTimeout && se.code != http.StatusTooManyRequests &&
			se.code != http.StatusForbidden && se.code != http.StatusGone && se.code != http.StatusUnauthorized {
			return nil, &permanentError{se}
		}
		return nil, se
	}
	if off > 0 && resp.StatusCode != http.StatusPartialContent {
		// The server ignored the range: skip to off ourselves.
		// (bytes read again are no progress)
		if _, err := io.CopyN(io.Discard, resp.Body, off); err != nil {
			resp.Body.Close()
			return nil, fmt.Errorf("media skip to %d: %w", off, err)
		}
	}
	body.progressed = m.progressed
	return resp, nil
}

// stallBody is a response body that fails with a stallError when the time
// spent waiting in Read adds up to the stall timeout before minProgress
// bytes came. Time the reader spends elsewhere (paused) does not count.
type stallBody struct {
	rc     io.ReadCloser
	t      *time.Timer
	d      time.Duration
	cancel context.CancelCauseFunc
	// progressed is called for every minProgress bytes
	progressed func()
	waited     time.Duration
	got        int
	failed     error
}

func (b *stallBody) Read(p []byte) (int, error) {
	if b.failed != nil {
		return 0, b.failed
	}
	start := time.Now()
	b.t.Reset(b.d - b.waited)
	n, err := b.rc.Read(p)
	fired := !b.t.Stop()
	b.waited += time.Since(start)
	if b.got += n; b.got >= minProgress {
		b.got, b.waited = 0, 0
		b.progressed()
	}
	if fired || b.waited >= b.d {
		what := "no data from media host"
		if b.got > 0 {
			what = fmt.Sprintf("media host sent %d bytes", b.got)
		}
		b.failed = &stallError{what: what, d: b.d}
		b.cancel(b.failed)
		return n, b.failed
	}
	return n, err
}

func (b *stallBody) Close() error {
	b.t.Stop()
	err := b.rc.Close()
	b.cancel(nil)
	return err
}

// fetchAll reads a whole (small) resource such as a playlist or segment,
// retrying when the connection drops mid-body; a stall is retried once.
func (m *media) fetchAll(ctx context.Context, u string, maxBytes int64) ([]byte, error) {
	return m.retried(ctx, u, func() ([]byte, error) {
		resp, err := m.get(ctx, u, 0, 0)
		if err != nil {
			return nil, err
		}
		b, err := io.ReadAll(io.LimitReader(resp.Body, maxBytes))
		resp.Body.Close()
		if m.bytes != nil {
			m.bytes.Add(int64(len(b)))
		}
		if err == nil && resp.ContentLength > 0 && int64(len(b)) < resp.ContentLength {
			err = io.ErrUnexpectedEOF
		}
		if err != nil {
			return nil, fmt.Errorf("read media body: %w", err)
		}
		return b, nil
	})
}

// retried runs one fetch of u up to mediaAttempts times with backoff: the
// one retry policy of every media fetch (whole resources and byte ranges).
// An expired signature is returned at once (the caller resolves the
// playlist again); a stall counts against the track's stall budget.
func (m *media) retried(ctx context.Context, u string, attempt func() ([]byte, error)) ([]byte, error) {
	var last error
	for i := 0; i < mediaAttempts; i++ {
		if i > 0 {
			select {
			case <-ctx.Done():
				return nil, ctx.Err()
			case <-time.After(backoff(i - 1)):
			}
		}
		b, err := attempt()
		if err == nil {
			m.progressed()
			return b, nil
		}
		last = err
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		if isExpired(err) {
			return nil, err
		}
		again, stalled := retryable(err)
		if !again {
			return nil, err
		}
		if stalled {
			if err := m.noteStall(err); err != nil {
				return nil, fmt.Errorf("fetch %s: %w", redact(u), err)
			}
		}
	}
	return nil, fmt.Errorf("fetch %s after %d attempts: %w", redact(u), mediaAttempts, last)
}

// redact drops the query (signatures) from a URL for error messages.
func redact(u string) string {
	if i := strings.IndexByte(u, '?'); i >= 0 {
		return u[:i]
	}
	return u
}

// redactText drops the query of every URL in a message: the last guard
// before an error reaches a listener, whatever wrapped it on the way.
func redactText(s string) string {
	var b strings.Builder
	for {
		i := strings.Index(s, "://")
		if i < 0 {
			break
		}
		// the URL runs to the next space or quote
		end := i + strings.IndexAny(s[i:]+" ", " \t\"'<>")
		u := s[:end]
		if q := strings.IndexByte(u[i:], '?'); q >= 0 {
			u = u[:i+q]
		}
		b.WriteString(u)
		s = s[end:]
	}
	b.WriteString(s)
	return b.String()
}
