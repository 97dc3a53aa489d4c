package fake

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"time"
)

const errLink = "https://developers.soundcloud.com/docs/api/explorer/open-api"

// jsonError is the body of every API error, as NOTES.md shows it.
type jsonError struct {
	Code    int      `json:"code"`
	Message string   `json:"message"`
	Link    string   `json:"link"`
	Status  string   `json:"status"`
	Errors  []string `json:"errors"`
	Error   *string  `json:"error"`
}

type jsonSpamLimit struct {
	Code           int    `json:"code"`
	Message        string `json:"message"`
	Link           string `json:"link"`
	SpamWarningURN string `json:"spam_warning_urn"`
}

type playsLimitBody struct {
	Errors []playsLimitErr `json:"errors"`
}

type playsLimitErr struct {
	Meta struct {
		RateLimit struct {
			Group           string `json:"group"`
			MaxNrOfRequests int    `json:"max_nr_of_requests"`
			TimeWindow      string `json:"time_window"`
		} `json:"rate_limit"`
		RemainingRequests int    `json:"remaining_requests"`
		ResetTime         string `json:"reset_time"`
	} `json:"meta"`
}

func statusLine(code int) string { return strconv.Itoa(code) + " - " + http.StatusText(code) }

// writeJSON sends v, truncated when a MalformedJSON fault says so.
func (s *Server) writeJSON(w http.ResponseWriter, code int, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		http.Error(w, "fake: encode: "+err.Error(), http.StatusInternalServerError)
		return
	}
	s.mu.Lock()
	f := &s.faults
	if f.MalformedJSONNext > 0 {
		f.MalformedJSONNext--
		b = b[:len(b)/2]
		s.stats.Faults++
	} else if f.MalformedJSONRate > 0 && s.rng.Float64() < f.MalformedJSONRate {
		b = b[:len(b)/2]
		s.stats.Faults++
	}
	s.mu.Unlock()
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Content-Length", strconv.Itoa(len(b)))
	w.WriteHeader(code)
	_, _ = w.Write(b)
}

func (s *Server) writeErr(w http.ResponseWriter, code int, msg string) {
	s.writeJSON(w, code, jsonError{Code: code, Message: msg, Link: errLink, Status: statusLine(code), Errors: []string{}})
}

func (s *Server) writeSpamLimit(w http.ResponseWriter, msg string) {
	s.writeJSON(w, http.StatusTooManyRequests, jsonSpamLimit{
		Code: 429, Message: msg,
		Link:           "https://developers.soundcloud.com/docs/api/rate-limits#errors",
		SpamWarningURN: "soundcloud:spam-warnings:1",
	})
}

func (s *Server) writePlaysLimit(w http.ResponseWriter, max int, reset time.Time) {
	var e playsLimitErr
	e.Meta.RateLimit.Group = "plays"
	e.Meta.RateLimit.MaxNrOfRequests = max
	e.Meta.RateLimit.TimeWindow = "PT24H"
	e.Meta.ResetTime = fmtTime(reset)
	s.writeJSON(w, http.StatusTooManyRequests, playsLimitBody{Errors: []playsLimitErr{e}})
}

// count records a request for Stats.
func (s *Server) count(r *http.Request, pattern string) {
	s.log.Debug("request", "method", r.Method, "path", r.URL.Path, "route", pattern)
	s.mu.Lock()
	s.stats.Requests[r.Method+" "+r.URL.Path]++
	if pattern != "" {
		s.stats.Routes[pattern]++
	}
	s.mu.Unlock()
}

// sleep waits for the Latency fault, or until the request is gone.
func (s *Server) sleep(ctx context.Context) { s.sleepFor(ctx, "") }

// sleepFor is sleep for an API route: its RouteLatency comes on top. A
// request already waiting takes new faults into account at once, so a
// test can hold a route with a long latency and release it.
func (s *Server) sleepFor(ctx context.Context, pattern string) {
	start := time.Now()
	for {
		s.mu.Lock()
		d := s.faults.Latency + s.faults.RouteLatency[pattern] - time.Since(start)
		if s.faultsSet == nil {
			s.faultsSet = make(chan struct{})
		}
		changed := s.faultsSet
		s.mu.Unlock()
		if d <= 0 {
			return
		}
		t := time.NewTimer(d)
		select {
		case <-t.C:
			return
		case <-ctx.Done():
			t.Stop()
			return
		case <-changed:
			t.Stop()
		}
	}
}

// faultKind is the injected answer chosen for an API request.
type faultKind int

const (
	faultNone faultKind = iota
	fault503
	fault429
)

func (s *Server) pickFault(r *http.Request) faultKind {
	s.mu.Lock()
	defer s.mu.Unlock()
	f := &s.faults
	k := faultNone
	switch {
	case s.down:
		k = fault503
	case f.FailNext > 0:
		f.FailNext--
		k = fault503
	case f.FailNextWrites > 0 && r.Method != http.MethodGet && r.Method != http.MethodHead:
		f.FailNextWrites--
		k = fault503
	case f.RateLimitNext > 0:
		f.RateLimitNext--
		k = fault429
	case f.ErrorRate > 0 && s.rng.Float64() < f.ErrorRate:
		k = fault503
	case f.RateLimitRate > 0 && s.rng.Float64() < f.RateLimitRate:
		k = fault429
	}
	if k != faultNone {
		s.stats.Faults++
	}
	return k
}

// caller is who a request acts as.
type caller struct {
	userID   int64 // 0 for a client-credentials token
	clientID string
}

type ctxKey struct{}

func callerOf(r *http.Request) caller {
	c, _ := r.Context().Value(ctxKey{}).(caller)
	return c
}

// routeOpts say what a route needs.
type routeOpts struct {
	user   bool // needs a user token (not client credentials)
	plays  bool // 429 shape for plays
	spammy bool // 429 shape of likes and comments
}

// route wraps an API handler with counting, latency, faults and auth.
func (s *Server) route(mux *http.ServeMux, pattern string, o routeOpts, h http.HandlerFunc) {
	mux.HandleFunc(pattern, func(w http.ResponseWriter, r *http.Request) {
		s.count(r, pattern)
		s.sleepFor(r.Context(), pattern)
		switch s.pickFault(r) {
		case fault503:
			s.writeErr(w, http.StatusServiceUnavailable, "Service Unavailable (injected fault)")
			return
		case fault429:
			w.Header().Set("Retry-After", "1")
			switch {
			case o.spammy:
				s.writeSpamLimit(w, "Too many requests (injected fault)")
			case o.plays:
				s.mu.Lock()
				reset := s.now().Add(time.Second)
				s.mu.Unlock()
				s.writePlaysLimit(w, 15000, reset)
			default:
				s.writeErr(w, http.StatusTooManyRequests, "Too Many Requests (injected fault)")
			}
			return
		}
		c, ok, msg := s.authenticate(r)
		if !ok {
			w.Header().Set("WWW-Authenticate", `OAuth realm="SoundCloud"`)
			s.writeErr(w, http.StatusUnauthorized, msg)
			return
		}
		if o.user && c.userID == 0 {
			s.writeErr(w, http.StatusUnauthorized, "this endpoint needs a user token (authorization_code flow)")
			return
		}
		if msg := badAccess(pattern, r); msg != "" {
			s.writeErr(w, http.StatusBadRequest, msg)
			return
		}
		if s.refusedForApp(pattern, r) {
			s.writeErr(w, http.StatusForbidden, RefusedMessage)
			return
		}
		r = r.WithContext(context.WithValue(r.Context(), ctxKey{}, c))
		if r.Method != http.MethodGet && r.Method != http.MethodHead && s.armedAfterWrite() {
			s.writeThenFail(w, r, h)
			return
		}
		h(w, r)
	})
}

// refusedForApp says whether a LimitedApp fault refuses this request:
// full streams and every write.
func (s *Server) refusedForApp(pattern string, r *http.Request) bool {
	refused := strings.HasPrefix(pattern, "GET /tracks/{track_urn}/streams") ||
		(r.Method != http.MethodGet && r.Method != http.MethodHead)
	if !refused {
		return false
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.faults.LimitedApp {
		return false
	}
	s.stats.Faults++
	return true
}

// armedAfterWrite says whether a FailAfterWrite or DropAfterWrite fault
// waits for the next write.
func (s *Server) armedAfterWrite() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.faults.FailAfterWrite || s.faults.DropAfterWrite > 0
}

// writeThenFail runs a write and, when it succeeded, throws its answer away:
// FailAfterWrite answers 503 and takes the server down, DropAfterWrite
// closes the connection. A write the handler refused is answered as is.
func (s *Server) writeThenFail(w http.ResponseWriter, r *http.Request, h http.HandlerFunc) {
	rec := &recorder{header: http.Header{}}
	h(rec, r)
	if rec.code == 0 {
		rec.code = http.StatusOK
	}
	ok := rec.code >= 200 && rec.code < 300
	s.mu.Lock()
	f := &s.faults
	drop := false
	switch {
	case !ok:
	case f.DropAfterWrite > 0:
		f.DropAfterWrite--
		drop = true
		s.stats.Faults++
	case f.FailAfterWrite:
		f.FailAfterWrite = false
		s.down = true
		s.stats.Faults++
	}
	down := s.down
	s.mu.Unlock()
	switch {
	case drop:
		if hj, isHJ := w.(http.Hijacker); isHJ {
			if conn, _, err := hj.Hijack(); err == nil {
				_ = conn.Close()
				return
			}
		}
		panic(http.ErrAbortHandler) // net/http closes the connection
	case ok && down:
		s.writeErr(w, http.StatusServiceUnavailable, "Service Unavailable (injected fault after the write took effect)")
	default:
		for k, v := range rec.header {
			w.Header()[k] = v
		}
		w.WriteHeader(rec.code)
		_, _ = w.Write(rec.body.Bytes())
	}
}

// recorder holds a handler's answer so a fault can replace it.
type recorder struct {
	header http.Header
	code   int
	body   bytes.Buffer
}

func (r *recorder) Header() http.Header { return r.header }
func (r *recorder) WriteHeader(code int) {
	if r.code == 0 {
		r.code = code
	}
}
func (r *recorder) Write(b []byte) (int, error) {
	r.WriteHeader(http.StatusOK)
	return r.body.Write(b)
}

// authenticate reads "Authorization: OAuth <token>" (or Bearer). Tokens in
// the query string are refused, as SoundCloud does since 2021.
func (s *Server) authenticate(r *http.Request) (caller, bool, string) {
	if r.URL.Query().Has("oauth_token") || r.URL.Query().Has("access_token") {
		return caller{}, false, "tokens in the query string are not accepted; use the Authorization header"
	}
	h := r.Header.Get("Authorization")
	scheme, tok, found := strings.Cut(h, " ")
	if !found || (!strings.EqualFold(scheme, "OAuth") && !strings.EqualFold(scheme, "Bearer")) || tok == "" {
		return caller{}, false, ""
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	t, ok := s.tok.access[strings.TrimSpace(tok)]
	if !ok {
		return caller{}, false, "invalid_token"
	}
	if !s.now().Before(t.expires) {
		return caller{}, false, "token expired"
	}
	return caller{userID: t.userID, clientID: t.clientID}, true, ""
}

// resp is a handler's answer, computed under s.mu and written after.
type resp struct {
	code     int
	body     any // JSON value; nil = no body
	location string
	header   map[string]string
	plays    *time.Time // a plays 429: reset time
	raw      func(w http.ResponseWriter)
}

func success(v any) resp                { return resp{code: http.StatusOK, body: v} }
func created(v any) resp                { return resp{code: http.StatusCreated, body: v} }
func errResp(code int, msg string) resp { return resp{code: code, body: errBody(code, msg)} }

func errBody(code int, msg string) jsonError {
	return jsonError{Code: code, Message: msg, Link: errLink, Status: statusLine(code), Errors: []string{}}
}

func found(loc string) resp {
	return resp{code: http.StatusFound, location: loc, body: map[string]string{"status": "302 - Found", "location": loc}}
}

// do runs f under the state lock and writes its answer.
func (s *Server) do(w http.ResponseWriter, f func() resp) {
	s.mu.Lock()
	s.ucache = map[int64]*jsonUser{}
	re := f()
	s.ucache = nil
	s.mu.Unlock()
	s.write(w, re)
}

func (s *Server) write(w http.ResponseWriter, re resp) {
	for k, v := range re.header {
		w.Header().Set(k, v)
	}
	if re.location != "" {
		w.Header().Set("Location", re.location)
	}
	switch {
	case re.raw != nil:
		re.raw(w)
	case re.plays != nil:
		s.writePlaysLimit(w, s.Faults().PlayQuota, *re.plays)
	case re.body == nil:
		w.WriteHeader(re.code)
	default:
		s.writeJSON(w, re.code, re.body)
	}
}
