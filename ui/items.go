package ui

import (
	"fmt"
	"strings"
	"time"

	"github.com/charmbracelet/lipgloss"

	"github.com/cirrus-tui/cirrus/api"
)

// item is one row of a browsing list: a track, a playlist or a user, with
// the feed's who-reposted and when.
type item struct {
	Track    *api.Track
	Playlist *api.Playlist
	User     *api.User
	Reposter api.URN
	When     string
}

func (it item) URN() api.URN {
	switch {
	case it.Track != nil:
		return it.Track.URN
	case it.Playlist != nil:
		return it.Playlist.URN
	case it.User != nil:
		return it.User.URN
	}
	return ""
}

func (it item) Link() string {
	switch {
	case it.Track != nil:
		return it.Track.PermalinkURL
	case it.Playlist != nil:
		return it.Playlist.PermalinkURL
	case it.User != nil:
		return it.User.PermalinkURL
	}
	return ""
}

func trackItems(ts []api.Track) []item {
	out := make([]item, len(ts))
	for i := range ts {
		out[i] = item{Track: &ts[i]}
	}
	return out
}

func playlistItems(ps []api.Playlist) []item {
	out := make([]item, len(ps))
	for i := range ps {
		out[i] = item{Playlist: &ps[i]}
	}
	return out
}

func userItems(us []api.User) []item {
	out := make([]item, len(us))
	for i := range us {
		out[i] = item{User: &us[i]}
	}
	return out
}

func activityItems(as []api.Activity) []item {
	out := make([]item, 0, len(as))
	for _, a := range as {
		it := item{When: a.CreatedAt}
		if strings.HasSuffix(a.Type, ":repost") {
			it.Reposter = a.Reposter
		}
		switch {
		case a.Track != nil:
			it.Track = a.Track
		case a.Playlist != nil:
			it.Playlist = a.Playlist
		default:
			continue
		}
		out = append(out, it)
	}
	return out
}

// mapPage converts a page of one type into a page of items, keeping NextHref.
func mapPage[T any](p *api.Page[T], err error, f func([]T) []item) (*api.Page[item], error) {
	if err != nil {
		return nil, err
	}
	return &api.Page[item]{Collection: f(p.Collection), NextHref: p.NextHref}, nil
}

func artistName(u *api.User) string {
	if u == nil {
		return ""
	}
	return SanitizeLine(u.Username)
}

// parseTime accepts the API's two date formats.
func parseTime(s string) (time.Time, bool) {
	for _, layout := range []string{time.RFC3339, "2006/01/02 15:04:05 -0700"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}

// relTime prints "3h ago" style ages.
func relTime(now time.Time, s string) string {
	t, ok := parseTime(s)
	if !ok {
		return ""
	}
	d := now.Sub(t)
	switch {
	case d < time.Minute:
		return "now"
	case d < time.Hour:
		return fmt.Sprintf("%dm ago", int(d/time.Minute))
	case d < 24*time.Hour:
		return fmt.Sprintf("%dh ago", int(d/time.Hour))
	case d < 30*24*time.Hour:
		return fmt.Sprintf("%dd ago", int(d/(24*time.Hour)))
	case d < 365*24*time.Hour:
		return fmt.Sprintf("%dmo ago", int(d/(30*24*time.Hour)))
	}
	return fmt.Sprintf("%dy ago", int(d/(365*24*time.Hour)))
}

// row lays out left text and a right-aligned part in exactly width cells.
func row(c *Common, selected bool, left, right string, width int) string {
	s := c.Styles
	mark := "  "
	switch {
	case selected && c.Picked: // the bar runs down a visual selection
		mark = "┃▸"
	case c.Picked:
		mark = "┃ "
	case selected:
		mark = "▸ "
	}
	rw := lipgloss.Width(right)
	if rw+4 > width {
		right, rw = "", 0
	}
	lw := width - 2 - rw
	if rw > 0 {
		lw--
	}
	l := PadRight(Truncate(left, lw), lw)
	st, mt := s.Text, s.Muted
	if selected || c.Picked {
		st, mt = s.Selected, s.SelectedMuted
	}
	out := st.Render(mark + l)
	if rw > 0 {
		out += " " + mt.Render(right)
	}
	return out
}

// privateBadge marks a playlist only its owner (and those with its secret
// link) can see, in rows and in its header.
const privateBadge = "PRIVATE"

func isPrivate(p *api.Playlist) bool { return p != nil && p.Sharing == "private" }

// names maps user URNs to display names (reposters in the feed).
type names map[api.URN]string

func renderItemWith(n names) func(c *Common, it item, width int, selected bool) string {
	return func(c *Common, it item, width int, selected bool) string {
		var left string
		var right []string
		switch {
		case it.Track != nil:
			t := it.Track
			left = "♪ " + SanitizeLine(t.Title)
			if a := artistName(t.User); a != "" {
				left += " — " + a
			}
			// what the track's JSON says (PREVIEW, BLOCKED, DRM), then
			// what the root knows (what playing taught, autoplay's pick)
			lim := t.Limit().String()
			if lim != "" {
				right = append(right, lim)
			}
			if c.Badge != nil {
				if b := c.Badge(it); b != "" && b != lim {
					right = append(right, b)
				}
			}
			right = append(right, Clock(t.DurationTime()))
		case it.Playlist != nil:
			p := it.Playlist
			left = "▤ " + SanitizeLine(p.Title)
			if a := artistName(p.User); a != "" {
				left += " — " + a
			}
			if isPrivate(p) {
				right = append(right, privateBadge)
			}
			right = append(right, plural(int64(p.TrackCount), "track"))
		case it.User != nil:
			u := it.User
			left = "☺ " + SanitizeLine(u.Username)
			if u.FullName != "" {
				left += " (" + SanitizeLine(u.FullName) + ")"
			}
			right = append(right, plural(int64(u.FollowersCount), "follower"))
		}
		if c.Match != nil {
			left = underline(left, c.Match())
		}
		if it.Reposter != "" {
			who := n[it.Reposter]
			if who == "" {
				who = "user " + SanitizeLine(it.Reposter.ID())
			}
			left = "↻ " + who + ": " + strings.TrimPrefix(strings.TrimPrefix(left, "♪ "), "▤ ")
		}
		if c.Mark != nil {
			if mk := c.Mark(it); mk != "" {
				right = append([]string{mk}, right...)
			}
		}
		if it.When != "" && c.Now != nil {
			if r := relTime(c.Now(), it.When); r != "" {
				right = append(right, r)
			}
		}
		return row(c, selected, left, strings.Join(right, "  "), width)
	}
}
