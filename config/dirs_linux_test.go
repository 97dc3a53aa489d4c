package config

import (
	"path/filepath"
	"testing"
)

// TestPlatformDirsLinux: with no $XDG_*, the XDG spec's defaults under $HOME.
func TestPlatformDirsLinux(t *testing.T) {
	home := t.TempDir()
	t.Setenv("HOME", home)
	t.Setenv(EnvConfig, "")
	t.Setenv("XDG_CONFIG_HOME", "")
	t.Setenv("XDG_STATE_HOME", "")
	checkDirs(t,
		filepath.Join(home, ".config", "cirrus", "config.toml"),
		filepath.Join(home, ".local", "state", "cirrus"),
		filepath.Join(home, ".local", "state", "cirrus", "cirrus.log"))
}
