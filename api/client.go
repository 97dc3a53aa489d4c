package api

import (
	"context"
	"errors"
	"io"
	"iter"
	"log/slog"
	"net/http"
	"time"
)

// CONTRACT NOTE (remove when implemented): the signatures in this file are the
// contract other packages (auth, player, ui, cli) code against. The api helper
// implements the bodies and may add methods, but must not change these.

var errTODO = errors.New("api: not implemented yet")

// Default hosts of the real service.
const (
	DefaultBaseURL = "https://api.soundcloud.com"
	DefaultAuthURL = "https://secure.soundcloud.com"
)

// Options configure a Client. Only base URLs differ between the real service
// and api/fake.
type Options struct {
	BaseURL      string // API host, default DefaultBaseURL
	AuthURL      string // OAuth host, default DefaultAuthURL
	ClientID     string
	ClientSecret string
	Tokens       TokenSource  // nil: no Authorization header
	HTTPClient   *http.Client // nil: a client with sane timeouts
	UserAgent    string
	MaxRetries   int // idempotent requests; 0 means the default (4)
	Logger       *slog.Logger
}

// Client is a typed client of the SoundCloud public API.
type Client struct {
	opts Options
}

// New builds a Client.
func New(opts Options) *Client { return &Client{opts: opts} }

// Page is one page of a paginated list. NextHref is opaque; follow it with Next.
type Page[T any] struct {
	Collection []T    `json:"collection"`
	NextHref   string `json:"next_href,omitempty"`
	FutureHref string `json:"future_href,omitempty"`
}

// ListOptions apply to every list call. Limit is the page size (1..200, 0 means
// the server default of 50). Access filters tracks ("playable", "preview", "blocked").
type ListOptions struct {
	Limit  int
	Access []string
}

// SearchOptions narrow /tracks, /users and /playlists searches.
type SearchOptions struct {
	ListOptions
	Genres []string
	Tags   []string
}

// Next fetches the page NextHref points at.
func Next[T any](ctx context.Context, c *Client, p *Page[T]) (*Page[T], error) {
	return nil, errTODO
}

// All walks a list lazily page by page, starting with the page that first
// fetches; it stops after max items (0: no limit), on the first error (yielded
// once), or when ctx is cancelled.
func All[T any](ctx context.Context, c *Client, max int, first func(context.Context) (*Page[T], error)) iter.Seq2[T, error] {
	return func(yield func(T, error) bool) {}
}

// Me and the signed-in user's lists.
func (c *Client) Me(ctx context.Context) (*User, error) { return nil, errTODO }
func (c *Client) Feed(ctx context.Context, o ListOptions) (*Page[Activity], error) {
	return nil, errTODO
}
func (c *Client) FeedTracks(ctx context.Context, o ListOptions) (*Page[Activity], error) {
	return nil, errTODO
}
func (c *Client) MyLikedTracks(ctx context.Context, o ListOptions) (*Page[Track], error) {
	return nil, errTODO
}
func (c *Client) MyLikedPlaylists(ctx context.Context, o ListOptions) (*Page[Playlist], error) {
	return nil, errTODO
}
func (c *Client) MyPlaylists(ctx context.Context, o ListOptions) (*Page[Playlist], error) {
	return nil, errTODO
}
func (c *Client) MyFollowings(ctx context.Context, o ListOptions) (*Page[User], error) {
	return nil, errTODO
}
func (c *Client) MyFollowingsTracks(ctx context.Context, o ListOptions) ([]Track, error) {
	return nil, errTODO
}

// Search.
func (c *Client) SearchTracks(ctx context.Context, q string, o SearchOptions) (*Page[Track], error) {
	return nil, errTODO
}
func (c *Client) SearchUsers(ctx context.Context, q string, o SearchOptions) (*Page[User], error) {
	return nil, errTODO
}
func (c *Client) SearchPlaylists(ctx context.Context, q string, o SearchOptions) (*Page[Playlist], error) {
	return nil, errTODO
}

// Resolve maps a soundcloud.com or on.soundcloud.com URL to the API resource
// it names, without following the redirect blindly.
func (c *Client) Resolve(ctx context.Context, pageURL string) (URN, error) { return "", errTODO }

// Single resources.
func (c *Client) Track(ctx context.Context, urn URN) (*Track, error)       { return nil, errTODO }
func (c *Client) User(ctx context.Context, urn URN) (*User, error)         { return nil, errTODO }
func (c *Client) Playlist(ctx context.Context, urn URN) (*Playlist, error) { return nil, errTODO }
func (c *Client) PlaylistTracks(ctx context.Context, urn URN, o ListOptions) (*Page[Track], error) {
	return nil, errTODO
}
func (c *Client) UserTracks(ctx context.Context, urn URN, o ListOptions) (*Page[Track], error) {
	return nil, errTODO
}
func (c *Client) UserPlaylists(ctx context.Context, urn URN, o ListOptions) (*Page[Playlist], error) {
	return nil, errTODO
}
func (c *Client) UserLikedTracks(ctx context.Context, urn URN, o ListOptions) (*Page[Track], error) {
	return nil, errTODO
}
func (c *Client) UserRepostedTracks(ctx context.Context, urn URN, o ListOptions) (*Page[Track], error) {
	return nil, errTODO
}
func (c *Client) WebProfiles(ctx context.Context, urn URN) ([]WebProfile, error) { return nil, errTODO }
func (c *Client) TrackComments(ctx context.Context, urn URN, o ListOptions) (*Page[Comment], error) {
	return nil, errTODO
}

// Waveform fetches the JSON waveform for a track's waveform_url (the PNG URL on
// wave.sndcdn.com maps to JSON on wis.sndcdn.com).
func (c *Client) Waveform(ctx context.Context, waveformURL string) (*Waveform, error) {
	return nil, errTODO
}

// Writes. None of the non-idempotent ones are retried blindly.
func (c *Client) PostComment(ctx context.Context, track URN, body string, at time.Duration) (*Comment, error) {
	return nil, errTODO
}
func (c *Client) LikeTrack(ctx context.Context, urn URN) error        { return errTODO }
func (c *Client) UnlikeTrack(ctx context.Context, urn URN) error      { return errTODO }
func (c *Client) LikePlaylist(ctx context.Context, urn URN) error     { return errTODO }
func (c *Client) UnlikePlaylist(ctx context.Context, urn URN) error   { return errTODO }
func (c *Client) Follow(ctx context.Context, user URN) error          { return errTODO }
func (c *Client) Unfollow(ctx context.Context, user URN) error        { return errTODO }
func (c *Client) RepostTrack(ctx context.Context, urn URN) error      { return errTODO }
func (c *Client) UnrepostTrack(ctx context.Context, urn URN) error    { return errTODO }
func (c *Client) RepostPlaylist(ctx context.Context, urn URN) error   { return errTODO }
func (c *Client) UnrepostPlaylist(ctx context.Context, urn URN) error { return errTODO }

// CreatePlaylist creates a playlist with the given tracks.
func (c *Client) CreatePlaylist(ctx context.Context, title, sharing string, tracks []URN) (*Playlist, error) {
	return nil, errTODO
}

// SetPlaylistTracks replaces a playlist's whole track list (PUT semantics).
func (c *Client) SetPlaylistTracks(ctx context.Context, playlist URN, tracks []URN) (*Playlist, error) {
	return nil, errTODO
}

// Streams returns the redirector URLs for a track's streams.
func (c *Client) Streams(ctx context.Context, track URN) (*Streams, error) { return nil, errTODO }

// ResolveStream follows one redirector URL (from Streams, /preview or
// /stream) with the auth header and returns the signed media URL it points at,
// without fetching the media.
func (c *Client) ResolveStream(ctx context.Context, redirectorURL string) (string, error) {
	return "", errTODO
}

// UploadProgress reports bytes sent of total.
type UploadProgress func(sent, total int64)

// Upload streams a track file from r (size bytes) as multipart without
// buffering it; never retried.
func (c *Client) Upload(ctx context.Context, title, sharing, filename string, r io.Reader, size int64, progress UploadProgress) (*Track, error) {
	return nil, errTODO
}

// HTTPClient is the underlying client, shared with the player for media fetches.
func (c *Client) HTTPClient() *http.Client { return http.DefaultClient }
