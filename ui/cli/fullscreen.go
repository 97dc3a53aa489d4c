package cli

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/term"

	"github.com/cirrus-tui/cirrus/config"
	"github.com/cirrus-tui/cirrus/ui"
	"github.com/cirrus-tui/cirrus/ui/termimg"
)

// EnvRenderer picks how the TUI reaches the terminal: "ondemand" (draw a
// frame only when it changed; the default where the platform allows) or
// "bubbletea" (Bubble Tea's renderer, which looks for a new frame 60
// times a second, idle or not). It is the way back should the on-demand
// screen misbehave on some terminal.
const EnvRenderer = "CIRRUS_RENDERER"

const (
	rendererOnDemand  = "ondemand"
	rendererBubbleTea = "bubbletea"
)

// chooseRenderer reads EnvRenderer; anything else than the two names gets
// the platform's default, with a note in the log.
func chooseRenderer(log *slog.Logger) string {
	switch v := os.Getenv(EnvRenderer); v {
	case rendererOnDemand, rendererBubbleTea:
		return v
	case "":
		return defaultRenderer
	default:
		log.Warn("unknown renderer; using the default", "env", EnvRenderer, "value", v, "default", defaultRenderer)
		return defaultRenderer
	}
}

// runFullScreen runs m on the alternate screen with the mouse on until it
// quits; started receives the program as soon as it exists (MPRIS's Quit
// needs it).
// Pictures are drawn as [ui] artwork (mode) says and the terminal can
// (the on-demand screen only).
func runFullScreen(ctx context.Context, log *slog.Logger, m tea.Model, mode config.Artwork, started func(*tea.Program)) error {
	in, out := os.Stdin, os.Stdout
	if onDemandScreen(log) {
		log.Info("renderer", "name", rendererOnDemand)
		return runOnDemand(ctx, log, m, mode, in, out, started)
	}
	log.Info("artwork", "mode", mode, "protocol", termimg.None, "why", "pictures need the on-demand screen ("+EnvRenderer+" unset, on a terminal)")
	log.Info("renderer", "name", rendererBubbleTea)
	pr := tea.NewProgram(m, tea.WithAltScreen(), tea.WithMouseCellMotion(), tea.WithContext(ctx))
	started(pr)
	_, err := pr.Run()
	return err
}

// Terminal modes the TUI sets on entry and undoes on exit, in Bubble
// Tea's order: alternate screen, hidden cursor, bracketed paste, mouse
// button events in SGR encoding.
const (
	enterModes = ansi.SetModeAltScreenSaveCursor + ansi.EraseEntireScreen + ansi.CursorHomePosition +
		ansi.HideCursor + ansi.SetModeBracketedPaste + ansi.SetModeMouseButtonEvent + ansi.SetModeMouseExtSgr
	leaveModes = ansi.ResetModeBracketedPaste + ansi.ShowCursor +
		ansi.ResetModeMouseButtonEvent + ansi.ResetModeMouseExtSgr + ansi.ResetModeAltScreenSaveCursor
)

// runOnDemand runs m with Bubble Tea reading the keys and running the
// model, and a screen drawing its frames: Bubble Tea's renderer is off,
// so this sets the terminal up (raw mode, the modes above) and tells the
// model the terminal's size, which Bubble Tea does only for its own
// renderer.
//
// The terminal is asked what pictures it can show while the program
// already runs (askTerminal): keys typed meanwhile reach the program in
// order, and the answer arrives as a ui.TerminalMsg.
func runOnDemand(ctx context.Context, log *slog.Logger, m tea.Model, mode config.Artwork, in, out *os.File, started func(*tea.Program)) (err error) {
	saved, err := term.MakeRaw(in.Fd())
	if err != nil {
		return fmt.Errorf("raw mode: %w", err)
	}
	defer func() {
		if rerr := term.Restore(in.Fd(), saved); rerr != nil && err == nil {
			err = fmt.Errorf("restore the terminal: %w", rerr)
		}
	}()
	restoreOut, err := setUpOutput(out)
	if err != nil {
		return err
	}
	defer func() {
		if rerr := restoreOut(); rerr != nil && err == nil {
			err = fmt.Errorf("restore the terminal: %w", rerr)
		}
	}()
	if _, err := io.WriteString(out, enterModes); err != nil {
		return fmt.Errorf("set up the terminal: %w", err)
	}
	scr := newScreen(out, termimg.Terminal{}, log)
	defer func() {
		werr := scr.stop()
		if _, lerr := io.WriteString(out, leaveModes); lerr != nil && werr == nil {
			werr = lerr
		}
		if werr != nil && err == nil {
			err = fmt.Errorf("draw: %w", werr)
		}
	}()
	// The mouse option writes nothing here (enterModes did); on Windows
	// it asks the console for mouse events.
	probe, err := termimg.NewProbe(in)
	if err != nil {
		return err
	}
	defer func() {
		if perr := probe.Close(); perr != nil {
			log.Warn("stop reading the terminal", "err", perr)
		}
	}()
	pr := tea.NewProgram(onDemand{m: m, scr: scr, out: out}, tea.WithoutRenderer(), tea.WithContext(ctx),
		tea.WithInput(probe.Input), tea.WithOutput(out), tea.WithMouseCellMotion())
	started(pr)
	askTerminal(log, probe, mode, out, scr, pr.Send)
	stopWatch := watchSize(out, pr.Send)
	defer stopWatch()
	_, err = pr.Run()
	return err
}

// onDemand wraps the root model so its frames reach the screen: Bubble
// Tea asks for View after every message, and the screen writes the frame
// only if it differs from the last.
type onDemand struct {
	m   tea.Model
	scr *screen
	out *os.File // the terminal, asked for its window's size (windowSize) and, after a resize, its cell size in pixels
}

// pictureFrames is a model that places pictures on its frames.
type pictureFrames interface {
	Pictures() []termimg.Placement
}

func (o onDemand) Init() tea.Cmd { return o.m.Init() }

func (o onDemand) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	var cmds []tea.Cmd
	if ws, ok := msg.(tea.WindowSizeMsg); ok {
		ws = windowSize(o.out, ws)
		if w, h := termimg.CellSize(o.out); w > 0 {
			o.scr.cell(w, h)
			var cmd tea.Cmd
			o.m, cmd = o.m.Update(ui.CellSizeMsg{W: w, H: h})
			cmds = append(cmds, cmd)
		}
		o.scr.resize(ws.Width, ws.Height)
		msg = ws
	}
	var cmd tea.Cmd
	o.m, cmd = o.m.Update(msg)
	return o, tea.Batch(append(cmds, cmd)...)
}

// View hands the frame to the screen; Bubble Tea's own renderer is off
// and gets nothing.
func (o onDemand) View() string {
	frame := o.m.View()
	var pics []termimg.Placement
	if p, ok := o.m.(pictureFrames); ok {
		pics = p.Pictures()
	}
	o.scr.show(frame, pics...)
	return ""
}

// sendSize tells the program out's size, if it has one.
func sendSize(out *os.File, send func(tea.Msg)) {
	if w, h, err := term.GetSize(out.Fd()); err == nil && w > 0 && h > 0 {
		send(tea.WindowSizeMsg{Width: w, Height: h})
	}
}
