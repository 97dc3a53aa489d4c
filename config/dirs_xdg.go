//go:build !darwin && !windows

package config

import "path/filepath"

// Linux and the BSDs: the XDG base directories, with the spec's defaults.

func configHome() string {
	if d := xdgEnv("XDG_CONFIG_HOME"); d != "" {
		return d
	}
	return filepath.Join(homeDir(), ".config")
}

func stateHome() string {
	if d := xdgEnv("XDG_STATE_HOME"); d != "" {
		return d
	}
	return filepath.Join(homeDir(), ".local", "state")
}

func logDir() string { return StateDir() }
