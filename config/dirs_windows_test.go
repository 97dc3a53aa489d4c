package config

import (
	"path/filepath"
	"testing"
)

// TestPlatformDirsWindows: with no $XDG_*, the config in %AppData% and the
// state and log in %LocalAppData%; without those variables, the same folders
// under the profile.
func TestPlatformDirsWindows(t *testing.T) {
	base := t.TempDir()
	roaming, local := filepath.Join(base, "Roaming"), filepath.Join(base, "Local")
	t.Setenv(EnvConfig, "")
	t.Setenv("XDG_CONFIG_HOME", "")
	t.Setenv("XDG_STATE_HOME", "")
	t.Setenv("APPDATA", roaming)
	t.Setenv("LOCALAPPDATA", local)
	checkDirs(t,
		filepath.Join(roaming, "cirrus", "config.toml"),
		filepath.Join(local, "cirrus"),
		filepath.Join(local, "cirrus", "cirrus.log"))

	t.Setenv("APPDATA", "")
	t.Setenv("LOCALAPPDATA", "")
	t.Setenv("USERPROFILE", base)
	checkDirs(t,
		filepath.Join(base, "AppData", "Roaming", "cirrus", "config.toml"),
		filepath.Join(base, "AppData", "Local", "cirrus"),
		filepath.Join(base, "AppData", "Local", "cirrus", "cirrus.log"))
}
