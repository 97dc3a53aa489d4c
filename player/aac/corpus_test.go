package aac

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// A corpus of ADTS files made by ffmpeg's own AAC encoder at test time,
// chosen to make the encoder use every tool it has.
type corpusFile struct {
	name string
	src  string // lavfi source
	args []string
}

var corpus = []corpusFile{
	{"sine-44k-stereo-128k", "sine=f=440:d=2,aformat=channel_layouts=stereo", []string{"-b:a", "128k"}},
	{"tone-noise-44k-stereo-ms", "aevalsrc=0.4*sin(2*PI*440*t)+0.1*(random(0)-0.5)|0.4*sin(2*PI*660*t)+0.1*(random(1)-0.5):s=44100:d=2", []string{"-b:a", "96k", "-aac_ms", "1"}},
	{"noise-48k-stereo-320k", "anoisesrc=d=2:c=white:a=1:r=48000,aformat=channel_layouts=stereo", []string{"-b:a", "320k"}},
	{"noise-48k-stereo-pns-is", "anoisesrc=d=2:c=pink:a=0.5:r=48000,aformat=channel_layouts=stereo", []string{"-b:a", "64k", "-aac_pns", "1", "-aac_is", "1"}},
	{"clicks-44k-mono-tns", "aevalsrc=if(lt(mod(t\\,0.25)\\,0.003)\\,0.9*sin(2*PI*3000*t)\\,0.01*sin(2*PI*200*t)):s=44100:d=2", []string{"-b:a", "128k", "-aac_tns", "1"}},
	{"drums-32k-stereo", "aevalsrc=exp(-30*mod(t\\,0.3))*sin(2*PI*(60+400*exp(-40*mod(t\\,0.3)))*t)+0.3*exp(-60*mod(t\\,0.15))*(random(0)-0.5):s=32000:d=2,aformat=channel_layouts=stereo", []string{"-b:a", "96k"}},
	{"speech-like-8k-mono-32k", "aevalsrc=0.5*sin(2*PI*(200+50*sin(2*PI*3*t))*t)*(0.5+0.5*sin(2*PI*4*t)):s=8000:d=2", []string{"-b:a", "32k"}},
	{"sweep-16k-mono", "aevalsrc=0.5*sin(2*PI*(100+3000*t)*t):s=16000:d=2", []string{"-b:a", "48k"}},
	{"sweep-22k-stereo", "aevalsrc=0.5*sin(2*PI*(100+2000*t)*t)|0.5*sin(2*PI*(300+1500*t)*t):s=22050:d=2", []string{"-b:a", "64k"}},
	{"tone-24k-stereo-is", "aevalsrc=0.5*sin(2*PI*1000*t)|0.45*sin(2*PI*1000*t+0.1):s=24000:d=2", []string{"-b:a", "40k", "-aac_is", "1"}},
	{"tone-12k-mono", "aevalsrc=0.5*sin(2*PI*700*t):s=12000:d=2", []string{"-b:a", "32k"}},
	{"tone-11k-stereo", "aevalsrc=0.5*sin(2*PI*500*t)|0.3*sin(2*PI*900*t):s=11025:d=2", []string{"-b:a", "40k"}},
	{"noise-96k-stereo", "anoisesrc=d=1:c=brown:a=0.7:r=96000,aformat=channel_layouts=stereo", []string{"-b:a", "256k"}},
	{"noise-64k-mono", "anoisesrc=d=1:c=white:a=0.3:r=64000", []string{"-b:a", "128k"}},
	{"noise-88k-mono", "anoisesrc=d=1:c=pink:a=0.5:r=88200", []string{"-b:a", "160k"}},
	{"silence-44k-stereo", "anullsrc=r=44100:cl=stereo:d=1", []string{"-b:a", "128k"}},
	{"fullscale-square-44k-mono-320k", "aevalsrc=if(lt(mod(t\\,0.01)\\,0.005)\\,1\\,-1):s=44100:d=1", []string{"-b:a", "320k"}},
}

var corpusDir string

// corpusPath encodes f once per test binary and returns its path.
func corpusPath(t testing.TB, f corpusFile) string {
	t.Helper()
	if _, err := exec.LookPath("ffmpeg"); err != nil {
		t.Fatalf("ffmpeg is needed to make the AAC test corpus: %v", err)
	}
	if corpusDir == "" {
		d, err := os.MkdirTemp("", "cirrus-aac-corpus")
		if err != nil {
			t.Fatal(err)
		}
		corpusDir = d
	}
	p := filepath.Join(corpusDir, f.name+".aac")
	if _, err := os.Stat(p); err == nil {
		return p
	}
	args := append([]string{"-loglevel", "error", "-y", "-f", "lavfi", "-i", f.src, "-c:a", "aac"}, f.args...)
	args = append(args, "-f", "adts", p)
	if out, err := exec.Command("ffmpeg", args...).CombinedOutput(); err != nil {
		t.Fatalf("ffmpeg %v: %v: %s", args, err, out)
	}
	return p
}

func TestMain(m *testing.M) {
	code := m.Run()
	if corpusDir != "" {
		os.RemoveAll(corpusDir)
	}
	os.Exit(code)
}

// adtsFrames splits an ADTS file into its header config and raw access
// units, failing the test on any malformed frame.
func adtsFrames(t testing.TB, data []byte) (Config, [][]byte) {
	t.Helper()
	var cfg Config
	var aus [][]byte
	for off := 0; off < len(data); {
		h, err := ParseADTSHeader(data[off:])
		if err != nil {
			t.Fatalf("frame at byte %d: %v", off, err)
		}
		if off+h.FrameLen > len(data) {
			t.Fatalf("frame at byte %d: length %d runs past the file", off, h.FrameLen)
		}
		if h.RawBlocks != 1 {
			t.Fatalf("frame at byte %d: %d raw blocks", off, h.RawBlocks)
		}
		if off == 0 {
			cfg = h.Config
		} else if h.Config != cfg {
			t.Fatalf("frame at byte %d: config %+v changed from %+v", off, h.Config, cfg)
		}
		aus = append(aus, data[off+h.HeaderLen:off+h.FrameLen])
		off += h.FrameLen
	}
	return cfg, aus
}

// toolUse counts what the parsed frames used.
type toolUse struct {
	frames, short, start, stop, kbd, tns, noise, intensity, ms, esc, common int
}

func (u *toolUse) add(c *ics) {
	switch c.seq {
	case eightShort:
		u.short++
	case longStart:
		u.start++
	case longStop:
		u.stop++
	}
	if c.shape == kbdWindow {
		u.kbd++
	}
	if c.tns.present {
		u.tns++
	}
	var seen [16]bool
	for g := 0; g < c.numGroups; g++ {
		for b := 0; b < c.maxSFB; b++ {
			seen[c.bandType[g][b]] = true
		}
	}
	if seen[noiseHCB] {
		u.noise++
	}
	if seen[intensityHCB] || seen[intensityHCB2] {
		u.intensity++
	}
	if seen[escHCB] {
		u.esc++
	}
}

func (u toolUse) String() string {
	return fmt.Sprintf("frames %d: short %d start %d stop %d kbd %d tns %d noise %d intensity %d ms %d esc %d common-window %d",
		u.frames, u.short, u.start, u.stop, u.kbd, u.tns, u.noise, u.intensity, u.ms, u.esc, u.common)
}

// TestParseCorpus parses every access unit of every corpus file and checks
// that each is consumed to its end: the END element leaves the reader
// inside the unit with less than a byte of padding.
func TestParseCorpus(t *testing.T) {
	var total toolUse
	for _, f := range corpus {
		data, err := os.ReadFile(corpusPath(t, f))
		if err != nil {
			t.Fatal(err)
		}
		cfg, aus := adtsFrames(t, data)
		p := frameParser{sr: srIndexOf(cfg.SampleRate), channels: cfg.Channels}
		var use toolUse
		for i, au := range aus {
			if err := p.parseFrame(au); err != nil {
				t.Errorf("%s: frame %d of %d: %v", f.name, i, len(aus), err)
				break
			}
			if pad := p.r.end - p.r.pos; pad >= 8 {
				t.Errorf("%s: frame %d: %d bits left after END", f.name, i, pad)
			}
			use.frames++
			use.add(&p.elem.ch[0])
			if cfg.Channels == 2 {
				use.add(&p.elem.ch[1])
				if p.elem.commonWindow {
					use.common++
				}
				if p.elem.msMaskPresent != 0 {
					use.ms++
				}
			}
		}
		t.Logf("%-32s %5d Hz %d ch: %v", f.name, cfg.SampleRate, cfg.Channels, use)
		total.frames += use.frames
		total.short += use.short
		total.tns += use.tns
		total.noise += use.noise
		total.intensity += use.intensity
		total.ms += use.ms
		total.esc += use.esc
		total.kbd += use.kbd
	}
	// The corpus is only worth something if the encoder used the tools.
	for name, n := range map[string]int{"short windows": total.short, "TNS": total.tns, "PNS": total.noise,
		"intensity stereo": total.intensity, "M/S": total.ms, "escape codebook": total.esc} {
		if n == 0 {
			t.Errorf("no corpus frame used %s", name)
		}
	}
}
