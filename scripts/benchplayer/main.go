//go:build linux

// Command benchplayer measures cirrus's player side by side with mpv on the
// same streams from `cirrus demo-server` (its own process), at the sound:
// latencies heard at the PulseAudio null sink (first audio, a start at
// 1:30:00, seek, pause, resume, next), CPU, peak memory and wake-ups while
// playing (with an `mpv --cache=no` column), CPU while paused, and dropouts
// with every core saturated, and bytes fetched from the CDN (counted at a
// proxy in front of it) to start, per seek and while playing. Each row is
// the median and min–max of N runs.
// scripts/bench-player builds cirrus and runs it.
package main

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/cirrus-tui/cirrus/api"
	"github.com/cirrus-tui/cirrus/api/fake"
)

var (
	cirrusBin  = flag.String("cirrus", "bin/cirrus", "cirrus binary")
	mpvBin     = flag.String("mpv", "mpv", "mpv binary")
	mpvAO      = flag.String("mpv-ao", "alsa", "mpv's audio output (alsa: the same path as cirrus; pulse: mpv's native one)")
	ffmpegBin  = flag.String("ffmpeg", "ffmpeg", "ffmpeg binary (the decode rows)")
	playerTest = flag.String("player-test", "", "the player package's test binary (go test -c ./player, with -tags faad for FAAD2's row): the decoder-alone rows run its BenchmarkDecoderAlone and BenchmarkFAAD2Alone")
	playSecs   = flag.Int("secs", 30, "seconds of playback per run of the CPU and memory rows")
	pauseSecs  = flag.Int("pause-secs", 5, "seconds of sampling while paused")
	runs       = flag.Int("runs", 3, "runs per row (median and min–max)")
	only       = flag.String("only", "heard,play,pause,busy", "which groups of rows to measure: heard, seek (of the heard rows only seek, pause and resume, each run's seek printed), play, pause, busy, loudness (first audio heard with [audio] normalize = \"off\" and \"track\" on the double's loud and quiet masters, and their loudness heard), decode (the 2-h mix decoded unpaced, and cirrus's AAC decoder alone (and FAAD2's, with -tags faad) on the same audio, against ffmpeg), bytes (bytes fetched from the CDN, counted at a proxy)")
	busyRuns   = flag.Int("busy-runs", 2, "runs per player of the busy-machine dropout row")
	busySecs   = flag.Int("busy-secs", 60, "seconds of playback per run of the busy-machine dropout row")
	stress     = flag.Bool("stress", true, "saturate the cores during the dropout row (false: a quiet baseline)")
	outputs    = flag.String("outputs", "alsa", "cirrus's outputs to measure, each in its own column: alsa (through oto and PulseAudio's ALSA plugin), pulse (the native PulseAudio-protocol output), or both: alsa,pulse")
	playFmts   = flag.String("play-formats", "hls_aac_160,http_mp3_128", "the streams of the CPU, memory and wake-up rows: hls_aac_160 (the 3-min HLS AAC track), http_mp3_128 (the same track's progressive MP3, which SoundCloud, and the fake, serve as a 30-s snippet since 2026: keep --secs under 30 for it)")
)

const (
	threeMinTrack = 1009 // "Tea at Four", 3:00
)

// cirrusPlayers are cirrus's columns, one per output in -outputs:
// "cirrus" plays through ALSA, "cirrus-pulse" through the native output.
func cirrusPlayers() []string {
	var ps []string
	for _, o := range strings.Split(*outputs, ",") {
		switch strings.TrimSpace(o) {
		case "alsa":
			ps = append(ps, "cirrus")
		case "pulse":
			ps = append(ps, "cirrus-pulse")
		default:
			fatal("-outputs: %q is not alsa or pulse", o)
		}
	}
	return ps
}

func withPulse() bool { return strings.Contains(","+*outputs+",", ",pulse,") }

// isCirrus tells a cirrus column from mpv's.
func isCirrus(who string) bool { return strings.HasPrefix(who, "cirrus") }

// outputArgs are the flags that put a cirrus column on its output; the
// ALSA column names ALSA too, so auto cannot change what it measures.
func outputArgs(who string) []string {
	if who == "cirrus-pulse" {
		return []string{"--output", "pulse"}
	}
	return []string{"--output", "alsa"}
}

// outputEnv is cmd's environment: for a cirrus command with --output, a
// config ($CIRRUS_CONFIG) that says the same output, as `cirrus play
// --token` reads [audio] output from the config and not the flag (nil:
// inherit).
func outputEnv(cmd []string) []string {
	for i := 0; i+1 < len(cmd); i++ {
		if cmd[i] != "--output" {
			continue
		}
		path := filepath.Join(configDir, cmd[i+1]+".toml")
		if err := os.WriteFile(path, []byte(fmt.Sprintf("[audio]\noutput = %q\n", cmd[i+1])), 0o644); err != nil {
			fatal("%v", err)
		}
		return append(os.Environ(), "CIRRUS_CONFIG="+path)
	}
	return nil
}

// configDir holds outputEnv's configs.
var configDir string

// checkOutput says (nil) whether a cirrus column is playing on the output
// it is named for: the native stream shows on the server as the
// application "cirrus", the ALSA one as "ALSA plug-in [cirrus]".
func checkOutput(who string) error {
	if !isCirrus(who) {
		return nil
	}
	want := `application.name = "ALSA plug-in [cirrus]"`
	if who == "cirrus-pulse" {
		want = `application.name = "cirrus"`
	}
	out, err := exec.Command("pactl", "list", "sink-inputs").Output()
	if err != nil {
		return fmt.Errorf("pactl list sink-inputs: %v", err)
	}
	if !strings.Contains(string(out), want) {
		return fmt.Errorf("%s: no sink input with %s: not playing on the output this column is for", who, want)
	}
	return nil
}

type bench struct {
	apiURL, authURL string
	cdnURL          string // the CDN listener
	c               *api.Client
	token           string
}

// startServer runs `cirrus demo-server` in its own process, so the fake's
// work is not counted in (or competing inside) the timing process, and
// reads its URLs and a token from what it prints. extra goes to demo-server.
func startServer(extra ...string) (*bench, func()) {
	c := exec.Command(*cirrusBin, append([]string{"demo-server", "--addr", "127.0.0.1:0"}, extra...)...)
	out, err := c.StdoutPipe()
	if err != nil {
		fatal("demo-server: %v", err)
	}
	if err := c.Start(); err != nil {
		fatal("demo-server: %v", err)
	}
	b := &bench{}
	sc := bufio.NewScanner(out)
	for sc.Scan() {
		l := sc.Text()
		f := strings.Fields(l)
		switch {
		case len(f) >= 2 && f[0] == "API":
			b.apiURL = f[1]
		case len(f) >= 2 && f[0] == "Auth":
			b.authURL = f[1]
		case len(f) >= 2 && f[0] == "CDN":
			b.cdnURL = f[1]
		case strings.Contains(l, "Authorization: OAuth "):
			t := l[strings.Index(l, "OAuth ")+6:]
			b.token = t[:strings.IndexByte(t, '\'')]
		}
		if strings.HasPrefix(l, "Press Ctrl-C") {
			break
		}
	}
	go io.Copy(io.Discard, out)
	if b.apiURL == "" || b.authURL == "" || b.token == "" {
		fatal("demo-server printed no URLs or token")
	}
	b.c = api.New(api.Options{BaseURL: b.apiURL, AuthURL: b.authURL, Tokens: api.StaticToken(b.token)})
	return b, func() { terminate(c) }
}

func main() {
	flag.Parse()
	var err error
	if configDir, err = os.MkdirTemp("", "cirrus-bench-config"); err != nil {
		fatal("%v", err)
	}
	defer os.RemoveAll(configDir)
	b, stopServer := startServer()
	defer stopServer()
	ctx := context.Background()

	var rows []row
	add := func(r row) {
		rows = append(rows, r)
		fmt.Fprintf(os.Stderr, "  %-60s cirrus %s, cirrus pulse %s, mpv %s, mpv --cache=no %s\n", r.name, spreadF(r.cirrus, r.unit), spreadF(r.cirrusPulse, r.unit), spreadF(r.mpv, r.unit), spreadF(r.mpvNoCache, r.unit))
	}

	fmt.Fprintf(os.Stderr, "measuring: %d runs per row; playback rows run %d s ...\n", *runs, *playSecs)
	tones := api.NewURN(api.KindTrack, fake.TestTonesTrackID)
	three := api.NewURN(api.KindTrack, threeMinTrack)
	mix := api.NewURN(api.KindTrack, fake.MixTrackID)
	load0 := loadAvg()

	want := func(g string) bool { return strings.Contains(","+*only+",", ","+g+",") }
	var heard []heardRow
	if want("heard") || want("seek") {
		heard = b.heardLatencies(ctx, !want("heard"))
	}
	var levelled []loudnessRow
	if want("loudness") {
		levelled = b.loudnessRuns()
	}

	// Playback cost: CPU, peak RSS and context switches over playSecs,
	// each run recorded at the sink; a run that was not heard playing
	// counts as failed.
	for _, t := range []struct {
		name, format string
		urn          api.URN
	}{{"3-min HLS AAC", "hls_aac_160", three}, {"progressive MP3 (a 30-s snippet since 2026)", "http_mp3_128", three}} {
		if !want("play") {
			break
		}
		if !strings.Contains(","+*playFmts+",", ","+t.format+",") {
			continue
		}
		cpu := row{name: fmt.Sprintf("CPU for %d s of playback, %s", *playSecs, t.name), unit: "s"}
		rss := row{name: "peak RSS, " + t.name, unit: "MiB"}
		csw := row{name: "context switches per second, " + t.name, unit: "/s"}
		for i := 0; i < *runs; i++ {
			for _, who := range append(cirrusPlayers(), "mpv", "mpv-nocache") {
				var cmd []string
				switch {
				case isCirrus(who):
					cmd = append(append(b.cirrusCmd(t.urn, ""), "--format", t.format), outputArgs(who)...)
				case who == "mpv":
					cmd = b.mpvCmdFormat(ctx, t.urn, "", t.format)
				default:
					cmd = b.mpvCmdFormat(ctx, t.urn, "", t.format)
					cmd = append(cmd[:len(cmd)-1:len(cmd)-1], "--cache=no", cmd[len(cmd)-1])
				}
				c, r, sw := b.playCost(cmd, who)
				cpu.put(who, c)
				rss.put(who, r)
				csw.put(who, sw)
			}
		}
		add(cpu)
		add(rss)
		add(csw)
	}

	// Paused.
	if want("pause") {
		r := row{name: fmt.Sprintf("CPU while paused (%d s sample)", *pauseSecs), unit: "%"}
		for i := 0; i < *runs; i++ {
			for _, who := range cirrusPlayers() {
				r.put(who, b.pausedCPU(append(append(b.cirrusCmd(tones, ""), "--paused"), outputArgs(who)...)))
			}
			r.put("mpv", b.pausedCPU(append(b.mpvCmd(ctx, tones, ""), "--pause")))
		}
		add(r)
	}

	// Decoding unpaced: the 2-h HLS AAC mix into a WAV writer that goes to
	// /dev/null, against ffmpeg decoding the same playlist into WAV.
	if want("decode") {
		r := row{name: "CPU to decode the 2-h HLS AAC mix unpaced into WAV (/dev/null); mpv columns: ffmpeg", unit: "s"}
		for i := 0; i < *runs; i++ {
			r.put("cirrus", b.decodeCPU(append(b.cirrusCmd(mix, ""), "--format", "hls_aac_160")))
			r.put("mpv", b.decodeCPU(b.ffmpegCmd(ctx, mix)))
		}
		add(r)
		if *playerTest != "" {
			for _, r := range decoderAloneRows() {
				add(r)
			}
		}
	}

	// Bytes fetched from the CDN, through a counting proxy in front of a
	// demo-server of its own.
	if want("bytes") {
		for _, r := range bytesRows(ctx) {
			add(r)
		}
	}

	// Dropouts on a busy machine: every core saturated by stress-ng, the
	// 2-h mix (no breaks) through the null sink, gaps over 20 ms counted in
	// the recording. Players alternate in the same stress run.
	if want("busy") {
		dir, err := os.MkdirTemp("", "cirrus-busy")
		if err != nil {
			fatal("%v", err)
		}
		stop := func() {}
		if *stress {
			stop = startStress()
		}
		r := row{name: fmt.Sprintf("gaps > 20 ms per minute heard, %d s of the 2-h mix, cores saturated (stress-ng --cpu 4)", *busySecs), unit: ""}
		for i := 0; i < *busyRuns; i++ {
			for _, who := range append(cirrusPlayers(), "mpv") {
				cmd := append(b.cirrusCmd(mix, ""), outputArgs(who)...)
				if who == "mpv" {
					cmd = b.mpvCmd(ctx, mix, "")
				}
				n, long, heard := b.dropouts(dir, cmd, *busySecs)
				fmt.Fprintf(os.Stderr, "  busy run %d %s: %d gaps > 20 ms (longest %v) in %v heard\n", i+1, who, n, long.Round(time.Millisecond), heard.Round(time.Millisecond))
				if heard < time.Duration(*busySecs)*time.Second/2 {
					r.put(who, -1)
					continue
				}
				r.put(who, float64(n)*60/heard.Seconds())
			}
		}
		stop()
		os.RemoveAll(dir)
		add(r)
	}

	load1 := loadAvg()
	fmt.Printf("\n%s; load average %s before, %s after (2 cores, shared)\n", time.Now().UTC().Format("2006-01-02 15:04 MST"), load0, load1)
	if len(heard) > 0 {
		fmt.Printf("\nHeard at the sink (parec on the null sink's monitor, 10 ms blocks), ms: median (min–max) of %d runs; mpv --ao=%s\n\n", *runs, *mpvAO)
		diff := func(a, b []float64) string {
			if am, bm := median(okOnly(a)), median(okOnly(b)); am >= 0 && bm >= 0 {
				return fmt.Sprintf("%+.0f", am-bm)
			}
			return "–"
		}
		if withPulse() {
			fmt.Printf("| measure | cirrus (ALSA) | cirrus (pulse) | mpv | ALSA − mpv | pulse − mpv (medians) |\n|---|---:|---:|---:|---:|---:|\n")
		} else {
			fmt.Printf("| measure | cirrus | mpv | cirrus − mpv (medians) |\n|---|---:|---:|---:|\n")
		}
		for _, r := range heard {
			if withPulse() {
				fmt.Printf("| %s | %s | %s | %s | %s | %s |\n", r.name, spread(r.cirrus), spread(r.cirrusPulse), spread(r.mpv), diff(r.cirrus, r.mpv), diff(r.cirrusPulse, r.mpv))
				continue
			}
			fmt.Printf("| %s | %s | %s | %s |\n", r.name, spread(r.cirrus), spread(r.mpv), diff(r.cirrus, r.mpv))
		}
	}
	if len(levelled) > 0 {
		printLoudness(levelled)
	}
	if len(rows) > 0 {
		fmt.Printf("\nMedian (min–max) of %d runs; a run counts only if the sink heard it play.\n\n", *runs)
		if withPulse() {
			fmt.Printf("| measure | cirrus (ALSA) | cirrus (pulse) | mpv | mpv --cache=no | ALSA / mpv | pulse / mpv | ALSA / mpv --cache=no | pulse / mpv --cache=no |\n|---|---:|---:|---:|---:|---:|---:|---:|---:|\n")
		} else {
			fmt.Printf("| measure | cirrus | mpv | mpv --cache=no | cirrus / mpv | cirrus / mpv --cache=no |\n|---|---:|---:|---:|---:|---:|\n")
		}
		for _, r := range rows {
			if withPulse() {
				fmt.Printf("| %s | %s | %s | %s | %s | %s | %s | %s | %s |\n", r.name, spreadF(r.cirrus, r.unit), spreadF(r.cirrusPulse, r.unit), spreadF(r.mpv, r.unit), spreadF(r.mpvNoCache, r.unit),
					ratio(r.cirrus, r.mpv), ratio(r.cirrusPulse, r.mpv), ratio(r.cirrus, r.mpvNoCache), ratio(r.cirrusPulse, r.mpvNoCache))
				continue
			}
			fmt.Printf("| %s | %s | %s | %s | %s | %s |\n", r.name, spreadF(r.cirrus, r.unit), spreadF(r.mpv, r.unit), spreadF(r.mpvNoCache, r.unit),
				ratio(r.cirrus, r.mpv), ratio(r.cirrus, r.mpvNoCache))
		}
	}
	fmt.Printf("\n%s (--ao=%s); `cirrus demo-server` in its own process on loopback; cirrus outputs %s; into a PulseAudio null sink.\n", mpvVersion(), *mpvAO, *outputs)
}

// row is one measure with every run's value per player (-1: failed).
type row struct {
	name                    string
	unit                    string
	cirrus, mpv, mpvNoCache []float64
	cirrusPulse             []float64 // the native output's column (-outputs pulse)
}

func (r *row) put(who string, v float64) {
	switch who {
	case "cirrus":
		r.cirrus = append(r.cirrus, v)
	case "cirrus-pulse":
		r.cirrusPulse = append(r.cirrusPulse, v)
	case "mpv":
		r.mpv = append(r.mpv, v)
	default:
		r.mpvNoCache = append(r.mpvNoCache, v)
	}
}

func spreadF(x []float64, unit string) string {
	ok := okOnly(x)
	if len(ok) == 0 {
		if len(x) == 0 {
			return "–"
		}
		return "failed"
	}
	lo, hi := ok[0], ok[0]
	for _, v := range ok {
		lo, hi = min(lo, v), max(hi, v)
	}
	s := fmt.Sprintf("%s (%s–%s)", num(median(ok)), num(lo), num(hi))
	if unit != "" {
		s += " " + unit
	}
	if len(ok) < len(x) {
		s += fmt.Sprintf(", %d/%d not heard", len(x)-len(ok), len(x))
	}
	return s
}

func ratio(a, b []float64) string {
	ma, mb := median(okOnly(a)), median(okOnly(b))
	if ma < 0 || mb <= 0 {
		return "–"
	}
	return fmt.Sprintf("%.2f", ma/mb)
}

func loadAvg() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "?"
	}
	f := strings.Fields(string(b))
	if len(f) < 3 {
		return "?"
	}
	return strings.Join(f[:3], " ")
}

func num(v float64) string {
	switch {
	case v < 0:
		return "n/a"
	case v >= 100:
		return strconv.FormatFloat(v, 'f', 0, 64)
	case v >= 10:
		return strconv.FormatFloat(v, 'f', 1, 64)
	default:
		return strconv.FormatFloat(v, 'f', 2, 64)
	}
}

func (b *bench) cirrusCmd(urn api.URN, start string) []string {
	cmd := []string{*cirrusBin, "play", "-q", "--token", b.token, "--api-url", b.apiURL, "--auth-url", b.authURL, string(urn)}
	if start != "" {
		cmd = append(cmd, "--start", start)
	}
	return cmd
}

// mpvCmd gives mpv the signed HLS URL, resolved just now (it expires).
func (b *bench) mpvCmd(ctx context.Context, urn api.URN, start string) []string {
	return b.mpvCmdFormat(ctx, urn, start, "hls_aac_160")
}

func (b *bench) mpvCmdFormat(ctx context.Context, urn api.URN, start, format string) []string {
	s, err := b.c.Streams(ctx, urn)
	if err != nil {
		fatal("streams %s: %v", urn, err)
	}
	red := s.HLSAAC160URL
	switch format {
	case "http_mp3_128":
		red = s.HTTPMP3128URL
	case "hls_mp3_128":
		red = s.HLSMP3128URL
	}
	u, err := b.c.ResolveStream(ctx, red)
	if err != nil {
		fatal("resolve %s: %v", urn, err)
	}
	cmd := []string{*mpvBin, "--no-config", "--no-video", "--ao=" + *mpvAO, "--really-quiet"}
	if start != "" {
		cmd = append(cmd, "--start="+start)
	}
	return append(cmd, u)
}

// ffmpegCmd decodes urn's HLS AAC stream into WAV on /dev/null.
func (b *bench) ffmpegCmd(ctx context.Context, urn api.URN) []string {
	mpv := b.mpvCmdFormat(ctx, urn, "", "hls_aac_160")
	return []string{*ffmpegBin, "-nostdin", "-loglevel", "error", "-i", mpv[len(mpv)-1], "-f", "wav", "-y", "/dev/null"}
}

// decoderAlonePasses is how many times the decoder-alone rows decode the
// demo's ten AAC pieces (206 s of audio): about two hours, as the mix.
const decoderAlonePasses = 35

// decoderAloneRows measure the floor under the mix row: cirrus's AAC
// decoder (player/aac, BenchmarkDecoderAlone) decoding the catalogue's
// ADTS pieces from memory, no container, queue or output, and FAAD2 doing
// the same (BenchmarkFAAD2Alone, only in a test binary built with -tags
// faad), each against ffmpeg decoding the same files, the same number of
// times, into its null muxer (measured once per run for both rows).
func decoderAloneRows() []row {
	ours := row{name: fmt.Sprintf("CPU to decode the demo's AAC pieces %d× (~2 h), decoder alone: player/aac; mpv columns: ffmpeg", decoderAlonePasses), unit: "s"}
	faad := row{name: fmt.Sprintf("CPU to decode the demo's AAC pieces %d× (~2 h), decoder alone: FAAD2 (-tags faad); mpv columns: ffmpeg", decoderAlonePasses), unit: "s"}
	withFAAD := hasBenchmark(*playerTest, "BenchmarkFAAD2Alone")
	pieces, err := filepath.Glob("assets/audio/*.aac160.aac")
	if err != nil || len(pieces) == 0 {
		fatal("decoder-alone row: no assets/audio/*.aac160.aac (run from the repository)")
	}
	dir, _ := os.MkdirTemp("", "cirrus-floor")
	defer os.RemoveAll(dir)
	list := filepath.Join(dir, "list.txt")
	var sb strings.Builder
	for range decoderAlonePasses {
		for _, p := range pieces {
			abs, _ := filepath.Abs(p)
			fmt.Fprintf(&sb, "file '%s'\n", abs)
		}
	}
	if err := os.WriteFile(list, []byte(sb.String()), 0o644); err != nil {
		fatal("%v", err)
	}
	bench := func(name string) float64 {
		return runCPU([]string{*playerTest, "-test.run", "^$", "-test.bench", "^" + name + "$",
			"-test.benchtime", fmt.Sprintf("%dx", decoderAlonePasses)})
	}
	for i := 0; i < *runs; i++ {
		ours.put("cirrus", bench("BenchmarkDecoderAlone"))
		if withFAAD {
			faad.put("cirrus", bench("BenchmarkFAAD2Alone"))
		}
		ff := runCPU([]string{*ffmpegBin, "-nostdin", "-loglevel", "fatal", "-f", "concat", "-safe", "0", "-i", list, "-f", "null", "-"})
		ours.put("mpv", ff)
		faad.put("mpv", ff)
	}
	if !withFAAD {
		fmt.Fprintf(os.Stderr, "  decoder alone: %s has no BenchmarkFAAD2Alone (built without -tags faad); FAAD2's row left out\n", filepath.Base(*playerTest))
		return []row{ours}
	}
	return []row{ours, faad}
}

// hasBenchmark says whether the test binary has a benchmark of that name.
func hasBenchmark(testBin, name string) bool {
	out, err := exec.Command(testBin, "-test.list", "^"+name+"$").Output()
	return err == nil && strings.TrimSpace(string(out)) == name
}

// runCPU runs cmd to the end and returns its CPU seconds (user and
// system), or -1 if it failed.
func runCPU(cmd []string) float64 {
	c := exec.Command(cmd[0], cmd[1:]...)
	c.Stdout, c.Stderr = nil, os.Stderr
	if err := c.Run(); err != nil {
		fmt.Fprintf(os.Stderr, "  %s: %v; run not counted\n", filepath.Base(cmd[0]), err)
		return -1
	}
	ru, ok := c.ProcessState.SysUsage().(*syscall.Rusage)
	if !ok {
		return -1
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano()).Seconds()
}

// decodeCPU runs a decode to the end and returns its CPU seconds (user and
// system). A cirrus command gets --out pointing (through a link, as it
// wants a .wav name) at /dev/null.
func (b *bench) decodeCPU(cmd []string) float64 {
	if cmd[0] == *cirrusBin {
		dir, _ := os.MkdirTemp("", "cirrus-decode")
		defer os.RemoveAll(dir)
		out := filepath.Join(dir, "x.wav")
		if err := os.Symlink(os.DevNull, out); err != nil {
			fatal("%v", err)
		}
		cmd = append(cmd, "--out", out)
	}
	return runCPU(cmd)
}

// playCost plays for playSecs through the default ALSA device while the
// sink is recorded, and returns CPU seconds, peak RSS in MiB and context
// switches per second (voluntary and not, all threads), from the kernel's
// accounting. All three are -1 when the sink did not hear it play.
func (b *bench) playCost(cmd []string, who string) (cpu, rssMiB, cswPerSec float64) {
	dir, _ := os.MkdirTemp("", "cirrus-cost")
	defer os.RemoveAll(dir)
	rec := startRecorder(dir, 0)
	time.Sleep(500 * time.Millisecond)
	c := exec.Command(cmd[0], cmd[1:]...)
	c.Stdout, c.Stderr = nil, nil
	c.Env = outputEnv(cmd)
	if err := c.Start(); err != nil {
		fatal("start %s: %v", cmd[0], err)
	}
	time.Sleep(time.Duration(*playSecs) * time.Second)
	outErr := checkOutput(who)
	// Peak RSS and switches from the process itself: a child's rusage
	// maxrss can report the (larger) parent it was forked from.
	hwm := vmHWM(c.Process.Pid)
	sw := ctxSwitches(c.Process.Pid)
	terminate(c)
	time.Sleep(2500 * time.Millisecond)
	_, _, heard := gapStats(rec.stop(), 20*time.Millisecond)
	if heard < time.Duration(*playSecs)*time.Second/2 {
		fmt.Fprintf(os.Stderr, "  %s: the sink heard %v of %d s; run not counted\n", filepath.Base(cmd[0]), heard, *playSecs)
		return -1, -1, -1
	}
	if outErr != nil {
		fmt.Fprintf(os.Stderr, "  %v; run not counted\n", outErr)
		return -1, -1, -1
	}
	ru, ok := c.ProcessState.SysUsage().(*syscall.Rusage)
	if !ok {
		return -1, -1, -1
	}
	cpu = time.Duration(ru.Utime.Nano() + ru.Stime.Nano()).Seconds()
	return cpu, hwm, sw / float64(*playSecs)
}

// ctxSwitches sums voluntary and involuntary context switches over every
// thread of pid: how often the player wakes up.
func ctxSwitches(pid int) float64 {
	ents, err := os.ReadDir(fmt.Sprintf("/proc/%d/task", pid))
	if err != nil {
		return -1
	}
	var n float64
	for _, e := range ents {
		b, err := os.ReadFile(fmt.Sprintf("/proc/%d/task/%s/status", pid, e.Name()))
		if err != nil {
			continue
		}
		for _, l := range strings.Split(string(b), "\n") {
			for _, k := range []string{"voluntary_ctxt_switches:", "nonvoluntary_ctxt_switches:"} {
				if v, ok := strings.CutPrefix(l, k); ok {
					f, _ := strconv.ParseFloat(strings.TrimSpace(v), 64)
					n += f
				}
			}
		}
	}
	return n
}

// vmHWM is a process's peak resident set in MiB, -1 if unknown.
func vmHWM(pid int) float64 {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return -1
	}
	for _, l := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(l, "VmHWM:"); ok {
			kb, err := strconv.ParseFloat(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), 64)
			if err == nil {
				return kb / 1024
			}
		}
	}
	return -1
}

// pausedCPU starts a player paused and reports its CPU use in percent over
// pauseSecs, after a few seconds to settle.
func (b *bench) pausedCPU(cmd []string) float64 {
	c := exec.Command(cmd[0], cmd[1:]...)
	c.Env = outputEnv(cmd)
	if err := c.Start(); err != nil {
		fatal("start %s: %v", cmd[0], err)
	}
	defer func() {
		c.Process.Signal(syscall.SIGTERM)
		c.Wait()
	}()
	time.Sleep(3 * time.Second)
	t0, ok0 := cpuTicks(c.Process.Pid)
	time.Sleep(time.Duration(*pauseSecs) * time.Second)
	t1, ok1 := cpuTicks(c.Process.Pid)
	if !ok0 || !ok1 {
		return -1
	}
	return float64(t1-t0) / 100 / float64(*pauseSecs) * 100 // ticks are 1/100 s
}

// cpuTicks is utime+stime of a process from /proc, in clock ticks.
func cpuTicks(pid int) (int64, bool) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0, false
	}
	s := string(b)
	i := strings.LastIndexByte(s, ')')
	f := strings.Fields(s[i+2:])
	if len(f) < 13 {
		return 0, false
	}
	u, _ := strconv.ParseInt(f[11], 10, 64)
	st, _ := strconv.ParseInt(f[12], 10, 64)
	return u + st, true
}

func mpvVersion() string {
	out, err := exec.Command(*mpvBin, "--version").Output()
	if err != nil {
		return "mpv (version unknown)"
	}
	l, _, _ := bufio.NewReader(strings.NewReader(string(out))).ReadLine()
	return strings.TrimSpace(string(l))
}

func fatal(f string, a ...any) {
	fmt.Fprintf(os.Stderr, "bench-player: "+f+"\n", a...)
	os.Exit(1)
}

func median(x []float64) float64 {
	if len(x) == 0 {
		return -1
	}
	s := append([]float64(nil), x...)
	sort.Float64s(s)
	if len(s)%2 == 0 {
		return (s[len(s)/2-1] + s[len(s)/2]) / 2
	}
	return s[len(s)/2]
}
