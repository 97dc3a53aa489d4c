package cli

import (
	"context"
	"errors"
	"log/slog"
	"sync"

	"github.com/cirrus-tui/cirrus/player"
	"github.com/cirrus-tui/cirrus/player/command"
	"github.com/cirrus-tui/cirrus/player/remote"
	"github.com/cirrus-tui/cirrus/ui"
)

// desktop puts a running player on the desktop: on Linux MPRIS on the
// session bus (media keys, playerctl) and track-change notifications when
// the config asks for them; everywhere the `cirrus ctl` socket. Each part that cannot start (no
// session bus, another cirrus owns the socket) is logged and skipped:
// cirrus runs on without it.
//
// It embeds the player, so it can stand wherever the player does (ui.Audio,
// the play loop), and tees the player's one event channel: Events returns the
// copy for the owner, while MPRIS and notifications get theirs.
type desktop struct {
	*player.Player
	events chan player.Event

	log  *slog.Logger
	bus  desktopBus // MPRIS and notifications: Linux only (desktop_bus_*.go)
	sock *remote.Server

	latest chan player.Status // size 1: MPRIS gets the newest status, never stale ones
	cancel context.CancelFunc
	wg     sync.WaitGroup
	once   sync.Once
}

// desktopOptions let tests and owners adjust startDesktop.
type desktopOptions struct {
	Socket string // control socket; "" is remote.DefaultPath()
	NoBus  bool   // skip MPRIS and notifications
	Quit   func() // what MPRIS Quit does; nil: not offered
	// UI hands cirrus ctl's commands for the screen (radio) to the TUI;
	// nil: there is none.
	UI func(command.Command) error
}

// startDesktop starts the desktop integration for p. Call Close before the
// player is closed.
func startDesktop(ctx context.Context, env *Env, p *player.Player, o desktopOptions) *desktop {
	ctx, cancel := context.WithCancel(ctx)
	d := &desktop{Player: p, events: make(chan player.Event, 64), log: env.Logger,
		latest: make(chan player.Status, 1), cancel: cancel}
	h := remote.NewPlayerHandler(p, env.API)
	h.UI = o.UI
	if !o.NoBus {
		d.bus.start(ctx, env, p, h, o.Quit)
	}
	sockPath := o.Socket
	if sockPath == "" {
		sockPath = remote.DefaultPath()
	}
	s, err := remote.ListenLogger(ctx, sockPath, h, env.Logger)
	switch {
	case errors.Is(err, remote.ErrAlreadyRunning):
		d.log.Warn("cirrus ctl goes to the other cirrus", "err", err)
	case err != nil:
		d.log.Warn("cirrus ctl is off", "err", err)
	default:
		d.sock = s
	}
	d.wg.Add(2)
	go d.tee(ctx)
	go d.announce(ctx)
	return d
}

// Events is the owner's copy of the player's events.
func (d *desktop) Events() <-chan player.Event { return d.events }

// tee copies every player event to the owner and hands the newest status
// to announce. Like the player, it drops position updates rather than
// stall when the owner reads slowly.
func (d *desktop) tee(ctx context.Context) {
	defer d.wg.Done()
	src := d.Player.Events()
	for {
		var ev player.Event
		select {
		case <-ctx.Done():
			return
		case ev = <-src:
		}
		select {
		case <-d.latest:
		default:
		}
		d.latest <- ev.Status
		if ev.Kind == player.EventPosition {
			select {
			case d.events <- ev:
			default:
			}
			continue
		}
		select {
		case d.events <- ev:
		case <-ctx.Done():
			return
		}
	}
}

// announce tells the bus, away from the owner's events so a slow bus
// never delays the screen.
func (d *desktop) announce(ctx context.Context) {
	defer d.wg.Done()
	for {
		select {
		case <-ctx.Done():
			return
		case st := <-d.latest:
			d.bus.update(ctx, st, d.log)
		}
	}
}

// Close stops MPRIS, notifications and the control socket.
func (d *desktop) Close() error {
	d.once.Do(func() {
		// The socket first, while the player still runs: a command under
		// way (`cirrus ctl stop`, which ends `cirrus play`) gets its answer.
		if d.sock != nil {
			d.sock.Close()
		}
		d.cancel()
		d.wg.Wait()
		d.bus.close()
	})
	return nil
}

var _ ui.Audio = (*desktop)(nil)
