package player

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/cirrus-tui/cirrus/api"
)

// vbriFields are the numbers a VBRI tag carries besides its table.
type vbriFields struct {
	version, delay, quality     int
	bytes, frames               uint32
	scale, size, framesPerEntry int
}

// vbriFrame builds an MPEG-1 Layer III frame (128 kbit/s, 44.1 kHz, stereo:
// 417 bytes) whose side information is all zeros, so it decodes as silence,
// carrying a VBRI tag with entries stored big-endian in f.size bytes each.
func vbriFrame(t testing.TB, f vbriFields, entries []uint32) []byte {
	t.Helper()
	b := make([]byte, 417)
	copy(b, []byte{0xff, 0xfb, 0x90, 0x00})
	p := b[vbriOffset:]
	copy(p, "VBRI")
	be := binary.BigEndian
	be.PutUint16(p[4:], uint16(f.version))
	be.PutUint16(p[6:], uint16(f.delay))
	be.PutUint16(p[8:], uint16(f.quality))
	be.PutUint32(p[10:], f.bytes)
	be.PutUint32(p[14:], f.frames)
	be.PutUint16(p[18:], uint16(len(entries)))
	be.PutUint16(p[20:], uint16(f.scale))
	be.PutUint16(p[22:], uint16(f.size))
	be.PutUint16(p[24:], uint16(f.framesPerEntry))
	if vbriFixed+len(entries)*f.size > len(p) {
		t.Fatalf("%d entries of %d bytes do not fit in one frame", len(entries), f.size)
	}
	for i, e := range entries {
		for k := 0; k < f.size; k++ {
			p[vbriFixed+i*f.size+k] = byte(e >> (8 * (f.size - 1 - k)))
		}
	}
	return b
}

func TestParseVBRI(t *testing.T) {
	f := vbriFields{version: 1, delay: 1105, quality: 75, bytes: 123456, frames: 930, scale: 3, size: 2, framesPerEntry: 10}
	entries := []uint32{100, 2000, 65535, 7}
	b := vbriFrame(t, f, entries)
	if h, ok := parseMP3Header(b); !ok || h.length != len(b) {
		t.Fatalf("the hand-made tag frame is no valid frame: %+v %v", h, ok)
	}
	v, err := parseVBRI(b)
	if err != nil {
		t.Fatalf("parseVBRI: %v", err)
	}
	want := vbriInfo{version: 1, delay: 1105, quality: 75, bytes: 123456, frames: 930, scale: 3, entrySize: 2, framesPerEntry: 10,
		toc: []int64{300, 6000, 196605, 21}}
	if v.version != want.version || v.delay != want.delay || v.quality != want.quality || v.bytes != want.bytes ||
		v.frames != want.frames || v.scale != want.scale || v.entrySize != want.entrySize ||
		v.framesPerEntry != want.framesPerEntry || !slices.Equal(v.toc, want.toc) {
		t.Fatalf("parseVBRI = %+v, want %+v", *v, want)
	}

	// every entry size from 1 to 4 bytes reads the same values
	for size := 1; size <= 4; size++ {
		small := []uint32{1, 200, 255}
		g := f
		g.size = size
		v, err := parseVBRI(vbriFrame(t, g, small))
		if err != nil {
			t.Fatalf("entry size %d: %v", size, err)
		}
		if !slices.Equal(v.toc, []int64{3, 600, 765}) {
			t.Errorf("entry size %d: toc %v", size, v.toc)
		}
	}
	big := f
	big.size = 4
	if v, err := parseVBRI(vbriFrame(t, big, []uint32{0xfffffffe})); err != nil || v.toc[0] != 3*0xfffffffe {
		t.Errorf("a 4-byte entry: %v %v", v, err)
	}

	// zero entries: the totals, no table
	v, err = parseVBRI(vbriFrame(t, f, nil))
	if err != nil || v.toc != nil || v.frames != 930 || v.bytes != 123456 {
		t.Errorf("zero entries: %+v %v, want totals and no TOC", v, err)
	}

	// every truncation of the tag is an error, never a panic or a TOC
	// read past the end
	end := vbriOffset + vbriFixed + len(entries)*f.size
	for n := 0; n < end; n++ {
		v, err := parseVBRI(b[:n])
		if err == nil {
			t.Fatalf("truncated to %d bytes: accepted %+v", n, v)
		}
		if n < vbriOffset+4 && !errors.Is(err, errNoVBRI) {
			t.Errorf("truncated before the tag (%d bytes): %v, want errNoVBRI", n, err)
		}
		if n >= vbriOffset+4 && errors.Is(err, errNoVBRI) {
			t.Errorf("truncated inside the tag (%d bytes): %v, want a parse error", n, err)
		}
	}
	if _, err := parseVBRI(b[:end]); err != nil {
		t.Errorf("the tag exactly: %v", err)
	}

	for _, bad := range []struct {
		name string
		mod  func(g *vbriFields)
	}{
		{"entry size 0", func(g *vbriFields) { g.size = 0 }},
		{"entry size 5", func(g *vbriFields) { g.size = 5 }},
		{"scale 0", func(g *vbriFields) { g.scale = 0 }},
		{"no frames per entry", func(g *vbriFields) { g.framesPerEntry = 0 }},
	} {
		g := f
		bad.mod(&g)
		if v, err := parseVBRI(vbriFrame(t, g, []uint32{1, 2})); err == nil || errors.Is(err, errNoVBRI) {
			t.Errorf("%s: %+v %v, want a parse error", bad.name, v, err)
		}
	}

	xing := make([]byte, 417)
	copy(xing, []byte{0xff, 0xfb, 0x90, 0x00})
	copy(xing[vbriOffset:], "Xing")
	if _, err := parseVBRI(xing); !errors.Is(err, errNoVBRI) {
		t.Errorf("a Xing frame: %v, want errNoVBRI", err)
	}
}

// TestVBRIOffsetFor checks the walk through the table on numbers worked out
// by hand: 10 frames of 1152 samples at 44.1 kHz per entry.
func TestVBRIOffsetFor(t *testing.T) {
	h, _ := parseMP3Header([]byte{0xff, 0xfb, 0x90, 0x00})
	per := time.Duration(10*1152) * time.Second / 44100
	s := &mp3Source{start: 417, size: 417 + 6000, hdr: h, duration: time.Minute,
		vbri: &vbriInfo{framesPerEntry: 10, bytes: 6000, frames: 30, toc: []int64{1000, 2000, 3000}}}
	for _, c := range []struct {
		at   time.Duration
		want int64
	}{
		{0, 417},
		{per / 2, 417 + 500},
		{per + per/4, 417 + 1000 + 500},
		{2*per + per/2, 417 + 3000 + 1500},
		{time.Minute, 417 + 6000 - 1}, // past the table: the last byte
	} {
		if got := s.offsetFor(c.at); got < c.want-1 || got > c.want {
			t.Errorf("offsetFor(%v) = %d, want %d", c.at, got, c.want)
		}
	}
	// without a table, the tag's totals give the average bitrate, not the
	// tag frame's 128 kbit/s
	s.vbri.toc = nil
	s.size = 1 << 20
	sec := float64(30*1152) / 44100
	if got, want := s.offsetFor(time.Second), 417+int64(6000/sec); got < want-1 || got > want+1 {
		t.Errorf("offsetFor(1s) without TOC = %d, want %d", got, want)
	}
}

func FuzzVBRI(f *testing.F) {
	f.Add(vbriFrame(f, vbriFields{version: 1, quality: 75, bytes: 200000, frames: 900, scale: 1, size: 2, framesPerEntry: 10},
		[]uint32{4000, 3000, 5000, 2000}))
	f.Add(vbriFrame(f, vbriFields{version: 1, scale: 7, size: 4, framesPerEntry: 1}, []uint32{0xffffffff, 0xffffffff}))
	f.Add(vbriFrame(f, vbriFields{version: 1, frames: 10}, nil))
	f.Fuzz(func(t *testing.T, b []byte) {
		v, err := parseVBRI(b)
		if err != nil {
			if v != nil {
				t.Fatalf("an error with a result: %v", err)
			}
			return
		}
		if len(v.toc) > 0 && (v.entrySize < 1 || v.entrySize > 4 || v.framesPerEntry == 0 || v.scale == 0) {
			t.Fatalf("accepted a table it cannot use: %+v", *v)
		}
		if vbriOffset+vbriFixed+len(v.toc)*v.entrySize > len(b) {
			t.Fatalf("read %d entries of %d bytes from %d bytes", len(v.toc), v.entrySize, len(b))
		}
		h, ok := parseMP3Header(b)
		if !ok {
			h, _ = parseMP3Header([]byte{0xff, 0xfb, 0x90, 0x00})
		}
		s := &mp3Source{start: 417, size: 1 << 20, hdr: h, duration: time.Minute, vbri: v}
		for _, at := range []time.Duration{0, time.Millisecond, 13 * time.Second, time.Hour, -time.Second} {
			if off := s.offsetFor(at); off < 0 || off >= s.size {
				t.Fatalf("offsetFor(%v) = %d, outside [0, %d)", at, off, s.size)
			}
		}
	})
}

// vbriFile is a VBR MP3 of the tone sequence whose Xing frame was replaced
// by a VBRI one, and the byte offsets of its audio frames.
type vbriFile struct {
	data   []byte
	start  int64   // first audio frame, after the VBRI frame
	frames []int64 // offsets of audio frames from start, and the end
	toc    []int64 // bytes per entry, as written
	fpe    int
}

// makeVBRIFile encodes the tones with lame's VBR mode (noise added from
// 12 s on, so the second half takes about three times the bytes of the
// first), drops the ID3 tag and the Xing frame, and puts a VBRI frame
// whose table comes from the real frame offsets in front.
func makeVBRIFile(t *testing.T) vbriFile {
	t.Helper()
	if _, err := exec.LookPath("ffmpeg"); err != nil {
		t.Fatalf("ffmpeg not installed: %v", err)
	}
	out := filepath.Join(t.TempDir(), "vbr.mp3")
	src := "aevalsrc=0.5*sin(2*PI*(300+100*floor(t/3))*t)+gte(t\\,12)*0.08*(random(0)*2-1):s=44100:d=24"
	cmd := exec.Command("ffmpeg", "-loglevel", "error", "-y", "-f", "lavfi", "-i", src, "-ac", "2",
		"-c:a", "libmp3lame", "-q:a", "2", out)
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("ffmpeg: %v: %s", err, b)
	}
	raw, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	raw = raw[id3Size(raw):]
	h, ok := parseMP3Header(raw)
	if !ok {
		t.Fatal("no frame after the ID3 tag")
	}
	if _, ok := parseXing(raw, h); !ok {
		t.Fatal("lame wrote no Xing frame; the test would not prove the VBRI path replaces it")
	}
	audio := raw[h.length:]
	var frames []int64
	p := 0
	for p+4 <= len(audio) {
		fh, ok := parseMP3Header(audio[p:])
		if !ok {
			break
		}
		frames = append(frames, int64(p))
		p += fh.length
	}
	if rest := audio[min(p, len(audio)):]; len(rest) != 0 && !(len(rest) == 128 && string(rest[:3]) == "TAG") {
		t.Fatalf("%d bytes after the last frame are not an ID3v1 tag", len(rest))
	}
	if len(frames) < 900 {
		t.Fatalf("%d frames, want about 919 for 24 s", len(frames))
	}
	p = min(p, len(audio))
	frames = append(frames, int64(p))
	audio = audio[:p]

	const fpe = 10
	var toc []int64
	var entries []uint32
	for i := 0; i+1 < len(frames); i += fpe {
		n := frames[min(i+fpe, len(frames)-1)] - frames[i]
		toc = append(toc, n)
		entries = append(entries, uint32(n))
	}
	tag := vbriFrame(t, vbriFields{version: 1, delay: 576, quality: 75, bytes: uint32(len(audio)),
		frames: uint32(len(frames) - 1), scale: 1, size: 2, framesPerEntry: fpe}, entries)
	return vbriFile{data: append(tag, audio...), start: int64(len(tag)), frames: frames, toc: toc, fpe: fpe}
}

// rangeRecorder serves one file with Range support and remembers where
// every request started.
type rangeRecorder struct {
	srv  *httptest.Server
	data []byte

	mu     sync.Mutex
	starts []int64
}

func newRangeRecorder(t *testing.T, data []byte) *rangeRecorder {
	r := &rangeRecorder{data: data}
	r.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		start := int64(0)
		if rg := req.Header.Get("Range"); strings.HasPrefix(rg, "bytes=") {
			s, _, _ := strings.Cut(strings.TrimPrefix(rg, "bytes="), "-")
			start, _ = strconv.ParseInt(s, 10, 64)
		}
		r.mu.Lock()
		r.starts = append(r.starts, start)
		r.mu.Unlock()
		http.ServeContent(w, req, "vbri.mp3", time.Time{}, bytes.NewReader(r.data))
	}))
	t.Cleanup(r.srv.Close)
	return r
}

func (r *rangeRecorder) requests() []int64 {
	r.mu.Lock()
	defer r.mu.Unlock()
	return slices.Clone(r.starts)
}

// Streams implements resolver: the file is the progressive MP3.
func (r *rangeRecorder) Streams(ctx context.Context, urn api.URN) (*api.Streams, error) {
	return &api.Streams{HTTPMP3128URL: r.srv.URL + "/vbri.mp3"}, nil
}

// ResolveStream implements resolver: no redirector, the URL is the file.
func (r *rangeRecorder) ResolveStream(ctx context.Context, u string) (string, error) { return u, nil }
func (r *rangeRecorder) HTTPClient() *http.Client                                    { return r.srv.Client() }
func (r *rangeRecorder) BaseURL() string                                             { return r.srv.URL }

// TestVBRISeek seeks a VBR MP3 that has only a VBRI table: the Range
// request must start where the table says, and what plays after it must be
// the tone at the target. The tag frame's bitrate (128 kbit/s) would put
// 13.5 s past the end of the file, so the bitrate fallback fails both checks.
func TestVBRISeek(t *testing.T) {
	f := makeVBRIFile(t)
	const target = 13500 * time.Millisecond

	// where the table puts 13.5 s, worked out from the frame list
	per := float64(f.fpe*1152) / 44100
	at := target.Seconds() / per
	i := int(at)
	want := f.start + f.frames[i*f.fpe] + int64((at-float64(i))*float64(f.toc[i]))
	// sanity: the table is right to within one stretch of the real frame
	real := f.start + f.frames[int(target.Seconds()*44100/1152)]
	if d := want - real; d < -f.toc[i] || d > f.toc[i] {
		t.Fatalf("the TOC offset %d is %d bytes from the real frame at %v", want, d, target)
	}
	estimate := f.start + int64(target.Seconds()*128000/8)
	if estimate < int64(len(f.data)) {
		t.Fatalf("the bitrate estimate %d is inside the file (%d bytes); the test proves nothing", estimate, len(f.data))
	}

	srv := newRangeRecorder(t, f.data)
	p, out := newWAVPlayer(t, srv, 0)
	tr := api.Track{URN: api.NewURN(api.KindTrack, 77), Title: "vbri tones", Duration: 24000, Access: api.AccessPlayable}
	p.Load(tr)
	waitEvent(t, p, 20*time.Second, func(ev Event) bool { return ev.Kind == EventState && ev.Status.State == Paused })
	p.Seek(target)
	p.Play()
	waitEvent(t, p, 60*time.Second, stoppedAfterPlaying)
	if err := p.Close(); err != nil {
		t.Fatal(err)
	}

	reqs := srv.requests()
	if !slices.Contains(reqs, want) {
		t.Errorf("range requests started at %v; none at %d, where the VBRI table puts %v", reqs, want, target)
	}
	x, rate := readWAV(t, out)
	runs := significant(toneRuns(x, rate), 300*time.Millisecond)
	if got := freqsOf(runs); !slices.Equal(got, []float64{700, 800, 900, 1000}) {
		t.Fatalf("tones after the seek to %v: %v, want 700 800 900 1000 (runs %+v)", target, got, runs)
	}
	if d := runs[0].to - runs[0].from; d < 1250*time.Millisecond || d > 1750*time.Millisecond {
		t.Errorf("700 Hz played %v after the seek to 13.5 s, want 1.5 s", d)
	}
	if d := runs[1].to - runs[1].from; d < 2750*time.Millisecond || d > 3250*time.Millisecond {
		t.Errorf("800 Hz played %v, want 3 s", d)
	}
}
