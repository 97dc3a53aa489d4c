package fake

import (
	"bufio"
	"bytes"
	"fmt"
	"image/png"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"
)

type streamsBody struct {
	HLSAAC160 string `json:"hls_aac_160_url"`
	HLSAAC96  string `json:"hls_aac_96_url"`
	HLSMP3    string `json:"hls_mp3_128_url"`
	HTTPMP3   string `json:"http_mp3_128_url"`
	Preview   string `json:"preview_mp3_128_url"`
}

func getStreams(t *testing.T, s *Server, tok string, track int64) (int, streamsBody, []byte) {
	t.Helper()
	st, _, b := call(t, "GET", fmt.Sprintf("%s/tracks/soundcloud:tracks:%d/streams", s.URL(), track), nil, withToken(tok))
	if st != 200 {
		return st, streamsBody{}, b
	}
	return st, decode[streamsBody](t, b), b
}

// follow resolves a redirector URL (with auth) to its signed CDN URL.
func follow(t *testing.T, s *Server, tok, redirector string) string {
	t.Helper()
	st, h, b := call(t, "GET", redirector, nil, withToken(tok))
	if st != http.StatusFound {
		t.Fatalf("redirector %s: %d %s", redirector, st, b)
	}
	loc := h.Get("Location")
	if !strings.HasPrefix(loc, s.CDNURL()+"/") || !strings.Contains(loc, "Signature=") || !strings.Contains(loc, "Expires=") {
		t.Fatalf("redirector went to %q, want a signed CDN URL", loc)
	}
	return loc
}

// playlistURIs returns the EXT-X-MAP URI and the segment URIs of an m3u8.
func playlistURIs(t *testing.T, m3u8 string) (initURI string, segs []string) {
	t.Helper()
	sc := bufio.NewScanner(strings.NewReader(m3u8))
	for sc.Scan() {
		line := sc.Text()
		if rest, ok := strings.CutPrefix(line, `#EXT-X-MAP:URI="`); ok {
			initURI = strings.TrimSuffix(rest, `"`)
		} else if line != "" && !strings.HasPrefix(line, "#") {
			segs = append(segs, line)
		}
	}
	return initURI, segs
}

func TestStreamsRedirectChain(t *testing.T) {
	clk := newClock()
	s := newTestServer(t, Options{Now: clk.Now})
	tok, _ := s.IssueToken(DemoUserPermalink)

	st, sb, _ := getStreams(t, s, tok, 1008)
	if st != 200 {
		t.Fatalf("streams: %d", st)
	}
	prefix := s.URL() + "/tracks/soundcloud:tracks:1008/streams/"
	// 1008 is AAC 160 with a progressive snippet (catalogue.go, seedShapes)
	for name, u := range map[string]string{"hls_aac_160": sb.HLSAAC160, "http_mp3": sb.HTTPMP3, "preview": sb.Preview} {
		if !strings.HasPrefix(u, prefix) {
			t.Errorf("%s url %q does not point at the API redirector", name, u)
		}
	}
	if sb.HLSAAC96 != "" || sb.HLSMP3 != "" {
		t.Errorf("1008 offers streams its shape has not: %+v", sb)
	}
	if !strings.HasSuffix(sb.HLSAAC160, "/hls") || !strings.HasSuffix(sb.HTTPMP3, "/http") || !strings.HasSuffix(sb.Preview, "/preview") {
		t.Errorf("unexpected redirector kinds: %+v", sb)
	}

	// The redirector needs the auth header.
	if st, _, _ := call(t, "GET", sb.HLSAAC160, nil); st != 401 {
		t.Fatalf("redirector without auth: %d, want 401", st)
	}
	plays := s.Stats().Plays
	loc := follow(t, s, tok, sb.HLSAAC160)
	if s.Stats().Plays != plays+1 {
		t.Fatalf("a stream resolution did not count as a play")
	}

	// The playlist, its init segment and a media segment, all signed.
	st, h, pl := call(t, "GET", loc, nil)
	if st != 200 || !strings.Contains(h.Get("Content-Type"), "mpegurl") {
		t.Fatalf("playlist: %d %s", st, h.Get("Content-Type"))
	}
	mustContain(t, string(pl), "#EXT-X-ENDLIST")
	initURI, segs := playlistURIs(t, string(pl))
	if initURI == "" || len(segs) == 0 {
		t.Fatalf("playlist without init or segments:\n%s", pl)
	}
	for _, u := range append([]string{initURI}, segs[0]) {
		st, h, b := call(t, "GET", u, nil)
		if st != 200 || h.Get("Content-Type") != "audio/mp4" || len(b) < 8 {
			t.Fatalf("%s: %d %s %d bytes", u, st, h.Get("Content-Type"), len(b))
		}
	}
	_, _, init := call(t, "GET", initURI, nil)
	if !bytes.Contains(init[:64], []byte("ftyp")) {
		t.Errorf("init segment does not start with ftyp: % x", init[:16])
	}

	// A forged signature and an expired URL are both refused by the CDN.
	forged := strings.Replace(segs[0], "Signature=", "Signature=00", 1)
	if st, _, _ := call(t, "GET", forged, nil); st != 403 {
		t.Errorf("forged signature: %d, want 403", st)
	}
	clk.Advance(5*time.Minute + time.Second)
	if st, _, b := call(t, "GET", segs[0], nil); st != 403 || !bytes.Contains(b, []byte("expired")) {
		t.Errorf("expired URL: %d %s, want 403", st, b)
	}
	// Resolving again gives a fresh, working URL.
	if st, _, _ := call(t, "GET", follow(t, s, tok, sb.HLSAAC160), nil); st != 200 {
		t.Errorf("re-resolved HLS AAC playlist: %d", st)
	}
	// The recently played list now starts with the track.
	_, _, b := call(t, "GET", s.URL()+"/me/recently-played/tracks", nil, withToken(tok))
	if !strings.HasPrefix(string(b), `[{"kind":"track","urn":"soundcloud:tracks:1008"`) {
		t.Errorf("recently played does not start with the track: %.120s", b)
	}
}

func TestProgressiveMP3Range(t *testing.T) {
	s := newTestServer(t, Options{})
	tok, _ := s.IssueToken(DemoUserPermalink)
	_, sb, _ := getStreams(t, s, tok, 1008)
	loc := follow(t, s, tok, sb.HTTPMP3)

	st, h, full := call(t, "GET", loc, nil)
	if st != 200 || h.Get("Content-Type") != "audio/mpeg" || h.Get("Accept-Ranges") != "bytes" {
		t.Fatalf("full MP3: %d %v", st, h)
	}
	size := len(full)
	st, h, part := call(t, "GET", loc, nil, withHeader("Range", "bytes=1000-1999"))
	if st != http.StatusPartialContent || len(part) != 1000 || h.Get("Content-Range") != fmt.Sprintf("bytes 1000-1999/%d", size) {
		t.Fatalf("range: %d %q %d bytes", st, h.Get("Content-Range"), len(part))
	}
	if !bytes.Equal(part, full[1000:2000]) {
		t.Fatal("range bytes differ from the full body")
	}
	if st, _, _ := call(t, "GET", loc, nil, withHeader("Range", "bytes="+strconv.Itoa(size+10)+"-")); st != http.StatusRequestedRangeNotSatisfiable {
		t.Fatalf("range past the end: %d, want 416", st)
	}

	// Since 2026 the progressive MP3 is a 30 s snippet, even of a two-hour
	// mix: about 30 s at 128 kbit/s.
	_, sb, _ = getStreams(t, s, tok, MixTrackID)
	loc = follow(t, s, tok, sb.HTTPMP3)
	st, h, tail := call(t, "GET", loc, nil, withHeader("Range", "bytes=-4096"))
	if st != http.StatusPartialContent || len(tail) != 4096 {
		t.Fatalf("tail of the mix's snippet: %d, %d bytes", st, len(tail))
	}
	snippet, _ := strconv.ParseInt(h.Get("Content-Range")[strings.LastIndexByte(h.Get("Content-Range"), '/')+1:], 10, 64)
	if secs := float64(snippet) / 16000; secs < 29.5 || secs > 31 {
		t.Fatalf("the mix's progressive MP3 is %d bytes, %.1f s; want the 30 s snippet", snippet, secs)
	}

	// The download of a downloadable track is the whole MP3, served
	// virtually: its size matches the track's length at 128 kbit/s.
	st, h, _ = call(t, "GET", s.URL()+"/tracks/soundcloud:tracks:1015/download", nil, withToken(tok))
	if st != http.StatusFound {
		t.Fatalf("download: %d", st)
	}
	st, h, tail = call(t, "GET", h.Get("Location"), nil, withHeader("Range", "bytes=-4096"))
	if st != http.StatusPartialContent || len(tail) != 4096 {
		t.Fatalf("tail of the mix: %d, %d bytes", st, len(tail))
	}
	total, _ := strconv.ParseInt(h.Get("Content-Range")[strings.LastIndexByte(h.Get("Content-Range"), '/')+1:], 10, 64)
	if secs := float64(total) / 16000; secs < 4.4*60 || secs > 4.7*60 {
		t.Fatalf("the 4.5 min download is %d bytes, %.0f s", total, secs)
	}
}

func TestStreamAccessKinds(t *testing.T) {
	s := newTestServer(t, Options{})
	tok, _ := s.IssueToken(DemoUserPermalink)

	// preview: only the preview URL.
	st, sb, _ := getStreams(t, s, tok, PreviewTrackID)
	if st != 200 || sb.Preview == "" || sb.HLSAAC160 != "" || sb.HTTPMP3 != "" || sb.HLSMP3 != "" {
		t.Fatalf("preview track streams: %d %+v", st, sb)
	}
	if st, _, b := call(t, "GET", follow(t, s, tok, sb.Preview), nil); st != 200 || len(b) < 1000 {
		t.Fatalf("preview MP3: %d %d bytes", st, len(b))
	}

	// blocked: no streams, a clear message.
	st, _, b := getStreams(t, s, tok, BlockedTrackID)
	if st != 403 || !bytes.Contains(b, []byte("blocked")) {
		t.Fatalf("blocked track: %d %s", st, b)
	}

	// DRM: encrypted AAC only, playlist announces SAMPLE-AES.
	st, sb, _ = getStreams(t, s, tok, DRMTrackID)
	if st != 200 || sb.HLSAAC160 == "" || sb.HTTPMP3 != "" || sb.HLSMP3 != "" || sb.Preview != "" {
		t.Fatalf("DRM streams: %d %+v", st, sb)
	}
	_, _, pl := call(t, "GET", follow(t, s, tok, sb.HLSAAC160), nil)
	mustContain(t, string(pl), "#EXT-X-KEY:METHOD=SAMPLE-AES")

	// /preview and the legacy /stream both redirect to a 30 s MP3.
	for _, p := range []string{"/preview", "/stream"} {
		st, h, _ := call(t, "GET", s.URL()+"/tracks/soundcloud:tracks:1008"+p, nil, withToken(tok))
		if st != 302 || !strings.Contains(h.Get("Location"), "preview.mp3") {
			t.Errorf("%s: %d %q", p, st, h.Get("Location"))
		}
	}
	if st, _, _ := call(t, "GET", s.URL()+"/tracks/soundcloud:tracks:1008/streams/not-a-uuid/hls", nil, withToken(tok)); st != 404 {
		t.Errorf("unknown redirector: %d", st)
	}
}

func TestWaveform(t *testing.T) {
	s := newTestServer(t, Options{})
	tok, _ := s.IssueToken(DemoUserPermalink)
	_, _, b := call(t, "GET", s.URL()+"/tracks/1008", nil, withToken(tok))
	wf := decode[map[string]any](t, b)["waveform_url"].(string)
	if !strings.HasPrefix(wf, s.CDNURL()+"/") || !strings.HasSuffix(wf, "_m.png") {
		t.Fatalf("waveform_url %q", wf)
	}
	st, h, img := call(t, "GET", wf, nil)
	if st != 200 || h.Get("Content-Type") != "image/png" {
		t.Fatalf("png: %d", st)
	}
	if _, err := png.Decode(bytes.NewReader(img)); err != nil {
		t.Fatalf("png: %v", err)
	}
	st, _, js := call(t, "GET", strings.TrimSuffix(wf, ".png")+".json", nil)
	w := decode[struct {
		Width, Height int
		Samples       []int
	}](t, js)
	if st != 200 || w.Width != 1800 || w.Height != 140 || len(w.Samples) != 1800 {
		t.Fatalf("json waveform: %d %d×%d %d samples", st, w.Width, w.Height, len(w.Samples))
	}
	nonzero := 0
	for _, v := range w.Samples {
		if v < 0 || v > 140 {
			t.Fatalf("sample %d out of range", v)
		}
		if v > 0 {
			nonzero++
		}
	}
	if nonzero < 100 {
		t.Fatalf("waveform nearly flat: %d non-zero samples", nonzero)
	}
}

// With CDNBaseURL the signed URLs, playlist entries included, point at the
// given base (a proxy in front of the CDN); the signature covers only the
// path, so the same path on the CDN listener is served.
func TestCDNBaseURL(t *testing.T) {
	s := newTestServer(t, Options{CDNBaseURL: "http://proxy.invalid:9/"})
	if s.CDNURL() != "http://proxy.invalid:9" || s.CDNListenURL() == s.CDNURL() {
		t.Fatalf("CDNURL %q, CDNListenURL %q", s.CDNURL(), s.CDNListenURL())
	}
	tok, _ := s.IssueToken(DemoUserPermalink)
	_, sb, _ := getStreams(t, s, tok, 1009) // an older upload: MP3 HLS only
	loc := follow(t, s, tok, sb.HLSMP3)
	direct := s.CDNListenURL() + strings.TrimPrefix(loc, s.CDNURL())
	st, _, pl := call(t, "GET", direct, nil)
	if st != 200 {
		t.Fatalf("playlist at the listener: %d", st)
	}
	_, segs := playlistURIs(t, string(pl))
	if len(segs) == 0 || !strings.HasPrefix(segs[0], s.CDNURL()+"/media/") {
		t.Fatalf("segments do not point at the base: %v", segs[:min(len(segs), 1)])
	}
	if st, _, _ := call(t, "GET", s.CDNListenURL()+strings.TrimPrefix(segs[0], s.CDNURL()), nil); st != 200 {
		t.Errorf("segment at the listener: %d", st)
	}
}
