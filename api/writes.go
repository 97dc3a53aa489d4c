package api

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"time"
)

// send runs a write whose answer only matters by its status. POSTs are not
// retried blindly; PUT and DELETE are.
func (c *Client) send(ctx context.Context, method, path string, body any) error {
	r := newRequest(method, method+" "+path, c.apiURL(path, nil))
	if body != nil {
		var err error
		if r, err = r.withJSON(body); err != nil {
			return err
		}
	}
	return c.exec(ctx, r, nil)
}

// decodeOptional decodes a JSON object answer if there is one; writes answer
// with a resource, a {"status":...} note or nothing, all of them success.
func decodeOptional(op string, out any) func(*result) error {
	return func(res *result) error {
		b := bytes.TrimSpace(res.body)
		if len(b) == 0 || b[0] != '{' {
			return nil
		}
		if err := json.Unmarshal(b, out); err != nil {
			return &decodeError{op: op, err: err}
		}
		return nil
	}
}

// PostComment posts a timed comment at position at (POST
// /tracks/{urn}/comments). Never retried: a lost answer would double it.
func (c *Client) PostComment(ctx context.Context, track URN, body string, at time.Duration) (*Comment, error) {
	path := "/tracks/" + seg(track) + "/comments"
	r, err := newRequest(http.MethodPost, "POST "+path, c.apiURL(path, nil)).withJSON(map[string]any{
		"comment": map[string]any{"body": body, "timestamp": at.Milliseconds()},
	})
	if err != nil {
		return nil, err
	}
	var cm Comment
	if err := c.exec(ctx, r, decodeInto(r.op, &cm)); err != nil {
		return nil, err
	}
	return &cm, nil
}

// LikeTrack likes a track (POST /likes/tracks/{urn}).
func (c *Client) LikeTrack(ctx context.Context, urn URN) error {
	return c.send(ctx, http.MethodPost, "/likes/tracks/"+seg(urn), nil)
}

// UnlikeTrack removes a like (DELETE /likes/tracks/{urn}).
func (c *Client) UnlikeTrack(ctx context.Context, urn URN) error {
	return c.send(ctx, http.MethodDelete, "/likes/tracks/"+seg(urn), nil)
}

// LikePlaylist likes a playlist (POST /likes/playlists/{urn}).
func (c *Client) LikePlaylist(ctx context.Context, urn URN) error {
	return c.send(ctx, http.MethodPost, "/likes/playlists/"+seg(urn), nil)
}

// UnlikePlaylist removes a playlist like (DELETE /likes/playlists/{urn}).
func (c *Client) UnlikePlaylist(ctx context.Context, urn URN) error {
	return c.send(ctx, http.MethodDelete, "/likes/playlists/"+seg(urn), nil)
}

// Follow follows a user (PUT /me/followings/{urn}); a 422 says why not.
func (c *Client) Follow(ctx context.Context, user URN) error {
	return c.send(ctx, http.MethodPut, "/me/followings/"+seg(user), nil)
}

// Unfollow stops following a user (DELETE /me/followings/{urn}).
func (c *Client) Unfollow(ctx context.Context, user URN) error {
	return c.send(ctx, http.MethodDelete, "/me/followings/"+seg(user), nil)
}

// RepostTrack reposts a track (POST /reposts/tracks/{urn}).
func (c *Client) RepostTrack(ctx context.Context, urn URN) error {
	return c.send(ctx, http.MethodPost, "/reposts/tracks/"+seg(urn), nil)
}

// UnrepostTrack removes a track repost (DELETE /reposts/tracks/{urn}).
func (c *Client) UnrepostTrack(ctx context.Context, urn URN) error {
	return c.send(ctx, http.MethodDelete, "/reposts/tracks/"+seg(urn), nil)
}

// RepostPlaylist reposts a playlist (POST /reposts/playlists/{urn}).
func (c *Client) RepostPlaylist(ctx context.Context, urn URN) error {
	return c.send(ctx, http.MethodPost, "/reposts/playlists/"+seg(urn), nil)
}

// UnrepostPlaylist removes a playlist repost (DELETE /reposts/playlists/{urn}).
func (c *Client) UnrepostPlaylist(ctx context.Context, urn URN) error {
	return c.send(ctx, http.MethodDelete, "/reposts/playlists/"+seg(urn), nil)
}
