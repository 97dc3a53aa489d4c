package fake

import (
	"fmt"
	"strconv"
)

// The wire shapes. Optional fields with no value are sent as null, as the
// spec's examples show them (a field the examples show as null anywhere is
// null wherever it has no value); other empty text fields are omitted.

type jsonUser struct {
	AvatarURL            string  `json:"avatar_url"`
	City                 string  `json:"city,omitempty"`
	Country              string  `json:"country,omitempty"`
	Description          *string `json:"description"`
	DiscogsName          *string `json:"discogs_name"`
	MyspaceName          *string `json:"myspace_name"`
	FirstName            string  `json:"first_name,omitempty"`
	LastName             string  `json:"last_name,omitempty"`
	FullName             string  `json:"full_name,omitempty"`
	FollowersCount       int     `json:"followers_count"`
	FollowingsCount      int     `json:"followings_count"`
	URN                  string  `json:"urn"`
	Kind                 string  `json:"kind"`
	CreatedAt            string  `json:"created_at"`
	LastModified         string  `json:"last_modified"`
	Permalink            string  `json:"permalink"`
	PermalinkURL         string  `json:"permalink_url"`
	Plan                 string  `json:"plan"`
	PlaylistCount        int     `json:"playlist_count"`
	PublicFavoritesCount int     `json:"public_favorites_count"`
	RepostsCount         int     `json:"reposts_count"`
	TrackCount           int     `json:"track_count"`
	URI                  string  `json:"uri"`
	Username             string  `json:"username"`
	Website              *string `json:"website"`
	WebsiteTitle         *string `json:"website_title"`
}

type jsonQuota struct {
	Unlimited bool `json:"unlimited_upload_quota"`
	Used      int  `json:"upload_seconds_used"`
	Left      *int `json:"upload_seconds_left"`
}

type jsonMe struct {
	jsonUser
	CommentsCount         int       `json:"comments_count"`
	LikesCount            int       `json:"likes_count"`
	Locale                *string   `json:"locale"`
	Online                bool      `json:"online"`
	PrimaryEmailConfirmed bool      `json:"primary_email_confirmed"`
	PrivatePlaylistsCount int       `json:"private_playlists_count"`
	PrivateTracksCount    int       `json:"private_tracks_count"`
	Quota                 jsonQuota `json:"quota"`
	UploadSecondsLeft     *int      `json:"upload_seconds_left"`
}

type jsonTrack struct {
	Kind               string    `json:"kind"`
	URN                string    `json:"urn"`
	Title              string    `json:"title"`
	Permalink          string    `json:"permalink"`
	ArtworkURL         string    `json:"artwork_url,omitempty"`
	AvailableCountries *string   `json:"available_country_codes"`
	BPM                *float64  `json:"bpm"`
	CommentCount       int64     `json:"comment_count"`
	Commentable        bool      `json:"commentable"`
	CreatedAt          string    `json:"created_at"`
	Description        *string   `json:"description"`
	DownloadCount      int64     `json:"download_count"`
	Downloadable       bool      `json:"downloadable"`
	DownloadURL        *string   `json:"download_url"`
	Duration           int64     `json:"duration"`
	EmbeddableBy       string    `json:"embeddable_by"`
	FavoritingsCount   int64     `json:"favoritings_count"`
	Genre              string    `json:"genre"`
	ISRC               *string   `json:"isrc"`
	KeySignature       *string   `json:"key_signature"`
	LabelName          *string   `json:"label_name"`
	License            string    `json:"license"`
	PermalinkURL       string    `json:"permalink_url"`
	PlaybackCount      int64     `json:"playback_count"`
	PurchaseTitle      *string   `json:"purchase_title"`
	PurchaseURL        *string   `json:"purchase_url"`
	Release            *string   `json:"release"`
	ReleaseDay         *int      `json:"release_day"`
	ReleaseMonth       *int      `json:"release_month"`
	ReleaseYear        *int      `json:"release_year"`
	RepostsCount       int       `json:"reposts_count"`
	SecretURI          *string   `json:"secret_uri"`
	Sharing            string    `json:"sharing"`
	StreamURL          string    `json:"stream_url"`
	Streamable         bool      `json:"streamable"`
	TagList            string    `json:"tag_list"`
	URI                string    `json:"uri"`
	User               *jsonUser `json:"user"`
	UserFavorite       bool      `json:"user_favorite"`
	UserPlaybackCount  int       `json:"user_playback_count"`
	WaveformURL        string    `json:"waveform_url"`
	Access             string    `json:"access"`
	RevealStats        bool      `json:"reveal_stats"`
	RevealComments     bool      `json:"reveal_comments"`
	// Not in the published spec; SoundCloud's answers carry them
	// (NOTES.md, "Streaming").
	Policy            string `json:"policy"`
	MonetizationModel string `json:"monetization_model"`
}

type jsonPlaylist struct {
	Kind          string      `json:"kind"`
	URN           string      `json:"urn"`
	Title         string      `json:"title"`
	ArtworkURL    string      `json:"artwork_url,omitempty"`
	CreatedAt     string      `json:"created_at"`
	Description   *string     `json:"description"`
	Downloadable  bool        `json:"downloadable"`
	Duration      int64       `json:"duration"`
	EAN           *string     `json:"ean"`
	EmbeddableBy  string      `json:"embeddable_by"`
	Genre         string      `json:"genre"`
	Label         *string     `json:"label"`
	LabelID       *int64      `json:"label_id"`
	LabelName     *string     `json:"label_name"`
	LastModified  string      `json:"last_modified"`
	License       string      `json:"license"`
	LikesCount    int         `json:"likes_count"`
	Permalink     string      `json:"permalink"`
	PermalinkURL  string      `json:"permalink_url"`
	PlaylistType  string      `json:"playlist_type"`
	PurchaseTitle *string     `json:"purchase_title"`
	PurchaseURL   *string     `json:"purchase_url"`
	Release       *string     `json:"release"`
	ReleaseDay    *int        `json:"release_day"`
	ReleaseMonth  *int        `json:"release_month"`
	ReleaseYear   *int        `json:"release_year"`
	Sharing       string      `json:"sharing"`
	Streamable    bool        `json:"streamable"`
	TagList       string      `json:"tag_list"`
	Tags          *string     `json:"tags"`
	TrackCount    int         `json:"track_count"`
	Tracks        []jsonTrack `json:"tracks,omitempty"`
	TracksURI     string      `json:"tracks_uri"`
	Type          string      `json:"type"`
	URI           string      `json:"uri"`
	User          *jsonUser   `json:"user"`
	UserURN       string      `json:"user_urn"`
}

type jsonCommentUser struct {
	URN             string `json:"urn"`
	Kind            string `json:"kind"`
	Permalink       string `json:"permalink"`
	Username        string `json:"username"`
	LastModified    string `json:"last_modified"`
	URI             string `json:"uri"`
	PermalinkURL    string `json:"permalink_url"`
	AvatarURL       string `json:"avatar_url"`
	FollowersCount  int    `json:"followers_count"`
	FollowingsCount int    `json:"followings_count"`
	RepostsCount    int    `json:"reposts_count"`
}

type jsonComment struct {
	Body      string          `json:"body"`
	CreatedAt string          `json:"created_at"`
	URN       string          `json:"urn"`
	Kind      string          `json:"kind"`
	UserURN   string          `json:"user_urn"`
	Timestamp string          `json:"timestamp"`
	TrackURN  string          `json:"track_urn"`
	URI       string          `json:"uri"`
	User      jsonCommentUser `json:"user"`
}

type jsonActivity struct {
	Type      string `json:"type"`
	CreatedAt string `json:"created_at"`
	Origin    any    `json:"origin"`
	Reposter  string `json:"reposter,omitempty"`
}

type jsonWebProfile struct {
	CreatedAt string `json:"created_at"`
	ID        int64  `json:"id"`
	URN       string `json:"urn"`
	Kind      string `json:"kind"`
	Service   string `json:"service"`
	Title     string `json:"title"`
	URL       string `json:"url"`
	Username  string `json:"username,omitempty"`
}

type jsonStorefront struct {
	TrackURN    string  `json:"track_urn"`
	Title       string  `json:"title"`
	Type        string  `json:"type"`
	Link        string  `json:"link"`
	LinkTitle   *string `json:"link_title"`
	Description *string `json:"description"`
	ImageURL    *string `json:"image_url"`
	Price       *string `json:"price"`
}

type jsonStatus struct {
	Status string `json:"status"`
}

// Rendering: all under s.mu.

func (s *Server) avatarURL(key string) string {
	return s.CDNURL() + "/avatars-" + key + "-large.jpg"
}

func (s *Server) renderUser(u *user) *jsonUser {
	if ju, ok := s.ucache[u.id]; ok {
		cp := *ju
		return &cp
	}
	ju := s.renderUserNow(u)
	if s.ucache != nil {
		s.ucache[u.id] = ju
	}
	cp := *ju
	return &cp
}

func (s *Server) renderUserNow(u *user) *jsonUser {
	st := s.st
	tracks, pls := 0, 0
	for _, t := range st.userTracks(u.id) {
		if t.sharing == "public" {
			tracks++
		}
	}
	for _, p := range st.userPlaylists(u.id) {
		if p.sharing == "public" {
			pls++
		}
	}
	full := u.first
	if u.last != "" {
		full += " " + u.last
	}
	return &jsonUser{
		AvatarURL:            s.avatarURL(u.avatarKey),
		City:                 u.city,
		Country:              u.country,
		Description:          orNull(u.description),
		FirstName:            u.first,
		LastName:             u.last,
		FullName:             full,
		FollowersCount:       len(st.followerIDs(u.id)),
		FollowingsCount:      len(st.followings[u.id]),
		URN:                  urnOf("users", u.id),
		Kind:                 "user",
		CreatedAt:            fmtTime(u.created),
		LastModified:         fmtTime(u.modified),
		Permalink:            u.permalink,
		PermalinkURL:         s.WebURL() + "/" + u.permalink,
		Plan:                 u.plan,
		PlaylistCount:        pls,
		PublicFavoritesCount: len(st.trackLikes[u.id]),
		RepostsCount:         len(st.trackReposts[u.id]) + len(st.plReposts[u.id]),
		TrackCount:           tracks,
		URI:                  s.URL() + "/users/" + urnOf("users", u.id),
		Username:             u.username,
		Website:              orNull(u.website),
		WebsiteTitle:         orNull(u.websiteTitle),
	}
}

func (s *Server) renderMe(u *user) *jsonMe {
	left := 10800
	privT, privP := 0, 0
	for _, t := range s.st.userTracks(u.id) {
		if t.sharing == "private" {
			privT++
		}
	}
	for _, p := range s.st.userPlaylists(u.id) {
		if p.sharing == "private" {
			privP++
		}
	}
	locale := "en"
	return &jsonMe{
		jsonUser:              *s.renderUser(u),
		LikesCount:            len(s.st.trackLikes[u.id]) + len(s.st.plLikes[u.id]),
		Locale:                &locale,
		Online:                true,
		PrimaryEmailConfirmed: true,
		PrivatePlaylistsCount: privP,
		PrivateTracksCount:    privT,
		Quota:                 jsonQuota{Unlimited: u.creator, Left: &left},
		UploadSecondsLeft:     &left,
	}
}

func (s *Server) waveformURL(t *track) string { return s.CDNURL() + "/" + t.waveKey + "_m.png" }

// renderTrack: caller is the authenticated user (0 = anonymous); fav says
// whether to compute user_favorite (single track and search only).
func (s *Server) renderTrack(t *track, caller int64, fav bool) jsonTrack {
	st := s.st
	owner := st.users[t.userID]
	urn := urnOf("tracks", t.id)
	jt := jsonTrack{
		Kind:             "track",
		URN:              urn,
		Title:            t.title,
		Permalink:        t.permalink,
		BPM:              orNullNum(t.bpm),
		CommentCount:     int64(len(st.comments[t.id])),
		Commentable:      t.commentable,
		CreatedAt:        fmtTime(t.created),
		Description:      orNull(t.description),
		Downloadable:     t.downloadable,
		Duration:         t.durationMS,
		EmbeddableBy:     t.embeddableBy,
		FavoritingsCount: int64(st.likeCount[t.id]),
		Genre:            t.genre,
		ISRC:             orNull(t.isrc),
		KeySignature:     orNull(t.keySignature),
		LabelName:        orNull(t.labelName),
		License:          t.license,
		PermalinkURL:     s.WebURL() + "/" + owner.permalink + "/" + t.permalink,
		PlaybackCount:    t.basePlays + t.plays,
		PurchaseURL:      orNull(t.purchaseURL),
		ReleaseDay:       orNullNum(t.created.Day()),
		ReleaseMonth:     orNullNum(int(t.created.Month())),
		ReleaseYear:      orNullNum(t.created.Year()),
		RepostsCount:     st.repostCount[t.id],
		Sharing:          t.sharing,
		StreamURL:        s.URL() + "/tracks/" + urn + "/stream",
		Streamable:       t.streamable && s.accessOf(t) != "blocked",
		TagList:          t.tags,
		URI:              s.URL() + "/tracks/" + urn,
		User:             s.renderUser(owner),
		WaveformURL:      s.waveformURL(t),
		Access:           s.accessOf(t),
		RevealStats:      t.revealStats,
		RevealComments:   t.revealCmts,
	}
	jt.Policy, jt.MonetizationModel = s.policyOf(t)
	if t.artworkKey != "" {
		jt.ArtworkURL = s.CDNURL() + "/artworks-" + t.artworkKey + "-large.jpg"
	}
	if t.downloadable {
		d := s.URL() + "/tracks/" + urn + "/download"
		jt.DownloadURL = &d
	}
	if t.sharing == "private" && t.secretToken != "" && caller == t.userID {
		jt.SecretURI = orNull(jt.URI + "?secret_token=" + t.secretToken)
	}
	if fav && caller != 0 {
		jt.UserFavorite = st.trackLikes[caller].has(t.id)
	}
	if caller != 0 {
		for _, id := range st.recent[caller] {
			if id == t.id {
				jt.UserPlaybackCount = 1
			}
		}
	}
	return jt
}

func (s *Server) renderTracks(ts []*track, caller int64, fav bool) []jsonTrack {
	out := make([]jsonTrack, 0, len(ts))
	for _, t := range ts {
		out = append(out, s.renderTrack(t, caller, fav))
	}
	return out
}

// playlistTracks are the tracks of p that caller may see: a track that went
// private (another user's) or was removed stays in the playlist, counted in
// track_count, but is left out of every listing (NOTES.md, "Playlists").
func (s *Server) playlistTracks(p *playlist, caller int64) []*track {
	var out []*track
	for _, id := range p.tracks {
		if t := s.st.tracks[id]; t != nil && t.visible(caller, "") {
			out = append(out, t)
		}
	}
	return out
}

func (s *Server) renderPlaylist(p *playlist, caller int64, withTracks bool) jsonPlaylist {
	st := s.st
	owner := st.users[p.userID]
	urn := urnOf("playlists", p.id)
	ts := s.playlistTracks(p, caller)
	var dur int64
	for _, t := range ts {
		dur += t.durationMS
	}
	likes := 0
	for _, id := range st.userOrder {
		if st.plLikes[id].has(p.id) {
			likes++
		}
	}
	var tags *string
	if p.tags != "" {
		tg := p.tags
		tags = &tg
	}
	jp := jsonPlaylist{
		Kind:         "playlist",
		URN:          urn,
		Title:        p.title,
		CreatedAt:    fmtTime(p.created),
		Description:  orNull(p.description),
		Duration:     dur,
		EmbeddableBy: "all",
		Genre:        p.genre,
		LabelName:    orNull(p.labelName),
		LastModified: fmtTime(p.modified),
		License:      p.license,
		LikesCount:   likes,
		Permalink:    p.permalink,
		PermalinkURL: s.WebURL() + "/" + owner.permalink + "/sets/" + p.permalink,
		PlaylistType: p.setType,
		Sharing:      p.sharing,
		Streamable:   true,
		TagList:      p.tags,
		Tags:         tags,
		TrackCount:   s.trackCount(p),
		TracksURI:    s.URL() + "/playlists/" + urn + "/tracks",
		Type:         p.setType,
		URI:          s.URL() + "/playlists/" + urn,
		User:         s.renderUser(owner),
		UserURN:      urnOf("users", owner.id),
	}
	if p.artworkKey != "" {
		jp.ArtworkURL = s.CDNURL() + "/artworks-" + p.artworkKey + "-large.jpg"
	}
	if withTracks {
		jp.Tracks = s.renderTracks(ts, caller, false)
		if jp.Tracks == nil {
			jp.Tracks = []jsonTrack{}
		}
	}
	return jp
}

// trackCount is what the playlist holds, hidden tracks included: the count
// tells the truth while the listings leave some out (soundcloud/api #449),
// unless the ZeroTrackCount fault says 0 (#210, #253).
func (s *Server) trackCount(p *playlist) int {
	if s.faults.ZeroTrackCount {
		return 0
	}
	return len(p.tracks)
}

func (s *Server) renderComment(c *comment) jsonComment {
	u := s.st.users[c.userID]
	ju := s.renderUser(u)
	return jsonComment{
		Body:      c.body,
		CreatedAt: fmtTime(c.created),
		URN:       urnOf("comments", c.id),
		Kind:      "comment",
		UserURN:   ju.URN,
		Timestamp: strconv.FormatInt(c.ts, 10),
		TrackURN:  urnOf("tracks", c.trackID),
		URI:       s.URL() + "/comments/" + urnOf("comments", c.id),
		User: jsonCommentUser{
			URN: ju.URN, Kind: "user", Permalink: ju.Permalink, Username: ju.Username,
			LastModified: ju.LastModified, URI: ju.URI, PermalinkURL: ju.PermalinkURL,
			AvatarURL: ju.AvatarURL, FollowersCount: ju.FollowersCount,
			FollowingsCount: ju.FollowingsCount, RepostsCount: ju.RepostsCount,
		},
	}
}

func (s *Server) renderProfiles(u *user) []jsonWebProfile {
	out := []jsonWebProfile{}
	for _, p := range u.profiles {
		out = append(out, jsonWebProfile{
			CreatedAt: fmtTime(p.created),
			ID:        p.id,
			URN:       fmt.Sprintf("soundcloud:web-profiles:%d", p.id),
			Kind:      "web-profile",
			Service:   p.service,
			Title:     p.title,
			URL:       p.url,
			Username:  p.username,
		})
	}
	return out
}

// orNull is a text field's wire value: null when it has none.
func orNull(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

// orNullNum is a number's wire value: null when it is zero (unknown).
func orNullNum[T int | float64](v T) *T {
	if v == 0 {
		return nil
	}
	return &v
}

// policyOf is what t's policy and monetization_model say to the caller:
// a Go+ track (the DRM one: full streams encrypted) is SUB_HIGH_TIER and
// MONETIZE, a preview SNIP, a blocked track BLOCK; s.mu held.
func (s *Server) policyOf(t *track) (policy, model string) {
	model = "NOT_APPLICABLE"
	if t.drm() {
		model = "SUB_HIGH_TIER"
	}
	switch access := s.accessOf(t); {
	case access == "blocked" || !t.streamable:
		return "BLOCK", model
	case access == "preview":
		return "SNIP", model
	case t.drm():
		return "MONETIZE", model
	}
	return "ALLOW", model
}
