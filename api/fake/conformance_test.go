package fake

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"maps"
	"mime/multipart"
	"net/http"
	"net/url"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/gorillamux"
)

// specPath is the copy of SoundCloud's spec the repository carries
// (api/openapi.yaml; its header names the source commit).
func specPath(t *testing.T) string {
	t.Helper()
	p, err := filepath.Abs(filepath.Join("..", "openapi.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// scDateTime accepts RFC 3339 and SoundCloud's own "2006/01/02 15:04:05 +0000",
// which the real API sends in fields the spec marks format: date-time.
type scDateTime struct{}

var rfc3339 = regexp.MustCompile(openapi3.FormatOfStringDateTime)

func (scDateTime) Validate(v string) error {
	if rfc3339.MatchString(v) {
		return nil
	}
	if _, err := time.Parse(scTime, v); err == nil {
		return nil
	}
	return fmt.Errorf("%q is neither RFC 3339 nor SoundCloud's date-time", v)
}

type conformance struct {
	t      *testing.T
	s      *Server
	doc    *openapi3.T
	router routers.Router
	tok    string
	seen   map[string]int // "METHOD /spec/path" -> validated responses
}

func loadSpec(t *testing.T, s *Server) (*openapi3.T, routers.Router) {
	t.Helper()
	openapi3.DefineStringFormatValidator("date-time", scDateTime{})
	loader := openapi3.NewLoader()
	doc, err := loader.LoadFromFile(specPath(t))
	if err != nil {
		t.Fatalf("load spec: %v", err)
	}
	nullableFromExamples(t, doc)
	// The spec names https://api.soundcloud.com; the fake is on loopback.
	doc.Servers = openapi3.Servers{{URL: s.URL()}}
	router, err := gorillamux.NewRouter(doc)
	if err != nil {
		t.Fatalf("router: %v", err)
	}
	return doc, router
}

// check sends req and validates the answer against the spec operation it
// routes to; it returns the body.
func (c *conformance) check(req *http.Request, want int) []byte {
	c.t.Helper()
	// Route on the API host even for /sign-out, which lives on the auth host.
	routeReq := req.Clone(context.Background())
	routeReq.URL, _ = url.Parse(c.s.URL() + req.URL.RequestURI())
	route, params, err := c.router.FindRoute(routeReq)
	if err != nil {
		c.t.Fatalf("%s %s: no spec route: %v", req.Method, req.URL.Path, err)
	}
	// The request itself must be one the spec allows.
	reqIn := &openapi3filter.RequestValidationInput{Request: routeReq, PathParams: params, Route: route,
		Options: &openapi3filter.Options{AuthenticationFunc: openapi3filter.NoopAuthenticationFunc, MultiError: true,
			// The spec gives array parameters (access) a string default.
			SkipSettingDefaults: true}}
	if req.GetBody != nil {
		routeReq.Body, _ = req.GetBody()
	}
	if route.Method == "POST" && route.Path == "/tracks" {
		// kin-openapi cannot decode a multipart body whose schema is an allOf.
		reqIn.Options.ExcludeRequestBody = true
	}
	if err := openapi3filter.ValidateRequest(context.Background(), reqIn); err != nil {
		c.t.Errorf("%s %s: the test's request does not match the spec: %v", req.Method, req.URL, err)
	}
	res, err := noRedirect.Do(req)
	if err != nil {
		c.t.Fatalf("%s %s: %v", req.Method, req.URL, err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	key := route.Method + " " + route.Path
	if res.StatusCode != want {
		c.t.Fatalf("%s %s: status %d, want %d: %.400s", req.Method, req.URL, res.StatusCode, want, body)
	}
	in := &openapi3filter.ResponseValidationInput{
		RequestValidationInput: &openapi3filter.RequestValidationInput{
			Request: routeReq, PathParams: params, Route: route,
		},
		Status:  res.StatusCode,
		Header:  res.Header,
		Options: &openapi3filter.Options{IncludeResponseStatus: true, MultiError: true},
	}
	in.SetBodyBytes(body)
	if err := openapi3filter.ValidateResponse(context.Background(), in); err != nil {
		c.t.Errorf("%s: response does not match the spec: %v\nbody: %.600s", key, err, body)
	}
	c.seen[key]++
	return body
}

func (c *conformance) req(method, path string, body io.Reader, ctype string, tok string) *http.Request {
	base := c.s.URL()
	if path == "/sign-out" {
		base = c.s.AuthURL()
	}
	r, err := http.NewRequest(method, base+path, body)
	if err != nil {
		c.t.Fatal(err)
	}
	if ctype != "" {
		r.Header.Set("Content-Type", ctype)
	}
	if tok != "" {
		r.Header.Set("Authorization", "OAuth "+tok)
	}
	return r
}

func (c *conformance) do(method, path string, want int) []byte {
	c.t.Helper()
	return c.check(c.req(method, path, nil, "", c.tok), want)
}

func (c *conformance) doJSON(method, path string, v any, want int) []byte {
	c.t.Helper()
	return c.check(c.req(method, path, jsonBody(v), "application/json; charset=utf-8", c.tok), want)
}

// TestSpecConformance walks every operation of the official spec against
// the fake and validates status and body with kin-openapi.
func TestSpecConformance(t *testing.T) {
	s := newTestServer(t, Options{})
	doc, router := loadSpec(t, s)
	tok, _ := s.IssueToken(DemoUserPermalink)
	c := &conformance{t: t, s: s, doc: doc, router: router, tok: tok, seen: map[string]int{}}

	// /me
	c.do("GET", "/me", 200)
	c.do("GET", "/me/activities?limit=5", 200)
	c.do("GET", "/me/activities/all/own?limit=5", 200)
	c.do("GET", "/me/activities/tracks?limit=5", 200)
	c.do("GET", "/me/feed?limit=5&linked_partitioning=true", 200)
	c.do("GET", "/me/feed/tracks?limit=5", 200)
	c.do("GET", "/me/recently-played/tracks", 200)
	c.do("GET", "/me/likes/tracks?limit=10&linked_partitioning=true", 200)
	c.do("GET", "/me/likes/playlists?linked_partitioning=true", 200)
	c.do("GET", "/me/followings?limit=5", 200)
	c.do("GET", "/me/followings/tracks?limit=5", 200)
	c.do("GET", "/me/followings/soundcloud:users:2", 200)
	c.do("PUT", "/me/followings/soundcloud:users:13", 201)
	c.do("PUT", "/me/followings/soundcloud:users:13", 200) // again: already followed
	c.do("DELETE", "/me/followings/soundcloud:users:13", 200)
	c.do("GET", "/me/followers?limit=5", 200)
	c.do("GET", "/me/followers/soundcloud:users:2", 200)
	c.do("GET", "/me/playlists?linked_partitioning=true", 200)
	c.do("GET", "/me/playlists?show_tracks=false", 200) // bare array form
	c.do("GET", "/me/tracks?linked_partitioning=true", 200)
	c.do("GET", "/me/reposts/tracks?linked_partitioning=true", 200)
	c.do("GET", "/me/reposts/playlists", 200)

	// search
	c.do("GET", "/tracks?q=lofi&linked_partitioning=true&limit=3", 200)
	c.do("GET", "/tracks?genres=House,Dub&access=playable,preview,blocked", 200)
	c.do("GET", "/tracks?urns=soundcloud:tracks:1008,1009&linked_partitioning=true", 200)
	c.do("GET", "/playlists?q=piano&linked_partitioning=true", 200)
	c.do("GET", "/users?q=tides&linked_partitioning=true", 200)

	// upload, edit, delete a track
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	_ = mw.WriteField("track[title]", "Conformance Upload")
	_ = mw.WriteField("track[sharing]", "public")
	fw, _ := mw.CreateFormFile("track[asset_data]", "up.mp3")
	_, _ = fw.Write(bytes.Repeat([]byte{0xff, 0xfb, 0x90, 0x00}, 40000))
	_ = mw.Close()
	up := decode[map[string]any](t, c.check(c.req("POST", "/tracks", &buf, mw.FormDataContentType(), tok), 201))
	upURN := up["urn"].(string)
	c.doJSON("PUT", "/tracks/"+upURN, map[string]any{"track": map[string]any{"title": "Renamed", "genre": "Test"}}, 200)
	c.doJSON("PUT", "/tracks/"+upURN+"/storefront", map[string]any{"title": "Buy", "type": "digital", "link": "https://example.org/buy", "price": "0"}, 200)

	// playlists
	pl := decode[map[string]any](t, c.doJSON("POST", "/playlists", map[string]any{"playlist": map[string]any{
		"title": "Conformance Set", "sharing": "public", "tracks": []map[string]string{{"urn": "soundcloud:tracks:1008"}}}}, 201))
	plURN := pl["urn"].(string)
	c.do("GET", "/playlists/"+plURN, 200)
	c.do("GET", "/playlists/2001?show_tracks=false", 200)
	c.doJSON("PUT", "/playlists/"+plURN, map[string]any{"playlist": map[string]any{
		"tracks": []map[string]string{{"urn": "soundcloud:tracks:1008"}, {"urn": upURN}}}}, 200)
	c.do("GET", "/playlists/soundcloud:playlists:2001/tracks?linked_partitioning=true", 200)
	c.do("GET", "/playlists/soundcloud:playlists:2006/reposters", 200)
	c.do("DELETE", "/playlists/"+plURN, 200)

	// tracks
	c.do("GET", "/tracks/soundcloud:tracks:1008", 200)
	c.do("GET", "/tracks/1008", 200)
	c.do("GET", "/tracks/soundcloud:tracks:1008/preview", 302)
	c.do("GET", "/tracks/soundcloud:tracks:1008/streams", 200)
	c.do("GET", "/tracks/soundcloud:tracks:1008/comments?linked_partitioning=true&limit=2", 200)
	c.doJSON("POST", "/tracks/soundcloud:tracks:1008/comments", map[string]any{"comment": map[string]any{"body": "spec check", "timestamp": 1234}}, 201)
	c.doJSON("POST", "/tracks/soundcloud:tracks:1008/comments", map[string]any{"comment": map[string]any{"body": "string ts", "timestamp": "2000"}}, 201)
	c.do("GET", "/tracks/soundcloud:tracks:1008/favoriters", 200)
	c.do("GET", "/tracks/soundcloud:tracks:1008/reposters", 200)
	c.do("GET", "/tracks/soundcloud:tracks:1008/related?limit=5", 200)
	c.do("DELETE", "/tracks/"+upURN, 200)

	c.do("GET", "/resolve?url="+url.QueryEscape("https://soundcloud.com/lunar-tides/rainy-window"), 302)

	// users
	c.do("GET", "/users/soundcloud:users:2", 200)
	c.do("GET", "/users/soundcloud:users:2/related", 200)
	c.do("GET", "/users/soundcloud:users:2/favorites?linked_partitioning=true", 200)
	c.do("GET", "/users/soundcloud:users:2/followers", 200)
	c.do("GET", "/users/soundcloud:users:2/followings", 200)
	c.do("GET", "/users/soundcloud:users:2/followings/soundcloud:users:1", 200)
	c.do("GET", "/users/soundcloud:users:2/playlists?linked_partitioning=true", 200)
	c.do("GET", "/users/soundcloud:users:2/tracks?linked_partitioning=true&sort=asc", 200)
	c.do("GET", "/users/soundcloud:users:2/web-profiles", 200)
	c.do("GET", "/users/soundcloud:users:13/likes/tracks?linked_partitioning=true&limit=200", 200)
	c.do("GET", "/users/soundcloud:users:2/likes/playlists?linked_partitioning=true", 200)
	c.do("GET", "/users/soundcloud:users:2/reposts/tracks?linked_partitioning=true", 200)
	c.do("GET", "/users/soundcloud:users:4/reposts/playlists?linked_partitioning=true", 200)
	c.do("GET", "/users/10", 200) // the hostile user: escapes must still be valid JSON

	// likes and reposts
	c.do("POST", "/likes/tracks/soundcloud:tracks:1009", 200)
	c.do("DELETE", "/likes/tracks/soundcloud:tracks:1009", 200)
	c.do("POST", "/likes/playlists/soundcloud:playlists:2005", 200)
	c.do("DELETE", "/likes/playlists/soundcloud:playlists:2005", 200)
	c.do("POST", "/reposts/tracks/soundcloud:tracks:1009", 201)
	c.do("DELETE", "/reposts/tracks/soundcloud:tracks:1009", 200)
	c.do("POST", "/reposts/playlists/soundcloud:playlists:2005", 201)
	c.do("DELETE", "/reposts/playlists/soundcloud:playlists:2005", 200)

	// sign-out (on the auth host; the spec lists it with the API)
	other, _ := s.IssueToken("lunar-tides")
	c.check(c.req("POST", "/sign-out", jsonBody(map[string]string{"access_token": other}), "application/json", ""), 200)

	// Error shapes, one per kind.
	c.do("GET", "/tracks/soundcloud:tracks:999999", 404)
	c.check(c.req("GET", "/me", nil, "", ""), 401)
	c.check(c.req("GET", "/me", nil, "", other), 401) // signed out
	c.do("GET", "/tracks?urns="+strings.Repeat("1008,", 51), 400)
	c.do("PUT", "/me/followings/soundcloud:users:1", 422)
	c.doJSON("PUT", "/tracks/soundcloud:tracks:1008/storefront", map[string]any{"title": "x", "type": "cd", "link": "https://example.org"}, 403)
	s.SetFaults(Faults{RateLimitNext: 1})
	c.do("POST", "/likes/tracks/soundcloud:tracks:1009", 429)
	s.SetFaults(Faults{RateLimitNext: 1})
	c.doJSON("POST", "/tracks/1008/comments", map[string]any{"comment": map[string]any{"body": "x"}}, 429)

	// Every operation of the spec must have been exercised.
	var missing []string
	total := 0
	for path, item := range doc.Paths.Map() {
		for method := range item.Operations() {
			total++
			if c.seen[method+" "+path] == 0 {
				missing = append(missing, method+" "+path)
			}
		}
	}
	sort.Strings(missing)
	if len(missing) > 0 {
		t.Errorf("%d of %d spec operations not exercised:\n%s", len(missing), total, strings.Join(missing, "\n"))
	}
	if total != 64 {
		t.Errorf("spec has %d operations, expected the 64 of the official spec", total)
	}
	t.Logf("validated %d responses across %d operations", sum(c.seen), total)

	// The validator itself must bite: a track with a string duration, a user
	// with a nonsense date, and an undeclared status are all rejected.
	bad := []struct {
		path   string
		status int
		body   string
	}{
		{"/tracks/soundcloud:tracks:1008", 200, `{"urn":"soundcloud:tracks:1008","duration":"long"}`},
		{"/users/soundcloud:users:2", 200, `{"urn":"soundcloud:users:2","created_at":"yesterday"}`},
		{"/tracks/soundcloud:tracks:1008/streams", 418, `{}`},
	}
	for _, b := range bad {
		r, _ := http.NewRequest("GET", s.URL()+b.path, nil)
		route, params, err := router.FindRoute(r)
		if err != nil {
			t.Fatal(err)
		}
		in := &openapi3filter.ResponseValidationInput{
			RequestValidationInput: &openapi3filter.RequestValidationInput{Request: r, PathParams: params, Route: route},
			Status:                 b.status,
			Header:                 http.Header{"Content-Type": {"application/json; charset=utf-8"}},
			Options:                &openapi3filter.Options{IncludeResponseStatus: true},
		}
		in.SetBodyBytes([]byte(b.body))
		if err := openapi3filter.ValidateResponse(context.Background(), in); err == nil {
			t.Errorf("validator accepted a wrong response for %s: %d %s", b.path, b.status, b.body)
		}
	}
}

func sum(m map[string]int) int {
	n := 0
	for _, v := range m {
		n += v
	}
	return n
}

// nullableFromExamples reads the spec as its own examples do: the Track, User
// and Playlist examples send many optional fields as null although the
// schemas type them as plain strings or numbers without nullable. A field an
// example shows as null is taken as nullable in every object schema that has
// it, so the double may send null exactly where SoundCloud does, and nowhere
// else.
func nullableFromExamples(t *testing.T, doc *openapi3.T) {
	t.Helper()
	nulls := map[string]bool{}
	for _, name := range []string{"Track", "User", "Playlist"} {
		ex := doc.Components.Examples[name]
		if ex == nil || ex.Value == nil {
			t.Fatalf("the spec has no %s example", name)
		}
		obj, ok := ex.Value.Value.(map[string]any)
		if !ok {
			t.Fatalf("the %s example is %T, not an object", name, ex.Value.Value)
		}
		for k, v := range obj {
			if v == nil {
				nulls[k] = true
			}
		}
	}
	if len(nulls) < 10 {
		t.Fatalf("only %d null fields in the spec's examples: %v", len(nulls), nulls)
	}
	for _, ref := range doc.Components.Schemas {
		if ref.Value == nil {
			continue
		}
		for k, p := range ref.Value.Properties {
			if nulls[k] && p.Value != nil {
				p.Value.Nullable = true
			}
		}
	}
}

// TestAccessRoutesMatchTheSpec keeps the double's list of operations that
// validate access in step with the operations whose spec defines it, and the
// enumerated values with the spec's enum.
func TestAccessRoutesMatchTheSpec(t *testing.T) {
	doc, err := openapi3.NewLoader().LoadFromFile(specPath(t))
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]bool{}
	for path, item := range doc.Paths.Map() {
		for method, op := range item.Operations() {
			for _, p := range op.Parameters {
				if p.Value == nil || p.Value.Name != "access" {
					continue
				}
				got[method+" "+path] = true
				var enum []string
				for _, v := range p.Value.Schema.Value.Items.Value.Enum {
					enum = append(enum, fmt.Sprint(v))
				}
				if !slices.Equal(enum, accessValues) {
					t.Errorf("%s %s: spec enumerates access %v, the double %v", method, path, enum, accessValues)
				}
			}
		}
	}
	if !maps.Equal(got, accessRoutes) {
		t.Errorf("operations with access: spec %v\ndouble %v", slices.Sorted(maps.Keys(got)), slices.Sorted(maps.Keys(accessRoutes)))
	}
}
