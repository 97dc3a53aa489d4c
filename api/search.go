package api

import (
	"context"
	"fmt"
	"net/url"
	"strings"
)

// urnBatch is how many URNs /tracks?urns= and /users?urns= take per call.
const urnBatch = 50

func (o SearchOptions) query(q string) url.Values {
	v := o.ListOptions.query()
	if q != "" {
		v.Set("q", q)
	}
	if len(o.Genres) > 0 {
		v.Set("genres", strings.Join(o.Genres, ","))
	}
	if len(o.Tags) > 0 {
		v.Set("tags", strings.Join(o.Tags, ","))
	}
	return v
}

// SearchTracks searches tracks (GET /tracks?q=).
func (c *Client) SearchTracks(ctx context.Context, q string, o SearchOptions) (*Page[Track], error) {
	return getPage[Track](ctx, c, "/tracks", o.query(q))
}

// SearchUsers searches users (GET /users?q=).
func (c *Client) SearchUsers(ctx context.Context, q string, o SearchOptions) (*Page[User], error) {
	return getPage[User](ctx, c, "/users", o.query(q))
}

// SearchPlaylists searches playlists (GET /playlists?q=), without their
// track lists.
func (c *Client) SearchPlaylists(ctx context.Context, q string, o SearchOptions) (*Page[Playlist], error) {
	v := o.query(q)
	v.Set("show_tracks", "false")
	return getPage[Playlist](ctx, c, "/playlists", v)
}

// TracksByURN fetches many tracks by URN (GET /tracks?urns=), 50 per call as
// the API allows, in the order asked; unknown ones are left out.
func (c *Client) TracksByURN(ctx context.Context, urns []URN) ([]Track, error) {
	return byURN(ctx, c, "/tracks", urns, func(t *Track) URN { return t.URN })
}

// UsersByURN fetches many users by URN (GET /users?urns=), 50 per call.
func (c *Client) UsersByURN(ctx context.Context, urns []URN) ([]User, error) {
	return byURN(ctx, c, "/users", urns, func(u *User) URN { return u.URN })
}

func byURN[T any](ctx context.Context, c *Client, path string, urns []URN, key func(*T) URN) ([]T, error) {
	got := make(map[string]T, len(urns))
	for start := 0; start < len(urns); start += urnBatch {
		batch := urns[start:min(start+urnBatch, len(urns))]
		ids := make([]string, len(batch))
		for i, u := range batch {
			ids[i] = string(u)
		}
		q := url.Values{}
		q.Set("urns", strings.Join(ids, ","))
		q.Set("linked_partitioning", "true")
		q.Set("limit", fmt.Sprint(urnBatch))
		if path == "/tracks" {
			q.Set("access", "playable,preview,blocked")
		}
		items, err := Collect(ctx, c, 0, func(ctx context.Context) (*Page[T], error) {
			return getPage[T](ctx, c, path, q)
		})
		if err != nil {
			return nil, err
		}
		for i := range items {
			got[canonical(key(&items[i]))] = items[i]
		}
	}
	out := make([]T, 0, len(got))
	for _, u := range urns {
		if it, ok := got[canonical(u)]; ok {
			out = append(out, it)
			delete(got, canonical(u))
		}
	}
	return out, nil
}

// canonical compares URNs of one kind by their id, so a legacy numeric id
// in an answer still matches the URN that was asked for.
func canonical(u URN) string { return u.ID() }
