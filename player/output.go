package player

import (
	"io"

	"github.com/cirrus-tui/cirrus/api"
)

// output is where the engine's samples go: the sound device, a file or
// nowhere.
type output interface {
	// start begins pulling from r.
	start(r io.Reader) error
	// pause holds the sound (no CPU while paused); resume plays on.
	pause()
	resume()
	// flush drops audio buffered after the engine (a seek, a skip, a stop).
	flush()
	// buffered is how many frames sit after the engine, not yet heard.
	buffered() int
	// err reports a device failure after start.
	err() error
	close() error
}

// gainer is an output that can apply the volume itself, after its own
// buffers, so that a change is heard sooner than through the engine.
type gainer interface {
	// setGain sets the gain (0..1); false if the output cannot.
	setGain(g float64) bool
}

// trackNamer is an output that shows the playing track to the system (a
// sound server's stream name, which mixers list).
type trackNamer interface {
	// setTrack names the output for t (nil: nothing plays); it must not
	// wait for a device.
	setTrack(t *api.Track)
}

// reconnecter is an output that comes back by itself when its device goes
// away (a sound server that restarts).
type reconnecter interface {
	// setReconnect gives the output the player's hooks, called from the
	// output's own goroutine with none of its locks held: lost when the
	// device went away and the output tries to reach it again; back when
	// it is there again: the player moves its engine back to what was
	// last heard, then calls install, which puts the new device in place.
	setReconnect(lost func(error), back func(install func()))
}

// volumeFollower is an output whose volume can be set elsewhere (a mixer
// setting a sound server's stream volume).
type volumeFollower interface {
	// setOnVolume gives the output the player's hook, called from the
	// output's own goroutine with none of its locks held, with the volume
	// (0..1, Player.Volume's scale) set elsewhere.
	setOnVolume(f func(v float64))
}
