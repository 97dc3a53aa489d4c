package ui

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/cirrus-tui/cirrus/api"
	"github.com/cirrus-tui/cirrus/player"
	"github.com/cirrus-tui/cirrus/player/command"
)

// Backend is the part of *api.Client the UI calls. It exists so Update tests
// can record calls with a tiny fake; the program passes the real client.
type Backend interface {
	Me(ctx context.Context) (*api.User, error)
	Feed(ctx context.Context, o api.ListOptions) (*api.Page[api.Activity], error)
	MyLikedTracks(ctx context.Context, o api.ListOptions) (*api.Page[api.Track], error)
	MyLikedPlaylists(ctx context.Context, o api.ListOptions) (*api.Page[api.Playlist], error)
	MyPlaylists(ctx context.Context, o api.ListOptions) (*api.Page[api.Playlist], error)
	MyFollowings(ctx context.Context, o api.ListOptions) (*api.Page[api.User], error)
	SearchTracks(ctx context.Context, q string, o api.SearchOptions) (*api.Page[api.Track], error)
	SearchUsers(ctx context.Context, q string, o api.SearchOptions) (*api.Page[api.User], error)
	SearchPlaylists(ctx context.Context, q string, o api.SearchOptions) (*api.Page[api.Playlist], error)
	Resolve(ctx context.Context, pageURL string) (api.URN, error)
	Track(ctx context.Context, urn api.URN) (*api.Track, error)
	// TracksByURN reads many tracks, 50 a request (restored queues, history).
	TracksByURN(ctx context.Context, urns []api.URN) ([]api.Track, error)
	User(ctx context.Context, urn api.URN) (*api.User, error)
	Playlist(ctx context.Context, urn api.URN) (*api.Playlist, error)
	PlaylistTracks(ctx context.Context, urn api.URN, o api.ListOptions) (*api.Page[api.Track], error)
	UserTracks(ctx context.Context, urn api.URN, o api.ListOptions) (*api.Page[api.Track], error)
	UserPlaylists(ctx context.Context, urn api.URN, o api.ListOptions) (*api.Page[api.Playlist], error)
	UserLikedTracks(ctx context.Context, urn api.URN, o api.ListOptions) (*api.Page[api.Track], error)
	UserRepostedTracks(ctx context.Context, urn api.URN, o api.ListOptions) (*api.Page[api.Track], error)
	WebProfiles(ctx context.Context, urn api.URN) ([]api.WebProfile, error)
	TrackComments(ctx context.Context, urn api.URN, o api.ListOptions) (*api.Page[api.Comment], error)
	Waveform(ctx context.Context, waveformURL string) (*api.Waveform, error)
	PostComment(ctx context.Context, track api.URN, body string, at time.Duration) (*api.Comment, error)
	LikeTrack(ctx context.Context, urn api.URN) error
	UnlikeTrack(ctx context.Context, urn api.URN) error
	LikePlaylist(ctx context.Context, urn api.URN) error
	UnlikePlaylist(ctx context.Context, urn api.URN) error
	Follow(ctx context.Context, user api.URN) error
	Unfollow(ctx context.Context, user api.URN) error
	IsFollowing(ctx context.Context, user api.URN) (bool, error) // reads a failed follow back
	RepostTrack(ctx context.Context, urn api.URN) error
	UnrepostTrack(ctx context.Context, urn api.URN) error
	RepostPlaylist(ctx context.Context, urn api.URN) error
	UnrepostPlaylist(ctx context.Context, urn api.URN) error
	CreatePlaylist(ctx context.Context, title, sharing string, tracks []api.URN) (*api.Playlist, error)
	// Playlist edits read every page and write the whole list (see
	// api/playlist_edit.go); one refused before the write (hidden tracks,
	// a changed playlist) leaves the playlist as it was, a write that
	// failed is read back (*api.UncertainWriteError when that cannot tell).
	AddToPlaylistChecked(ctx context.Context, playlist api.URN, allowDuplicates bool, tracks ...api.URN) (*api.PlaylistEdit, error)
	RemovePlaylistTrack(ctx context.Context, playlist, track api.URN, at int) (*api.PlaylistEdit, error)
	// RemovePlaylistRows and MovePlaylistRows edit a selection's run of
	// rows in one write.
	RemovePlaylistRows(ctx context.Context, playlist api.URN, tracks []api.URN, at int) (*api.PlaylistEdit, error)
	MovePlaylistRows(ctx context.Context, playlist api.URN, tracks []api.URN, at, delta int) (*api.PlaylistEdit, error)
	MovePlaylistTrackBy(ctx context.Context, playlist, track api.URN, from, delta int) (*api.PlaylistEdit, error)
	RenamePlaylist(ctx context.Context, playlist api.URN, title string) (*api.Playlist, error)
	DeletePlaylist(ctx context.Context, playlist api.URN) error
	RelatedTracks(ctx context.Context, urn api.URN, o api.ListOptions) (*api.Page[api.Track], error)
	RecentlyPlayed(ctx context.Context, access []string) ([]api.Track, error)
	// Artwork fetches a cover or avatar image of at most artwork.MaxBytes.
	Artwork(ctx context.Context, imageURL string) ([]byte, error)
}

// Audio is the part of *player.Player the UI drives, for the same reason.
type Audio interface {
	Events() <-chan player.Event
	Status() player.Status
	// Submit hands a playback command to the player's controller, which
	// applies every input's commands in order; it returns the command's
	// number (Status.Seq reports it applied), 0 when refused. Never blocks.
	Submit(c command.Command) uint64
	Toggle()
	Stop()
	Seek(to time.Duration)
	SeekBy(delta time.Duration)
	SetVolume(v float64)
	Next()
	Previous()
	PlayTracks(tracks []api.Track, start int)
	// RestoreWith sets the queue (each entry with its origin) and its
	// radio, and prepares entry start at position at, paused (session
	// restore).
	RestoreWith(entries []player.QueueEntry, start int, at time.Duration, r *player.Radio)
	// Refresh puts fuller copies of queued tracks in place of the stubs a
	// restore started with, keeping the place (session restore).
	Refresh(tracks []api.Track)
	Enqueue(tracks ...api.Track)
	PlayNext(tracks ...api.Track)
	Remove(i int)
	Move(from, to int)
	ClearQueue()
	SetShuffle(on bool)
	SetRepeat(r player.Repeat)
	Queue() []api.Track
	// QueueEntries is the queue with each entry's origin (autoplay's
	// picks are marked as such, by position, not by track).
	QueueEntries() []player.QueueEntry
	// EnqueueAutoplay appends tracks autoplay chose.
	EnqueueAutoplay(tracks ...api.Track)
	// EnqueueFrom appends tracks marked as o's (a radio's refill).
	EnqueueFrom(o player.Origin, tracks ...api.Track)
	// StartRadio makes r the queue's radio and puts tracks, marked
	// radio, in place of what plays after the current track, starting
	// the first when stopped; it reports how many queued tracks it
	// dropped.
	StartRadio(r player.Radio, tracks []api.Track) int
	// EndRadio ends the queue's radio; its entries stay.
	EndRadio()
	// Upcoming counts o's entries still to play (a radio refills when
	// few are left).
	Upcoming(o player.Origin) int
}

var (
	_ Backend = (*api.Client)(nil)
	_ Audio   = (*player.Player)(nil)
)

// rawPager lets a test Backend serve next pages without an *api.Client.
type rawPager interface {
	NextPage(ctx context.Context, href string) (any, error)
}

// nextPage follows p.NextHref with whatever the backend offers.
func nextPage[T any](ctx context.Context, b Backend, p *api.Page[T]) (*api.Page[T], error) {
	switch c := b.(type) {
	case *api.Client:
		return api.Next(ctx, c, p)
	case rawPager:
		v, err := c.NextPage(ctx, p.NextHref)
		if err != nil {
			return nil, err
		}
		np, ok := v.(*api.Page[T])
		if !ok {
			return nil, fmt.Errorf("next page: unexpected %T", v)
		}
		return np, nil
	}
	return nil, errors.New("next page: backend cannot page")
}

// allPages walks every page of a list under api.PageGuard; max bounds it
// (0: no bound). A walk the rule stopped returns what arrived and a
// *api.PaginationError.
func allPages[T any](ctx context.Context, b Backend, max int, first func(context.Context) (*api.Page[T], error)) ([]T, error) {
	p, err := first(ctx)
	if err != nil {
		return nil, err
	}
	out := append([]T(nil), p.Collection...)
	var guard api.PageGuard // the one pagination rule: loops, empty pages, a ceiling
	for p.NextHref != "" && (max == 0 || len(out) < max) {
		if err := guard.Allow(len(p.Collection), p.NextHref); err != nil {
			return out, err
		}
		if p, err = nextPage(ctx, b, p); err != nil {
			return out, err
		}
		out = append(out, p.Collection...)
	}
	return out, nil
}
