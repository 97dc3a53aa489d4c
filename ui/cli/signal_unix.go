//go:build unix

package cli

import (
	"os"
	"os/signal"
	"syscall"
)

// notifyStatusSignal asks for SIGUSR1 on c: `kill -USR1` pauses or
// resumes `cirrus play`.
func notifyStatusSignal(c chan<- os.Signal) { signal.Notify(c, syscall.SIGUSR1) }
