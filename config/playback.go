package config

import "github.com/BurntSushi/toml"

// Playback settings: what happens around the queue.
type Playback struct {
	// Autoplay continues with related tracks when the queue ends (repeat off).
	Autoplay bool
	// RestoreSession reopens the last queue, track, position, volume,
	// shuffle/repeat and tab at start, paused.
	RestoreSession bool
}

var playbackKeys = []string{"autoplay", "restore_session"}

func (p *parser) playback(m map[string]toml.Primitive) {
	for _, e := range p.entries("playback", m) {
		switch e.at.key {
		case "autoplay":
			p.boolean(e, &p.cfg.Playback.Autoplay)
		case "restore_session":
			p.boolean(e, &p.cfg.Playback.RestoreSession)
		default:
			p.errorf(e.at, "unknown key %s%s", e.at.where(), p.suggestKey("playback", e.at.key))
		}
	}
}
