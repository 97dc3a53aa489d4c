package e2e

import (
	"encoding/binary"
	"fmt"
	"math"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/cirrus-tui/cirrus/api/fake/media"
)

const rate = 44100

// newSink loads a null sink of this test's own, so its recording holds
// only what its cirrus played even while other packages' audio tests use
// the shared "cap" sink.
func newSink(t *testing.T) string {
	t.Helper()
	name := fmt.Sprintf("cirrus_e2e_%d_%d", os.Getpid(), seq.Add(1))
	out, err := exec.Command("pactl", "load-module", "module-null-sink", "sink_name="+name).CombinedOutput()
	if err != nil {
		t.Fatalf("pactl load-module module-null-sink: %v\n%s", err, out)
	}
	id := strings.TrimSpace(string(out))
	t.Cleanup(func() { _ = exec.Command("pactl", "unload-module", id).Run() })
	return name
}

// recording is parec writing the sink's monitor to a raw file.
type recording struct {
	t    *testing.T
	cmd  *exec.Cmd
	path string
}

// record starts recording the world's sink (s16le stereo 44.1 kHz).
func (w *world) record() *recording {
	t := w.t
	t.Helper()
	if w.sink == "" {
		t.Fatal("record needs a world with audio")
	}
	r := &recording{t: t, path: w.path(fmt.Sprintf("rec-%d.raw", seq.Add(1)))}
	f, err := os.Create(r.path)
	if err != nil {
		t.Fatal(err)
	}
	r.cmd = exec.Command("parec", "-d", w.sink+".monitor", "--format=s16le", fmt.Sprintf("--rate=%d", rate), "--channels=2", "--raw")
	r.cmd.Stdout = f
	r.cmd.Env = w.env
	if err := r.cmd.Start(); err != nil {
		f.Close()
		t.Fatalf("parec: %v", err)
	}
	f.Close()
	t.Cleanup(r.stop)
	return r
}

func (r *recording) stop() {
	if r.cmd.Process != nil && r.cmd.ProcessState == nil {
		_ = r.cmd.Process.Kill()
		_ = r.cmd.Wait()
	}
}

// samples is the recording so far, mixed to mono in -1..1.
func (r *recording) samples() []float64 {
	b, err := os.ReadFile(r.path)
	if err != nil {
		r.t.Fatal(err)
	}
	n := len(b) / 4
	x := make([]float64, n)
	for i := 0; i < n; i++ {
		l := int16(binary.LittleEndian.Uint16(b[4*i:]))
		rr := int16(binary.LittleEndian.Uint16(b[4*i+2:]))
		x[i] = (float64(l) + float64(rr)) / 2 / 32768
	}
	return x
}

func seconds(d time.Duration) int { return int(d.Seconds() * rate) }

func rms(x []float64) float64 {
	if len(x) == 0 {
		return 0
	}
	var s float64
	for _, v := range x {
		s += v * v
	}
	return math.Sqrt(s / float64(len(x)))
}

// goertzel is the power of frequency f in x.
func goertzel(x []float64, f float64) float64 {
	w := 2 * math.Pi * f / rate
	c := 2 * math.Cos(w)
	var s1, s2 float64
	for _, v := range x {
		s0 := v + c*s1 - s2
		s2, s1 = s1, s0
	}
	return s1*s1 + s2*s2 - c*s1*s2
}

// toneIn names the tone of the tones piece that carries most of x's energy,
// or 0 when x is quiet or no tone dominates (a boundary, other music).
func toneIn(x []float64) float64 {
	e := 0.0
	for _, v := range x {
		e += v * v
	}
	if len(x) == 0 || math.Sqrt(e/float64(len(x))) < 0.01 {
		return 0
	}
	best, bestP := 0.0, 0.0
	for _, tn := range media.ToneSequence {
		if p := goertzel(x, tn.Freq); p > bestP {
			best, bestP = tn.Freq, p
		}
	}
	// A pure sine of energy e has power e*N/2 at its frequency.
	if 2*bestP/(e*float64(len(x))) < 0.6 {
		return 0
	}
	return best
}

// tonesHeard lists the tones heard for at least 0.5 s in a row, in order,
// with repeats of one run collapsed.
func tonesHeard(x []float64) []float64 {
	const win = rate / 10
	var out []float64
	run, cur := 0, 0.0
	for i := 0; i+win <= len(x); i += win {
		f := toneIn(x[i : i+win])
		if f != cur {
			cur, run = f, 0
		}
		run++
		if run == 5 && f != 0 && (len(out) == 0 || out[len(out)-1] != f) {
			out = append(out, f)
		}
	}
	return out
}

// toneAt is the tone the tones piece plays at position p (0 in its gap).
func toneAt(p time.Duration) float64 {
	p %= media.TonePeriod
	for _, tn := range media.ToneSequence {
		if p >= tn.Start && p < tn.Start+tn.Length {
			return tn.Freq
		}
	}
	return 0
}

// containsInOrder reports whether want appears in got as a contiguous run.
func containsInOrder(got, want []float64) bool {
	for i := 0; i+len(want) <= len(got); i++ {
		ok := true
		for j := range want {
			if got[i+j] != want[j] {
				ok = false
				break
			}
		}
		if ok {
			return true
		}
	}
	return false
}

func TestToneDetection(t *testing.T) {
	var x []float64
	for _, f := range []float64{300, 400, 500} {
		for i := 0; i < rate; i++ {
			x = append(x, 0.3*math.Sin(2*math.Pi*f*float64(i)/rate))
		}
	}
	x = append(x, make([]float64, rate)...)
	got := tonesHeard(x)
	if !containsInOrder(got, []float64{300, 400, 500}) || len(got) != 3 {
		t.Fatalf("tonesHeard = %v, want [300 400 500]", got)
	}
	if toneAt(4*time.Second) != 400 || toneAt(media.TonePeriod+22*time.Second) != 1000 || toneAt(24100*time.Millisecond) != 0 {
		t.Fatal("toneAt disagrees with media.ToneSequence")
	}
	if rms(x[len(x)-rate/2:]) != 0 {
		t.Fatal("silence not silent")
	}
}

func TestPositionParsing(t *testing.T) {
	for in, want := range map[string]time.Duration{
		"▶ T — A   ♡ 0:08 / 1:36  vol 80%": 8 * time.Second,
		"❚❚ T — A  1:09 / 2:00":            69 * time.Second,
		"▶ Mix  1:02:03 / 1:59:59":         time.Hour + 2*time.Minute + 3*time.Second,
	} {
		if got, ok := position([]string{"list 0:24", in}); !ok || got != want {
			t.Errorf("position(%q) = %v %v, want %v", in, got, ok, want)
		}
	}
}
