package player

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
)

// fetchRange reads the sub-range r of the resource at u (an EXT-X-BYTERANGE
// segment or init segment) with a Range request. The host must answer 206
// with the Content-Range asked for; a host that ignores ranges would send
// the whole file for every segment, so that is refused, plainly, unless
// the range is the whole of a file exactly that long. Retries like
// fetchAll (media.retried).
func (m *media) fetchRange(ctx context.Context, u string, r byteRange) ([]byte, error) {
	return m.retried(ctx, u, func() ([]byte, error) { return m.getRange(ctx, u, r) })
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
	// Read what comes rather than allocate what the playlist claims.
	b, err := io.ReadAll(io.LimitReader(resp.Body, r.n))
	if m.bytes != nil {
		m.bytes.Add(int64(len(b)))
	}
	if err == nil && int64(len(b)) < r.n {
		err = io.ErrUnexpectedEOF
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
