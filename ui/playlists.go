package ui

import (
	"context"

	"github.com/cirrus-tui/cirrus/api"
)

// newPlaylists lists my playlists and the ones I liked; opening one lists
// every track of it, all pages, with the count growing as they arrive.
func newPlaylists(c *Common, e *env, n names) *browsePane {
	lo := api.ListOptions{Limit: 50}
	mine := newList(c, e, "You have no playlists yet.", itemSource(e, playlistItems, func(ctx context.Context) (*api.Page[api.Playlist], error) {
		return e.b.MyPlaylists(ctx, lo)
	}), renderItemWith(n))
	liked := newList(c, e, "No liked playlists yet.", itemSource(e, playlistItems, func(ctx context.Context) (*api.Page[api.Playlist], error) {
		return e.b.MyLikedPlaylists(ctx, lo)
	}), renderItemWith(n))
	mine.kind, liked.kind = myPlaylistsList, likedPlaylistsList
	v := &view{title: "Playlists", kinds: []string{"mine", "liked"}, lists: []*List[item]{mine, liked}}
	return &browsePane{name: "Playlists", browser: newBrowser(c, e, n, v)}
}
