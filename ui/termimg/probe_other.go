//go:build !unix

package termimg

import "os"

// Probe here only goes by the environment (see Detect): the program
// reads the console itself.
type Probe struct {
	// Input is what the program reads its keys from.
	Input *os.File
}

// NewProbe hands in on as it is.
func NewProbe(in *os.File) (*Probe, error) { return &Probe{Input: in}, nil }

// Ask calls done with what the environment says; nothing is written.
func (p *Probe) Ask(mode Mode, _ *os.File, getenv func(string) string, _ func(q string), done func(Terminal)) {
	go done(FromEnv(mode, getenv))
}

// Close has nothing to stop.
func (p *Probe) Close() error { return nil }
