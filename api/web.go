package api

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"github.com/cirrus-tui/cirrus/internal/artwork"
)

// WaveformJSONURL maps a track's waveform_url (a PNG on wave.sndcdn.com) to
// the JSON form of the same key on wis.sndcdn.com.
func WaveformJSONURL(waveformURL string) (string, error) {
	u, err := url.Parse(waveformURL)
	if err != nil || u.Host == "" {
		return "", fmt.Errorf("waveform url %q: not absolute", waveformURL)
	}
	if strings.HasPrefix(u.Host, "wave.") {
		u.Host = "wis." + strings.TrimPrefix(u.Host, "wave.")
	}
	if strings.HasSuffix(u.Path, ".png") {
		u.Path = strings.TrimSuffix(u.Path, ".png") + ".json"
		u.RawPath = ""
	}
	return u.String(), nil
}

// Waveform fetches the JSON waveform for a track's waveform_url (the PNG URL on
// wave.sndcdn.com maps to JSON on wis.sndcdn.com). No auth header goes there.
func (c *Client) Waveform(ctx context.Context, waveformURL string) (*Waveform, error) {
	u, err := WaveformJSONURL(waveformURL)
	if err != nil {
		return nil, fmt.Errorf("waveform: %w", err)
	}
	r := newRequest(http.MethodGet, "GET waveform", u)
	r.noAuth = true
	r.accept = "application/json"
	var w Waveform
	if err := c.exec(ctx, r, decodeInto(r.op, &w)); err != nil {
		return nil, err
	}
	return &w, nil
}

// Artwork fetches a cover or avatar image (a track's artwork_url, a user's
// avatar_url) from SoundCloud's image host, without a token. An image over
// artwork.MaxBytes, the one limit that the decoder applies too, is
// refused with a *ShapeError as soon as it is known, not read whole.
func (c *Client) Artwork(ctx context.Context, imageURL string) ([]byte, error) {
	u, err := url.Parse(imageURL)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return nil, fmt.Errorf("artwork: %q is not an http(s) URL", imageURL)
	}
	r := newRequest(http.MethodGet, "GET artwork", u.String())
	r.noAuth = true
	r.accept = "image/*"
	r.rawMax = artwork.MaxBytes
	var data []byte
	if err := c.exec(ctx, r, func(res *result) error {
		if len(res.body) == 0 {
			return errors.New("GET artwork: empty body")
		}
		data = res.body
		return nil
	}); err != nil {
		return nil, err
	}
	return data, nil
}

// OEmbed describes a soundcloud.com page (GET <WebURL>/oembed), without a
// token: title, author, thumbnail and embeddable HTML.
func (c *Client) OEmbed(ctx context.Context, pageURL string) (*OEmbed, error) {
	q := url.Values{"format": {"json"}, "url": {pageURL}}
	r := newRequest(http.MethodGet, "GET /oembed", c.opts.WebURL+"/oembed?"+q.Encode())
	r.noAuth = true
	var o OEmbed
	if err := c.exec(ctx, r, decodeInto(r.op, &o)); err != nil {
		return nil, err
	}
	return &o, nil
}
