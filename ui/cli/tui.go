package cli

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"sync/atomic"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/spf13/cobra"

	"github.com/cirrus-tui/cirrus/auth"
	"github.com/cirrus-tui/cirrus/config"
	"github.com/cirrus-tui/cirrus/player"
	"github.com/cirrus-tui/cirrus/player/command"
	"github.com/cirrus-tui/cirrus/ui"
)

func init() { register(addTUI) }

// addTUI makes the TUI what `cirrus` does with no subcommand, and `cirrus tui`.
func addTUI(root *cobra.Command) {
	run := func(cmd *cobra.Command, _ []string) error { return runTUI(cmd) }
	root.Args = cobra.NoArgs
	root.RunE = run
	root.AddCommand(&cobra.Command{
		Use:   "tui",
		Short: "Open the terminal UI (the default when no subcommand is given)",
		Args:  cobra.NoArgs,
		RunE:  run,
	})
}

// runTUI runs the UI until the user quits. The welcome screen's "log in"
// leaves the UI, runs the login flow on the plain terminal (it prints a URL
// and may read a pasted redirect) and comes back; "demo" hands over to
// `cirrus demo`.
func runTUI(cmd *cobra.Command) error {
	ctx := cmd.Context()
	if ctx == nil {
		ctx = context.Background()
	}
	env, err := loadEnv(ctx)
	if err != nil {
		return err
	}
	defer env.Close()
	for {
		st, err := env.Auth.Status(ctx)
		if err != nil {
			env.Logger.Warn("reading the stored login failed; continuing signed out", "err", err)
		}
		notice := ""
		if st == auth.Expired {
			notice = "Your SoundCloud session has expired: log in again."
		}
		outcome, err := runTUIWith(ctx, env, st == auth.LoggedIn, notice)
		if err != nil {
			return err
		}
		switch outcome {
		case ui.OutcomeLogin:
			if err := env.Auth.Login(ctx, auth.LoginOptions{Out: cmd.ErrOrStderr(), In: cmd.InOrStdin()}); err != nil {
				return fail("login", err)
			}
		case ui.OutcomeDemo:
			return runDemoCommand(cmd)
		default:
			return nil
		}
	}
}

// runTUIWith opens the player on the configured output and runs the UI
// against env's API client.
func runTUIWith(ctx context.Context, env *Env, loggedIn bool, notice string) (outcome string, err error) {
	cfg := env.Config
	o := player.Options{API: env.API, Output: cfg.Audio.Output, Device: cfg.Audio.Device, Buffer: cfg.Audio.Buffer,
		Volume: float64(cfg.Audio.Volume) / 100, Normalize: cfg.Audio.Normalize, LoudnessFile: config.LoudnessFile()}
	var why string
	o.Output, why = player.ChooseOutput(o.Output)
	env.Logger.Info("audio output", "output", o.Output, "device", o.Device, "why", why)
	if isWAV(o.Output) {
		o.WAVSpeed = 1 // a file recorded from the TUI plays along in real time
	}
	p, err := player.New(ctx, o)
	if err != nil {
		if errors.Is(err, player.ErrNoDevice) {
			return "", withCode(ExitError, fmt.Errorf("%w\n(set [audio] output = \"/tmp/cirrus.wav\" in %s to play into a file, or start PulseAudio)", err, cfg.File))
		}
		return "", withCode(ExitError, fmt.Errorf("open audio: %w", err))
	}
	defer p.Close()
	return runProgram(ctx, env, p, ui.Options{LoggedIn: loggedIn, Notice: notice})
}

// runProgram puts p on the desktop (MPRIS, ctl socket, notifications) and
// runs the full-screen UI until the user quits. `cirrus` and `cirrus demo`
// share it; o carries what differs (login state, startup messages).
func runProgram(ctx context.Context, env *Env, p *player.Player, o ui.Options) (outcome string, err error) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var prog atomic.Pointer[tea.Program] // MPRIS's Quit arrives on a D-Bus goroutine
	d := startDesktop(ctx, env, p, desktopOptions{Quit: func() {
		if pr := prog.Load(); pr != nil {
			pr.Quit()
		}
	}, UI: func(c command.Command) error {
		pr := prog.Load()
		if pr == nil {
			return errors.New("the screen is not up yet")
		}
		pr.Send(ui.Remote(c))
		return nil
	}})
	defer d.Close()
	o.Context, o.Backend, o.Audio, o.Logger, o.Covers = ctx, env.API, d, env.Logger, env.Covers()
	o.Keys, o.Theme, o.Playback = env.Config.Keys, env.Config.Theme, env.Config.Playback
	if o.StateDir == "" {
		o.StateDir = config.StateDir()
	}
	o.Artwork = env.Config.UI.Artwork // the terminal's answer comes as a ui.TerminalMsg
	m := ui.New(o)
	if err := runFullScreen(ctx, env.Logger, m, env.Config.UI.Artwork, prog.Store); err != nil && !errors.Is(err, tea.ErrProgramKilled) {
		return "", withCode(ExitError, fmt.Errorf("tui: %w", err))
	}
	return m.Outcome(), nil
}

// isWAV reports whether an [audio] output names a WAV file.
func isWAV(out string) bool { return strings.HasSuffix(strings.ToLower(out), ".wav") }

// runDemoCommand starts `cirrus demo` in place of this process's UI.
func runDemoCommand(cmd *cobra.Command) error {
	if c, _, err := cmd.Root().Find([]string{"demo"}); err != nil || c == cmd.Root() {
		return withCode(ExitError, errors.New("this build has no `cirrus demo`"))
	}
	self, err := os.Executable()
	if err != nil {
		return withCode(ExitError, fmt.Errorf("demo: %w", err))
	}
	c := exec.CommandContext(cmd.Context(), self, "demo")
	c.Stdin, c.Stdout, c.Stderr = os.Stdin, os.Stdout, os.Stderr
	if err := c.Run(); err != nil {
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			return withCode(ee.ExitCode(), errors.New("demo exited"))
		}
		return withCode(ExitError, fmt.Errorf("demo: %w", err))
	}
	return nil
}
