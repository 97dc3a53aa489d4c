package player

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// fetchRange reads the sub-range r of the resource at u (an EXT-X-BYTERANGE
// segment or init segment) with a Range request. The host must answer 206
// with the Content-Range asked for; a host that ignores ranges would send
// the whole file for every segment, so that is refused, plainly, unless
// the range is the whole of a file exactly that long. Retries like
// fetchAll.
func (m *media) fetchRange(ctx context.Context, u string, r byteRange) ([]byte, error) {
	var last error
	for i := 0; i < mediaAttempts; i++ {
		if i > 0 {
			select {
			case <-ctx.Done():
				return nil, ctx.Err()
			case <-time.After(backoff(i - 1)):
			}
		}
		b, err := m.getRange(ctx, u, r)
		if err == nil {
			m.progressed()
			return b, nil
		}
		last = err
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		if isExpired(err) {
			return nil, err // the caller resolves the playlist again
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

// getRange is one attempt of fetchRange.
func (m *media) getRange(ctx context.Context, u string, r byteRange) ([]byte, error) {
	resp, err := m.get(ctx, u, r.off, r.n)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	switch {
	case resp.StatusCode == http.StatusPartialContent:
		cr := resp.Header.Get("Content-Range")
		first, last, ok := parseContentRange(cr)
		if !ok || first != r.off || last != r.off+r.n-1 {
			return nil, &permanentError{fmt.Errorf("%w: asked the media host for bytes %d-%d, it sent %q",
				ErrUnsupported, r.off, r.off+r.n-1, sanitize(truncate(cr, 60)))}
		}
	case r.off == 0 && resp.ContentLength == r.n:
		// The whole file, which is the range asked for.
	default:
		return nil, &permanentError{fmt.Errorf("%w: the media host ignores byte ranges (HTTP %d to a Range request), "+
			"so this single-file HLS stream would be downloaded whole for every segment", ErrUnsupported, resp.StatusCode)}
	}
	b := make([]byte, r.n)
	n, err := io.ReadFull(resp.Body, b)
	if m.bytes != nil {
		m.bytes.Add(int64(n))
	}
	if err != nil {
		return nil, fmt.Errorf("read media body: %w", err)
	}
	return b, nil
}

// parseContentRange reads "bytes first-last/size" (size may be "*").
func parseContentRange(s string) (first, last int64, ok bool) {
	s, found := strings.CutPrefix(strings.TrimSpace(s), "bytes ")
	if !found {
		return 0, 0, false
	}
	rng, _, found := strings.Cut(s, "/")
	if !found {
		return 0, 0, false
	}
	a, b, found := strings.Cut(rng, "-")
	if !found {
		return 0, 0, false
	}
	first, err1 := strconv.ParseInt(a, 10, 64)
	last, err2 := strconv.ParseInt(b, 10, 64)
	if err1 != nil || err2 != nil || first < 0 || last < first {
		return 0, 0, false
	}
	return first, last, true
}
