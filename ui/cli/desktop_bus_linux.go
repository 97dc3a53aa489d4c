package cli

import (
	"context"
	"log/slog"
	"os"

	"github.com/cirrus-tui/cirrus/config"
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
	on, why := notificationsOn(env.Config, os.Getenv)
	if !on {
		env.Logger.Info("desktop notifications are off", "why", why)
		return
	}
	n, err := mpris.NewNotifier(ctx, mpris.NotifyOptions{
		Artwork:  env.Covers().Image,
		CacheDir: config.CacheDir(),
		Logger:   env.Logger,
	})
	if err != nil {
		env.Logger.Warn("desktop notifications are off", "err", err)
		return
	}
	b.notify = n
}

// notificationsOn reads the notifications key: "auto" (the default) shows
// them unless cirrus runs in a session reached over SSH, where the desktop
// that would show them is usually not the listener's.
func notificationsOn(cfg *config.Config, getenv func(string) string) (bool, string) {
	mode := config.NotifyAuto
	if cfg != nil {
		mode = cfg.Notifications
	}
	switch mode {
	case config.NotifyOn:
		return true, ""
	case config.NotifyOff:
		return false, "notifications = \"off\" in the config"
	}
	if getenv("SSH_CONNECTION") != "" || getenv("SSH_TTY") != "" {
		return false, "this is an SSH session (notifications = \"on\" in the config shows them anyway)"
	}
	return true, ""
}

// update tells the bus the newest status.
func (b *desktopBus) update(ctx context.Context, st player.Status, log *slog.Logger) {
	if b.mpris != nil {
		b.mpris.Update(st)
	}
	if b.notify != nil {
		b.notify.Update(st)
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
