package config

import (
	"os"
	"path/filepath"
)

// Windows: $XDG_* where set (MSYS2 and Git Bash users set them), else the
// config in %AppData% (roams with the profile) and the state, tokens and log
// in %LocalAppData% (this machine only). Both sit in the user's profile,
// whose ACLs admit only the user, SYSTEM and Administrators: that, not a
// file mode, is what keeps other users out of them.

func configHome() string {
	if d := xdgEnv("XDG_CONFIG_HOME"); d != "" {
		return d
	}
	return winDir("APPDATA", "Roaming")
}

func stateHome() string {
	if d := xdgEnv("XDG_STATE_HOME"); d != "" {
		return d
	}
	return winDir("LOCALAPPDATA", "Local")
}

func logDir() string { return StateDir() }

// winDir is %env%, else the same folder under the profile's AppData.
func winDir(env, sub string) string {
	if d := os.Getenv(env); d != "" && filepath.IsAbs(d) {
		return d
	}
	return filepath.Join(homeDir(), "AppData", sub)
}
