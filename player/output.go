package player

import "io"

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
