package config

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// ErrExists is returned by WriteTemplate when the file is already there.
var ErrExists = errors.New("config file already exists (use --force to overwrite)")

// Template is the commented default config file that `cirrus config init`
// writes. It is generated from Default() and Actions, so it cannot drift from
// what the parser accepts (a test parses it back).
func Template() string {
	d := Default()
	var b strings.Builder
	w := func(format string, args ...any) { fmt.Fprintf(&b, format, args...) }
	q := strconv.Quote
	w(`# cirrus configuration. Check it with: cirrus config check
# Every key is optional; the values below are the defaults.

# Your SoundCloud app's credentials (register an app at
# https://soundcloud.com/you/apps). The environment variables
# %s and %s override these.
client_id = ""
client_secret = ""

# Service base URLs. Point them at `+"`cirrus demo-server`"+` to try cirrus
# without an account.
api_url = %s
auth_url = %s
web_url = %s

# Loopback port that `+"`cirrus login`"+` listens on for the OAuth redirect
# (http://127.0.0.1:PORT/callback). It must match the redirect URI registered
# for your app. 0 picks a free port (fine with demo-server).
redirect_port = %d

# Keep tokens in the system keyring (the Secret Service on Linux, the Keychain
# on macOS, Credential Manager on Windows) instead of a file in the state
# directory (cirrus config path shows it). cirrus falls back to the file,
# and logs why, when no keyring answers.
keyring = %t

# A desktop notification, with the artwork, for each track that plays on
# for 3 seconds (skipped ones are not announced; each replaces the last):
# "auto" shows them except over SSH ($SSH_CONNECTION or $SSH_TTY set), "on"
# always, "off" never. Linux desktops only.
notifications = %s

# How much goes to the log file ($XDG_STATE_HOME/cirrus/cirrus.log):
# "debug", "info", "warn" or "error". Tokens are never logged.
log_level = "info"

[audio]
# "auto" (for now ALSA's default device), "pulse" (talk to PulseAudio or
# PipeWire's pipewire-pulse directly: cirrus shows up in mixers as itself, can
# choose a device, follows moves and survives a server restart), "alsa", "null"
# (no sound) or a path ending in .wav to record the output to a file.
output = %s
# With output = "pulse": the sink to play on ("cirrus devices" lists them);
# "" follows the sound server's default and the moves you make in a mixer.
device = %s
# The sound device's buffer: larger survives a busy machine and wakes the player
# less often (less CPU); smaller makes a volume change heard sooner. A seek, a
# pause or a skip drops or holds it, so they are heard as soon either way.
buffer = %s
# Start volume, 0..100.
volume = %d
# "track": every track plays at the same loudness (-14 LUFS, peaks under
# -1 dBTP through a limiter), its gain chosen before it starts and never
# changed audibly while it plays; "off": tracks play as uploaded.
normalize = %s

[playback]
# When the queue ends (repeat off), go on with tracks related to the last one,
# skipping what was played in the last few hours.
autoplay = %t
# At start, reopen the last queue, track and position (paused), volume,
# shuffle/repeat and tab. Kept in $XDG_STATE_HOME/cirrus/session.json.
restore_session = %t

# Key bindings: every action takes a list of keys. Key names are Bubble Tea's:
# a single character ("k", "G", "?"), or up down left right home end pgup
# pgdown tab shift+tab enter esc backspace delete insert space f1..f20, with
# "ctrl+", "shift+" or "alt+" where a terminal can send them. [] unbinds an
# action. A key may belong to one action only.
[keys]
`, EnvClientID, EnvClientSecret, q(d.APIURL), q(d.AuthURL), q(d.WebURL), d.RedirectPort,
		d.Keyring, q(d.Notifications), q(d.Audio.Output), q(d.Audio.Device), q(d.Audio.Buffer.String()), d.Audio.Volume, q(d.Audio.Normalize),
		d.Playback.Autoplay, d.Playback.RestoreSession)
	group := ""
	for _, a := range Actions {
		if a.Group != group {
			group = a.Group
			w("# %s\n", group)
		}
		keys := make([]string, len(a.Keys))
		for i, k := range a.Keys {
			keys[i] = q(k)
		}
		line := fmt.Sprintf("%s = [%s]", a.Name, strings.Join(keys, ", "))
		w("%-40s # %s\n", line, a.Help)
	}
	t := d.Theme
	w(`
# Colours: "#rrggbb", "#rgb" or an ANSI colour number 0..255.
[theme]
accent = %s
text = %s
muted = %s
highlight = %s
error = %s
played = %s      # played part of the waveform
unplayed = %s    # the rest of the waveform
`, q(t.Accent), q(t.Text), q(t.Muted), q(t.Highlight), q(t.Error), q(t.Played), q(t.Unplayed))
	w(`
[ui]
# Cover art: "auto" asks the terminal (kitty's graphics protocol, iTerm2's
# inline images, sixel; coloured half blocks when it shows none of them),
# or name one: "kitty", "iterm", "sixel", "blocks" or "off". Inside tmux a
# graphics protocol needs tmux's allow-passthrough option.
artwork = %s
`, q(string(d.UI.Artwork)))
	return b.String()
}

// WriteTemplate writes Template() to path (mode 0600: the file will hold the
// client secret), creating its directory. It refuses to replace an existing
// file unless force is set.
func WriteTemplate(ctx context.Context, path string, force bool) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if _, err := os.Stat(path); err == nil && !force {
		return fmt.Errorf("write %s: %w", path, ErrExists)
	} else if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), ".config-*.toml")
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	defer os.Remove(tmp.Name()) // no-op after the rename
	if _, err := tmp.WriteString(Template()); err != nil {
		tmp.Close()
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := tmp.Chmod(0o600); err != nil {
		tmp.Close()
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}
