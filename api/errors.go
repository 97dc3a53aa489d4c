package api

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// Error is every non-success answer of the API or the OAuth host, with the
// body parsed from whichever shape SoundCloud used. Callers branch on it with
// errors.As or the Is* helpers.
type Error struct {
	Op        string // "GET /me/likes/tracks"
	Status    int    // HTTP status
	Code      int    // "code" of the body, when present
	Message   string // best human-readable text found, may be empty
	Link      string
	ErrorCode string // OAuth error ("invalid_grant", "invalid_client", ...)
	Body      []byte // the raw body, for logs of last resort

	// RateLimit describes the exhausted limit of a 429 (plays quota shape).
	RateLimit *RateLimit
	// SpamWarningURN is set by the likes/comments 429 shape.
	SpamWarningURN string
	// RetryAfter is the Retry-After header, when the server sent one.
	RetryAfter time.Duration
}

// RateLimit is the "rate_limit" meta of a 429: which group ran out and when
// it resets, so the UI can say when plays resume.
type RateLimit struct {
	Group     string    // "plays"
	Max       int       // max_nr_of_requests
	Remaining int       // remaining_requests
	ResetTime time.Time // zero when unknown
	Window    string    // "PT24H"
}

// Error never includes the body or any token: only op, status and message.
func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString("api: ")
	if e.Op != "" {
		b.WriteString(e.Op)
		b.WriteString(": ")
	}
	fmt.Fprintf(&b, "%d %s", e.Status, http.StatusText(e.Status))
	msg := e.Message
	if msg == "" {
		msg = e.ErrorCode
	}
	if msg != "" && msg != http.StatusText(e.Status) {
		b.WriteString(": ")
		b.WriteString(msg)
	}
	if rl := e.RateLimit; rl != nil {
		if rl.Group != "" {
			fmt.Fprintf(&b, " (%s limit", rl.Group)
		} else {
			b.WriteString(" (rate limit")
		}
		if !rl.ResetTime.IsZero() {
			fmt.Fprintf(&b, " resets %s", rl.ResetTime.UTC().Format("2006-01-02 15:04:05 UTC"))
		}
		b.WriteString(")")
	}
	return b.String()
}

// AsError finds the *Error in err's chain.
func AsError(err error) (*Error, bool) {
	var e *Error
	ok := errors.As(err, &e)
	return e, ok
}

func hasStatus(err error, status int) bool {
	e, ok := AsError(err)
	return ok && e.Status == status
}

// IsNotFound reports a 404: the resource is gone or private.
func IsNotFound(err error) bool { return hasStatus(err, http.StatusNotFound) }

// IsUnauthorized reports a 401 that survived the one refresh: sign in again.
func IsUnauthorized(err error) bool { return hasStatus(err, http.StatusUnauthorized) }

// IsForbidden reports a 403.
func IsForbidden(err error) bool { return hasStatus(err, http.StatusForbidden) }

// IsUnprocessable reports a 422 (follow limit reached, invalid comment...).
func IsUnprocessable(err error) bool { return hasStatus(err, http.StatusUnprocessableEntity) }

// IsRateLimited reports a 429 (plays quota or spam guard).
func IsRateLimited(err error) bool { return hasStatus(err, http.StatusTooManyRequests) }

// IsInvalidGrant reports an OAuth invalid_grant: the refresh token or code
// was used already or expired, so the user must sign in again.
func IsInvalidGrant(err error) bool {
	e, ok := AsError(err)
	return ok && e.ErrorCode == "invalid_grant"
}

// oauthCodes are the RFC 6749 error codes SoundCloud sometimes puts in
// "message" instead of "error".
var oauthCodes = map[string]bool{
	"invalid_request": true, "invalid_client": true, "invalid_grant": true,
	"unauthorized_client": true, "unsupported_grant_type": true,
	"unsupported_grant": true, "invalid_scope": true, "access_denied": true,
}

// resetLayout is the format of reset_time: "2026/06/01 09:49:40 +0000".
const resetLayout = "2006/01/02 15:04:05 -0700"

type errorBody struct {
	Code             json.RawMessage   `json:"code"`
	Message          string            `json:"message"`
	Link             string            `json:"link"`
	Error            json.RawMessage   `json:"error"`
	ErrorDescription string            `json:"error_description"`
	Errors           []json.RawMessage `json:"errors"`
	SpamWarningURN   string            `json:"spam_warning_urn"`
}

type errorItem struct {
	ErrorMessage string `json:"error_message"`
	Meta         *struct {
		RateLimit *struct {
			Group           string `json:"group"`
			MaxNrOfRequests int    `json:"max_nr_of_requests"`
			TimeWindow      string `json:"time_window"`
		} `json:"rate_limit"`
		RemainingRequests *int   `json:"remaining_requests"`
		ResetTime         string `json:"reset_time"`
	} `json:"meta"`
}

// parseError builds an *Error from any error answer; a body that is not JSON
// (a proxy's HTML page) still gives status and Retry-After.
func parseError(op string, status int, h http.Header, body []byte, now time.Time) *Error {
	e := &Error{Op: op, Status: status, Body: body}
	if h != nil {
		e.RetryAfter = parseRetryAfter(h.Get("Retry-After"), now)
	}
	var eb errorBody
	if trimmed := bytes.TrimSpace(body); len(trimmed) == 0 || trimmed[0] != '{' || json.Unmarshal(trimmed, &eb) != nil {
		return e
	}
	e.Code = jsonInt(eb.Code)
	e.Link = eb.Link
	e.SpamWarningURN = eb.SpamWarningURN
	var errStr string
	if len(eb.Error) > 0 && eb.Error[0] == '"' {
		_ = json.Unmarshal(eb.Error, &errStr)
	}
	var itemMsg string
	for _, raw := range eb.Errors {
		var it errorItem
		if len(raw) > 0 && raw[0] == '"' {
			if itemMsg == "" {
				_ = json.Unmarshal(raw, &itemMsg)
			}
			continue
		}
		if json.Unmarshal(raw, &it) != nil {
			continue
		}
		if itemMsg == "" {
			itemMsg = it.ErrorMessage
		}
		if m := it.Meta; m != nil && (m.RateLimit != nil || m.ResetTime != "" || m.RemainingRequests != nil) {
			rl := &RateLimit{}
			if m.RateLimit != nil {
				rl.Group, rl.Max, rl.Window = m.RateLimit.Group, m.RateLimit.MaxNrOfRequests, m.RateLimit.TimeWindow
			}
			if m.RemainingRequests != nil {
				rl.Remaining = *m.RemainingRequests
			}
			if t, err := time.Parse(resetLayout, m.ResetTime); err == nil {
				rl.ResetTime = t
			} else if t, err := time.Parse(time.RFC3339, m.ResetTime); err == nil {
				rl.ResetTime = t
			}
			e.RateLimit = rl
		}
	}
	switch {
	case errStr != "":
		e.ErrorCode = errStr
	case oauthCodes[eb.Message]:
		e.ErrorCode = eb.Message
	}
	for _, m := range []string{eb.Message, eb.ErrorDescription, itemMsg} {
		if m != "" {
			e.Message = m
			break
		}
	}
	if e.Message == "" && e.ErrorCode != "" {
		e.Message = e.ErrorCode
	}
	return e
}

// jsonInt reads 401 or "401".
func jsonInt(raw json.RawMessage) int {
	s := strings.Trim(string(raw), `"`)
	n, err := strconv.Atoi(s)
	if err != nil {
		return 0
	}
	return n
}

// parseRetryAfter reads delta-seconds or an HTTP date.
func parseRetryAfter(v string, now time.Time) time.Duration {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0
	}
	if n, err := strconv.ParseInt(v, 10, 64); err == nil {
		if n < 0 {
			return 0
		}
		return time.Duration(n) * time.Second
	}
	if t, err := http.ParseTime(v); err == nil {
		if d := t.Sub(now); d > 0 {
			return d
		}
		return time.Nanosecond // a date in the past: retry now, but Retry-After was present
	}
	return 0
}
