package api

import (
	"encoding/json"
	"fmt"
	"time"
)

// Access values of a track: what a listener may hear.
const (
	AccessPlayable = "playable"
	AccessPreview  = "preview"
	AccessBlocked  = "blocked"
)

// User is a SoundCloud account as the API returns it (also /me).
type User struct {
	URN                  URN    `json:"urn"`
	Kind                 string `json:"kind,omitempty"`
	Username             string `json:"username"`
	FullName             string `json:"full_name,omitempty"`
	FirstName            string `json:"first_name,omitempty"`
	LastName             string `json:"last_name,omitempty"`
	AvatarURL            string `json:"avatar_url,omitempty"`
	City                 string `json:"city,omitempty"`
	Country              string `json:"country,omitempty"`
	Description          string `json:"description,omitempty"`
	Permalink            string `json:"permalink,omitempty"`
	PermalinkURL         string `json:"permalink_url,omitempty"`
	URI                  string `json:"uri,omitempty"`
	Plan                 string `json:"plan,omitempty"`
	FollowersCount       int    `json:"followers_count"`
	FollowingsCount      int    `json:"followings_count"`
	TrackCount           int    `json:"track_count"`
	PlaylistCount        int    `json:"playlist_count"`
	PublicFavoritesCount int    `json:"public_favorites_count"`
	LikesCount           int    `json:"likes_count,omitempty"`
	RepostsCount         int    `json:"reposts_count"`
	Website              string `json:"website,omitempty"`
	WebsiteTitle         string `json:"website_title,omitempty"`
	CreatedAt            string `json:"created_at,omitempty"`
	LastModified         string `json:"last_modified,omitempty"`
}

// Track is a SoundCloud track. Duration is in milliseconds, as the API sends it.
type Track struct {
	URN              URN     `json:"urn"`
	Kind             string  `json:"kind,omitempty"`
	Title            string  `json:"title"`
	Description      string  `json:"description,omitempty"`
	Genre            string  `json:"genre,omitempty"`
	TagList          string  `json:"tag_list,omitempty"`
	Duration         int64   `json:"duration"`
	Access           string  `json:"access,omitempty"`
	Sharing          string  `json:"sharing,omitempty"`
	Streamable       bool    `json:"streamable"`
	Commentable      bool    `json:"commentable"`
	ArtworkURL       string  `json:"artwork_url,omitempty"`
	WaveformURL      string  `json:"waveform_url,omitempty"`
	PermalinkURL     string  `json:"permalink_url,omitempty"`
	URI              string  `json:"uri,omitempty"`
	StreamURL        string  `json:"stream_url,omitempty"`
	BPM              float64 `json:"bpm,omitempty"`
	KeySignature     string  `json:"key_signature,omitempty"`
	License          string  `json:"license,omitempty"`
	MetadataArtist   string  `json:"metadata_artist,omitempty"`
	LabelName        string  `json:"label_name,omitempty"`
	PlaybackCount    int64   `json:"playback_count"`
	FavoritingsCount int64   `json:"favoritings_count"`
	RepostsCount     int64   `json:"reposts_count"`
	CommentCount     int64   `json:"comment_count"`
	UserFavorite     bool    `json:"user_favorite"`
	CreatedAt        string  `json:"created_at,omitempty"`
	ReleaseYear      int     `json:"release_year,omitempty"`
	User             *User   `json:"user,omitempty"`

	// Policy and MonetizationModel are not in SoundCloud's published
	// spec, but its answers carry them (api/fake/NOTES.md): they tell a
	// Go+ track (SUB_HIGH_TIER) before anyone tries to play it.
	Policy            string `json:"policy,omitempty"`
	MonetizationModel string `json:"monetization_model,omitempty"`
}

// Limit is what a track's JSON says, before any attempt to play it,
// about how much of it this app can play.
type Limit int

const (
	LimitNone    Limit = iota // nothing said against playing it whole
	LimitPreview              // a snippet only (access "preview", policy SNIP)
	LimitBlocked              // nothing (access "blocked", policy BLOCK)
	// LimitDRM: a Go+ track offered whole, whose full stream reaches
	// apps like this one encrypted; its preview may still play.
	LimitDRM
)

// String is the badge a list row shows.
func (l Limit) String() string {
	switch l {
	case LimitPreview:
		return "PREVIEW"
	case LimitBlocked:
		return "BLOCKED"
	case LimitDRM:
		return "DRM"
	}
	return ""
}

// Values of Policy and MonetizationModel that limit playing (as
// SoundCloud's answers spell them; inferred, see api/fake/NOTES.md).
const (
	MonetizationGoPlus = "SUB_HIGH_TIER"
	PolicySnip         = "SNIP"
	PolicyBlock        = "BLOCK"
)

// Limit is the one rule for what t's own fields say about playing it.
func (t *Track) Limit() Limit {
	switch {
	case t.Access == AccessBlocked || t.Policy == PolicyBlock:
		return LimitBlocked
	case t.Access == AccessPreview || t.Policy == PolicySnip:
		return LimitPreview
	case t.MonetizationModel == MonetizationGoPlus:
		return LimitDRM
	}
	return LimitNone
}

// DurationTime is Duration as a time.Duration.
func (t *Track) DurationTime() time.Duration { return time.Duration(t.Duration) * time.Millisecond }

// Playlist is a playlist or album. Tracks may be a partial list: walk
// PlaylistTracks for all of them.
type Playlist struct {
	URN          URN     `json:"urn"`
	Kind         string  `json:"kind,omitempty"`
	Title        string  `json:"title"`
	Description  string  `json:"description,omitempty"`
	Genre        string  `json:"genre,omitempty"`
	Sharing      string  `json:"sharing,omitempty"`
	Duration     int64   `json:"duration"`
	TrackCount   int     `json:"track_count"`
	LikesCount   int     `json:"likes_count"`
	ArtworkURL   string  `json:"artwork_url,omitempty"`
	PermalinkURL string  `json:"permalink_url,omitempty"`
	URI          string  `json:"uri,omitempty"`
	TracksURI    string  `json:"tracks_uri,omitempty"`
	PlaylistType string  `json:"playlist_type,omitempty"`
	CreatedAt    string  `json:"created_at,omitempty"`
	LastModified string  `json:"last_modified,omitempty"`
	User         *User   `json:"user,omitempty"`
	UserURN      URN     `json:"user_urn,omitempty"`
	Tracks       []Track `json:"tracks,omitempty"`
}

// Comment is a timed comment. Timestamp is the position in milliseconds; the
// API sends it as a string or a number, Timestamp accepts both.
type Comment struct {
	URN       URN    `json:"urn"`
	Kind      string `json:"kind,omitempty"`
	Body      string `json:"body"`
	Timestamp Millis `json:"timestamp"`
	CreatedAt string `json:"created_at,omitempty"`
	UserURN   URN    `json:"user_urn,omitempty"`
	TrackURN  URN    `json:"track_urn,omitempty"`
	URI       string `json:"uri,omitempty"`
	User      *User  `json:"user,omitempty"`
}

// Activity is one item of /me/feed and /me/activities: a track or playlist,
// posted or reposted (Type "track", "track:repost", "playlist", "playlist:repost").
type Activity struct {
	Type      string          `json:"type"`
	CreatedAt string          `json:"created_at"`
	Reposter  URN             `json:"reposter,omitempty"`
	Track     *Track          `json:"-"`
	Playlist  *Playlist       `json:"-"`
	Origin    json.RawMessage `json:"origin"`
}

// WebProfile is a link on a user's profile.
type WebProfile struct {
	URN       URN    `json:"urn"`
	Kind      string `json:"kind,omitempty"`
	Service   string `json:"service"`
	Title     string `json:"title"`
	URL       string `json:"url"`
	Username  string `json:"username,omitempty"`
	CreatedAt string `json:"created_at,omitempty"`
}

// Streams lists a track's stream URLs; any may be empty. Each points at the
// API's redirector, which needs the auth header and answers 302 to a signed
// media URL that expires after a few minutes.
type Streams struct {
	HLSAAC160URL  string `json:"hls_aac_160_url,omitempty"`
	HLSAAC96URL   string `json:"hls_aac_96_url,omitempty"`
	HLSMP3128URL  string `json:"hls_mp3_128_url,omitempty"`
	HTTPMP3128URL string `json:"http_mp3_128_url,omitempty"`
	PreviewMP3URL string `json:"preview_mp3_128_url,omitempty"`
}

// Waveform is the JSON form of a track's waveform (wis.sndcdn.com).
type Waveform struct {
	Width   int   `json:"width"`
	Height  int   `json:"height"`
	Samples []int `json:"samples"`
}

// Token is an OAuth token response.
type Token struct {
	AccessToken  string `json:"access_token"`
	RefreshToken string `json:"refresh_token,omitempty"`
	ExpiresIn    int64  `json:"expires_in,omitempty"`
	Scope        string `json:"scope,omitempty"`
	TokenType    string `json:"token_type,omitempty"`
}

// OEmbed is the oEmbed description of a soundcloud.com URL.
type OEmbed struct {
	Version      any    `json:"version,omitempty"`
	Type         string `json:"type,omitempty"`
	Title        string `json:"title"`
	Description  string `json:"description,omitempty"`
	AuthorName   string `json:"author_name"`
	AuthorURL    string `json:"author_url,omitempty"`
	ThumbnailURL string `json:"thumbnail_url,omitempty"`
	HTML         string `json:"html"`
	Width        any    `json:"width,omitempty"`
	Height       any    `json:"height,omitempty"`
}

// Millis is a position or length in milliseconds that the API may send as a
// JSON number or a string ("12345").
type Millis int64

// UnmarshalJSON accepts 123, "123" and null.
func (m *Millis) UnmarshalJSON(b []byte) error {
	s := string(b)
	if s == "null" || s == `""` {
		*m = 0
		return nil
	}
	if len(s) >= 2 && s[0] == '"' {
		s = s[1 : len(s)-1]
	}
	var v float64
	if err := json.Unmarshal([]byte(s), &v); err != nil {
		return fmt.Errorf("millis: %w", err)
	}
	*m = Millis(v)
	return nil
}

// Duration converts to time.Duration.
func (m Millis) Duration() time.Duration { return time.Duration(m) * time.Millisecond }
