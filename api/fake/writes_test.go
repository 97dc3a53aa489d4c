package fake

import (
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"runtime"
	"strings"
	"testing"
)

type urnList struct {
	Collection []struct {
		URN string `json:"urn"`
	} `json:"collection"`
}

func (l urnList) has(urn string) bool {
	for _, c := range l.Collection {
		if c.URN == urn {
			return true
		}
	}
	return false
}

func TestWritesVisibleToReads(t *testing.T) {
	s := newTestServer(t, Options{})
	tok, _ := s.IssueToken(DemoUserPermalink)
	lunar, _ := s.IssueToken("lunar-tides") // follows the demo user
	get := func(tk, path string) []byte {
		t.Helper()
		st, _, b := call(t, "GET", s.URL()+path, nil, withToken(tk))
		if st != 200 {
			t.Fatalf("GET %s: %d %s", path, st, b)
		}
		return b
	}
	send := func(method, path string, body any, want int) []byte {
		t.Helper()
		var r io.Reader
		if body != nil {
			r = jsonBody(body)
		}
		st, _, b := call(t, method, s.URL()+path, r, withToken(tok), withHeader("Content-Type", "application/json"))
		if st != want {
			t.Fatalf("%s %s: %d, want %d: %s", method, path, st, want, b)
		}
		return b
	}

	// like / unlike
	send("POST", "/likes/tracks/soundcloud:tracks:1009", nil, 200)
	likes := decode[urnList](t, get(tok, "/me/likes/tracks?linked_partitioning=true&limit=1"))
	if !likes.has("soundcloud:tracks:1009") {
		t.Fatal("new like is not first in /me/likes/tracks")
	}
	tr := decode[map[string]any](t, get(tok, "/tracks/1009"))
	if tr["user_favorite"] != true {
		t.Fatal("user_favorite not set after like")
	}
	send("DELETE", "/likes/tracks/soundcloud:tracks:1009", nil, 200)
	if decode[urnList](t, get(tok, "/me/likes/tracks?linked_partitioning=true&limit=200")).has("soundcloud:tracks:1009") {
		t.Fatal("unliked track still listed")
	}
	send("POST", "/likes/tracks/soundcloud:tracks:98765", nil, 404)

	// follow / unfollow
	send("PUT", "/me/followings/soundcloud:users:13", nil, 201)
	if !decode[urnList](t, get(tok, "/me/followings?limit=200")).has("soundcloud:users:13") {
		t.Fatal("new following missing")
	}
	send("PUT", "/me/followings/13", nil, 200)
	send("PUT", "/me/followings/"+s.DemoUserURN(), nil, 422)
	send("DELETE", "/me/followings/13", nil, 200)
	send("GET", "/me/followings/13", nil, 404)

	// a repost shows in a follower's feed with its reposter
	send("POST", "/reposts/tracks/soundcloud:tracks:1040", nil, 201)
	feed := decode[struct {
		Collection []struct {
			Type     string         `json:"type"`
			Reposter string         `json:"reposter"`
			Origin   map[string]any `json:"origin"`
		} `json:"collection"`
	}](t, get(lunar, "/me/feed?limit=1"))
	if len(feed.Collection) != 1 || feed.Collection[0].Type != "track:repost" || feed.Collection[0].Reposter != s.DemoUserURN() ||
		feed.Collection[0].Origin["urn"] != "soundcloud:tracks:1040" {
		t.Fatalf("follower's feed head: %+v", feed.Collection)
	}
	send("DELETE", "/reposts/tracks/soundcloud:tracks:1040", nil, 200)
	send("DELETE", "/reposts/tracks/soundcloud:tracks:1040", nil, 404)

	// comments
	c := decode[map[string]any](t, send("POST", "/tracks/1008/comments", map[string]any{"comment": map[string]any{"body": "hello from a test", "timestamp": 12345}}, 201))
	if c["timestamp"] != "12345" || c["body"] != "hello from a test" || c["user_urn"] != s.DemoUserURN() {
		t.Fatalf("comment %v", c)
	}
	comments := decode[struct {
		Collection []map[string]any `json:"collection"`
	}](t, get(tok, "/tracks/1008/comments?linked_partitioning=true&limit=1"))
	if comments.Collection[0]["urn"] != c["urn"] {
		t.Fatal("new comment is not first")
	}
	send("POST", "/tracks/1008/comments", map[string]any{"comment": map[string]any{"body": "  "}}, 422)
	send("POST", "/tracks/1043/comments", map[string]any{"comment": map[string]any{"body": "closed"}}, 422)
	send("POST", "/tracks/1008/comments", map[string]any{"comment": map[string]any{"body": "late", "timestamp": 99999999}}, 422)

	// playlists: create, PUT replaces the track list, delete
	pl := decode[map[string]any](t, send("POST", "/playlists", map[string]any{"playlist": map[string]any{
		"title": "Test Set", "sharing": "private",
		"tracks": []map[string]string{{"urn": "soundcloud:tracks:1008"}, {"urn": "soundcloud:tracks:1009"}, {"urn": "soundcloud:tracks:1012"}}}}, 201))
	urn := pl["urn"].(string)
	if pl["track_count"].(float64) != 3 || pl["sharing"] != "private" {
		t.Fatalf("created playlist %v", pl)
	}
	send("PUT", "/playlists/"+urn, map[string]any{"playlist": map[string]any{"tracks": []map[string]string{{"urn": "soundcloud:tracks:1015"}}}}, 200)
	tracks := decode[urnList](t, get(tok, "/playlists/"+urn+"/tracks?linked_partitioning=true"))
	if len(tracks.Collection) != 1 || !tracks.has("soundcloud:tracks:1015") {
		t.Fatalf("PUT did not replace the list: %+v", tracks)
	}
	send("PUT", "/playlists/"+urn, map[string]any{"playlist": map[string]any{"title": "Renamed Set"}}, 200)
	if got := decode[map[string]any](t, get(tok, "/playlists/"+urn)); got["title"] != "Renamed Set" || got["track_count"].(float64) != 1 {
		t.Fatalf("title-only PUT: %v", got["title"])
	}
	if st, _, _ := call(t, "GET", s.URL()+"/playlists/"+urn, nil, withToken(lunar)); st != 404 {
		t.Fatalf("someone else sees a private playlist: %d", st)
	}
	send("PUT", "/playlists/2003", map[string]any{"playlist": map[string]any{"title": "mine now"}}, 403)
	send("PUT", "/playlists/"+urn, map[string]any{"playlist": map[string]any{"tracks": []map[string]string{{"urn": "soundcloud:tracks:31337"}}}}, 404)
	send("DELETE", "/playlists/"+urn, nil, 200)
	send("GET", "/playlists/"+urn, nil, 404)

	// track metadata, owner only
	send("PUT", "/tracks/1006", map[string]any{"track": map[string]any{"title": "Jingle v2", "sharing": "public"}}, 200)
	if got := decode[map[string]any](t, get(tok, "/tracks/1006")); got["title"] != "Jingle v2" {
		t.Fatalf("title %v", got["title"])
	}
	send("PUT", "/tracks/1006", map[string]any{"track": map[string]any{"license": "mine-all-mine"}}, 400)
	send("PUT", "/tracks/1008", map[string]any{"track": map[string]any{"title": "stolen"}}, 403)
	send("DELETE", "/tracks/1008", nil, 403)
}

// TestUploadStreams sends a 64 MB asset through a pipe and checks the
// server counted it without buffering it.
func TestUploadStreams(t *testing.T) {
	s := newTestServer(t, Options{})
	tok, _ := s.IssueToken(DemoUserPermalink)
	const size = 64 << 20
	pr, pw := io.Pipe()
	mw := multipart.NewWriter(pw)
	go func() {
		_ = mw.WriteField("track[title]", "Big Upload")
		_ = mw.WriteField("track[genre]", "Test")
		fw, _ := mw.CreateFormFile("track[asset_data]", "big.wav")
		chunk := make([]byte, 1<<20)
		for i := 0; i < size/len(chunk); i++ {
			if _, err := fw.Write(chunk); err != nil {
				pw.CloseWithError(err)
				return
			}
		}
		pw.CloseWithError(mw.Close())
	}()
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	st, _, b := call(t, "POST", s.URL()+"/tracks", pr, withToken(tok), withHeader("Content-Type", mw.FormDataContentType()))
	runtime.ReadMemStats(&after)
	if st != 201 {
		t.Fatalf("upload: %d %s", st, b)
	}
	tr := decode[map[string]any](t, b)
	if tr["title"] != "Big Upload" || tr["genre"] != "Test" {
		t.Fatalf("uploaded track %v", tr)
	}
	if got := s.Stats().UploadBytes; got != size {
		t.Fatalf("UploadBytes %d, want %d", got, size)
	}
	grew := after.TotalAlloc - before.TotalAlloc
	t.Logf("64 MB upload allocated %.1f MB in total (client and server)", float64(grew)/(1<<20))
	if grew > 32<<20 {
		t.Fatalf("upload allocated %d bytes: the body is being buffered", grew)
	}
	// The new track is the demo user's and playable.
	st, _, b = call(t, "GET", s.URL()+"/me/tracks?linked_partitioning=true&limit=1", nil, withToken(tok))
	if st != 200 || !decode[urnList](t, b).has(tr["urn"].(string)) {
		t.Fatalf("uploaded track not first in /me/tracks")
	}
	id, _ := parseID(tr["urn"].(string), "tracks")
	if st, sb, b := getStreams(t, s, tok, id); st != 200 || sb.HLSAAC160 == "" {
		t.Fatalf("streams of the upload: %d %s", st, b)
	}
}

func TestUploadRejects(t *testing.T) {
	s := newTestServer(t, Options{})
	tok, _ := s.IssueToken(DemoUserPermalink)
	post := func(fields map[string]string, asset string) int {
		var sb strings.Builder
		mw := multipart.NewWriter(&sb)
		for k, v := range fields {
			_ = mw.WriteField(k, v)
		}
		if asset != "" {
			fw, _ := mw.CreateFormFile("track[asset_data]", "a.mp3")
			_, _ = io.WriteString(fw, asset)
		}
		_ = mw.Close()
		st, _, _ := call(t, "POST", s.URL()+"/tracks", strings.NewReader(sb.String()), withToken(tok), withHeader("Content-Type", mw.FormDataContentType()))
		return st
	}
	if st := post(map[string]string{"track[title]": "no audio"}, ""); st != 400 {
		t.Errorf("no asset: %d", st)
	}
	if st := post(nil, "audio"); st != 400 {
		t.Errorf("no title: %d", st)
	}
	if st := post(map[string]string{"track[title]": "x", "track[license]": "bogus"}, "audio"); st != 422 {
		t.Errorf("bad license: %d", st)
	}
	st, _, _ := call(t, "POST", s.URL()+"/tracks", strings.NewReader(`{"track":{}}`), withToken(tok), withHeader("Content-Type", "application/json"))
	if st != 400 {
		t.Errorf("JSON upload: %d", st)
	}
	anon, _ := s.IssueToken("")
	if st, _, _ := call(t, "POST", s.URL()+"/tracks", nil, withToken(anon)); st != 401 {
		t.Errorf("anonymous upload: %d", st)
	}
}

func TestStorefront(t *testing.T) {
	s := newTestServer(t, Options{})
	tok, _ := s.IssueToken(DemoUserPermalink)
	put := func(tk string, track int64, body string) (int, []byte) {
		st, _, b := call(t, "PUT", fmt.Sprintf("%s/tracks/%d/storefront", s.URL(), track), strings.NewReader(body),
			withToken(tk), withHeader("Content-Type", "application/json"))
		return st, b
	}
	st, b := put(tok, DemoOwnTrackID, `{"title":"Get it","type":"vinyl","link":"https://example.org/v","price":"20 EUR"}`)
	sf := decode[map[string]any](t, b)
	if st != 200 || sf["track_urn"] != "soundcloud:tracks:1006" || sf["link_title"] != nil || sf["price"] != "20 EUR" {
		t.Fatalf("storefront: %d %s", st, b)
	}
	if st, _ := put(tok, DemoOwnTrackID, `{"title":"x","type":"spaceship","link":"https://example.org"}`); st != 400 {
		t.Errorf("bad type: %d", st)
	}
	if st, _ := put(tok, DemoOwnTrackID, `{"title":"x","type":"cd","link":"ftp://example.org"}`); st != 400 {
		t.Errorf("bad link: %d", st)
	}
	lunar, _ := s.IssueToken("lunar-tides")
	if st, _ := put(lunar, 1008, `{"title":"x","type":"cd","link":"https://example.org"}`); st != 403 {
		t.Errorf("owner without a creator subscription: %d", st)
	}
	if st, _ := put(lunar, DemoOwnTrackID, `{"title":"x","type":"cd","link":"https://example.org"}`); st != http.StatusForbidden {
		t.Errorf("not the owner: %d", st)
	}
}

func TestUploadTooLarge(t *testing.T) {
	s := newTestServer(t, Options{MaxUploadBytes: 1 << 20})
	tok, _ := s.IssueToken(DemoUserPermalink)
	var sb strings.Builder
	mw := multipart.NewWriter(&sb)
	_ = mw.WriteField("track[title]", "too big")
	fw, _ := mw.CreateFormFile("track[asset_data]", "big.mp3")
	_, _ = fw.Write(make([]byte, 1<<20+1))
	_ = mw.Close()
	st, _, b := call(t, "POST", s.URL()+"/tracks", strings.NewReader(sb.String()), withToken(tok), withHeader("Content-Type", mw.FormDataContentType()))
	if st != 422 || !strings.Contains(string(b), "larger than") {
		t.Fatalf("oversized upload: %d %s", st, b)
	}
	if s.Stats().Uploads != 0 {
		t.Fatal("an oversized upload made a track")
	}
}
