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
	title := "this track"
	if t := ev.Status.Track; t != nil && t.Title != "" {
		title = "“" + SanitizeLine(t.Title) + "”"
	}
	switch {
	case errors.Is(ev.Err, player.ErrDRM):
		// short: at 80 columns the reason must still show
		return "Cannot play " + title + ": Go+ tracks play only in SoundCloud’s apps."
	case errors.Is(ev.Err, player.ErrBlocked):
		return "Cannot play " + title + ": its owner does not allow streaming it here."
	}
	return ev.Err.Error()
}
