//go:build !linux

package player

// Elsewhere than Linux oto talks to the system's own audio API (Core
// Audio, WASAPI), which prints nothing: there is no ALSA to quiet.

func quietALSA() {}

func silenceStderr() (restore func()) { return func() {} }
