package player

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/cirrus-tui/cirrus/api"
)

// The open path over real HTTP: candidates that fail at each step (404,
// a bad playlist, an undecodable first segment, a snippet), the stream
// chosen, the preview label, and the error that names every stream.

// secret is the signature in every signed URL the open CDN hands out: it
// must never reach an error.
const secret = "Signature=SECRETSIG123"

var (
	snipOnce sync.Once
	snipErr  error
)

// snippetMP3 renders the tone sequence's first 6 s as its own MP3 (with
// its own Xing header, as a real snippet has) beside the fixtures, and as
// snippet_plain.mp3 without the Xing header.
func snippetMP3(t *testing.T) string {
	dir := fixtures(t)
	snipOnce.Do(func() {
		out, err := exec.Command("ffmpeg", "-loglevel", "error", "-y", "-i", filepath.Join(dir, "full.mp3"),
			"-t", "6", "-c:a", "libmp3lame", "-b:a", "128k", filepath.Join(dir, "snippet.mp3")).CombinedOutput()
		if err != nil {
			snipErr = fmt.Errorf("ffmpeg snippet: %v: %s", err, out)
			return
		}
		// the same without the Xing frame: its length is known only
		// from its size, or once it ends
		out, err = exec.Command("ffmpeg", "-loglevel", "error", "-y", "-i", filepath.Join(dir, "snippet.mp3"),
			"-c:a", "copy", "-write_xing", "0", filepath.Join(dir, "snippet_plain.mp3")).CombinedOutput()
		if err != nil {
			snipErr = fmt.Errorf("ffmpeg plain snippet: %v: %s", err, out)
		}
	})
	if snipErr != nil {
		t.Fatal(snipErr)
	}
	return dir
}

// openCDN serves named bodies under signed URLs; its redirectors and the
// preview endpoint answer 302 the way the API does.
type openCDN struct {
	t       *testing.T
	dir     string
	srv     *httptest.Server
	bodies  map[string]func() []byte // name -> body; missing: 404
	streams *api.Streams
	unsized map[string]bool // names sent chunked, without a length, ignoring Range
	listErr error           // what /streams answers instead
	preview string          // name the preview endpoint points at, "" : 404
}

func newOpenCDN(t *testing.T) *openCDN {
	c := &openCDN{t: t, dir: snippetMP3(t), bodies: map[string]func() []byte{}}
	c.srv = httptest.NewServer(http.HandlerFunc(c.serve))
	t.Cleanup(c.srv.Close)
	return c
}

// file serves a fixture file as name.
func (c *openCDN) file(name, fixture string) {
	c.bodies[name] = func() []byte {
		b, err := os.ReadFile(filepath.Join(c.dir, filepath.FromSlash(fixture)))
		if err != nil {
			c.t.Errorf("fixture: %v", err)
		}
		return b
	}
}

func (c *openCDN) text(name, body string) { c.bodies[name] = func() []byte { return []byte(body) } }

func (c *openCDN) serve(w http.ResponseWriter, r *http.Request) {
	switch {
	case strings.HasPrefix(r.URL.Path, "/redir/"):
		http.Redirect(w, r, "/signed/"+strings.TrimPrefix(r.URL.Path, "/redir/")+"?"+secret, http.StatusFound)
		return
	case strings.HasPrefix(r.URL.Path, "/tracks/") && strings.HasSuffix(r.URL.Path, "/preview"):
		if c.preview == "" {
			http.Error(w, `{"code":404,"message":"no preview"}`, http.StatusNotFound)
			return
		}
		http.Redirect(w, r, "/signed/"+c.preview+"?"+secret, http.StatusFound)
		return
	case !strings.HasPrefix(r.URL.Path, "/signed/"):
		http.NotFound(w, r)
		return
	}
	if r.URL.RawQuery != secret {
		http.Error(w, "unsigned", http.StatusForbidden)
		return
	}
	name := strings.TrimPrefix(r.URL.Path, "/signed/")
	body, ok := c.bodies[name]
	if !ok {
		http.NotFound(w, r)
		return
	}
	b := body()
	if strings.HasSuffix(name, ".m3u8") {
		// sign the playlist's URIs; they name files beside it
		var out []string
		for _, l := range strings.Split(string(b), "\n") {
			switch {
			case strings.HasPrefix(l, "#EXT-X-MAP:URI=\""):
				u := strings.TrimSuffix(strings.TrimPrefix(l, "#EXT-X-MAP:URI=\""), "\"")
				l = "#EXT-X-MAP:URI=\"" + u + "?" + secret + "\""
			case l != "" && !strings.HasPrefix(l, "#"):
				l += "?" + secret
			}
			out = append(out, l)
		}
		b = []byte(strings.Join(out, "\n"))
	}
	if c.unsized[name] {
		w.WriteHeader(http.StatusOK)
		for len(b) > 0 {
			n := min(len(b), 16<<10)
			if _, err := w.Write(b[:n]); err != nil {
				return
			}
			w.(http.Flusher).Flush()
			b = b[n:]
		}
		return
	}
	http.ServeContent(w, r, name, time.Time{}, strings.NewReader(string(b)))
}

func (c *openCDN) Streams(ctx context.Context, urn api.URN) (*api.Streams, error) {
	if c.listErr != nil {
		return nil, c.listErr
	}
	s := *c.streams
	return &s, nil
}

func (c *openCDN) ResolveStream(ctx context.Context, u string) (string, error) {
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	hc := *c.srv.Client()
	hc.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	resp, err := hc.Do(req)
	if err != nil {
		return "", err
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusFound {
		return "", &api.Error{Op: "GET " + req.URL.Path, Status: resp.StatusCode}
	}
	loc, err := resp.Location()
	if err != nil {
		return "", err
	}
	return loc.String(), nil
}

func (c *openCDN) HTTPClient() *http.Client { return c.srv.Client() }
func (c *openCDN) BaseURL() string          { return c.srv.URL }
func (c *openCDN) redir(name string) string { return c.srv.URL + "/redir/" + name }

// hlsDir serves a fixture HLS directory (aac or mp3hls) under prefix, its
// playlist rewritten by edit, segment seg (0-based, -1 none) garbled.
func (c *openCDN) hlsDir(prefix, fixture string, edit func(string) string, garble int) {
	entries, err := os.ReadDir(filepath.Join(c.dir, fixture))
	if err != nil {
		c.t.Fatal(err)
	}
	for _, e := range entries {
		name, fix := prefix+"/"+e.Name(), fixture+"/"+e.Name()
		c.file(name, fix)
		switch {
		case strings.HasSuffix(e.Name(), ".m3u8") && edit != nil:
			f := c.bodies[name]
			c.bodies[name] = func() []byte { return []byte(edit(string(f()))) }
		case garble >= 0 && (e.Name() == fmt.Sprintf("seg%03d.m4s", garble) || e.Name() == fmt.Sprintf("seg%03d.ts", garble)):
			f := c.bodies[name]
			c.bodies[name] = func() []byte {
				b := append([]byte(nil), f()...)
				for i := 8; i < len(b); i += 3 {
					b[i] ^= 0x5a
				}
				return b
			}
		}
	}
}

// firstSegments keeps a media playlist's first n segments.
func firstSegments(n int) func(string) string {
	return func(pl string) string {
		var out []string
		seen := 0
		for _, l := range strings.Split(pl, "\n") {
			if strings.HasPrefix(l, "#EXTINF") {
				if seen == n {
					break
				}
				seen++
			}
			out = append(out, l)
		}
		return strings.Join(out, "\n") + "\n#EXT-X-ENDLIST\n"
	}
}

var openTrackURN = api.NewURN(api.KindTrack, 24)

func openTestTrack() api.Track {
	return api.Track{URN: openTrackURN, Title: "tones", Duration: 24000, Access: api.AccessPlayable}
}

// playOpen plays the test track to its end and returns the first status
// while playing, the error events, and the recording.
func playOpen(t *testing.T, c *openCDN, formats []string) (Status, []error, []float64, int) {
	t.Helper()
	out := filepath.Join(t.TempDir(), "out.wav")
	p, err := New(context.Background(), Options{Output: out, res: c, Formats: formats})
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	var errs []error
	var playing Status
	var kind streamKind = -1
	p.PlayTracks([]api.Track{openTestTrack()}, 0)
	waitEvent(t, p, 90*time.Second, func(ev Event) bool {
		if ev.Kind == EventError {
			errs = append(errs, ev.Err)
		}
		if ev.Kind == EventTrackChanged && ev.Status.State == Playing && playing.Track == nil {
			playing = ev.Status
			p.mu.Lock()
			if p.cur != nil {
				kind = p.cur.kind()
			}
			p.mu.Unlock()
		}
		return ev.Kind == EventState && ev.Status.State == Stopped
	})
	if err := p.Close(); err != nil {
		t.Fatal(err)
	}
	if playing.Track != nil {
		t.Logf("played the %v stream; preview %v (%s)", kind, playing.Preview, playing.PreviewWhy)
	}
	if _, err := os.Stat(out); err != nil && playing.Track == nil {
		return playing, errs, nil, 44100 // nothing played, nothing written
	}
	x, rate := readWAV(t, out)
	return playing, errs, x, rate
}

func recLength(x []float64, rate int) time.Duration {
	return time.Duration(len(x)) * time.Second / time.Duration(rate)
}

// checkErrorNames asserts one error event that names each stream, with a
// reason, and no signature.
func checkErrorNames(t *testing.T, errs []error, want map[string]string) {
	t.Helper()
	if len(errs) != 1 {
		t.Fatalf("error events %v, want one", errs)
	}
	msg := errs[0].Error()
	t.Logf("error: %s", msg)
	if !errors.Is(errs[0], ErrNoStream) {
		t.Errorf("the error is not ErrNoStream")
	}
	if strings.Contains(msg, "SECRETSIG") || strings.Contains(msg, "Signature") {
		t.Errorf("the error leaks the signed URL: %s", msg)
	}
	for name, reason := range want {
		i := strings.Index(msg, name+": ")
		if i < 0 {
			t.Errorf("the error does not name %s: %s", name, msg)
			continue
		}
		rest := msg[i+len(name)+2:]
		if j := strings.Index(rest, "; "); j >= 0 {
			rest = rest[:j]
		}
		if !strings.Contains(rest, reason) {
			t.Errorf("%s: reason %q, want it to say %q", name, rest, reason)
		}
	}
}

// A 404, a bad playlist and a garbled first segment each give way to the
// next stream; the one that works plays the whole track, not as a preview.
func TestOpenFallsBackAtEachStep(t *testing.T) {
	c := newOpenCDN(t)
	c.hlsDir("aac", "aac", nil, 0) // its first segment does not decode
	c.text("mp3hls/index.m3u8", "<html>this is not a playlist</html>")
	c.file("full.mp3", "full.mp3")
	c.streams = &api.Streams{
		HLSAAC160URL:  c.redir("aac/index.m3u8"),
		HLSAAC96URL:   c.redir("gone/index.m3u8"), // 404
		HLSMP3128URL:  c.redir("mp3hls/index.m3u8"),
		HTTPMP3128URL: c.redir("full.mp3"),
	}
	st, errs, x, rate := playOpen(t, c, nil)
	if len(errs) > 0 {
		t.Errorf("error events although a stream played: %v", errs)
	}
	if st.Track == nil || st.Preview {
		t.Fatalf("status while playing: %+v, want the full track", st)
	}
	if got := freqsOf(significant(toneRuns(x, rate), 300*time.Millisecond)); !slices.Equal(got, toneFreqs) {
		t.Errorf("tones %v, want %v", got, toneFreqs)
	}
	if d := recLength(x, rate); d < 23*time.Second || d > 25*time.Second {
		t.Errorf("played %v, want 24 s", d)
	}
}

// When every stream fails, the one error names each, with its reason in
// plain words, and no signed URL.
func TestOpenErrorNamesEveryStream(t *testing.T) {
	c := newOpenCDN(t)
	c.hlsDir("aac", "aac", nil, 0)
	c.text("mp3hls/index.m3u8", "<html>this is not a playlist</html>")
	c.text("full.mp3", strings.Repeat("<p>not audio</p>\n", 4096))
	c.streams = &api.Streams{
		HLSAAC160URL:  c.redir("aac/index.m3u8"),
		HLSAAC96URL:   c.redir("gone/index.m3u8"),
		HLSMP3128URL:  c.redir("mp3hls/index.m3u8"),
		HTTPMP3128URL: c.redir("full.mp3"),
	}
	st, errs, x, _ := playOpen(t, c, nil)
	if st.Track != nil || len(x) > 0 {
		t.Errorf("something played: %+v, %d frames", st, len(x))
	}
	checkErrorNames(t, errs, map[string]string{
		"hls_aac_160":  "did not decode",
		"hls_aac_96":   "404 Not Found",
		"hls_mp3_128":  "could not be opened",
		"http_mp3_128": "could not be opened",
		"preview":      "did not resolve",
	})
}

// A stream far shorter than the track is not played as the track while
// another stream is there, whichever comes first.
func TestOpenSnippetGivesWay(t *testing.T) {
	t.Run("hls-playlist-short", func(t *testing.T) {
		c := newOpenCDN(t)
		c.hlsDir("aac", "aac", firstSegments(3), -1) // 6 s of a 24 s track
		c.file("full.mp3", "full.mp3")
		c.streams = &api.Streams{HLSAAC160URL: c.redir("aac/index.m3u8"), HTTPMP3128URL: c.redir("full.mp3")}
		st, errs, x, rate := playOpen(t, c, nil)
		if len(errs) > 0 || st.Preview {
			t.Errorf("errors %v, preview %v: want the full MP3", errs, st.Preview)
		}
		if d := recLength(x, rate); d < 23*time.Second {
			t.Errorf("played %v, want the whole 24 s", d)
		}
	})
	t.Run("progressive-snippet-first", func(t *testing.T) {
		c := newOpenCDN(t)
		c.file("snippet.mp3", "snippet.mp3")
		c.hlsDir("mp3hls", "mp3hls", nil, -1)
		c.streams = &api.Streams{HTTPMP3128URL: c.redir("snippet.mp3"), HLSMP3128URL: c.redir("mp3hls/index.m3u8")}
		st, errs, x, rate := playOpen(t, c, []string{"http_mp3_128", "hls_mp3_128"})
		if len(errs) > 0 || st.Preview {
			t.Errorf("errors %v, preview %v: want the full HLS MP3", errs, st.Preview)
		}
		if d := recLength(x, rate); d < 23*time.Second {
			t.Errorf("played %v, want the whole 24 s", d)
		}
	})
}

// A snippet that is all there is plays, labelled a preview, for its own
// length, and ends without an error.
func TestOpenSnippetAloneIsPreview(t *testing.T) {
	c := newOpenCDN(t)
	c.file("snippet.mp3", "snippet.mp3")
	c.streams = &api.Streams{HLSAAC160URL: c.redir("gone/index.m3u8"), HTTPMP3128URL: c.redir("snippet.mp3")}
	st, errs, x, rate := playOpen(t, c, nil)
	if len(errs) > 0 {
		t.Errorf("error events for a preview that played: %v", errs)
	}
	if !st.Preview || !strings.Contains(st.PreviewWhy, "snippet") {
		t.Errorf("status: preview %v (%q), want a preview said to be a snippet", st.Preview, st.PreviewWhy)
	}
	if st.Duration < 5*time.Second || st.Duration > 7*time.Second {
		t.Errorf("status duration %v, want the snippet's 6 s", st.Duration)
	}
	if d := recLength(x, rate); d < 5*time.Second || d > 7*time.Second {
		t.Errorf("played %v, want the snippet's 6 s", d)
	}
	if got := freqsOf(significant(toneRuns(x, rate), 300*time.Millisecond)); !slices.Equal(got, toneFreqs[:2]) {
		t.Errorf("tones %v, want %v", got, toneFreqs[:2])
	}
}

// A track whose /streams is refused falls back to its preview endpoint,
// labelled; a refusal of the app itself is not papered over track by
// track; a preview does not hide a DRM refusal.
func TestOpenRefusedListingPlaysPreview(t *testing.T) {
	refusal := &api.Error{Op: "GET /tracks/" + string(openTrackURN) + "/streams", Status: http.StatusForbidden,
		Message: "This track is not available in your country"}
	t.Run("preview-plays", func(t *testing.T) {
		c := newOpenCDN(t)
		c.file("snippet.mp3", "snippet.mp3")
		c.listErr, c.preview = refusal, "snippet.mp3"
		st, errs, x, rate := playOpen(t, c, nil)
		if len(errs) > 0 {
			t.Errorf("error events: %v", errs)
		}
		if !st.Preview || !strings.Contains(st.PreviewWhy, "not available in your country") {
			t.Errorf("status: preview %v (%q), want a preview that says the stream was refused", st.Preview, st.PreviewWhy)
		}
		if d := recLength(x, rate); d < 5*time.Second || d > 7*time.Second {
			t.Errorf("played %v, want the 6 s preview", d)
		}
	})
	t.Run("no-preview", func(t *testing.T) {
		c := newOpenCDN(t)
		c.listErr = refusal
		_, errs, _, _ := playOpen(t, c, nil)
		checkErrorNames(t, errs, map[string]string{"streams": "not available in your country", "preview": "did not resolve"})
		if !api.IsForbidden(errs[0]) {
			t.Errorf("the refusal is not found in the error: %v", errs[0])
		}
	})
	t.Run("app-refused", func(t *testing.T) {
		c := newOpenCDN(t)
		c.file("snippet.mp3", "snippet.mp3")
		c.preview = "snippet.mp3"
		c.listErr = &api.Error{Op: "GET /tracks/" + string(openTrackURN) + "/streams", Status: http.StatusForbidden,
			Message: "An active Pro Unlimited subscription is required for this action"}
		st, errs, x, _ := playOpen(t, c, nil)
		if st.Track != nil || len(x) > 0 {
			t.Errorf("a preview papered over the app's refusal: %+v", st)
		}
		if len(errs) != 1 || !api.IsForbidden(errs[0]) || !strings.Contains(errs[0].Error(), "Pro Unlimited") {
			t.Errorf("errors %v, want the refusal", errs)
		}
	})
	t.Run("drm-not-hidden", func(t *testing.T) {
		c := newOpenCDN(t)
		c.file("snippet.mp3", "snippet.mp3")
		c.hlsDir("aac", "aac", func(pl string) string {
			return strings.Replace(pl, "#EXTINF", "#EXT-X-KEY:METHOD=SAMPLE-AES,URI=\"skd://key\",KEYFORMAT=\"com.apple.streamingkeydelivery\"\n#EXTINF", 1)
		}, -1)
		c.streams = &api.Streams{HLSAAC160URL: c.redir("aac/index.m3u8"), PreviewMP3URL: c.redir("snippet.mp3")}
		c.preview = "snippet.mp3"
		st, errs, x, _ := playOpen(t, c, nil)
		if st.Track != nil || len(x) > 0 {
			t.Errorf("a preview hid the DRM refusal: %+v", st)
		}
		if len(errs) != 1 || !errors.Is(errs[0], ErrDRM) {
			t.Fatalf("errors %v, want one ErrDRM", errs)
		}
	})
}
