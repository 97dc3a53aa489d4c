package api

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
)

// UnmarshalJSON decodes an activity and its origin into Track or Playlist.
// The origin's own "kind" decides; without one the type prefix does
// ("track", "track:repost", "track-sharing", "playlist:repost", ...).
func (a *Activity) UnmarshalJSON(b []byte) error {
	type plain Activity // no methods: no recursion
	var p plain
	if err := json.Unmarshal(b, &p); err != nil {
		return fmt.Errorf("activity: %w", err)
	}
	*a = Activity(p)
	if o := bytes.TrimSpace(a.Origin); len(o) == 0 || bytes.Equal(o, []byte("null")) {
		return nil
	}
	var k struct {
		Kind string `json:"kind"`
	}
	_ = json.Unmarshal(a.Origin, &k)
	kind := k.Kind
	if kind == "" {
		kind = a.Type
	}
	switch {
	case strings.HasPrefix(kind, "track"):
		var t Track
		if err := json.Unmarshal(a.Origin, &t); err != nil {
			return fmt.Errorf("activity origin track: %w", err)
		}
		a.Track = &t
	case strings.HasPrefix(kind, "playlist"), strings.HasPrefix(kind, "system-playlist"):
		var pl Playlist
		if err := json.Unmarshal(a.Origin, &pl); err != nil {
			return fmt.Errorf("activity origin playlist: %w", err)
		}
		a.Playlist = &pl
	}
	return nil
}

// MarshalJSON writes Origin from Track or Playlist when Origin is empty, so
// an Activity built in code round-trips.
func (a Activity) MarshalJSON() ([]byte, error) {
	type plain Activity
	p := plain(a)
	if len(p.Origin) == 0 {
		var err error
		switch {
		case a.Track != nil:
			p.Origin, err = json.Marshal(a.Track)
		case a.Playlist != nil:
			p.Origin, err = json.Marshal(a.Playlist)
		default:
			p.Origin = json.RawMessage("null")
		}
		if err != nil {
			return nil, err
		}
	}
	return json.Marshal(p)
}

// IsRepost says whether the activity is a repost rather than a post.
func (a *Activity) IsRepost() bool { return strings.Contains(a.Type, "repost") }
