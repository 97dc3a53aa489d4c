//go:build unix

package termimg

import (
	"context"
	"errors"
	"fmt"
	"os"
	"sync"
	"time"

	"golang.org/x/sys/unix"
)

// Probe asks the terminal what it can show while the program already
// runs: the program reads its keys from Input, and the terminal's answers
// are taken out of the way there, so nothing waits for them and no key
// pressed meanwhile is lost or reordered.
//
// One goroutine reads the terminal for as long as the probe is open and
// hands on what it read through a pipe; while the terminal is being
// asked, it first takes the answers out.
type Probe struct {
	// Input is what the program reads its keys from.
	Input *os.File

	in           *os.File
	w            *os.File // Input's other end
	stopR, stopW *os.File // closing stopW ends the reading goroutine
	pumped       chan struct{}
	asked        chan struct{} // closed when Ask's goroutine has ended
	cancel       context.CancelFunc

	mu        sync.Mutex
	f         filter
	filtering bool
	changed   chan struct{} // capacity 1: an answer came
}

// NewProbe starts reading in, which must be a terminal in raw mode that
// nothing else reads. Close ends it.
func NewProbe(in *os.File) (*Probe, error) {
	r, w, err := os.Pipe()
	if err != nil {
		return nil, fmt.Errorf("terminal input: %w", err)
	}
	stopR, stopW, err := os.Pipe()
	if err != nil {
		r.Close()
		w.Close()
		return nil, fmt.Errorf("terminal input: %w", err)
	}
	p := &Probe{Input: r, in: in, w: w, stopR: stopR, stopW: stopW, pumped: make(chan struct{}),
		filtering: true, changed: make(chan struct{}, 1), cancel: func() {}}
	go p.pump()
	return p, nil
}

// pump hands what the terminal sends on to Input, less the answers while
// they are expected. It ends when Close is called or the terminal goes.
func (p *Probe) pump() {
	defer close(p.pumped)
	defer p.w.Close() // the program then reads the end of its input
	buf := make([]byte, 4096)
	for {
		fds := []unix.PollFd{{Fd: int32(p.in.Fd()), Events: unix.POLLIN}, {Fd: int32(p.stopR.Fd()), Events: unix.POLLIN}}
		if _, err := unix.Poll(fds, -1); err != nil {
			if err == unix.EINTR {
				continue
			}
			return
		}
		if fds[1].Revents != 0 {
			return
		}
		if fds[0].Revents == 0 {
			continue
		}
		n, err := unix.Read(int(p.in.Fd()), buf)
		if err == unix.EINTR || err == unix.EAGAIN {
			continue
		}
		if n <= 0 || err != nil {
			return
		}
		p.mu.Lock()
		keys := buf[:n]
		if p.filtering {
			keys = p.f.feed(keys)
			select {
			case p.changed <- struct{}{}:
			default:
			}
		}
		_, err = p.w.Write(keys)
		p.mu.Unlock()
		if err != nil {
			return
		}
	}
}

// Ask asks the terminal on out (through write, which must put q on the
// terminal whole, between the program's frames) and calls done once with
// what it can show: when the device attributes come, QueryTimeout after
// the questions with no answer, QueryMax after them at the latest. Mode
// "off" and a tmux that passes nothing through are not asked. done runs
// on the probe's goroutine; call Ask once.
func (p *Probe) Ask(mode Mode, out *os.File, getenv func(string) string, write func(q string), done func(Terminal)) {
	ctx, cancel := context.WithCancel(context.Background())
	p.cancel = cancel
	p.asked = make(chan struct{})
	go func() {
		defer close(p.asked)
		tmux := getenv("TMUX") != ""
		var a answers
		if mode != "off" && (!tmux || tmuxPassesThrough(ctx)) {
			write(queries(tmux))
			a = p.wait(ctx, time.Now())
		}
		p.stopFiltering()
		if ctx.Err() != nil {
			return
		}
		cols, rows := 0, 0
		if ws, err := unix.IoctlGetWinsize(int(out.Fd()), unix.TIOCGWINSZ); err == nil {
			cols, rows = int(ws.Col), int(ws.Row)
		}
		t := choose(mode, a, getenv, tmux, cols, rows)
		if w, h := CellSize(out); w > 0 {
			t.CellW, t.CellH = w, h
		}
		done(sized(t))
	}()
}

// wait returns the answers once they are complete or the time is up.
func (p *Probe) wait(ctx context.Context, start time.Time) answers {
	timer := time.NewTimer(QueryTimeout)
	defer timer.Stop()
	for {
		p.mu.Lock()
		a := p.f.a
		p.mu.Unlock()
		if a.da1 {
			return a
		}
		deadline := start.Add(QueryTimeout)
		if a.kitty || a.version != "" || a.cellW > 0 || a.winW > 0 {
			deadline = start.Add(QueryMax) // answers flow: wait for the last
		}
		left := time.Until(deadline)
		if left <= 0 {
			return a
		}
		timer.Reset(left)
		select {
		case <-ctx.Done():
			return a
		case <-p.changed:
		case <-timer.C:
		}
	}
}

// stopFiltering hands on what was held back as the start of an answer
// and lets everything through from now on.
func (p *Probe) stopFiltering() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.filtering = false
	if held := p.f.flush(); len(held) > 0 {
		_, _ = p.w.Write(held) // fails only once Input is closed, when no one reads
	}
}

// Close stops reading the terminal, so that what is typed after the
// program ends goes to whoever reads next, and closes Input.
func (p *Probe) Close() error {
	p.cancel()
	err := p.stopW.Close()
	err = errors.Join(err, p.Input.Close()) // a write blocked on a full pipe ends
	<-p.pumped
	if p.asked != nil {
		<-p.asked
	}
	return errors.Join(err, p.stopR.Close())
}
