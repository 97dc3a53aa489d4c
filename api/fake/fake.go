package fake

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"io"
	"log/slog"
	mrand "math/rand/v2"
	"net"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/cirrus-tui/cirrus/api/fake/media"
)

// The demo app registered with the fake. Any loopback redirect URI
// (http://127.0.0.1:<port>/callback, localhost or [::1]) is accepted for it,
// as SoundCloud's own CLI script uses one.
const (
	DemoClientID     = "cirrus-demo-client"
	DemoClientSecret = "cirrus-demo-secret-0123456789abcdef"
	DemoRedirectURI  = "http://127.0.0.1:8976/callback"
)

// DemoUserPermalink is the user who is "already signed in" on /authorize.
const DemoUserPermalink = "cirrus-demo"

// Options configure a Server. The zero value is a working server on random
// loopback ports with real time.
type Options struct {
	Addr           string        // host for listeners, default "127.0.0.1"; ports random
	APIAddr        string        // optional fixed host:port for the API listener
	AccessTokenTTL time.Duration // default 3599s
	SignedURLTTL   time.Duration // default 5m
	Now            func() time.Time
	Faults         Faults
	Logger         *slog.Logger
	MaxUploadBytes int64 // largest track[asset_data] accepted, default 500 MB as SoundCloud
	// SeedTime is "now" for the catalogue's dates (uploads, likes, feed).
	// Zero keeps a fixed date so tests are reproducible; the demo passes the
	// real time so the feed reads "3h ago" rather than months ago.
	SeedTime time.Time
	// CDNBaseURL, when set, is the base that signed media URLs, artwork and
	// waveforms point at instead of the CDN listener itself: a proxy in
	// front of the CDN (a benchmark counting the bytes players fetch).
	CDNBaseURL string
}

// Faults are the misbehaviours tests and benchmarks can ask for. All zero
// means none; SetFaults changes them at runtime.
type Faults struct {
	Latency               time.Duration // added to every API and auth request
	ErrorRate             float64       // fraction of API requests answered 503
	RateLimitRate         float64       // fraction of API requests answered 429
	FailNext              int           // the next N API requests fail with 503
	FailNextWrites        int           // the next N API writes (not GET/HEAD) fail with 503, not carried out
	RateLimitNext         int           // the next N API requests get 429 with Retry-After: 1
	DropMediaAfter        int64         // media responses are cut after N bytes
	DropMediaTimes        int           // how many media responses get cut (0 = all)
	ExpireSignedURLsAfter time.Duration // signed media URLs die this soon (overrides SignedURLTTL)
	MalformedJSONRate     float64       // fraction of JSON bodies truncated
	MalformedJSONNext     int           // the next N JSON bodies are truncated
	PlayQuota             int           // stream resolutions allowed before plays 429 (0 = unlimited)
	CorruptSegment        int           // 1-based HLS media segment index whose bytes are garbled (the second half of each)
	// UnsizedProgressive sends the progressive MP3s (http_mp3_128 and the
	// preview) chunked, without Content-Length, and ignores Range: a
	// client learns such a stream's length only when it ends. A fault,
	// not a claim that SoundCloud's CDN does this.
	UnsizedProgressive bool
	// ZeroTrackCount makes every playlist report track_count 0, as SoundCloud
	// did for whole periods (soundcloud/api #210, #253).
	ZeroTrackCount bool
	// FailAfterWrite lets the next successful API write (PUT, POST, DELETE)
	// take effect, then answers it, and every API request after it, 503
	// until the faults are set again: a server that fails after committing.
	FailAfterWrite bool
	// DropAfterWrite lets the next N successful API writes take effect, then
	// closes their connections without an answer.
	DropAfterWrite int
	// LimitedApp answers as SoundCloud answers an app registered without a
	// paid plan in 2026: 403 (RefusedMessage) on /tracks/{urn}/streams and
	// its redirectors and on every write, and about a quarter of tracks
	// (a user's likes among them) come back "preview" or "blocked".
	// Previews and /stream snippets stay. `cirrus demo-server --app-plan
	// limited` sets it.
	LimitedApp bool
	// RouteLatency is added to the API requests of a route, by its
	// pattern ("GET /tracks"), on top of Latency: one slow endpoint
	// among quick ones.
	RouteLatency map[string]time.Duration
}

// RefusedMessage is the message of the 403 SoundCloud gives an app
// without a paid plan (soundcloud/api #573; the rest of the body has the
// usual error shape, inferred).
const RefusedMessage = "An active Pro Unlimited subscription is required for this action"

// Stats are counters tests read to assert what a client actually did.
type Stats struct {
	Requests       map[string]int // "METHOD /path" as requested (no query), all hosts
	Routes         map[string]int // "METHOD /pattern" of the matched route, all hosts
	TokensIssued   int            // access tokens issued by /oauth/token, any grant
	TokenRefreshes int            // successful refresh_token grants
	ClientTokens   int            // client_credentials tokens issued
	MediaBytes     int64          // bytes of media (playlists, segments, MP3) written
	MediaRequests  int            // media requests on the CDN
	Plays          int            // stream resolutions counted as plays
	Faults         int            // requests answered by an injected fault
	Uploads        int            // tracks uploaded
	UploadBytes    int64          // bytes of track[asset_data] received
}

// Server is a running fake SoundCloud.
type Server struct {
	opts   Options
	log    *slog.Logger
	lib    *media.Library
	now    func() time.Time
	secret []byte // signs media URLs and redirector ids

	api, auth, cdn, web *listener

	mu     sync.Mutex
	st     *state
	tok    *tokenStore
	faults Faults
	stats  Stats
	rng    *mrand.Rand
	drops  int                 // media responses cut so far
	down   bool                // FailAfterWrite fired: every API request is 503
	ucache map[int64]*jsonUser // users rendered during one request, under mu
	// faultsSet is closed when SetFaults changes the faults, waking the
	// requests waiting out a latency; made on first use, under mu.
	faultsSet chan struct{}
}

type listener struct {
	base string
	srv  *http.Server
	ln   net.Listener
}

// New starts the fake on loopback listeners and seeds its catalogue.
func New(opts Options) (*Server, error) {
	if opts.Addr == "" {
		opts.Addr = "127.0.0.1"
	}
	if opts.AccessTokenTTL <= 0 {
		opts.AccessTokenTTL = 3599 * time.Second
	}
	if opts.SignedURLTTL <= 0 {
		opts.SignedURLTTL = 5 * time.Minute
	}
	if opts.MaxUploadBytes <= 0 {
		opts.MaxUploadBytes = maxUpload
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	opts.CDNBaseURL = strings.TrimSuffix(opts.CDNBaseURL, "/")
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	lib, err := media.Default()
	if err != nil {
		return nil, fmt.Errorf("fake: load media: %w", err)
	}
	s := &Server{
		opts:   opts,
		log:    opts.Logger,
		lib:    lib,
		now:    opts.Now,
		secret: make([]byte, 32),
		faults: opts.Faults,
		stats:  Stats{Requests: map[string]int{}, Routes: map[string]int{}},
		tok:    newTokenStore(),
	}
	if _, err := rand.Read(s.secret); err != nil {
		return nil, fmt.Errorf("fake: secret: %w", err)
	}
	var seed [16]byte
	_, _ = rand.Read(seed[:])
	s.rng = mrand.New(mrand.NewPCG(uint64(seed[0])<<56|uint64(seed[1]), uint64(seed[2])))

	start := func(addr string, h http.Handler) (*listener, error) {
		ln, err := net.Listen("tcp", addr)
		if err != nil {
			return nil, fmt.Errorf("fake: listen %s: %w", addr, err)
		}
		l := &listener{ln: ln, base: "http://" + ln.Addr().String()}
		l.srv = &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second,
			ErrorLog: slog.NewLogLogger(opts.Logger.Handler(), slog.LevelWarn)}
		go func() { _ = l.srv.Serve(ln) }()
		return l, nil
	}
	apiAddr := opts.APIAddr
	if apiAddr == "" {
		apiAddr = net.JoinHostPort(opts.Addr, "0")
	}
	rnd := net.JoinHostPort(opts.Addr, "0")
	// Listen first so the catalogue can carry real URLs.
	if s.api, err = start(apiAddr, s.apiHandler()); err != nil {
		return nil, err
	}
	if s.auth, err = start(rnd, s.authHandler()); err != nil {
		s.Close()
		return nil, err
	}
	if s.cdn, err = start(rnd, s.cdnHandler()); err != nil {
		s.Close()
		return nil, err
	}
	if s.web, err = start(rnd, s.webHandler()); err != nil {
		s.Close()
		return nil, err
	}
	s.mu.Lock()
	s.st = seed0(s)
	s.mu.Unlock()
	s.log.Info("fake soundcloud up", "api", s.URL(), "auth", s.AuthURL(), "cdn", s.CDNURL(), "web", s.WebURL())
	return s, nil
}

// URL is the API base, standing for https://api.soundcloud.com.
func (s *Server) URL() string { return s.api.base }

// AuthURL is the OAuth host, standing for https://secure.soundcloud.com.
func (s *Server) AuthURL() string { return s.auth.base }

// CDNURL is the media and waveform host that signed URLs point at: the
// CDN listener, or Options.CDNBaseURL when set.
func (s *Server) CDNURL() string {
	if s.opts.CDNBaseURL != "" {
		return s.opts.CDNBaseURL
	}
	return s.cdn.base
}

// CDNListenURL is where the CDN listener itself is, for whatever stands at
// Options.CDNBaseURL to forward to; the same as CDNURL when that is unset.
func (s *Server) CDNListenURL() string { return s.cdn.base }

// WebURL stands for https://soundcloud.com: permalink pages and /oembed.
func (s *Server) WebURL() string { return s.web.base }

// SetFaults replaces the injected faults; counters such as FailNext restart.
func (s *Server) SetFaults(f Faults) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults = f
	if s.faultsSet != nil {
		close(s.faultsSet) // wakes requests waiting out a latency
		s.faultsSet = nil
	}
	s.drops = 0
	s.down = false
	if s.st != nil {
		s.st.quotaPlays, s.st.playsWindowStart = 0, time.Time{}
	}
}

// Faults returns the faults in force, with counters as consumed so far.
func (s *Server) Faults() Faults {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.faults
}

// Stats returns a copy of the counters.
func (s *Server) Stats() Stats {
	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.stats
	c.Requests = make(map[string]int, len(s.stats.Requests))
	for k, v := range s.stats.Requests {
		c.Requests[k] = v
	}
	c.Routes = make(map[string]int, len(s.stats.Routes))
	for k, v := range s.stats.Routes {
		c.Routes[k] = v
	}
	return c
}

// DemoUserURN is the URN of the signed-in demo user.
func (s *Server) DemoUserURN() string { return urnOf("users", demoUserID) }

// IssueToken gives an access and refresh token for a seeded user (by
// permalink or URN) of the demo app, for tests that skip the OAuth dance.
// An empty argument gives an anonymous client-credentials token (no refresh).
// It panics on an unknown user: that is a bug in the calling test.
func (s *Server) IssueToken(userPermalinkOrURN string) (access, refresh string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if userPermalinkOrURN == "" {
		p := s.tok.issue(s, DemoClientID, 0, false)
		return p.access, ""
	}
	u := s.st.lookupUser(userPermalinkOrURN)
	if u == nil {
		panic("fake: IssueToken: unknown user " + userPermalinkOrURN)
	}
	p := s.tok.issue(s, DemoClientID, u.id, true)
	return p.access, p.refresh
}

// Unavailable is how a track that playlists hold becomes one their
// listings leave out.
type Unavailable int

const (
	// WentPrivate: its owner made it private; only the owner still sees it.
	WentPrivate Unavailable = iota + 1
	// Removed: deleted or taken down; nobody sees it.
	Removed
)

// MakeUnavailable hides a track as the real service does (soundcloud/api
// #449): every playlist keeps it and counts it in track_count, while the
// tracks listings and the playlist's tracks array leave it out for whoever
// may not see it. It panics on an unknown track: that is a bug in the test.
func (s *Server) MakeUnavailable(trackURN string, how Unavailable) {
	s.mu.Lock()
	defer s.mu.Unlock()
	id, ok := parseID(trackURN, "tracks")
	t := s.st.tracks[id]
	if !ok || t == nil {
		panic("fake: MakeUnavailable: unknown track " + trackURN)
	}
	switch how {
	case WentPrivate:
		t.sharing = "private"
		if t.secretToken == "" {
			t.secretToken = "s-" + key("x", id)
		}
	case Removed:
		s.st.removeTrack(id)
	default:
		panic(fmt.Sprintf("fake: MakeUnavailable: unknown kind %d", how))
	}
}

// Close stops every listener.
func (s *Server) Close() {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	for _, l := range []*listener{s.api, s.auth, s.cdn, s.web} {
		if l == nil {
			continue
		}
		if err := l.srv.Shutdown(ctx); err != nil && !errors.Is(err, http.ErrServerClosed) {
			_ = l.srv.Close()
		}
	}
}

// Wait blocks until ctx ends, then closes the server; for demo-server.
func (s *Server) Wait(ctx context.Context) {
	<-ctx.Done()
	s.Close()
}
