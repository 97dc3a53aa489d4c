//go:build unix

package cli

import (
	"os"
	"os/signal"
	"syscall"

	tea "github.com/charmbracelet/bubbletea"
)

// defaultRenderer: Unix terminals get the on-demand screen.
const defaultRenderer = rendererOnDemand

// watchSize sends out's size now and after every SIGWINCH until the
// returned stop is called.
func watchSize(out *os.File, send func(tea.Msg)) (stop func()) {
	sig := make(chan os.Signal, 1)
	signal.Notify(sig, syscall.SIGWINCH)
	quit, done := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(done)
		sendSize(out, send)
		for {
			select {
			case <-quit:
				return
			case <-sig:
				sendSize(out, send)
			}
		}
	}()
	return func() {
		signal.Stop(sig)
		close(quit)
		<-done
	}
}

// setUpOutput: a Unix terminal obeys escape sequences as it is.
func setUpOutput(*os.File) (restore func() error, err error) { return func() error { return nil }, nil }

// windowSize: SIGWINCH's size (watchSize) is the window's.
func windowSize(_ *os.File, ws tea.WindowSizeMsg) tea.WindowSizeMsg { return ws }
