package player

import (
	"context"
	"fmt"
	"math"
	"math/rand"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// sineFrames is d of a sine of f Hz at peak amplitude a (linear) on the
// channels chosen, at rate.
func sineFrames(rate int, f, a float64, d time.Duration, left, right bool) [][2]float32 {
	n := int(d.Seconds() * float64(rate))
	out := make([][2]float32, n)
	for i := range out {
		v := float32(a * math.Sin(2*math.Pi*f*float64(i)/float64(rate)))
		if left {
			out[i][0] = v
		}
		if right {
			out[i][1] = v
		}
	}
	return out
}

func measure(rate int, parts ...[][2]float32) (float64, bool) {
	m := newLoudMeter(rate)
	for _, p := range parts {
		m.add(p)
	}
	return m.hist.integrated()
}

// The filter at 48 kHz is the standard's, and at 44.1 kHz it answers
// like it: what BS.1770-4 says a 997 Hz full-scale sine in one channel
// reads (-3.01 LUFS) and a 1 kHz sine at -20 dBFS in both (-20 LUFS,
// within a few hundredths: K-weighting is +0.69 dB at 997 Hz and it is
// what the -0.691 offsets).
func TestLoudnessKWeightingKnownValues(t *testing.T) {
	if got := kShelf48.atRate(48000); got != kShelf48 {
		t.Fatalf("shelf at 48 kHz changed: %+v", got)
	}
	// a round trip through another rate comes back
	back := kShelf48.atRate(44100)
	if math.Abs(back.b0-kShelf48.b0) < 1e-6 {
		t.Fatalf("shelf at 44.1 kHz is the 48 kHz one: %+v", back)
	}
	for _, rate := range []int{48000, 44100, 96000} {
		if l, ok := measure(rate, sineFrames(rate, 997, 1, 5*time.Second, true, false)); !ok || math.Abs(l-(-3.01)) > 0.05 {
			t.Errorf("%d Hz: 997 Hz full scale, left only: %.3f LUFS (ok %v), want -3.01", rate, l, ok)
		}
		if l, ok := measure(rate, sineFrames(rate, 1000, math.Pow(10, -20.0/20), 5*time.Second, true, true)); !ok || math.Abs(l-(-20)) > 0.05 {
			t.Errorf("%d Hz: 1 kHz at -20 dBFS, both: %.3f LUFS, want -20", rate, l)
		}
		// the high pass: 20 Hz reads far lower than 1 kHz
		if l, _ := measure(rate, sineFrames(rate, 20, 0.1, 5*time.Second, true, true)); l > -20-10 {
			t.Errorf("%d Hz: 20 Hz at -20 dBFS reads %.2f LUFS: the high pass is missing", rate, l)
		}
	}
}

// The gates, with EBU Tech 3341's cases 3 and 5 (both channels, 1 kHz):
// quieter parts fall under the relative gate, silence under the absolute.
func TestLoudnessGating(t *testing.T) {
	const rate = 48000
	db := func(v float64) float64 { return math.Pow(10, v/20) }
	tone := func(level float64, d time.Duration) [][2]float32 {
		return sineFrames(rate, 1000, db(level), d, true, true)
	}
	cases := []struct {
		name  string
		parts [][][2]float32
		want  float64
	}{
		{"3341 case 3: -36, -23, -36", [][][2]float32{tone(-36, 10*time.Second), tone(-23, 60*time.Second), tone(-36, 10*time.Second)}, -23},
		{"3341 case 5: -26, -20, -26", [][][2]float32{tone(-26, 20*time.Second), tone(-20, 20100*time.Millisecond), tone(-26, 20*time.Second)}, -23},
		// the six blocks that straddle the edges count, a little quieter
		{"silence around", [][][2]float32{make([][2]float32, 10*rate), tone(-18, 10*time.Second), make([][2]float32, 30*rate)}, -18.1},
	}
	for _, c := range cases {
		if l, ok := measure(rate, c.parts...); !ok || math.Abs(l-c.want) > 0.1 {
			t.Errorf("%s: %.3f LUFS (ok %v), want %.1f ± 0.1", c.name, l, ok, c.want)
		}
	}
	if _, ok := measure(rate, make([][2]float32, 5*rate)); ok {
		t.Error("silence has an integrated loudness")
	}
	// a measurement in two halves, merged, is the whole's
	m1, m2, all := newLoudMeter(rate), newLoudMeter(rate), newLoudMeter(rate)
	m1.add(tone(-30, 10*time.Second))
	m2.add(tone(-20, 10*time.Second))
	all.add(tone(-30, 10*time.Second))
	all.add(tone(-20, 10*time.Second))
	m1.hist.merge(&m2.hist)
	a, _ := m1.hist.integrated()
	b, _ := all.hist.integrated()
	if math.Abs(a-b) > 0.1 {
		t.Errorf("merged halves %.2f LUFS, whole %.2f", a, b)
	}
}

// The true-peak estimate finds the peak between samples: a sine at a
// quarter of the rate sampled 45° off its peaks has samples at 0.707.
func TestTruePeakBetweenSamples(t *testing.T) {
	const rate = 48000
	f := make([][2]float32, rate)
	for i := range f {
		v := float32(math.Sin(2*math.Pi*float64(i)/4 + math.Pi/4))
		f[i] = [2]float32{v, v}
	}
	tp := dB(truePeak(f))
	if tp < -0.6 || tp > 0.3 {
		t.Errorf("true peak of a full-scale sine at fs/4, sampled off its peaks: %.2f dBTP, want about 0", tp)
	}
	if sp := dB(0.7072); tp < sp+2 {
		t.Errorf("true peak %.2f dB is no more than the sample peak %.2f", tp, sp)
	}
}

// hostile is audio meant to break the limiter.
func hostile(rate int) map[string][][2]float32 {
	n := 3 * rate
	out := map[string][][2]float32{}
	for _, f := range []float64{50, 997, 5512.5, 11025, 17000} {
		sq := make([][2]float32, n)
		for i := range sq {
			v := float32(1)
			if math.Sin(2*math.Pi*f*float64(i)/float64(rate)) < 0 {
				v = -1
			}
			sq[i] = [2]float32{v, -v}
		}
		out[fmt.Sprintf("square %g Hz", f)] = sq
	}
	clipped := sineFrames(rate, 440, 8, time.Duration(n)*time.Second/time.Duration(rate), true, true)
	for i := range clipped {
		for c := range clipped[i] {
			clipped[i][c] = max(min(clipped[i][c], 1), -1)
		}
	}
	out["clipped master"] = clipped
	r := rand.New(rand.NewSource(1))
	noise := make([][2]float32, n)
	for i := range noise {
		noise[i] = [2]float32{float32(r.Float64()*4 - 2), float32(r.Float64()*4 - 2)}
	}
	out["noise beyond full scale"] = noise
	imp := make([][2]float32, n)
	for i := 0; i < n; i += rate / 7 {
		imp[i] = [2]float32{30, -30}
	}
	out["impulses at +30 dB"] = imp
	bad := sineFrames(rate, 1000, 1.5, time.Second, true, true)
	for i := 0; i < len(bad); i += 1000 {
		bad[i] = [2]float32{float32(math.NaN()), float32(math.Inf(1))}
		if i+1 < len(bad) {
			bad[i+1] = [2]float32{float32(math.Inf(-1)), float32(math.NaN())}
		}
	}
	out["NaN and Inf"] = bad
	return out
}

// limit runs frames through a fresh limiter, flushing it at the end.
func limit(rate int, in [][2]float32) [][2]float32 {
	l := newLimiter(rate, limiterCeilDB)
	var out [][2]float32
	put := func(a, b float64) {
		if y, ok := l.push(a, b); ok {
			out = append(out, [2]float32{float32(y[0]), float32(y[1])})
		}
	}
	for _, f := range in {
		put(float64(f[0]), float64(f[1]))
	}
	for len(out) < len(in) {
		put(0, 0)
	}
	return out
}

// The limiter never lets the true peak above the ceiling, nor a NaN or
// an infinity out, whatever comes in.
func TestLimiterHostileInput(t *testing.T) {
	for _, rate := range []int{44100, 48000} {
		for name, in := range hostile(rate) {
			out := limit(rate, in)
			if len(out) != len(in) {
				t.Fatalf("%s: %d frames out of %d", name, len(out), len(in))
			}
			for i, f := range out {
				for _, v := range f {
					if math.IsNaN(float64(v)) || math.IsInf(float64(v), 0) {
						t.Fatalf("%d Hz, %s: frame %d is %v", rate, name, i, f)
					}
				}
			}
			tp := dB(truePeak(out))
			t.Logf("%d Hz, %s: in %.2f dBTP, out %.2f dBTP", rate, name, dB(truePeak(in)), tp)
			if tp > ceilingDBTP {
				t.Errorf("%d Hz, %s: true peak %.3f dBTP, over the ceiling %.1f", rate, name, tp, ceilingDBTP)
			}
		}
	}
}

// Under the ceiling the limiter changes nothing: the audio comes out
// delay() frames late, sample for sample.
func TestLimiterTransparentBelowCeiling(t *testing.T) {
	const rate = 44100
	in := sineFrames(rate, 440, 0.5, time.Second, true, true)
	out := limit(rate, in)
	for i := range in {
		if math.Abs(float64(out[i][0]-in[i][0])) > 1e-6 {
			t.Fatalf("frame %d: %v, want %v", i, out[i], in[i])
		}
	}
}

// A loud burst after quiet: the gain comes down before the burst, not on
// it, and back up over the release, without a step anywhere.
func TestLimiterSmooth(t *testing.T) {
	const rate = 44100
	in := append(sineFrames(rate, 200, 0.3, time.Second, true, true), sineFrames(rate, 200, 3, time.Second, true, true)...)
	in = append(in, sineFrames(rate, 200, 0.3, time.Second, true, true)...)
	l := newLimiter(rate, limiterCeilDB)
	var gains []float64
	for _, f := range in {
		if y, ok := l.push(float64(f[0]), float64(f[1])); ok {
			x := in[len(gains)]
			if math.Abs(float64(x[0])) > 0.05 {
				gains = append(gains, y[0]/float64(x[0]))
			} else {
				gains = append(gains, math.NaN())
			}
		}
	}
	prev := 1.0
	for i, g := range gains {
		if math.IsNaN(g) {
			continue
		}
		// between two samples, the gain moves less than 1 dB
		if math.Abs(dB(g)-dB(prev)) > 1 {
			t.Fatalf("frame %d: gain steps from %.3f to %.3f", i, prev, g)
		}
		prev = g
	}
}

// The leveler plays the chosen gain from the very first frame, gives
// back every frame in order, and ends only after the last.
func TestLevelerGainFromFirstFrame(t *testing.T) {
	const rate = 44100
	tl := newTrackLevel(time.Minute)
	tl.known, tl.hasKnow = -8, true // remembered: -6 dB
	close(tl.probed)
	tl.settle(0)
	if tl.how != "memory" || math.Abs(tl.initDB-(-6)) > 1e-9 {
		t.Fatalf("settled %s at %.2f dB, want memory, -6", tl.how, tl.initDB)
	}
	in := sineFrames(rate, 300, 0.4, 3*time.Second, true, true)
	q := newPCMQueue(len(in))
	q.setRate(rate)
	q.markAudio()
	if err := q.push(t.Context(), in); err != nil {
		t.Fatal(err)
	}
	q.finish(nil)
	r := tl.reader(q, rate)
	var out [][2]float32
	buf := make([][2]float32, 1000)
	for {
		n, ok := r.read(buf)
		out = append(out, buf[:n]...)
		if !ok {
			break
		}
	}
	if len(out) != len(in) {
		t.Fatalf("%d frames out, %d in", len(out), len(in))
	}
	g := toGain(-6)
	for i := range in {
		if d := math.Abs(float64(out[i][0]) - float64(in[i][0])*g); d > 1e-4 {
			t.Fatalf("frame %d: %v, want %v × %.3f", i, out[i][0], in[i][0], g)
		}
	}
}

// A refinement is bounded and slow: with a wrong first guess, the gain
// moves toward the measured one by at most refineSlew dB per second and
// stops at the bound.
func TestLevelerRefinesSlowlyWithinBound(t *testing.T) {
	const rate = 44100
	tl := newTrackLevel(time.Minute)
	close(tl.probed)
	tl.settle(0) // nothing known: the prior, -10 LUFS, -4 dB
	if tl.how != "prior" {
		t.Fatalf("settled from %s", tl.how)
	}
	// the track is in fact -30 LUFS (1 kHz at -30 dBFS): +16 dB wanted,
	// more than the bound allows from -4
	in := sineFrames(rate, 1000, math.Pow(10, -30.0/20), 40*time.Second, true, true)
	q := newPCMQueue(len(in))
	q.setRate(rate)
	q.push(t.Context(), in)
	q.finish(nil)
	r := tl.reader(q, rate).(*leveler)
	buf := make([][2]float32, rate)
	last := dB(r.gain)
	for s := 0; ; s++ {
		n, ok := r.read(buf)
		if !ok {
			break
		}
		_ = n
		g := dB(r.gain)
		if g-last > refineSlewStart+0.01 {
			t.Fatalf("second %d: the gain rose %.2f dB in a second", s, g-last)
		}
		last = g
	}
	if want := tl.initDB + refineUnknown; math.Abs(last-want) > 0.3 && last < want {
		// 40 s at 0.5 dB/s is 20 dB: it reaches the bound
		t.Errorf("after 40 s the gain is %.2f dB, want the bound %.2f", last, want)
	}
	if last > tl.initDB+refineUnknown+1e-6 {
		t.Errorf("the gain %.2f dB passed the bound %.2f", last, tl.initDB+refineUnknown)
	}
}

// The memory keeps what it is told across runs, bounded, and ignores a
// file that is not its own.
func TestLoudMemory(t *testing.T) {
	path := filepath.Join(t.TempDir(), "state", "loudness.json")
	lm := openLoudMemory(path)
	lm.put("soundcloud:tracks:1", -9.5)
	lm.put("soundcloud:tracks:2", math.NaN())
	if v, ok := openLoudMemory(path).get("soundcloud:tracks:1"); !ok || v != -9.5 {
		t.Fatalf("reopened: %v %v", v, ok)
	}
	if _, ok := openLoudMemory(path).get("soundcloud:tracks:2"); ok {
		t.Fatal("a NaN was remembered")
	}
	for i := 0; i < loudMemoryMax+10; i++ {
		lm.m[fmt.Sprint(i)] = loudEntry{LUFS: -10, At: int64(i)}
	}
	lm.put("last", -11)
	if n := len(openLoudMemory(path).m); n > loudMemoryMax {
		t.Errorf("%d tracks kept, at most %d", n, loudMemoryMax)
	}
	if err := os.WriteFile(path, []byte(`{"version":1,"tracks":{"x":{"lufs":"loud"}}}`), 0o600); err != nil {
		t.Fatal(err)
	}
	if lm := openLoudMemory(path); len(lm.m) != 0 {
		t.Errorf("a broken file gave %v", lm.m)
	}
}

// A track started now takes its gain from its start: the decoded audio
// waiting to play, measured and left in place.
func TestSettleFromTheStartWhenTheProbeIsLate(t *testing.T) {
	const rate = 44100
	in := sineFrames(rate, 1000, math.Pow(10, -26.0/20), 2*time.Second, true, true) // -26 LUFS
	q := newPCMQueue(3 * rate)
	q.setRate(rate)
	if err := q.push(t.Context(), in); err != nil {
		t.Fatal(err)
	}
	ts := &trackStream{q: q, level: newTrackLevel(time.Minute)}
	ts.settleLevel(0) // a track started now
	if ts.level.how != "start" || math.Abs(ts.level.initDB-12) > 0.2 {
		t.Errorf("settled from %s at %+.2f dB, want the start, +12", ts.level.how, ts.level.initDB)
	}
	if d, _ := q.buffered(); d != 2*time.Second {
		t.Errorf("%v left waiting, want the 2 s measured", d)
	}
}

// The start's measurement reads at most what it asks of the queue, in
// order, across the ring's end, and takes nothing.
func TestLoudnessPeekBounded(t *testing.T) {
	q := newPCMQueue(10)
	ctx := context.Background()
	frames := func(from, n int) [][2]float32 {
		f := make([][2]float32, n)
		for i := range f {
			f[i] = [2]float32{float32(from + i), 0}
		}
		return f
	}
	if err := q.push(ctx, frames(0, 8)); err != nil {
		t.Fatal(err)
	}
	q.read(make([][2]float32, 6)) // the head is at 6 of 10
	if err := q.push(ctx, frames(8, 7)); err != nil {
		t.Fatal(err)
	}
	for _, n := range []int{0, 3, 5, 9, 100} {
		var got []float32
		q.peek(n, func(f [][2]float32) {
			for _, x := range f {
				got = append(got, x[0])
			}
		})
		want := min(n, 9)
		if len(got) != want {
			t.Fatalf("peek(%d) gave %d frames, want %d", n, len(got), want)
		}
		for i, v := range got {
			if v != float32(6+i) {
				t.Fatalf("peek(%d): frame %d is %v, want %d", n, i, v, 6+i)
			}
		}
	}
	q.finish(nil) // the read below does not wait for more
	rest := make([][2]float32, 20)
	if n, _ := q.read(rest); n != 9 || rest[0][0] != 6 || rest[8][0] != 14 {
		t.Fatalf("after peeking, the queue gives %d frames from %v to %v, want the 9 from 6 to 14", n, rest[0][0], rest[max(n-1, 0)][0])
	}
}
