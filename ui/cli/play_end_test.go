package cli

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/cirrus-tui/cirrus/api/fake"
)

// mediaFront stands in front of the double's API and points every track's
// progressive MP3 stream at media, a host of the test's own: what a
// broken or hostile CDN would send.
func mediaFront(t *testing.T, media http.Handler) (apiURL, authURL, token string) {
	t.Helper()
	srv, err := fake.New(fake.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(srv.Close)
	cdn := httptest.NewServer(media)
	t.Cleanup(cdn.Close)
	u, _ := url.Parse(srv.URL())
	proxy := httputil.NewSingleHostReverseProxy(u)
	front := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasPrefix(r.URL.Path, "/tracks/") && strings.HasSuffix(r.URL.Path, "/streams") {
			w.Header().Set("Content-Type", "application/json")
			json.NewEncoder(w).Encode(map[string]string{"http_mp3_128_url": cdn.URL + "/track.mp3"})
			return
		}
		proxy.ServeHTTP(w, r)
	}))
	t.Cleanup(front.Close)
	tok, _ := srv.IssueToken(fake.DemoUserPermalink)
	return front.URL, srv.AuthURL(), tok
}

// Issue 20, item 6: a progressive "MP3" of random bytes made `cirrus play`
// exit 0 without a sound or a word. It must fail, saying it is not audio.
func TestPlayRandomBytesIsNotAudio(t *testing.T) {
	for seed := uint64(1); seed <= 8; seed++ {
		t.Run(fmt.Sprint("seed ", seed), func(t *testing.T) { playRandomBytes(t, seed) })
	}
}

func playRandomBytes(t *testing.T, seed uint64) {
	junk := make([]byte, 256<<10)
	rng := rand.New(rand.NewPCG(seed, seed))
	for i := range junk {
		junk[i] = byte(rng.Uint32())
	}
	apiURL, authURL, tok := mediaFront(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "audio/mpeg")
		w.Write(junk)
	}))
	out := filepath.Join(t.TempDir(), "junk.wav")
	r := run(t, "play", "--token", tok, "--api-url", apiURL, "--auth-url", authURL,
		"--format", "http_mp3_128", "soundcloud:tracks:1001", "--out", out)
	t.Logf("exit %d: %s", r.code, r.errOut)
	if r.code != ExitError {
		t.Fatalf("exit %d, want %d, %v written: %s", r.code, ExitError, wavSeconds(t, out), r.errOut)
	}
	// Which of these depends on the bytes: none decodes, or a few garbage
	// frames do and then the "MP3" ends or changes its sample rate.
	said := false
	for _, s := range []string{"no audio", "not audio", "sample rate changed"} {
		said = said || strings.Contains(r.errOut, s)
	}
	if !said {
		t.Errorf("the message does not say what is wrong: %q", r.errOut)
	}
	// A few garbage frames may pass the decoder's checks before it gives
	// up; not seconds of them.
	if d := wavSeconds(t, out); d > 200*time.Millisecond {
		t.Errorf("wrote %v of audio from random bytes", d)
	}
}

// Issue 20, item 6: a progressive MP3 at 1 byte a second must make `cirrus
// play` give up after its bound (--give-up-after, 30 s by default; 3 s
// here) with a message and a non-zero status, not exit 0 in silence.
func TestPlayStalledMediaGivesUp(t *testing.T) {
	stop := make(chan struct{})
	t.Cleanup(func() { close(stop) })
	apiURL, authURL, tok := mediaFront(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "audio/mpeg")
		w.Header().Set("Content-Length", "400000")
		fl, _ := w.(http.Flusher)
		for i := 0; i < 400000; i++ {
			if _, err := w.Write([]byte{0xff}); err != nil {
				return
			}
			fl.Flush()
			select {
			case <-time.After(time.Second):
			case <-stop:
				return
			case <-r.Context().Done():
				return
			}
		}
	}))
	out := filepath.Join(t.TempDir(), "slow.wav")
	t0 := time.Now()
	r := run(t, "play", "--token", tok, "--api-url", apiURL, "--auth-url", authURL,
		"--format", "http_mp3_128", "soundcloud:tracks:1001", "--out", out, "--give-up-after", "3s")
	t.Logf("exit %d after %v: %s", r.code, time.Since(t0).Round(100*time.Millisecond), r.errOut)
	if r.code != ExitError {
		t.Fatalf("exit %d, want %d: %s", r.code, ExitError, r.errOut)
	}
	if !strings.Contains(r.errOut, "no audio for 3s") {
		t.Errorf("the message does not say how long nothing played: %q", r.errOut)
	}
}

// Issue 20, item 6: --out had no bound: a playlist of a million real
// segments wrote 3.8 GB. A stream that goes on past its track's announced
// duration is stopped max(30 s, a tenth of it) later, with an error. Here
// the double announces "Rainy Window" (2:30 of audio) as 0:20.
func TestPlayOutStopsAStreamLongerThanItsTrack(t *testing.T) {
	srv, err := fake.New(fake.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(srv.Close)
	var front *httptest.Server
	u, _ := url.Parse(srv.URL())
	proxy := httputil.NewSingleHostReverseProxy(u)
	proxy.ModifyResponse = func(r *http.Response) error {
		b, err := io.ReadAll(r.Body)
		r.Body.Close()
		if err != nil {
			return err
		}
		if r.Request.URL.Path == "/tracks/soundcloud:tracks:1008" {
			var m map[string]any
			if err := json.Unmarshal(b, &m); err != nil {
				return err
			}
			m["duration"] = 20000
			b, _ = json.Marshal(m)
		}
		// Stream redirectors come back to the front, the API host here.
		b = bytes.ReplaceAll(b, []byte(srv.URL()), []byte(front.URL))
		r.Body = io.NopCloser(bytes.NewReader(b))
		r.ContentLength = int64(len(b))
		r.Header.Set("Content-Length", strconv.Itoa(len(b)))
		return nil
	}
	front = httptest.NewServer(proxy)
	t.Cleanup(front.Close)
	tok, _ := srv.IssueToken(fake.DemoUserPermalink)
	out := filepath.Join(t.TempDir(), "long.wav")
	r := run(t, "play", "--token", tok, "--api-url", front.URL, "--auth-url", srv.AuthURL(),
		"soundcloud:tracks:1008", "--out", out, "-q")
	d := wavSeconds(t, out)
	t.Logf("exit %d, %v written: %s", r.code, d, r.errOut)
	if r.code != ExitError || !strings.Contains(r.errOut, "longer than the track") {
		t.Errorf("exit %d, want %d with the reason: %s", r.code, ExitError, r.errOut)
	}
	if d < 49*time.Second || d > 52*time.Second {
		t.Errorf("wrote %v, want the announced 20 s and 30 s more", d)
	}
}
