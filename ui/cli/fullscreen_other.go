//go:build !unix

package cli

import (
	"os"

	tea "github.com/charmbracelet/bubbletea"
)

// defaultRenderer: the Windows console sets its input modes and reports
// resizes through Bubble Tea's renderer path, so it stays the default
// there; CIRRUS_RENDERER=ondemand tries the other (no resize events).
const defaultRenderer = rendererBubbleTea

// watchSize sends out's size once.
func watchSize(out *os.File, send func(tea.Msg)) (stop func()) {
	done := make(chan struct{})
	go func() { defer close(done); sendSize(out, send) }()
	return func() { <-done }
}
