package ui

import (
	"context"

	"github.com/cirrus-tui/cirrus/api"
)

// newLikes lists liked tracks and liked playlists, switched with toggle_kind.
func newLikes(c *Common, e *env, n names) *browsePane {
	lo := api.ListOptions{Limit: 50}
	tracks := newList(c, e, "No liked tracks yet.", itemSource(e, trackItems, func(ctx context.Context) (*api.Page[api.Track], error) {
		return e.b.MyLikedTracks(ctx, lo)
	}), renderItemWith(n))
	pls := newList(c, e, "No liked playlists yet.", itemSource(e, playlistItems, func(ctx context.Context) (*api.Page[api.Playlist], error) {
		return e.b.MyLikedPlaylists(ctx, lo)
	}), renderItemWith(n))
	tracks.kind, pls.kind = likedTracksList, likedPlaylistsList
	v := &view{title: "Likes", kinds: []string{"tracks", "playlists"}, lists: []*List[item]{tracks, pls}}
	return &browsePane{name: "Likes", browser: newBrowser(c, e, n, v)}
}
