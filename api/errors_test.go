package api

import (
	"errors"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"
)

func TestParseErrorShapes(t *testing.T) {
	now := time.Date(2026, 6, 1, 9, 0, 0, 0, time.UTC)
	cases := []struct {
		name   string
		status int
		header http.Header
		body   string
		check  func(t *testing.T, e *Error)
	}{
		{"401 empty message", 401, nil,
			`{"code":401,"message":"","link":"https://developers.soundcloud.com/docs/api/explorer/open-api","status":"401 - Unauthorized","errors":[],"error":null}`,
			func(t *testing.T, e *Error) {
				if e.Code != 401 || e.Message != "" || e.Link == "" || !IsUnauthorized(e) {
					t.Errorf("%+v", e)
				}
			}},
		{"403", 403, nil, `{"code":403,"message":"Not your track","link":"l"}`,
			func(t *testing.T, e *Error) {
				if e.Message != "Not your track" || !IsForbidden(e) {
					t.Errorf("%+v", e)
				}
			}},
		{"404", 404, nil, `{"code":404,"message":"Not found","link":"l","status":"404 - Not Found","errors":["gone"],"error":null}`,
			func(t *testing.T, e *Error) {
				if !IsNotFound(e) || e.Message != "Not found" {
					t.Errorf("%+v", e)
				}
			}},
		{"422 legacy errors list", 422, nil, `{"errors":[{"error_message":"You cannot follow more users"}]}`,
			func(t *testing.T, e *Error) {
				if !IsUnprocessable(e) || e.Message != "You cannot follow more users" {
					t.Errorf("%+v", e)
				}
			}},
		{"429 plays", 429, nil,
			`{"errors":[{"meta":{"rate_limit":{"group":"plays","max_nr_of_requests":15000,"time_window":"PT24H"},"remaining_requests":0,"reset_time":"2026/06/01 09:49:40 +0000"}}]}`,
			func(t *testing.T, e *Error) {
				rl := e.RateLimit
				if !IsRateLimited(e) || rl == nil || rl.Group != "plays" || rl.Max != 15000 || rl.Window != "PT24H" || rl.Remaining != 0 {
					t.Fatalf("%+v %+v", e, rl)
				}
				want := time.Date(2026, 6, 1, 9, 49, 40, 0, time.UTC)
				if !rl.ResetTime.Equal(want) {
					t.Errorf("reset %v, want %v", rl.ResetTime, want)
				}
				if !strings.Contains(e.Error(), "plays limit resets 2026-06-01 09:49:40 UTC") {
					t.Errorf("Error() = %q", e.Error())
				}
			}},
		{"429 spam", 429, http.Header{"Retry-After": {"7"}},
			`{"code":429,"message":"Slow down","link":"https://developers.soundcloud.com/docs/api/rate-limits#errors","spam_warning_urn":"soundcloud:spam-warnings:1"}`,
			func(t *testing.T, e *Error) {
				if e.SpamWarningURN != "soundcloud:spam-warnings:1" || e.Message != "Slow down" || e.RetryAfter != 7*time.Second || e.RateLimit != nil {
					t.Errorf("%+v", e)
				}
			}},
		{"429 retry-after date", 429, http.Header{"Retry-After": {now.Add(90 * time.Second).Format(http.TimeFormat)}}, ``,
			func(t *testing.T, e *Error) {
				if e.RetryAfter != 90*time.Second {
					t.Errorf("RetryAfter %v", e.RetryAfter)
				}
			}},
		{"oauth invalid_grant", 400, nil, `{"error":"invalid_grant","error_description":"refresh token already used"}`,
			func(t *testing.T, e *Error) {
				if e.ErrorCode != "invalid_grant" || !IsInvalidGrant(e) || e.Message != "refresh token already used" {
					t.Errorf("%+v", e)
				}
			}},
		{"oauth code in message", 401, nil, `{"code":401,"message":"invalid_client","link":"l"}`,
			func(t *testing.T, e *Error) {
				if e.ErrorCode != "invalid_client" {
					t.Errorf("%+v", e)
				}
			}},
		{"html from a proxy", 502, nil, `<html>bad gateway</html>`,
			func(t *testing.T, e *Error) {
				if e.Status != 502 || e.Message != "" || string(e.Body) != `<html>bad gateway</html>` {
					t.Errorf("%+v", e)
				}
				if e.Error() != "api: GET /x: 502 Bad Gateway" {
					t.Errorf("Error() = %q", e.Error())
				}
			}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			e := parseError("GET /x", tc.status, tc.header, []byte(tc.body), now)
			if e.Status != tc.status {
				t.Fatalf("status %d", e.Status)
			}
			tc.check(t, e)
			wrapped := fmt.Errorf("load: %w", e)
			if got, ok := AsError(wrapped); !ok || got != e {
				t.Error("AsError through wrapping")
			}
		})
	}
}

func TestErrorHelpersOnOtherErrors(t *testing.T) {
	err := errors.New("plain")
	if IsNotFound(err) || IsRateLimited(err) || IsUnauthorized(err) || IsInvalidGrant(err) || IsNotFound(nil) {
		t.Error("helpers matched a non-API error")
	}
}
