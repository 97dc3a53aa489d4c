package player

// #cgo pkg-config: alsa
// #include <alsa/asoundlib.h>
//
// static void cirrus_alsa_silent(const char *file, int line, const char *function, int err, const char *fmt, ...) {}
// static void cirrus_alsa_quiet(void) { snd_lib_error_set_handler(cirrus_alsa_silent); }
import "C"

import "sync"

var quietOnce sync.Once

// quietALSA stops libasound from printing to stderr: its messages ("cannot
// find card", "Unknown PCM") would corrupt a full-screen terminal UI.
func quietALSA() { quietOnce.Do(func() { C.cirrus_alsa_quiet() }) }
