//go:build !unix

package cli

import "os"

// notifyStatusSignal does nothing where there is no SIGUSR1 (Windows):
// there is no signal to pause `cirrus play` by.
func notifyStatusSignal(chan<- os.Signal) {}
