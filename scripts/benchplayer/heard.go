//go:build linux

package main

import (
	"bufio"
	"context"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"sync"
	"syscall"
	"time"

	"github.com/cirrus-tui/cirrus/api"
	"github.com/cirrus-tui/cirrus/api/fake"
	"github.com/cirrus-tui/cirrus/player/remote"
)

// The heard timer: parec records the null sink's monitor at low latency,
// every 10 ms block is stamped with the clock when it arrives, and a
// latency is the time from the command to the first block that holds the
// target (a tone of the tones track, sound, or silence). Both players are
// timed the same way, at the sound, so the sink's own delay cancels out of
// the comparison.

const blockFrames = recRate / 100 // 10 ms: a whole number of cycles of every tone

type block struct {
	at time.Time
	x  []float64 // left
	r  []float64 // right (the loudness rows measure both)
}

type listener struct {
	cmd    *exec.Cmd
	mu     sync.Mutex
	blocks []block
	done   chan struct{}
}

func listen() *listener {
	c := exec.Command("parec", "-d", sinkName()+".monitor", "--format=s16le", fmt.Sprintf("--rate=%d", recRate),
		"--channels=2", "--raw", "--latency-msec=5", "--process-time-msec=5")
	out, err := c.StdoutPipe()
	if err != nil {
		fatal("parec: %v", err)
	}
	if err := c.Start(); err != nil {
		fatal("parec: %v", err)
	}
	l := &listener{cmd: c, done: make(chan struct{})}
	go func() {
		defer close(l.done)
		r := bufio.NewReaderSize(out, 4096)
		buf := make([]byte, blockFrames*4)
		for {
			if _, err := io.ReadFull(r, buf); err != nil {
				return
			}
			at := time.Now()
			x, r := make([]float64, blockFrames), make([]float64, blockFrames)
			for i := range x {
				x[i] = float64(int16(binary.LittleEndian.Uint16(buf[4*i:]))) / 32768
				r[i] = float64(int16(binary.LittleEndian.Uint16(buf[4*i+2:]))) / 32768
			}
			l.mu.Lock()
			l.blocks = append(l.blocks, block{at, x, r})
			l.mu.Unlock()
		}
	}()
	time.Sleep(700 * time.Millisecond) // attach
	return l
}

func (l *listener) close() {
	l.cmd.Process.Kill()
	l.cmd.Wait()
	<-l.done
}

// first waits for the first block after t0 that matches, for at most
// timeout, and returns its delay after t0 (-1 when none came).
func (l *listener) first(t0 time.Time, timeout time.Duration, match func(x []float64) bool) time.Duration {
	end := time.Now().Add(timeout)
	seen := 0
	for time.Now().Before(end) {
		l.mu.Lock()
		bs := l.blocks[seen:]
		seen = len(l.blocks)
		l.mu.Unlock()
		for _, b := range bs {
			if b.at.After(t0) && match(b.x) {
				return b.at.Sub(t0)
			}
		}
		time.Sleep(2 * time.Millisecond)
	}
	return -1
}

func rmsOf(x []float64) float64 {
	var s float64
	for _, v := range x {
		s += v * v
	}
	return math.Sqrt(s / float64(len(x)))
}

func loud(x []float64) bool   { return rmsOf(x) > 0.01 }
func silent(x []float64) bool { return rmsOf(x) < 0.001 }

// toneIs says whether tone f carries most of x's energy.
func toneIs(f float64) func(x []float64) bool {
	return func(x []float64) bool {
		e := 0.0
		for _, v := range x {
			e += v * v
		}
		if math.Sqrt(e/float64(len(x))) < 0.01 {
			return false
		}
		w := 2 * math.Pi * f / recRate
		c := 2 * math.Cos(w)
		var s1, s2 float64
		for _, v := range x {
			s1, s2 = v+c*s1-s2, s1
		}
		p := s1*s1 + s2*s2 - c*s1*s2
		return 2*p/(e*float64(len(x))) > 0.6
	}
}

// ctlPlayer is a running player with a control channel.
type ctlPlayer struct {
	proc *exec.Cmd
	send func(cmd string, args ...any) error
	pos  func() float64 // the position the player reports, in s; -1 unknown
	stop func()
}

func (b *bench) startCirrus(dir string, args ...string) *ctlPlayer {
	sock := filepath.Join(dir, fmt.Sprintf("cirrus-%d.sock", time.Now().UnixNano()))
	cmd := append(b.cirrusCmd(api.URN(args[0]), ""), args[1:]...)
	c := exec.Command(cmd[0], cmd[1:]...)
	c.Env = append(os.Environ(), "CIRRUS_SOCKET="+sock)
	if env := outputEnv(cmd); env != nil {
		c.Env = append(env, "CIRRUS_SOCKET="+sock)
	}
	if err := c.Start(); err != nil {
		fatal("start cirrus: %v", err)
	}
	p := &ctlPlayer{proc: c}
	p.send = func(name string, a ...any) error {
		var s []string
		for _, v := range a {
			s = append(s, fmt.Sprint(v))
		}
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		resp, err := remote.Call(ctx, sock, remote.Request{Cmd: name, Args: s})
		if err == nil && !resp.OK {
			err = fmt.Errorf("%s: %s", name, resp.Error)
		}
		return err
	}
	p.pos = func() float64 {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		resp, err := remote.Call(ctx, sock, remote.Request{Cmd: "status"})
		if err != nil || !resp.OK || resp.Status == nil {
			return -1
		}
		return float64(resp.Status.PositionMS) / 1000
	}
	p.stop = func() { terminate(c) }
	// wait for the socket
	for i := 0; i < 500; i++ {
		if _, err := os.Stat(sock); err == nil {
			break
		}
		time.Sleep(10 * time.Millisecond)
	}
	return p
}

func (b *bench) startMPV(dir string, args ...string) *ctlPlayer {
	sock := filepath.Join(dir, fmt.Sprintf("mpv-%d.sock", time.Now().UnixNano()))
	cmd := append([]string{*mpvBin, "--no-config", "--no-video", "--ao=" + *mpvAO, "--really-quiet", "--input-ipc-server=" + sock}, args...)
	if os.Getenv("BENCH_DEBUG") != "" {
		cmd = append(cmd[:4:4], cmd[5:]...) // not --really-quiet
	}
	c := exec.Command(cmd[0], cmd[1:]...)
	if os.Getenv("BENCH_DEBUG") != "" {
		c.Stderr, c.Stdout = os.Stderr, os.Stderr
		fmt.Fprintln(os.Stderr, cmd)
	}
	if err := c.Start(); err != nil {
		fatal("start mpv: %v", err)
	}
	var conn net.Conn
	for i := 0; i < 500 && conn == nil; i++ {
		conn, _ = net.Dial("unix", sock)
		if conn == nil {
			time.Sleep(10 * time.Millisecond)
		}
	}
	p := &ctlPlayer{proc: c}
	replies := mpvReplies(conn)
	p.send = func(name string, a ...any) error {
		if conn == nil {
			return fmt.Errorf("no mpv IPC")
		}
		var cmd []any
		switch name {
		case "seek":
			cmd = []any{"seek", a[0], "absolute"}
		case "pause":
			cmd = []any{"set_property", "pause", true}
		case "play":
			cmd = []any{"set_property", "pause", false}
		case "next":
			cmd = []any{"playlist-next"}
		}
		m, _ := json.Marshal(map[string]any{"command": cmd})
		_, err := conn.Write(append(m, '\n'))
		return err
	}
	p.pos = func() float64 {
		if conn == nil {
			return -1
		}
		if _, err := conn.Write([]byte(`{"command":["get_property","time-pos"],"request_id":1}` + "\n")); err != nil {
			return -1
		}
		select {
		case r := <-replies:
			if r.Error != "success" {
				return -1
			}
			return r.Data
		case <-time.After(5 * time.Second):
			return -1
		}
	}
	p.stop = func() {
		if conn != nil {
			conn.Close()
		}
		terminate(c)
	}
	return p
}

// mpvReply is mpv's answer to a numeric get_property.
type mpvReply struct {
	RequestID int     `json:"request_id"`
	Error     string  `json:"error"`
	Data      float64 `json:"data"`
}

// mpvReplies reads mpv's IPC and passes on the answers to requests; the
// events mpv sends unasked on the same socket are dropped.
func mpvReplies(conn net.Conn) <-chan mpvReply {
	ch := make(chan mpvReply, 8)
	if conn == nil {
		return ch
	}
	go func() {
		sc := bufio.NewScanner(conn)
		for sc.Scan() {
			var r mpvReply
			if json.Unmarshal(sc.Bytes(), &r) == nil && r.RequestID != 0 {
				ch <- r
			}
		}
	}()
	return ch
}

func terminate(c *exec.Cmd) {
	c.Process.Signal(syscall.SIGTERM)
	done := make(chan struct{})
	go func() { c.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		c.Process.Kill()
		<-done
	}
}

// heardRow is one measure: samples per player, in ms.
type heardRow struct {
	name        string
	cirrus, mpv []float64
	cirrusPulse []float64 // -outputs pulse
}

// heardLatencies runs every heard measure runs times, alternating players.
// seekOnly measures only the seek, pause and resume rows (-only seek), and
// prints each run's seek as heard by every player, so that paired runs
// can be compared.
func (b *bench) heardLatencies(ctx context.Context, seekOnly bool) []heardRow {
	dir, err := os.MkdirTemp("", "cirrus-heard")
	if err != nil {
		fatal("%v", err)
	}
	defer os.RemoveAll(dir)
	l := listen()
	defer l.close()
	tones := api.NewURN(api.KindTrack, fake.TestTonesTrackID)
	three := api.NewURN(api.KindTrack, threeMinTrack)
	mix := api.NewURN(api.KindTrack, fake.MixTrackID)
	// mpv 0.35 (FFmpeg 5.1) cannot seek in fMP4 HLS (see README): the rows
	// that start or seek mid-track use HLS MP3 for both players.
	const seekFormat = "hls_mp3_128"
	url := func(urn api.URN, format string) string { c := b.mpvCmdFormat(ctx, urn, "", format); return c[len(c)-1] }
	ms := func(d time.Duration) float64 {
		if d < 0 {
			return -1
		}
		return float64(d.Microseconds()) / 1000
	}
	quiet := func() { // let the sink fall silent between runs
		l.first(time.Now(), 3*time.Second, silent)
		time.Sleep(300 * time.Millisecond)
	}
	rows := []heardRow{{name: "first audio heard, 3-min HLS AAC track, from launch"},
		{name: "first audio heard, new process starting at 1:30:00 (2-h mix, HLS MP3)"},
		{name: "seek heard, while playing (Test Tones HLS MP3, 400 Hz → 19.5 s)"},
		{name: "pause heard (time to silence)"},
		{name: "resume heard"},
		{name: "next track heard"}}
	for run := 0; run < *runs; run++ {
		seekRun := map[string]float64{}
		for _, who := range append(cirrusPlayers(), "mpv") {
			put := func(i int, d time.Duration) {
				switch who {
				case "cirrus":
					rows[i].cirrus = append(rows[i].cirrus, ms(d))
				case "cirrus-pulse":
					rows[i].cirrusPulse = append(rows[i].cirrusPulse, ms(d))
				default:
					rows[i].mpv = append(rows[i].mpv, ms(d))
				}
			}
			start := func(urn api.URN, format string, extra ...string) (*ctlPlayer, time.Time) {
				if isCirrus(who) {
					t0 := time.Now()
					return b.startCirrus(dir, append(append([]string{string(urn), "--format", format}, outputArgs(who)...), extra...)...), t0
				}
				u := url(urn, format)
				t0 := time.Now()
				return b.startMPV(dir, append(extra, u)...), t0
			}
			var p *ctlPlayer
			var t0 time.Time
			var d time.Duration
			if seekOnly {
				goto seekRows
			}
			// first audio from launch
			quiet()
			p, t0 = start(three, "hls_aac_160")
			d = l.first(t0, 15*time.Second, loud)
			if err := checkOutput(who); err != nil {
				fmt.Fprintf(os.Stderr, "  %v; run not counted\n", err)
				d = -1
			}
			put(0, d)
			p.stop()
			// a new process at 1:30:00
			quiet()
			if isCirrus(who) {
				p, t0 = start(mix, seekFormat, "--start", "1h30m")
			} else {
				p, t0 = start(mix, seekFormat, "--start=1:30:00")
			}
			put(1, l.first(t0, 15*time.Second, loud))
			p.stop()
		seekRows:
			// seek, pause, resume on the tones track
			quiet()
			p, t0 = start(tones, seekFormat)
			if l.first(t0, 15*time.Second, toneIs(400)) < 0 {
				fmt.Fprintf(os.Stderr, "  %s: the 400 Hz tone never came\n", who)
				p.stop()
				continue
			}
			time.Sleep(1200 * time.Millisecond)
			t1 := time.Now()
			p.send("seek", 19.5)
			d = l.first(t1, 5*time.Second, toneIs(900))
			put(2, d)
			seekRun[who] = ms(d)
			time.Sleep(500 * time.Millisecond)
			t2 := time.Now()
			p.send("pause")
			put(3, l.first(t2, 5*time.Second, silent))
			time.Sleep(700 * time.Millisecond)
			t3 := time.Now()
			p.send("play")
			put(4, l.first(t3, 5*time.Second, loud))
			p.stop()
			if seekOnly {
				continue
			}
			// next: two tones tracks; skip in the first one's 400 Hz tone
			quiet()
			if isCirrus(who) {
				p, t0 = start(tones, "hls_aac_160", string(tones))
			} else {
				p, t0 = start(tones, "hls_aac_160", url(tones, "hls_aac_160"))
			}
			if l.first(t0, 15*time.Second, toneIs(400)) >= 0 {
				time.Sleep(300 * time.Millisecond)
				t4 := time.Now()
				p.send("next")
				put(5, l.first(t4, 5*time.Second, toneIs(300)))
			}
			p.stop()
		}
		fmt.Fprintf(os.Stderr, "  heard run %d/%d done; seek heard, ms:", run+1, *runs)
		for _, who := range append(cirrusPlayers(), "mpv") {
			fmt.Fprintf(os.Stderr, " %s %.0f", who, seekRun[who])
			if m, ok := seekRun["mpv"]; ok && who != "mpv" && m >= 0 && seekRun[who] >= 0 {
				fmt.Fprintf(os.Stderr, " (%+.0f)", seekRun[who]-m)
			}
		}
		fmt.Fprintln(os.Stderr)
	}
	if seekOnly {
		return rows[2:5]
	}
	return rows
}

// spread formats median and min–max of ms samples.
func spread(x []float64) string {
	var ok []float64
	for _, v := range x {
		if v >= 0 {
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
	s := fmt.Sprintf("%s (%s–%s)", strconv.FormatFloat(median(ok), 'f', 0, 64), strconv.FormatFloat(lo, 'f', 0, 64), strconv.FormatFloat(hi, 'f', 0, 64))
	if len(ok) < len(x) {
		s += fmt.Sprintf(", %d/%d failed", len(x)-len(ok), len(x))
	}
	return s
}

func okOnly(x []float64) []float64 {
	var ok []float64
	for _, v := range x {
		if v >= 0 {
			ok = append(ok, v)
		}
	}
	return ok
}
