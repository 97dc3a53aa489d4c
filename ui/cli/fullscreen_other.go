//go:build !unix && !windows

package cli

import (
	"os"

	tea "github.com/charmbracelet/bubbletea"
)

// defaultRenderer: where there is neither SIGWINCH nor a console that
// reports resizes, Bubble Tea's renderer stays the default;
// CIRRUS_RENDERER=ondemand tries the other (no resize events).
const defaultRenderer = rendererBubbleTea

func setUpOutput(*os.File) (restore func() error, err error) { return func() error { return nil }, nil }

// watchSize sends out's size once.
func watchSize(out *os.File, send func(tea.Msg)) (stop func()) {
	done := make(chan struct{})
	go func() { defer close(done); sendSize(out, send) }()
	return func() { <-done }
}

func windowSize(_ *os.File, ws tea.WindowSizeMsg) tea.WindowSizeMsg { return ws }
