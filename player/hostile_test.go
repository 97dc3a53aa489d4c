package player

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/cirrus-tui/cirrus/api"
)

// testStall is the stall timeout of these tests: short, so a hang costs a
// second, and long enough that a loaded machine does not stall loopback.
const testStall = time.Second

// hostileCDN is a media host that misbehaves as its handler says. Stream
// URLs are media URLs already (ResolveStream returns them unchanged, as
// the API client does for a URL off the API host).
type hostileCDN struct {
	srv      *httptest.Server
	requests atomic.Int64
}

func newHostileCDN(t *testing.T, h http.HandlerFunc) *hostileCDN {
	t.Helper()
	c := &hostileCDN{}
	c.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c.requests.Add(1)
		h(w, r)
	}))
	t.Cleanup(func() {
		c.srv.CloseClientConnections()
		c.srv.Close()
	})
	return c
}

func (c *hostileCDN) Streams(ctx context.Context, urn api.URN) (*api.Streams, error) {
	return nil, errors.New("hostileCDN: tracks carry their stream")
}
func (c *hostileCDN) ResolveStream(ctx context.Context, u string) (string, error) { return u, nil }
func (c *hostileCDN) HTTPClient() *http.Client                                    { return c.srv.Client() }
func (c *hostileCDN) BaseURL() string                                             { return "" }

// play plays a track whose only stream is path on the hostile host and
// returns the error events and the WAV written.
func (c *hostileCDN) play(t *testing.T, kind, path string, timeout time.Duration) ([]error, string) {
	t.Helper()
	var s api.Streams
	switch kind {
	case "hls_aac_160":
		s.HLSAAC160URL = c.srv.URL + path
	case "hls_mp3_128":
		s.HLSMP3128URL = c.srv.URL + path
	default:
		s.HTTPMP3128URL = c.srv.URL + path
	}
	res := &fixedStreams{hostileCDN: c, s: &s}
	p, out := newWAVPlayerOpts(t, Options{res: res, StallTimeout: testStall})
	tr := api.Track{URN: api.NewURN(api.KindTrack, 1), Title: "hostile", Duration: 24000, Access: api.AccessPlayable}
	errs := playCollect(t, p, tr, timeout)
	if err := p.Close(); err != nil {
		t.Fatal(err)
	}
	return errs, out
}

type fixedStreams struct {
	*hostileCDN
	s *api.Streams
}

func (f *fixedStreams) Streams(context.Context, api.URN) (*api.Streams, error) { return f.s, nil }

func newWAVPlayerOpts(t *testing.T, o Options) (*Player, string) {
	t.Helper()
	o.Output = filepath.Join(t.TempDir(), "out.wav")
	p, err := New(context.Background(), o)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	t.Cleanup(func() { p.Close() })
	return p, o.Output
}

// serveFixture serves the fixture directory, with rewrite applied to
// playlists.
func serveFixture(t *testing.T, rewrite func(name, body string) string) http.HandlerFunc {
	dir := fixtures(t)
	return func(w http.ResponseWriter, r *http.Request) {
		name := strings.TrimPrefix(r.URL.Path, "/")
		b, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(name)))
		if err != nil {
			http.NotFound(w, r)
			return
		}
		if strings.HasSuffix(name, ".m3u8") && rewrite != nil {
			b = []byte(rewrite(name, string(b)))
		}
		http.ServeContent(w, r, name, time.Time{}, strings.NewReader(string(b)))
	}
}

func wavLength(t *testing.T, out string) time.Duration {
	t.Helper()
	x, rate := readWAV(t, out)
	return time.Duration(len(x)) * time.Second / time.Duration(rate)
}

// EXTINF values that are not finite, negative or absurd are refused.
func TestEXTINFBounds(t *testing.T) {
	for _, v := range []string{"NaN", "nan", "Inf", "+Inf", "-Inf", "infinity", "1e10", "-1", "100000", "3600.001", "0x10", "1e308"} {
		pl := "#EXTM3U\n#EXTINF:2,\na.m4s\n#EXTINF:" + v + ",\nb.m4s\n"
		p, err := parsePlaylist([]byte(pl), "https://x/")
		if err == nil {
			t.Errorf("EXTINF:%s accepted: total %v", v, p.total)
		}
	}
	for _, v := range []string{"0", "2", "6.006", "3600"} {
		pl := "#EXTM3U\n#EXTINF:" + v + ",\na.m4s\n"
		if _, err := parsePlaylist([]byte(pl), "https://x/"); err != nil {
			t.Errorf("EXTINF:%s refused: %v", v, err)
		}
	}
}

// A segment's length is what its audio holds, not what its tag claims: a
// tag claiming a minute for two seconds of audio adds no silence.
func TestEXTINFLieAddsNoSilence(t *testing.T) {
	for _, tc := range []struct{ kind, path string }{{"hls_aac_160", "/aac/index.m3u8"}, {"hls_mp3_128", "/mp3hls/index.m3u8"}} {
		t.Run(tc.kind, func(t *testing.T) {
			c := newHostileCDN(t, serveFixture(t, func(name, body string) string {
				// the first segment claims 60 s
				i := strings.Index(body, "#EXTINF:")
				j := strings.IndexByte(body[i:], ',')
				return body[:i] + "#EXTINF:60.0" + body[i+j:]
			}))
			errs, out := c.play(t, tc.kind, tc.path, 60*time.Second)
			if n := wavLength(t, out); n > 25*time.Second {
				t.Errorf("wrote %v of audio for 24 s of segments (errors %v)", n, errs)
			}
			x, rate := readWAV(t, out)
			if got := freqsOf(significant(toneRuns(x, rate), 300*time.Millisecond)); len(got) != len(toneFreqs) {
				t.Errorf("tones %v, want %v", got, toneFreqs)
			}
		})
	}
}

// A master playlist whose variant is another master playlist is refused
// with a reason, not played (the decoder used to index segment -1).
func TestMasterOfMasters(t *testing.T) {
	c := newHostileCDN(t, func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, "#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=1\n/master.m3u8\n")
	})
	for _, kind := range []string{"hls_aac_160", "hls_mp3_128"} {
		errs, _ := c.play(t, kind, "/master.m3u8", 30*time.Second)
		if len(errs) == 0 || !regexp.MustCompile(`variant .*master playlist`).MatchString(errs[len(errs)-1].Error()) {
			t.Errorf("%s: errors %v, want one saying the variant is a master playlist", kind, errs)
		}
		for _, err := range errs {
			if strings.Contains(err.Error(), "panic") || strings.Contains(err.Error(), "crash") {
				t.Errorf("%s: decoder crashed: %v", kind, err)
			}
		}
	}
}

// endless writes chunks of b until the client goes away, counting bytes.
func endless(w http.ResponseWriter, r *http.Request, b []byte, sent *atomic.Int64) {
	for r.Context().Err() == nil {
		n, err := w.Write(b)
		sent.Add(int64(n))
		if err != nil {
			return
		}
	}
}

// An endless body that is not audio is given up after a bounded number of
// bytes, with a reason.
func TestEndlessNonAudioMP3(t *testing.T) {
	var sent atomic.Int64
	junk := []byte(strings.Repeat("this is not an MP3 stream. ", 1000))
	c := newHostileCDN(t, func(w http.ResponseWriter, r *http.Request) { endless(w, r, junk, &sent) })
	errs, _ := c.play(t, "http_mp3_128", "/endless.mp3", 60*time.Second)
	if len(errs) == 0 || !strings.Contains(errs[len(errs)-1].Error(), "not an MP3 stream") {
		t.Errorf("errors %v, want one saying it is not an MP3 stream", errs)
	}
	if n := sent.Load(); n > 8<<20 {
		t.Errorf("read %d bytes of junk before giving up", n)
	}
}

// Real audio followed by endless junk: the track ends after the audio.
func TestAudioThenEndlessJunk(t *testing.T) {
	var sent atomic.Int64
	audio, err := os.ReadFile(filepath.Join(fixtures(t), "full.mp3"))
	if err != nil {
		t.Fatal(err)
	}
	junk := make([]byte, 32<<10)
	for i := range junk {
		junk[i] = byte(i*7) & 0x7f // never a frame sync (0xff)
	}
	c := newHostileCDN(t, func(w http.ResponseWriter, r *http.Request) {
		w.Write(audio)
		endless(w, r, junk, &sent)
	})
	errs, out := c.play(t, "http_mp3_128", "/junk-tail.mp3", 60*time.Second)
	x, rate := readWAV(t, out)
	if got := freqsOf(significant(toneRuns(x, rate), 300*time.Millisecond)); len(got) != len(toneFreqs) {
		t.Errorf("tones %v, want %v", got, toneFreqs)
	}
	if n := wavLength(t, out); n > 25*time.Second {
		t.Errorf("wrote %v for 24 s of audio", n)
	}
	if n := sent.Load(); n > 8<<20 {
		t.Errorf("read %d bytes of junk after the audio", n)
	}
	t.Logf("events: %v", errs)
}

// A media host that never answers fails the track after a stall timeout
// and one retry, with the reason; it does not hang for minutes.
func TestNeverAnsweringHostFails(t *testing.T) {
	for _, tc := range []struct{ kind, path string }{{"http_mp3_128", "/a.mp3"}, {"hls_aac_160", "/a.m3u8"}} {
		t.Run(tc.kind, func(t *testing.T) {
			c := newHostileCDN(t, func(w http.ResponseWriter, r *http.Request) { <-r.Context().Done() })
			errs, _ := c.play(t, tc.kind, tc.path, 30*time.Second)
			if len(errs) == 0 || !strings.Contains(errs[len(errs)-1].Error(), "no response from media host") {
				t.Errorf("errors %v, want one saying the host did not answer", errs)
			}
			if n := c.requests.Load(); n != 1+stallRetries {
				t.Errorf("%d requests, want %d", n, 1+stallRetries)
			}
		})
	}
}

// trickler serves the fixture honouring ranges, but the requests trickle
// says trickle send 20 kB and then a byte every 20 ms.
func trickler(t *testing.T, name string, trickle func(n int64) bool, ranges *[]string) http.HandlerFunc {
	b, err := os.ReadFile(filepath.Join(fixtures(t), name))
	if err != nil {
		t.Fatal(err)
	}
	var n atomic.Int64
	var mu = make(chan struct{}, 1)
	return func(w http.ResponseWriter, r *http.Request) {
		mu <- struct{}{}
		*ranges = append(*ranges, r.Header.Get("Range"))
		<-mu
		if !trickle(n.Add(1)) {
			http.ServeContent(w, r, name, time.Time{}, strings.NewReader(string(b)))
			return
		}
		w.Header().Set("Content-Length", strconv.Itoa(len(b)))
		w.Write(b[:20000])
		for i := 20000; i < len(b) && r.Context().Err() == nil; i++ {
			w.(http.Flusher).Flush()
			time.Sleep(20 * time.Millisecond)
			w.Write(b[i : i+1])
		}
	}
}

// A progressive MP3 that trickles is retried from where it stopped; when
// the retry flows, the track plays whole.
func TestTrickleRetriesFromPosition(t *testing.T) {
	var ranges []string
	c := newHostileCDN(t, trickler(t, "full.mp3", func(n int64) bool { return n == 1 }, &ranges))
	errs, out := c.play(t, "http_mp3_128", "/full.mp3", 60*time.Second)
	if len(errs) > 0 {
		t.Errorf("error events for a recovered stall: %v", errs)
	}
	checkContinuous(t, out)
	if len(ranges) < 2 || !strings.HasPrefix(ranges[1], "bytes=2") {
		t.Errorf("requests %q: want the second to resume at about byte 20000", ranges)
	}
}

// A host that trickles every time fails the track with the reason.
func TestTrickleForeverFails(t *testing.T) {
	for _, tc := range []struct{ kind, path, file string }{{"http_mp3_128", "/full.mp3", "full.mp3"}} {
		t.Run(tc.kind, func(t *testing.T) {
			var ranges []string
			c := newHostileCDN(t, trickler(t, tc.file, func(int64) bool { return true }, &ranges))
			errs, _ := c.play(t, tc.kind, tc.path, 30*time.Second)
			if len(errs) == 0 || !strings.Contains(errs[len(errs)-1].Error(), "stalled") {
				t.Errorf("errors %v, want one saying the host stalled", errs)
			}
			if len(ranges) > 1+stallRetries {
				t.Errorf("requests %q: want at most %d", ranges, 1+stallRetries)
			}
		})
	}
}

// An HLS segment that never comes fails the track with the reason.
func TestStalledSegmentFails(t *testing.T) {
	serve := serveFixture(t, nil)
	c := newHostileCDN(t, func(w http.ResponseWriter, r *http.Request) {
		if strings.HasSuffix(r.URL.Path, "seg003.m4s") {
			<-r.Context().Done()
			return
		}
		serve(w, r)
	})
	errs, out := c.play(t, "hls_aac_160", "/aac/index.m3u8", 30*time.Second)
	if len(errs) == 0 || !strings.Contains(errs[len(errs)-1].Error(), "segment 4") || !strings.Contains(errs[len(errs)-1].Error(), "no response") {
		t.Errorf("errors %v, want one naming segment 4 and the stall", errs)
	}
	if n := wavLength(t, out); n < 5*time.Second || n > 7*time.Second {
		t.Errorf("played %v, want the 6 s before the stalled segment", n)
	}
}

// countingRes resolves every stream to target and counts the HTTP clients
// asked for (one per request attempt).
type countingRes struct {
	*fixedStreams
	target  string
	clients atomic.Int64
}

func (c *countingRes) ResolveStream(context.Context, string) (string, error) { return c.target, nil }
func (c *countingRes) HTTPClient() *http.Client {
	c.clients.Add(1)
	return c.fixedStreams.HTTPClient()
}

// What cannot succeed is not retried: a file: URL, a 404. A 408 is.
func TestPermanentErrorsNotRetried(t *testing.T) {
	var status atomic.Int64
	c := newHostileCDN(t, func(w http.ResponseWriter, r *http.Request) {
		if s := status.Swap(0); s != 0 {
			w.WriteHeader(int(s))
			return
		}
		serveFixture(t, nil)(w, r)
	})
	for _, tc := range []struct {
		name, target string
		status       int
		attempts     int64
		plays        bool
	}{
		{"file scheme", "file:///etc/hostname", 0, 1, false},
		{"404", c.srv.URL + "/full.mp3", 404, 1, false},
		{"408", c.srv.URL + "/full.mp3", 408, 2, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			status.Store(int64(tc.status))
			s := &api.Streams{HTTPMP3128URL: "http://redirector.invalid/x"}
			res := &countingRes{fixedStreams: &fixedStreams{hostileCDN: c, s: s}, target: tc.target}
			p, out := newWAVPlayerOpts(t, Options{res: res, StallTimeout: testStall})
			tr := api.Track{URN: api.NewURN(api.KindTrack, 1), Title: "x", Duration: 24000, Access: api.AccessPlayable}
			errs := playCollect(t, p, tr, 30*time.Second)
			p.Close()
			if tc.plays {
				checkContinuous(t, out)
			} else if len(errs) == 0 {
				t.Errorf("no error event")
			}
			if n := res.clients.Load(); n > tc.attempts && !tc.plays {
				t.Errorf("%d attempts, want %d (errors %v)", n, tc.attempts, errs)
			}
		})
	}
}

// blockingRes is a stream redirector that never answers.
type blockingRes struct{ *fixedStreams }

func (b *blockingRes) ResolveStream(ctx context.Context, _ string) (string, error) {
	<-ctx.Done()
	return "", ctx.Err()
}

// A redirector that never answers fails the track after the stall timeout.
func TestNeverAnsweringRedirectorFails(t *testing.T) {
	c := newHostileCDN(t, func(w http.ResponseWriter, r *http.Request) {})
	for _, kind := range []string{"http_mp3_128", "hls_aac_160"} {
		s := &api.Streams{HTTPMP3128URL: c.srv.URL + "/r", HLSAAC160URL: c.srv.URL + "/r"}
		if kind == "http_mp3_128" {
			s.HLSAAC160URL = ""
		} else {
			s.HTTPMP3128URL = ""
		}
		res := &blockingRes{&fixedStreams{hostileCDN: c, s: s}}
		p, _ := newWAVPlayerOpts(t, Options{res: res, StallTimeout: testStall})
		tr := api.Track{URN: api.NewURN(api.KindTrack, 1), Title: "x", Duration: 24000, Access: api.AccessPlayable}
		errs := playCollect(t, p, tr, 30*time.Second)
		p.Close()
		if len(errs) == 0 || !strings.Contains(errs[len(errs)-1].Error(), "no answer from the stream redirector") {
			t.Errorf("%s: errors %v, want one saying the redirector did not answer", kind, errs)
		}
	}
}

// A 16-byte box claiming 64 GiB, as the init segment, fails the track with
// a reason; as one media segment, that segment is skipped with a warning
// and the rest plays.
func TestHugeBoxInStream(t *testing.T) {
	huge := binary.BigEndian.AppendUint64(append(binary.BigEndian.AppendUint32(nil, 1), "mdat"...), 64<<30)
	for _, tc := range []struct {
		seg   string
		plays bool
	}{{"init.mp4", false}, {"seg002.m4s", true}} {
		t.Run(tc.seg, func(t *testing.T) {
			serve := serveFixture(t, nil)
			c := newHostileCDN(t, func(w http.ResponseWriter, r *http.Request) {
				if strings.HasSuffix(r.URL.Path, "/"+tc.seg) {
					w.Write(huge)
					return
				}
				serve(w, r)
			})
			errs, out := c.play(t, "hls_aac_160", "/aac/index.m3u8", 60*time.Second)
			if len(errs) == 0 || !strings.Contains(errs[0].Error(), `box "mdat" claims 68719476736 bytes`) {
				t.Fatalf("errors %v, want one about the mdat box", errs)
			}
			if !tc.plays {
				return
			}
			x, rate := readWAV(t, out)
			got := freqsOf(significant(toneRuns(x, rate), 300*time.Millisecond))
			if len(got) < 7 {
				t.Errorf("tones %v: the segments after the broken one did not play", got)
			}
		})
	}
}
