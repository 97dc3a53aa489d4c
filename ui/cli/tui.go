package cli

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/spf13/cobra"

	"github.com/cirrus-tui/cirrus/auth"
	"github.com/cirrus-tui/cirrus/player"
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

// runTUIWith opens the player on the configured output, puts it on the
// desktop (MPRIS, ctl socket) and runs the UI against env's API client.
// `cirrus demo` calls it too, with an env pointed at the fake.
func runTUIWith(ctx context.Context, env *Env, loggedIn bool, notice string) (outcome string, err error) {
	cfg := env.Config
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	p, err := player.New(ctx, player.Options{API: env.API, Output: cfg.Audio.Output, Buffer: cfg.Audio.Buffer,
		Volume: float64(cfg.Audio.Volume) / 100})
	if err != nil {
		if errors.Is(err, player.ErrNoDevice) {
			return "", withCode(ExitError, fmt.Errorf("%w\n(set [audio] output = \"/tmp/cirrus.wav\" in %s to play into a file, or start PulseAudio)", err, cfg.File))
		}
		return "", withCode(ExitError, fmt.Errorf("open audio: %w", err))
	}
	defer p.Close()
	var prog *tea.Program
	d := startDesktop(ctx, env, p, desktopOptions{Quit: func() {
		if prog != nil {
			prog.Quit()
		}
	}})
	defer d.Close()
	m := ui.New(ui.Options{Context: ctx, Backend: env.API, Audio: d, Keys: cfg.Keys, Theme: cfg.Theme, LoggedIn: loggedIn, Notice: notice})
	prog = tea.NewProgram(m, tea.WithAltScreen(), tea.WithMouseCellMotion(), tea.WithContext(ctx))
	if _, err := prog.Run(); err != nil && !errors.Is(err, tea.ErrProgramKilled) {
		return "", withCode(ExitError, fmt.Errorf("tui: %w", err))
	}
	return m.Outcome(), nil
}

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
