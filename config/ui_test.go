package config

import (
	"strings"
	"testing"
)

func TestUIArtwork(t *testing.T) {
	if d := Default(); d.UI.Artwork != ArtworkAuto {
		t.Fatalf("default artwork %q", d.UI.Artwork)
	}
	for _, v := range []Artwork{ArtworkAuto, ArtworkKitty, ArtworkITerm, ArtworkSixel, ArtworkBlocks, ArtworkOff} {
		c, err := Parse("c.toml", []byte("[ui]\nartwork = \""+string(v)+"\"\n"))
		if err != nil || c.UI.Artwork != v {
			t.Errorf("%q: %q %v", v, c.UI.Artwork, err)
		}
	}
	for _, tc := range []struct{ src, want string }{
		{"[ui]\nartwork = \"sixels\"\n", `c.toml:2: artwork "sixels" is not one of auto, kitty, iterm, sixel, blocks, off; did you mean "sixel"?`},
		{"[ui]\nartwrok = \"off\"\n", `c.toml:2: unknown key "artwrok" in [ui]; did you mean "artwork"?`},
		{"artwork = \"off\"\n", `c.toml:1: unknown key "artwork"; did you mean "artwork" in [ui]?`},
		{"[ui]\nartwork = true\n", `"artwork" in [ui] must be a string`},
	} {
		_, err := Parse("c.toml", []byte(tc.src))
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%q:\n got %v\nwant %s", tc.src, err, tc.want)
		}
	}
	c, err := Parse("c.toml", []byte(Template()))
	if err != nil || c.UI.Artwork != ArtworkAuto || !strings.Contains(Template(), "[ui]\n") {
		t.Fatalf("template: %v %q", err, c.UI.Artwork)
	}
}
