package api

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
)

// Streams returns the redirector URLs for a track's streams
// (GET /tracks/{urn}/streams).
func (c *Client) Streams(ctx context.Context, track URN) (*Streams, error) {
	var s Streams
	if err := c.getJSON(ctx, "/tracks/"+seg(track)+"/streams", nil, &s); err != nil {
		return nil, err
	}
	return &s, nil
}

// ResolveStream follows one redirector URL (from Streams, /preview or
// /stream) with the auth header and returns the signed media URL it points at,
// without fetching the media. A URL that is not on the API host is already
// a media URL and comes back unchanged. The signed URL expires after a few
// minutes: resolve again for a later seek or retry.
func (c *Client) ResolveStream(ctx context.Context, redirectorURL string) (string, error) {
	u, err := c.base.Parse(redirectorURL)
	if err != nil {
		return "", fmt.Errorf("resolve stream: %w", err)
	}
	if !c.isAPIHost(u) {
		return u.String(), nil
	}
	return c.location(ctx, "GET "+u.Path, u.String())
}

// PreviewURL resolves a track's 30-second preview MP3
// (GET /tracks/{urn}/preview, a 302).
func (c *Client) PreviewURL(ctx context.Context, track URN) (string, error) {
	return c.ResolveStream(ctx, c.apiURL("/tracks/"+seg(track)+"/preview", nil))
}

// LegacyStreamURL resolves the old /tracks/{urn}/stream endpoint, which has
// served 30-second snippets only since 2026.
func (c *Client) LegacyStreamURL(ctx context.Context, track URN) (string, error) {
	return c.ResolveStream(ctx, c.apiURL("/tracks/"+seg(track)+"/stream", nil))
}

// ResolveURL maps a soundcloud.com or on.soundcloud.com URL to the API URL
// of the resource (GET /resolve, a 302 that is not followed).
func (c *Client) ResolveURL(ctx context.Context, pageURL string) (string, error) {
	q := url.Values{"url": {pageURL}}
	return c.location(ctx, "GET /resolve", c.apiURL("/resolve", q))
}

// Resolve maps a soundcloud.com or on.soundcloud.com URL to the API resource
// it names, without following the redirect blindly.
func (c *Client) Resolve(ctx context.Context, pageURL string) (URN, error) {
	loc, err := c.ResolveURL(ctx, pageURL)
	if err != nil {
		return "", err
	}
	urn, err := ParseURN(loc, "")
	if err != nil {
		return "", fmt.Errorf("GET /resolve: %w", err)
	}
	return urn, nil
}

// location runs a GET that must not be followed and returns where it
// points: the Location header of a 3xx, or the "location"/"url"/"urn" of a
// JSON body (some answers carry it there too, or instead).
func (c *Client) location(ctx context.Context, op, u string) (string, error) {
	r := newRequest(http.MethodGet, op, u)
	r.noRedirect = true
	r.accept = "*/*"
	var loc string
	err := c.exec(ctx, r, func(res *result) error {
		if h := res.header.Get("Location"); h != "" && res.status >= 300 && res.status < 400 {
			ref, err := res.url.Parse(h)
			if err != nil {
				return fmt.Errorf("%s: bad Location: %w", op, err)
			}
			loc = ref.String()
			return nil
		}
		var body struct {
			Location string `json:"location"`
			URL      string `json:"url"`
			URN      string `json:"urn"`
		}
		if json.Unmarshal(res.body, &body) == nil {
			for _, s := range []string{body.Location, body.URL, body.URN} {
				if s != "" {
					loc = s
					return nil
				}
			}
		}
		return fmt.Errorf("%s: %d answer without a location", op, res.status)
	})
	if err != nil {
		return "", err
	}
	if loc == "" {
		return "", errors.New(op + ": empty location")
	}
	return loc, nil
}
