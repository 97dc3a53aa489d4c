//go:build cgo || !linux

package player

import (
	"encoding/binary"
	"fmt"
	"io"
	"os/exec"
	"slices"
	"testing"
	"time"
)

// The pilot tells the recorder's losses from the player's. While a test
// records the null sink, a second, independent PulseAudio stream (pacat,
// its own process, with a 1 s buffer so that a busy machine does not make
// it run dry) plays a pilot into the same sink, on the right channel only.
// The player's tones are the same on both channels, so the recording's
// right minus left channel is the pilot alone, and the left channel (what
// the tone checks read) is the player alone.
//
// The pilot is a time code: every pilotFrame samples it spells out, one
// sample per bit as ±pilotAmp, a sync byte and the frame's own number. So
// each stretch of the recording says which pilot samples it holds. Where
// the recorder (parec, or the monitor's queue behind it) drops audio, the
// recording jumps ahead in the pilot: the jump is exactly what the recorder
// lost, and where. Where the player's stream runs dry (an underrun: the
// player or the sound server held up on a busy machine) the pilot runs on
// over silence. Where the player drops audio the pilot runs on unbroken,
// there is no silence, and the tone is simply short: that is the player's
// drop (toneAccount).
const (
	pilotFrame = 32                      // samples per code word
	pilotSync  = 0xa7                    // low byte of every code word
	pilotAmp   = 8192                    // ±¼ of full scale: with a tone of ½, no clipping
	pilotMin   = pilotAmp / 2            // weaker than this is no pilot
	pilotRate  = 44100                   // the sink's and the recording's rate
	pilotBuf   = 1000 * time.Millisecond // pacat's buffer: rides out a busy machine
)

// pilotAt is the pilot's sample number j: bit j%pilotFrame of code word
// j/pilotFrame, as +pilotAmp (1) or -pilotAmp (0).
func pilotAt(j int) int16 {
	word := uint32(j/pilotFrame)<<8 | pilotSync
	if word>>(j%pilotFrame)&1 == 1 {
		return pilotAmp
	}
	return -pilotAmp
}

// pilotPlayer is pacat playing the pilot into the sink.
type pilotPlayer struct {
	cmd  *exec.Cmd
	done chan struct{}
}

// startPilot starts playing the pilot into the null sink "cap" until the
// test ends.
func startPilot(t *testing.T) *pilotPlayer {
	t.Helper()
	cmd := exec.Command("pacat", "--playback", "-d", "cap", "--format=s16le", "--rate=44100", "--channels=2",
		"--raw", "--latency-msec="+fmt.Sprint(pilotBuf.Milliseconds()), "--stream-name=pilot", "--client-name=cirrus-test-pilot")
	in, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatalf("start pacat for the pilot: %v", err)
	}
	p := &pilotPlayer{cmd: cmd, done: make(chan struct{})}
	go func() {
		defer close(p.done)
		defer in.Close()
		const chunk = 2048
		buf := make([]byte, chunk*4)
		for j := 0; ; j += chunk {
			for k := range chunk {
				binary.LittleEndian.PutUint16(buf[k*4:], 0)
				binary.LittleEndian.PutUint16(buf[k*4+2:], uint16(pilotAt(j+k)))
			}
			if _, err := in.Write(buf); err != nil {
				return // pacat ended
			}
		}
	}()
	t.Cleanup(func() {
		cmd.Process.Kill()
		cmd.Wait()
		<-p.done
	})
	return p
}

// pilotDiff is the recording's right minus left channel: the pilot alone.
func pilotDiff(raw []byte) []int32 {
	out := make([]int32, 0, len(raw)/4)
	for i := 0; i+4 <= len(raw); i += 4 {
		l := int32(int16(binary.LittleEndian.Uint16(raw[i:])))
		r := int32(int16(binary.LittleEndian.Uint16(raw[i+2:])))
		out = append(out, r-l)
	}
	return out
}

// pilotWord decodes the code word starting at d[0], if d starts with one.
func pilotWord(d []int32) (int, bool) {
	if len(d) < pilotFrame {
		return 0, false
	}
	var w uint32
	for k, v := range d[:pilotFrame] {
		switch {
		case v >= pilotMin:
			w |= 1 << k
		case v > -pilotMin:
			return 0, false
		}
	}
	if w&0xff != pilotSync {
		return 0, false
	}
	return int(w >> 8), true
}

// pilotMatch says whether v is pilot sample j (give or take what is left
// of the player's audio if its channels are not quite equal).
func pilotMatch(v int32, j int) bool {
	d := v - int32(pilotAt(j))
	return d < pilotAmp/4 && d > -pilotAmp/4
}

// pilotSpan is a stretch of the recording [from, to) (samples) that holds
// the pilot unbroken: recording sample i is pilot sample i+off.
type pilotSpan struct {
	from, to, off int
}

// pilotSpans finds the unbroken stretches of pilot in a recording's
// right-minus-left channel. Two stretches in a row whose offsets differ
// mark a break: the recording lost (off grows) or gained samples there.
func pilotSpans(d []int32) []pilotSpan {
	var spans []pilotSpan
	i := 0
	for i+2*pilotFrame <= len(d) {
		// acquire: two code words in a row
		m, ok := pilotWord(d[i:])
		if !ok {
			i++
			continue
		}
		if m2, ok := pilotWord(d[i+pilotFrame:]); !ok || m2 != m+1 {
			i++
			continue
		}
		s := pilotSpan{from: i, off: m*pilotFrame - i}
		// follow it word by word
		for i += pilotFrame; ; i += pilotFrame {
			if w, ok := pilotWord(d[i:]); !ok || w*pilotFrame != i+s.off {
				break
			}
		}
		// the samples after the last whole word that still match
		for i < len(d) && pilotMatch(d[i], i+s.off) {
			i++
		}
		s.to = i
		spans = append(spans, s)
	}
	// a stretch may also start before its first whole word
	for k := range spans {
		lo := 0
		if k > 0 {
			lo = spans[k-1].to
		}
		for spans[k].from > lo && spans[k].from+spans[k].off > 0 && pilotMatch(d[spans[k].from-1], spans[k].from-1+spans[k].off) {
			spans[k].from--
		}
	}
	return spans
}

// recorderLoss is where the recording lost samples the sink played: at
// recording sample at, n samples are missing.
type recorderLoss struct {
	at, n int
}

// pilotBreaks lists the recorder's losses: two pilot stretches that meet
// (at most two words of no-pilot between them, so the pilot itself did not
// stop) with a jump ahead in the pilot. A longer stretch without pilot is
// the pilot's own stream running dry, not the recorder.
func pilotBreaks(spans []pilotSpan) []recorderLoss {
	var out []recorderLoss
	for k := 1; k < len(spans); k++ {
		a, b := spans[k-1], spans[k]
		if b.from-a.to > 2*pilotFrame {
			continue
		}
		if n := b.off - a.off; n > 0 {
			out = append(out, recorderLoss{at: a.to, n: n})
		}
	}
	return out
}

// pilotReport is what the pilot says about one recording.
type pilotReport struct {
	spans  []pilotSpan
	losses []recorderLoss
	// withPilot is how much of the recording holds the pilot.
	withPilot time.Duration
}

func analysePilot(raw []byte) pilotReport {
	d := pilotDiff(raw)
	r := pilotReport{spans: pilotSpans(d)}
	r.losses = pilotBreaks(r.spans)
	n := 0
	for _, s := range r.spans {
		n += s.to - s.from
	}
	r.withPilot = samplesDur(n)
	return r
}

func samplesDur(n int) time.Duration { return time.Duration(n) * time.Second / pilotRate }

// lost is all the recorder lost.
func (r pilotReport) lost() time.Duration {
	n := 0
	for _, l := range r.losses {
		n += l.n
	}
	return samplesDur(n)
}

// lostDuring is what the recorder lost while tone f played: losses at a
// 10 ms window (heardOf's) of f or right next to one. x is the recording's
// left channel.
func (r pilotReport) lostDuring(x []float64, f float64) time.Duration {
	const win = 441
	isF := func(w int) bool {
		return w >= 0 && (w+1)*win <= len(x) && toneAt(x[w*win:(w+1)*win], 44100) == f
	}
	n := 0
	for _, l := range r.losses {
		w := l.at / win
		if isF(w-1) || isF(w) || isF(w+1) {
			n += l.n
		}
	}
	return samplesDur(n)
}

// String sums the report up for a test's log.
func (r pilotReport) String() string {
	s := fmt.Sprintf("pilot in %v of the recording, %d stretches; the recorder lost %v", r.withPilot, len(r.spans), r.lost())
	for i, l := range r.losses {
		if i == 8 {
			s += fmt.Sprintf(" ... (%d in all)", len(r.losses))
			break
		}
		s += fmt.Sprintf("; %v at %v", samplesDur(l.n), samplesDur(l.at))
	}
	return s
}

// pilotMix writes what the sink holds while the player plays x (mono,
// -1..1, on both channels) and the pilot plays from its sample from: a
// stereo s16le stream like the recording's.
func pilotMix(w io.Writer, from int, x []float64) {
	buf := make([]byte, 4)
	for k, v := range x {
		s := int32(v * 32767)
		binary.LittleEndian.PutUint16(buf, uint16(int16(s)))
		binary.LittleEndian.PutUint16(buf[2:], uint16(int16(s+int32(pilotAt(from+k)))))
		w.Write(buf)
	}
}

// toneAccount splits what a recording is missing of one tone three ways.
type toneAccount struct {
	freq        float64
	want, heard time.Duration
	// recorder is what the recorder lost while the tone played: the pilot
	// is missing there too.
	recorder time.Duration
	// dry is silence inside or at the edges of the tone while the pilot
	// played on: the player's stream ran dry (an underrun), because the
	// player or the sound server was held up, and the sound server may
	// have dropped what came late. How long such a gap may be is checked
	// against the machine's measured delays (checkRecorded); here it
	// explains as much missing tone.
	dry time.Duration
	// short is what is missing but for the recorder's losses; negative:
	// the tone was heard for longer than it lasts (audio played twice).
	short time.Duration
	// dropped is what is missing that neither explains: the pilot ran on,
	// the stream did not run dry, and the tone is gone. The player's.
	dropped time.Duration
}

// account splits tone f's shortfall in x (the recording's left channel)
// against want, with what the pilot says the recorder lost. The intended
// longest silences inside the tone (a pause) are not counted as dry.
func account(x []float64, rep pilotReport, f float64, want time.Duration, intended int) toneAccount {
	a := toneAccount{freq: f, want: want, heard: heardOf(x, f), recorder: rep.lostDuring(x, f)}
	a.dry = rep.dryDuring(x, f, intended)
	a.short = want - a.heard - a.recorder
	a.dropped = max(a.short-a.dry, 0)
	return a
}

func (a toneAccount) String() string {
	return fmt.Sprintf("%v Hz: want %v, heard %v; the recorder lost %v (pilot missing too); the player's stream ran dry %v (pilot intact, silence); the player dropped %v (pilot intact, no silence, tone missing)",
		a.freq, a.want, a.heard, a.recorder, a.dry, a.dropped)
}

// playerLossError says what is wrong if the player dropped more than tol
// of the tone, or it was heard for more than tol too long; "" if neither.
func (a toneAccount) playerLossError(tol time.Duration) string {
	switch {
	case a.dropped > tol:
		return fmt.Sprintf("the player dropped %v of the %v Hz tone (more than %v): %v", a.dropped, a.freq, tol, a)
	case a.short < -tol:
		return fmt.Sprintf("%v Hz heard %v too long (more than %v): audio played twice? %v", a.freq, -a.short, tol, a)
	}
	return ""
}

// covered says which 10 ms windows (heardOf's) of a recording of n samples
// lie wholly inside a stretch of pilot.
func (r pilotReport) covered(n int) []bool {
	const win = 441
	out := make([]bool, n/win)
	for _, s := range r.spans {
		for w := (s.from + win - 1) / win; (w+1)*win <= s.to && w < len(out); w++ {
			out[w] = true
		}
	}
	return out
}

// dryDuring is how long the player's stream was silent while the pilot
// played, inside tone f's stretch of x or in silences between it and the
// tones next to it (not before the first sound or after the last), in
// 10 ms windows, leaving out the intended longest silences.
func (r pilotReport) dryDuring(x []float64, f float64, intended int) time.Duration {
	const win = 441
	n := len(x) / win
	kind := make([]float64, n)
	first, last := -1, -1
	lo, hi := -1, -1
	for w := range n {
		kind[w] = toneAt(x[w*win:(w+1)*win], 44100)
		if kind[w] != 0 {
			if first < 0 {
				first = w
			}
			last = w
		}
		if kind[w] == f {
			if lo < 0 {
				lo = w
			}
			hi = w
		}
	}
	if lo < 0 {
		return 0
	}
	// reach into the silences (and mixed windows) at the tone's edges,
	// but not past the first or last sound
	for lo > first && (kind[lo-1] == 0 || kind[lo-1] == -1) {
		lo--
	}
	for hi < last && (kind[hi+1] == 0 || kind[hi+1] == -1) {
		hi++
	}
	cov := r.covered(len(x))
	var runs []int
	run := 0
	for w := lo; w <= hi+1; w++ {
		if w <= hi && kind[w] == 0 && cov[w] {
			run++
			continue
		}
		if run > 0 {
			runs = append(runs, run)
		}
		run = 0
	}
	slices.Sort(runs)
	runs = runs[:max(len(runs)-intended, 0)]
	total := 0
	for _, k := range runs {
		total += k
	}
	return time.Duration(total) * 10 * time.Millisecond
}
