//go:build cgo || !linux

package player

// alsaBuilt tells whether this build has the ALSA output (oto, through
// cgo): "auto" then keeps it. On macOS and Windows oto is the system's own
// output (Core Audio, WASAPI) and needs no cgo, so it is always built there
// and "auto" plays through it.
const alsaBuilt = true
