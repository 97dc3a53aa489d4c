package api

import (
	"context"
	"errors"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"syscall"
	"time"
)

// retryStatus says whether an answer with this status may be retried: only
// idempotent requests, and only for 5xx and 429. A POST that got a 5xx may
// have been processed, and a 429 on likes and comments is a spam guard.
func retryStatus(status int, r *request) bool {
	if !r.idempotent || (r.stream != nil && !r.canReplay) {
		return false
	}
	return status == http.StatusTooManyRequests || status >= 500 && status != http.StatusNotImplemented
}

// retryTransport says whether a failed exchange may be retried. Idempotent
// requests retry on resets, EOFs and timeouts; others only when the request
// provably never left (the dial failed).
func retryTransport(err error, r *request) bool {
	if r.stream != nil && !r.canReplay {
		return false
	}
	if neverSent(err) {
		return true
	}
	if !r.idempotent {
		return false
	}
	switch {
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF),
		errors.Is(err, syscall.ECONNRESET), errors.Is(err, syscall.ECONNABORTED),
		errors.Is(err, syscall.EPIPE):
		return true
	}
	var ne net.Error
	if errors.As(err, &ne) && ne.Timeout() {
		return true
	}
	var oe *net.OpError
	return errors.As(err, &oe)
}

// neverSent is true for failures before any byte reached the server.
func neverSent(err error) bool {
	if errors.Is(err, syscall.ECONNREFUSED) {
		return true
	}
	var oe *net.OpError
	if errors.As(err, &oe) && oe.Op == "dial" {
		return true
	}
	var dnsErr *net.DNSError
	return errors.As(err, &dnsErr) && dnsErr.IsTemporary
}

// backoff is exponential with full jitter: a random wait in [0, base*2^n],
// capped at RetryMaxDelay.
func (c *Client) backoff(attempt int) time.Duration {
	d := c.opts.RetryBase
	for i := 0; i < attempt && d < c.opts.RetryMaxDelay; i++ {
		d *= 2
	}
	d = min(d, c.opts.RetryMaxDelay)
	return time.Duration(c.jitter(int64(d) + 1))
}

// retryWait picks the wait before retrying an error answer. Retry-After wins;
// a 429 that names when its window resets waits for that. ok is false when
// the wait would exceed MaxRetryWait: the caller gets the error instead (the
// plays quota resets after up to 24 h).
func (c *Client) retryWait(attempt int, e *Error, now time.Time) (time.Duration, bool) {
	switch {
	case e.RetryAfter > 0:
		return e.RetryAfter, e.RetryAfter <= c.opts.MaxRetryWait
	case e.RateLimit != nil && !e.RateLimit.ResetTime.IsZero() && e.RateLimit.Remaining == 0:
		d := e.RateLimit.ResetTime.Sub(now)
		if d <= 0 {
			return c.backoff(attempt), true
		}
		return d, d <= c.opts.MaxRetryWait
	}
	return c.backoff(attempt), true
}

func randInt64N(n int64) int64 {
	if n <= 0 {
		return 0
	}
	return rand.Int64N(n)
}

// sleepCtx waits d or until ctx is done.
func sleepCtx(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
