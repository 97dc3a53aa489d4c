//go:build windows

package auth

import (
	"errors"
	"os/exec"
)

// diedOfKill says whether a child's Wait error is that of Process.Kill,
// which on Windows is TerminateProcess with exit code 1 (there are no
// signals: Signal(SIGKILL) is Kill).
func diedOfKill(err error) bool {
	var ee *exec.ExitError
	return errors.As(err, &ee) && ee.ExitCode() == 1
}
