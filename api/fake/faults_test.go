package fake

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"
)

func TestFaultFailNextAndRateLimitNext(t *testing.T) {
	s := newTestServer(t, Options{})
	tok, _ := s.IssueToken(DemoUserPermalink)
	s.SetFaults(Faults{FailNext: 3})
	for i := 0; i < 3; i++ {
		st, _, b := call(t, "GET", s.URL()+"/me", nil, withToken(tok))
		if st != 503 {
			t.Fatalf("request %d: %d, want 503", i, st)
		}
		if e := decode[map[string]any](t, b); e["code"].(float64) != 503 {
			t.Fatalf("503 body %s", b)
		}
	}
	if st, _, _ := call(t, "GET", s.URL()+"/me", nil, withToken(tok)); st != 200 {
		t.Fatalf("after FailNext: %d", st)
	}
	if s.Faults().FailNext != 0 || s.Stats().Faults != 3 {
		t.Fatalf("faults %+v stats %d", s.Faults(), s.Stats().Faults)
	}

	s.SetFaults(Faults{RateLimitNext: 3})
	st, h, b := call(t, "GET", s.URL()+"/tracks/1008", nil, withToken(tok))
	if st != 429 || h.Get("Retry-After") != "1" || decode[map[string]any](t, b)["code"].(float64) != 429 {
		t.Fatalf("generic 429: %d %q %s", st, h.Get("Retry-After"), b)
	}
	st, _, b = call(t, "POST", s.URL()+"/likes/tracks/1008", nil, withToken(tok))
	if st != 429 || decode[map[string]any](t, b)["spam_warning_urn"] != "soundcloud:spam-warnings:1" {
		t.Fatalf("likes 429: %d %s", st, b)
	}
	st, _, b = call(t, "GET", s.URL()+"/tracks/1008/streams", nil, withToken(tok))
	if st != 429 || !bytes.Contains(b, []byte(`"group":"plays"`)) || !bytes.Contains(b, []byte("reset_time")) {
		t.Fatalf("streams 429: %d %s", st, b)
	}
	if st, _, _ := call(t, "GET", s.URL()+"/tracks/1008", nil, withToken(tok)); st != 200 {
		t.Fatalf("after RateLimitNext: %d", st)
	}
}

func TestFaultRates(t *testing.T) {
	s := newTestServer(t, Options{Faults: Faults{ErrorRate: 1}})
	tok, _ := s.IssueToken(DemoUserPermalink)
	for i := 0; i < 5; i++ {
		if st, _, _ := call(t, "GET", s.URL()+"/me", nil, withToken(tok)); st != 503 {
			t.Fatalf("ErrorRate 1: %d", st)
		}
	}
	s.SetFaults(Faults{RateLimitRate: 1})
	if st, h, _ := call(t, "GET", s.URL()+"/me", nil, withToken(tok)); st != 429 || h.Get("Retry-After") == "" {
		t.Fatalf("RateLimitRate 1: %d", st)
	}
	// A partial rate lets some through: with 0.5 over 200 requests both outcomes occur.
	s.SetFaults(Faults{ErrorRate: 0.5})
	got := map[int]int{}
	for i := 0; i < 200; i++ {
		st, _, _ := call(t, "GET", s.URL()+"/users/2", nil, withToken(tok))
		got[st]++
	}
	if got[200] == 0 || got[503] == 0 || got[200]+got[503] != 200 {
		t.Fatalf("ErrorRate 0.5 gave %v", got)
	}
}

func TestFaultLatency(t *testing.T) {
	s := newTestServer(t, Options{Faults: Faults{Latency: 5 * time.Second}})
	tok, _ := s.IssueToken(DemoUserPermalink)
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, "GET", s.URL()+"/me", nil)
	req.Header.Set("Authorization", "OAuth "+tok)
	_, err := http.DefaultClient.Do(req)
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("a 5 s latency did not outlast a 200 ms deadline: %v", err)
	}
	s.SetFaults(Faults{})
	if st, _, _ := call(t, "GET", s.URL()+"/me", nil, withToken(tok)); st != 200 {
		t.Fatalf("without latency: %d", st)
	}
}

func TestFaultMalformedJSON(t *testing.T) {
	s := newTestServer(t, Options{Faults: Faults{MalformedJSONNext: 1}})
	tok, _ := s.IssueToken(DemoUserPermalink)
	_, _, b := call(t, "GET", s.URL()+"/me", nil, withToken(tok))
	if json.Valid(b) {
		t.Fatalf("MalformedJSONNext gave valid JSON: %.100s", b)
	}
	_, _, b = call(t, "GET", s.URL()+"/me", nil, withToken(tok))
	if !json.Valid(b) {
		t.Fatalf("second body still malformed")
	}
	s.SetFaults(Faults{MalformedJSONRate: 1})
	_, _, b = call(t, "GET", s.URL()+"/tracks/1008", nil, withToken(tok))
	if json.Valid(b) {
		t.Fatalf("MalformedJSONRate 1 gave valid JSON")
	}
}

func TestFaultPlayQuota(t *testing.T) {
	clk := newClock()
	s := newTestServer(t, Options{Now: clk.Now, Faults: Faults{PlayQuota: 2}})
	tok, _ := s.IssueToken(DemoUserPermalink)
	_, sb, _ := getStreams(t, s, tok, 1012) // one of the few with hls_aac_96
	follow(t, s, tok, sb.HLSAAC160)
	follow(t, s, tok, sb.Preview)
	st, h, b := call(t, "GET", sb.HLSAAC96, nil, withToken(tok))
	var body struct {
		Errors []struct {
			Meta struct {
				RateLimit struct {
					Group string `json:"group"`
				} `json:"rate_limit"`
				ResetTime string `json:"reset_time"`
			} `json:"meta"`
		} `json:"errors"`
	}
	if err := json.Unmarshal(b, &body); err != nil || st != 429 || len(body.Errors) != 1 {
		t.Fatalf("third play: %d %s", st, b)
	}
	m := body.Errors[0].Meta
	if m.RateLimit.Group != "plays" || m.ResetTime != fmtTime(clk.Now().Add(24*time.Hour)) {
		t.Fatalf("plays limit body %+v", m)
	}
	if h.Get("Location") != "" {
		t.Fatal("a refused play still redirected")
	}
	if st, _, _ := getStreams(t, s, tok, 1009); st != 429 {
		t.Fatalf("/streams over quota: %d", st)
	}
	if s.Stats().Plays != 2 {
		t.Fatalf("plays %d", s.Stats().Plays)
	}
	// The window rolls: a day later plays work again.
	clk.Advance(24 * time.Hour)
	tok, _ = s.IssueToken(DemoUserPermalink) // the old one expired meanwhile
	follow(t, s, tok, sb.HLSAAC96)
	// Setting faults starts the count afresh.
	s.SetFaults(Faults{PlayQuota: 1})
	follow(t, s, tok, sb.HLSAAC160)
	if st, _, _ := call(t, "GET", sb.HLSAAC160, nil, withToken(tok)); st != 429 {
		t.Fatalf("second play under a quota of 1: %d", st)
	}
}

func TestFaultExpireSignedURLs(t *testing.T) {
	clk := newClock()
	s := newTestServer(t, Options{Now: clk.Now, Faults: Faults{ExpireSignedURLsAfter: 2 * time.Second}})
	tok, _ := s.IssueToken(DemoUserPermalink)
	_, sb, _ := getStreams(t, s, tok, 1008)
	loc := follow(t, s, tok, sb.HTTPMP3)
	if st, _, _ := call(t, "GET", loc, nil, withHeader("Range", "bytes=0-99")); st != 206 {
		t.Fatalf("fresh URL: %d", st)
	}
	clk.Advance(3 * time.Second)
	if st, _, _ := call(t, "GET", loc, nil, withHeader("Range", "bytes=0-99")); st != 403 {
		t.Fatalf("URL after ExpireSignedURLsAfter: %d, want 403", st)
	}
}

func TestFaultDropMedia(t *testing.T) {
	s := newTestServer(t, Options{Faults: Faults{DropMediaAfter: 5000, DropMediaTimes: 1}})
	tok, _ := s.IssueToken(DemoUserPermalink)
	_, sb, _ := getStreams(t, s, tok, 1008)
	loc := follow(t, s, tok, sb.HTTPMP3)

	res, err := http.Get(loc)
	if err != nil {
		t.Fatal(err)
	}
	b, err := io.ReadAll(res.Body)
	res.Body.Close()
	if err == nil || len(b) != 5000 {
		t.Fatalf("first response: %d bytes, err %v; want a cut after 5000", len(b), err)
	}
	if !errors.Is(err, io.ErrUnexpectedEOF) {
		t.Logf("cut surfaced as %v", err)
	}
	res, err = http.Get(loc)
	if err != nil {
		t.Fatal(err)
	}
	b, err = io.ReadAll(res.Body)
	res.Body.Close()
	if err != nil || int64(len(b)) != res.ContentLength {
		t.Fatalf("second response: %d of %d bytes, %v", len(b), res.ContentLength, err)
	}
}

func TestFaultCorruptSegment(t *testing.T) {
	s := newTestServer(t, Options{})
	tok, _ := s.IssueToken(DemoUserPermalink)
	_, sb, _ := getStreams(t, s, tok, 1008)
	_, _, pl := call(t, "GET", follow(t, s, tok, sb.HLSAAC160), nil)
	_, segs := playlistURIs(t, string(pl))
	_, _, clean0 := call(t, "GET", segs[0], nil)
	_, _, clean1 := call(t, "GET", segs[1], nil)

	s.SetFaults(Faults{CorruptSegment: 1})
	_, _, bad0 := call(t, "GET", segs[0], nil)
	_, _, same1 := call(t, "GET", segs[1], nil)
	if len(bad0) != len(clean0) || bytes.Equal(bad0, clean0) {
		t.Fatalf("segment 1 not garbled (len %d vs %d)", len(bad0), len(clean0))
	}
	if !bytes.Equal(same1, clean1) {
		t.Fatal("segment 2 changed too")
	}
	if !strings.Contains(string(bad0[:16]), "") || !bytes.Equal(bad0[:8], clean0[:8]) {
		t.Fatal("the box header was garbled; only the payload should be")
	}
}

// UnsizedProgressive: the progressive MP3 comes whole, chunked, without a
// length, whatever range is asked; HLS is untouched.
func TestFaultUnsizedProgressive(t *testing.T) {
	s := newTestServer(t, Options{})
	tok, _ := s.IssueToken(DemoUserPermalink)
	_, sb, _ := getStreams(t, s, tok, 1008)
	loc := follow(t, s, tok, sb.HTTPMP3)
	_, _, whole := call(t, "GET", loc, nil)

	s.SetFaults(Faults{UnsizedProgressive: true})
	st, h, b := call(t, "GET", loc, nil, withHeader("Range", "bytes=100-4095"))
	if st != http.StatusOK || h.Get("Content-Length") != "" || h.Get("Content-Range") != "" {
		t.Fatalf("status %d, headers %v: want 200 without a length or range", st, h)
	}
	if !bytes.Equal(b, whole) {
		t.Fatalf("body of %d bytes, want the whole %d", len(b), len(whole))
	}
	pl := follow(t, s, tok, sb.HLSAAC160)
	if _, h, _ := call(t, "GET", pl, nil); h.Get("Content-Length") == "" {
		t.Fatal("the HLS playlist lost its length too")
	}
}

func TestStatsCounts(t *testing.T) {
	s := newTestServer(t, Options{})
	tok, _ := s.IssueToken(DemoUserPermalink)
	for i := 0; i < 3; i++ {
		call(t, "GET", s.URL()+"/me", nil, withToken(tok))
	}
	call(t, "GET", s.URL()+"/tracks/1008", nil, withToken(tok))
	call(t, "GET", s.URL()+"/tracks/soundcloud:tracks:1009", nil, withToken(tok))
	call(t, "GET", s.URL()+"/nowhere", nil, withToken(tok))
	_, sb, _ := getStreams(t, s, tok, 1008)
	loc := follow(t, s, tok, sb.HTTPMP3)
	_, _, b := call(t, "GET", loc, nil, withHeader("Range", "bytes=0-4095"))
	st := s.Stats()
	if st.Requests["GET /me"] != 3 || st.Routes["GET /tracks/{track_urn}"] != 2 || st.Requests["GET /nowhere"] != 1 {
		t.Fatalf("requests %v routes %v", st.Requests, st.Routes)
	}
	if st.Plays != 1 || st.MediaRequests != 1 || st.MediaBytes != int64(len(b)) || len(b) != 4096 {
		t.Fatalf("plays %d media %d/%d bytes (read %d)", st.Plays, st.MediaRequests, st.MediaBytes, len(b))
	}
	// Stats is a copy: changing it changes nothing.
	st.Requests["GET /me"] = 99
	if s.Stats().Requests["GET /me"] != 3 {
		t.Fatal("Stats shares its maps")
	}
}

// FailNextWrites refuses the next N writes with 503 and carries none of
// them out; reads in between pass and do not use one up.
func TestFaultFailNextWrites(t *testing.T) {
	s := newTestServer(t, Options{})
	tok, _ := s.IssueToken(DemoUserPermalink)
	liked := func() bool {
		st, _, b := call(t, "GET", s.URL()+"/tracks/1008", nil, withToken(tok))
		if st != 200 {
			t.Fatalf("GET track: %d %s", st, b)
		}
		return decode[map[string]any](t, b)["user_favorite"] == true
	}
	before := liked()
	s.SetFaults(Faults{FailNextWrites: 2})
	for i := range 2 {
		st, _, b := call(t, "POST", s.URL()+"/likes/tracks/1008", nil, withToken(tok))
		if st != 503 {
			t.Fatalf("write %d: %d %s, want 503", i, st, b)
		}
		if liked() != before {
			t.Fatalf("write %d was carried out although it answered 503", i)
		}
	}
	if st, _, b := call(t, "POST", s.URL()+"/likes/tracks/1008", nil, withToken(tok)); st >= 300 {
		t.Fatalf("the third write: %d %s", st, b)
	}
	if !liked() || s.Faults().FailNextWrites != 0 || s.Stats().Faults != 2 {
		t.Fatalf("after the faults: liked %v, faults %+v, stats %d", liked(), s.Faults(), s.Stats().Faults)
	}
}

// RouteLatency holds one route while the others answer; SetFaults
// releases the requests already waiting.
func TestFaultRouteLatencyHoldsUntilLifted(t *testing.T) {
	s := newTestServer(t, Options{Faults: Faults{RouteLatency: map[string]time.Duration{"GET /tracks": time.Hour}}})
	tok, _ := s.IssueToken(DemoUserPermalink)
	if st, _, _ := call(t, "GET", s.URL()+"/me", nil, withToken(tok)); st != 200 {
		t.Fatalf("another route: %d", st)
	}
	done := make(chan int, 1)
	go func() {
		req, _ := http.NewRequest("GET", s.URL()+"/tracks?q=tones", nil)
		req.Header.Set("Authorization", "OAuth "+tok)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			done <- 0
			return
		}
		resp.Body.Close()
		done <- resp.StatusCode
	}()
	for s.Stats().Routes["GET /tracks"] == 0 {
		time.Sleep(5 * time.Millisecond)
	}
	select {
	case st := <-done:
		t.Fatalf("the held route answered %d", st)
	default:
	}
	s.SetFaults(Faults{})
	select {
	case st := <-done:
		if st != 200 {
			t.Fatalf("released: %d", st)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("lifting the latency did not release the waiting request")
	}
}
