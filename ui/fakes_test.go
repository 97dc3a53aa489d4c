package ui

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/cirrus-tui/cirrus/api"
)

// recBackend is a recording Backend: canned pages, per-method errors, and a
// log of every call with its arguments.
type recBackend struct {
	mu    sync.Mutex
	calls []string
	errs  map[string]error // method → error returned (once if failOnce)
	once  map[string]bool

	feed           []api.Activity
	likedTracks    []api.Track
	likedPlaylists []api.Playlist
	myPlaylists    []api.Playlist
	followings     []api.User
	tracks         []api.Track
	users          []api.User
	comments       map[api.URN][]api.Comment
	plTracks       map[api.URN][]api.Track
	pageSize       int // >0: PlaylistTracks pages by this size via NextPage
	resolve        map[string]api.URN
	related        map[api.URN][]api.Track // RelatedTracks, by seed
	recent         []api.Track             // RecentlyPlayed
}

func newRecBackend() *recBackend {
	return &recBackend{errs: map[string]error{}, once: map[string]bool{}, comments: map[api.URN][]api.Comment{}, plTracks: map[api.URN][]api.Track{}, resolve: map[string]api.URN{}}
}

func (b *recBackend) rec(method string, args ...any) error {
	b.mu.Lock()
	defer b.mu.Unlock()
	parts := []string{method}
	for _, a := range args {
		parts = append(parts, fmt.Sprint(a))
	}
	b.calls = append(b.calls, strings.Join(parts, " "))
	err := b.errs[method]
	if err != nil && b.once[method] {
		delete(b.errs, method)
	}
	return err
}

func (b *recBackend) fail(method string, err error, once bool) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.errs[method] = err
	b.once[method] = once
}

func (b *recBackend) Calls() []string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return append([]string(nil), b.calls...)
}

func (b *recBackend) called(prefix string) int {
	n := 0
	for _, c := range b.Calls() {
		if strings.HasPrefix(c, prefix) {
			n++
		}
	}
	return n
}

func page[T any](xs []T) *api.Page[T] { return &api.Page[T]{Collection: append([]T(nil), xs...)} }

func (b *recBackend) Me(ctx context.Context) (*api.User, error) {
	return &api.User{URN: "soundcloud:users:1", Username: "me"}, b.rec("Me")
}
func (b *recBackend) Feed(ctx context.Context, o api.ListOptions) (*api.Page[api.Activity], error) {
	if err := b.rec("Feed"); err != nil {
		return nil, err
	}
	return page(b.feed), nil
}
func (b *recBackend) MyLikedTracks(ctx context.Context, o api.ListOptions) (*api.Page[api.Track], error) {
	if err := b.rec("MyLikedTracks"); err != nil {
		return nil, err
	}
	return page(b.likedTracks), nil
}
func (b *recBackend) MyLikedPlaylists(ctx context.Context, o api.ListOptions) (*api.Page[api.Playlist], error) {
	if err := b.rec("MyLikedPlaylists"); err != nil {
		return nil, err
	}
	return page(b.likedPlaylists), nil
}
func (b *recBackend) MyPlaylists(ctx context.Context, o api.ListOptions) (*api.Page[api.Playlist], error) {
	if err := b.rec("MyPlaylists"); err != nil {
		return nil, err
	}
	return page(b.myPlaylists), nil
}
func (b *recBackend) MyFollowings(ctx context.Context, o api.ListOptions) (*api.Page[api.User], error) {
	if err := b.rec("MyFollowings"); err != nil {
		return nil, err
	}
	return page(b.followings), nil
}
func (b *recBackend) SearchTracks(ctx context.Context, q string, o api.SearchOptions) (*api.Page[api.Track], error) {
	if err := b.rec("SearchTracks", q, o.Genres, o.Access); err != nil {
		return nil, err
	}
	return page(b.tracks), nil
}
func (b *recBackend) SearchUsers(ctx context.Context, q string, o api.SearchOptions) (*api.Page[api.User], error) {
	if err := b.rec("SearchUsers", q); err != nil {
		return nil, err
	}
	return page(b.users), nil
}
func (b *recBackend) SearchPlaylists(ctx context.Context, q string, o api.SearchOptions) (*api.Page[api.Playlist], error) {
	if err := b.rec("SearchPlaylists", q); err != nil {
		return nil, err
	}
	return page(b.myPlaylists), nil
}
func (b *recBackend) Resolve(ctx context.Context, u string) (api.URN, error) {
	if err := b.rec("Resolve", u); err != nil {
		return "", err
	}
	if urn, ok := b.resolve[u]; ok {
		return urn, nil
	}
	return "", &api.Error{Status: 404}
}
func (b *recBackend) Track(ctx context.Context, urn api.URN) (*api.Track, error) {
	if err := b.rec("Track", urn); err != nil {
		return nil, err
	}
	for i := range b.tracks {
		if b.tracks[i].URN == urn {
			return &b.tracks[i], nil
		}
	}
	return &api.Track{URN: urn, Title: "resolved"}, nil
}
func (b *recBackend) TracksByURN(ctx context.Context, urns []api.URN) ([]api.Track, error) {
	if err := b.rec("TracksByURN", len(urns)); err != nil {
		return nil, err
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	var out []api.Track
	for _, u := range urns {
		for _, set := range [][]api.Track{b.tracks, b.likedTracks, b.recent} {
			if i := slices.IndexFunc(set, func(t api.Track) bool { return t.URN == u }); i >= 0 {
				out = append(out, set[i])
				break
			}
		}
	}
	return out, nil
}
func (b *recBackend) User(ctx context.Context, urn api.URN) (*api.User, error) {
	if err := b.rec("User", urn); err != nil {
		return nil, err
	}
	for i := range b.followings {
		if b.followings[i].URN == urn {
			return &b.followings[i], nil
		}
	}
	return &api.User{URN: urn, Username: "someone"}, nil
}
func (b *recBackend) Playlist(ctx context.Context, urn api.URN) (*api.Playlist, error) {
	if err := b.rec("Playlist", urn); err != nil {
		return nil, err
	}
	return &api.Playlist{URN: urn, Title: "resolved list", TrackCount: len(b.plTracks[urn])}, nil
}

type plPage struct {
	urn api.URN
	off int
}

var (
	hrefMu sync.Mutex
	hrefs  = map[string]plPage{}
)

func (b *recBackend) plPage(urn api.URN, off int) *api.Page[api.Track] {
	all := b.plTracks[urn]
	if b.pageSize <= 0 {
		return page(all)
	}
	end := min(off+b.pageSize, len(all))
	p := page(all[off:end])
	if end < len(all) {
		href := fmt.Sprintf("next:%s:%d", urn, end)
		hrefMu.Lock()
		hrefs[href] = plPage{urn, end}
		hrefMu.Unlock()
		p.NextHref = href
	}
	return p
}

// NextPage makes recBackend a rawPager for playlist track pages.
func (b *recBackend) NextPage(ctx context.Context, href string) (any, error) {
	if err := b.rec("NextPage", href); err != nil {
		return nil, err
	}
	hrefMu.Lock()
	p, ok := hrefs[href]
	hrefMu.Unlock()
	if !ok {
		return nil, fmt.Errorf("unknown href %q", href)
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.plPage(p.urn, p.off), nil
}
func (b *recBackend) PlaylistTracks(ctx context.Context, urn api.URN, o api.ListOptions) (*api.Page[api.Track], error) {
	if err := b.rec("PlaylistTracks", urn); err != nil {
		return nil, err
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.plPage(urn, 0), nil
}
func (b *recBackend) UserTracks(ctx context.Context, urn api.URN, o api.ListOptions) (*api.Page[api.Track], error) {
	if err := b.rec("UserTracks", urn); err != nil {
		return nil, err
	}
	return page(b.tracks), nil
}
func (b *recBackend) UserPlaylists(ctx context.Context, urn api.URN, o api.ListOptions) (*api.Page[api.Playlist], error) {
	return page(b.myPlaylists), b.rec("UserPlaylists", urn)
}
func (b *recBackend) UserLikedTracks(ctx context.Context, urn api.URN, o api.ListOptions) (*api.Page[api.Track], error) {
	return page(b.likedTracks), b.rec("UserLikedTracks", urn)
}
func (b *recBackend) UserRepostedTracks(ctx context.Context, urn api.URN, o api.ListOptions) (*api.Page[api.Track], error) {
	return page([]api.Track{}), b.rec("UserRepostedTracks", urn)
}
func (b *recBackend) WebProfiles(ctx context.Context, urn api.URN) ([]api.WebProfile, error) {
	return []api.WebProfile{{Title: "Bandcamp", URL: "https://example.bandcamp.com"}}, b.rec("WebProfiles", urn)
}
func (b *recBackend) TrackComments(ctx context.Context, urn api.URN, o api.ListOptions) (*api.Page[api.Comment], error) {
	if err := b.rec("TrackComments", urn); err != nil {
		return nil, err
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	return page(b.comments[urn]), nil
}
func (b *recBackend) Waveform(ctx context.Context, u string) (*api.Waveform, error) {
	if err := b.rec("Waveform", u); err != nil {
		return nil, err
	}
	s := make([]int, 100)
	for i := range s {
		s[i] = 20 + (i*37)%100
	}
	return &api.Waveform{Width: 100, Height: 140, Samples: s}, nil
}
func (b *recBackend) PostComment(ctx context.Context, track api.URN, body string, at time.Duration) (*api.Comment, error) {
	if err := b.rec("PostComment", track, body, at); err != nil {
		return nil, err
	}
	c := api.Comment{URN: "soundcloud:comments:999", Body: body, Timestamp: api.Millis(at.Milliseconds()), User: &api.User{Username: "me"}}
	b.mu.Lock()
	b.comments[track] = append(b.comments[track], c)
	b.mu.Unlock()
	return &c, nil
}
func (b *recBackend) IsFollowing(ctx context.Context, user api.URN) (bool, error) {
	if err := b.rec("IsFollowing", user); err != nil {
		return false, err
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	return slices.ContainsFunc(b.followings, func(u api.User) bool { return u.URN == user }), nil
}
func (b *recBackend) LikeTrack(ctx context.Context, urn api.URN) error {
	return b.rec("LikeTrack", urn)
}
func (b *recBackend) UnlikeTrack(ctx context.Context, urn api.URN) error {
	return b.rec("UnlikeTrack", urn)
}
func (b *recBackend) LikePlaylist(ctx context.Context, urn api.URN) error {
	return b.rec("LikePlaylist", urn)
}
func (b *recBackend) UnlikePlaylist(ctx context.Context, urn api.URN) error {
	return b.rec("UnlikePlaylist", urn)
}
func (b *recBackend) Follow(ctx context.Context, u api.URN) error   { return b.rec("Follow", u) }
func (b *recBackend) Unfollow(ctx context.Context, u api.URN) error { return b.rec("Unfollow", u) }
func (b *recBackend) RepostTrack(ctx context.Context, urn api.URN) error {
	return b.rec("RepostTrack", urn)
}
func (b *recBackend) UnrepostTrack(ctx context.Context, urn api.URN) error {
	return b.rec("UnrepostTrack", urn)
}
func (b *recBackend) RepostPlaylist(ctx context.Context, urn api.URN) error {
	return b.rec("RepostPlaylist", urn)
}
func (b *recBackend) UnrepostPlaylist(ctx context.Context, urn api.URN) error {
	return b.rec("UnrepostPlaylist", urn)
}
func (b *recBackend) CreatePlaylist(ctx context.Context, title, sharing string, tracks []api.URN) (*api.Playlist, error) {
	if err := b.rec("CreatePlaylist", title, sharing, tracks); err != nil {
		return nil, err
	}
	return &api.Playlist{URN: "soundcloud:playlists:77", Title: title}, nil
}
func (b *recBackend) AddToPlaylistChecked(ctx context.Context, pl api.URN, allow bool, tracks ...api.URN) (*api.PlaylistEdit, error) {
	if err := b.rec("AddToPlaylistChecked", pl, allow, len(tracks)); err != nil {
		return nil, err
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	var before []api.URN
	for _, t := range b.plTracks[pl] {
		before = append(before, t.URN)
	}
	if !allow {
		for _, t := range tracks {
			if slices.Contains(before, t) {
				return nil, &api.DuplicateError{Playlist: pl, Tracks: []api.URN{t}}
			}
		}
	}
	for _, t := range tracks {
		b.plTracks[pl] = append(b.plTracks[pl], api.Track{URN: t})
	}
	return &api.PlaylistEdit{Before: before, After: append(before, tracks...), At: len(before)}, nil
}
func (b *recBackend) Artwork(ctx context.Context, u string) ([]byte, error) {
	if err := b.rec("Artwork", u); err != nil {
		return nil, err
	}
	return nil, fmt.Errorf("artwork %s: not in the fixture", u)
}
