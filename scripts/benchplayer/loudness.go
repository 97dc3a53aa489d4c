//go:build linux

package main

import (
	"encoding/binary"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"time"

	"github.com/cirrus-tui/cirrus/api"
	"github.com/cirrus-tui/cirrus/api/fake"
)

// The loudness rows: cirrus with [audio] normalize = "off" and "track",
// alternating in the same run, on the double's two masters of one music
// 15 dB apart. Each run starts with an empty state directory, so the
// gain is probed from the track's segments, not remembered. Measured at
// the sink: the first audio heard from launch, and the integrated
// loudness (ffmpeg's ebur128) of loudSecs heard from then on, the
// stretches where the sink ran dry (digital silence) left out. The
// volume is 100 (the default 80 would take 3.9 dB off every figure).

const loudSecs = 12

// loudnessRow is one master and one output: first audio (ms) and
// loudness (LUFS) per mode.
type loudnessRow struct {
	name                 string
	firstOff, firstTrack []float64
	lufsOff, lufsTrack   []float64
	peakTrack            []float64 // dBTP, normalize = "track"
}

func (b *bench) loudnessRuns() []loudnessRow {
	dir, err := os.MkdirTemp("", "cirrus-loudness")
	if err != nil {
		fatal("%v", err)
	}
	defer os.RemoveAll(dir)
	l := listen()
	defer l.close()
	var rows []loudnessRow
	for _, who := range cirrusPlayers() {
		for _, m := range []struct {
			name string
			id   int64
		}{{"loud master (about -7 LUFS)", fake.LoudMasterID}, {"quiet master (about -22 LUFS)", fake.QuietMasterID}} {
			rows = append(rows, loudnessRow{name: m.name + ", " + who})
		}
	}
	for run := 0; run < *runs; run++ {
		k := 0
		for _, who := range cirrusPlayers() {
			for _, id := range []int64{fake.LoudMasterID, fake.QuietMasterID} {
				r := &rows[k]
				k++
				for _, mode := range []string{"off", "track"} {
					first, lufs, peak := b.loudnessRun(dir, l, who, api.NewURN(api.KindTrack, id), mode)
					if mode == "off" {
						r.firstOff, r.lufsOff = append(r.firstOff, first), append(r.lufsOff, lufs)
					} else {
						r.firstTrack, r.lufsTrack = append(r.firstTrack, first), append(r.lufsTrack, lufs)
						r.peakTrack = append(r.peakTrack, peak)
					}
				}
			}
		}
		fmt.Fprintf(os.Stderr, "  loudness run %d/%d done\n", run+1, *runs)
	}
	return rows
}

// loudnessRun plays the track once with normalize = mode and a fresh
// state directory: first audio heard (ms, -1: none), and the loudness
// and true peak of what the sink heard next.
func (b *bench) loudnessRun(dir string, l *listener, who string, urn api.URN, mode string) (first, lufs, peak float64) {
	l.first(time.Now(), 3*time.Second, silent) // let the sink fall silent
	time.Sleep(300 * time.Millisecond)
	state, err := os.MkdirTemp(dir, "state")
	if err != nil {
		fatal("%v", err)
	}
	out := outputArgs(who)
	cfg := filepath.Join(dir, "config-"+mode+".toml")
	if err := os.WriteFile(cfg, []byte(fmt.Sprintf("[audio]\noutput = %q\nnormalize = %q\nvolume = 100\n", out[1], mode)), 0o644); err != nil {
		fatal("%v", err)
	}
	cmd := append(append(b.cirrusCmd(urn, ""), "--format", "hls_aac_160"), out...)
	c := exec.Command(cmd[0], cmd[1:]...)
	c.Env = append(os.Environ(), "CIRRUS_CONFIG="+cfg, "XDG_STATE_HOME="+state)
	t0 := time.Now()
	if err := c.Start(); err != nil {
		fatal("start cirrus: %v", err)
	}
	defer terminate(c)
	d := l.first(t0, 15*time.Second, audible)
	if d < 0 {
		return -1, math.NaN(), math.NaN()
	}
	if err := checkOutput(who); err != nil {
		fmt.Fprintf(os.Stderr, "  %v; run not counted\n", err)
		return -1, math.NaN(), math.NaN()
	}
	from := t0.Add(d)
	time.Sleep(loudSecs * time.Second)
	l.mu.Lock()
	var bs []block
	for _, b := range l.blocks {
		if !b.at.Before(from) && b.at.Before(from.Add(loudSecs*time.Second)) {
			bs = append(bs, b)
		}
	}
	l.mu.Unlock()
	lufs, peak = ebur128Of(dir, bs)
	return float64(d.Microseconds()) / 1000, lufs, peak
}

// audible is any sound at all (the idle sink gives digital zero): the
// other rows' "loud" (RMS over 0.01) would come later for a track played
// 7 dB down, or sooner for one 8 dB up, and time the level, not the start.
func audible(x []float64) bool { return rmsOf(x) > 3e-4 }

// ebur128Of is ffmpeg's integrated loudness and true peak of the blocks
// that are not digital silence.
func ebur128Of(dir string, bs []block) (lufs, peak float64) {
	var data []byte
	for _, b := range bs {
		if rmsOf(b.x) < 1e-4 && rmsOf(b.r) < 1e-4 {
			continue // the sink ran dry
		}
		for i := range b.x {
			data = binary.LittleEndian.AppendUint16(data, uint16(int16(math.Round(b.x[i]*32768))))
			data = binary.LittleEndian.AppendUint16(data, uint16(int16(math.Round(b.r[i]*32768))))
		}
	}
	if len(data) == 0 {
		return math.NaN(), math.NaN()
	}
	path := filepath.Join(dir, "heard.raw")
	if err := os.WriteFile(path, data, 0o644); err != nil {
		fatal("%v", err)
	}
	out, err := exec.Command(*ffmpegBin, "-nostdin", "-hide_banner", "-f", "s16le", "-ar", strconv.Itoa(recRate), "-ac", "2",
		"-i", path, "-af", "ebur128=peak=true", "-f", "null", "-").CombinedOutput()
	if err != nil {
		fatal("ffmpeg ebur128: %v\n%s", err, out)
	}
	last := func(re string) float64 {
		m := regexp.MustCompile(re).FindAllSubmatch(out, -1)
		if len(m) == 0 {
			return math.NaN()
		}
		v, err := strconv.ParseFloat(string(m[len(m)-1][1]), 64)
		if err != nil {
			return math.NaN()
		}
		return v
	}
	return last(`I:\s+(-?[0-9.]+) LUFS`), last(`Peak:\s+(-?[0-9.]+) dBFS`)
}

// printLoudness prints the loudness table.
func printLoudness(rows []loudnessRow) {
	fmt.Printf("\nLevelled loudness ([audio] normalize), heard at the sink: first audio from launch in ms, median (min–max) of %d runs, "+
		"\"off\" and \"track\" alternating, a fresh state directory each run (the gain probed, not remembered); "+
		"integrated loudness (ffmpeg ebur128) of %d s heard from then on\n\n", *runs, loudSecs)
	fmt.Printf("| track, output | first audio, off | first audio, track | track − off, paired by run | LUFS, off | LUFS, track | true peak, track (dBTP) |\n|---|---:|---:|---:|---:|---:|---:|\n")
	for _, r := range rows {
		// each run's "track" against the "off" just before it: the
		// machine's load moves both, the difference less
		var d []float64
		for i := range min(len(r.firstOff), len(r.firstTrack)) {
			if r.firstOff[i] >= 0 && r.firstTrack[i] >= 0 {
				d = append(d, r.firstTrack[i]-r.firstOff[i])
			}
		}
		diff := "–"
		if len(d) > 0 {
			lo, hi := d[0], d[0]
			for _, v := range d {
				lo, hi = min(lo, v), max(hi, v)
			}
			diff = fmt.Sprintf("%+.0f (%+.0f – %+.0f)", median(d), lo, hi)
		}
		fmt.Printf("| %s | %s | %s | %s | %s | %s | %s |\n", r.name, spread(r.firstOff), spread(r.firstTrack), diff,
			spreadDB(r.lufsOff), spreadDB(r.lufsTrack), spreadDB(r.peakTrack))
	}
}

// spreadDB is median (min–max) of values in dB, to a tenth.
func spreadDB(x []float64) string {
	var ok []float64
	for _, v := range x {
		if !math.IsNaN(v) {
			ok = append(ok, v)
		}
	}
	if len(ok) == 0 {
		return "n/a"
	}
	lo, hi := ok[0], ok[0]
	for _, v := range ok {
		lo, hi = min(lo, v), max(hi, v)
	}
	return fmt.Sprintf("%.1f (%.1f – %.1f)", median(ok), lo, hi)
}
