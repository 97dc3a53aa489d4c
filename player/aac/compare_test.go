package aac

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"io/fs"
	"math"
	"math/cmplx"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/cirrus-tui/cirrus/assets"
)

// The comparison suite: a corpus encoded at test time by ffmpeg's own AAC
// encoder, decoded by this package and by ffmpeg's decoder (-f f32le), and
// compared file by file:
//   - without PNS, sample by sample: the SNR of ours against ffmpeg's must
//     be at least minSNR dB;
//   - with PNS (each decoder fills noise bands with its own random numbers,
//     so samples cannot agree), energy per third-octave band in 20 ms
//     frames: the mean difference, in dB, must be within maxBandDB.
// With -tags faad, FAAD2's figures are printed beside ours (FAAD2 is an
// oracle there, never a criterion).

const (
	minSNR    = 100.0 // dB, sample by sample, streams without PNS
	maxBandDB = 1.0   // dB, mean |Δ| of third-octave band energies, streams with PNS
)

// cmpFile is one encode of the corpus.
type cmpFile struct {
	name string
	// src is an ffmpeg lavfi source (mono or stereo; -ac sets the
	// channels encoded), demo the name of a demo stream in assets/audio
	// instead.
	src  string
	demo string
	rate int
	ch   int
	kbps int
	dur  float64  // seconds
	opts []string // encoder options beyond -b:a
	pns  bool     // PNS may be in the stream: compare band energies
}

// Lavfi sources of the corpus. Stereo ones differ between channels just
// enough for M/S and intensity stereo to be chosen.
const (
	srcToneNoise = "aevalsrc=0.5*sin(2*PI*440*t)+0.1*(2*random(0)-1)|0.5*sin(2*PI*660*t)+0.1*(2*random(1)-1)"
	srcChord     = "aevalsrc=0.2*sin(2*PI*220*t)+0.15*sin(2*PI*554*t)+0.1*sin(2*PI*1318*t)+0.05*sin(2*PI*5274*t)+0.02*(2*random(0)-1)|0.2*sin(2*PI*220*t+0.3)+0.15*sin(2*PI*554*t)+0.1*sin(2*PI*1320*t)+0.05*sin(2*PI*5270*t)+0.02*(2*random(1)-1)"
	srcSweep     = "aevalsrc=0.4*sin(2*PI*(100*t+4000*t*t))|0.35*sin(2*PI*(100*t+4000*t*t)+0.1)"
	// clicks: a 3 kHz click every 150 ms over a quiet low tone, what makes
	// an encoder switch to short windows
	srcClicks = "aevalsrc=if(lt(mod(t\\,0.15)\\,0.003)\\,0.9\\,0)*sin(2*PI*3000*t)+0.05*sin(2*PI*110*t)|if(lt(mod(t+0.07\\,0.15)\\,0.003)\\,0.9\\,0)*sin(2*PI*2500*t)+0.05*sin(2*PI*110*t)"
	// drums: a pitched-down kick on the beat, a noise snare off it
	srcDrums   = "aevalsrc=0.8*sin(2*PI*(50+300*exp(-25*mod(t\\,0.5)))*mod(t\\,0.5))*exp(-7*mod(t\\,0.5))+0.5*(2*random(0)-1)*exp(-25*mod(t+0.25\\,0.5))|0.8*sin(2*PI*(50+300*exp(-25*mod(t\\,0.5)))*mod(t\\,0.5))*exp(-7*mod(t\\,0.5))+0.5*(2*random(1)-1)*exp(-25*mod(t+0.25\\,0.5))"
	srcSilence = "anullsrc=cl=stereo"
	srcNoiseFS = "anoisesrc=a=1:c=white:seed=7"
)

var (
	noPNS = []string{"-aac_pns", "0"}
)

// corpus lists the files of the suite: every rate the encoder takes,
// 32-320 kbit/s, mono and stereo, each stereo tool forced on and off,
// transients, silence, full-scale noise and the demo's own streams.
func cmpCorpus() []cmpFile {
	var c []cmpFile
	add := func(f cmpFile) {
		if f.dur == 0 {
			f.dur = 1
		}
		if f.name == "" {
			f.name = fmt.Sprintf("%s-%dk-%s-%dk", srcName(f.src), f.rate/1000, chName(f.ch), f.kbps)
			for i := 0; i+1 < len(f.opts); i += 2 {
				f.name += fmt.Sprintf("-%s%s", strings.TrimPrefix(f.opts[i], "-aac_"), f.opts[i+1])
			}
		}
		c = append(c, f)
	}
	// The reference point of the issue: FAAD2 against ffmpeg, 134 dB.
	add(cmpFile{src: srcToneNoise, rate: 44100, ch: 2, kbps: 128, opts: noPNS})
	add(cmpFile{src: srcToneNoise, rate: 44100, ch: 2, kbps: 128, pns: true})
	// Every rate, alternately mono and stereo, bit rates across the range.
	rates := []int{8000, 11025, 12000, 16000, 22050, 24000, 32000, 44100, 48000}
	kbps := []int{32, 48, 64, 64, 96, 96, 128, 160, 192}
	for i, r := range rates {
		ch := 1 + i%2
		add(cmpFile{src: srcChord, rate: r, ch: ch, kbps: kbps[i], opts: noPNS})
	}
	add(cmpFile{src: srcChord, rate: 44100, ch: 2, kbps: 320, opts: noPNS})
	add(cmpFile{src: srcChord, rate: 48000, ch: 1, kbps: 32, opts: noPNS})
	// Stereo tools forced on and off, and TNS.
	for _, o := range [][]string{
		{"-aac_ms", "1", "-aac_is", "0"},
		{"-aac_ms", "0", "-aac_is", "0"},
		{"-aac_ms", "0", "-aac_is", "1"},
		{"-aac_ms", "1", "-aac_is", "1"},
		{"-aac_tns", "0"},
		{"-aac_tns", "1"},
	} {
		add(cmpFile{src: srcSweep, rate: 48000, ch: 2, kbps: 96, opts: append(o, noPNS...)})
	}
	add(cmpFile{src: srcChord, rate: 44100, ch: 2, kbps: 64, opts: []string{"-aac_is", "1", "-aac_pns", "0"}})
	// Transients: short windows, window switching, TNS on and off.
	add(cmpFile{src: srcClicks, rate: 44100, ch: 2, kbps: 128, opts: noPNS})
	add(cmpFile{src: srcClicks, rate: 44100, ch: 2, kbps: 128, opts: []string{"-aac_tns", "0", "-aac_pns", "0"}})
	add(cmpFile{src: srcClicks, rate: 22050, ch: 1, kbps: 48, opts: noPNS})
	add(cmpFile{src: srcDrums, rate: 48000, ch: 2, kbps: 256, opts: noPNS})
	add(cmpFile{src: srcDrums, rate: 32000, ch: 2, kbps: 64, opts: noPNS})
	// Silence and full-scale noise.
	add(cmpFile{src: srcSilence, rate: 44100, ch: 2, kbps: 128, opts: noPNS, dur: 1})
	add(cmpFile{src: srcNoiseFS, rate: 44100, ch: 2, kbps: 320, opts: noPNS, dur: 1})
	// PNS: noise at bit rates low enough for the encoder to substitute it.
	add(cmpFile{src: srcNoiseFS, rate: 44100, ch: 2, kbps: 64, pns: true, dur: 1})
	add(cmpFile{src: srcDrums, rate: 44100, ch: 1, kbps: 48, pns: true})
	add(cmpFile{src: srcChord, rate: 32000, ch: 2, kbps: 48, pns: true})
	// The demo's own streams (encoded with ffmpeg's defaults, PNS on):
	// their first seconds.
	for _, d := range demoStreams() {
		add(cmpFile{name: "demo-" + strings.TrimSuffix(d, ".aac"), demo: d, rate: 44100, ch: 2, pns: true})
	}
	return c
}

func srcName(src string) string {
	switch src {
	case srcToneNoise:
		return "tonenoise"
	case srcChord:
		return "chord"
	case srcSweep:
		return "sweep"
	case srcClicks:
		return "clicks"
	case srcDrums:
		return "drums"
	case srcSilence:
		return "silence"
	case srcNoiseFS:
		return "noisefs"
	}
	return "src"
}

func chName(ch int) string {
	if ch == 1 {
		return "mono"
	}
	return "st"
}

// demoStreams names the ADTS streams the demo catalogue serves (the fake
// CDN wraps their access units in fMP4 fragments).
func demoStreams() []string {
	names, err := fs.Glob(assets.Audio(), "*.aac")
	if err != nil {
		return nil
	}
	sort.Strings(names)
	return names
}

// demoFrames of each demo stream (1.5 s) go into the corpus.
const demoFrames = 64

// cmpDecoder decodes a whole ADTS stream to interleaved float32.
type cmpDecoder struct {
	name string
	// primary: this package's decoder, whose figures decide the test;
	// the others are printed beside it.
	primary bool
	// decode returns the samples and their channel count. lag is how many
	// samples per channel ffmpeg's output is ahead of this decoder's
	// (FAAD2 returns nothing for the first access unit).
	decode func(adts []byte) (pcm []float32, ch int, err error)
	lag    int
}

// cmpDecoders is filled by init functions: ours in compare_ours_test.go,
// FAAD2 in compare_faad_test.go (-tags faad).
var cmpDecoders []cmpDecoder

// cmpUnit is one frame of an ADTS stream as a test-side splitter reads it
// (independent of ParseADTSHeader, which the test checks against it).
type cmpUnit struct {
	au       []byte
	srIndex  int
	chConfig int
	profile  int // object type - 1
	end      int // offset of the frame's end in the stream
}

// cmpSplitADTS splits an ADTS stream (ISO/IEC 14496-3 1.A.2) the simple way.
func cmpSplitADTS(b []byte) ([]cmpUnit, error) {
	var us []cmpUnit
	for off := 0; off < len(b); {
		h := b[off:]
		if len(h) < 7 || h[0] != 0xff || h[1]&0xf6 != 0xf0 {
			return nil, fmt.Errorf("no ADTS sync at byte %d", off)
		}
		hl := 7
		if h[1]&1 == 0 {
			hl = 9
		}
		n := int(h[3]&3)<<11 | int(h[4])<<3 | int(h[5]>>5)
		if n < hl || n > len(h) {
			return nil, fmt.Errorf("ADTS frame at byte %d: length %d", off, n)
		}
		us = append(us, cmpUnit{
			au:       h[hl:n:n],
			profile:  int(h[2] >> 6),
			srIndex:  int(h[2] >> 2 & 15),
			chConfig: int(h[2]&1)<<2 | int(h[3]>>6),
			end:      off + n,
		})
		off += n
	}
	if len(us) == 0 {
		return nil, errors.New("no ADTS frames")
	}
	return us, nil
}

// ascOf is the two-byte AudioSpecificConfig an ADTS header implies.
func ascOf(u cmpUnit) []byte {
	v := (u.profile+1)<<11 | u.srIndex<<7 | u.chConfig<<3
	return []byte{byte(v >> 8), byte(v)}
}

// cmpDir holds the encoded corpus, made once per test binary.
var (
	cmpOnce sync.Once
	cmpDir  string
	cmpErr  error
	cmpList []cmpFile
)

// encodeCmpCorpus encodes every file of cmpCorpus() into a cache directory
// under the system's temporary directory, two ffmpeg processes at a time.
// The directory is named by a hash of the ffmpeg version and the corpus's
// definition, and a file is written under a temporary name and renamed:
// test runs and fuzz workers (each its own process) share one encoding
// instead of making their own.
func encodeCmpCorpus(tb testing.TB) (string, []cmpFile) {
	tb.Helper()
	cmpOnce.Do(func() {
		if _, err := exec.LookPath("ffmpeg"); err != nil {
			cmpErr = fmt.Errorf("ffmpeg is needed to encode the corpus (apt-get install ffmpeg): %w", err)
			return
		}
		cmpList = cmpCorpus()
		ver, err := exec.Command("ffmpeg", "-version").Output()
		if err != nil {
			cmpErr = fmt.Errorf("ffmpeg -version: %w", err)
			return
		}
		h := sha256.New()
		fmt.Fprintf(h, "%s\n%+v\n", bytes.SplitN(ver, []byte("\n"), 2)[0], cmpList)
		for _, d := range demoStreams() {
			b, _ := fs.ReadFile(assets.Audio(), d)
			h.Write(b)
		}
		sum := h.Sum(nil)
		cmpDir = filepath.Join(os.TempDir(), fmt.Sprintf("cirrus-aac-corpus-%x", sum[:6]))
		if cmpErr = os.MkdirAll(cmpDir, 0o755); cmpErr != nil {
			return
		}
		errs := make([]error, len(cmpList))
		sem := make(chan struct{}, 2)
		var wg sync.WaitGroup
		for i, f := range cmpList {
			wg.Add(1)
			sem <- struct{}{}
			go func() {
				defer func() { <-sem; wg.Done() }()
				errs[i] = encodeOne(cmpDir, f)
			}()
		}
		wg.Wait()
		cmpErr = errors.Join(errs...)
	})
	if cmpErr != nil {
		tb.Fatal(cmpErr)
	}
	return cmpDir, cmpList
}

func encodeOne(dir string, f cmpFile) error {
	final := filepath.Join(dir, f.name+".aac")
	if _, err := os.Stat(final); err == nil {
		return nil
	}
	tmp, err := os.CreateTemp(dir, f.name+".*.aac")
	if err != nil {
		return err
	}
	tmp.Close()
	out := tmp.Name()
	defer os.Remove(out)
	if err := encodeTo(out, f); err != nil {
		return err
	}
	return os.Rename(out, final)
}

// encodeTo writes f's ADTS stream to out.
func encodeTo(out string, f cmpFile) error {
	if f.demo != "" {
		b, err := fs.ReadFile(assets.Audio(), f.demo)
		if err != nil {
			return err
		}
		us, err := cmpSplitADTS(b)
		if err != nil {
			return fmt.Errorf("%s: %w", f.demo, err)
		}
		n := min(len(us), demoFrames)
		// the first n frames, headers and all
		return os.WriteFile(out, b[:us[n-1].end], 0o644)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	args := []string{"-nostdin", "-v", "error", "-y", "-f", "lavfi", "-i", f.src,
		"-t", fmt.Sprint(f.dur), "-ar", fmt.Sprint(f.rate), "-ac", fmt.Sprint(f.ch),
		"-c:a", "aac", "-b:a", fmt.Sprintf("%dk", f.kbps)}
	args = append(args, f.opts...)
	args = append(args, "-f", "adts", out)
	if o, err := exec.CommandContext(ctx, "ffmpeg", args...).CombinedOutput(); err != nil {
		return fmt.Errorf("encode %s: %v: %s", f.name, err, o)
	}
	return nil
}

// ffmpegDecode decodes a file with ffmpeg's native AAC decoder to
// interleaved float32 at the stream's own rate and channels.
func ffmpegDecode(path string) ([]float32, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, "ffmpeg", "-nostdin", "-v", "error", "-c:a", "aac", "-i", path, "-f", "f32le", "-c:a", "pcm_f32le", "pipe:1")
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Run(); err != nil {
		return nil, fmt.Errorf("ffmpeg decode %s: %v: %s", filepath.Base(path), err, errb.String())
	}
	raw := out.Bytes()
	pcm := make([]float32, len(raw)/4)
	for i := range pcm {
		pcm[i] = math.Float32frombits(binary.LittleEndian.Uint32(raw[4*i:]))
	}
	return pcm, nil
}

// sampleSNR is the signal-to-noise ratio in dB of got against ref over their
// common length; +Inf when they are equal (silence included).
func sampleSNR(ref, got []float32) float64 {
	n := min(len(ref), len(got))
	var s, e float64
	for i := range n {
		r := float64(ref[i])
		d := float64(got[i]) - r
		s += r * r
		e += d * d
	}
	switch {
	case e == 0:
		return math.Inf(1)
	case s == 0:
		return math.Inf(-1)
	}
	return 10 * math.Log10(s/e)
}

// alignLag drops the first lag frames of ref (lag > 0) or of got (lag < 0),
// so both start at the same instant.
func alignLag(ref, got []float32, lag, ch int) ([]float32, []float32) {
	if lag > 0 {
		ref = ref[min(len(ref), lag*ch):]
	} else if lag < 0 {
		got = got[min(len(got), -lag*ch):]
	}
	return ref, got
}

// bandDiff compares the energy per third-octave band, per channel, in
// 20 ms frames, and returns the mean and the 95th percentile of |Δ| in dB
// over the cells where either side has energy within 60 dB of the
// loudest cell.
func bandDiff(ref, got []float32, ch, rate int) (mean, p95 float64) {
	er := bandEnergies(ref, ch, rate)
	eg := bandEnergies(got, ch, rate)
	n := min(len(er), len(eg))
	var peak float64
	for i := range n {
		peak = max(peak, er[i], eg[i])
	}
	if peak == 0 {
		return 0, 0
	}
	var d []float64
	for i := range n {
		if max(er[i], eg[i]) < peak*1e-6 {
			continue
		}
		d = append(d, math.Abs(10*math.Log10((eg[i]+peak*1e-9)/(er[i]+peak*1e-9))))
	}
	if len(d) == 0 {
		return 0, 0
	}
	sort.Float64s(d)
	var sum float64
	for _, v := range d {
		sum += v
	}
	return sum / float64(len(d)), d[len(d)*95/100]
}

// bandEnergies returns, frame after frame (20 ms, Hann window, FFT
// zero-padded to a power of two), channel after channel, the energy of
// every third-octave band (ISO 266 centres 1000·2^(k/3) Hz) at least
// three FFT bins wide and below Nyquist.
func bandEnergies(pcm []float32, ch, rate int) []float64 {
	flen := rate / 50
	nfft := 1
	for nfft < flen {
		nfft <<= 1
	}
	binHz := float64(rate) / float64(nfft)
	type band struct{ lo, hi int }
	var bands []band
	for k := -20; k <= 20; k++ {
		fc := 1000 * math.Pow(2, float64(k)/3)
		lo, hi := int(math.Ceil(fc*math.Pow(2, -1.0/6)/binHz)), int(math.Floor(fc*math.Pow(2, 1.0/6)/binHz))
		if hi-lo+1 >= 3 && hi < nfft/2 {
			bands = append(bands, band{lo, hi})
		}
	}
	win := make([]float64, flen)
	for i := range win {
		win[i] = 0.5 - 0.5*math.Cos(2*math.Pi*float64(i)/float64(flen))
	}
	buf := make([]complex128, nfft)
	var out []float64
	frames := len(pcm) / ch / flen
	for f := range frames {
		for c := range ch {
			clear(buf)
			for i := range flen {
				buf[i] = complex(float64(pcm[(f*flen+i)*ch+c])*win[i], 0)
			}
			testFFT(buf)
			for _, b := range bands {
				var e float64
				for k := b.lo; k <= b.hi; k++ {
					a := cmplx.Abs(buf[k])
					e += a * a
				}
				out = append(out, e)
			}
		}
	}
	return out
}

// testFFT is an in-place radix-2 FFT (len(x) a power of two).
func testFFT(x []complex128) {
	n := len(x)
	for i, j := 1, 0; i < n; i++ {
		bit := n >> 1
		for ; j&bit != 0; bit >>= 1 {
			j ^= bit
		}
		j ^= bit
		if i < j {
			x[i], x[j] = x[j], x[i]
		}
	}
	for size := 2; size <= n; size <<= 1 {
		w := cmplx.Exp(complex(0, -2*math.Pi/float64(size)))
		for start := 0; start < n; start += size {
			wk := complex(1, 0)
			for k := range size / 2 {
				a, b := x[start+k], x[start+k+size/2]*wk
				x[start+k], x[start+k+size/2] = a+b, a-b
				wk *= w
			}
		}
	}
}

// cmpResult is one decoder's figures on one file.
type cmpResult struct {
	snr      float64
	bandMean float64
	bandP95  float64
	lenDiff  int // frames: got minus ref, after alignment
	err      error
}

func TestCompareFFmpeg(t *testing.T) {
	if len(cmpDecoders) == 0 {
		t.Fatal("no decoder registered for the comparison")
	}
	dir, files := encodeCmpCorpus(t)
	type row struct {
		f   cmpFile
		res []cmpResult
	}
	rows := make([]row, len(files))
	sem := make(chan struct{}, 2)
	var wg sync.WaitGroup
	for i, f := range files {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer func() { <-sem; wg.Done() }()
			rows[i] = row{f: f, res: compareFile(filepath.Join(dir, f.name+".aac"), f)}
		}()
	}
	wg.Wait()

	var b strings.Builder
	fmt.Fprintf(&b, "%-40s %6s %3s", "file", "Hz", "ch")
	for _, d := range cmpDecoders {
		fmt.Fprintf(&b, " | %-8s %9s %9s %6s", d.name, "SNR dB", "band Δ dB", "p95")
	}
	b.WriteString(" | check\n")
	failed := 0
	for _, r := range rows {
		fmt.Fprintf(&b, "%-40s %6d %3d", r.f.name, r.f.rate, r.f.ch)
		verdict := ""
		for i, d := range cmpDecoders {
			res := r.res[i]
			if res.err != nil {
				fmt.Fprintf(&b, " | %-8s %-26s", "", truncate(res.err.Error(), 26))
			} else {
				band := "-"
				p95 := "-"
				if r.f.pns {
					band, p95 = fmt.Sprintf("%.2f", res.bandMean), fmt.Sprintf("%.2f", res.bandP95)
				}
				fmt.Fprintf(&b, " | %-8s %9s %9s %6s", "", fmtSNR(res.snr), band, p95)
			}
			if d.primary {
				switch {
				case res.err != nil:
					verdict = "FAIL: " + res.err.Error()
				case !r.f.pns && res.snr < minSNR:
					verdict = fmt.Sprintf("FAIL: SNR under %.0f dB", minSNR)
				case r.f.pns && res.bandMean > maxBandDB && res.snr < minSNR:
					verdict = fmt.Sprintf("FAIL: band energy off by more than %.0f dB", maxBandDB)
				case res.lenDiff != 0:
					verdict = fmt.Sprintf("FAIL: %+d frames against ffmpeg", res.lenDiff)
				default:
					verdict = "ok"
				}
			}
		}
		if verdict != "ok" && verdict != "" {
			failed++
		}
		fmt.Fprintf(&b, " | %s\n", verdict)
	}
	t.Logf("ours and the other decoders against ffmpeg's decoder (sample SNR; with PNS, band energy):\n%s", b.String())
	if failed > 0 {
		t.Errorf("%d of %d files failed the comparison", failed, len(rows))
	}
}

func truncate(s string, n int) string {
	if len(s) > n {
		return s[:n-1] + "…"
	}
	return s
}

func fmtSNR(v float64) string {
	switch {
	case math.IsInf(v, 1):
		return "exact"
	case math.IsInf(v, -1):
		return "-inf"
	}
	return fmt.Sprintf("%.1f", v)
}

// compareFile decodes path with ffmpeg and with every registered decoder.
func compareFile(path string, f cmpFile) []cmpResult {
	res := make([]cmpResult, len(cmpDecoders))
	adts, err := os.ReadFile(path)
	if err == nil {
		var ref []float32
		ref, err = ffmpegDecode(path)
		if err == nil {
			for i, d := range cmpDecoders {
				res[i] = compareOne(d, adts, ref, f)
			}
			return res
		}
	}
	for i := range res {
		res[i].err = err
	}
	return res
}

func compareOne(d cmpDecoder, adts []byte, ref []float32, f cmpFile) cmpResult {
	got, ch, err := d.decode(adts)
	if err != nil {
		return cmpResult{err: err}
	}
	if ch != f.ch {
		return cmpResult{err: fmt.Errorf("%d channels, want %d", ch, f.ch)}
	}
	r, g := alignLag(ref, got, d.lag, ch)
	res := cmpResult{snr: sampleSNR(r, g), lenDiff: (len(g) - len(r)) / ch}
	if f.pns {
		res.bandMean, res.bandP95 = bandDiff(r, g, ch, f.rate)
	}
	return res
}
