package fake

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
)

type playlistView struct {
	TrackCount int `json:"track_count"`
	Tracks     []struct {
		URN string `json:"urn"`
	} `json:"tracks"`
}

func urnsOf(l urnList) string {
	var out []string
	for _, c := range l.Collection {
		out = append(out, strings.TrimPrefix(c.URN, "soundcloud:tracks:"))
	}
	return strings.Join(out, ",")
}

// The demo user's "Old Favourites" holds six tracks; the listings show the
// four the caller may see, track_count tells the truth (soundcloud/api #449).
func TestHiddenTracksAreCountedNotListed(t *testing.T) {
	s := newTestServer(t, Options{})
	tok, _ := s.IssueToken(DemoUserPermalink)
	get := func(path string) []byte {
		t.Helper()
		st, _, b := call(t, "GET", s.URL()+path, nil, withToken(tok))
		if st != 200 {
			t.Fatalf("GET %s: %d %s", path, st, b)
		}
		return b
	}
	pl := fmt.Sprintf("/playlists/soundcloud:playlists:%d", DemoHiddenPlaylistID)
	all := decode[urnList](t, get(pl+"/tracks?linked_partitioning=true&access=playable,preview,blocked"))
	if got := urnsOf(all); got != "1013,1016,1020,1004" {
		t.Fatalf("listing with every access level: %s", got)
	}
	if got := urnsOf(decode[urnList](t, get(pl+"/tracks?linked_partitioning=true"))); got != "1013,1016,1020" {
		t.Fatalf("listing with the default access: %s", got)
	}
	p := decode[playlistView](t, get(pl))
	if p.TrackCount != 6 || len(p.Tracks) != 4 {
		t.Fatalf("playlist: track_count %d, %d tracks in its array", p.TrackCount, len(p.Tracks))
	}
	// The hidden tracks are hidden everywhere else too.
	for _, id := range []int{WentPrivateTrackID, RemovedTrackID} {
		if st, _, _ := call(t, "GET", fmt.Sprintf("%s/tracks/%d", s.URL(), id), nil, withToken(tok)); st != 404 {
			t.Errorf("track %d: %d, want 404", id, st)
		}
	}
	// Its owner still sees the one that went private.
	owner, _ := s.IssueToken("neon-harbor")
	if st, _, _ := call(t, "GET", fmt.Sprintf("%s/tracks/%d", s.URL(), WentPrivateTrackID), nil, withToken(owner)); st != 200 {
		t.Errorf("owner reading the private track: %d", st)
	}

	// A playlist made over the API loses sight of tracks the same way.
	body := map[string]any{"playlist": map[string]any{"title": "Twenty", "tracks": []map[string]string{}}}
	var refs []map[string]string
	for i := range 20 {
		refs = append(refs, map[string]string{"urn": fmt.Sprintf("soundcloud:tracks:%d", 100001+i)})
	}
	body["playlist"].(map[string]any)["tracks"] = refs
	st, _, b := call(t, "POST", s.URL()+"/playlists", jsonBody(body), withToken(tok), withHeader("Content-Type", "application/json"))
	if st != 201 {
		t.Fatalf("create: %d %s", st, b)
	}
	urn := decode[map[string]any](t, b)["urn"].(string)
	s.MakeUnavailable("soundcloud:tracks:100003", WentPrivate)
	s.MakeUnavailable("100007", Removed)
	p = decode[playlistView](t, get("/playlists/"+urn))
	n := len(decode[urnList](t, get("/playlists/"+urn+"/tracks?linked_partitioning=true&access=playable,preview,blocked")).Collection)
	if p.TrackCount != 20 || len(p.Tracks) != 18 || n != 18 {
		t.Fatalf("after hiding two: track_count %d, array %d, listing %d", p.TrackCount, len(p.Tracks), n)
	}

	// The fault of #210 and #253: every playlist says 0.
	s.SetFaults(Faults{ZeroTrackCount: true})
	if p := decode[playlistView](t, get(pl)); p.TrackCount != 0 || len(p.Tracks) != 4 {
		t.Fatalf("ZeroTrackCount: track_count %d, %d tracks", p.TrackCount, len(p.Tracks))
	}
	mine := decode[struct {
		Collection []playlistView `json:"collection"`
	}](t, get("/me/playlists?linked_partitioning=true&show_tracks=false"))
	for _, p := range mine.Collection {
		if p.TrackCount != 0 {
			t.Fatalf("ZeroTrackCount in /me/playlists: %d", p.TrackCount)
		}
	}
}

// FailAfterWrite and DropAfterWrite carry the write out, then fail it.
func TestWritesThatFailAfterTakingEffect(t *testing.T) {
	s := newTestServer(t, Options{})
	tok, _ := s.IssueToken(DemoUserPermalink)
	pl := fmt.Sprintf("%s/playlists/soundcloud:playlists:%d", s.URL(), DemoPlaylistID)
	rename := func(title string) (int, []byte) {
		t.Helper()
		body := map[string]any{"playlist": map[string]any{"title": title}}
		req, _ := http.NewRequest("PUT", pl, jsonBody(body))
		req.Header.Set("Authorization", "OAuth "+tok)
		req.Header.Set("Content-Type", "application/json")
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			return -1, []byte(err.Error())
		}
		res.Body.Close()
		return res.StatusCode, []byte(res.Status)
	}
	title := func() string {
		t.Helper()
		st, _, b := call(t, "GET", pl, nil, withToken(tok))
		if st != 200 {
			t.Fatalf("GET playlist: %d", st)
		}
		return decode[map[string]any](t, b)["title"].(string)
	}

	s.SetFaults(Faults{FailAfterWrite: true})
	// A refused write does not set it off.
	if st, _, _ := call(t, "PUT", s.URL()+"/playlists/soundcloud:playlists:2003", jsonBody(map[string]any{"playlist": map[string]any{"title": "x"}}),
		withToken(tok), withHeader("Content-Type", "application/json")); st != 403 {
		t.Fatalf("someone else's playlist: %d", st)
	}
	if st, b := rename("First"); st != 503 {
		t.Fatalf("FailAfterWrite: %d %s", st, b)
	}
	if st, _, _ := call(t, "GET", pl, nil, withToken(tok)); st != 503 {
		t.Fatalf("after the failed write the server answers %d, want 503", st)
	}
	s.SetFaults(Faults{})
	if got := title(); got != "First" {
		t.Fatalf("the write did not take effect: %q", got)
	}

	s.SetFaults(Faults{DropAfterWrite: 1})
	if st, b := rename("Second"); st != -1 {
		t.Fatalf("DropAfterWrite answered %d %s", st, b)
	}
	if got := title(); got != "Second" {
		t.Fatalf("the dropped write did not take effect: %q", got)
	}
	if st, b := rename("Third"); st != 200 {
		t.Fatalf("after one drop: %d %s", st, b)
	}
	if f := s.Faults(); f.DropAfterWrite != 0 {
		t.Fatalf("DropAfterWrite left %d", f.DropAfterWrite)
	}
}
