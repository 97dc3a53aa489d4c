package config

import (
	"context"
	"errors"
	"log/slog"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/cirrus-tui/cirrus/internal/filemode"
)

// parseErrs parses src and returns its error lines.
func parseErrs(t *testing.T, src string) []string {
	t.Helper()
	_, err := Parse("config.toml", []byte(src))
	if err == nil {
		t.Fatalf("expected errors for:\n%s", src)
	}
	var es Errors
	if !errors.As(err, &es) {
		t.Fatalf("error is %T, want Errors: %v", err, err)
	}
	return strings.Split(err.Error(), "\n")
}

func TestErrorsNameFileLineAndKey(t *testing.T) {
	cases := []struct {
		name, src, want string
	}{
		{"unknown key with suggestion", "[audio]\nvolume = 50\n\nvolumne = 3\n",
			`config.toml:4: unknown key "volumne" in [audio]; did you mean "volume"?`},
		{"unknown top-level key", "clientid = \"x\"\n",
			`config.toml:1: unknown key "clientid"; did you mean "client_id"?`},
		{"key in the wrong table", "volume = 3\n",
			`config.toml:1: unknown key "volume"; did you mean "volume" in [audio]?`},
		{"unknown key far from any", "[audio]\nzzzzzzzz = 1\n",
			`config.toml:2: unknown key "zzzzzzzz" in [audio]`},
		{"unknown table", "\n[autio]\nvolume = 1\n",
			`config.toml:2: unknown table [autio]; did you mean [audio]?`},
		{"wrong type int as string", "[audio]\nvolume = \"80\"\n",
			`config.toml:2: "volume" in [audio] must be an integer, not a string ("80")`},
		{"wrong type bool", "keyring = \"yes\"\n",
			`config.toml:1: "keyring" must be true or false, not a string ("yes")`},
		{"wrong type table", "audio = 5\n",
			`config.toml:1: "audio" must be a table, not an integer (5)`},
		{"wrong type buffer number", "[audio]\nbuffer = 200\n",
			`config.toml:2: "buffer" in [audio] must be a string, not an integer (200)`},
		{"volume 150", "[audio]\nvolume = 150\n",
			`config.toml:2: "volume" in [audio] is 150; it must be between 0 and 100`},
		{"negative volume", "[audio]\nvolume = -1\n",
			`config.toml:2: "volume" in [audio] is -1; it must be between 0 and 100`},
		{"negative buffer", "[audio]\nbuffer = \"-200ms\"\n",
			`config.toml:2: "buffer" in [audio] is "-200ms"; it must be positive, such as "200ms"`},
		{"unparsable buffer", "[audio]\nbuffer = \"fast\"\n",
			`config.toml:2: "buffer" in [audio] is "fast", not a duration such as "200ms"`},
		{"huge buffer", "[audio]\nbuffer = \"1m\"\n",
			`config.toml:2: "buffer" in [audio] is "1m"; at most "10s" makes sense`},
		{"empty output", "[audio]\noutput = \" \"\n",
			`config.toml:2: "output" in [audio] is empty`},
		{"output the player cannot open", "[audio]\noutput = \"hw:0\"\n",
			`config.toml:2: "output" in [audio] is "hw:0"; use "auto"`},
		{"normalize not a mode", "[audio]\nnormalize = \"album\"\n",
			`config.toml:2: "normalize" in [audio] is "album"; use "track" (every track at the same loudness) or "off"`},
		{"bad hex colour", "[theme]\naccent = \"#ff55\"\n",
			`config.toml:2: colour "accent" in [theme] is "#ff55"; use "#rrggbb", "#rgb" or an ANSI number 0..255`},
		{"colour number out of range", "[theme]\nmuted = 300\n",
			`config.toml:2: colour "muted" in [theme] is 300; ANSI colours are 0..255`},
		{"colour name", "[theme]\ntext = \"orange\"\n",
			`config.toml:2: colour "text" in [theme] is "orange"`},
		{"unknown theme key", "[theme]\naccnet = \"#fff\"\n",
			`config.toml:2: unknown key "accnet" in [theme]; did you mean "accent"?`},
		{"unknown action", "[keys]\nqiut = [\"z\"]\n",
			`config.toml:2: unknown action "qiut" in [keys]; did you mean "quit"?`},
		{"bad key name", "[keys]\nquit = [\"ctlr+q\"]\n",
			`config.toml:2: unknown key name "ctlr+q" for action "quit" in [keys]; did you mean "ctrl+q"?`},
		{"key list wrong type", "[keys]\nquit = 5\n",
			`config.toml:2: "quit" in [keys] must be an array of key names`},
		{"key list element wrong type", "[keys]\nquit = [\"q\", 5]\n",
			`config.toml:2: "quit" in [keys] must list key names as strings, not an integer`},
		{"duplicate with a default", "[keys]\n\nshuffle = [\"n\"]\n",
			`config.toml:3: key "n" is bound to both "next_track" (by default) and "shuffle" (line 3) in [keys]; rebind one of them`},
		{"duplicate between two user bindings", "[keys]\nlike = [\"z\"]\nfollow = [\"z\"]\n",
			`config.toml:3: key "z" is bound to both "like" (line 2) and "follow" (line 3) in [keys]; rebind one of them`},
		{"port out of range", "redirect_port = 70000\n",
			`config.toml:1: "redirect_port" is 70000; it must be between 0 and 65535 (0 picks a free port)`},
		{"negative port", "redirect_port = -1\n",
			`config.toml:1: "redirect_port" is -1; it must be between 0 and 65535`},
		{"port as float", "redirect_port = 80.5\n",
			`config.toml:1: "redirect_port" must be an integer, not a float (80.5)`},
		{"bad url", "api_url = \"ftp://x\"\n",
			`config.toml:1: "api_url" is "ftp://x"; it must be an http(s) base URL`},
		{"bad log level", "log_level = \"verbose\"\n",
			`config.toml:1: log_level "verbose" is not one of debug, info, warn, error`},
		{"log level typo", "log_level = \"dbug\"\n",
			`did you mean "debug"?`},
		{"syntax error", "a = \n",
			`config.toml:1: TOML syntax:`},
		{"inline table lines", "x = 1\naudio = {volume = 200}\n",
			`config.toml:2: "volume" in [audio] is 200`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			lines := parseErrs(t, c.src)
			for _, l := range lines {
				if strings.Contains(l, c.want) {
					return
				}
			}
			t.Errorf("errors:\n%s\nwant a line containing:\n%s", strings.Join(lines, "\n"), c.want)
		})
	}
}

func TestAllErrorsReportedInLineOrder(t *testing.T) {
	lines := parseErrs(t, `client_id = 5
[audio]
volume = 150
buffer = "-1s"
[theme]
accent = "nope"
[keys]
quit = ["nokey"]
`)
	if len(lines) != 5 {
		t.Fatalf("want 5 errors, got %d:\n%s", len(lines), strings.Join(lines, "\n"))
	}
	for i, want := range []string{":1:", ":3:", ":4:", ":6:", ":8:"} {
		if !strings.Contains(lines[i], want) {
			t.Errorf("error %d = %q, want line %s", i, lines[i], want)
		}
	}
}

func TestErrorsCarryKeyPath(t *testing.T) {
	_, err := Parse("c.toml", []byte("[audio]\nvolume = 101\n"))
	var es Errors
	if !errors.As(err, &es) || len(es) != 1 {
		t.Fatalf("got %v", err)
	}
	if es[0].Key != "audio.volume" || es[0].Line != 2 || es[0].File != "c.toml" {
		t.Errorf("got %+v", *es[0])
	}
}

func TestValidFile(t *testing.T) {
	_, err := Parse("c.toml", []byte(`client_id = "abc"
client_secret = "s3cret"
api_url = "http://127.0.0.1:8080/"
auth_url = "http://127.0.0.1:8080/auth"
redirect_port = 0
keyring = true
notifications = true
log_level = "debug"
[audio]
output = "/tmp/out.wav"
buffer = "350ms"
volume = 0
[keys]
quit = ["ctrl+q"]
play_pause = "space"
help = []
next_track = ["alt+n", "ctrl+q"]
[theme]
accent = "#ABC"
text = 7
muted = "244"
`))
	if err == nil || !strings.Contains(err.Error(), `key "ctrl+q" is bound to both`) {
		t.Fatalf("want the duplicate ctrl+q reported, got %v", err)
	}
	c, err := Parse("c.toml", []byte(`client_id = "abc"
client_secret = "s3cret"
api_url = "http://127.0.0.1:8080/"
auth_url = "http://127.0.0.1:8080/auth"
redirect_port = 0
keyring = true
notifications = true
log_level = "debug"
[audio]
output = "/tmp/out.wav"
buffer = "350ms"
volume = 0
normalize = "off"
[keys]
quit = ["ctrl+q", "ctrl+q"]
play_pause = "space"
help = []
next_track = ["alt+n", "é"]
[theme]
accent = "#ABC"
text = 7
muted = "244"
`))
	if err != nil {
		t.Fatal(err)
	}
	want := Default()
	want.File = "c.toml"
	want.ClientID = "abc"
	want.ClientSecret = "s3cret"
	want.APIURL = "http://127.0.0.1:8080"
	want.AuthURL = "http://127.0.0.1:8080/auth"
	want.RedirectPort = 0
	want.Keyring = true
	want.Notifications = NotifyOn
	want.LogLevel = slog.LevelDebug
	want.Audio = Audio{Output: "/tmp/out.wav", Buffer: 350 * time.Millisecond, Volume: 0, Normalize: "off"}
	want.Keys["quit"] = []string{"ctrl+q"}
	want.Keys["play_pause"] = []string{"space"}
	want.Keys["help"] = nil
	want.Keys["next_track"] = []string{"alt+n", "é"}
	want.Theme.Accent = "#abc"
	want.Theme.Text = "7"
	want.Theme.Muted = "244"
	if !reflect.DeepEqual(c, want) {
		t.Errorf("got  %#v\nwant %#v", c, want)
	}
}

func TestDefaultsHaveNoConflictsAndValidKeys(t *testing.T) {
	seen := map[string]string{}
	for _, a := range Actions {
		if len(a.Keys) == 0 {
			t.Errorf("%s has no default key", a.Name)
		}
		for _, k := range a.Keys {
			if !ValidKey(k) {
				t.Errorf("%s: default key %q is not a valid key name", a.Name, k)
			}
			if prev, ok := seen[k]; ok {
				t.Errorf("key %q bound to %s and %s", k, prev, a.Name)
			}
			seen[k] = a.Name
		}
	}
}

func TestValidKey(t *testing.T) {
	for _, k := range []string{"a", "G", "?", "/", "ctrl+c", "alt+x", "alt+enter", "shift+tab", "f12", "space", "pgdown", "ü"} {
		if !ValidKey(k) {
			t.Errorf("%q should be valid", k)
		}
	}
	for _, k := range []string{"", "ab", "ctrl", "ctrl+", "f21", "super+a", " ", "shift+a", "alt+", "\x01"} {
		if ValidKey(k) {
			t.Errorf("%q should be invalid", k)
		}
	}
}

func TestTemplateParsesToDefaults(t *testing.T) {
	c, err := Parse("t.toml", []byte(Template()))
	if err != nil {
		t.Fatal(err)
	}
	want := Default()
	want.File = "t.toml"
	if !reflect.DeepEqual(c, want) {
		t.Errorf("template differs from Default():\ngot  %#v\nwant %#v", c, want)
	}
	for _, a := range Actions {
		if !strings.Contains(Template(), "\n"+a.Name+" = ") {
			t.Errorf("template lacks action %s", a.Name)
		}
	}
	for _, k := range append(append([]string{}, topKeys...), append(audioKeys, themeKeys...)...) {
		if !strings.Contains(Template(), k+" = ") && !strings.Contains(Template(), "["+k+"]") {
			t.Errorf("template lacks key %s", k)
		}
	}
}

func TestWriteTemplateRefusesOverwrite(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "sub", "config.toml")
	if err := WriteTemplate(ctx, path, false); err != nil {
		t.Fatal(err)
	}
	filemode.Private(t, path)
	if err := os.WriteFile(path, []byte("client_id = \"mine\"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := WriteTemplate(ctx, path, false); !errors.Is(err, ErrExists) {
		t.Fatalf("want ErrExists, got %v", err)
	}
	if b, _ := os.ReadFile(path); string(b) != "client_id = \"mine\"\n" {
		t.Fatalf("file was changed: %q", b)
	}
	if err := WriteTemplate(ctx, path, true); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(path); string(b) != Template() {
		t.Fatal("force did not overwrite")
	}
}

func TestLoadEnvAndMissingFile(t *testing.T) {
	dir := t.TempDir()
	t.Setenv(EnvClientID, "")
	t.Setenv(EnvClientSecret, "")
	c, err := Load(filepath.Join(dir, "none.toml"))
	if err != nil {
		t.Fatal(err)
	}
	if c.ClientID != "" || c.APIURL != DefaultAPIURL {
		t.Errorf("missing file should give defaults, got %#v", c)
	}
	path := filepath.Join(dir, "c.toml")
	os.WriteFile(path, []byte("client_id = \"file-id\"\nclient_secret = \"file-secret\"\n"), 0o600)
	c, err = Load(path)
	if err != nil || c.ClientID != "file-id" || c.ClientSecret.Reveal() != "file-secret" {
		t.Fatalf("got %v %#v", err, c)
	}
	t.Setenv(EnvClientID, "env-id")
	t.Setenv(EnvClientSecret, "env-secret")
	c, err = Load(path)
	if err != nil || c.ClientID != "env-id" || c.ClientSecret.Reveal() != "env-secret" {
		t.Fatalf("env must win, got %v %#v", err, c)
	}
	os.WriteFile(path, []byte("[audio]\nvolume = 150\n"), 0o600)
	if _, err := Load(path); err == nil || !strings.HasPrefix(err.Error(), path+":2: ") {
		t.Fatalf("want error naming %s:2, got %v", path, err)
	}
}

func TestSecretNeverPrints(t *testing.T) {
	c := Default()
	c.ClientSecret = "hunter2-secret"
	var b strings.Builder
	slog.New(slog.NewJSONHandler(&b, nil)).Info("cfg", "cfg", c, "secret", c.ClientSecret)
	for _, s := range []string{b.String(), fmtAll(c), fmtAll(*c)} {
		if strings.Contains(s, "hunter2") {
			t.Errorf("secret leaked: %s", s)
		}
	}
}

func TestPaths(t *testing.T) {
	base := t.TempDir() // absolute on every platform
	conf, state := filepath.Join(base, "conf"), filepath.Join(base, "state")
	t.Setenv(EnvConfig, "")
	t.Setenv("XDG_CONFIG_HOME", conf)
	t.Setenv("XDG_STATE_HOME", state)
	want := []string{filepath.Join(conf, "cirrus", "config.toml"), filepath.Join(state, "cirrus"), filepath.Join(state, "cirrus", "cirrus.log")}
	if got := []string{Path(), StateDir(), LogPath()}; !slices.Equal(got, want) {
		t.Errorf("with $XDG_*: got %q, want %q", got, want)
	}
	// A relative $XDG_* is ignored, as the spec says.
	t.Setenv("XDG_CONFIG_HOME", "conf")
	if p := Path(); !filepath.IsAbs(p) {
		t.Errorf("relative XDG_CONFIG_HOME taken: %s", p)
	}
	other := filepath.Join(base, "elsewhere.toml")
	t.Setenv(EnvConfig, other)
	if Path() != other {
		t.Errorf("CIRRUS_CONFIG ignored: %s", Path())
	}
}

// TestAudioOutputAndDevice: the output kinds and the device are taken;
// a device with control characters is refused.
func TestAudioOutputAndDevice(t *testing.T) {
	for _, out := range []string{"auto", "default", "pulse", "alsa", "null", "/tmp/x.WAV"} {
		cfg, err := Parse("config.toml", []byte("[audio]\noutput = \""+out+"\"\ndevice = \"alsa_output.usb\"\n"))
		if err != nil {
			t.Errorf("output %q: %v", out, err)
			continue
		}
		if cfg.Audio.Output != out || cfg.Audio.Device != "alsa_output.usb" {
			t.Errorf("output %q: got %q device %q", out, cfg.Audio.Output, cfg.Audio.Device)
		}
	}
	if _, err := Parse("config.toml", []byte("[audio]\ndevice = \"a\\u001bb\"\n")); err == nil || !strings.Contains(err.Error(), "control characters") {
		t.Errorf("a device with an escape: %v, want refused", err)
	}
	if Default().Audio.Output != "auto" {
		t.Errorf("default output %q, want auto", Default().Audio.Output)
	}
}
