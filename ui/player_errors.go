package ui

import (
	"errors"

	"github.com/cirrus-tui/cirrus/player"
)

// playerErrorText is what the status line says of a player error: plain
// words for the failures a listener meets and can do nothing about (an
// encrypted Go+ stream); the player's own wording, which names formats
// and playlist tags, goes to the log.
func playerErrorText(ev player.Event) string {
	title := "This track"
	if t := ev.Status.Track; t != nil && t.Title != "" {
		title = "“" + SanitizeLine(t.Title) + "”"
	}
	switch {
	case errors.Is(ev.Err, player.ErrDRM):
		return title + " is a SoundCloud Go+ track protected by DRM: cirrus cannot play it (marked DRM in the lists)."
	case errors.Is(ev.Err, player.ErrBlocked):
		return title + " cannot be played here: its owner does not allow streaming it."
	}
	return ev.Err.Error()
}
