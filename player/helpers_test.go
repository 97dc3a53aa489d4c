package player

import (
	"context"
	"encoding/binary"
	"fmt"
	"io"
	"math"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/cirrus-tui/cirrus/api"
)

// toneFreqs is the tone sequence every local fixture and the fake's "tones"
// piece play: 3 s each.
var toneFreqs = []float64{300, 400, 500, 600, 700, 800, 900, 1000}

const toneLen = 3 * time.Second

var (
	fixOnce sync.Once
	fixDir  string
	fixErr  error
)

// fixtures renders the tone sequence with ffmpeg as HLS AAC (fMP4), HLS MP3
// (MPEG-TS) and progressive MP3, once per test binary.
func fixtures(t testing.TB) string {
	t.Helper()
	fixOnce.Do(func() {
		if _, err := exec.LookPath("ffmpeg"); err != nil {
			fixErr = fmt.Errorf("ffmpeg not installed: %w", err)
			return
		}
		fixDir, fixErr = os.MkdirTemp("", "cirrus-player-fix")
		if fixErr != nil {
			return
		}
		src := "aevalsrc=0.5*sin(2*PI*(300+100*floor(t/3))*t)|0.5*sin(2*PI*(300+100*floor(t/3))*t):s=44100:d=24"
		run := func(args ...string) {
			if fixErr != nil {
				return
			}
			cmd := exec.Command("ffmpeg", append([]string{"-loglevel", "error", "-y", "-f", "lavfi", "-i", src}, args...)...)
			cmd.Dir = fixDir
			if out, err := cmd.CombinedOutput(); err != nil {
				fixErr = fmt.Errorf("ffmpeg %v: %v: %s", args, err, out)
			}
		}
		os.MkdirAll(filepath.Join(fixDir, "aac"), 0o755)
		os.MkdirAll(filepath.Join(fixDir, "mp3hls"), 0o755)
		run("-c:a", "aac", "-b:a", "160k", "-f", "hls", "-hls_time", "2", "-hls_segment_type", "fmp4",
			"-hls_playlist_type", "vod", "-hls_fmp4_init_filename", "init.mp4",
			"-hls_segment_filename", "aac/seg%03d.m4s", "aac/index.m3u8")
		run("-c:a", "libmp3lame", "-b:a", "128k", "-f", "hls", "-hls_time", "2", "-hls_segment_type", "mpegts",
			"-hls_playlist_type", "vod", "-hls_segment_filename", "mp3hls/seg%03d.ts", "mp3hls/index.m3u8")
		run("-c:a", "libmp3lame", "-b:a", "128k", "full.mp3")
	})
	if fixErr != nil {
		t.Fatalf("fixtures: %v", fixErr)
	}
	return fixDir
}

func TestMain(m *testing.M) {
	code := m.Run()
	if fixDir != "" {
		os.RemoveAll(fixDir)
	}
	os.Exit(code)
}

// localCDN serves fixture files under signed, expiring URLs, with injectable
// faults, and resolves "redirector" names the way the API's redirector does.
type localCDN struct {
	t   testing.TB
	dir string
	srv *httptest.Server

	ttl        atomic.Int64 // signed URL lifetime in ns, 0 = forever
	dropAfter  atomic.Int64 // cut media responses after N bytes
	dropTimes  atomic.Int64 // how many to cut
	corruptSeg atomic.Int64 // 1-based segment number to garble
	resolves   atomic.Int64
	expired    atomic.Int64 // 403s served
	bytes      atomic.Int64

	streams map[api.URN]*api.Streams
}

func newLocalCDN(t testing.TB) *localCDN {
	c := &localCDN{t: t, dir: fixtures(t), streams: map[api.URN]*api.Streams{}}
	c.srv = httptest.NewServer(http.HandlerFunc(c.serve))
	t.Cleanup(c.srv.Close)
	return c
}

func (c *localCDN) serve(w http.ResponseWriter, r *http.Request) {
	if strings.HasPrefix(r.URL.Path, "/redir/") {
		// what the API's redirector does: 302 to a signed URL
		c.resolves.Add(1)
		exp := int64(0)
		if ttl := c.ttl.Load(); ttl > 0 {
			exp = time.Now().Add(time.Duration(ttl)).UnixNano()
		}
		http.Redirect(w, r, "/signed/"+strings.TrimPrefix(r.URL.Path, "/redir/")+"?exp="+strconv.FormatInt(exp, 10), http.StatusFound)
		return
	}
	if !strings.HasPrefix(r.URL.Path, "/signed/") {
		http.NotFound(w, r)
		return
	}
	expS := r.URL.Query().Get("exp")
	if exp, _ := strconv.ParseInt(expS, 10, 64); exp != 0 && time.Now().UnixNano() > exp {
		c.expired.Add(1)
		http.Error(w, "expired", http.StatusForbidden)
		return
	}
	name := strings.TrimPrefix(r.URL.Path, "/signed/")
	b, err := os.ReadFile(filepath.Join(c.dir, filepath.FromSlash(name)))
	if err != nil {
		http.NotFound(w, r)
		return
	}
	if strings.HasSuffix(name, ".m3u8") {
		// sign every URI in the playlist the same way
		var out []string
		for _, l := range strings.Split(string(b), "\n") {
			switch {
			case strings.HasPrefix(l, "#EXT-X-MAP:URI=\""):
				u := strings.TrimSuffix(strings.TrimPrefix(l, "#EXT-X-MAP:URI=\""), "\"")
				l = "#EXT-X-MAP:URI=\"" + u + "?exp=" + expS + "\""
			case l != "" && !strings.HasPrefix(l, "#"):
				l += "?exp=" + expS
			}
			out = append(out, l)
		}
		b = []byte(strings.Join(out, "\n"))
	}
	if n := c.corruptSeg.Load(); n > 0 && (strings.HasSuffix(name, fmt.Sprintf("seg%03d.m4s", n-1)) || strings.HasSuffix(name, fmt.Sprintf("seg%03d.ts", n-1))) {
		b = append([]byte(nil), b...)
		for i := 8; i < len(b); i += 7 {
			b[i] ^= 0x5a
		}
	}
	if d := c.dropAfter.Load(); d > 0 && c.dropTimes.Load() > 0 && !strings.HasSuffix(name, ".m3u8") {
		// serve the (range of the) body, then cut the connection
		start := int64(0)
		if rg := r.Header.Get("Range"); strings.HasPrefix(rg, "bytes=") {
			s, _, _ := strings.Cut(strings.TrimPrefix(rg, "bytes="), "-")
			start, _ = strconv.ParseInt(s, 10, 64)
		}
		if start < int64(len(b)) && int64(len(b))-start > d && c.dropTimes.Add(-1) >= 0 {
			body := b[start:]
			w.Header().Set("Content-Length", strconv.Itoa(len(body)))
			if start > 0 {
				w.Header().Set("Content-Range", fmt.Sprintf("bytes %d-%d/%d", start, len(b)-1, len(b)))
				w.WriteHeader(http.StatusPartialContent)
			}
			w.Write(body[:d])
			w.(http.Flusher).Flush()
			c.bytes.Add(d)
			panic(http.ErrAbortHandler)
		}
	}
	cw := &countWriter{ResponseWriter: w, n: &c.bytes}
	http.ServeContent(cw, r, name, time.Time{}, strings.NewReader(string(b)))
}

type countWriter struct {
	http.ResponseWriter
	n *atomic.Int64
}

func (w *countWriter) Write(b []byte) (int, error) {
	n, err := w.ResponseWriter.Write(b)
	w.n.Add(int64(n))
	return n, err
}

// Streams implements resolver.
func (c *localCDN) Streams(ctx context.Context, urn api.URN) (*api.Streams, error) {
	s, ok := c.streams[urn]
	if !ok {
		return nil, fmt.Errorf("no streams for %s", urn)
	}
	return s, nil
}

// ResolveStream implements resolver: follow one redirect, return the target.
func (c *localCDN) ResolveStream(ctx context.Context, u string) (string, error) {
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	hc := *c.srv.Client()
	hc.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	resp, err := hc.Do(req)
	if err != nil {
		return "", err
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusFound {
		return "", fmt.Errorf("redirector: %s", resp.Status)
	}
	loc, err := resp.Location()
	if err != nil {
		return "", err
	}
	return loc.String(), nil
}

func (c *localCDN) HTTPClient() *http.Client { return c.srv.Client() }
func (c *localCDN) BaseURL() string          { return c.srv.URL }

func (c *localCDN) redir(name string) string { return c.srv.URL + "/redir/" + name }

// track registers a 24 s tone track served in one format.
func (c *localCDN) track(id int, s api.Streams) api.Track {
	urn := api.NewURN(api.KindTrack, int64(id))
	c.streams[urn] = &s
	return api.Track{URN: urn, Title: fmt.Sprintf("tones %d", id), Duration: 24000, Access: api.AccessPlayable}
}

func (c *localCDN) hlsAAC(id int) api.Track {
	return c.track(id, api.Streams{HLSAAC160URL: c.redir("aac/index.m3u8")})
}
func (c *localCDN) hlsMP3(id int) api.Track {
	return c.track(id, api.Streams{HLSMP3128URL: c.redir("mp3hls/index.m3u8")})
}
func (c *localCDN) mp3(id int) api.Track {
	return c.track(id, api.Streams{HTTPMP3128URL: c.redir("full.mp3")})
}

// readWAV returns the left channel of a 16-bit stereo WAV and its rate.
func readWAV(t testing.TB, path string) ([]float64, int) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("read wav: %v", err)
	}
	if len(b) < 44 || string(b[:4]) != "RIFF" || string(b[36:40]) != "data" {
		t.Fatalf("not a WAV file written by the player (%d bytes)", len(b))
	}
	rate := int(binary.LittleEndian.Uint32(b[24:]))
	n := int(binary.LittleEndian.Uint32(b[40:]))
	data := b[44:]
	if n > len(data) {
		t.Fatalf("wav header says %d data bytes, file has %d", n, len(data))
	}
	return s16Left(data[:n]), rate
}

// readWAVSoFar returns the left channel of what a player's WAV output has
// written so far (the header's sizes are fixed only on close).
func readWAVSoFar(t testing.TB, path string) ([]float64, int) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("read wav: %v", err)
	}
	if len(b) < 44 || string(b[:4]) != "RIFF" {
		return nil, 44100
	}
	return s16Left(b[44:]), int(binary.LittleEndian.Uint32(b[24:]))
}

// waitWAV polls the WAV the player is writing until cond holds for what it
// holds so far, passing every event to onEvent (which may be nil) meanwhile.
// An event announces what the output is about to write, not what it wrote:
// tests that check the output wait for the output.
func waitWAV(t testing.TB, p *Player, path string, timeout time.Duration, what string, onEvent func(Event), cond func(x []float64, rate int) bool) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	tick := time.NewTicker(100 * time.Millisecond)
	defer tick.Stop()
	for {
		select {
		case ev := <-p.Events():
			if onEvent != nil {
				onEvent(ev)
			}
			continue
		case <-tick.C:
		}
		x, rate := readWAVSoFar(t, path)
		if cond(x, rate) {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("timed out after %v waiting for %s in the output; it holds tones %v", timeout, what,
				freqsOf(significant(toneRuns(x, rate), 300*time.Millisecond)))
		}
	}
}

func s16Left(data []byte) []float64 {
	out := make([]float64, 0, len(data)/4)
	for i := 0; i+4 <= len(data); i += 4 {
		out = append(out, float64(int16(binary.LittleEndian.Uint16(data[i:])))/32768)
	}
	return out
}

// goertzel is the power of frequency f in x.
func goertzel(x []float64, rate int, f float64) float64 {
	w := 2 * math.Pi * f / float64(rate)
	c := 2 * math.Cos(w)
	var s1, s2 float64
	for _, v := range x {
		s0 := v + c*s1 - s2
		s2, s1 = s1, s0
	}
	return (s1*s1 + s2*s2 - c*s1*s2) / float64(len(x)*len(x))
}

// toneAt names the tone of the sequence that dominates window x, or 0 for
// silence or noise.
func toneAt(x []float64, rate int) float64 {
	var rms float64
	for _, v := range x {
		rms += v * v
	}
	rms = math.Sqrt(rms / float64(len(x)))
	if rms < 0.01 {
		return 0
	}
	best, bp, total := 0.0, 0.0, 0.0
	for _, f := range toneFreqs {
		p := goertzel(x, rate, f)
		total += p
		if p > bp {
			best, bp = f, p
		}
	}
	if bp < 0.8*total {
		return -1
	}
	return best
}

// toneRun is a stretch of one tone in a recording.
type toneRun struct {
	freq     float64
	from, to time.Duration
}

// toneRuns analyses x in 100 ms windows and merges equal neighbours.
func toneRuns(x []float64, rate int) []toneRun {
	win := rate / 10
	var runs []toneRun
	for i := 0; i+win <= len(x); i += win {
		f := toneAt(x[i:i+win], rate)
		at := time.Duration(i) * time.Second / time.Duration(rate)
		if n := len(runs); n > 0 && runs[n-1].freq == f {
			runs[n-1].to = at + 100*time.Millisecond
			continue
		}
		runs = append(runs, toneRun{freq: f, from: at, to: at + 100*time.Millisecond})
	}
	return runs
}

// significant drops runs shorter than d (transitions, glitches) and silence.
func significant(runs []toneRun, d time.Duration) []toneRun {
	var out []toneRun
	for _, r := range runs {
		if r.freq <= 0 || r.to-r.from < d {
			continue
		}
		if n := len(out); n > 0 && out[n-1].freq == r.freq {
			out[n-1].to = r.to
			continue
		}
		out = append(out, r)
	}
	return out
}

func freqsOf(runs []toneRun) []float64 {
	var f []float64
	for _, r := range runs {
		f = append(f, r.freq)
	}
	return f
}

// waitEvent reads events until ok says stop, or fails after timeout.
func waitEvent(t testing.TB, p *Player, timeout time.Duration, ok func(Event) bool) Event {
	t.Helper()
	deadline := time.After(timeout)
	for {
		select {
		case ev := <-p.Events():
			if ev.Kind == EventError {
				t.Logf("event error: %v", ev.Err)
			}
			if ok(ev) {
				return ev
			}
		case <-deadline:
			t.Fatalf("timed out waiting for an event; status %+v", p.Status())
			return Event{}
		}
	}
}

func stoppedAfterPlaying(ev Event) bool {
	return ev.Kind == EventState && ev.Status.State == Stopped
}

var _ io.Reader = (*engine)(nil)
