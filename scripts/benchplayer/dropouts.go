//go:build linux

package main

import (
	"encoding/binary"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"time"
)

// sinkRecorder records the null sink's monitor with parec into a raw file
// (s16le stereo 44.1 kHz).
type sinkRecorder struct {
	cmd  *exec.Cmd
	f    *os.File
	path string
}

const recRate = 44100

func startRecorder(dir string, latencyMS int) *sinkRecorder {
	path := filepath.Join(dir, fmt.Sprintf("rec-%d.raw", time.Now().UnixNano()))
	f, err := os.Create(path)
	if err != nil {
		fatal("recording: %v", err)
	}
	args := []string{"-d", sinkName() + ".monitor", "--format=s16le", fmt.Sprintf("--rate=%d", recRate), "--channels=2", "--raw"}
	if latencyMS > 0 {
		args = append(args, fmt.Sprintf("--latency-msec=%d", latencyMS))
	}
	c := exec.Command("parec", args...)
	c.Stdout = f
	if err := c.Start(); err != nil {
		fatal("parec: %v", err)
	}
	return &sinkRecorder{cmd: c, f: f, path: path}
}

func sinkName() string {
	if s := os.Getenv("CIRRUS_PULSE_SINK"); s != "" {
		return s
	}
	return "cap"
}

// stop ends parec and returns the recording as mono samples (the louder
// channel's absolute value is not needed: left and right are the same).
func (r *sinkRecorder) stop() []int16 {
	r.cmd.Process.Signal(os.Interrupt)
	done := make(chan struct{})
	go func() { r.cmd.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		r.cmd.Process.Kill()
		<-done
	}
	r.f.Close()
	b, _ := os.ReadFile(r.path)
	os.Remove(r.path)
	x := make([]int16, len(b)/4)
	for i := range x {
		x[i] = int16(binary.LittleEndian.Uint16(b[4*i:]))
	}
	return x
}

// gapStats counts the stretches of digital silence (|sample| ≤ 2 LSB) longer
// than minGap between the first and the last sound in x: what a listener
// hears as a dropout in music that has no breaks. heard is the time from the
// first to the last sound.
func gapStats(x []int16, minGap time.Duration) (gaps int, longest, heard time.Duration) {
	quiet := func(v int16) bool { return v >= -2 && v <= 2 }
	first, last := -1, -1
	for i, v := range x {
		if !quiet(v) {
			if first < 0 {
				first = i
			}
			last = i
		}
	}
	if first < 0 {
		return 0, 0, 0
	}
	minN := int(minGap.Seconds() * recRate)
	run := 0
	for i := first; i <= last; i++ {
		if quiet(x[i]) {
			run++
			continue
		}
		if run > minN {
			if os.Getenv("BENCH_DEBUG") != "" {
				fmt.Fprintf(os.Stderr, "    gap %v at %v\n", time.Duration(run)*time.Second/recRate, time.Duration(i-run-first)*time.Second/recRate)
			}
			gaps++
			longest = max(longest, time.Duration(run)*time.Second/recRate)
		}
		run = 0
	}
	return gaps, longest, time.Duration(last-first) * time.Second / recRate
}

// dropouts plays cmd for secs through the default device while the sink is
// recorded, and counts the gaps over 20 ms in what the sink heard.
func (b *bench) dropouts(dir string, cmd []string, secs int) (gaps int, longest, heard time.Duration) {
	rec := startRecorder(dir, 0)
	time.Sleep(500 * time.Millisecond)
	c := exec.Command(cmd[0], cmd[1:]...)
	c.Env = outputEnv(cmd)
	if err := c.Start(); err != nil {
		fatal("start %s: %v", cmd[0], err)
	}
	time.Sleep(time.Duration(secs) * time.Second)
	c.Process.Signal(syscall.SIGTERM)
	done := make(chan struct{})
	go func() { c.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		c.Process.Kill()
		<-done
	}
	time.Sleep(2500 * time.Millisecond) // the null sink reaches its monitor late
	return gapStats(rec.stop(), 20*time.Millisecond)
}

// startStress saturates every core (stress-ng --cpu 4) until stop is called.
func startStress() (stop func()) {
	c := exec.Command("stress-ng", "--cpu", "4", "--quiet")
	if err := c.Start(); err != nil {
		fatal("stress-ng: %v (scripts/install-deps --test installs it)", err)
	}
	time.Sleep(time.Second)
	return func() {
		c.Process.Signal(syscall.SIGTERM)
		c.Wait()
	}
}
