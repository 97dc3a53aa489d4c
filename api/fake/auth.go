package fake

import (
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"net/url"
	"time"
)

// OAuth 2.1 on the auth host: /authorize (code + PKCE S256 + state),
// /oauth/token (authorization_code, refresh_token, client_credentials) and
// /sign-out.

const (
	codeTTL = 5 * time.Minute
	// clientCredsLimit tokens per clientCredsWindow per app, as SoundCloud.
	clientCredsLimit  = 50
	clientCredsWindow = 12 * time.Hour
	// and clientCredsIPLimit per clientCredsIPWindow per client IP address.
	clientCredsIPLimit  = 30
	clientCredsIPWindow = time.Hour
)

type accessInfo struct {
	userID   int64
	clientID string
	expires  time.Time
	refresh  string
}

type refreshInfo struct {
	userID   int64
	clientID string
	access   string
}

type codeInfo struct {
	userID      int64
	clientID    string
	redirectURI string
	challenge   string
	expires     time.Time
}

type tokenStore struct {
	access      map[string]accessInfo
	refresh     map[string]refreshInfo
	codes       map[string]codeInfo
	clientCreds map[string][]time.Time // issue times per client
	clientIPs   map[string][]time.Time // issue times per requesting IP
}

func newTokenStore() *tokenStore {
	return &tokenStore{access: map[string]accessInfo{}, refresh: map[string]refreshInfo{},
		codes: map[string]codeInfo{}, clientCreds: map[string][]time.Time{}, clientIPs: map[string][]time.Time{}}
}

type tokenPair struct{ access, refresh string }

func randBytes(n int) []byte {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return b
}

// newAccessToken looks like a JWT of variable length, as SoundCloud's have
// been since 2025: clients must not assume a size.
func (s *Server) newAccessToken(userID int64, clientID string, exp time.Time) string {
	b64 := base64.RawURLEncoding.EncodeToString
	hdr := b64([]byte(`{"alg":"RS256","typ":"JWT","kid":"fake-cirrus"}`))
	pad := randBytes(1 + int(randBytes(1)[0])%48)
	payload, _ := json.Marshal(map[string]any{
		"sub": urnOf("users", userID), "cid": clientID, "exp": exp.Unix(),
		"jti": hex.EncodeToString(randBytes(12)), "nonce": b64(pad),
	})
	return hdr + "." + b64(payload) + "." + b64(randBytes(64))
}

// issue makes a token pair; withRefresh false for client credentials.
// Called with s.mu held.
func (ts *tokenStore) issue(s *Server, clientID string, userID int64, withRefresh bool) tokenPair {
	exp := s.now().Add(s.opts.AccessTokenTTL)
	p := tokenPair{access: s.newAccessToken(userID, clientID, exp)}
	if withRefresh {
		p.refresh = hex.EncodeToString(randBytes(16))
		ts.refresh[p.refresh] = refreshInfo{userID: userID, clientID: clientID, access: p.access}
	}
	ts.access[p.access] = accessInfo{userID: userID, clientID: clientID, expires: exp, refresh: p.refresh}
	return p
}

func (s *Server) authHandler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /authorize", s.authorize)
	mux.HandleFunc("GET /connect", s.authorize) // the pre-2024 path
	mux.HandleFunc("POST /oauth/token", s.token)
	mux.HandleFunc("POST /sign-out", s.signOut)
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		s.count(r, "")
		http.NotFound(w, r)
	})
	return mux
}

type oauthErr struct {
	Error       string `json:"error"`
	Description string `json:"error_description,omitempty"`
}

func (s *Server) oauthFail(w http.ResponseWriter, code int, e, desc string) {
	s.write(w, resp{code: code, body: oauthErr{Error: e, Description: desc}})
}

// loopbackRedirect accepts http://127.0.0.1:<port>/..., localhost and [::1].
func loopbackRedirect(raw string) bool {
	if raw == DemoRedirectURI {
		return true
	}
	u, err := url.Parse(raw)
	if err != nil || u.Scheme != "http" || u.Fragment != "" {
		return false
	}
	host := u.Hostname()
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

func (s *Server) authorize(w http.ResponseWriter, r *http.Request) {
	s.count(r, "GET /authorize")
	s.sleep(r.Context())
	q := r.URL.Query()
	if q.Get("client_id") != DemoClientID {
		s.oauthFail(w, http.StatusBadRequest, "invalid_client", "unknown client_id")
		return
	}
	redirect := q.Get("redirect_uri")
	if !loopbackRedirect(redirect) {
		s.oauthFail(w, http.StatusBadRequest, "invalid_request", "redirect_uri is not registered for this app")
		return
	}
	if q.Get("response_type") != "code" {
		s.oauthFail(w, http.StatusBadRequest, "unsupported_response_type", "only response_type=code is supported")
		return
	}
	if q.Get("code_challenge") == "" || q.Get("code_challenge_method") != "S256" {
		s.oauthFail(w, http.StatusBadRequest, "invalid_request", "PKCE with code_challenge_method=S256 is required")
		return
	}
	s.mu.Lock()
	uid := int64(demoUserID)
	if who := q.Get("user"); who != "" {
		u := s.st.lookupUser(who)
		if u == nil {
			s.mu.Unlock()
			s.oauthFail(w, http.StatusBadRequest, "invalid_request", "no such user to sign in as")
			return
		}
		uid = u.id
	}
	code := hex.EncodeToString(randBytes(16))
	s.tok.codes[code] = codeInfo{userID: uid, clientID: DemoClientID, redirectURI: redirect,
		challenge: q.Get("code_challenge"), expires: s.now().Add(codeTTL)}
	s.mu.Unlock()
	u, _ := url.Parse(redirect)
	rq := u.Query()
	rq.Set("code", code)
	if q.Has("state") {
		rq.Set("state", q.Get("state"))
	}
	u.RawQuery = rq.Encode()
	http.Redirect(w, r, u.String(), http.StatusFound)
}

type tokenResp struct {
	AccessToken  string `json:"access_token"`
	ExpiresIn    int64  `json:"expires_in"`
	RefreshToken string `json:"refresh_token,omitempty"`
	Scope        string `json:"scope"`
	TokenType    string `json:"token_type"`
}

func (s *Server) token(w http.ResponseWriter, r *http.Request) {
	s.count(r, "POST /oauth/token")
	s.sleep(r.Context())
	if err := r.ParseForm(); err != nil {
		s.oauthFail(w, http.StatusBadRequest, "invalid_request", "body must be application/x-www-form-urlencoded")
		return
	}
	basicID, basicSecret, hasBasic := r.BasicAuth()
	bodyID, bodySecret := r.PostForm.Get("client_id"), r.PostForm.Get("client_secret")
	grant := r.PostForm.Get("grant_type")

	clientOK := func(id, secret string) bool {
		return id == DemoClientID && subtle.ConstantTimeCompare([]byte(secret), []byte(DemoClientSecret)) == 1
	}
	var clientID string
	switch {
	case grant == "client_credentials":
		// Only HTTP Basic: credentials in the body are refused.
		if !hasBasic || !clientOK(basicID, basicSecret) {
			s.oauthFail(w, http.StatusUnauthorized, "invalid_client", "client_credentials needs HTTP Basic client authentication")
			return
		}
		clientID = basicID
	case hasBasic:
		if !clientOK(basicID, basicSecret) {
			s.oauthFail(w, http.StatusUnauthorized, "invalid_client", "")
			return
		}
		clientID = basicID
	default:
		if !clientOK(bodyID, bodySecret) {
			s.oauthFail(w, http.StatusUnauthorized, "invalid_client", "")
			return
		}
		clientID = bodyID
	}

	s.mu.Lock()
	now := s.now()
	var pair tokenPair
	var fail *oauthErr
	failCode := http.StatusBadRequest
	switch grant {
	case "authorization_code":
		code := r.PostForm.Get("code")
		ci, found := s.tok.codes[code]
		delete(s.tok.codes, code) // single use, even when the exchange fails
		switch {
		case !found || ci.clientID != clientID || !now.Before(ci.expires):
			fail = &oauthErr{"invalid_grant", "unknown, used or expired code"}
		case r.PostForm.Get("redirect_uri") != ci.redirectURI:
			fail = &oauthErr{"invalid_grant", "redirect_uri does not match the authorization request"}
		case !pkceOK(r.PostForm.Get("code_verifier"), ci.challenge):
			fail = &oauthErr{"invalid_grant", "code_verifier does not match code_challenge"}
		default:
			pair = s.tok.issue(s, clientID, ci.userID, true)
		}
	case "refresh_token":
		rt := r.PostForm.Get("refresh_token")
		ri, found := s.tok.refresh[rt]
		if !found || ri.clientID != clientID {
			fail = &oauthErr{"invalid_grant", "unknown or already used refresh token"}
			break
		}
		delete(s.tok.refresh, rt) // single use; the old access token lives on until it expires
		pair = s.tok.issue(s, clientID, ri.userID, true)
		s.stats.TokenRefreshes++
	case "client_credentials":
		ip := remoteIP(r)
		recent := within(s.tok.clientCreds[clientID], now, clientCredsWindow)
		recentIP := within(s.tok.clientIPs[ip], now, clientCredsIPWindow)
		s.tok.clientCreds[clientID], s.tok.clientIPs[ip] = recent, recentIP
		if len(recent) >= clientCredsLimit {
			fail, failCode = &oauthErr{"rate_limited", "client_credentials tokens are limited to 50 per 12 hours per app: reuse the token"}, http.StatusTooManyRequests
			break
		}
		if len(recentIP) >= clientCredsIPLimit {
			fail, failCode = &oauthErr{"rate_limited", "client_credentials tokens are limited to 30 per hour per IP address: reuse the token"}, http.StatusTooManyRequests
			break
		}
		s.tok.clientCreds[clientID] = append(recent, now)
		s.tok.clientIPs[ip] = append(recentIP, now)
		pair = s.tok.issue(s, clientID, 0, false)
		s.stats.ClientTokens++
	case "password":
		fail = &oauthErr{"unsupported_grant_type", "the password grant was removed in 2021"}
	default:
		fail = &oauthErr{"unsupported_grant_type", "grant_type must be authorization_code, refresh_token or client_credentials"}
	}
	if fail == nil {
		s.stats.TokensIssued++
	}
	ttl := int64(s.opts.AccessTokenTTL / time.Second)
	s.mu.Unlock()
	if fail != nil {
		s.write(w, resp{code: failCode, body: fail})
		return
	}
	w.Header().Set("Cache-Control", "no-store")
	s.write(w, success(tokenResp{AccessToken: pair.access, ExpiresIn: ttl, RefreshToken: pair.refresh, TokenType: "bearer"}))
}

func pkceOK(verifier, challenge string) bool {
	if len(verifier) < 43 || len(verifier) > 128 {
		return false
	}
	sum := sha256.Sum256([]byte(verifier))
	return subtle.ConstantTimeCompare([]byte(base64.RawURLEncoding.EncodeToString(sum[:])), []byte(challenge)) == 1
}

// signOut revokes an access token and its refresh token. It answers 200
// whether or not the token was known, so it is no token oracle.
func (s *Server) signOut(w http.ResponseWriter, r *http.Request) {
	s.count(r, "POST /sign-out")
	s.sleep(r.Context())
	var in struct {
		AccessToken string `json:"access_token"`
	}
	b, _ := io.ReadAll(io.LimitReader(r.Body, 64<<10))
	if err := json.Unmarshal(b, &in); err != nil || in.AccessToken == "" {
		s.writeErr(w, http.StatusBadRequest, "body must be JSON {\"access_token\":\"…\"}")
		return
	}
	s.mu.Lock()
	if a, found := s.tok.access[in.AccessToken]; found {
		delete(s.tok.access, in.AccessToken)
		if a.refresh != "" {
			delete(s.tok.refresh, a.refresh)
		}
	}
	s.mu.Unlock()
	s.write(w, success(jsonStatus{Status: "200 - OK"}))
}

// codeChallenge is the S256 challenge of a verifier; exported to tests.
func codeChallenge(verifier string) string {
	sum := sha256.Sum256([]byte(verifier))
	return base64.RawURLEncoding.EncodeToString(sum[:])
}

// within keeps the times of ts that are less than window before now.
func within(ts []time.Time, now time.Time, window time.Duration) []time.Time {
	var out []time.Time
	for _, t := range ts {
		if now.Sub(t) < window {
			out = append(out, t)
		}
	}
	return out
}

// remoteIP is the address a request came from, without its port.
func remoteIP(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}
