//go:build linux && cgo

package player

// #cgo pkg-config: alsa
// #include <alsa/asoundlib.h>
//
// static void cirrus_alsa_silent(const char *file, int line, const char *function, int err, const char *fmt, ...) {}
// static void cirrus_alsa_quiet(void) { snd_lib_error_set_handler(cirrus_alsa_silent); }
import "C"

import (
	"os"
	"sync"
	"syscall"
)

var quietOnce sync.Once

// quietALSA stops libasound from printing to stderr: its messages ("cannot
// find card", "Unknown PCM") would corrupt a full-screen terminal UI.
func quietALSA() { quietOnce.Do(func() { C.cirrus_alsa_quiet() }) }

// silenceStderr points file descriptor 2 at /dev/null until restore is
// called. Only the device opening runs this way, briefly.
func silenceStderr() (restore func()) {
	null, err := os.OpenFile(os.DevNull, os.O_WRONLY, 0)
	if err != nil {
		return func() {}
	}
	saved, err := syscall.Dup(2)
	if err != nil {
		null.Close()
		return func() {}
	}
	if err := syscall.Dup3(int(null.Fd()), 2, 0); err != nil {
		syscall.Close(saved)
		null.Close()
		return func() {}
	}
	return func() {
		syscall.Dup3(saved, 2, 0)
		syscall.Close(saved)
		null.Close()
	}
}
