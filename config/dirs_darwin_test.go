package config

import (
	"path/filepath"
	"testing"
)

// TestPlatformDirsDarwin: with no $XDG_*, Apple's places under $HOME; with
// $XDG_STATE_HOME the log follows the state.
func TestPlatformDirsDarwin(t *testing.T) {
	home := t.TempDir()
	t.Setenv("HOME", home)
	t.Setenv(EnvConfig, "")
	t.Setenv("XDG_CONFIG_HOME", "")
	t.Setenv("XDG_STATE_HOME", "")
	support := filepath.Join(home, "Library", "Application Support")
	checkDirs(t,
		filepath.Join(support, "cirrus", "config.toml"),
		filepath.Join(support, "cirrus"),
		filepath.Join(home, "Library", "Logs", "cirrus", "cirrus.log"))

	state := filepath.Join(home, "state")
	t.Setenv("XDG_STATE_HOME", state)
	checkDirs(t,
		filepath.Join(support, "cirrus", "config.toml"),
		filepath.Join(state, "cirrus"),
		filepath.Join(state, "cirrus", "cirrus.log"))
}
