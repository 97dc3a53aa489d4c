//go:build linux && !cgo

package player

// alsaBuilt tells whether this build has the ALSA output (oto, through
// cgo); a build without cgo has only the pulse output for sound, which
// "auto" then picks.
const alsaBuilt = false
