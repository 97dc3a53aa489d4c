package config

import (
	"strings"

	"github.com/BurntSushi/toml"
)

// Artwork is how the TUI draws cover art: a terminal graphics protocol,
// coloured half blocks, or not at all.
type Artwork string

// The [ui] artwork values. ArtworkAuto asks the terminal what it can show.
const (
	ArtworkAuto   Artwork = "auto"
	ArtworkKitty  Artwork = "kitty"
	ArtworkITerm  Artwork = "iterm"
	ArtworkSixel  Artwork = "sixel"
	ArtworkBlocks Artwork = "blocks"
	ArtworkOff    Artwork = "off"
)

var artworkValues = []string{string(ArtworkAuto), string(ArtworkKitty), string(ArtworkITerm),
	string(ArtworkSixel), string(ArtworkBlocks), string(ArtworkOff)}

// UI settings: how the terminal UI draws.
type UI struct {
	Artwork Artwork
}

var uiKeys = []string{"artwork"}

func (p *parser) ui(m map[string]toml.Primitive) {
	for _, e := range p.entries("ui", m) {
		switch e.at.key {
		case "artwork":
			p.str(e, func(s string) {
				for _, v := range artworkValues {
					if s == v {
						p.cfg.UI.Artwork = Artwork(s)
						return
					}
				}
				p.errorf(e.at, "artwork %q is not one of %s%s", s, strings.Join(artworkValues, ", "),
					didYouMean(s, artworkValues, "%q"))
			})
		default:
			p.errorf(e.at, "unknown key %s%s", e.at.where(), p.suggestKey("ui", e.at.key))
		}
	}
}
