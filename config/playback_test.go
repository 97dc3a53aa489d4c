package config

import (
	"strings"
	"testing"
)

func TestPlaybackKeys(t *testing.T) {
	d := Default()
	if !d.Playback.Autoplay || !d.Playback.RestoreSession {
		t.Fatalf("defaults: %+v", d.Playback)
	}
	c, err := Parse("c.toml", []byte("[playback]\nautoplay = false\nrestore_session = false\n"))
	if err != nil {
		t.Fatal(err)
	}
	if c.Playback.Autoplay || c.Playback.RestoreSession {
		t.Fatalf("both off: %+v", c.Playback)
	}
	c, err = Parse("c.toml", []byte("[playback]\nrestore_session = false\n"))
	if err != nil || !c.Playback.Autoplay || c.Playback.RestoreSession {
		t.Fatalf("one off: %+v %v", c.Playback, err)
	}
	for _, tc := range []struct{ src, want string }{
		{"[playback]\nautoplya = false\n", `c.toml:2: unknown key "autoplya" in [playback]; did you mean "autoplay"?`},
		{"[playback]\nautoplay = \"no\"\n", `c.toml:2: "autoplay" in [playback] must be true or false, not a string ("no")`},
		{"autoplay = false\n", `c.toml:1: unknown key "autoplay"; did you mean "autoplay" in [playback]?`},
		{"[audio]\nrestore_sesion = true\n", `c.toml:2: unknown key "restore_sesion" in [audio]; did you mean "restore_session" in [playback]?`},
		{"[playbak]\nautoplay = true\n", `c.toml:1: unknown table [playbak]; did you mean [playback]?`},
		{"playback = 1\n", `c.toml:1: "playback" must be a table, not an integer (1)`},
	} {
		_, err := Parse("c.toml", []byte(tc.src))
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%q:\n got %v\nwant %s", tc.src, err, tc.want)
		}
	}
	if !strings.Contains(Template(), "[playback]\n") || !strings.Contains(Template(), "\nautoplay = true\n") ||
		!strings.Contains(Template(), "\nrestore_session = true\n") {
		t.Fatal("config init template lacks [playback]")
	}
}
