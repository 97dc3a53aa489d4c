package api

import "context"

// User fetches one user (GET /users/{urn}).
func (c *Client) User(ctx context.Context, urn URN) (*User, error) {
	var u User
	if err := c.getJSON(ctx, "/users/"+seg(urn), nil, &u); err != nil {
		return nil, err
	}
	return &u, nil
}

// UserTracks lists a user's uploads (GET /users/{urn}/tracks).
func (c *Client) UserTracks(ctx context.Context, urn URN, o ListOptions) (*Page[Track], error) {
	return list[Track](ctx, c, "/users/"+seg(urn)+"/tracks", o)
}

// UserPlaylists lists a user's playlists (GET /users/{urn}/playlists),
// without their track lists.
func (c *Client) UserPlaylists(ctx context.Context, urn URN, o ListOptions) (*Page[Playlist], error) {
	q := o.query()
	q.Set("show_tracks", "false")
	return getPage[Playlist](ctx, c, "/users/"+seg(urn)+"/playlists", q)
}

// UserLikedTracks lists a user's liked tracks (GET /users/{urn}/likes/tracks).
func (c *Client) UserLikedTracks(ctx context.Context, urn URN, o ListOptions) (*Page[Track], error) {
	return list[Track](ctx, c, "/users/"+seg(urn)+"/likes/tracks", o)
}

// UserLikedPlaylists lists a user's liked playlists
// (GET /users/{urn}/likes/playlists).
func (c *Client) UserLikedPlaylists(ctx context.Context, urn URN, o ListOptions) (*Page[Playlist], error) {
	return list[Playlist](ctx, c, "/users/"+seg(urn)+"/likes/playlists", o)
}

// UserFavorites is the deprecated form of UserLikedTracks
// (GET /users/{urn}/favorites).
func (c *Client) UserFavorites(ctx context.Context, urn URN, o ListOptions) (*Page[Track], error) {
	return list[Track](ctx, c, "/users/"+seg(urn)+"/favorites", o)
}

// UserRepostedTracks lists a user's track reposts
// (GET /users/{urn}/reposts/tracks).
func (c *Client) UserRepostedTracks(ctx context.Context, urn URN, o ListOptions) (*Page[Track], error) {
	return list[Track](ctx, c, "/users/"+seg(urn)+"/reposts/tracks", o)
}

// UserRepostedPlaylists lists a user's playlist reposts
// (GET /users/{urn}/reposts/playlists).
func (c *Client) UserRepostedPlaylists(ctx context.Context, urn URN, o ListOptions) (*Page[Playlist], error) {
	return list[Playlist](ctx, c, "/users/"+seg(urn)+"/reposts/playlists", o)
}

// UserFollowers lists who follows a user (GET /users/{urn}/followers).
func (c *Client) UserFollowers(ctx context.Context, urn URN, o ListOptions) (*Page[User], error) {
	return list[User](ctx, c, "/users/"+seg(urn)+"/followers", o)
}

// UserFollowings lists whom a user follows (GET /users/{urn}/followings).
func (c *Client) UserFollowings(ctx context.Context, urn URN, o ListOptions) (*Page[User], error) {
	return list[User](ctx, c, "/users/"+seg(urn)+"/followings", o)
}

// UserFollowing returns following if user follows them
// (GET /users/{urn}/followings/{following_urn}); 404 otherwise.
func (c *Client) UserFollowing(ctx context.Context, user, following URN) (*User, error) {
	var u User
	if err := c.getJSON(ctx, "/users/"+seg(user)+"/followings/"+seg(following), nil, &u); err != nil {
		return nil, err
	}
	return &u, nil
}

// RelatedUsers lists artists like this one (GET /users/{urn}/related).
func (c *Client) RelatedUsers(ctx context.Context, urn URN, o ListOptions) (*Page[User], error) {
	return list[User](ctx, c, "/users/"+seg(urn)+"/related", o)
}

// WebProfiles lists the links on a user's profile
// (GET /users/{urn}/web-profiles), a bare array or a page, all of them.
func (c *Client) WebProfiles(ctx context.Context, urn URN) ([]WebProfile, error) {
	return Collect(ctx, c, 0, func(ctx context.Context) (*Page[WebProfile], error) {
		return list[WebProfile](ctx, c, "/users/"+seg(urn)+"/web-profiles", ListOptions{Limit: MaxPageSize})
	})
}
