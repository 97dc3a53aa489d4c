package api

import (
	"context"
	"net/http"
	"slices"
)

// Playlist fetches one playlist with (part of) its tracks (GET /playlists/{urn}).
func (c *Client) Playlist(ctx context.Context, urn URN) (*Playlist, error) {
	var p Playlist
	if err := c.getJSON(ctx, "/playlists/"+seg(urn), nil, &p); err != nil {
		return nil, err
	}
	return &p, nil
}

// PlaylistTracks lists all of a playlist's tracks page by page
// (GET /playlists/{urn}/tracks).
func (c *Client) PlaylistTracks(ctx context.Context, urn URN, o ListOptions) (*Page[Track], error) {
	return list[Track](ctx, c, "/playlists/"+seg(urn)+"/tracks", o)
}

// PlaylistReposters lists who reposted a playlist
// (GET /playlists/{urn}/reposters).
func (c *Client) PlaylistReposters(ctx context.Context, urn URN, o ListOptions) (*Page[User], error) {
	return list[User](ctx, c, "/playlists/"+seg(urn)+"/reposters", o)
}

type trackRef struct {
	URN URN `json:"urn"`
}

func trackRefs(urns []URN) []trackRef {
	refs := make([]trackRef, len(urns)) // never nil: [] clears, null would not
	for i, u := range urns {
		refs[i] = trackRef{URN: u}
	}
	return refs
}

// PlaylistUpdate holds the fields PUT /playlists/{urn} changes; nil fields
// are left alone. Tracks, when not nil, replaces the whole track list.
type PlaylistUpdate struct {
	Title       *string
	Description *string
	Sharing     *string
	Tracks      []URN
}

func (u PlaylistUpdate) body() map[string]any {
	p := map[string]any{}
	if u.Title != nil {
		p["title"] = *u.Title
	}
	if u.Description != nil {
		p["description"] = *u.Description
	}
	if u.Sharing != nil {
		p["sharing"] = *u.Sharing
	}
	if u.Tracks != nil {
		p["tracks"] = trackRefs(u.Tracks)
	}
	return map[string]any{"playlist": p}
}

// CreatePlaylist creates a playlist with the given tracks (POST /playlists).
// Not retried: a lost answer could leave a duplicate.
func (c *Client) CreatePlaylist(ctx context.Context, title, sharing string, tracks []URN) (*Playlist, error) {
	body := map[string]any{"playlist": map[string]any{
		"title":   title,
		"sharing": sharing,
		"tracks":  trackRefs(tracks),
	}}
	r, err := newRequest(http.MethodPost, "POST /playlists", c.apiURL("/playlists", nil)).withJSON(body)
	if err != nil {
		return nil, err
	}
	var p Playlist
	if err := c.exec(ctx, r, decodeInto(r.op, &p)); err != nil {
		return nil, err
	}
	return &p, nil
}

// UpdatePlaylist changes a playlist (PUT /playlists/{urn}).
func (c *Client) UpdatePlaylist(ctx context.Context, playlist URN, u PlaylistUpdate) (*Playlist, error) {
	path := "/playlists/" + seg(playlist)
	r, err := newRequest(http.MethodPut, "PUT "+path, c.apiURL(path, nil)).withJSON(u.body())
	if err != nil {
		return nil, err
	}
	var p Playlist
	if err := c.exec(ctx, r, decodeOptional(r.op, &p)); err != nil {
		return nil, err
	}
	return &p, nil
}

// SetPlaylistTracks replaces a playlist's whole track list (PUT semantics).
func (c *Client) SetPlaylistTracks(ctx context.Context, playlist URN, tracks []URN) (*Playlist, error) {
	if tracks == nil {
		tracks = []URN{}
	}
	return c.UpdatePlaylist(ctx, playlist, PlaylistUpdate{Tracks: tracks})
}

// AllPlaylistTrackURNs walks every page of a playlist's tracks. PUT replaces
// the list, so edits must start from all of it, not from the first page.
func (c *Client) AllPlaylistTrackURNs(ctx context.Context, playlist URN) ([]URN, error) {
	var urns []URN
	for t, err := range All(ctx, c, 0, func(ctx context.Context) (*Page[Track], error) {
		return c.PlaylistTracks(ctx, playlist, ListOptions{Limit: MaxPageSize, Access: []string{AccessPlayable, AccessPreview, AccessBlocked}})
	}) {
		if err != nil {
			return nil, err
		}
		urns = append(urns, t.URN)
	}
	return urns, nil
}

// AddToPlaylist appends tracks to a playlist, keeping every track it has
// (duplicates allowed; AddToPlaylistChecked asks first).
func (c *Client) AddToPlaylist(ctx context.Context, playlist URN, tracks ...URN) (*Playlist, error) {
	e, err := c.AddToPlaylistChecked(ctx, playlist, true, tracks...)
	if err != nil {
		return nil, err
	}
	return e.Playlist, nil
}

// RemoveFromPlaylist removes every occurrence of the given tracks.
func (c *Client) RemoveFromPlaylist(ctx context.Context, playlist URN, tracks ...URN) (*Playlist, error) {
	drop := map[string]bool{}
	for _, t := range tracks {
		drop[canonical(t)] = true
	}
	e, err := c.EditPlaylistTracks(ctx, playlist, func(cur []URN) ([]URN, error) {
		return slices.DeleteFunc(cur, func(u URN) bool { return drop[canonical(u)] }), nil
	})
	if err != nil {
		return nil, err
	}
	return e.Playlist, nil
}

// DeletePlaylist deletes one of the user's playlists (DELETE /playlists/{urn}).
func (c *Client) DeletePlaylist(ctx context.Context, playlist URN) error {
	return c.send(ctx, http.MethodDelete, "/playlists/"+seg(playlist), nil)
}
