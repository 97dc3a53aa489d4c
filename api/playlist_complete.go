package api

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strings"
)

// Before an edit writes a playlist's whole track list back, it must know it
// sees every track: SoundCloud's listings leave out tracks the caller may
// not see (gone private, removed, blocked where they are) while the
// playlist's track_count still counts them (soundcloud/api #449: 161
// counted, 128 listed), and a PUT of the visible ones deletes the rest. The
// count alone cannot be trusted either: it was 0 on every playlist for whole
// periods (#210, #253).
//
// The rule (playlistSources.check): read every source the API offers — the
// playlist's track_count, its own tracks array and every page of its tracks
// listing, asking for every access level (playable, preview and blocked;
// the default leaves blocked tracks out, #439) — and write only when they
// agree:
//
//   - the tracks array names no track more often than the listing does (it
//     may hold fewer: it can be cut short);
//   - track_count equals the number listed;
//   - a track_count of 0 with tracks listed, or with no tracks listed but a
//     duration above 0, is unknown, not empty: refused;
//   - 0 counted, none listed, none in the array and no duration is an empty
//     playlist.
//
// Anything else is refused with an *IncompletePlaylistError and nothing is
// written.

// IncompletePlaylistError says cirrus cannot see every track of a playlist:
// writing the whole list back (PUT replaces it) would delete the tracks it
// cannot see, so nothing was written.
type IncompletePlaylistError struct {
	Playlist URN
	Count    int // the playlist's track_count as the API gave it
	Listed   int // tracks the listing returned, every page, every access level
	// Hidden is how many tracks are known to be left out of the listing; 0
	// when the sources disagree in a way that does not say how many (Count
	// is 0, or below Listed).
	Hidden int
	// Duration is the playlist's duration (ms) when it is the only sign of
	// tracks: a count of 0 and nothing listed.
	Duration int64
}

func (e *IncompletePlaylistError) Error() string {
	const keep = "nothing was changed"
	switch {
	case e.Hidden > 0:
		return fmt.Sprintf("%d of the playlist's %d tracks are hidden from cirrus (gone private, removed, or blocked where you are); "+
			"writing the list back would delete them, so %s: edit this playlist on soundcloud.com",
			e.Hidden, max(e.Count, e.Listed+e.Hidden), keep)
	case e.Count == 0 && e.Listed > 0:
		return fmt.Sprintf("SoundCloud gives this playlist's track count as 0 but lists %d tracks (a fault it has had before), "+
			"so cirrus cannot tell whether any are hidden and %s: try again later", e.Listed, keep)
	case e.Count == 0:
		return fmt.Sprintf("SoundCloud lists no tracks and a track count of 0 for this playlist, yet gives it a duration of %s, "+
			"so cirrus cannot tell whether tracks are hidden and %s: try again later", clock(e.Duration), keep)
	}
	return fmt.Sprintf("SoundCloud gives this playlist's track count as %d but lists %d tracks, so cirrus cannot tell which is right and %s: reload and try again",
		e.Count, e.Listed, keep)
}

// clock formats milliseconds as h:mm:ss or m:ss.
func clock(ms int64) string {
	s := max(ms, 0) / 1000
	if s >= 3600 {
		return fmt.Sprintf("%d:%02d:%02d", s/3600, s/60%60, s%60)
	}
	return fmt.Sprintf("%d:%02d", s/60, s%60)
}

// IsIncomplete says whether err is an *IncompletePlaylistError.
func IsIncomplete(err error) bool {
	var ie *IncompletePlaylistError
	return errors.As(err, &ie)
}

// allAccess asks listings for every track, blocked ones included.
var allAccess = []string{AccessPlayable, AccessPreview, AccessBlocked}

// playlistSources is what the API says about which tracks a playlist holds.
type playlistSources struct {
	playlist URN
	count    int   // track_count
	duration int64 // ms
	embedded []URN // the playlist's tracks array; nil when it sent none
	listed   []URN // every page of /playlists/{urn}/tracks
}

// readPlaylistSources reads the playlist (with its tracks array, every
// access level) and every page of its tracks listing.
func (c *Client) readPlaylistSources(ctx context.Context, playlist URN) (*playlistSources, error) {
	q := url.Values{"show_tracks": {"true"}, "access": {strings.Join(allAccess, ",")}}
	var p Playlist
	if err := c.getJSON(ctx, "/playlists/"+seg(playlist), q, &p); err != nil {
		return nil, err
	}
	listed, err := c.AllPlaylistTrackURNs(ctx, playlist)
	if err != nil {
		return nil, err
	}
	s := &playlistSources{playlist: playlist, count: p.TrackCount, duration: p.Duration, listed: listed}
	if p.Tracks != nil {
		s.embedded = make([]URN, len(p.Tracks))
		for i, t := range p.Tracks {
			s.embedded[i] = t.URN
		}
	}
	return s, nil
}

// check applies the rule above: nil when the listing holds every track.
func (s *playlistSources) check() error {
	e := &IncompletePlaylistError{Playlist: s.playlist, Count: s.count, Listed: len(s.listed)}
	// Tracks the playlist's own array names more often than the listing.
	seen := make(map[string]int, len(s.listed))
	for _, u := range s.listed {
		seen[canonical(u)]++
	}
	missing := 0
	for _, u := range s.embedded {
		if seen[canonical(u)] > 0 {
			seen[canonical(u)]--
		} else {
			missing++
		}
	}
	switch {
	case s.count > len(s.listed) || missing > 0:
		e.Hidden = max(s.count-len(s.listed), missing)
		return e
	case s.count == 0 && len(s.listed) == 0 && s.duration > 0:
		e.Duration = s.duration
		return e
	case s.count != len(s.listed):
		return e
	}
	return nil
}
