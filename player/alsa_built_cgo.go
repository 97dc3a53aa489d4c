//go:build cgo

package player

// alsaBuilt tells whether this build has the ALSA output (oto, through
// cgo): "auto" then keeps it.
const alsaBuilt = true
