package config

import "path/filepath"

// macOS: $XDG_* where the user set them (many terminal users do), else
// Apple's places: settings and state under ~/Library/Application Support,
// the log under ~/Library/Logs (where Console.app looks).

func configHome() string {
	if d := xdgEnv("XDG_CONFIG_HOME"); d != "" {
		return d
	}
	return filepath.Join(homeDir(), "Library", "Application Support")
}

func stateHome() string {
	if d := xdgEnv("XDG_STATE_HOME"); d != "" {
		return d
	}
	return filepath.Join(homeDir(), "Library", "Application Support")
}

func logDir() string {
	if xdgEnv("XDG_STATE_HOME") != "" {
		return StateDir()
	}
	return filepath.Join(homeDir(), "Library", "Logs", "cirrus")
}
