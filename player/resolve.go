package player

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
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
)

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

func (e *httpStatusError) Error() string { return fmt.Sprintf("media: HTTP %d", e.code) }

// media fetches the bytes behind one redirector: it keeps the signed URL,
// resolves it again when it expires, and counts the bytes it read so the
// benchmark can report what a seek costs.
type media struct {
	res        resolver
	redirector string
	bytes      *atomic.Int64

	mu     sync.Mutex
	signed string
}

func newMedia(res resolver, redirector string, counter *atomic.Int64) *media {
	return &media{res: res, redirector: redirector, bytes: counter}
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

// refresh resolves the redirector again unless someone already replaced stale.
func (m *media) refresh(ctx context.Context, stale string) (string, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.signed != "" && m.signed != stale {
		return m.signed, nil
	}
	u, err := m.res.ResolveStream(ctx, m.redirector)
	if err != nil {
		return "", fmt.Errorf("resolve stream: %w", err)
	}
	m.signed = u
	return u, nil
}

// backoff is the wait before attempt i (0-based) of a media request.
func backoff(i int) time.Duration {
	d := 50 * time.Millisecond << min(i, 5)
	return min(d, 2*time.Second)
}

const mediaAttempts = 8

// open GETs target (the signed URL itself when target is "") from byte off,
// retrying network errors and 5xx with backoff and re-resolving on 403.
// target may be relative to nothing: HLS passes absolute segment URLs and a
// resolve function to refresh them.
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
		if err != nil {
			last = err
			if ctx.Err() != nil {
				return nil, ctx.Err()
			}
			continue
		}
		resp, err := get(ctx, m.res.HTTPClient(), u, off, limit)
		if err == nil {
			return resp, nil
		}
		last = err
		var se *httpStatusError
		if errors.As(err, &se) && (se.code == http.StatusForbidden || se.code == http.StatusGone || se.code == http.StatusUnauthorized) {
			if _, rerr := m.refresh(ctx, u); rerr != nil {
				last = rerr
			}
			continue
		}
		if errors.As(err, &se) && se.code < 500 && se.code != http.StatusTooManyRequests {
			return nil, err
		}
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
	}
	return nil, fmt.Errorf("fetch media after %d attempts: %w", mediaAttempts, last)
}

// get issues one GET with an optional byte range; no auth header goes to
// media hosts.
func get(ctx context.Context, hc *http.Client, u string, off, limit int64) (*http.Response, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return nil, fmt.Errorf("media request: %w", err)
	}
	if off > 0 || limit > 0 {
		r := "bytes=" + strconv.FormatInt(off, 10) + "-"
		if limit > 0 {
			r += strconv.FormatInt(off+limit-1, 10)
		}
		req.Header.Set("Range", r)
	}
	resp, err := hc.Do(req)
	if err != nil {
		return nil, fmt.Errorf("media GET: %w", err)
	}
	if resp.StatusCode/100 != 2 {
		io.Copy(io.Discard, io.LimitReader(resp.Body, 4096))
		resp.Body.Close()
		return nil, &httpStatusError{code: resp.StatusCode, url: u}
	}
	if off > 0 && resp.StatusCode != http.StatusPartialContent {
		// The server ignored the range: skip to off ourselves.
		if _, err := io.CopyN(io.Discard, resp.Body, off); err != nil {
			resp.Body.Close()
			return nil, fmt.Errorf("media skip to %d: %w", off, err)
		}
	}
	return resp, nil
}

// fetchAll reads a whole (small) resource such as a playlist or segment,
// retrying when the connection drops mid-body.
func fetchAll(ctx context.Context, hc *http.Client, u string, counter *atomic.Int64, maxBytes int64) ([]byte, error) {
	var last error
	for i := 0; i < mediaAttempts; i++ {
		if i > 0 {
			select {
			case <-ctx.Done():
				return nil, ctx.Err()
			case <-time.After(backoff(i - 1)):
			}
		}
		resp, err := get(ctx, hc, u, 0, 0)
		if err != nil {
			last = err
			var se *httpStatusError
			if errors.As(err, &se) && se.code < 500 && se.code != http.StatusTooManyRequests {
				return nil, err
			}
			if ctx.Err() != nil {
				return nil, ctx.Err()
			}
			continue
		}
		b, err := io.ReadAll(io.LimitReader(resp.Body, maxBytes))
		resp.Body.Close()
		if counter != nil {
			counter.Add(int64(len(b)))
		}
		if err == nil && resp.ContentLength > 0 && int64(len(b)) < resp.ContentLength {
			err = io.ErrUnexpectedEOF
		}
		if err == nil {
			return b, nil
		}
		last = fmt.Errorf("read media body: %w", err)
		if ctx.Err() != nil {
			return nil, ctx.Err()
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
