package cli

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/cirrus-tui/cirrus/api/fake"
	"github.com/cirrus-tui/cirrus/config"
)

// hostileAPI puts a server in front of the world's fake: paths that hijack
// answers itself answers, everything else goes through to the fake. The
// config file is pointed at it, so every command talks to it.
func hostileAPI(t *testing.T, w *world, hijack func(w http.ResponseWriter, r *http.Request, self string) bool) *httptest.Server {
	t.Helper()
	target, _ := url.Parse(w.srv.URL())
	proxy := httputil.NewSingleHostReverseProxy(target)
	var srv *httptest.Server
	srv = httptest.NewServer(http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		if !hijack(rw, r, srv.URL) {
			proxy.ServeHTTP(rw, r)
		}
	}))
	t.Cleanup(srv.Close)
	cfg := fmt.Sprintf("client_id = %q\nclient_secret = %q\napi_url = %q\nauth_url = %q\nredirect_port = 0\n",
		fake.DemoClientID, fake.DemoClientSecret, w.srv.URL(), w.srv.AuthURL())
	cfg = strings.Replace(cfg, w.srv.URL(), srv.URL, 1)
	if err := os.WriteFile(config.Path(), []byte(cfg), 0o600); err != nil {
		t.Fatal(err)
	}
	return srv
}

// Every command that walks pages stops on a server whose pages never end,
// prints what it got and says why it stopped.
func TestListCommandsStopOnEndlessPages(t *testing.T) {
	w := newWorld(t)
	cmds := []struct {
		args []string
		path string
	}{
		{[]string{"likes", "--limit", "0"}, "/me/likes/tracks"},
		{[]string{"likes", "--playlists", "--limit", "0"}, "/me/likes/playlists"},
		{[]string{"feed", "--limit", "0"}, "/me/feed"},
		{[]string{"feed", "--tracks", "--limit", "0"}, "/me/feed/tracks"},
		{[]string{"playlists", "--limit", "0"}, "/me/playlists"},
		{[]string{"search", "tracks", "--limit", "0", "x"}, "/tracks"},
		{[]string{"search", "users", "--limit", "0", "x"}, "/users"},
		{[]string{"search", "playlists", "--limit", "0", "x"}, "/playlists"},
		{[]string{"comments", "--limit", "0", "soundcloud:tracks:1008"}, "/tracks/soundcloud:tracks:1008/comments"},
	}
	for _, mode := range []struct {
		name   string
		items  string // the collection every page carries
		next   func(self, path string, n int32) string
		reason string
		rows   int
	}{
		{"empty pages, fresh links", "[]", func(self, path string, n int32) string {
			return fmt.Sprintf("%s%s?cursor=%d", self, path, n)
		}, "empty pages in a row", 0},
		{"self reference", "", func(self, path string, n int32) string {
			return self + path + "?cursor=same"
		}, "loops back on itself", 2},
	} {
		for _, c := range cmds {
			t.Run(mode.name+"/"+strings.Join(c.args[:2], " "), func(t *testing.T) {
				var hits atomic.Int32
				hostileAPI(t, w, func(rw http.ResponseWriter, r *http.Request, self string) bool {
					if r.URL.Path != c.path || r.Method != http.MethodGet {
						return false
					}
					n := hits.Add(1)
					if n > 100 {
						http.Error(rw, "the client does not stop", http.StatusTeapot)
						return true
					}
					items := mode.items
					if items == "" {
						items = itemsFor(c.path, n)
					}
					fmt.Fprintf(rw, `{"collection":%s,"next_href":%q}`, items, mode.next(self, c.path, n))
					return true
				})
				r := run(t, c.args...)
				if r.code != ExitError || !strings.Contains(r.errOut, mode.reason) {
					t.Fatalf("exit %d, stderr %q; want exit 1 saying %q", r.code, r.errOut, mode.reason)
				}
				if hits.Load() > 3 {
					t.Errorf("%d requests before stopping", hits.Load())
				}
				if mode.rows > 0 {
					_, rows := tableRows(t, r.out)
					if len(rows) != mode.rows {
						t.Errorf("printed %d rows, want the %d received:\n%s", len(rows), mode.rows, r.out)
					}
				}
			})
		}
	}
}

// itemsFor is a one-item collection of the kind path lists, distinct per page.
func itemsFor(path string, n int32) string {
	switch {
	case strings.HasSuffix(path, "/comments"):
		return fmt.Sprintf(`[{"urn":"soundcloud:comments:%d","body":"c%d","timestamp":%d}]`, n, n, n*1000)
	case strings.Contains(path, "feed"):
		return fmt.Sprintf(`[{"type":"track","created_at":"2026/01/01 00:00:00 +0000","origin":{"kind":"track","urn":"soundcloud:tracks:9%d","title":"t%d"}}]`, n, n)
	case strings.Contains(path, "playlists"):
		return fmt.Sprintf(`[{"urn":"soundcloud:playlists:9%d","title":"p%d"}]`, n, n)
	case path == "/users":
		return fmt.Sprintf(`[{"urn":"soundcloud:users:9%d","username":"u%d"}]`, n, n)
	}
	return fmt.Sprintf(`[{"urn":"soundcloud:tracks:9%d","title":"t%d"}]`, n, n)
}
