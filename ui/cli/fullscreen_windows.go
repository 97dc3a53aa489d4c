//go:build windows

package cli

import (
	"fmt"
	"os"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/term"
	"golang.org/x/sys/windows"
)

// defaultRenderer: the on-demand screen here too. Bubble Tea reads the
// console with ENABLE_WINDOW_INPUT whichever renderer draws, so resizes
// arrive as input events (there is no SIGWINCH); what its renderer does
// besides, turning on VT processing for the output, setUpOutput does.
const defaultRenderer = rendererOnDemand

// setUpOutput turns on VT processing for the console out writes to, so
// the escape sequences of the frames are obeyed rather than printed; the
// returned func puts the mode back.
func setUpOutput(out *os.File) (restore func() error, err error) {
	h := windows.Handle(out.Fd())
	var mode uint32
	if err := windows.GetConsoleMode(h, &mode); err != nil {
		return nil, fmt.Errorf("console output mode: %w", err)
	}
	if err := windows.SetConsoleMode(h, mode|windows.ENABLE_PROCESSED_OUTPUT|windows.ENABLE_VIRTUAL_TERMINAL_PROCESSING|windows.DISABLE_NEWLINE_AUTO_RETURN); err != nil {
		return nil, fmt.Errorf("console VT processing: %w", err)
	}
	return func() error { return windows.SetConsoleMode(h, mode) }, nil
}

// watchSize sends out's size once; later changes come from the console's
// input events (windowSize).
func watchSize(out *os.File, send func(tea.Msg)) (stop func()) {
	done := make(chan struct{})
	go func() { defer close(done); sendSize(out, send) }()
	return func() { <-done }
}

// windowSize is the size a console resize event means. The event carries
// the screen buffer's size, which with scrollback is taller than the
// window; frames are drawn for the window, so it asks for that.
func windowSize(out *os.File, ws tea.WindowSizeMsg) tea.WindowSizeMsg {
	if w, h, err := term.GetSize(out.Fd()); err == nil && w > 0 && h > 0 {
		return tea.WindowSizeMsg{Width: w, Height: h}
	}
	return ws
}
