package cli

import (
	"log/slog"
	"os"

	"github.com/charmbracelet/x/term"

	"github.com/cirrus-tui/cirrus/config"
	"github.com/cirrus-tui/cirrus/ui/termimg"
)

// onDemandScreen reports whether the TUI will draw through the on-demand
// screen: the renderer chosen and a terminal on both ends.
func onDemandScreen(log *slog.Logger) bool {
	return chooseRenderer(log) == rendererOnDemand && term.IsTerminal(os.Stdin.Fd()) && term.IsTerminal(os.Stdout.Fd())
}

// detectArtwork finds how the terminal can show cover art, asking it
// (raw mode for the moment of the questions) when mode is "auto". Only
// the on-demand screen draws pictures; Bubble Tea's renderer knows
// nothing of them, so there art stays half blocks.
func detectArtwork(log *slog.Logger, mode config.Artwork) termimg.Terminal {
	if mode == "" {
		mode = config.ArtworkAuto
	}
	var t termimg.Terminal
	if !onDemandScreen(log) {
		t.Why = "pictures need the on-demand screen (" + EnvRenderer + " unset, on a terminal)"
	} else if saved, err := term.MakeRaw(os.Stdin.Fd()); err != nil {
		t = termimg.FromEnv(termimg.Mode(mode), os.Getenv)
	} else {
		t = termimg.Detect(termimg.Mode(mode), os.Stdin, os.Stdout, os.Getenv)
		if err := term.Restore(os.Stdin.Fd(), saved); err != nil {
			log.Warn("restore the terminal after asking it", "err", err)
		}
	}
	log.Info("artwork", "mode", mode, "protocol", t.Protocol, "why", t.Why, "terminal", t.Name,
		"cell", [2]int{t.CellW, t.CellH}, "tmux_passthrough", t.Tmux)
	return t
}
