package cli

import (
	"context"
	"log/slog"

	"github.com/cirrus-tui/cirrus/player"
	"github.com/cirrus-tui/cirrus/player/mpris"
	"github.com/cirrus-tui/cirrus/player/remote"
)

// desktopBus is the desktop's D-Bus side on Linux: MPRIS (media keys,
// playerctl, the desktop's media widget) and track-change notifications.
type desktopBus struct {
	mpris  *mpris.Server
	notify *mpris.Notifier
}

// start connects what it can; a part that cannot start (no session bus) is
// logged and skipped.
func (b *desktopBus) start(ctx context.Context, env *Env, p *player.Player, h *remote.PlayerHandler, quit func()) {
	m, err := mpris.Serve(ctx, p, mpris.Options{
		Logger: env.Logger,
		Quit:   quit,
		OpenURI: func(ctx context.Context, uri string) error {
			tracks, err := h.Lookup(ctx, uri)
			if err != nil {
				return err
			}
			p.PlayTracks(tracks, 0)
			return nil
		},
	})
	if err != nil {
		env.Logger.Warn("MPRIS is off: media keys and playerctl will not see cirrus", "err", err)
	} else {
		b.mpris = m
	}
	if env.Config != nil && env.Config.Notifications {
		n, err := mpris.NewNotifier(ctx, nil)
		if err != nil {
			env.Logger.Warn("desktop notifications are off", "err", err)
		} else {
			b.notify = n
		}
	}
}

// update tells the bus the newest status.
func (b *desktopBus) update(ctx context.Context, st player.Status, log *slog.Logger) {
	if b.mpris != nil {
		b.mpris.Update(st)
	}
	if b.notify != nil {
		if err := b.notify.Update(ctx, st); err != nil {
			log.Warn("notification", "err", err)
		}
	}
}

func (b *desktopBus) close() {
	if b.mpris != nil {
		b.mpris.Close()
	}
	if b.notify != nil {
		b.notify.Close()
	}
}
