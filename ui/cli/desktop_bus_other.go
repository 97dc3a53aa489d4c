//go:build !linux

package cli

import (
	"context"
	"log/slog"

	"github.com/cirrus-tui/cirrus/player"
	"github.com/cirrus-tui/cirrus/player/remote"
)

// desktopBus is empty off Linux: MPRIS and the notification service are
// freedesktop.org D-Bus interfaces, which macOS and Windows desktops do not
// serve. There, `cirrus ctl` (the control socket) is what scripts and
// hotkey tools drive; README says what media keys do and do not reach.
type desktopBus struct{}

func (*desktopBus) start(ctx context.Context, env *Env, _ *player.Player, _ *remote.PlayerHandler, _ func()) {
	env.Logger.Info("no MPRIS on this platform: media keys reach cirrus only through cirrus ctl")
}

func (*desktopBus) update(context.Context, player.Status, *slog.Logger) {}

func (*desktopBus) close() {}
