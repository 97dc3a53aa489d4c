package api

// The client against the real fake over loopback HTTP.

import (
	"context"
	"crypto/sha256"
	"encoding/base64"
	"io"
	"net/http"
	"net/url"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/cirrus-tui/cirrus/api/fake"
)

func reflectClient() reflect.Type { return reflect.TypeFor[*Client]() }

// newFakeClient starts a fake and a client signed in as the demo user, with
// backoff shrunk to milliseconds.
func newFakeClient(t *testing.T, o Options) (*fake.Server, *Client) {
	t.Helper()
	srv, err := fake.New(fake.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(srv.Close)
	o.BaseURL, o.AuthURL, o.WebURL = srv.URL(), srv.AuthURL(), srv.WebURL()
	o.ClientID, o.ClientSecret = fake.DemoClientID, fake.DemoClientSecret
	if o.Tokens == nil {
		access, _ := srv.IssueToken(fake.DemoUserPermalink)
		o.Tokens = StaticToken(access)
	}
	if o.RetryBase == 0 {
		o.RetryBase = time.Millisecond
	}
	if o.RetryMaxDelay == 0 {
		o.RetryMaxDelay = 5 * time.Millisecond
	}
	return srv, New(o)
}

func TestFakePaginationArchivistLikes(t *testing.T) {
	srv, c := newFakeClient(t, Options{})
	ctx := context.Background()
	const route = "GET /users/{user_urn}/likes/tracks"
	seen := map[URN]bool{}
	n := 0
	for tr, err := range All(ctx, c, 0, func(ctx context.Context) (*Page[Track], error) {
		return c.UserLikedTracks(ctx, archivist, ListOptions{Limit: 200, Access: []string{AccessPlayable, AccessPreview, AccessBlocked}})
	}) {
		if err != nil {
			t.Fatal(err)
		}
		n++
		seen[tr.URN] = true
	}
	if n != 10000 || len(seen) != 10000 {
		t.Fatalf("walked %d likes (%d distinct), want 10000", n, len(seen))
	}
	if got := srv.Stats().Routes[route]; got != 50 {
		t.Fatalf("%d requests for 10000 likes at 200 a page, want 50", got)
	}

	// A caller's limit stops the walk early, without fetching further pages.
	before := srv.Stats().Routes[route]
	n = 0
	for _, err := range All(ctx, c, 450, func(ctx context.Context) (*Page[Track], error) {
		return c.UserLikedTracks(ctx, archivist, ListOptions{Limit: 200})
	}) {
		if err != nil {
			t.Fatal(err)
		}
		n++
	}
	if d := srv.Stats().Routes[route] - before; n != 450 || d != 3 {
		t.Fatalf("max 450: %d items from %d requests, want 450 from 3", n, d)
	}
}

func TestFakeRetriesCounted(t *testing.T) {
	srv, c := newFakeClient(t, Options{})
	ctx := context.Background()
	srv.SetFaults(fake.Faults{FailNext: 3})
	if _, err := c.Me(ctx); err != nil {
		t.Fatalf("3 failures then success: %v", err)
	}
	if got := srv.Stats().Routes["GET /me"]; got != 4 {
		t.Fatalf("GET /me sent %d times, want 4", got)
	}
	srv.SetFaults(fake.Faults{FailNext: 10})
	_, err := c.Me(ctx)
	if e, ok := AsError(err); !ok || e.Status != http.StatusServiceUnavailable {
		t.Fatalf("err %v", err)
	}
	if got := srv.Stats().Routes["GET /me"]; got != 4+5 {
		t.Fatalf("GET /me sent %d times in all, want 4 + 1 + 4 retries", got)
	}

	// A POST comment is not retried after a 503: it may have been stored.
	srv.SetFaults(fake.Faults{FailNext: 1})
	if _, err := c.PostComment(ctx, tonesURN, "once", time.Second); err == nil {
		t.Fatal("comment succeeded through an injected 503")
	}
	if got := srv.Stats().Routes["POST /tracks/{track_urn}/comments"]; got != 1 {
		t.Fatalf("comment sent %d times, want 1", got)
	}

	// Truncated JSON on a GET is fetched again.
	srv.SetFaults(fake.Faults{MalformedJSONNext: 1})
	if _, err := c.Track(ctx, tonesURN); err != nil {
		t.Fatal(err)
	}
	if got := srv.Stats().Routes["GET /tracks/{track_urn}"]; got != 2 {
		t.Fatalf("track fetched %d times, want 2", got)
	}
}

func TestFakeRateLimits(t *testing.T) {
	srv, c := newFakeClient(t, Options{})
	ctx := context.Background()

	// Retry-After: 1 is honoured: the one wait is exactly that second.
	sl := &sleepLog{}
	c.sleepFor = sl.sleep
	srv.SetFaults(fake.Faults{RateLimitNext: 1})
	if _, err := c.MyLikedTracks(ctx, ListOptions{Limit: 1}); err != nil {
		t.Fatal(err)
	}
	if got := srv.Stats().Routes["GET /me/likes/tracks"]; got != 2 {
		t.Fatalf("%d requests, want 2", got)
	}
	if w := sl.all(); len(w) != 1 || w[0] != time.Second {
		t.Fatalf("waits %v, want [1s] from Retry-After", w)
	}

	// The plays quota: the 429 carries the reset time and is not waited for.
	srv.SetFaults(fake.Faults{PlayQuota: 1})
	st, err := c.Streams(ctx, tonesURN)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.ResolveStream(ctx, st.HLSAAC160URL); err != nil {
		t.Fatalf("first play: %v", err)
	}
	before := srv.Stats().Requests
	_, err = c.ResolveStream(ctx, st.HTTPMP3128URL)
	e, ok := AsError(err)
	if !ok || !IsRateLimited(err) || e.RateLimit == nil || e.RateLimit.Group != "plays" || e.RateLimit.ResetTime.IsZero() {
		t.Fatalf("over quota: %v", err)
	}
	if !e.RateLimit.ResetTime.After(time.Now().Add(-time.Minute)) {
		t.Errorf("reset time %v is in the past", e.RateLimit.ResetTime)
	}
	after := srv.Stats().Requests
	sent := 0
	for k, v := range after {
		sent += v - before[k]
	}
	if sent != 1 {
		t.Errorf("over-quota resolution sent %d requests, want 1 (a far reset is not retried)", sent)
	}
	if !strings.Contains(err.Error(), "plays limit resets") {
		t.Errorf("error text %q does not say when plays resume", err)
	}
}

func TestFakeResolveAndStreams(t *testing.T) {
	srv, c := newFakeClient(t, Options{})
	ctx := context.Background()
	urn, err := c.Resolve(ctx, "https://soundcloud.com/tone-lab/test-tones")
	if err != nil || urn.ID() != "1001" || urn.Kind() != KindTrack {
		t.Fatalf("resolve: %q %v", urn, err)
	}
	if _, err := c.Resolve(ctx, "https://soundcloud.com/tone-lab/no-such-track"); !IsNotFound(err) {
		t.Fatalf("unknown page: %v", err)
	}
	u, err := c.Resolve(ctx, srv.WebURL()+"/archivist")
	if err != nil || u.ID() != "13" {
		t.Fatalf("user page: %q %v", u, err)
	}

	st, err := c.Streams(ctx, tonesURN)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(st.HLSAAC160URL, srv.URL()) {
		t.Fatalf("redirector %q is not on the API host", st.HLSAAC160URL)
	}
	media, err := c.ResolveStream(ctx, st.HLSAAC160URL)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(media, srv.CDNURL()) {
		t.Fatalf("signed url %q is not on the CDN", media)
	}
	if n := srv.Stats().MediaRequests; n != 0 {
		t.Fatalf("resolving fetched media %d times", n)
	}
	// The signed URL works without a token, through the shared client.
	resp, err := c.HTTPClient().Get(media)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || !strings.HasPrefix(string(body), "#EXTM3U") {
		t.Fatalf("media playlist: %d %.40q", resp.StatusCode, body)
	}

	prev, err := c.PreviewURL(ctx, tonesURN)
	if err != nil || !strings.HasPrefix(prev, srv.CDNURL()) {
		t.Fatalf("preview %q %v", prev, err)
	}
	leg, err := c.LegacyStreamURL(ctx, tonesURN)
	if err != nil || !strings.HasPrefix(leg, srv.CDNURL()) {
		t.Fatalf("legacy stream %q %v", leg, err)
	}
}

// swapTokens starts with a dead token and hands out a live one after the
// first Invalidate, counting the calls.
type swapTokens struct {
	mu          sync.Mutex
	cur         string
	next        func() string
	invalidated int
}

func (s *swapTokens) Token(context.Context) (string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.cur, nil
}

func (s *swapTokens) Invalidate(_ context.Context, stale string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.invalidated++
	if stale == s.cur {
		s.cur = s.next()
	}
}

func TestFakeRefreshOnceOn401(t *testing.T) {
	var srvRef *fake.Server
	ts := &swapTokens{cur: "expired-or-revoked", next: func() string {
		a, _ := srvRef.IssueToken(fake.DemoUserPermalink)
		return a
	}}
	srv, c := newFakeClient(t, Options{Tokens: ts})
	srvRef = srv
	ctx := context.Background()
	me, err := c.Me(ctx)
	if err != nil || me.Username == "" {
		t.Fatalf("%v %v", me, err)
	}
	if ts.invalidated != 1 || srv.Stats().Routes["GET /me"] != 2 {
		t.Fatalf("invalidated %d times, %d requests", ts.invalidated, srv.Stats().Routes["GET /me"])
	}
	// A POST after a 401 is replayed with the new token too.
	ts.mu.Lock()
	ts.cur = "dead-again"
	ts.mu.Unlock()
	if err := c.LikeTrack(ctx, tonesURN); err != nil {
		t.Fatal(err)
	}
	if ts.invalidated != 2 || srv.Stats().Routes["POST /likes/tracks/{track_urn}"] != 2 {
		t.Fatalf("like: invalidated %d, %d requests", ts.invalidated, srv.Stats().Routes["POST /likes/tracks/{track_urn}"])
	}
	// A source that never recovers: exactly one refresh per call.
	ts.mu.Lock()
	ts.cur, ts.next = "bad-1", func() string { return "bad-2" }
	ts.mu.Unlock()
	if _, err := c.Me(ctx); !IsUnauthorized(err) {
		t.Fatalf("err %v", err)
	}
	if ts.invalidated != 3 {
		t.Fatalf("invalidated %d, want 3", ts.invalidated)
	}
}

func TestFakeWritesVisibleToReads(t *testing.T) {
	srv, c := newFakeClient(t, Options{})
	ctx := context.Background()
	likedFirst := func() URN {
		p, err := c.MyLikedTracks(ctx, ListOptions{Limit: 200})
		if err != nil {
			t.Fatal(err)
		}
		for _, tr := range p.Collection {
			if tr.URN.ID() == "1002" {
				return tr.URN
			}
		}
		return ""
	}
	mix := URN("soundcloud:tracks:1002")
	_ = c.UnlikeTrack(ctx, mix)
	if likedFirst() != "" {
		t.Fatal("mix still liked after unlike")
	}
	if err := c.LikeTrack(ctx, mix); err != nil {
		t.Fatal(err)
	}
	if likedFirst() == "" {
		t.Fatal("like not visible in /me/likes/tracks")
	}

	if err := c.Follow(ctx, archivist); err != nil {
		t.Fatal(err)
	}
	if ok, err := c.IsFollowing(ctx, archivist); err != nil || !ok {
		t.Fatalf("follow not visible: %v %v", ok, err)
	}
	if err := c.Unfollow(ctx, archivist); err != nil {
		t.Fatal(err)
	}
	if ok, err := c.IsFollowing(ctx, archivist); err != nil || ok {
		t.Fatalf("unfollow not visible: %v %v", ok, err)
	}

	cm, err := c.PostComment(ctx, tonesURN, "at four seconds", 4*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	comments, err := Collect(ctx, c, 0, func(ctx context.Context) (*Page[Comment], error) {
		return c.TrackComments(ctx, tonesURN, ListOptions{Limit: 200})
	})
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, x := range comments {
		if x.URN == cm.URN && x.Body == "at four seconds" && x.Timestamp.Duration() == 4*time.Second {
			found = true
		}
	}
	if !found {
		t.Fatalf("comment %+v not among %d comments", cm, len(comments))
	}

	pl, err := c.CreatePlaylist(ctx, "Road trip", "private", []URN{tonesURN})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.AddToPlaylist(ctx, pl.URN, mix, ownTrackURN); err != nil {
		t.Fatal(err)
	}
	got, err := c.AllPlaylistTrackURNs(ctx, pl.URN)
	if err != nil || len(got) != 3 || got[0].ID() != "1001" || got[1].ID() != "1002" || got[2].ID() != "1006" {
		t.Fatalf("playlist tracks %v %v", got, err)
	}
	if _, err := c.RemoveFromPlaylist(ctx, pl.URN, mix); err != nil {
		t.Fatal(err)
	}
	if got, _ := c.AllPlaylistTrackURNs(ctx, pl.URN); len(got) != 2 {
		t.Fatalf("after remove: %v", got)
	}
	if err := c.DeletePlaylist(ctx, pl.URN); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Playlist(ctx, pl.URN); !IsNotFound(err) {
		t.Fatalf("deleted playlist: %v", err)
	}
	_ = srv
}

func TestFakeFeedActivities(t *testing.T) {
	_, c := newFakeClient(t, Options{})
	acts, err := Collect(context.Background(), c, 300, func(ctx context.Context) (*Page[Activity], error) {
		return c.Feed(ctx, ListOptions{Limit: 50})
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(acts) == 0 {
		t.Fatal("empty feed")
	}
	tracks, lists := 0, 0
	for _, a := range acts {
		switch {
		case a.Track != nil && a.Playlist == nil && strings.HasPrefix(a.Type, "track"):
			tracks++
		case a.Playlist != nil && a.Track == nil && strings.HasPrefix(a.Type, "playlist"):
			lists++
		default:
			t.Fatalf("activity %q decoded to track %v playlist %v", a.Type, a.Track != nil, a.Playlist != nil)
		}
	}
	if tracks == 0 {
		t.Errorf("no track activities among %d", len(acts))
	}
	t.Logf("feed: %d track and %d playlist activities", tracks, lists)
}

func TestFakeOAuthFlows(t *testing.T) {
	srv, c := newFakeClient(t, Options{})
	ctx := context.Background()
	verifier := strings.Repeat("v", 50)
	sum := sha256.Sum256([]byte(verifier))
	challenge := base64.RawURLEncoding.EncodeToString(sum[:])
	redirect := "http://127.0.0.1:8976/callback"
	noFollow := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := noFollow.Get(c.AuthorizeURL(redirect, "st4te", challenge))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	loc, err := url.Parse(resp.Header.Get("Location"))
	if err != nil || loc.Query().Get("state") != "st4te" || loc.Query().Get("code") == "" {
		t.Fatalf("authorize answered %d %q", resp.StatusCode, resp.Header.Get("Location"))
	}
	tok, err := c.ExchangeCode(ctx, loc.Query().Get("code"), verifier, redirect)
	if err != nil || tok.AccessToken == "" || tok.RefreshToken == "" {
		t.Fatalf("%+v %v", tok, err)
	}
	next, err := c.RefreshToken(ctx, tok.RefreshToken, redirect)
	if err != nil || next.RefreshToken == tok.RefreshToken {
		t.Fatalf("refresh: %+v %v", next, err)
	}
	_, err = c.RefreshToken(ctx, tok.RefreshToken, redirect)
	if !IsInvalidGrant(err) {
		t.Fatalf("reused refresh token: %v", err)
	}
	if strings.Contains(err.Error(), tok.RefreshToken) {
		t.Fatal("error text carries the refresh token")
	}
	cc, err := c.ClientCredentials(ctx)
	if err != nil || cc.AccessToken == "" {
		t.Fatalf("client credentials: %+v %v", cc, err)
	}
	// The app token reads public data.
	app := New(Options{BaseURL: srv.URL(), Tokens: StaticToken(cc.AccessToken)})
	if _, err := app.Track(ctx, tonesURN); err != nil {
		t.Fatal(err)
	}
	// Signing out kills the token.
	user := New(Options{BaseURL: srv.URL(), Tokens: StaticToken(next.AccessToken)})
	if _, err := user.Me(ctx); err != nil {
		t.Fatal(err)
	}
	if err := c.SignOut(ctx, next.AccessToken); err != nil {
		t.Fatal(err)
	}
	if _, err := user.Me(ctx); !IsUnauthorized(err) {
		t.Fatalf("after sign-out: %v", err)
	}
}

func TestFakeOEmbedAndWaveform(t *testing.T) {
	srv, c := newFakeClient(t, Options{})
	ctx := context.Background()
	o, err := c.OEmbed(ctx, "https://soundcloud.com/tone-lab/test-tones")
	if err != nil || o.Title == "" || !strings.Contains(o.HTML, "iframe") {
		t.Fatalf("%+v %v", o, err)
	}
	tr, err := c.Track(ctx, tonesURN)
	if err != nil {
		t.Fatal(err)
	}
	wf, err := c.Waveform(ctx, tr.WaveformURL)
	if err != nil || wf.Width == 0 || len(wf.Samples) == 0 {
		t.Fatalf("waveform of %s: %+v %v", tr.WaveformURL, wf, err)
	}
	_ = srv
}

func TestFakeTracksByURN(t *testing.T) {
	srv, c := newFakeClient(t, Options{})
	var urns []URN
	for i := range 120 {
		urns = append(urns, NewURN(KindTrack, int64(100001+i)))
	}
	got, err := c.TracksByURN(context.Background(), urns)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 120 || got[0].URN.ID() != "100001" || got[119].URN.ID() != "100120" {
		t.Fatalf("%d tracks", len(got))
	}
	if n := srv.Stats().Routes["GET /tracks"]; n != 3 {
		t.Fatalf("%d calls for 120 urns, want 3", n)
	}
}
