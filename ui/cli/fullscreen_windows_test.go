//go:build windows

package cli

import (
	"io"
	"log/slog"
	"os"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
)

// Windows draws on demand unless told otherwise, like every platform.
func TestWindowsDrawsOnDemandByDefault(t *testing.T) {
	t.Setenv(EnvRenderer, "")
	if got := chooseRenderer(slog.New(slog.NewTextHandler(io.Discard, nil))); got != rendererOnDemand {
		t.Fatalf("default renderer %q", got)
	}
}

// Off a console, the console calls fail plainly and a resize keeps the
// event's size.
func TestConsoleCallsOffAConsole(t *testing.T) {
	f, err := os.OpenFile(os.DevNull, os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := setUpOutput(f); err == nil {
		t.Error("setUpOutput took a plain file for a console")
	}
	ws := tea.WindowSizeMsg{Width: 91, Height: 33}
	if got := windowSize(f, ws); got != ws {
		t.Errorf("windowSize off a console: %+v", got)
	}
}
