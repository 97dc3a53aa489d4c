package fake

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"
)

const testVerifier = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk-cirrus-test-verifier"

type authFlow struct {
	t        *testing.T
	s        *Server
	redirect string
}

// authorize runs GET /authorize and returns the redirect's code and state.
func (a authFlow) authorize(extra url.Values) (code, state string, hasState bool) {
	a.t.Helper()
	q := url.Values{
		"client_id":             {DemoClientID},
		"redirect_uri":          {a.redirect},
		"response_type":         {"code"},
		"code_challenge":        {codeChallenge(testVerifier)},
		"code_challenge_method": {"S256"},
	}
	for k, v := range extra {
		q[k] = v
	}
	st, h, b := call(a.t, "GET", a.s.AuthURL()+"/authorize?"+q.Encode(), nil)
	if st != http.StatusFound {
		a.t.Fatalf("authorize: %d %s", st, b)
	}
	loc, err := url.Parse(h.Get("Location"))
	if err != nil {
		a.t.Fatal(err)
	}
	if got := loc.Scheme + "://" + loc.Host + loc.Path; got != strings.Split(a.redirect, "?")[0] {
		a.t.Fatalf("redirected to %s, want %s", got, a.redirect)
	}
	_, hasState = loc.Query()["state"]
	return loc.Query().Get("code"), loc.Query().Get("state"), hasState
}

func (a authFlow) token(form url.Values, opts ...reqOpt) (int, map[string]any) {
	a.t.Helper()
	opts = append(opts, withHeader("Content-Type", "application/x-www-form-urlencoded"))
	st, _, b := call(a.t, "POST", a.s.AuthURL()+"/oauth/token", strings.NewReader(form.Encode()), opts...)
	return st, decode[map[string]any](a.t, b)
}

func (a authFlow) exchange(code, verifier string) (int, map[string]any) {
	return a.token(url.Values{
		"grant_type": {"authorization_code"}, "client_id": {DemoClientID}, "client_secret": {DemoClientSecret},
		"code": {code}, "code_verifier": {verifier}, "redirect_uri": {a.redirect},
	})
}

func (a authFlow) refresh(rt string) (int, map[string]any) {
	return a.token(url.Values{
		"grant_type": {"refresh_token"}, "client_id": {DemoClientID}, "client_secret": {DemoClientSecret},
		"refresh_token": {rt}, "redirect_uri": {a.redirect},
	})
}

func meStatus(t *testing.T, s *Server, tok string) (int, map[string]any) {
	st, _, b := call(t, "GET", s.URL()+"/me", nil, withToken(tok))
	return st, decode[map[string]any](t, b)
}

func TestOAuthCodePKCEHappyPath(t *testing.T) {
	s := newTestServer(t, Options{})
	a := authFlow{t, s, "http://127.0.0.1:53123/callback"}
	state := "a b&c=d/é?" // must come back byte for byte
	code, gotState, _ := a.authorize(url.Values{"state": {state}})
	if gotState != state {
		t.Fatalf("state %q came back as %q", state, gotState)
	}
	st, tok := a.exchange(code, testVerifier)
	if st != 200 {
		t.Fatalf("exchange: %d %v", st, tok)
	}
	if tok["token_type"] != "bearer" || tok["expires_in"].(float64) != 3599 || tok["scope"] != "" || tok["refresh_token"] == "" {
		t.Fatalf("token response %v", tok)
	}
	access := tok["access_token"].(string)
	if parts := strings.Split(access, "."); len(parts) != 3 {
		t.Fatalf("access token %q does not look like a JWT", access)
	}
	st, me := meStatus(t, s, access)
	if st != 200 || me["permalink"] != DemoUserPermalink || me["urn"] != s.DemoUserURN() {
		t.Fatalf("/me: %d %v", st, me)
	}
	// Bearer is accepted too; the token in the query string is not.
	if st, _, _ := call(t, "GET", s.URL()+"/me", nil, withHeader("Authorization", "Bearer "+access)); st != 200 {
		t.Fatalf("Bearer: %d", st)
	}
	if st, _, _ := call(t, "GET", s.URL()+"/me?oauth_token="+access, nil); st != 401 {
		t.Fatalf("query token: %d, want 401", st)
	}

	// No state sent: none comes back. Another user via ?user=.
	code, _, has := a.authorize(url.Values{"user": {"lunar-tides"}})
	if has {
		t.Fatal("state appeared in the redirect without being sent")
	}
	_, tok = a.exchange(code, testVerifier)
	if _, me := meStatus(t, s, tok["access_token"].(string)); me["permalink"] != "lunar-tides" {
		t.Fatalf("signed in as %v, want lunar-tides", me["permalink"])
	}
}

func TestOAuthTokensVaryInLength(t *testing.T) {
	s := newTestServer(t, Options{})
	lens := map[int]bool{}
	for range 20 {
		a, _ := s.IssueToken(DemoUserPermalink)
		lens[len(a)] = true
	}
	if len(lens) < 2 {
		t.Fatalf("20 access tokens all had the same length %v", lens)
	}
}

func TestOAuthWrongVerifierAndReplay(t *testing.T) {
	s := newTestServer(t, Options{})
	a := authFlow{t, s, "http://127.0.0.1:53124/callback"}

	code, _, _ := a.authorize(nil)
	st, body := a.exchange(code, strings.Repeat("x", 50))
	if st != 400 || body["error"] != "invalid_grant" {
		t.Fatalf("wrong verifier: %d %v", st, body)
	}
	// The code is burnt by the failed attempt.
	if st, _ := a.exchange(code, testVerifier); st != 400 {
		t.Fatalf("code reused after a failed exchange: %d", st)
	}

	code, _, _ = a.authorize(nil)
	if st, _ := a.exchange(code, testVerifier); st != 200 {
		t.Fatalf("first exchange: %d", st)
	}
	st, body = a.exchange(code, testVerifier)
	if st != 400 || body["error"] != "invalid_grant" {
		t.Fatalf("replayed code: %d %v", st, body)
	}

	// redirect_uri must match the one authorised.
	code, _, _ = a.authorize(nil)
	st, body = a.token(url.Values{"grant_type": {"authorization_code"}, "client_id": {DemoClientID},
		"client_secret": {DemoClientSecret}, "code": {code}, "code_verifier": {testVerifier},
		"redirect_uri": {"http://127.0.0.1:1/other"}})
	if st != 400 || body["error"] != "invalid_grant" {
		t.Fatalf("mismatched redirect_uri: %d %v", st, body)
	}
	// Wrong secret.
	code, _, _ = a.authorize(nil)
	st, body = a.token(url.Values{"grant_type": {"authorization_code"}, "client_id": {DemoClientID},
		"client_secret": {"nope"}, "code": {code}, "code_verifier": {testVerifier}, "redirect_uri": {a.redirect}})
	if st != 401 || body["error"] != "invalid_client" {
		t.Fatalf("wrong secret: %d %v", st, body)
	}
}

func TestOAuthCodeExpires(t *testing.T) {
	clk := newClock()
	s := newTestServer(t, Options{Now: clk.Now})
	a := authFlow{t, s, "http://localhost:5000/callback"}
	code, _, _ := a.authorize(nil)
	clk.Advance(codeTTL + time.Second)
	if st, body := a.exchange(code, testVerifier); st != 400 || body["error"] != "invalid_grant" {
		t.Fatalf("expired code: %d %v", st, body)
	}
}

func TestOAuthAuthorizeRejects(t *testing.T) {
	s := newTestServer(t, Options{})
	base := url.Values{
		"client_id": {DemoClientID}, "redirect_uri": {"http://127.0.0.1:9/callback"}, "response_type": {"code"},
		"code_challenge": {codeChallenge(testVerifier)}, "code_challenge_method": {"S256"},
	}
	cases := map[string]func(url.Values){
		"unknown client":       func(q url.Values) { q.Set("client_id", "someone-else") },
		"plain challenge":      func(q url.Values) { q.Set("code_challenge_method", "plain") },
		"no challenge":         func(q url.Values) { q.Del("code_challenge") },
		"remote redirect":      func(q url.Values) { q.Set("redirect_uri", "https://evil.example/callback") },
		"token response type":  func(q url.Values) { q.Set("response_type", "token") },
		"unknown user to sign": func(q url.Values) { q.Set("user", "nobody-at-all") },
	}
	for name, mut := range cases {
		q := url.Values{}
		for k, v := range base {
			q[k] = append([]string(nil), v...)
		}
		mut(q)
		st, h, b := call(t, "GET", s.AuthURL()+"/authorize?"+q.Encode(), nil)
		if st != 400 || h.Get("Location") != "" {
			t.Errorf("%s: %d %s (Location %q), want 400", name, st, b, h.Get("Location"))
		}
	}
}

func TestOAuthRefreshSingleUse(t *testing.T) {
	s := newTestServer(t, Options{})
	a := authFlow{t, s, DemoRedirectURI}
	code, _, _ := a.authorize(nil)
	_, first := a.exchange(code, testVerifier)
	rt1 := first["refresh_token"].(string)

	st, second := a.refresh(rt1)
	if st != 200 || second["refresh_token"] == rt1 || second["access_token"] == first["access_token"] {
		t.Fatalf("refresh: %d %v", st, second)
	}
	st, body := a.refresh(rt1)
	if st != 400 || body["error"] != "invalid_grant" {
		t.Fatalf("reused refresh token: %d %v", st, body)
	}
	st, third := a.refresh(second["refresh_token"].(string))
	if st != 200 {
		t.Fatalf("refresh with the new token: %d %v", st, third)
	}
	if st, _ := meStatus(t, s, third["access_token"].(string)); st != 200 {
		t.Fatalf("/me with refreshed token: %d", st)
	}
	if got := s.Stats().TokenRefreshes; got != 2 {
		t.Fatalf("TokenRefreshes = %d, want 2", got)
	}
}

func TestOAuthClientCredentials(t *testing.T) {
	clk := newClock()
	s := newTestServer(t, Options{Now: clk.Now})
	a := authFlow{t, s, DemoRedirectURI}
	basic := func(r *http.Request) { r.SetBasicAuth(DemoClientID, DemoClientSecret) }

	// Credentials in the body are refused.
	st, body := a.token(url.Values{"grant_type": {"client_credentials"}, "client_id": {DemoClientID}, "client_secret": {DemoClientSecret}})
	if st != 401 || body["error"] != "invalid_client" {
		t.Fatalf("body credentials: %d %v", st, body)
	}
	st, tok := a.token(url.Values{"grant_type": {"client_credentials"}}, basic)
	if st != 200 || tok["access_token"] == "" {
		t.Fatalf("basic: %d %v", st, tok)
	}
	if _, has := tok["refresh_token"]; has {
		t.Fatalf("client credentials got a refresh token: %v", tok)
	}
	anon := tok["access_token"].(string)

	// Anonymous tokens read public things; /me and writes are 401.
	if st, _, _ := call(t, "GET", s.URL()+"/tracks/1008", nil, withToken(anon)); st != 200 {
		t.Fatalf("anon read: %d", st)
	}
	if st, _ := meStatus(t, s, anon); st != 401 {
		t.Fatalf("anon /me: %d, want 401", st)
	}
	if st, _, _ := call(t, "POST", s.URL()+"/likes/tracks/1008", nil, withToken(anon)); st != 401 {
		t.Fatalf("anon like: %d, want 401", st)
	}

	// 30 per hour per IP: one issued above, 29 more, then 429 naming the IP cap.
	issued := 1
	for ; issued < clientCredsIPLimit; issued++ {
		if st, b := a.token(url.Values{"grant_type": {"client_credentials"}}, basic); st != 200 {
			t.Fatalf("token %d: %d %v", issued+1, st, b)
		}
	}
	if st, b := a.token(url.Values{"grant_type": {"client_credentials"}}, basic); st != 429 || !strings.Contains(fmt.Sprint(b["error_description"]), "per hour per IP") {
		t.Fatalf("token %d within the hour: %d %v, want 429 for the IP", issued+1, st, b)
	}
	// An hour later the IP may ask again, up to 50 per 12 h per app, then 429.
	clk.Advance(clientCredsIPWindow + time.Minute)
	for ; issued < clientCredsLimit; issued++ {
		if st, b := a.token(url.Values{"grant_type": {"client_credentials"}}, basic); st != 200 {
			t.Fatalf("token %d: %d %v", issued+1, st, b)
		}
	}
	if st, b := a.token(url.Values{"grant_type": {"client_credentials"}}, basic); st != 429 || !strings.Contains(fmt.Sprint(b["error_description"]), "per 12 hours per app") {
		t.Fatalf("token 51: %d %v, want 429 for the app", st, b)
	}
	if got := s.Stats().ClientTokens; got != clientCredsLimit {
		t.Fatalf("ClientTokens = %d", got)
	}
	clk.Advance(clientCredsWindow + time.Minute)
	if st, _ := a.token(url.Values{"grant_type": {"client_credentials"}}, basic); st != 200 {
		t.Fatalf("after the window: %d", st)
	}
	// The password grant is gone.
	if st, b := a.token(url.Values{"grant_type": {"password"}, "client_id": {DemoClientID}, "client_secret": {DemoClientSecret}}); st != 400 || b["error"] != "unsupported_grant_type" {
		t.Fatalf("password grant: %d %v", st, b)
	}
}

func TestOAuthAccessTokenExpiry(t *testing.T) {
	clk := newClock()
	s := newTestServer(t, Options{Now: clk.Now, AccessTokenTTL: time.Hour})
	a := authFlow{t, s, DemoRedirectURI}
	code, _, _ := a.authorize(nil)
	_, tok := a.exchange(code, testVerifier)
	if tok["expires_in"].(float64) != 3600 {
		t.Fatalf("expires_in %v", tok["expires_in"])
	}
	access := tok["access_token"].(string)
	clk.Advance(59 * time.Minute)
	if st, _ := meStatus(t, s, access); st != 200 {
		t.Fatalf("before expiry: %d", st)
	}
	clk.Advance(time.Minute)
	st, body := meStatus(t, s, access)
	if st != 401 || body["code"].(float64) != 401 || body["link"] == "" {
		t.Fatalf("after expiry: %d %v", st, body)
	}
	// The refresh token still works and gives a fresh access token.
	st, fresh := a.refresh(tok["refresh_token"].(string))
	if st != 200 {
		t.Fatalf("refresh: %d", st)
	}
	if st, _ := meStatus(t, s, fresh["access_token"].(string)); st != 200 {
		t.Fatalf("fresh token: %d", st)
	}
}

func TestOAuthSignOutRevokes(t *testing.T) {
	s := newTestServer(t, Options{})
	a := authFlow{t, s, DemoRedirectURI}
	code, _, _ := a.authorize(nil)
	_, tok := a.exchange(code, testVerifier)
	access := tok["access_token"].(string)
	st, _, b := call(t, "POST", s.AuthURL()+"/sign-out", jsonBody(map[string]string{"access_token": access}),
		withHeader("Content-Type", "application/json"))
	if st != 200 {
		t.Fatalf("sign-out: %d %s", st, b)
	}
	if st, _ := meStatus(t, s, access); st != 401 {
		t.Fatalf("/me after sign-out: %d", st)
	}
	if st, body := a.refresh(tok["refresh_token"].(string)); st != 400 || body["error"] != "invalid_grant" {
		t.Fatalf("refresh after sign-out: %d %v", st, body)
	}
}
