package player

import (
	"bytes"
	"context"
	"crypto/aes"
	"crypto/cipher"
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/cirrus-tui/cirrus/api"
)

// HLS as ffmpeg's own HLS muxer writes it, in each of its modes: the
// fixtures in testdata/hls (made by scripts/gen-hls-fixtures, which says
// what each holds) served over loopback HTTP, played through the player
// into a WAV file, and the tones in it checked.

// hlsHost serves testdata/hls, honouring Range requests as a CDN does
// (http.ServeContent) unless ignoreRange, and counts what it sent.
type hlsHost struct {
	ignoreRange bool
	rewrite     func(name, body string) string // playlists, when set

	sent     atomic.Int64 // body bytes
	mu       sync.Mutex
	requests []string // "path range"
}

func (h *hlsHost) handler(t *testing.T) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		name := strings.TrimPrefix(r.URL.Path, "/")
		h.mu.Lock()
		h.requests = append(h.requests, name+" "+r.Header.Get("Range"))
		h.mu.Unlock()
		b, err := os.ReadFile(filepath.Join("testdata", "hls", filepath.FromSlash(name)))
		if err != nil {
			http.NotFound(w, r)
			return
		}
		if strings.HasSuffix(name, ".m3u8") && h.rewrite != nil {
			b = []byte(h.rewrite(name, string(b)))
		}
		cw := &countWriter{ResponseWriter: w, n: &h.sent}
		if h.ignoreRange {
			r.Header.Del("Range")
		}
		http.ServeContent(cw, r, name, time.Time{}, strings.NewReader(string(b)))
	}
}

// playHLS plays dir/index.m3u8 as the track's only stream (of kind, an
// /streams key) and returns the error events and the WAV's left channel.
func playHLS(t *testing.T, h *hlsHost, kind, dir string, dur time.Duration) ([]error, []float64, int) {
	t.Helper()
	c := newHostileCDN(t, h.handler(t))
	var s api.Streams
	u := c.srv.URL + "/" + dir + "/index.m3u8"
	switch kind {
	case "hls_mp3_128":
		s.HLSMP3128URL = u
	default:
		s.HLSAAC160URL = u
	}
	p, out := newWAVPlayerOpts(t, Options{res: &fixedStreams{hostileCDN: c, s: &s}, StallTimeout: 5 * testStall})
	tr := api.Track{URN: api.NewURN(api.KindTrack, 1), Title: dir, Duration: dur.Milliseconds(), Access: api.AccessPlayable}
	errs := playCollect(t, p, tr, time.Minute)
	if err := p.Close(); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(out)
	if err != nil || len(b) < 44 {
		return errs, nil, 0
	}
	x, rate := readWAV(t, out)
	return errs, x, rate
}

// wantTones checks x holds exactly the tones want, in order, and lasts
// about length.
func wantTones(t *testing.T, x []float64, rate int, want []float64, length time.Duration) {
	t.Helper()
	if rate == 0 {
		t.Fatal("no audio written")
	}
	got := time.Duration(len(x)) * time.Second / time.Duration(rate)
	if got < length-150*time.Millisecond || got > length+200*time.Millisecond {
		t.Errorf("played %v, want about %v", got, length)
	}
	runs := significant(toneRuns(x, rate), 300*time.Millisecond)
	if f := freqsOf(runs); !slices.Equal(f, want) {
		t.Fatalf("tones %v, want %v (runs %+v)", f, want, toneRuns(x, rate))
	}
}

func TestHLSAsPackagersWriteIt(t *testing.T) {
	for _, tc := range []struct {
		dir, kind string
		tones     []float64
		length    time.Duration
	}{
		{"fmp4", "hls_aac_160", []float64{400}, 3 * time.Second},
		{"ts", "hls_aac_160", []float64{600}, 3 * time.Second},
		{"mp3ts", "hls_mp3_128", []float64{500}, 3 * time.Second},
		{"single_ts", "hls_aac_160", []float64{700}, 3 * time.Second},
		{"single_fmp4", "hls_aac_160", []float64{800}, 3 * time.Second},
		// each part 2 s; the second at 48 kHz, resampled
		{"disc_ts", "hls_aac_160", []float64{400, 600}, 4 * time.Second},
		{"disc_fmp4", "hls_aac_160", []float64{400, 600}, 4 * time.Second},
		{"disc_mp3ts", "hls_mp3_128", []float64{500, 700}, 4 * time.Second},
		{"aes_ts", "hls_aac_160", []float64{900}, 2 * time.Second},
	} {
		t.Run(tc.dir, func(t *testing.T) {
			h := &hlsHost{}
			errs, x, rate := playHLS(t, h, tc.kind, tc.dir, tc.length)
			if len(errs) > 0 {
				t.Fatalf("errors: %v", errs)
			}
			wantTones(t, x, rate, tc.tones, tc.length)
			// Every byte of the stream once, playlist included: a
			// byte-range playlist must not fetch its file per segment.
			var size int64
			filepath.Walk(filepath.Join("testdata", "hls", tc.dir), func(_ string, fi os.FileInfo, err error) error {
				if err == nil && !fi.IsDir() {
					size += fi.Size()
				}
				return nil
			})
			if sent := h.sent.Load(); sent > size {
				t.Errorf("host sent %d bytes for a stream of %d (requests %q)", sent, size, h.requests)
			}
			if strings.HasPrefix(tc.dir, "single") {
				for _, r := range h.requests {
					if strings.Contains(r, "all.") && !strings.Contains(r, "bytes=") {
						t.Errorf("request without a range: %q", r)
					}
				}
			}
		})
	}
}

// A host that ignores Range would send the whole file per segment: the
// stream is refused, plainly, after one request for the file.
func TestByteRangeIgnoredIsRefused(t *testing.T) {
	for _, dir := range []string{"single_ts", "single_fmp4"} {
		t.Run(dir, func(t *testing.T) {
			h := &hlsHost{ignoreRange: true}
			errs, _, _ := playHLS(t, h, "hls_aac_160", dir, 3*time.Second)
			if len(errs) == 0 || !errors.Is(errs[0], ErrUnsupported) || !strings.Contains(errs[0].Error(), "ignores byte ranges") {
				t.Fatalf("errors %v, want one saying the host ignores byte ranges", errs)
			}
			n := 0
			for _, r := range h.requests {
				if strings.Contains(r, "all.") {
					n++
				}
			}
			if n != 1 {
				t.Errorf("%d requests for the file, want 1: %q", n, h.requests)
			}
		})
	}
}

// Live playlists and encrypted ones are refused with their reason.
func TestHLSRefusals(t *testing.T) {
	for _, tc := range []struct {
		name    string
		rewrite func(string) string
		want    error
		words   string
	}{
		{"live", func(s string) string { return strings.Replace(s, "#EXT-X-ENDLIST\n", "", 1) }, ErrLive, "no EXT-X-ENDLIST"},
		{"aes-128 over byte ranges", func(s string) string {
			return strings.Replace(s, "#EXTINF", "#EXT-X-KEY:METHOD=AES-128,URI=\"key.bin\"\n#EXTINF", 1)
		}, ErrUnsupported, "AES-128 encryption of byte ranges"},
		{"sample-aes", func(s string) string {
			return strings.Replace(s, "#EXTINF", "#EXT-X-KEY:METHOD=SAMPLE-AES,URI=\"skd://k\",KEYFORMAT=\"com.apple.streamingkeydelivery\"\n#EXTINF", 1)
		}, ErrDRM, "SAMPLE-AES"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := &hlsHost{rewrite: func(_, body string) string { return tc.rewrite(body) }}
			dir := "ts"
			if strings.Contains(tc.name, "byte ranges") {
				dir = "single_ts"
			}
			errs, _, _ := playHLS(t, h, "hls_aac_160", dir, 3*time.Second)
			if len(errs) == 0 || !errors.Is(errs[0], tc.want) || !strings.Contains(errs[0].Error(), tc.words) {
				t.Fatalf("errors %v, want %v saying %q", errs, tc.want, tc.words)
			}
			for _, r := range h.requests {
				if strings.Contains(r, ".ts") || strings.Contains(r, "key") {
					t.Errorf("fetched a segment of a refused stream: %q", r)
				}
			}
		})
	}
}

// The demuxer finds the audio stream by PAT and PMT in every fixture, and
// the ADTS frames in it add up to the playlist's durations.
func TestDemuxTSFixtures(t *testing.T) {
	for _, tc := range []struct {
		name  string
		codec tsCodec
	}{{"ts/seg0.ts", tsAAC}, {"ts/seg3.ts", tsAAC}, {"mp3ts/seg1.ts", tsMP3}, {"single_ts/all.ts", tsAAC}, {"disc_ts/b/seg0.ts", tsAAC}} {
		b, err := os.ReadFile(filepath.Join("testdata", "hls", tc.name))
		if err != nil {
			t.Fatal(err)
		}
		a, err := demuxTS(b, false)
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		if a.codec != tc.codec || a.damaged != 0 || len(a.es) == 0 {
			t.Fatalf("%s: codec %v, %d damaged, %d bytes", tc.name, a.codec, a.damaged, len(a.es))
		}
		if a.codec != tsAAC {
			continue
		}
		units, asc, rest, skipped, err := splitADTS(a.es)
		if err != nil || rest != nil || skipped != 0 {
			t.Fatalf("%s: %d units, rest %d, skipped %d: %v", tc.name, len(units), len(rest), skipped, err)
		}
		if tc.name == "single_ts/all.ts" {
			// 3 s at 44.1 kHz, and the encoder's priming frame
			if len(units) != 131 || asc[0] != 0x12 {
				t.Errorf("%d units (asc % x), want 131 of AAC-LC at 44.1 kHz", len(units), asc)
			}
		}
	}
}

// A packet lost from the middle of a PES packet drops that PES packet
// (its frames would be cut), not the segment.
func TestDemuxTSLostPacket(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("testdata", "hls", "ts", "seg0.ts"))
	if err != nil {
		t.Fatal(err)
	}
	whole, err := demuxTS(b, false)
	if err != nil {
		t.Fatal(err)
	}
	// drop the 5th audio packet that does not start a PES packet
	var cut []byte
	n := 0
	for i := 0; i+188 <= len(b); i += 188 {
		pk, _ := parseTSPacket(b[i : i+188])
		if pk.pid == 0x100 && !pk.start {
			if n++; n == 5 {
				continue
			}
		}
		cut = append(cut, b[i:i+188]...)
	}
	a, err := demuxTS(cut, false)
	if err != nil {
		t.Fatal(err)
	}
	if a.damaged != 1 || len(a.es) >= len(whole.es) {
		t.Fatalf("%d damaged, %d of %d bytes", a.damaged, len(a.es), len(whole.es))
	}
	units, _, _, skipped, err := splitADTS(a.es)
	if err != nil || skipped != 0 || len(units) == 0 {
		t.Fatalf("after the loss: %d units, %d bytes skipped: %v", len(units), skipped, err)
	}
}

// Byte ranges in playlists: offsets default to the end of the previous
// range of the same file; what cannot be a range is refused.
func TestParseByteRanges(t *testing.T) {
	pl := "#EXTM3U\n#EXT-X-MAP:URI=\"a.mp4\",BYTERANGE=\"700\"\n#EXTINF:1,\n#EXT-X-BYTERANGE:100@700\na.mp4\n#EXTINF:1,\n#EXT-X-BYTERANGE:50\na.mp4\n#EXT-X-DISCONTINUITY\n#EXTINF:1,\nb.ts\n#EXT-X-ENDLIST\n"
	p, err := parsePlaylist([]byte(pl), "https://cdn.example/x/index.m3u8")
	if err != nil {
		t.Fatal(err)
	}
	if len(p.maps) != 1 || p.maps[0].rng != (byteRange{0, 700}) {
		t.Errorf("maps %+v", p.maps)
	}
	s := p.segments
	if s[0].rng != (byteRange{700, 100}) || s[1].rng != (byteRange{800, 50}) || s[2].rng != (byteRange{}) {
		t.Errorf("ranges %+v %+v %+v", s[0].rng, s[1].rng, s[2].rng)
	}
	if s[0].disc != 0 || s[2].disc != 1 || !p.endList {
		t.Errorf("discontinuities %d %d, endlist %v", s[0].disc, s[2].disc, p.endList)
	}
	for _, bad := range []string{
		"#EXTM3U\n#EXTINF:1,\n#EXT-X-BYTERANGE:100\na.ts\n",                    // no offset, nothing before
		"#EXTM3U\n#EXTINF:1,\n#EXT-X-BYTERANGE:0@0\na.ts\n",                    // empty
		"#EXTM3U\n#EXTINF:1,\n#EXT-X-BYTERANGE:99999999999@0\na.ts\n",          // over a segment's bound
		"#EXTM3U\n#EXTINF:1,\n#EXT-X-BYTERANGE:1@99999999999999999999\na.ts\n", // offset overflows
		"#EXTM3U\n#EXTINF:1,\n#EXT-X-BYTERANGE:10@0\na.ts\n#EXTINF:1,\n#EXT-X-BYTERANGE:10\nb.ts\n",
	} {
		if _, err := parsePlaylist([]byte(bad), "https://cdn.example/x/index.m3u8"); err == nil {
			t.Errorf("accepted %q", bad)
		}
	}
}

// The resampler keeps a tone's frequency and the audio's length.
func TestResamplerKeepsTone(t *testing.T) {
	const from, to = 48000, 44100
	r := newResampler(from, to)
	var out []float64
	in := make([][2]float32, from) // 1 s of 600 Hz, fed in odd pieces
	for i := range in {
		v := float32(0.5 * math.Sin(2*math.Pi*600*float64(i)/from))
		in[i] = [2]float32{v, v}
	}
	for i := 0; i < len(in); i += 997 {
		for _, f := range r.convert(in[i:min(i+997, len(in))]) {
			out = append(out, float64(f[0]))
		}
	}
	if d := len(out) - to; d < -2 || d > 2 {
		t.Errorf("%d frames out of 1 s, want %d", len(out), to)
	}
	if f := toneAt(out[:to/2], to); f != 600 {
		t.Errorf("tone %v after resampling, want 600", f)
	}
}

// decodeHLS opens dir/index.m3u8 on c as an HLS source and decodes it from
// from into a queue large enough to hold it all.
func decodeHLS(t *testing.T, c *hostileCDN, kind streamKind, dir string, from time.Duration) ([]float64, int, []error) {
	t.Helper()
	ctx := context.Background()
	m := newMedia(c, c.srv.URL+"/"+dir+"/index.m3u8", nil, 5*testStall)
	h, err := openHLS(ctx, m, kind)
	if err != nil {
		t.Fatalf("open %s: %v", dir, err)
	}
	q := newPCMQueue(1 << 20)
	var warns []error
	if err := h.decode(ctx, from, q, func(err error) { warns = append(warns, err) }); err != nil {
		t.Fatalf("decode %s: %v", dir, err)
	}
	q.finish(nil)
	buf := make([][2]float32, 4096)
	var x []float64
	for {
		n, _ := q.read(buf)
		if n == 0 {
			break
		}
		for _, f := range buf[:n] {
			x = append(x, float64(f[0]))
		}
	}
	return x, q.sampleRate(), warns
}

// Seeking into a transport stream, whole files or byte ranges of one,
// starts where asked: the rest of the track, no more.
func TestHLSSeekIntoTS(t *testing.T) {
	h := &hlsHost{}
	c := newHostileCDN(t, h.handler(t))
	for _, dir := range []string{"ts", "single_ts", "mp3ts", "single_fmp4"} {
		kind := kindHLSAAC
		if dir == "mp3ts" {
			kind = kindHLSMP3
		}
		x, rate, warns := decodeHLS(t, c, kind, dir, 1500*time.Millisecond)
		if len(warns) > 0 {
			t.Errorf("%s: %v", dir, warns)
		}
		got := time.Duration(len(x)) * time.Second / time.Duration(rate)
		if got < 1400*time.Millisecond || got > 1700*time.Millisecond {
			t.Errorf("%s: %v left after a seek to 1.5 s of 3 s", dir, got)
		}
	}
}

// Packed audio (RFC 8216 3.4): ADTS segments behind an ID3 timestamp tag,
// here the AAC of the MPEG-TS fixture taken out of its transport stream.
func TestHLSPackedADTS(t *testing.T) {
	tag := []byte("ID3\x04\x00\x00\x00\x00\x00\x3f" + strings.Repeat("\x00", 63))
	segs := map[string][]byte{}
	for i := range 4 {
		b, err := os.ReadFile(filepath.Join("testdata", "hls", "ts", fmt.Sprintf("seg%d.ts", i)))
		if err != nil {
			t.Fatal(err)
		}
		a, err := demuxTS(b, false)
		if err != nil {
			t.Fatal(err)
		}
		segs[fmt.Sprintf("/packed/seg%d.aac", i)] = append(append([]byte(nil), tag...), a.es...)
	}
	pl, err := os.ReadFile(filepath.Join("testdata", "hls", "ts", "index.m3u8"))
	if err != nil {
		t.Fatal(err)
	}
	segs["/packed/index.m3u8"] = []byte(strings.ReplaceAll(string(pl), ".ts", ".aac"))
	c := newHostileCDN(t, func(w http.ResponseWriter, r *http.Request) {
		b, ok := segs[r.URL.Path]
		if !ok {
			http.NotFound(w, r)
			return
		}
		w.Write(b)
	})
	x, rate, warns := decodeHLS(t, c, kindHLSAAC, "packed", 0)
	if len(warns) > 0 {
		t.Errorf("warnings: %v", warns)
	}
	wantTones(t, x, rate, []float64{600}, 3*time.Second)
}

// A 206 for another range than asked (a cache that rounds ranges, a host
// off by one) is refused, not played from the wrong bytes.
func TestByteRangeMismatchIsRefused(t *testing.T) {
	h := &hlsHost{}
	inner := h.handler(t)
	c := newHostileCDN(t, func(w http.ResponseWriter, r *http.Request) {
		if rg := r.Header.Get("Range"); rg != "" {
			// bytes=a-b becomes bytes=a+1-b+1
			var a, b int64
			if _, err := fmt.Sscanf(rg, "bytes=%d-%d", &a, &b); err == nil {
				r.Header.Set("Range", fmt.Sprintf("bytes=%d-%d", a+1, b+1))
			}
		}
		inner(w, r)
	})
	m := newMedia(c, c.srv.URL+"/single_ts/index.m3u8", nil, 5*testStall)
	hs, err := openHLS(context.Background(), m, kindHLSAAC)
	if err != nil {
		t.Fatal(err)
	}
	_, err = hs.fetch(context.Background(), 1)
	if !errors.Is(err, ErrUnsupported) || !strings.Contains(err.Error(), "asked the media host for bytes 7520-14851") {
		t.Fatalf("fetch of a mismatched range: %v", err)
	}
	if n := len(h.requests); n != 2 {
		t.Errorf("%d requests (a refused range is not retried): %q", n, h.requests)
	}
}

// Bounds and damage: a PES packet claiming more than maxPESSize is
// refused; bytes inserted between packets cost a resync, not the segment;
// a stream without audio says so.
func TestDemuxTSBounds(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("testdata", "hls", "ts", "seg1.ts"))
	if err != nil {
		t.Fatal(err)
	}
	whole, err := demuxTS(b, false)
	if err != nil {
		t.Fatal(err)
	}

	// 3 stray bytes after the 10th packet
	shifted := append(append(append([]byte(nil), b[:10*188]...), 1, 2, 3), b[10*188:]...)
	a, err := demuxTS(shifted, false)
	if err != nil || a.codec != tsAAC || len(a.es) != len(whole.es) {
		t.Fatalf("after stray bytes: %v, %d of %d bytes", err, len(a.es), len(whole.es))
	}

	// one PES packet that never ends: its start, then payload packets
	// of the same PID with continuity counters in order
	var big []byte
	big = append(big, b[:2*188]...) // PAT, PMT
	big = append(big, tsPES(0x100, []byte{0, 0, 1, 0xc0, 0, 0, 0x80, 0x80, 0})...)
	for i := 0; len(big) < maxPESSize/184*188+100*188; i++ {
		p := make([]byte, 188)
		p[0], p[1], p[2], p[3] = 0x47, 0x01, 0x00, 0x10|byte((i+1)&0xf)
		big = append(big, p...)
	}
	if _, err := demuxTS(big, false); err == nil || !strings.Contains(err.Error(), "PES packet over") {
		t.Fatalf("endless PES packet: %v", err)
	}

	// the PMT's audio stream removed: no PES of a known stream
	var video []byte
	for i := 0; i+188 <= len(b); i += 188 {
		pk, _ := parseTSPacket(b[i : i+188])
		if pk.pid != 0x100 {
			video = append(video, b[i:i+188]...)
		}
	}
	if _, err := demuxTS(video, false); !errors.Is(err, errTSNoAudio) {
		t.Fatalf("no audio stream: %v", err)
	}
}

// A range cut off midway is asked for again, and the track plays whole.
func TestByteRangeCutIsRetried(t *testing.T) {
	h := &hlsHost{}
	inner := h.handler(t)
	var cut atomic.Int64
	c := newHostileCDN(t, func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Range") == "bytes=7520-14851" && cut.Add(1) == 1 {
			w.Header().Set("Content-Range", "bytes 7520-14851/22936")
			w.Header().Set("Content-Length", "7332")
			w.WriteHeader(http.StatusPartialContent)
			w.Write(make([]byte, 1000))
			w.(http.Flusher).Flush()
			panic(http.ErrAbortHandler)
		}
		inner(w, r)
	})
	x, rate, warns := decodeHLS(t, c, kindHLSAAC, "single_ts", 0)
	if len(warns) > 0 {
		t.Errorf("warnings: %v", warns)
	}
	if cut.Load() < 2 {
		t.Fatalf("the cut range was asked for %d times", cut.Load())
	}
	wantTones(t, x, rate, []float64{700}, 3*time.Second)
}

// AES-128 (RFC 8216 4.3.2.4): the IV from the tag, or else the media
// sequence number; a wrong key is said as such, not played as noise.
func TestAES128(t *testing.T) {
	key := []byte("fedcba9876543210")
	files := map[string][]byte{"/seq/key.bin": key, "/wrong/key.bin": []byte("0000000000000000")}
	pl := "#EXTM3U\n#EXT-X-TARGETDURATION:1\n#EXT-X-MEDIA-SEQUENCE:7\n#EXT-X-KEY:METHOD=AES-128,URI=\"key.bin\"\n"
	for i := range 4 {
		b, err := os.ReadFile(filepath.Join("testdata", "hls", "ts", fmt.Sprintf("seg%d.ts", i)))
		if err != nil {
			t.Fatal(err)
		}
		// PKCS#7, then CBC under IV = the sequence number
		pad := 16 - len(b)%16
		b = append(b, bytes.Repeat([]byte{byte(pad)}, pad)...)
		var iv [16]byte
		binary.BigEndian.PutUint64(iv[8:], uint64(7+i))
		blk, _ := aes.NewCipher(key)
		cipher.NewCBCEncrypter(blk, iv[:]).CryptBlocks(b, b)
		name := fmt.Sprintf("seg%d.ts", i)
		files["/seq/"+name], files["/wrong/"+name] = b, b
		pl += "#EXTINF:0.75,\n" + name + "\n"
	}
	files["/seq/index.m3u8"] = []byte(pl + "#EXT-X-ENDLIST\n")
	files["/wrong/index.m3u8"] = files["/seq/index.m3u8"]
	var keyFetches atomic.Int64
	c := newHostileCDN(t, func(w http.ResponseWriter, r *http.Request) {
		if strings.HasSuffix(r.URL.Path, "key.bin") {
			keyFetches.Add(1)
		}
		b, ok := files[r.URL.Path]
		if !ok {
			http.NotFound(w, r)
			return
		}
		w.Write(b)
	})
	x, rate, warns := decodeHLS(t, c, kindHLSAAC, "seq", 0)
	if len(warns) > 0 {
		t.Errorf("warnings: %v", warns)
	}
	wantTones(t, x, rate, []float64{600}, 3*time.Second)
	if n := keyFetches.Load(); n != 1 {
		t.Errorf("key fetched %d times, want once", n)
	}

	m := newMedia(c, c.srv.URL+"/wrong/index.m3u8", nil, 5*testStall)
	h, err := openHLS(context.Background(), m, kindHLSAAC)
	if err != nil {
		t.Fatal(err)
	}
	if err := h.decode(context.Background(), 0, newPCMQueue(1<<20), func(error) {}); err == nil || !strings.Contains(err.Error(), "wrong key") {
		t.Fatalf("decode with a wrong key: %v", err)
	}
}

// A master playlist whose variant is video only and names an audio group
// plays the group's rendition (EXT-X-MEDIA): the DEFAULT one, else the
// first AUTOSELECT one, else the first; the video is never fetched.
func TestHLSAudioRenditions(t *testing.T) {
	for _, tc := range []struct {
		name    string
		rewrite func(string) string
		tone    float64
	}{
		{"default", nil, 1000},
		{"autoselect", func(s string) string {
			s = strings.ReplaceAll(s, "DEFAULT=YES", "DEFAULT=NO")
			return strings.Replace(s, `NAME="audio_1",`, `NAME="audio_1",AUTOSELECT=YES,`, 1)
		}, 1000},
		{"first", func(s string) string { return strings.ReplaceAll(s, "DEFAULT=YES", "DEFAULT=NO") }, 300},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := &hlsHost{rewrite: func(name, body string) string {
				if name == "media/index.m3u8" && tc.rewrite != nil {
					return tc.rewrite(body)
				}
				return body
			}}
			errs, x, rate := playHLS(t, h, "hls_aac_160", "media", 2*time.Second)
			if len(errs) > 0 {
				t.Fatalf("errors: %v", errs)
			}
			wantTones(t, x, rate, []float64{tc.tone}, 2*time.Second)
			for _, r := range h.requests {
				if strings.HasPrefix(r, "media/vvideo/") {
					t.Errorf("fetched the video-only variant: %q", r)
				}
			}
		})
	}
}
