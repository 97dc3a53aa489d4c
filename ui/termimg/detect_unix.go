//go:build unix

package termimg

import (
	"context"
	"os"
	"os/exec"
	"strings"
	"time"

	"golang.org/x/sys/unix"
)

// Detect asks the terminal on in/out what it can show (see QueryTimeout),
// then falls back on the environment. in must already be in raw mode and
// nothing else may be reading it. Mode "off" asks nothing; inside a tmux
// that passes nothing through nothing is asked either, as no answer
// could come.
func Detect(mode Mode, in, out *os.File, getenv func(string) string) Terminal {
	tmux := getenv("TMUX") != ""
	cols, rows := 0, 0
	if ws, err := unix.IoctlGetWinsize(int(out.Fd()), unix.TIOCGWINSZ); err == nil {
		cols, rows = int(ws.Col), int(ws.Row)
	}
	var a answers
	if mode != "off" && (!tmux || tmuxPassesThrough(context.Background())) {
		a = parseAnswers(ask(in, out, queries(tmux), func(b []byte) bool { return parseAnswers(b).da1 }))
	}
	t := choose(mode, a, getenv, tmux, cols, rows)
	if w, h := CellSize(out); w > 0 {
		t.CellW, t.CellH = w, h // the kernel's word is current; the answers may be stale after a font change
	}
	return sized(t)
}

// tmuxPassesThrough asks the tmux around the program whether its pane
// passes escape sequences to the terminal (allow-passthrough on or all).
func tmuxPassesThrough(ctx context.Context) bool {
	ctx, cancel := context.WithTimeout(ctx, time.Second)
	defer cancel()
	out, err := exec.CommandContext(ctx, "tmux", "show-options", "-Apv", "allow-passthrough").Output()
	v := strings.TrimSpace(string(out))
	return err == nil && (v == "on" || v == "all")
}

// ask writes q and reads the answers until done says they are complete,
// QueryTimeout passes with none, or QueryMax passes. Reading polls the
// descriptor, so no goroutine is left blocked on the terminal for the
// program to race with.
func ask(in, out *os.File, q string, done func([]byte) bool) []byte {
	if _, err := out.WriteString(q); err != nil {
		return nil
	}
	start := time.Now()
	var got []byte
	buf := make([]byte, 1024)
	for len(got) < 16<<10 {
		deadline := start.Add(QueryMax)
		if len(got) == 0 {
			deadline = start.Add(QueryTimeout)
		}
		left := time.Until(deadline)
		if left <= 0 {
			break
		}
		fds := []unix.PollFd{{Fd: int32(in.Fd()), Events: unix.POLLIN}}
		n, err := unix.Poll(fds, int(left/time.Millisecond)+1)
		if err == unix.EINTR {
			continue
		}
		if err != nil || n == 0 || fds[0].Revents&unix.POLLIN == 0 {
			break
		}
		m, err := unix.Read(int(in.Fd()), buf)
		if m <= 0 || err != nil {
			break
		}
		got = append(got, buf[:m]...)
		if done(got) {
			break
		}
	}
	return got
}

// CellSize is a cell's size in pixels as the kernel knows it from the
// terminal (TIOCGWINSZ); 0, 0 when the terminal does not say.
func CellSize(f *os.File) (w, h int) {
	ws, err := unix.IoctlGetWinsize(int(f.Fd()), unix.TIOCGWINSZ)
	if err != nil || ws.Col == 0 || ws.Row == 0 || ws.Xpixel == 0 || ws.Ypixel == 0 {
		return 0, 0
	}
	return int(ws.Xpixel) / int(ws.Col), int(ws.Ypixel) / int(ws.Row)
}
