package fake

import (
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/cirrus-tui/cirrus/api/fake/media"
)

func TestResolve(t *testing.T) {
	s := newTestServer(t, Options{})
	tok, _ := s.IssueToken("")
	cases := map[string]string{
		"https://soundcloud.com/lunar-tides/rainy-window":                        s.URL() + "/tracks/soundcloud:tracks:1008",
		"https://soundcloud.com/cirrus-demo/sets/cirrus-demo-mix":                s.URL() + "/playlists/soundcloud:playlists:2001",
		"https://soundcloud.com/lunar-tides":                                     s.URL() + "/users/2", // numeric, as SoundCloud still does (#403)
		"https://m.soundcloud.com/tone-lab/test-tones":                           s.URL() + "/tracks/soundcloud:tracks:1001",
		s.WebURL() + "/marta-keys/small-hours":                                   s.URL() + "/tracks/soundcloud:tracks:1016",
		"https://on.soundcloud.com/TestTones1":                                   s.URL() + "/tracks/1001",
		"https://soundcloud.com/cirrus-demo/private-sketch/" + demoPrivateSecret: s.URL() + "/tracks/soundcloud:tracks:1007?secret_token=" + demoPrivateSecret,
	}
	for in, want := range cases {
		st, h, b := call(t, "GET", s.URL()+"/resolve?url="+url.QueryEscape(in), nil, withToken(tok))
		body := decode[map[string]string](t, b)
		if st != 302 || h.Get("Location") != want || body["location"] != want || body["status"] != "302 - Found" {
			t.Errorf("resolve %s: %d %q %v, want %s", in, st, h.Get("Location"), body, want)
		}
		// The location answers with the resource.
		if st, _, _ := call(t, "GET", want, nil, withToken(tok)); st != 200 {
			t.Errorf("GET %s: %d", want, st)
		}
	}
	for _, in := range []string{"https://soundcloud.com/nobody-here", "https://soundcloud.com/lunar-tides/nope",
		"https://on.soundcloud.com/unknown", "https://example.com/lunar-tides", "https://soundcloud.com/cirrus-demo/private-sketch"} {
		if st, _, _ := call(t, "GET", s.URL()+"/resolve?url="+url.QueryEscape(in), nil, withToken(tok)); st != 404 {
			t.Errorf("resolve %s: %d, want 404", in, st)
		}
	}
	if st, _, _ := call(t, "GET", s.URL()+"/resolve?url="+url.QueryEscape("https://soundcloud.com/lunar-tides"), nil); st != 401 {
		t.Errorf("resolve without token: %d", st)
	}
}

func TestOEmbedAndPages(t *testing.T) {
	s := newTestServer(t, Options{})
	st, _, b := call(t, "GET", s.WebURL()+"/oembed?format=json&url="+url.QueryEscape("https://soundcloud.com/lunar-tides/rainy-window"), nil)
	o := decode[map[string]any](t, b)
	if st != 200 || o["title"] != "Rainy Window by Lunar Tides" || o["author_name"] != "Lunar Tides" ||
		!strings.Contains(o["html"].(string), "<iframe") || o["thumbnail_url"] == "" {
		t.Fatalf("oembed: %d %v", st, o)
	}
	if st, _, _ := call(t, "GET", s.WebURL()+"/oembed?format=json&url="+url.QueryEscape("https://soundcloud.com/x/y"), nil); st != 404 {
		t.Errorf("oembed unknown: %d", st)
	}
	st, h, page := call(t, "GET", s.WebURL()+"/hostile-fixtures/hostile-1033", nil)
	if st != 200 || !strings.HasPrefix(h.Get("Content-Type"), "text/html") || !strings.Contains(string(page), "Clipboard") {
		t.Fatalf("page: %d %s", st, page)
	}
}

func TestCatalogue(t *testing.T) {
	s := newTestServer(t, Options{})
	s.mu.Lock()
	defer s.mu.Unlock()
	st := s.st
	if u := st.users[demoUserID]; u.permalink != DemoUserPermalink || s.DemoUserURN() != "soundcloud:users:1" {
		t.Fatalf("demo user %+v", u)
	}
	seeded := 0
	genres := map[string]bool{}
	access := map[string]int{}
	for _, id := range st.trackIDs {
		tr := st.tracks[id]
		if tr.light {
			continue
		}
		seeded++
		genres[tr.genre] = true
		access[tr.access]++
		if tr.durationMS <= 0 {
			t.Errorf("track %d has no duration", id)
		}
	}
	if seeded < 40 || len(genres) < 8 || access["preview"] < 3 || access["blocked"] != 1 {
		t.Fatalf("catalogue: %d tracks, %d genres, access %v", seeded, len(genres), access)
	}
	tones := st.tracks[TestTonesTrackID]
	if tones.title != "Test Tones" || tones.spec.Piece != media.TonePiece ||
		tones.durationMS != s.lib.Duration(media.Spec{Piece: media.TonePiece}).Milliseconds() {
		t.Fatalf("tone track %+v", tones)
	}
	last := media.ToneSequence[len(media.ToneSequence)-1]
	if d := time.Duration(tones.durationMS) * time.Millisecond; d < last.Start+last.Length-time.Second {
		t.Fatalf("tone track is %v, shorter than the tone sequence", d)
	}
	if d := time.Duration(st.tracks[MixTrackID].durationMS) * time.Millisecond; d < 119*time.Minute || d > 121*time.Minute {
		t.Fatalf("mix is %v", d)
	}
	if !st.tracks[DRMTrackID].drm() {
		t.Fatal("no DRM track")
	}
	if n := len(st.trackLikes[archivistUserID]); n != 10000 {
		t.Fatalf("archivist likes %d", n)
	}
	hostile := strings.Builder{}
	for id := int64(1033); id <= 1039; id++ {
		hostile.WriteString(st.tracks[id].title)
	}
	for _, c := range st.comments[1033] {
		hostile.WriteString(c.body)
	}
	hostile.WriteString(st.users[hostileUserID].username)
	h := hostile.String()
	for name, want := range map[string]string{"OSC 52": "\x1b]52;", "CSI": "\x1b[", "OSC 0": "\x1b]0;", "C1": "\u009b", "bidi": "\u202e", "CJK": "東京", "emoji": "🎧"} {
		if !strings.Contains(h, want) {
			t.Errorf("no %s fixture", name)
		}
	}
	if len(st.tracks[1038].title) != 5000 {
		t.Errorf("long title is %d bytes", len(st.tracks[1038].title))
	}
	// Comments are timed inside their tracks; feeds have every activity type.
	for id, cs := range st.comments {
		for _, c := range cs {
			if c.ts < 0 || c.ts > st.tracks[id].durationMS {
				t.Errorf("comment %d at %d ms outside track %d", c.id, c.ts, id)
			}
		}
	}
	types := map[string]bool{}
	for _, a := range s.activitiesOf(edgeIDs(st.followings[demoUserID]), demoUserID, false, map[string]bool{"playable": true, "preview": true}) {
		types[a.typ] = true
	}
	if len(types) != 4 {
		t.Errorf("feed activity types %v", types)
	}
}

// TestCatalogueDeterministic: two servers seed the same catalogue.
func TestCatalogueDeterministic(t *testing.T) {
	a := newTestServer(t, Options{})
	b := newTestServer(t, Options{})
	ta, _ := a.IssueToken(DemoUserPermalink)
	tb, _ := b.IssueToken(DemoUserPermalink)
	for _, p := range []string{"/me/likes/tracks?linked_partitioning=true", "/users/13/likes/tracks?limit=5&linked_partitioning=true", "/me/feed?limit=20"} {
		_, _, ba := call(t, "GET", a.URL()+p, nil, withToken(ta))
		_, _, bb := call(t, "GET", b.URL()+p, nil, withToken(tb))
		norm := func(s *Server, x []byte) string {
			r := strings.NewReplacer(s.URL(), "API", s.CDNURL(), "CDN", s.WebURL(), "WEB")
			return r.Replace(string(x))
		}
		if norm(a, ba) != norm(b, bb) {
			t.Errorf("%s differs between two servers", p)
		}
	}
}
