//go:build !unix

package termimg

import "os"

// Detect goes by the environment alone here: reading the console's
// answers with a timeout needs the Unix poll this platform lacks.
func Detect(mode Mode, _, _ *os.File, getenv func(string) string) Terminal {
	return FromEnv(mode, getenv)
}

// CellSize is unknown here.
func CellSize(*os.File) (w, h int) { return 0, 0 }
