package player

import (
	"context"
	"errors"
	"fmt"
	"sync"

	"github.com/cirrus-tui/cirrus/player/command"
)

// Applier is what a Controller drives: the Player, or a test's double.
type Applier interface {
	// Apply carries out c, the command numbered seq, and then reports
	// seq as applied (Status.Seq) on its events.
	Apply(seq uint64, c command.Command) error
}

// maxPending bounds the commands waiting to be applied: far more than
// hands can press while one is applied.
const maxPending = 4096

// ErrBusy is returned for a command submitted while maxPending wait.
var ErrBusy = errors.New("too many commands waiting for the player")

// Controller applies commands from every input (keys, the `:` line,
// `cirrus ctl`, MPRIS) to one player, one at a time, in the order they
// were submitted. Each gets a number; the player's status says which was
// the last applied, so a reader can tell a stale status from a fresh one.
type Controller struct {
	a    Applier
	mu   sync.Mutex
	seq  uint64
	jobs []job
	wake chan struct{}
	stop chan struct{}
	done chan struct{}
	once sync.Once
}

type job struct {
	seq   uint64
	c     command.Command
	reply chan error // nil: nobody waits
}

// NewController starts applying commands to a; Close stops it.
func NewController(a Applier) *Controller {
	c := &Controller{a: a, wake: make(chan struct{}, 1), stop: make(chan struct{}), done: make(chan struct{})}
	go c.run()
	return c
}

// Submit queues cmd and returns its number at once (0 when refused:
// closed, or ErrBusy). It never blocks, so the UI may call it from Update.
func (c *Controller) Submit(cmd command.Command) uint64 {
	seq, _ := c.enqueue(cmd, nil)
	return seq
}

// Do queues cmd and waits until it was applied (cirrus ctl, MPRIS).
func (c *Controller) Do(ctx context.Context, cmd command.Command) error {
	reply := make(chan error, 1)
	if _, err := c.enqueue(cmd, reply); err != nil {
		return err
	}
	select {
	case err := <-reply:
		return err
	case <-ctx.Done():
		return ctx.Err()
	case <-c.done:
		return errors.New("player closed")
	}
}

func (c *Controller) enqueue(cmd command.Command, reply chan error) (uint64, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	select {
	case <-c.stop:
		return 0, errors.New("player closed")
	default:
	}
	if len(c.jobs) >= maxPending {
		return 0, ErrBusy
	}
	c.seq++
	c.jobs = append(c.jobs, job{seq: c.seq, c: cmd, reply: reply})
	select {
	case c.wake <- struct{}{}:
	default:
	}
	return c.seq, nil
}

func (c *Controller) run() {
	defer close(c.done)
	for {
		select {
		case <-c.stop:
			return
		case <-c.wake:
		}
		for {
			c.mu.Lock()
			if len(c.jobs) == 0 {
				c.jobs = nil // let a burst's backing array go
				c.mu.Unlock()
				break
			}
			j := c.jobs[0]
			c.jobs = c.jobs[1:]
			c.mu.Unlock()
			err := c.a.Apply(j.seq, j.c)
			if j.reply != nil {
				j.reply <- err
			}
		}
	}
}

// Close stops applying; commands still waiting are dropped.
func (c *Controller) Close() {
	c.once.Do(func() { close(c.stop) })
	<-c.done
}

// Submit queues a command for the player (see Controller.Submit).
func (p *Player) Submit(c command.Command) uint64 { return p.ctl.Submit(c) }

// Do applies a command and waits for it (see Controller.Do).
func (p *Player) Do(ctx context.Context, c command.Command) error { return p.ctl.Do(ctx, c) }

// Apply carries out one playback command and reports seq as applied.
// It holds the player's lock throughout, so every event carrying seq
// shows the state after the command, and none before it does. Steps
// (volume +5, shuffle flip, the next repeat mode) are taken from the
// player's own state when applied, never from what a reader last saw.
func (p *Player) Apply(seq uint64, c command.Command) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.closed {
		return errors.New("player closed")
	}
	p.seq = seq
	var err error
	switch c.Op {
	case command.OpPlay:
		p.playLocked()
	case command.OpPause:
		p.pauseLocked()
	case command.OpToggle:
		p.toggleLocked()
	case command.OpStop:
		p.stopLocked()
	case command.OpNext:
		p.nextLocked()
	case command.OpPrevious:
		p.previousLocked()
	case command.OpSeek:
		if c.Relative {
			p.seekByLocked(c.At)
		} else {
			p.seekLocked(c.At)
		}
	case command.OpQueueClear:
		p.clearQueueLocked()
	case command.OpVolume:
		p.setVolumeLocked(StepVolume(p.volume, c))
	case command.OpShuffle:
		p.q.setShuffle(StepSwitch(p.q.shuffle, c.Switch))
		p.queueChanged()
	case command.OpRepeat:
		p.q.repeat = StepRepeat(p.q.repeat, c.Repeat)
		p.queueChanged()
	default:
		err = fmt.Errorf("%s is not a player command", c.Op)
	}
	p.emit(EventApplied, err)
	return err
}

// StepVolume is the volume after c (OpVolume) from v: set, or stepped and
// kept within 0..1.
func StepVolume(v float64, c command.Command) float64 {
	if c.Relative {
		v += c.Volume
	} else {
		v = c.Volume
	}
	// steps of whole percents stay whole: 0.8+0.05+0.05 is 0.9, not 0.9000001
	v = float64(int64(v*1000+0.5)) / 1000
	return max(0, min(1, v))
}

// StepSwitch is an on/off value after s.
func StepSwitch(on bool, s command.Switch) bool {
	switch s {
	case command.On:
		return true
	case command.Off:
		return false
	}
	return !on
}

// StepRepeat is the repeat mode after r: the next one, or the one named.
func StepRepeat(cur Repeat, r command.Repeat) Repeat {
	switch r {
	case command.RepeatOff:
		return RepeatOff
	case command.RepeatOne:
		return RepeatOne
	case command.RepeatAll:
		return RepeatAll
	}
	return (cur + 1) % 3
}
