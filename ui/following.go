package ui

import (
	"context"

	"github.com/cirrus-tui/cirrus/api"
)

// newFollowing lists the users I follow; opening one shows the profile with
// their tracks, playlists, likes and reposts.
func newFollowing(c *Common, e *env, n names) *browsePane {
	l := newList(c, e, "You follow no one yet.", itemSource(e, userItems, func(ctx context.Context) (*api.Page[api.User], error) {
		return e.b.MyFollowings(ctx, api.ListOptions{Limit: 50})
	}), renderItemWith(n))
	l.kind = followingsList
	return &browsePane{name: "Following", browser: newBrowser(c, e, n, &view{title: "Following", lists: []*List[item]{l}})}
}
