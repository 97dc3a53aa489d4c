//go:build linux && !cgo

package player

import (
	"fmt"
	"time"
)

// On Linux the sound device output goes through ALSA, which oto reaches
// with cgo; a build without cgo (CGO_ENABLED=0, a cross-build) still plays
// to the null output and WAV files, and says so when asked for a device.
func newOtoOutput(rate int, dev time.Duration) (output, error) {
	return nil, fmt.Errorf("%w: this cirrus was built without cgo, and the sound device output on Linux (ALSA) needs it: rebuild with CGO_ENABLED=1, or play to the null output or a .wav file", ErrNoDevice)
}
