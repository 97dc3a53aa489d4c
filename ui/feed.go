package ui

import (
	"context"

	"github.com/cirrus-tui/cirrus/api"
)

// newFeed is /me/feed: tracks and playlists posted or reposted by the people
// I follow, newest first.
func newFeed(c *Common, e *env, n names) *browsePane {
	l := newList(c, e, "Your feed is empty: follow someone to fill it.", itemSource(e, activityItems, func(ctx context.Context) (*api.Page[api.Activity], error) {
		return e.b.Feed(ctx, api.ListOptions{Limit: 50})
	}), renderItemWith(n))
	return &browsePane{name: "Feed", browser: newBrowser(c, e, n, &view{title: "Feed", lists: []*List[item]{l}})}
}
