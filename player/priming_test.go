package player

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/Eyevinn/mp4ff/mp4"

	"github.com/cirrus-tui/cirrus/api"
)

// dirRes serves a directory of HLS streams over loopback HTTP: a
// redirector URL is a path under it, resolved to itself.
type dirRes struct{ srv *httptest.Server }

func (r dirRes) Streams(context.Context, api.URN) (*api.Streams, error) {
	return nil, errors.New("dirRes: no catalogue")
}
func (r dirRes) ResolveStream(_ context.Context, u string) (string, error) { return r.srv.URL + u, nil }
func (r dirRes) HTTPClient() *http.Client                                  { return r.srv.Client() }
func (r dirRes) BaseURL() string                                           { return r.srv.URL }

// Two halves of one 440 Hz tone, encoded as two fMP4 tracks by ffmpeg's
// AAC encoder, each with its encoder delay in the edit list (media_time
// 1024) and its end padding in the last sample's duration, decode through
// the HLS source to exactly their own samples: played back to back they
// join without a gap or a click. Before the player trimmed what the
// container says, each track began with 1024 samples of priming and ended
// with up to a frame of padding: a 50 ms hole in the middle of the tone.
func TestFMP4TracksJoinWithoutGap(t *testing.T) {
	if _, err := exec.LookPath("ffmpeg"); err != nil {
		t.Fatalf("ffmpeg is needed to encode the test tracks: %v", err)
	}
	const (
		rate = 44100
		half = 30001 // samples per track: not a whole number of frames
		freq = 440.0
		amp  = 0.5
	)
	dir := t.TempDir()
	for i, name := range []string{"a", "b"} {
		pcm := make([]byte, 0, 4*half)
		for n := i * half; n < (i+1)*half; n++ {
			pcm = binary.LittleEndian.AppendUint32(pcm, math.Float32bits(float32(amp*math.Sin(2*math.Pi*freq*float64(n)/rate))))
		}
		encodeFMP4Track(t, dir, name, rate, pcm)
	}
	srv := httptest.NewServer(http.FileServer(http.Dir(dir)))
	defer srv.Close()

	var joined [][2]float32
	for _, name := range []string{"a", "b"} {
		got, _ := decodeHLSTrack(t, dirRes{srv}, "/"+name+"/index.m3u8", nil)
		if len(got) != half {
			t.Errorf("track %s: %d frames decoded, the encoder was given %d (priming or padding not trimmed)", name, len(got), half)
		}
		joined = append(joined, got...)
	}
	if t.Failed() {
		return
	}
	// Against the tone itself, away from the ends of the tracks (where
	// the encoder rings at the cut): a track shifted by even one sample
	// is 0.031 off; the codec alone is under a thousandth.
	toneAt := func(n int) float64 { return amp * math.Sin(2*math.Pi*freq*float64(n)/rate) }
	worst, at := 0.0, 0
	for _, span := range [][2]int{{4096, half - 4096}, {half + 4096, 2*half - 4096}} {
		for n := span[0]; n < span[1]; n++ {
			for _, v := range joined[n] {
				if e := math.Abs(float64(v) - toneAt(n)); e > worst {
					worst, at = e, n
				}
			}
		}
	}
	t.Logf("inside the tracks the largest difference from the tone is %.5f (frame %d)", worst, at)
	if worst > 0.005 {
		t.Errorf("a track is out of step with the tone: %.4f off at frame %d", worst, at)
	}
	// At the join, sample to sample: no step beyond the tone's own plus
	// the ringing of an encoder cutting a tone (about 0.1 at 128 kbit/s);
	// a gap of silence here would step by the tone's value there.
	gapStep := math.Abs(toneAt(half))
	step, stepAt := 0.0, 0
	for n := half - 64; n < half+64; n++ {
		if d := math.Abs(float64(joined[n][0] - joined[n-1][0])); d > step {
			step, stepAt = d, n
		}
	}
	t.Logf("largest step at the join: %.4f at frame %d (the tone's own at most %.4f; a gap would step by %.3f)", step, stepAt, 2*math.Pi*freq/rate*amp, gapStep)
	if step > 0.2 || step > gapStep/2 {
		t.Errorf("a click at the join: a step of %.3f at frame %d", step, stepAt)
	}
}

// encodeFMP4Track encodes mono float PCM with ffmpeg's AAC encoder as fragmented MP4
// whose init segment carries the encoder delay in its edit list
// (delay_moov), and cuts it into an HLS fMP4 stream in dir/name: init.mp4,
// one segment per fragment, index.m3u8 with each fragment's duration.
func encodeFMP4Track(t *testing.T, dir, name string, rate int, pcm []byte) {
	t.Helper()
	out := filepath.Join(dir, name+".mp4")
	cmd := exec.Command("ffmpeg", "-v", "error", "-y", "-f", "f32le", "-ar", fmt.Sprint(rate), "-ac", "1", "-i", "pipe:0",
		"-c:a", "aac", "-b:a", "128k",
		"-f", "mp4", "-movflags", "+frag_keyframe+empty_moov+delay_moov+default_base_moof", "-frag_duration", "300000", out)
	cmd.Stdin = bytes.NewReader(pcm)
	if o, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("ffmpeg: %v: %s", err, o)
	}
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	var init []byte
	var segs [][]byte
	for len(b) >= 8 {
		size := int(binary.BigEndian.Uint32(b))
		if size < 8 || size > len(b) {
			t.Fatalf("%s: box size %d", out, size)
		}
		switch string(b[4:8]) {
		case "ftyp", "moov":
			init = append(init, b[:size]...)
		case "moof":
			segs = append(segs, append([]byte(nil), b[:size]...))
		case "mdat":
			segs[len(segs)-1] = append(segs[len(segs)-1], b[:size]...)
		}
		b = b[size:]
	}
	in, err := parseInit(init)
	if err != nil {
		t.Fatal(err)
	}
	if in.priming != 1024 {
		t.Fatalf("ffmpeg wrote an edit list starting at %d, the test expects its 1024-sample encoder delay", in.priming)
	}
	os.MkdirAll(filepath.Join(dir, name), 0o755)
	var pl strings.Builder
	pl.WriteString("#EXTM3U\n#EXT-X-VERSION:7\n#EXT-X-TARGETDURATION:1\n#EXT-X-PLAYLIST-TYPE:VOD\n#EXT-X-MAP:URI=\"init.mp4\"\n")
	for i, s := range segs {
		f, err := mp4.DecodeFile(bytes.NewReader(s))
		if err != nil {
			t.Fatal(err)
		}
		var dur uint64
		for _, fr := range f.Segments[0].Fragments {
			fs, err := fr.GetFullSamples(in.trex)
			if err != nil {
				t.Fatal(err)
			}
			for _, x := range fs {
				dur += uint64(x.Dur)
			}
		}
		fmt.Fprintf(&pl, "#EXTINF:%.6f,\nseg%d.m4s\n", float64(dur)/float64(in.timescale), i)
		if err := os.WriteFile(filepath.Join(dir, name, fmt.Sprintf("seg%d.m4s", i)), s, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	pl.WriteString("#EXT-X-ENDLIST\n")
	for n, b := range map[string][]byte{"init.mp4": init, "index.m3u8": []byte(pl.String())} {
		if err := os.WriteFile(filepath.Join(dir, name, n), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// decodeHLSTrack plays an HLS AAC stream through the player's source from
// its start into a queue, and returns every frame and the source. A
// warning fails the test unless warn takes it.
func decodeHLSTrack(t *testing.T, res resolver, redirector string, warn func(error)) ([][2]float32, *hlsSource) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	var n atomic.Int64
	h, err := openHLS(ctx, newMedia(res, redirector, &n, 0), kindHLSAAC)
	if err != nil {
		t.Fatal(err)
	}
	q := newPCMQueue(10 * 44100)
	go func() {
		if warn == nil {
			warn = func(err error) { t.Errorf("%s: %v", redirector, err) }
		}
		q.finish(h.decode(ctx, 0, q, warn))
	}()
	var all [][2]float32
	buf := make([][2]float32, 4096)
	for {
		k, ok := q.read(buf)
		all = append(all, buf[:k]...)
		if !ok {
			break
		}
	}
	if err := q.Err(); err != nil {
		t.Fatalf("%s: %v", redirector, err)
	}
	return all, h
}

// An HE-AAC stream (here: explicit SBR signalling, mp4a.40.5, over an
// AAC-LC core) plays its core, says so once as a warning, and the source
// keeps the note the track's status shows.
func TestHEAACPlaysTheCoreAndSaysSo(t *testing.T) {
	if _, err := exec.LookPath("ffmpeg"); err != nil {
		t.Fatalf("ffmpeg is needed to encode the test track: %v", err)
	}
	const rate, n = 44100, 20000
	dir := t.TempDir()
	pcm := make([]byte, 0, 4*n)
	for i := range n {
		pcm = binary.LittleEndian.AppendUint32(pcm, math.Float32bits(float32(0.5*math.Sin(2*math.Pi*440*float64(i)/rate))))
	}
	encodeFMP4Track(t, dir, "he", rate, pcm)
	// The same frames, signalled as HE-AAC: object type 5, the core at
	// 44.1 kHz mono, SBR output at 88.2 kHz, core object type 2.
	initPath := filepath.Join(dir, "he", "init.mp4")
	b, err := os.ReadFile(initPath)
	if err != nil {
		t.Fatal(err)
	}
	lc := []byte{0x12, 0x08} // AAC-LC, 44.1 kHz, mono
	he := []byte{0x2a, 0x08, 0x88, 0x00}
	if i := bytes.Index(b, lc); i < 0 || bytes.Count(b, lc) != 1 {
		t.Fatalf("init segment: AudioSpecificConfig % x not found once", lc)
	}
	f, err := mp4.DecodeFile(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	f.Init.Moov.Trak.Mdia.Minf.Stbl.Stsd.Mp4a.Esds.DecConfigDescriptor.DecSpecificInfo.DecConfig = he
	var out bytes.Buffer
	if err := f.Init.Encode(&out); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(initPath, out.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(http.FileServer(http.Dir(dir)))
	defer srv.Close()
	var warned []string
	got, h := decodeHLSTrack(t, dirRes{srv}, "/he/index.m3u8", func(err error) { warned = append(warned, err.Error()) })
	if len(got) != n {
		t.Errorf("%d frames from the core, want %d", len(got), n)
	}
	if len(warned) != 1 || warned[0] != heAACNote {
		t.Errorf("warnings %q, want once %q", warned, heAACNote)
	}
	if note := h.streamNote(); note != heAACNote {
		t.Errorf("the source's note is %q", note)
	}
}

// A sample's duration comes back as the frames it holds, in any
// timescale: trimming by it never cuts a whole frame short.
func TestSampleFrames(t *testing.T) {
	for _, c := range []struct {
		dur, ts uint32
		rate    int
		want    int
	}{
		{1024, 44100, 44100, 1024},
		{136, 44100, 44100, 136}, // ffmpeg's padded last sample
		{2089, 90000, 44100, 1024},
		{2090, 90000, 44100, 1024},
		{2048, 88200, 44100, 1024}, // HE-AAC: the SBR rate's timescale, the core's frames
		{1024, 48000, 48000, 1024},
		{0, 44100, 44100, -1},
		{1024, 0, 44100, -1},
	} {
		if got := sampleFrames(c.dur, c.ts, c.rate); got != c.want {
			t.Errorf("%d units at timescale %d, %d Hz: %d frames, want %d", c.dur, c.ts, c.rate, got, c.want)
		}
	}
}
