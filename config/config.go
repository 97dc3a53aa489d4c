// Package config loads and validates cirrus's TOML configuration file, so every
// other package reads settings that are already known to be sane.
package config

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"time"
)

// Default hosts of the real service; the config can point them at
// `cirrus demo-server` instead.
const (
	DefaultAPIURL  = "https://api.soundcloud.com"
	DefaultAuthURL = "https://secure.soundcloud.com"
	DefaultWebURL  = "https://soundcloud.com"
)

// DefaultRedirectPort is the loopback port `cirrus login` listens on. It must
// match the redirect URI registered for the SoundCloud app
// (http://127.0.0.1:8974/callback); 0 picks a free port, which only servers that
// accept any loopback redirect (demo-server) allow.
const DefaultRedirectPort = 8974

// Environment variables that override the file.
const (
	EnvClientID     = "CIRRUS_CLIENT_ID"
	EnvClientSecret = "CIRRUS_CLIENT_SECRET"
	EnvConfig       = "CIRRUS_CONFIG" // path of the config file
)

// Secret is a string that never prints itself, so a Config can be logged or
// dumped with %v / %#v without leaking the client secret.
type Secret string

const redacted = "[redacted]"

// String redacts.
func (s Secret) String() string {
	if s == "" {
		return ""
	}
	return redacted
}

// GoString redacts.
func (s Secret) GoString() string { return s.String() }

// LogValue redacts in slog output.
func (s Secret) LogValue() slog.Value { return slog.StringValue(s.String()) }

// MarshalText redacts in JSON/TOML encodings of a Config.
func (s Secret) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// Reveal returns the secret itself, for the one place that sends it.
func (s Secret) Reveal() string { return string(s) }

// Audio settings for the player.
type Audio struct {
	Output string        // "auto" (or "default"), "pulse", "alsa", "null" or a path ending in .wav
	Device string        // output "pulse": the sink's name; "" follows the sound server's default
	Buffer time.Duration // output buffer, > 0
	Volume int           // start volume 0..100
	// Normalize is "track" (every track at -14 LUFS, true peak under
	// -1 dBTP) or "off".
	Normalize string
}

// Config is the validated configuration.
type Config struct {
	File          string // the file it was read from; "" when none existed
	ClientID      string
	ClientSecret  Secret
	APIURL        string // no trailing slash
	AuthURL       string
	WebURL        string
	RedirectPort  int // 0: any free port
	Audio         Audio
	Playback      Playback
	UI            UI
	Keys          map[string][]string // every action in Actions, defaults merged
	Theme         Theme
	Keyring       bool   // store tokens in the OS keyring when one is available
	Notifications string // desktop notifications on track change: NotifyAuto, NotifyOn or NotifyOff
	LogLevel      slog.Level
}

// Default is the configuration used when no file exists.
func Default() *Config {
	return &Config{
		APIURL:       DefaultAPIURL,
		AuthURL:      DefaultAuthURL,
		WebURL:       DefaultWebURL,
		RedirectPort: DefaultRedirectPort,
		Audio:        Audio{Output: "auto", Buffer: 100 * time.Millisecond, Volume: 80, Normalize: "track"},
		Playback:     Playback{Autoplay: true, RestoreSession: true},
		UI:           UI{Artwork: ArtworkAuto},
		Keys:         DefaultKeys(),
		Theme:        DefaultTheme(),
		LogLevel:     slog.LevelInfo,

		Notifications: NotifyAuto,
	}
}

// Values of the notifications key. NotifyAuto shows them except in a
// session reached over SSH, where the desktop that would show them is
// usually someone else's screen or none at all.
const (
	NotifyAuto = "auto"
	NotifyOn   = "on"
	NotifyOff  = "off"
)

// KeysFor returns the bindings of one action.
func (c *Config) KeysFor(action string) []string { return c.Keys[action] }

// Path is where the config file lives: $CIRRUS_CONFIG, else config.toml in
// the platform's config directory (configHome: $XDG_CONFIG_HOME wherever it
// is set, else ~/.config on Linux and the BSDs, ~/Library/Application Support
// on macOS, %AppData% on Windows).
func Path() string {
	if p := os.Getenv(EnvConfig); p != "" {
		return p
	}
	return filepath.Join(configHome(), "cirrus", "config.toml")
}

// StateDir is where tokens, the session and the lock live: $XDG_STATE_HOME/cirrus
// wherever it is set, else the platform's place (stateHome).
func StateDir() string { return filepath.Join(stateHome(), "cirrus") }

// LoudnessFile is where the player remembers each track's measured
// loudness ([audio] normalize = "track"): in StateDir, bounded by the player.
func LoudnessFile() string { return filepath.Join(StateDir(), "loudness.json") }

// CacheDir is where cirrus keeps what it can fetch again (the pictures its
// notifications show): $XDG_CACHE_HOME/cirrus wherever it is set, else the
// platform's cache folder (~/.cache, ~/Library/Caches, %LocalAppData%), else
// a folder in the state directory.
func CacheDir() string {
	if d := xdgEnv("XDG_CACHE_HOME"); d != "" {
		return filepath.Join(d, "cirrus")
	}
	if d, err := os.UserCacheDir(); err == nil && filepath.IsAbs(d) {
		return filepath.Join(d, "cirrus")
	}
	return filepath.Join(StateDir(), "cache")
}

// LogPath is the log file; logs never go to the terminal. It sits in the
// state directory except on macOS, where logs have their own place (logDir).
func LogPath() string { return filepath.Join(logDir(), "cirrus.log") }

// xdgEnv is $env when it holds an absolute path (the XDG spec says to
// ignore a relative one), else "".
func xdgEnv(env string) string {
	if d := os.Getenv(env); d != "" && filepath.IsAbs(d) {
		return d
	}
	return ""
}

// homeDir is the user's home, else the temp dir (a home-less service account).
func homeDir() string {
	home, err := os.UserHomeDir()
	if err != nil || home == "" {
		return os.TempDir()
	}
	return home
}

// Load reads and validates the file at path. A missing file is not an error:
// the defaults apply. Environment overrides are applied last. A file with
// mistakes returns Errors listing every one with its line.
func Load(path string) (*Config, error) {
	data, err := ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		c := Default()
		c.applyEnv()
		return c, nil
	}
	if err != nil {
		return nil, fmt.Errorf("read config: %w", err)
	}
	c, err := Parse(path, data)
	if err != nil {
		return nil, err
	}
	c.applyEnv()
	return c, nil
}

// ReadFile reads a config file, at most MaxFileSize bytes of it (one byte
// more, so that Parse can say the file is too big): a path naming /dev/zero
// or a huge file must not fill memory.
func ReadFile(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return io.ReadAll(io.LimitReader(f, MaxFileSize+1))
}

// Parse validates TOML text; name is used in error messages. Environment
// overrides are not applied.
func Parse(name string, data []byte) (*Config, error) {
	p := &parser{file: name, cfg: Default()}
	p.cfg.File = name
	p.parse(data)
	if len(p.errs) > 0 {
		errs := p.errs.sorted()
		if p.dropped > 0 {
			errs = append(errs, &Error{File: name, Msg: fmt.Sprintf("and %d more mistakes not listed", p.dropped)})
		}
		return nil, errs
	}
	return p.cfg, nil
}

func (c *Config) applyEnv() {
	if v := os.Getenv(EnvClientID); v != "" {
		c.ClientID = v
	}
	if v := os.Getenv(EnvClientSecret); v != "" {
		c.ClientSecret = Secret(v)
	}
}
