package api

import (
	"context"
	"net/http"
)

// Track fetches one track (GET /tracks/{urn}).
func (c *Client) Track(ctx context.Context, urn URN) (*Track, error) {
	var t Track
	if err := c.getJSON(ctx, "/tracks/"+seg(urn), nil, &t); err != nil {
		return nil, err
	}
	return &t, nil
}

// TrackComments lists a track's timed comments (GET /tracks/{urn}/comments).
func (c *Client) TrackComments(ctx context.Context, urn URN, o ListOptions) (*Page[Comment], error) {
	return list[Comment](ctx, c, "/tracks/"+seg(urn)+"/comments", o)
}

// TrackFavoriters lists who liked a track (GET /tracks/{urn}/favoriters).
func (c *Client) TrackFavoriters(ctx context.Context, urn URN, o ListOptions) (*Page[User], error) {
	return list[User](ctx, c, "/tracks/"+seg(urn)+"/favoriters", o)
}

// TrackReposters lists who reposted a track (GET /tracks/{urn}/reposters).
func (c *Client) TrackReposters(ctx context.Context, urn URN, o ListOptions) (*Page[User], error) {
	return list[User](ctx, c, "/tracks/"+seg(urn)+"/reposters", o)
}

// RelatedTracks lists tracks like this one (GET /tracks/{urn}/related), the
// source of autoplay.
func (c *Client) RelatedTracks(ctx context.Context, urn URN, o ListOptions) (*Page[Track], error) {
	return list[Track](ctx, c, "/tracks/"+seg(urn)+"/related", o)
}

// TrackUpdate holds the metadata fields PUT /tracks/{urn} may change; nil
// fields are left as they are.
type TrackUpdate struct {
	Title        *string `json:"title,omitempty"`
	Description  *string `json:"description,omitempty"`
	Genre        *string `json:"genre,omitempty"`
	TagList      *string `json:"tag_list,omitempty"`
	Sharing      *string `json:"sharing,omitempty"`
	Permalink    *string `json:"permalink,omitempty"`
	LabelName    *string `json:"label_name,omitempty"`
	License      *string `json:"license,omitempty"`
	ReleaseDate  *string `json:"release_date,omitempty"`
	PurchaseURL  *string `json:"purchase_url,omitempty"`
	EmbeddableBy *string `json:"embeddable_by,omitempty"`
	ISRC         *string `json:"isrc,omitempty"`
	Streamable   *bool   `json:"streamable,omitempty"`
	Downloadable *bool   `json:"downloadable,omitempty"`
	Commentable  *bool   `json:"commentable,omitempty"`
	RevealStats  *bool   `json:"reveal_stats,omitempty"`
	RevealComms  *bool   `json:"reveal_comments,omitempty"`
}

// UpdateTrack changes a track's metadata (PUT /tracks/{urn}).
func (c *Client) UpdateTrack(ctx context.Context, urn URN, upd TrackUpdate) (*Track, error) {
	path := "/tracks/" + seg(urn)
	r, err := newRequest(http.MethodPut, "PUT "+path, c.apiURL(path, nil)).withJSON(map[string]any{"track": upd})
	if err != nil {
		return nil, err
	}
	var t Track
	if err := c.exec(ctx, r, decodeOptional(r.op, &t)); err != nil {
		return nil, err
	}
	return &t, nil
}

// DeleteTrack deletes one of the user's tracks (DELETE /tracks/{urn}).
func (c *Client) DeleteTrack(ctx context.Context, urn URN) error {
	return c.send(ctx, http.MethodDelete, "/tracks/"+seg(urn), nil)
}

// Storefront is a track's Artist Storefront (buy module).
type Storefront struct {
	TrackURN    URN    `json:"track_urn"`
	Title       string `json:"title"`
	Type        string `json:"type"`
	Link        string `json:"link"`
	LinkTitle   string `json:"link_title,omitempty"`
	Description string `json:"description,omitempty"`
	ImageURL    string `json:"image_url,omitempty"`
	Price       string `json:"price,omitempty"`
}

// StorefrontUpdate replaces a storefront as a whole: omitted optional fields
// are cleared on the server.
type StorefrontUpdate struct {
	Title       string `json:"title"`
	Type        string `json:"type"` // digital, vinyl, cd, ...
	Link        string `json:"link"`
	LinkTitle   string `json:"link_title,omitempty"`
	Description string `json:"description,omitempty"`
	Price       string `json:"price,omitempty"`
}

// SetStorefront creates or replaces a track's storefront
// (PUT /tracks/{urn}/storefront).
func (c *Client) SetStorefront(ctx context.Context, urn URN, s StorefrontUpdate) (*Storefront, error) {
	path := "/tracks/" + seg(urn) + "/storefront"
	r, err := newRequest(http.MethodPut, "PUT "+path, c.apiURL(path, nil)).withJSON(s)
	if err != nil {
		return nil, err
	}
	var sf Storefront
	if err := c.exec(ctx, r, decodeOptional(r.op, &sf)); err != nil {
		return nil, err
	}
	return &sf, nil
}
