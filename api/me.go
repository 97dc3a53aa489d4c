package api

import (
	"context"
	"net/url"
	"strings"
)

// Me is the signed-in user (GET /me).
func (c *Client) Me(ctx context.Context) (*User, error) {
	var u User
	if err := c.getJSON(ctx, "/me", nil, &u); err != nil {
		return nil, err
	}
	return &u, nil
}

// Feed is the signed-in user's stream of posts and reposts (GET /me/feed).
func (c *Client) Feed(ctx context.Context, o ListOptions) (*Page[Activity], error) {
	return list[Activity](ctx, c, "/me/feed", o)
}

// FeedTracks is Feed restricted to tracks (GET /me/feed/tracks).
func (c *Client) FeedTracks(ctx context.Context, o ListOptions) (*Page[Activity], error) {
	return list[Activity](ctx, c, "/me/feed/tracks", o)
}

// Activities is the deprecated predecessor of Feed (GET /me/activities).
func (c *Client) Activities(ctx context.Context, o ListOptions) (*Page[Activity], error) {
	return list[Activity](ctx, c, "/me/activities", o)
}

// OwnActivities lists the signed-in user's own activities
// (GET /me/activities/all/own, deprecated).
func (c *Client) OwnActivities(ctx context.Context, o ListOptions) (*Page[Activity], error) {
	return list[Activity](ctx, c, "/me/activities/all/own", o)
}

// ActivityTracks is the deprecated predecessor of FeedTracks
// (GET /me/activities/tracks).
func (c *Client) ActivityTracks(ctx context.Context, o ListOptions) (*Page[Activity], error) {
	return list[Activity](ctx, c, "/me/activities/tracks", o)
}

// RecentlyPlayed returns up to 25 tracks the user played last
// (GET /me/recently-played/tracks; not paginated). access may be nil.
func (c *Client) RecentlyPlayed(ctx context.Context, access []string) ([]Track, error) {
	q := url.Values{}
	if len(access) > 0 {
		q.Set("access", strings.Join(access, ","))
	}
	p, err := getPage[Track](ctx, c, "/me/recently-played/tracks", q)
	if err != nil {
		return nil, err
	}
	return p.Collection, nil
}

// MyLikedTracks lists the tracks the user liked (GET /me/likes/tracks).
func (c *Client) MyLikedTracks(ctx context.Context, o ListOptions) (*Page[Track], error) {
	return list[Track](ctx, c, "/me/likes/tracks", o)
}

// MyLikedPlaylists lists the playlists the user liked (GET /me/likes/playlists).
func (c *Client) MyLikedPlaylists(ctx context.Context, o ListOptions) (*Page[Playlist], error) {
	return list[Playlist](ctx, c, "/me/likes/playlists", o)
}

// MyPlaylists lists the user's own playlists (GET /me/playlists). Tracks are
// left out (show_tracks=false) to keep pages small; use PlaylistTracks.
func (c *Client) MyPlaylists(ctx context.Context, o ListOptions) (*Page[Playlist], error) {
	q := o.query()
	q.Set("show_tracks", "false")
	return getPage[Playlist](ctx, c, "/me/playlists", q)
}

// MyTracks lists the user's uploads, newest first (GET /me/tracks).
func (c *Client) MyTracks(ctx context.Context, o ListOptions) (*Page[Track], error) {
	return list[Track](ctx, c, "/me/tracks", o)
}

// MyRepostedTracks lists the user's track reposts (GET /me/reposts/tracks).
func (c *Client) MyRepostedTracks(ctx context.Context, o ListOptions) (*Page[Track], error) {
	return list[Track](ctx, c, "/me/reposts/tracks", o)
}

// MyRepostedPlaylists lists the user's playlist reposts
// (GET /me/reposts/playlists).
func (c *Client) MyRepostedPlaylists(ctx context.Context, o ListOptions) (*Page[Playlist], error) {
	return list[Playlist](ctx, c, "/me/reposts/playlists", o)
}

// MyFollowings lists the users the user follows (GET /me/followings).
func (c *Client) MyFollowings(ctx context.Context, o ListOptions) (*Page[User], error) {
	return list[User](ctx, c, "/me/followings", o)
}

// MyFollowers lists the users who follow the user (GET /me/followers).
func (c *Client) MyFollowers(ctx context.Context, o ListOptions) (*Page[User], error) {
	return list[User](ctx, c, "/me/followers", o)
}

// MyFollowingsTracks lists recent tracks of followed users
// (GET /me/followings/tracks). It answers a bare array, not a page.
func (c *Client) MyFollowingsTracks(ctx context.Context, o ListOptions) ([]Track, error) {
	p, err := list[Track](ctx, c, "/me/followings/tracks", o)
	if err != nil {
		return nil, err
	}
	return p.Collection, nil
}

// MyFollowing returns a followed user (GET /me/followings/{urn}); a 404
// means the user is not followed.
func (c *Client) MyFollowing(ctx context.Context, user URN) (*User, error) {
	var u User
	if err := c.getJSON(ctx, "/me/followings/"+seg(user), nil, &u); err != nil {
		return nil, err
	}
	return &u, nil
}

// IsFollowing says whether the signed-in user follows user.
func (c *Client) IsFollowing(ctx context.Context, user URN) (bool, error) {
	return existence(c.MyFollowing(ctx, user))
}

// MyFollower returns a user who follows the signed-in user
// (GET /me/followers/{urn}); a 404 means they do not.
func (c *Client) MyFollower(ctx context.Context, user URN) (*User, error) {
	var u User
	if err := c.getJSON(ctx, "/me/followers/"+seg(user), nil, &u); err != nil {
		return nil, err
	}
	return &u, nil
}

// IsFollowedBy says whether user follows the signed-in user.
func (c *Client) IsFollowedBy(ctx context.Context, user URN) (bool, error) {
	return existence(c.MyFollower(ctx, user))
}

// existence turns a lookup into a yes/no: 404 is no.
func existence(u *User, err error) (bool, error) {
	if IsNotFound(err) {
		return false, nil
	}
	return err == nil && u != nil, err
}
