//go:build !unix

package cli

import "os"

// notifyStatusSignal does nothing where there is no SIGUSR1 (Windows):
// there `cirrus play` is paused and resumed only from its own terminal.
func notifyStatusSignal(chan<- os.Signal) {}
