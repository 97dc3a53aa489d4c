//go:build unix && !darwin

package browser

import (
	"fmt"
	"os"
)

// opener is xdg-open, inside a desktop session only: outside one xdg-open
// falls back to a text browser, which would take over cirrus's terminal.
func opener(u string) ([]string, error) {
	if os.Getenv("DISPLAY") == "" && os.Getenv("WAYLAND_DISPLAY") == "" {
		return nil, fmt.Errorf("%w: no desktop session ($DISPLAY and $WAYLAND_DISPLAY are unset)", ErrNoBrowser)
	}
	return []string{"xdg-open", u}, nil
}

// noBrowserExit: xdg-open exits 3 when "a required tool could not be found".
func noBrowserExit(code int) bool { return code == 3 }
