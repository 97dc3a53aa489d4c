package api

// Mechanics of the transport against small httptest servers: what the fake
// cannot easily be made to do (resets, exact Retry-After values, redirects to
// a foreign host), counted request by request.

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// sleepLog records backoff waits instead of sleeping them.
type sleepLog struct {
	mu    sync.Mutex
	waits []time.Duration
}

func (s *sleepLog) sleep(ctx context.Context, d time.Duration) error {
	s.mu.Lock()
	s.waits = append(s.waits, d)
	s.mu.Unlock()
	return ctx.Err()
}

func (s *sleepLog) all() []time.Duration {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]time.Duration(nil), s.waits...)
}

func testClient(t *testing.T, base string, o Options) (*Client, *sleepLog) {
	t.Helper()
	o.BaseURL = base
	if o.Tokens == nil {
		o.Tokens = StaticToken("tok-static")
	}
	c := New(o)
	sl := &sleepLog{}
	c.sleepFor = sl.sleep
	return c, sl
}

func TestRetryIdempotentOn5xx(t *testing.T) {
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if hits.Add(1) <= 3 {
			w.WriteHeader(503)
			return
		}
		fmt.Fprint(w, `{"urn":"soundcloud:users:1","username":"me"}`)
	}))
	defer srv.Close()
	c, sl := testClient(t, srv.URL, Options{})
	u, err := c.Me(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if u.Username != "me" || hits.Load() != 4 {
		t.Fatalf("user %+v after %d requests", u, hits.Load())
	}
	waits := sl.all()
	if len(waits) != 3 {
		t.Fatalf("waits %v", waits)
	}
	for i, w := range waits {
		if limit := DefaultRetryBase << i; w < 0 || w > limit {
			t.Errorf("wait %d = %v, outside full jitter [0, %v]", i, w, limit)
		}
	}
}

func TestRetryGivesUpAfterMaxRetries(t *testing.T) {
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		w.WriteHeader(500)
		fmt.Fprint(w, `{"code":500,"message":"boom"}`)
	}))
	defer srv.Close()
	c, _ := testClient(t, srv.URL, Options{MaxRetries: 2})
	_, err := c.Track(context.Background(), "soundcloud:tracks:1")
	e, ok := AsError(err)
	if !ok || e.Status != 500 || e.Message != "boom" || e.Op != "GET /tracks/soundcloud:tracks:1" {
		t.Fatalf("err %v", err)
	}
	if hits.Load() != 3 {
		t.Fatalf("%d requests, want 1 + 2 retries", hits.Load())
	}
}

func TestPostNotRetriedOn5xxOr429(t *testing.T) {
	for _, status := range []int{503, 429} {
		var hits atomic.Int32
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			hits.Add(1)
			w.Header().Set("Retry-After", "1")
			w.WriteHeader(status)
		}))
		c, sl := testClient(t, srv.URL, Options{})
		ctx := context.Background()
		calls := map[string]func() error{
			"comment":  func() error { _, err := c.PostComment(ctx, "soundcloud:tracks:1", "hi", time.Second); return err },
			"playlist": func() error { _, err := c.CreatePlaylist(ctx, "t", "private", nil); return err },
			"like":     func() error { return c.LikeTrack(ctx, "soundcloud:tracks:1") },
			"upload": func() error {
				_, err := c.Upload(ctx, "t", "private", "a.mp3", strings.NewReader("abc"), 3, nil)
				return err
			},
		}
		for name, call := range calls {
			hits.Store(0)
			err := call()
			if e, ok := AsError(err); !ok || e.Status != status {
				t.Errorf("%s %d: err %v", name, status, err)
			}
			if hits.Load() != 1 {
				t.Errorf("%s %d: %d requests, want 1", name, status, hits.Load())
			}
		}
		if len(sl.all()) != 0 {
			t.Errorf("slept %v", sl.all())
		}
		srv.Close()
	}
}

func TestPostRetriedWhenDialFails(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close() // nothing listens: every dial is refused
	c, sl := testClient(t, "http://"+addr, Options{MaxRetries: 3})
	_, err = c.PostComment(context.Background(), "soundcloud:tracks:1", "hi", 0)
	if err == nil {
		t.Fatal("no error")
	}
	if n := len(sl.all()); n != 3 {
		t.Fatalf("%d retries of a refused POST, want 3", n)
	}
}

func TestRetryAfterHonoured(t *testing.T) {
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch hits.Add(1) {
		case 1:
			w.Header().Set("Retry-After", "3")
			w.WriteHeader(429)
			fmt.Fprint(w, `{"code":429,"message":"slow"}`)
		case 2:
			w.Header().Set("Retry-After", time.Now().Add(5*time.Second).UTC().Format(http.TimeFormat))
			w.WriteHeader(503)
		default:
			fmt.Fprint(w, `{"collection":[],"next_href":null}`)
		}
	}))
	defer srv.Close()
	c, sl := testClient(t, srv.URL, Options{})
	if _, err := c.MyLikedTracks(context.Background(), ListOptions{}); err != nil {
		t.Fatal(err)
	}
	w := sl.all()
	if len(w) != 2 || w[0] != 3*time.Second || w[1] < 3*time.Second || w[1] > 5*time.Second {
		t.Fatalf("waits %v, want [3s ~5s]", w)
	}
}

func TestRateLimitResetTooFarIsReturned(t *testing.T) {
	var hits atomic.Int32
	reset := time.Now().Add(20 * time.Hour).UTC().Format(resetLayout)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		w.WriteHeader(429)
		fmt.Fprintf(w, `{"errors":[{"meta":{"rate_limit":{"group":"plays","max_nr_of_requests":15000,"time_window":"PT24H"},"remaining_requests":0,"reset_time":%q}}]}`, reset)
	}))
	defer srv.Close()
	c, sl := testClient(t, srv.URL, Options{})
	_, err := c.ResolveStream(context.Background(), srv.URL+"/tracks/soundcloud:tracks:1/streams/x/hls")
	e, ok := AsError(err)
	if !ok || e.RateLimit == nil || e.RateLimit.Group != "plays" || time.Until(e.RateLimit.ResetTime) < 19*time.Hour {
		t.Fatalf("err %v", err)
	}
	if hits.Load() != 1 || len(sl.all()) != 0 {
		t.Fatalf("%d requests, waits %v: a 20 h reset must not be waited for", hits.Load(), sl.all())
	}
}

func TestRetryOnConnectionReset(t *testing.T) {
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if hits.Add(1) == 1 {
			conn, _, err := w.(http.Hijacker).Hijack()
			if err == nil {
				if tc, ok := conn.(*net.TCPConn); ok {
					_ = tc.SetLinger(0) // RST, not FIN
				}
				conn.Close()
			}
			return
		}
		fmt.Fprint(w, `{"urn":"soundcloud:tracks:1","title":"ok"}`)
	}))
	defer srv.Close()
	c, sl := testClient(t, srv.URL, Options{})
	tr, err := c.Track(context.Background(), "soundcloud:tracks:1")
	if err != nil || tr.Title != "ok" {
		t.Fatalf("%v %v", tr, err)
	}
	if hits.Load() != 2 || len(sl.all()) != 1 {
		t.Fatalf("%d requests, %d waits", hits.Load(), len(sl.all()))
	}
}

func TestMalformedJSONRetriedForGET(t *testing.T) {
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if hits.Add(1) == 1 {
			fmt.Fprint(w, `{"collection":[{"urn":"soundcl`)
			return
		}
		fmt.Fprint(w, `{"collection":[{"urn":"soundcloud:users:2"}]}`)
	}))
	defer srv.Close()
	c, _ := testClient(t, srv.URL, Options{})
	p, err := c.MyFollowings(context.Background(), ListOptions{})
	if err != nil || len(p.Collection) != 1 || hits.Load() != 2 {
		t.Fatalf("%v %v after %d", p, err, hits.Load())
	}
}

func TestBackoffSleepStopsOnCancel(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(503)
	}))
	defer srv.Close()
	c := New(Options{BaseURL: srv.URL, RetryBase: 20 * time.Second, RetryMaxDelay: 20 * time.Second})
	c.jitter = func(n int64) int64 { return n - 1 } // the longest wait, still inside CallTimeout
	ctx, cancel := context.WithCancel(context.Background())
	go func() { time.Sleep(50 * time.Millisecond); cancel() }()
	_, err := c.Me(ctx)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err %v, want context.Canceled", err)
	}
}

// countingTokens hands out tok-1, tok-2, ... and counts Invalidate calls.
type countingTokens struct {
	mu          sync.Mutex
	n           int
	invalidated []string
}

func (c *countingTokens) Token(context.Context) (string, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return fmt.Sprintf("tok-%d", c.n+1), nil
}

func (c *countingTokens) Invalidate(_ context.Context, stale string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.invalidated = append(c.invalidated, stale)
	c.n++
}

func TestRefreshOnceOn401(t *testing.T) {
	var seen []string
	var mu sync.Mutex
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		seen = append(seen, r.Header.Get("Authorization"))
		mu.Unlock()
		if r.Header.Get("Authorization") != "OAuth tok-2" {
			w.WriteHeader(401)
			fmt.Fprint(w, `{"code":401,"message":"invalid_token tok-1"}`)
			return
		}
		body, _ := io.ReadAll(r.Body)
		if r.Method == http.MethodPost && !strings.Contains(string(body), "hello") {
			w.WriteHeader(400)
			return
		}
		w.WriteHeader(201)
		fmt.Fprint(w, `{"urn":"soundcloud:comments:1","body":"hello","timestamp":"1500"}`)
	}))
	defer srv.Close()
	ts := &countingTokens{}
	c, _ := testClient(t, srv.URL, Options{Tokens: ts})
	cm, err := c.PostComment(context.Background(), "soundcloud:tracks:1", "hello", 1500*time.Millisecond)
	if err != nil {
		t.Fatal(err)
	}
	if cm.Timestamp.Duration() != 1500*time.Millisecond {
		t.Errorf("timestamp %v", cm.Timestamp)
	}
	if len(ts.invalidated) != 1 || ts.invalidated[0] != "tok-1" || len(seen) != 2 {
		t.Fatalf("invalidated %v, seen %v", ts.invalidated, seen)
	}

	// A token that stays bad: one refresh, then the 401 is returned, and its
	// text does not carry the token.
	seen = nil
	bad := &countingTokens{n: 5}
	c2, _ := testClient(t, srv.URL, Options{Tokens: bad})
	_, err = c2.Me(context.Background())
	if !IsUnauthorized(err) || len(bad.invalidated) != 1 || len(seen) != 2 {
		t.Fatalf("err %v, invalidated %v, seen %v", err, bad.invalidated, seen)
	}
	if strings.Contains(err.Error(), "tok-7") {
		t.Errorf("error text leaks the token: %q", err)
	}
}

func TestBareArrayAndPages(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Query().Get("linked_partitioning") != "true" {
			w.WriteHeader(400)
			return
		}
		switch r.URL.Path {
		case "/me/followings/tracks":
			fmt.Fprint(w, `[{"urn":"soundcloud:tracks:1"},{"urn":"soundcloud:tracks:2"}]`)
		case "/users/soundcloud:users:1/web-profiles":
			fmt.Fprint(w, ` [{"urn":"soundcloud:web-profiles:1","service":"bandcamp","url":"https://x"}]`)
		}
	}))
	defer srv.Close()
	c, _ := testClient(t, srv.URL, Options{})
	tr, err := c.MyFollowingsTracks(context.Background(), ListOptions{Limit: 10})
	if err != nil || len(tr) != 2 || tr[1].URN != "soundcloud:tracks:2" {
		t.Fatalf("%v %v", tr, err)
	}
	wp, err := c.WebProfiles(context.Background(), "soundcloud:users:1")
	if err != nil || len(wp) != 1 || wp[0].Service != "bandcamp" {
		t.Fatalf("%v %v", wp, err)
	}
}

func TestAllFollowsNextHrefLazily(t *testing.T) {
	var hits atomic.Int32
	var srvURL string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		if r.Header.Get("Authorization") != "OAuth tok-static" {
			w.WriteHeader(401)
			return
		}
		cur := 0
		fmt.Sscan(r.URL.Query().Get("cursor"), &cur)
		items := []string{}
		for i := cur; i < cur+3; i++ {
			items = append(items, fmt.Sprintf(`{"urn":"soundcloud:tracks:%d"}`, i))
		}
		next := "null"
		if cur+3 < 30 {
			// Opaque: not the path the client asked for, and no
			// linked_partitioning; it must be followed as is.
			next = fmt.Sprintf(`"%s/cursor-pages?page_size=3&cursor=%d"`, srvURL, cur+3)
		}
		fmt.Fprintf(w, `{"collection":[%s],"next_href":%s}`, strings.Join(items, ","), next)
	}))
	defer srv.Close()
	srvURL = srv.URL
	c, _ := testClient(t, srv.URL, Options{})
	first := func(ctx context.Context) (*Page[Track], error) {
		return c.MyLikedTracks(ctx, ListOptions{Limit: 3})
	}
	var got []URN
	for tr, err := range All(context.Background(), c, 7, first) {
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, tr.URN)
	}
	if len(got) != 7 || got[6] != "soundcloud:tracks:6" || hits.Load() != 3 {
		t.Fatalf("got %v after %d requests; want 7 items from 3 pages", got, hits.Load())
	}
	hits.Store(0)
	all, err := Collect(context.Background(), c, 0, first)
	if err != nil || len(all) != 30 || hits.Load() != 10 {
		t.Fatalf("%d items, %v, %d requests", len(all), err, hits.Load())
	}

	// Cancelling mid-walk yields the context error once and stops.
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	n, errs := 0, 0
	for _, err := range All(ctx, c, 0, first) {
		if err != nil {
			errs++
			if !errors.Is(err, context.Canceled) {
				t.Fatalf("err %v", err)
			}
			continue
		}
		n++
		if n == 4 {
			cancel()
		}
	}
	if n != 4 || errs != 1 {
		t.Fatalf("%d items, %d errors after cancel", n, errs)
	}
}

func TestRedirectsNotFollowedAndAuthStaysHome(t *testing.T) {
	var cdnHits atomic.Int32
	var cdnAuth atomic.Value
	cdnAuth.Store("")
	cdn := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		cdnHits.Add(1)
		cdnAuth.Store(r.Header.Get("Authorization"))
		fmt.Fprint(w, `{"urn":"soundcloud:users:1"}`)
	}))
	defer cdn.Close()
	var apiAuth atomic.Value
	api := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		apiAuth.Store(r.Header.Get("Authorization"))
		switch {
		case r.URL.Path == "/resolve" && r.URL.Query().Get("url") == "https://soundcloud.com/a/b":
			w.Header().Set("Location", "https://api.soundcloud.com/tracks/123")
			w.WriteHeader(302)
			fmt.Fprint(w, `{"status":"302 - Found","location":"https://api.soundcloud.com/tracks/123"}`)
		case r.URL.Path == "/resolve":
			w.WriteHeader(404)
			fmt.Fprint(w, `{"code":404,"message":"Not found"}`)
		case strings.HasSuffix(r.URL.Path, "/preview"), strings.Contains(r.URL.Path, "/streams/"):
			http.Redirect(w, r, cdn.URL+"/media/x.mp3?sig=abc", http.StatusFound)
		case strings.HasSuffix(r.URL.Path, "/stream"):
			w.Header().Set("Location", "/relative/snippet.mp3")
			w.WriteHeader(302)
		case r.URL.Path == "/me":
			// A plain call that redirects off-host: followed, but the token
			// must not travel.
			http.Redirect(w, r, cdn.URL+"/elsewhere", http.StatusFound)
		}
	}))
	defer api.Close()
	c, _ := testClient(t, api.URL, Options{})
	ctx := context.Background()

	urn, err := c.Resolve(ctx, "https://soundcloud.com/a/b")
	if err != nil || urn != "soundcloud:tracks:123" {
		t.Fatalf("resolve %q %v", urn, err)
	}
	if _, err := c.Resolve(ctx, "https://soundcloud.com/nobody"); !IsNotFound(err) {
		t.Fatalf("resolve unknown: %v", err)
	}
	u, err := c.PreviewURL(ctx, "soundcloud:tracks:1")
	if err != nil || u != cdn.URL+"/media/x.mp3?sig=abc" {
		t.Fatalf("preview %q %v", u, err)
	}
	if apiAuth.Load() != "OAuth tok-static" {
		t.Errorf("redirector got auth %q", apiAuth.Load())
	}
	u, err = c.ResolveStream(ctx, api.URL+"/tracks/soundcloud:tracks:1/streams/uuid/hls")
	if err != nil || !strings.HasPrefix(u, cdn.URL) {
		t.Fatalf("stream %q %v", u, err)
	}
	u, err = c.LegacyStreamURL(ctx, "soundcloud:tracks:1")
	if err != nil || u != api.URL+"/relative/snippet.mp3" {
		t.Fatalf("legacy %q %v", u, err)
	}
	// Already a media URL: returned without a request.
	if u, err := c.ResolveStream(ctx, cdn.URL+"/direct.mp3"); err != nil || u != cdn.URL+"/direct.mp3" {
		t.Fatalf("direct %q %v", u, err)
	}
	if cdnHits.Load() != 0 {
		t.Fatalf("CDN fetched %d times while only resolving", cdnHits.Load())
	}
	_, _ = c.Me(ctx)
	if cdnHits.Load() != 1 || cdnAuth.Load() != "" {
		t.Fatalf("followed redirect: %d hits, auth %q", cdnHits.Load(), cdnAuth.Load())
	}
}

func TestUserAgentAndNoAuthWithoutTokens(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") != "" || !strings.HasPrefix(r.Header.Get("User-Agent"), "cirrus/") {
			w.WriteHeader(400)
			return
		}
		fmt.Fprint(w, `{"urn":"soundcloud:users:1"}`)
	}))
	defer srv.Close()
	c := New(Options{BaseURL: srv.URL})
	if _, err := c.User(context.Background(), "soundcloud:users:1"); err != nil {
		t.Fatal(err)
	}
}

func TestTracksByURNBatches(t *testing.T) {
	var calls atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		ids := strings.Split(r.URL.Query().Get("urns"), ",")
		if len(ids) > 50 {
			w.WriteHeader(400)
			return
		}
		var items []map[string]any
		for i := len(ids) - 1; i >= 0; i-- { // answer in another order
			if strings.HasSuffix(ids[i], ":13") {
				continue // unknown
			}
			items = append(items, map[string]any{"urn": ids[i]})
		}
		json.NewEncoder(w).Encode(map[string]any{"collection": items})
	}))
	defer srv.Close()
	c, _ := testClient(t, srv.URL, Options{})
	var urns []URN
	for i := range 120 {
		urns = append(urns, NewURN(KindTrack, int64(i)))
	}
	got, err := c.TracksByURN(context.Background(), urns)
	if err != nil {
		t.Fatal(err)
	}
	if calls.Load() != 3 || len(got) != 119 || got[0].URN != urns[0] || got[13].URN != urns[14] {
		t.Fatalf("%d calls, %d tracks", calls.Load(), len(got))
	}
}

func TestActivityDecoding(t *testing.T) {
	body := `{"collection":[
	 {"type":"track","created_at":"2020/10/12 12:03:00 +0000","origin":{"kind":"track","urn":"soundcloud:tracks:1","title":"T"}},
	 {"type":"playlist:repost","reposter":"soundcloud:users:9","created_at":"x","origin":{"urn":"soundcloud:playlists:2","title":"P","track_count":3}},
	 {"type":"track-sharing","created_at":"x","origin":{"urn":"soundcloud:tracks:3"}},
	 {"type":"track:repost","created_at":"x","origin":{"kind":"playlist","urn":"soundcloud:playlists:4"}}],
	 "next_href":"n","future_href":"f"}`
	p, err := decodePage[Activity]("GET /me/feed", []byte(body))
	if err != nil {
		t.Fatal(err)
	}
	a := p.Collection
	if a[0].Track == nil || a[0].Track.Title != "T" || a[0].Playlist != nil {
		t.Errorf("0: %+v", a[0])
	}
	if a[1].Playlist == nil || a[1].Playlist.TrackCount != 3 || a[1].Reposter != "soundcloud:users:9" || !a[1].IsRepost() {
		t.Errorf("1: %+v", a[1])
	}
	if a[2].Track == nil || a[2].Track.URN != "soundcloud:tracks:3" {
		t.Errorf("2: %+v", a[2])
	}
	if a[3].Playlist == nil || a[3].Track != nil {
		t.Errorf("3: origin kind must win: %+v", a[3])
	}
	if p.FutureHref != "f" {
		t.Errorf("future_href %q", p.FutureHref)
	}
	b, err := json.Marshal(Activity{Type: "track", Track: &Track{URN: "soundcloud:tracks:5"}})
	if err != nil {
		t.Fatal(err)
	}
	var back Activity
	if err := json.Unmarshal(b, &back); err != nil || back.Track == nil || back.Track.URN != "soundcloud:tracks:5" {
		t.Fatalf("round trip %s: %+v %v", b, back, err)
	}
}

func TestWaveformURLMapping(t *testing.T) {
	got, err := WaveformJSONURL("https://wave.sndcdn.com/abcDEF_m.png")
	if err != nil || got != "https://wis.sndcdn.com/abcDEF_m.json" {
		t.Fatalf("%q %v", got, err)
	}
	var sawAuth atomic.Bool
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		sawAuth.Store(r.Header.Get("Authorization") != "")
		if r.URL.Path != "/w/key.json" {
			w.WriteHeader(404)
			return
		}
		fmt.Fprint(w, `{"width":1800,"height":140,"samples":[1,2,3]}`)
	}))
	defer srv.Close()
	c, _ := testClient(t, srv.URL, Options{}) // waveform host = API host here
	wf, err := c.Waveform(context.Background(), srv.URL+"/w/key.png")
	if err != nil || wf.Width != 1800 || len(wf.Samples) != 3 {
		t.Fatalf("%+v %v", wf, err)
	}
	if sawAuth.Load() {
		t.Error("waveform fetch carried the Authorization header")
	}
}

func TestOAuthRequests(t *testing.T) {
	type seen struct {
		form       map[string]string
		user, pass string
		basic      bool
		ctype      string
	}
	var last seen
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/sign-out" {
			var b map[string]string
			json.NewDecoder(r.Body).Decode(&b)
			if b["access_token"] != "acc" || r.Header.Get("Authorization") != "" {
				w.WriteHeader(400)
			}
			return
		}
		r.ParseForm()
		last = seen{form: map[string]string{}, ctype: r.Header.Get("Content-Type")}
		for k := range r.PostForm {
			last.form[k] = r.PostForm.Get(k)
		}
		last.user, last.pass, last.basic = r.BasicAuth()
		if r.PostForm.Get("refresh_token") == "used" {
			w.WriteHeader(400)
			fmt.Fprint(w, `{"error":"invalid_grant"}`)
			return
		}
		fmt.Fprint(w, `{"access_token":"a","expires_in":3599,"refresh_token":"r","scope":"","token_type":"bearer"}`)
	}))
	defer srv.Close()
	c := New(Options{AuthURL: srv.URL, ClientID: "id", ClientSecret: "sec", Tokens: StaticToken("x")})
	ctx := context.Background()

	tok, err := c.ClientCredentials(ctx)
	if err != nil || tok.AccessToken != "a" || tok.ExpiresIn != 3599 {
		t.Fatalf("%+v %v", tok, err)
	}
	if !last.basic || last.user != "id" || last.pass != "sec" || last.form["client_secret"] != "" || last.form["grant_type"] != "client_credentials" {
		t.Errorf("client credentials sent %+v", last)
	}
	if _, err := c.ExchangeCode(ctx, "code1", "verif", "http://127.0.0.1:1/callback"); err != nil {
		t.Fatal(err)
	}
	if last.basic || last.form["client_id"] != "id" || last.form["client_secret"] != "sec" || last.form["code_verifier"] != "verif" ||
		last.form["grant_type"] != "authorization_code" || last.ctype != "application/x-www-form-urlencoded" {
		t.Errorf("code exchange sent %+v", last)
	}
	_, err = c.RefreshToken(ctx, "used", "http://127.0.0.1:1/callback")
	if !IsInvalidGrant(err) || strings.Contains(err.Error(), "used") && !strings.Contains(err.Error(), "invalid_grant") {
		t.Fatalf("refresh reuse: %v", err)
	}
	if err := c.SignOut(ctx, "acc"); err != nil {
		t.Fatal(err)
	}
	au := c.AuthorizeURL("http://127.0.0.1:1/callback", "st", "chal")
	if !strings.HasPrefix(au, srv.URL+"/authorize?") || !strings.Contains(au, "code_challenge_method=S256") || !strings.Contains(au, "state=st") {
		t.Errorf("authorize url %s", au)
	}
}

func TestLongRetryAfterReturnedNotSlept(t *testing.T) {
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		w.Header().Set("Retry-After", r.URL.Query().Get("after"))
		w.WriteHeader(429)
	}))
	defer srv.Close()
	for _, tc := range []struct {
		after string
		want  time.Duration
		o     Options
	}{
		{"120", 2 * time.Minute, Options{}},                              // beyond MaxRetryWait (30 s)
		{"20", 20 * time.Second, Options{CallTimeout: 10 * time.Second}}, // beyond the call's deadline
	} {
		hits.Store(0)
		c, sl := testClient(t, srv.URL, tc.o)
		var out map[string]any
		err := c.getJSON(context.Background(), "/x", map[string][]string{"after": {tc.after}}, &out)
		e, ok := AsError(err)
		if !ok || !IsRateLimited(err) || e.RetryAfter != tc.want {
			t.Fatalf("Retry-After %s: %v", tc.after, err)
		}
		if hits.Load() != 1 || len(sl.all()) != 0 {
			t.Fatalf("Retry-After %s: %d requests, waits %v", tc.after, hits.Load(), sl.all())
		}
	}
}

func TestNoTokenInLogsOrErrors(t *testing.T) {
	const secret = "sEcReT-token-value-123"
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(401)
		fmt.Fprintf(w, `{"code":401,"message":"token %s is invalid"}`, strings.TrimPrefix(r.Header.Get("Authorization"), "OAuth "))
	}))
	defer srv.Close()
	var logs strings.Builder
	var mu sync.Mutex
	logger := slog.New(slog.NewTextHandler(lockedWriter{&mu, &logs}, &slog.HandlerOptions{Level: slog.LevelDebug}))
	c, _ := testClient(t, srv.URL, Options{Tokens: StaticToken(secret), Logger: logger, MaxRetries: -1})
	_, err := c.Me(context.Background())
	if !IsUnauthorized(err) {
		t.Fatalf("err %v", err)
	}
	mu.Lock()
	defer mu.Unlock()
	if strings.Contains(err.Error(), secret) || strings.Contains(logs.String(), secret) {
		t.Fatalf("token leaked:\nerr: %v\nlogs: %s", err, logs.String())
	}
	if !strings.Contains(logs.String(), "GET /me") {
		t.Fatalf("nothing logged: %q", logs.String())
	}
	if p, err := Next(context.Background(), c, &Page[Track]{}); p != nil || err != nil {
		t.Fatalf("Next after the last page: %v %v", p, err)
	}
}

type lockedWriter struct {
	mu *sync.Mutex
	w  io.Writer
}

func (l lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}
