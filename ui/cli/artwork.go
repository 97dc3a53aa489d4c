package cli

import (
	"log/slog"
	"os"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/term"

	"github.com/cirrus-tui/cirrus/config"
	"github.com/cirrus-tui/cirrus/ui"
	"github.com/cirrus-tui/cirrus/ui/termimg"
)

// onDemandScreen reports whether the TUI will draw through the on-demand
// screen: the renderer chosen and a terminal on both ends.
func onDemandScreen(log *slog.Logger) bool {
	return chooseRenderer(log) == rendererOnDemand && term.IsTerminal(os.Stdin.Fd()) && term.IsTerminal(os.Stdout.Fd())
}

// askTerminal asks the terminal how it can show cover art while the UI
// runs: the questions go out between two frames, the answer goes to the
// screen (which draws the pictures) and to the UI as a ui.TerminalMsg.
// Until then the UI draws half blocks. The UI starts at once rather than
// after the answers (up to QueryMax on a slow link) and rather than in
// parallel with the first API calls, which would still hold the first
// frame back for a silent terminal's QueryTimeout.
func askTerminal(log *slog.Logger, probe *termimg.Probe, mode config.Artwork, out *os.File, scr *screen, send func(tea.Msg)) {
	if mode == "" {
		mode = config.ArtworkAuto
	}
	probe.Ask(termimg.Mode(mode), out, os.Getenv, scr.send, func(t termimg.Terminal) {
		logArtwork(log, mode, t)
		scr.terminal(t)
		send(ui.TerminalMsg{Terminal: t})
	})
}

func logArtwork(log *slog.Logger, mode config.Artwork, t termimg.Terminal) {
	log.Info("artwork", "mode", mode, "protocol", t.Protocol, "why", t.Why, "terminal", t.Name,
		"cell", [2]int{t.CellW, t.CellH}, "tmux_passthrough", t.Tmux)
}

// detectArtwork finds how the terminal can show cover art for `cirrus
// doctor`, asking it (raw mode for the moment of the questions) when mode
// is "auto"; what is typed meanwhile is not kept. Only the on-demand
// screen draws pictures; Bubble Tea's renderer knows nothing of them, so
// there art stays half blocks.
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
	logArtwork(log, mode, t)
	return t
}
