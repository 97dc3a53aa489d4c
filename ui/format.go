package ui

import (
	"fmt"
	"time"

	"github.com/cirrus-tui/cirrus/api"
)

// Clock prints a duration as m:ss or h:mm:ss. It is the one rule for
// durations and positions, in the TUI and the CLI alike: whole seconds,
// rounded down, so a position never reads past the length it is shown with.
func Clock(d time.Duration) string {
	if d < 0 {
		d = 0
	}
	s := int64(d / time.Second)
	if s >= 3600 {
		return fmt.Sprintf("%d:%02d:%02d", s/3600, s/60%60, s%60)
	}
	return fmt.Sprintf("%d:%02d", s/60, s%60)
}

// plural prints a count with its noun: "1 track", "2 tracks".
func plural(n int64, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

// TrackLabel is how a track is named in one line, the TUI's now-playing
// bar and `cirrus play` alike: "Title — Artist", sanitised.
func TrackLabel(t *api.Track) string {
	if t == nil {
		return ""
	}
	label := SanitizeLine(t.Title)
	if a := artistName(t.User); a != "" {
		label += " — " + a
	}
	return label
}
