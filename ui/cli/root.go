// Package cli holds cirrus's subcommands (cobra). Each subcommand lives in its
// own file and registers itself with register in an init function.
package cli

import (
	"errors"
	"fmt"
	"os"

	"github.com/spf13/cobra"
)

// Exit codes that scripts can branch on.
const (
	ExitOK        = 0
	ExitError     = 1
	ExitUsage     = 2
	ExitAuth      = 3
	ExitNotFound  = 4
	ExitRateLimit = 5
)

var registry []func(root *cobra.Command)

// register adds a subcommand builder; called from init functions.
func register(f func(root *cobra.Command)) { registry = append(registry, f) }

// exitError carries an exit code through cobra.
type exitError struct {
	code int
	err  error
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
	for _, f := range registry {
		f(root)
	}
	return root
}

// Execute runs the command line and returns the process exit code.
func Execute(args []string) int {
	root := NewRoot()
	root.SetArgs(args)
	err := root.Execute()
	if err == nil {
		return ExitOK
	}
	fmt.Fprintln(os.Stderr, "cirrus:", err)
	var ee *exitError
	if errors.As(err, &ee) {
		return ee.code
	}
	return ExitUsage
}
