package config

import (
	"slices"
	"testing"
)

// checkDirs compares Path, StateDir and LogPath with what a platform's test expects.
func checkDirs(t *testing.T, path, state, log string) {
	t.Helper()
	want := []string{path, state, log}
	if got := []string{Path(), StateDir(), LogPath()}; !slices.Equal(got, want) {
		t.Errorf("got  %q\nwant %q", got, want)
	}
}
