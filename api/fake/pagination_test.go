package fake

import (
	"fmt"
	"net/url"
	"strings"
	"testing"
)

type trackPage struct {
	Collection []struct {
		URN   string `json:"urn"`
		Title string `json:"title"`
	} `json:"collection"`
	NextHref *string `json:"next_href"`
}

// TestPaginationArchivistLikes walks the 10,000 likes of the archivist by
// following next_href as is.
func TestPaginationArchivistLikes(t *testing.T) {
	s := newTestServer(t, Options{})
	tok, _ := s.IssueToken(DemoUserPermalink)
	next := s.URL() + "/users/soundcloud:users:13/likes/tracks?linked_partitioning=true&limit=200&access=playable"
	seen := map[string]bool{}
	pages := 0
	for next != "" {
		st, _, b := call(t, "GET", next, nil, withToken(tok))
		if st != 200 {
			t.Fatalf("page %d: %d %s", pages, st, b)
		}
		p := decode[trackPage](t, b)
		pages++
		if len(p.Collection) == 0 {
			t.Fatalf("empty page %d", pages)
		}
		for _, tr := range p.Collection {
			if seen[tr.URN] {
				t.Fatalf("duplicate %s on page %d", tr.URN, pages)
			}
			seen[tr.URN] = true
		}
		next = ""
		if p.NextHref != nil {
			next = *p.NextHref
			if !strings.HasPrefix(next, s.URL()+"/users/soundcloud:users:13/likes/tracks?") {
				t.Fatalf("next_href %q is not on the API", next)
			}
			u, _ := url.Parse(next)
			q := u.Query()
			if q.Get("access") != "playable" || q.Get("limit") != "200" || q.Get("cursor") == "" {
				t.Fatalf("next_href %q lost the query or has no cursor", next)
			}
			if strings.Contains(next, "offset=") {
				t.Fatalf("next_href %q exposes an offset", next)
			}
		}
	}
	if len(seen) != archiveCount || pages != archiveCount/200 {
		t.Fatalf("walked %d tracks in %d pages, want %d in %d", len(seen), pages, archiveCount, archiveCount/200)
	}
	// The JSON key is absent, not null, on the last page.
	_, _, b := call(t, "GET", s.URL()+"/users/13/likes/tracks?linked_partitioning=true&limit=200&offset=9900", nil, withToken(tok))
	if strings.Contains(string(b), "next_href") {
		t.Fatalf("last page carries next_href: %.200s", b)
	}
}

func TestPaginationLimits(t *testing.T) {
	s := newTestServer(t, Options{})
	tok, _ := s.IssueToken(DemoUserPermalink)
	get := func(q string) (int, trackPage) {
		st, _, b := call(t, "GET", s.URL()+"/users/13/likes/tracks?linked_partitioning=true"+q, nil, withToken(tok))
		if st != 200 {
			return st, trackPage{}
		}
		return st, decode[trackPage](t, b)
	}
	for q, want := range map[string]int{"": defaultLimit, "&limit=1": 1, "&limit=200": 200, "&limit=500": 200, "&limit=37": 37} {
		st, p := get(q)
		if st != 200 || len(p.Collection) != want {
			t.Errorf("%q: %d with %d items, want %d", q, st, len(p.Collection), want)
		}
	}
	for _, q := range []string{"&limit=0", "&limit=-3", "&limit=ten", "&cursor=!!!"} {
		if st, _ := get(q); st != 400 {
			t.Errorf("%q: %d, want 400", q, st)
		}
	}
}

func TestPaginationBareArrays(t *testing.T) {
	s := newTestServer(t, Options{})
	tok, _ := s.IssueToken(DemoUserPermalink)
	body := func(path string) string {
		st, _, b := call(t, "GET", s.URL()+path, nil, withToken(tok))
		if st != 200 {
			t.Fatalf("%s: %d %s", path, st, b)
		}
		return string(b)
	}
	if b := body("/me/likes/tracks"); !strings.HasPrefix(b, "[") {
		t.Errorf("/me/likes/tracks without linked_partitioning should be a bare array: %.80s", b)
	}
	if b := body("/me/likes/tracks?linked_partitioning=true"); !strings.HasPrefix(b, `{"collection":`) {
		t.Errorf("with linked_partitioning: %.80s", b)
	}
	if b := body("/me/followings/tracks?linked_partitioning=true&limit=3"); !strings.HasPrefix(b, "[") {
		t.Errorf("/me/followings/tracks is always a bare array: %.80s", b)
	}
	if b := body("/me/followings"); !strings.HasPrefix(b, `{"collection":`) {
		t.Errorf("users lists are collections: %.80s", b)
	}
	b := body("/me/feed?limit=3")
	if !strings.Contains(b, `"future_href":`) || !strings.Contains(b, `"next_href":`) {
		t.Errorf("feed lacks future_href or next_href: %.300s", b)
	}
}

func TestURNsLimitAndNumericIDs(t *testing.T) {
	s := newTestServer(t, Options{})
	tok, _ := s.IssueToken(DemoUserPermalink)
	var ids []string
	for i := 0; i < 50; i++ {
		ids = append(ids, fmt.Sprintf("soundcloud:tracks:%d", archiveFirstID+i))
	}
	st, _, b := call(t, "GET", s.URL()+"/tracks?linked_partitioning=true&urns="+strings.Join(ids, ","), nil, withToken(tok))
	if st != 200 || len(decode[trackPage](t, b).Collection) != 50 {
		t.Fatalf("50 urns: %d", st)
	}
	ids = append(ids, "soundcloud:tracks:1008")
	if st, _, _ := call(t, "GET", s.URL()+"/tracks?urns="+strings.Join(ids, ","), nil, withToken(tok)); st != 400 {
		t.Fatalf("51 urns: %d, want 400", st)
	}
	for _, p := range []string{"/tracks/1008", "/tracks/soundcloud:tracks:1008", "/users/2", "/users/soundcloud:users:2", "/playlists/2001", "/playlists/soundcloud:playlists:2001"} {
		if st, _, _ := call(t, "GET", s.URL()+p, nil, withToken(tok)); st != 200 {
			t.Errorf("%s: %d", p, st)
		}
	}
	st, _, b = call(t, "GET", s.URL()+"/tracks/soundcloud:tracks:424242", nil, withToken(tok))
	e := decode[map[string]any](t, b)
	if st != 404 || e["code"].(float64) != 404 || e["status"] != "404 - Not Found" {
		t.Fatalf("unknown track: %d %v", st, e)
	}
}

func TestSearch(t *testing.T) {
	s := newTestServer(t, Options{})
	tok, _ := s.IssueToken("")
	titles := func(q string) []string {
		st, _, b := call(t, "GET", s.URL()+"/tracks?linked_partitioning=true&limit=200&"+q, nil, withToken(tok))
		if st != 200 {
			t.Fatalf("%s: %d %s", q, st, b)
		}
		var out []string
		for _, c := range decode[trackPage](t, b).Collection {
			out = append(out, c.Title)
		}
		return out
	}
	if got := titles("q=rainy"); len(got) != 1 || got[0] != "Rainy Window" {
		t.Errorf("q=rainy: %v", got)
	}
	if got := titles("q=lunar+tides"); len(got) != 4 { // by username, the preview one included
		t.Errorf("q=lunar tides: %v", got)
	}
	if got := titles("q=country"); len(got) != 0 {
		t.Errorf("blocked track found by default: %v", got)
	}
	if got := titles("q=country&access=blocked"); len(got) != 1 {
		t.Errorf("access=blocked: %v", got)
	}
	if got := titles("genres=Piano"); len(got) != 3 {
		t.Errorf("genres=Piano: %v", got)
	}
	if got := titles("q=tones"); len(got) < 2 {
		t.Errorf("q=tones (tags): %v", got)
	}
	if got := titles("q=" + url.QueryEscape("東京")); len(got) == 0 {
		t.Errorf("CJK search found nothing")
	}
}

// TestAccessValuesAreValidated: an access value the spec does not enumerate is
// a 400 that names it, not an empty list; valid ones still filter.
func TestAccessValuesAreValidated(t *testing.T) {
	s := newTestServer(t, Options{})
	tok, _ := s.IssueToken(DemoUserPermalink)
	for _, q := range []string{"access=bogus", "access=playable,bogus", "access=PLAYABLE"} {
		st, _, b := call(t, "GET", s.URL()+"/tracks?q=a&linked_partitioning=true&"+q, nil, withToken(tok))
		if st != 400 || !strings.Contains(string(b), "invalid access value") {
			t.Errorf("%s: %d %s, want 400 naming the value", q, st, b)
		}
	}
	st, _, b := call(t, "GET", s.URL()+"/tracks?q=a&linked_partitioning=true&access=playable,preview", nil, withToken(tok))
	if st != 200 || len(decode[trackPage](t, b).Collection) == 0 {
		t.Fatalf("valid access: %d %s", st, b)
	}
	// Optional fields with no value are null, not left out, as the spec's examples show.
	st, _, b = call(t, "GET", s.URL()+"/tracks/"+fmt.Sprint(TestTonesTrackID), nil, withToken(tok))
	if st != 200 {
		t.Fatalf("track: %d %s", st, b)
	}
	for _, f := range []string{`"isrc":null`, `"purchase_url":null`, `"release":null`, `"discogs_name":null`} {
		if !strings.Contains(string(b), f) {
			t.Errorf("track JSON lacks %s: %s", f, b)
		}
	}
}
