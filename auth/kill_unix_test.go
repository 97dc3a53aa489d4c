//go:build unix

package auth

import (
	"errors"
	"os/exec"
	"syscall"
)

// diedOfKill says whether a child's Wait error is that of SIGKILL.
func diedOfKill(err error) bool {
	var ee *exec.ExitError
	return errors.As(err, &ee) && ee.Sys().(syscall.WaitStatus).Signal() == syscall.SIGKILL
}
