//go:build linux

package main

import (
	"context"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"net/http/httputil"
	"net/url"
	"os"
	"strings"
	"sync/atomic"
	"time"

	"github.com/cirrus-tui/cirrus/api"
	"github.com/cirrus-tui/cirrus/api/fake"
)

// The bytes rows: what each player fetches from the CDN, counted at a
// reverse proxy in front of the fake's CDN listener. A second demo-server
// is started with --cdn-url pointing at the proxy, so every signed URL
// (playlists, segments, the progressive MP3) leads the players through it;
// the other rows keep their own server without the extra hop.

// byteProxy counts the response body bytes it writes to the players: what
// a CDN would send them. Media is counted apart from anything else
// (artwork, waveforms), which no row here asks for.
type byteProxy struct {
	ln           net.Listener
	media, other atomic.Int64
}

// listenProxy takes the proxy's port first: demo-server must be told the
// proxy's URL before it prints the CDN listener the proxy forwards to.
func listenProxy() *byteProxy {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		fatal("proxy: %v", err)
	}
	return &byteProxy{ln: ln}
}

func (p *byteProxy) url() string { return "http://" + p.ln.Addr().String() }

// serve forwards to the CDN listener at target until stop.
func (p *byteProxy) serve(target string) (stop func()) {
	u, err := url.Parse(target)
	if err != nil {
		fatal("proxy target %q: %v", target, err)
	}
	rp := &httputil.ReverseProxy{
		Rewrite: func(r *httputil.ProxyRequest) { r.SetURL(u) },
		// A player closing a connection mid-body (a seek, a stop) is normal.
		ErrorLog: log.New(io.Discard, "", 0),
	}
	srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n := &p.other
		if strings.HasPrefix(r.URL.Path, "/media/") {
			n = &p.media
		}
		cw := &countingWriter{ResponseWriter: w, n: n}
		rp.ServeHTTP(cw, r)
		if os.Getenv("BENCH_DEBUG") != "" {
			fmt.Fprintf(os.Stderr, "    proxy: %s Range %q: %d bytes\n", r.URL.Path, r.Header.Get("Range"), cw.written)
		}
	})}
	go srv.Serve(p.ln)
	return func() { srv.Close() }
}

// countingWriter adds what the client was actually written to n.
type countingWriter struct {
	http.ResponseWriter
	n       *atomic.Int64
	written int64 // this response's, for BENCH_DEBUG
}

func (c *countingWriter) Write(b []byte) (int, error) {
	k, err := c.ResponseWriter.Write(b)
	c.n.Add(int64(k))
	c.written += int64(k)
	return k, err
}

// Unwrap lets the proxy's flushes reach the server's writer.
func (c *countingWriter) Unwrap() http.ResponseWriter { return c.ResponseWriter }

// bytesPlayers are the players of the bytes rows: mpv with its read-ahead
// cache (the default for network streams) and without.
var bytesPlayers = []string{"cirrus", "mpv", "mpv-nocache"}

// seekTargets are where the seek row jumps in the 2-h mix, forwards and
// back, the same for every player, each far from the others.
var seekTargets = []int{20 * 60, 85 * 60, 50 * 60, 115 * 60}

// Seconds played after a start or a seek before the bytes are read.
const (
	bytesPlaySecs = 5
	// the progressive MP3 is a 30-s snippet since 2026 (api/fake/NOTES.md):
	// measured while it still plays
	progSecs = 20
)

// bytesRows measures the bytes rows, runs times, players alternating.
func bytesRows(ctx context.Context) []row {
	px := listenProxy()
	b, stopServer := startServer("--cdn-url", px.url())
	defer stopServer()
	if b.cdnURL == "" {
		fatal("demo-server printed no CDN listener")
	}
	defer px.serve(b.cdnURL)()
	dir, err := os.MkdirTemp("", "cirrus-bytes")
	if err != nil {
		fatal("%v", err)
	}
	defer os.RemoveAll(dir)
	l := listen()
	defer l.close()

	start := row{name: fmt.Sprintf("bytes fetched to start the 3-min HLS AAC track and play %d s", bytesPlaySecs), unit: "KiB"}
	seek := row{name: fmt.Sprintf("bytes fetched per seek while playing, 2-h mix HLS MP3 (%d seeks, %d s played after each)", len(seekTargets), bytesPlaySecs), unit: "KiB"}
	session := row{name: fmt.Sprintf("bytes fetched in the whole seek run (start the 2-h mix, 3 s, %d seeks)", len(seekTargets)), unit: "MiB"}
	prog := row{name: fmt.Sprintf("bytes fetched for %d s of the progressive MP3 (a 30-s snippet)", progSecs), unit: "MiB"}
	for i := 0; i < *runs; i++ {
		for _, who := range bytesPlayers {
			start.put(who, kib(b.startBytes(ctx, l, px, dir, who)))
			perSeek, total := b.seekBytes(ctx, l, px, dir, who)
			seek.put(who, kib(perSeek))
			session.put(who, mib(total))
			prog.put(who, mib(b.progressiveBytes(ctx, l, px, dir, who)))
		}
		fmt.Fprintf(os.Stderr, "  bytes run %d/%d done\n", i+1, *runs)
	}
	if n := px.other.Load(); n > 0 {
		fmt.Fprintf(os.Stderr, "  (%d bytes of other CDN files, not counted)\n", n)
	}
	return []row{start, seek, session, prog}
}

func kib(n float64) float64 {
	if n < 0 {
		return -1
	}
	return n / 1024
}

func mib(n float64) float64 {
	if n < 0 {
		return -1
	}
	return n / (1 << 20)
}

// startBytesPlayer starts who on urn in format through the proxy's URLs,
// after the sink has fallen silent, and returns it with the time it was
// launched.
func (b *bench) startBytesPlayer(ctx context.Context, l *listener, dir, who string, urn api.URN, format string) (*ctlPlayer, time.Time) {
	l.first(time.Now(), 3*time.Second, silent) // the last player's tail
	time.Sleep(300 * time.Millisecond)
	if who == "cirrus" {
		t0 := time.Now()
		return b.startCirrus(dir, string(urn), "--format", format), t0
	}
	c := b.mpvCmdFormat(ctx, urn, "", format)
	args := []string{c[len(c)-1]}
	if who == "mpv-nocache" {
		args = append([]string{"--cache=no"}, args...)
	}
	t0 := time.Now()
	return b.startMPV(dir, args...), t0
}

// played says whether the sink hears p now and p reports a position in
// [lo, hi] s: the run played what it was asked to.
func played(l *listener, p *ctlPlayer, lo, hi float64) bool {
	if l.first(time.Now(), time.Second, loud) < 0 {
		return false
	}
	pos := p.pos()
	return pos >= lo && pos <= hi
}

// startBytes is the media fetched from launch to bytesPlaySecs after the
// first sound of the 3-min HLS AAC track; -1 when it did not play.
func (b *bench) startBytes(ctx context.Context, l *listener, px *byteProxy, dir, who string) float64 {
	return b.playBytes(ctx, l, px, dir, who, "the 3-min track", "hls_aac_160", bytesPlaySecs, 2)
}

// progressiveBytes is the media fetched from launch to progSecs after the
// first sound of the 3-min track's progressive MP3, a 30-s snippet since
// 2026; -1 when it did not play.
func (b *bench) progressiveBytes(ctx context.Context, l *listener, px *byteProxy, dir, who string) float64 {
	return b.playBytes(ctx, l, px, dir, who, "the progressive MP3", "http_mp3_128", progSecs, 3)
}

// playBytes plays the 3-min track in format for secs after its first
// sound and returns the media fetched from launch; -1 unless the player
// is then between secs-early and secs+3 s in.
func (b *bench) playBytes(ctx context.Context, l *listener, px *byteProxy, dir, who, what, format string, secs, early int) float64 {
	n0 := px.media.Load()
	p, t0 := b.startBytesPlayer(ctx, l, dir, who, api.NewURN(api.KindTrack, threeMinTrack), format)
	defer p.stop()
	if l.first(t0, 15*time.Second, loud) < 0 {
		fmt.Fprintf(os.Stderr, "  %s: %s was not heard; run not counted\n", who, what)
		return -1
	}
	time.Sleep(time.Duration(secs) * time.Second)
	n := px.media.Load() - n0
	if !played(l, p, float64(secs-early), float64(secs+3)) {
		fmt.Fprintf(os.Stderr, "  %s: not playing at %d s (position %.1f); run not counted\n", who, secs, p.pos())
		return -1
	}
	return float64(n)
}

// seekBytes plays the 2-h mix (HLS MP3: mpv 0.35 cannot seek in fMP4 HLS)
// for 3 s, then seeks to each of seekTargets and plays bytesPlaySecs after
// each. perSeek is the mean of the media fetched from each seek command
// to bytesPlaySecs later; total is everything from launch. Both are -1
// unless every seek was heard to play from its target.
func (b *bench) seekBytes(ctx context.Context, l *listener, px *byteProxy, dir, who string) (perSeek, total float64) {
	n0 := px.media.Load()
	p, t0 := b.startBytesPlayer(ctx, l, dir, who, api.NewURN(api.KindTrack, fake.MixTrackID), "hls_mp3_128")
	defer p.stop()
	if l.first(t0, 15*time.Second, loud) < 0 {
		fmt.Fprintf(os.Stderr, "  %s: the mix was not heard; run not counted\n", who)
		return -1, -1
	}
	time.Sleep(3 * time.Second)
	var seeks []float64
	for _, to := range seekTargets {
		s0 := px.media.Load()
		if err := p.send("seek", to); err != nil {
			fmt.Fprintf(os.Stderr, "  %s: seek %d: %v; run not counted\n", who, to, err)
			return -1, -1
		}
		time.Sleep(bytesPlaySecs * time.Second)
		n := px.media.Load() - s0
		at := float64(to)
		if !played(l, p, at+1, at+bytesPlaySecs+3) {
			fmt.Fprintf(os.Stderr, "  %s: not playing after the seek to %d s (position %.1f); run not counted\n", who, to, p.pos())
			return -1, -1
		}
		seeks = append(seeks, float64(n))
	}
	fmt.Fprintf(os.Stderr, "  %s: bytes per seek %v\n", who, seeks)
	var sum float64
	for _, n := range seeks {
		sum += n
	}
	return sum / float64(len(seeks)), float64(px.media.Load() - n0)
}
