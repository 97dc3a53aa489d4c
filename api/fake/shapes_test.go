package fake

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"
)

// The catalogue's tracks come in the shapes real listens take in 2026
// (NOTES.md, "Streaming"): one test per shape, so a change of catalogue
// says which shape it broke.
func TestStreamShapes2026(t *testing.T) {
	s := newTestServer(t, Options{})
	tok, _ := s.IssueToken(DemoUserPermalink)
	type want struct{ aac160, aac96, mp3hls, http, preview bool }
	for _, tc := range []struct {
		id   int64
		name string
		want want
	}{
		{DemoOwnTrackID, "new upload: AAC 160 only", want{aac160: true, preview: true}},
		{1009, "older upload: MP3 HLS only", want{mp3hls: true, http: true, preview: true}},
		{1012, "one of the few with AAC 96", want{aac160: true, aac96: true, preview: true}},
		{1008, "AAC 160 and a progressive snippet", want{aac160: true, http: true, preview: true}},
		{TestTonesTrackID, "re-encoded, the MP3 HLS kept", want{aac160: true, mp3hls: true, http: true, preview: true}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			st, sb, b := getStreams(t, s, tok, tc.id)
			if st != 200 {
				t.Fatalf("streams: %d %s", st, b)
			}
			got := want{sb.HLSAAC160 != "", sb.HLSAAC96 != "", sb.HLSMP3 != "", sb.HTTPMP3 != "", sb.Preview != ""}
			if got != tc.want {
				t.Fatalf("streams of %d: %+v, want %+v", tc.id, got, tc.want)
			}
			if sb.HLSAAC160 != "" {
				_, _, pl := call(t, "GET", follow(t, s, tok, sb.HLSAAC160), nil)
				init, segs := playlistURIs(t, string(pl))
				if init == "" || len(segs) == 0 || !strings.Contains(segs[0], ".m4s") {
					t.Errorf("AAC playlist without EXT-X-MAP or .m4s segments:\n%s", pl)
				}
			}
		})
	}
}

// mp3Seconds is how long a 128 kbit/s CBR MP3 of n bytes plays.
func mp3Seconds(n int) float64 { return float64(n) / 16000 }

// The progressive MP3 is the 30 s snippet; a preview is never longer than
// its track (Test Tones lasts 24 s, so its preview is those 24 s).
func TestSnippetsAndPreviewLengths(t *testing.T) {
	s := newTestServer(t, Options{})
	tok, _ := s.IssueToken(DemoUserPermalink)
	dur := func(id int64) float64 {
		_, _, b := call(t, "GET", fmt.Sprintf("%s/tracks/%d", s.URL(), id), nil, withToken(tok))
		return float64(decode[struct {
			Duration int64 `json:"duration"`
		}](t, b).Duration) / 1000
	}
	for _, tc := range []struct {
		id  int64
		key string
	}{{1008, "http"}, {1008, "preview"}, {MixTrackID, "http"}, {TestTonesTrackID, "http"}, {TestTonesTrackID, "preview"}, {1009, "http"}} {
		_, sb, _ := getStreams(t, s, tok, tc.id)
		u := sb.HTTPMP3
		if tc.key == "preview" {
			u = sb.Preview
		}
		st, _, b := call(t, "GET", follow(t, s, tok, u), nil)
		if st != 200 {
			t.Fatalf("%d %s: %d", tc.id, tc.key, st)
		}
		got, track := mp3Seconds(len(b)), dur(tc.id)
		want := min(30, track)
		if got > track+0.05 || got < want-0.5 || got > want+0.5 {
			t.Errorf("%d %s lasts %.2f s for a %.2f s track, want %.2f s", tc.id, tc.key, got, track, want)
		}
	}
}

// limitedServer is the double answering as to an app without a paid plan.
func limitedServer(t *testing.T) (*Server, string) {
	t.Helper()
	s := newTestServer(t, Options{Faults: Faults{LimitedApp: true}})
	tok, _ := s.IssueToken(DemoUserPermalink)
	return s, tok
}

func checkRefusal(t *testing.T, what string, st int, b []byte) {
	t.Helper()
	var body struct {
		Code    int    `json:"code"`
		Message string `json:"message"`
		Status  string `json:"status"`
	}
	if err := json.Unmarshal(b, &body); err != nil || st != http.StatusForbidden || body.Code != 403 ||
		body.Message != RefusedMessage || body.Status != "403 - Forbidden" {
		t.Errorf("%s: %d %s, want 403 %q", what, st, b, RefusedMessage)
	}
}

func TestLimitedAppRefusesStreamsAndWrites(t *testing.T) {
	s, tok := limitedServer(t)
	full := newTestServer(t, Options{})
	ftok, _ := full.IssueToken(DemoUserPermalink)
	_, fsb, _ := getStreams(t, full, ftok, TestTonesTrackID)

	st, _, b := getStreams(t, s, tok, TestTonesTrackID)
	checkRefusal(t, "streams", st, b)
	// a redirector URL kept from before is refused the same way
	redir := s.URL() + strings.TrimPrefix(fsb.HLSAAC160, full.URL())
	st, _, b = call(t, "GET", redir, nil, withToken(tok))
	if st != http.StatusForbidden {
		t.Errorf("redirector: %d %s", st, b)
	}
	for _, w := range []struct{ method, path string }{
		{"POST", "/likes/tracks/soundcloud:tracks:1009"},
		{"DELETE", "/likes/tracks/soundcloud:tracks:1001"},
		{"POST", "/reposts/tracks/soundcloud:tracks:1009"},
		{"PUT", "/me/followings/soundcloud:users:13"},
		{"POST", "/tracks/soundcloud:tracks:1009/comments"},
		{"PUT", "/playlists/soundcloud:playlists:2001"},
	} {
		st, _, b := call(t, w.method, s.URL()+w.path, jsonBody(map[string]any{}), withToken(tok))
		checkRefusal(t, w.method+" "+w.path, st, b)
	}
	// nothing changed: the like is still there
	_, _, b = call(t, "GET", s.URL()+"/me/likes/tracks?limit=200&linked_partitioning=true", nil, withToken(tok))
	if !strings.Contains(string(b), `"urn":"soundcloud:tracks:1001"`) {
		t.Error("a refused unlike took effect")
	}
	// reads, the preview and the legacy snippet still work
	if st, _, _ := call(t, "GET", s.URL()+"/me", nil, withToken(tok)); st != 200 {
		t.Errorf("GET /me: %d", st)
	}
	for _, p := range []string{"/preview", "/stream"} {
		st, h, _ := call(t, "GET", s.URL()+"/tracks/soundcloud:tracks:1001"+p, nil, withToken(tok))
		if st != http.StatusFound || !strings.Contains(h.Get("Location"), "preview.mp3") {
			t.Errorf("%s: %d", p, st)
		}
	}
	// the switch is a fault: turning it off restores streams
	s.SetFaults(Faults{})
	if st, _, b := getStreams(t, s, tok, TestTonesTrackID); st != 200 {
		t.Errorf("streams after the fault is off: %d %s", st, b)
	}
}

// About a quarter of the demo user's likes come back preview or blocked to
// an app without a paid plan (soundcloud/api #573, #577).
func TestLimitedAppLikesAccess(t *testing.T) {
	s, tok := limitedServer(t)
	_, _, b := call(t, "GET", s.URL()+"/me/likes/tracks?limit=200&linked_partitioning=true&access=playable,preview,blocked", nil, withToken(tok))
	var page struct {
		Collection []struct {
			URN    string `json:"urn"`
			Access string `json:"access"`
		} `json:"collection"`
	}
	if err := json.Unmarshal(b, &page); err != nil || len(page.Collection) < 10 {
		t.Fatalf("likes: %v %.200s", err, b)
	}
	n := 0
	for _, tr := range page.Collection {
		if tr.Access != "playable" {
			n++
		}
		if tr.URN == "soundcloud:tracks:1001" && tr.Access != "playable" {
			t.Errorf("Test Tones is %s; tests rely on it staying playable", tr.Access)
		}
	}
	frac := float64(n) / float64(len(page.Collection))
	if frac < 0.2 || frac > 0.45 {
		t.Errorf("%d of %d likes preview or blocked (%.0f%%), want about a quarter", n, len(page.Collection), 100*frac)
	}
	// a downgraded track offers what its access says: a preview, or nothing
	st, h, _ := call(t, "GET", s.URL()+"/tracks/soundcloud:tracks:1027/preview", nil, withToken(tok))
	if st != http.StatusFound || !strings.Contains(h.Get("Location"), "preview.mp3") {
		t.Errorf("preview of a track downgraded to preview: %d", st)
	}
	if st, _, b := call(t, "GET", s.URL()+"/tracks/soundcloud:tracks:1015/preview", nil, withToken(tok)); st != http.StatusForbidden {
		t.Errorf("preview of a track downgraded to blocked: %d %s", st, b)
	}
}
