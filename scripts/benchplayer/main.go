// Command benchplayer measures cirrus's player side by side with mpv on the
// same fake-served streams: time to first audio, the cost of starting at
// 1:30:00 in the two-hour mix, CPU and peak memory while playing, and CPU
// while paused. scripts/bench-player builds cirrus and runs it.
package main

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/cirrus-tui/cirrus/api"
	"github.com/cirrus-tui/cirrus/api/fake"
)

var (
	cirrusBin = flag.String("cirrus", "bin/cirrus", "cirrus binary")
	ttfaTool  = flag.String("ttfa", "scripts/ttfa.py", "time-to-first-audio tool")
	mpvBin    = flag.String("mpv", "mpv", "mpv binary")
	playSecs  = flag.Int("secs", 60, "seconds of playback for the CPU and memory rows")
	pauseSecs = flag.Int("pause-secs", 10, "seconds of sampling while paused")
	runs      = flag.Int("runs", 5, "runs per time-to-first-audio figure")
	only      = flag.String("only", "heard,ttfa,seek,play,pause,busy", "which groups of rows to measure")
	busyRuns  = flag.Int("busy-runs", 2, "runs per player of the busy-machine dropout row")
	stress    = flag.Bool("stress", true, "saturate the cores during the dropout row (false: a quiet baseline)")
)

const (
	threeMinTrack = 1009 // "Tea at Four", 3:00
)

type bench struct {
	srv   *fake.Server
	c     *api.Client
	token string
}

func main() {
	flag.Parse()
	srv, err := fake.New(fake.Options{})
	if err != nil {
		fatal("start fake: %v", err)
	}
	defer srv.Close()
	tok, _ := srv.IssueToken("cirrus-demo")
	b := &bench{srv: srv, c: api.New(api.Options{BaseURL: srv.URL(), AuthURL: srv.AuthURL(), Tokens: api.StaticToken(tok)}), token: tok}
	ctx := context.Background()

	type row struct {
		name        string
		cirrus, mpv float64
		unit        string
		lowerBetter bool
	}
	var rows []row
	add := func(name, unit string, c, m float64) {
		rows = append(rows, row{name: name, cirrus: c, mpv: m, unit: unit, lowerBetter: true})
		fmt.Fprintf(os.Stderr, "  %-46s cirrus %.3g %s, mpv %.3g %s\n", name, c, unit, m, unit)
	}

	fmt.Fprintln(os.Stderr, "measuring (each figure is the median of", *runs, "runs; playback rows run", *playSecs, "s) ...")
	tones := api.NewURN(api.KindTrack, fake.TestTonesTrackID)
	three := api.NewURN(api.KindTrack, threeMinTrack)
	mix := api.NewURN(api.KindTrack, fake.MixTrackID)

	want := func(g string) bool { return strings.Contains(","+*only+",", ","+g+",") }
	var heard []heardRow
	if want("heard") {
		heard = b.heardLatencies(ctx)
	}
	// Time to first audio, HLS AAC, from launch.
	if want("ttfa") {
		c0 := b.ttfa(b.cirrusCmd(three, ""))
		m0 := b.ttfa(b.mpvCmd(ctx, three, ""))
		add("time to first audio, 3-min HLS AAC track", "ms", c0, m0)
	}

	// Seeking in the two-hour mix while playing (to 1:30:00 and back),
	// over HLS and over the progressive MP3 (a Range request at a computed
	// offset); and starting a fresh process at 1:30:00.
	for _, f := range []string{"hls_aac_160", "http_mp3_128"} {
		if !want("seek") {
			break
		}
		cl, cb := b.cirrusSeek(ctx, mix, f)
		ml, mb := b.mpvSeek(ctx, mix, f)
		add("seek while playing the 2-h mix (to 1:30:00 and back), "+f, "ms", cl, ml)
		add("media fetched per seek, "+f, "KiB", cb, mb)
		cs := b.ttfa(append(b.cirrusCmd(mix, "1h30m"), "--format", f))
		ms := b.ttfa(b.mpvCmdFormat(ctx, mix, "1:30:00", f))
		add("first audio, new process starting at 1:30:00, "+f, "ms", cs, ms)
	}

	// Playback cost.
	for _, t := range []struct {
		name string
		urn  api.URN
	}{{"3-min track", three}, {"2-h mix", mix}} {
		if !want("play") {
			break
		}
		ccpu, crss := b.playCost(b.cirrusCmd(t.urn, ""))
		mcpu, mrss := b.playCost(b.mpvCmd(ctx, t.urn, ""))
		add(fmt.Sprintf("CPU for %d s of playback, %s", *playSecs, t.name), "s", ccpu, mcpu)
		add(fmt.Sprintf("peak RSS, %s", t.name), "MiB", crss, mrss)
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
		var cg, mg []float64
		for i := 0; i < *busyRuns; i++ {
			n, long, heard := b.dropouts(dir, b.cirrusCmd(mix, ""), *playSecs)
			fmt.Fprintf(os.Stderr, "  busy run %d cirrus: %d gaps > 20 ms (longest %v) in %v heard\n", i+1, n, long, heard.Round(time.Millisecond))
			cg = append(cg, float64(n)*60/max(heard.Seconds(), 1))
			n, long, heard = b.dropouts(dir, b.mpvCmd(ctx, mix, ""), *playSecs)
			fmt.Fprintf(os.Stderr, "  busy run %d mpv:    %d gaps > 20 ms (longest %v) in %v heard\n", i+1, n, long, heard.Round(time.Millisecond))
			mg = append(mg, float64(n)*60/max(heard.Seconds(), 1))
		}
		stop()
		os.RemoveAll(dir)
		add("gaps > 20 ms per minute, both cores saturated (stress-ng --cpu 4)", "", median(cg), median(mg))
	}

	// Paused.
	if want("pause") {
		cp := b.pausedCPU(append(b.cirrusCmd(tones, ""), "--paused"))
		mp := b.pausedCPU(append(b.mpvCmd(ctx, tones, ""), "--pause"))
		add(fmt.Sprintf("CPU while paused (%d s sample)", *pauseSecs), "%", cp, mp)
	}

	if len(heard) > 0 {
		fmt.Printf("\nHeard at the sink (parec on the null sink's monitor, 10 ms blocks), ms: median (min–max) of %d runs\n\n", *runs)
		fmt.Printf("| measure | cirrus | mpv | cirrus − mpv (medians) |\n|---|---:|---:|---:|\n")
		for _, r := range heard {
			d := "–"
			if cm, mm := median(okOnly(r.cirrus)), median(okOnly(r.mpv)); cm >= 0 && mm >= 0 {
				d = fmt.Sprintf("%+.0f", cm-mm)
			}
			fmt.Printf("| %s | %s | %s | %s |\n", r.name, spread(r.cirrus), spread(r.mpv), d)
		}
	}
	fmt.Printf("\n| measure | cirrus | mpv | cirrus / mpv |\n|---|---:|---:|---:|\n")
	for _, r := range rows {
		ratio := "–"
		if r.mpv < 0 {
			ratio = "mpv failed"
		}
		if r.mpv > 0 && r.cirrus >= 0 {
			ratio = fmt.Sprintf("%.2f", r.cirrus/r.mpv)
		}
		fmt.Printf("| %s | %s %s | %s %s | %s |\n", r.name, num(r.cirrus), r.unit, num(r.mpv), r.unit, ratio)
	}
	fmt.Printf("\nmpv: %s; loopback fake (`api/fake`), HLS AAC 160 kbit/s; time to first audio by scripts/ttfa.py (ALSA file tap on the null device); playback through ALSA → PulseAudio null sink.\n", mpvVersion())
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
	cmd := []string{*cirrusBin, "play", "-q", "--token", b.token, "--api-url", b.srv.URL(), "--auth-url", b.srv.AuthURL(), string(urn)}
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
	cmd := []string{*mpvBin, "--no-config", "--no-video", "--ao=alsa", "--really-quiet"}
	if start != "" {
		cmd = append(cmd, "--start="+start)
	}
	return append(cmd, u)
}

// ttfa runs the tool and returns the median in milliseconds, -1 on failure.
func (b *bench) ttfa(cmd []string) float64 {
	args := append([]string{*ttfaTool, "--format", "f32", "--runs", strconv.Itoa(*runs), "--"}, cmd...)
	out, err := exec.Command("python3", args...).Output()
	if err != nil {
		fmt.Fprintf(os.Stderr, "ttfa %s: %v\n%s", filepath.Base(cmd[0]), err, out)
		return -1
	}
	for _, l := range strings.Split(string(out), "\n") {
		if v, ok := strings.CutPrefix(l, "ttfa_median_ms "); ok {
			f, err := strconv.ParseFloat(v, 64)
			if err == nil {
				return f
			}
		}
	}
	return -1
}

// playCost plays for playSecs through the default ALSA device and returns
// CPU seconds and peak RSS in MiB, from the kernel's accounting.
func (b *bench) playCost(cmd []string) (cpu, rssMiB float64) {
	c := exec.Command(cmd[0], cmd[1:]...)
	c.Stdout, c.Stderr = nil, nil
	if err := c.Start(); err != nil {
		fatal("start %s: %v", cmd[0], err)
	}
	time.Sleep(time.Duration(*playSecs) * time.Second)
	// Peak RSS from the process itself: a child's rusage maxrss can report
	// the (larger) parent it was forked from.
	hwm := vmHWM(c.Process.Pid)
	c.Process.Signal(syscall.SIGTERM)
	done := make(chan struct{})
	go func() { c.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		c.Process.Kill()
		<-done
	}
	ru, ok := c.ProcessState.SysUsage().(*syscall.Rusage)
	if !ok {
		return -1, -1
	}
	cpu = time.Duration(ru.Utime.Nano() + ru.Stime.Nano()).Seconds()
	return cpu, hwm
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
