// Package cli holds cirrus's subcommands (cobra). Each subcommand lives in its
// own file and registers itself with register in an init function.
package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"os"
	"sync"

	"github.com/spf13/cobra"

	"github.com/cirrus-tui/cirrus/config"
	"github.com/cirrus-tui/cirrus/ui"
)

// Exit codes that scripts can branch on.
const (
	ExitOK        = 0
	ExitError     = 1
	ExitUsage     = 2
	ExitAuth      = 3
	ExitNotFound  = 4
	ExitRateLimit = 5
	// ExitRefused: SoundCloud refuses this app the action (full streams or
	// writes) whoever signs in; see README, "Accounts".
	ExitRefused = 6
)

var registry []func(root *cobra.Command)

// register adds a subcommand builder; called from init functions.
func register(f func(root *cobra.Command)) { registry = append(registry, f) }

// exitError carries an exit code through cobra; shown marks an error the
// command has already printed (cirrus play's per-track lines).
type exitError struct {
	code  int
	err   error
	shown bool
}

func (e *exitError) Error() string { return e.err.Error() }
func (e *exitError) Unwrap() error { return e.err }

// withCode attaches an exit code to err.
func withCode(code int, err error) error { return &exitError{code: code, err: err} }

// NewRoot builds the command tree.
func NewRoot() *cobra.Command {
	root := &cobra.Command{
		Use:           "cirrus",
		Short:         "A keyboard-driven SoundCloud client for the terminal",
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	ao := new(audioOverride)
	// The flags reach loadEnv through the command's context: each root
	// (tests build many at once) has its own.
	root.PersistentPreRunE = func(cmd *cobra.Command, _ []string) error {
		cmd.SetContext(context.WithValue(cmd.Context(), audioKey{}, *ao))
		return nil
	}
	root.PersistentFlags().StringVar(&ao.output, "output", "", `sound output for this run: "auto", "pulse", "alsa", "null" or a .wav path (overrides [audio] output)`)
	root.PersistentFlags().StringVar(&ao.device, "device", "", "with --output pulse: the sink to play on (see cirrus devices; overrides [audio] device)")
	for _, f := range registry {
		f(root)
	}
	return root
}

// audioOverride is what --output and --device say; empty: the config's.
type audioOverride struct{ output, device string }

// audioKey is the context key of the running command's audioOverride.
type audioKey struct{}

// audioFlagsOf is what --output and --device said for the command whose
// context ctx is; none outside a command.
func audioFlagsOf(ctx context.Context) audioOverride {
	a, _ := ctx.Value(audioKey{}).(audioOverride)
	return a
}

// apply puts the flags over the config's [audio]; a value no config would
// take is a usage error.
func (a audioOverride) apply(cfg *config.Config) error {
	if a.output != "" {
		if !config.OutputKnown(a.output) {
			return withCode(ExitUsage, fmt.Errorf("--output %q: use \"auto\", \"pulse\", \"alsa\", \"null\" or a path ending in .wav", a.output))
		}
		cfg.Audio.Output = a.output
	}
	if a.device != "" {
		cfg.Audio.Device = a.device
	}
	return nil
}

// Execute runs the command line and returns the process exit code.
func Execute(args []string) int {
	return execute(context.Background(), args, os.Stdin, os.Stdout, os.Stderr)
}

// execute runs the command line with the given streams. The terminal gets
// only cirrus's own lines: the standard log package (where net/http writes
// "Unsolicited response received on idle HTTP channel…") goes to the log file
// for as long as the command runs, and the final error line is sanitised
// like any network text, since errors quote servers.
func execute(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	lw := &lazyLog{}
	prevOut, prevFlags := log.Writer(), log.Flags()
	log.SetOutput(lw)
	log.SetFlags(log.LstdFlags | log.LUTC)
	defer func() {
		log.SetOutput(prevOut)
		log.SetFlags(prevFlags)
		lw.Close()
	}()

	root := NewRoot()
	root.SetArgs(args)
	root.SetIn(stdin)
	root.SetOut(stdout)
	root.SetErr(stderr)
	err := root.ExecuteContext(ctx)
	if err == nil {
		return ExitOK
	}
	var ee *exitError
	if !errors.As(err, &ee) || !ee.shown {
		fmt.Fprintln(stderr, errorLine(err))
	}
	if ee != nil {
		return ee.code
	}
	return ExitUsage
}

// errorLine is the last line a failing command prints: the error's text
// through the same sanitiser as the TUI's (newlines kept for multi-line
// config reports).
func errorLine(err error) string { return "cirrus: " + ui.Sanitize(err.Error()) }

// lazyLog is the standard log package's output while a command runs: the log
// file, opened at the first line (most commands write none). Without a log
// file the lines are dropped: the terminal belongs to the TUI.
type lazyLog struct {
	mu     sync.Mutex
	f      *os.File
	failed bool
}

func (l *lazyLog) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.f == nil && !l.failed {
		f, err := openLog(config.LogPath())
		if err != nil {
			l.failed = true
		}
		l.f = f
	}
	if l.f == nil {
		return len(p), nil
	}
	if _, err := l.f.Write(append([]byte("stdlog: "), p...)); err != nil {
		return 0, err
	}
	return len(p), nil
}

func (l *lazyLog) Close() error {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.f == nil {
		return nil
	}
	err := l.f.Close()
	l.f = nil
	return err
}
