package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"syscall"
	"time"

	"github.com/cirrus-tui/cirrus/api"
	"github.com/cirrus-tui/cirrus/player"
)

// seekTargets alternate so every seek lands far from the last position.
var seekTargets = []time.Duration{90 * time.Minute, 1 * time.Minute, 90 * time.Minute, 30 * time.Minute, 90 * time.Minute}

// cirrusSeek plays the mix through the sound device in this process and
// times Seek until the first audio from the target reaches the output
// (EventSeeked). It returns the median latency and the media bytes fetched
// per seek.
func (b *bench) cirrusSeek(ctx context.Context, urn api.URN, format string) (ms, kib float64) {
	t, err := b.c.Track(ctx, urn)
	if err != nil {
		fatal("track: %v", err)
	}
	p, err := player.New(ctx, player.Options{API: b.c, Formats: []string{format}})
	if err != nil {
		fatal("player: %v", err)
	}
	defer p.Close()
	p.PlayTracks([]api.Track{*t}, 0)
	wait := func(kind player.EventKind, ok func(player.Event) bool) bool {
		to := time.After(20 * time.Second)
		for {
			select {
			case ev := <-p.Events():
				if ev.Kind == kind && (ok == nil || ok(ev)) {
					return true
				}
			case <-to:
				return false
			}
		}
	}
	if !wait(player.EventState, func(ev player.Event) bool { return ev.Status.State == player.Playing }) {
		fatal("cirrus never started playing")
	}
	time.Sleep(2 * time.Second)
	var lat []float64
	var bytes int64
	for _, to := range seekTargets {
		before := b.srv.Stats().MediaBytes
		t0 := time.Now()
		p.Seek(to)
		if !wait(player.EventSeeked, nil) {
			return -1, -1
		}
		lat = append(lat, float64(time.Since(t0).Microseconds())/1000)
		time.Sleep(1500 * time.Millisecond) // let the prefetch settle: its bytes count
		bytes += b.srv.Stats().MediaBytes - before
	}
	return median(lat), float64(bytes) / float64(len(seekTargets)) / 1024
}

// mpvSeek does the same with mpv through its JSON IPC: seek, then wait for
// the playback-restart event.
func (b *bench) mpvSeek(ctx context.Context, urn api.URN, format string) (ms, kib float64) {
	dir, _ := os.MkdirTemp("", "mpvipc")
	defer os.RemoveAll(dir)
	sock := filepath.Join(dir, "sock")
	args := b.mpvCmdFormat(ctx, urn, "", format)
	args = append(args[:len(args)-1], "--input-ipc-server="+sock, args[len(args)-1])
	c := exec.Command(args[0], args[1:]...)
	if err := c.Start(); err != nil {
		fatal("start mpv: %v", err)
	}
	defer func() {
		c.Process.Signal(syscall.SIGTERM)
		c.Wait()
	}()
	var conn net.Conn
	var err error
	for i := 0; i < 100; i++ {
		if conn, err = net.Dial("unix", sock); err == nil {
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "mpv ipc:", err)
		return -1, -1
	}
	defer conn.Close()
	events := make(chan string, 64)
	go func() {
		sc := bufio.NewScanner(conn)
		for sc.Scan() {
			var m map[string]any
			if json.Unmarshal(sc.Bytes(), &m) == nil {
				if e, ok := m["event"].(string); ok {
					events <- e
				}
			}
		}
		close(events)
	}()
	wait := func(name string) bool {
		to := time.After(20 * time.Second)
		for {
			select {
			case e, ok := <-events:
				if !ok {
					return false
				}
				if e == name {
					return true
				}
			case <-to:
				return false
			}
		}
	}
	if !wait("playback-restart") {
		return -1, -1
	}
	time.Sleep(2 * time.Second)
	var lat []float64
	var bytes int64
	for _, to := range seekTargets {
		before := b.srv.Stats().MediaBytes
		t0 := time.Now()
		fmt.Fprintf(conn, `{"command":["seek","%d","absolute"]}`+"\n", int(to.Seconds()))
		if !wait("playback-restart") {
			return -1, -1
		}
		lat = append(lat, float64(time.Since(t0).Microseconds())/1000)
		time.Sleep(1500 * time.Millisecond)
		bytes += b.srv.Stats().MediaBytes - before
	}
	return median(lat), float64(bytes) / float64(len(seekTargets)) / 1024
}

func median(x []float64) float64 {
	if len(x) == 0 {
		return -1
	}
	s := append([]float64(nil), x...)
	sort.Float64s(s)
	return s[len(s)/2]
}
