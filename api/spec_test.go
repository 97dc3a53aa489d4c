package api

// Every operation of the official spec has a client method, and that method
// really reaches the operation: each entry is called against the fake and
// the fake's route counter for the spec's "METHOD /path" must move.

import (
	"context"
	"errors"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/cirrus-tui/cirrus/api/fake"
)

// specPath is the copy of SoundCloud's spec the repository carries (see the
// header of api/openapi.yaml for its source and how to refresh it).
func specPath(t *testing.T) string {
	t.Helper()
	p, err := filepath.Abs("openapi.yaml")
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func specOperations(t *testing.T) []string {
	t.Helper()
	doc, err := openapi3.NewLoader().LoadFromFile(specPath(t))
	if err != nil {
		t.Fatalf("load spec: %v", err)
	}
	var ops []string
	for path, item := range doc.Paths.Map() {
		for method := range item.Operations() {
			ops = append(ops, strings.ToUpper(method)+" "+path)
		}
	}
	slices.Sort(ops)
	return ops
}

// opEnv is what an operation's call needs.
type opEnv struct {
	ctx context.Context
	c   *Client
	srv *fake.Server
	me  URN
}

const (
	tonesURN    URN = "soundcloud:tracks:1001"
	ownTrackURN URN = "soundcloud:tracks:1006"
	ownListURN  URN = "soundcloud:playlists:2001"
	otherUser   URN = "soundcloud:users:2"
	archivist   URN = "soundcloud:users:13"
)

func err1[T any](_ T, err error) error { return err }

var lo = ListOptions{Limit: 5}

// operations maps each spec operation to the client method that performs it
// and a call of that method against the fake.
var operations = map[string]struct {
	method string
	call   func(e *opEnv) error
}{
	"GET /me":                          {"Me", func(e *opEnv) error { return err1(e.c.Me(e.ctx)) }},
	"GET /me/activities":               {"Activities", func(e *opEnv) error { return err1(e.c.Activities(e.ctx, lo)) }},
	"GET /me/activities/all/own":       {"OwnActivities", func(e *opEnv) error { return err1(e.c.OwnActivities(e.ctx, lo)) }},
	"GET /me/activities/tracks":        {"ActivityTracks", func(e *opEnv) error { return err1(e.c.ActivityTracks(e.ctx, lo)) }},
	"GET /me/feed":                     {"Feed", func(e *opEnv) error { return err1(e.c.Feed(e.ctx, lo)) }},
	"GET /me/feed/tracks":              {"FeedTracks", func(e *opEnv) error { return err1(e.c.FeedTracks(e.ctx, lo)) }},
	"GET /me/recently-played/tracks":   {"RecentlyPlayed", func(e *opEnv) error { return err1(e.c.RecentlyPlayed(e.ctx, nil)) }},
	"GET /me/likes/tracks":             {"MyLikedTracks", func(e *opEnv) error { return err1(e.c.MyLikedTracks(e.ctx, lo)) }},
	"GET /me/likes/playlists":          {"MyLikedPlaylists", func(e *opEnv) error { return err1(e.c.MyLikedPlaylists(e.ctx, lo)) }},
	"GET /me/followings":               {"MyFollowings", func(e *opEnv) error { return err1(e.c.MyFollowings(e.ctx, lo)) }},
	"GET /me/followings/tracks":        {"MyFollowingsTracks", func(e *opEnv) error { return err1(e.c.MyFollowingsTracks(e.ctx, lo)) }},
	"GET /me/followings/{user_urn}":    {"MyFollowing", func(e *opEnv) error { return err1(e.c.MyFollowing(e.ctx, otherUser)) }},
	"PUT /me/followings/{user_urn}":    {"Follow", func(e *opEnv) error { return e.c.Follow(e.ctx, archivist) }},
	"DELETE /me/followings/{user_urn}": {"Unfollow", func(e *opEnv) error { return e.c.Unfollow(e.ctx, "soundcloud:users:12") }},
	"GET /me/followers":                {"MyFollowers", func(e *opEnv) error { return err1(e.c.MyFollowers(e.ctx, lo)) }},
	"GET /me/followers/{follower_urn}": {"MyFollower", func(e *opEnv) error { return err1(e.c.MyFollower(e.ctx, otherUser)) }},
	"GET /me/playlists":                {"MyPlaylists", func(e *opEnv) error { return err1(e.c.MyPlaylists(e.ctx, lo)) }},
	"GET /me/tracks":                   {"MyTracks", func(e *opEnv) error { return err1(e.c.MyTracks(e.ctx, lo)) }},
	"GET /me/reposts/tracks":           {"MyRepostedTracks", func(e *opEnv) error { return err1(e.c.MyRepostedTracks(e.ctx, lo)) }},
	"GET /me/reposts/playlists":        {"MyRepostedPlaylists", func(e *opEnv) error { return err1(e.c.MyRepostedPlaylists(e.ctx, lo)) }},
	"GET /tracks":                      {"SearchTracks", func(e *opEnv) error { return err1(e.c.SearchTracks(e.ctx, "tones", SearchOptions{ListOptions: lo})) }},
	"POST /tracks":                     {"Upload", func(e *opEnv) error { return err1(uploadSmall(e)) }},
	"GET /playlists":                   {"SearchPlaylists", func(e *opEnv) error { return err1(e.c.SearchPlaylists(e.ctx, "night", SearchOptions{ListOptions: lo})) }},
	"POST /playlists":                  {"CreatePlaylist", func(e *opEnv) error { return err1(e.c.CreatePlaylist(e.ctx, "new", "private", []URN{tonesURN})) }},
	"GET /users":                       {"SearchUsers", func(e *opEnv) error { return err1(e.c.SearchUsers(e.ctx, "lunar", SearchOptions{ListOptions: lo})) }},
	"GET /playlists/{playlist_urn}":    {"Playlist", func(e *opEnv) error { return err1(e.c.Playlist(e.ctx, ownListURN)) }},
	"PUT /playlists/{playlist_urn}":    {"UpdatePlaylist", func(e *opEnv) error { return err1(e.c.SetPlaylistTracks(e.ctx, ownListURN, []URN{tonesURN})) }},
	"DELETE /playlists/{playlist_urn}": {"DeletePlaylist", func(e *opEnv) error {
		p, err := e.c.CreatePlaylist(e.ctx, "doomed", "private", nil)
		if err != nil {
			return err
		}
		return e.c.DeletePlaylist(e.ctx, p.URN)
	}},
	"GET /playlists/{playlist_urn}/tracks":    {"PlaylistTracks", func(e *opEnv) error { return err1(e.c.PlaylistTracks(e.ctx, ownListURN, lo)) }},
	"GET /playlists/{playlist_urn}/reposters": {"PlaylistReposters", func(e *opEnv) error { return err1(e.c.PlaylistReposters(e.ctx, ownListURN, lo)) }},
	"GET /tracks/{track_urn}":                 {"Track", func(e *opEnv) error { return err1(e.c.Track(e.ctx, tonesURN)) }},
	"PUT /tracks/{track_urn}": {"UpdateTrack", func(e *opEnv) error {
		title := "Renamed Jingle"
		return err1(e.c.UpdateTrack(e.ctx, ownTrackURN, TrackUpdate{Title: &title}))
	}},
	"DELETE /tracks/{track_urn}": {"DeleteTrack", func(e *opEnv) error {
		t, err := uploadSmall(e)
		if err != nil {
			return err
		}
		return e.c.DeleteTrack(e.ctx, t.URN)
	}},
	"PUT /tracks/{track_urn}/storefront": {"SetStorefront", func(e *opEnv) error {
		_, err := e.c.SetStorefront(e.ctx, ownTrackURN, StorefrontUpdate{Title: "Buy", Type: "digital", Link: "https://example.org/buy"})
		if IsForbidden(err) { // allowed answer for users without the subscription
			return nil
		}
		return err
	}},
	"GET /tracks/{track_urn}/preview":   {"PreviewURL", func(e *opEnv) error { return err1(e.c.PreviewURL(e.ctx, tonesURN)) }},
	"GET /tracks/{track_urn}/streams":   {"Streams", func(e *opEnv) error { return err1(e.c.Streams(e.ctx, tonesURN)) }},
	"GET /tracks/{track_urn}/comments":  {"TrackComments", func(e *opEnv) error { return err1(e.c.TrackComments(e.ctx, tonesURN, lo)) }},
	"POST /tracks/{track_urn}/comments": {"PostComment", func(e *opEnv) error { return err1(e.c.PostComment(e.ctx, tonesURN, "nice", 3*time.Second)) }},
	"GET /tracks/{track_urn}/favoriters": {"TrackFavoriters", func(e *opEnv) error {
		return err1(e.c.TrackFavoriters(e.ctx, tonesURN, lo))
	}},
	"GET /tracks/{track_urn}/reposters": {"TrackReposters", func(e *opEnv) error { return err1(e.c.TrackReposters(e.ctx, tonesURN, lo)) }},
	"GET /tracks/{track_urn}/related":   {"RelatedTracks", func(e *opEnv) error { return err1(e.c.RelatedTracks(e.ctx, tonesURN, lo)) }},
	"GET /resolve": {"Resolve", func(e *opEnv) error {
		return err1(e.c.Resolve(e.ctx, "https://soundcloud.com/tone-lab/test-tones"))
	}},
	"GET /users/{user_urn}":           {"User", func(e *opEnv) error { return err1(e.c.User(e.ctx, otherUser)) }},
	"GET /users/{user_urn}/related":   {"RelatedUsers", func(e *opEnv) error { return err1(e.c.RelatedUsers(e.ctx, otherUser, lo)) }},
	"GET /users/{user_urn}/favorites": {"UserFavorites", func(e *opEnv) error { return err1(e.c.UserFavorites(e.ctx, archivist, lo)) }},
	"GET /users/{user_urn}/followers": {"UserFollowers", func(e *opEnv) error { return err1(e.c.UserFollowers(e.ctx, otherUser, lo)) }},
	"GET /users/{user_urn}/followings": {"UserFollowings", func(e *opEnv) error {
		return err1(e.c.UserFollowings(e.ctx, otherUser, lo))
	}},
	"GET /users/{user_urn}/followings/{following_urn}": {"UserFollowing", func(e *opEnv) error {
		return err1(e.c.UserFollowing(e.ctx, otherUser, e.me))
	}},
	"GET /users/{user_urn}/playlists":    {"UserPlaylists", func(e *opEnv) error { return err1(e.c.UserPlaylists(e.ctx, e.me, lo)) }},
	"GET /users/{user_urn}/tracks":       {"UserTracks", func(e *opEnv) error { return err1(e.c.UserTracks(e.ctx, otherUser, lo)) }},
	"GET /users/{user_urn}/web-profiles": {"WebProfiles", func(e *opEnv) error { return err1(e.c.WebProfiles(e.ctx, e.me)) }},
	"GET /users/{user_urn}/likes/tracks": {"UserLikedTracks", func(e *opEnv) error {
		return err1(e.c.UserLikedTracks(e.ctx, archivist, lo))
	}},
	"GET /users/{user_urn}/likes/playlists": {"UserLikedPlaylists", func(e *opEnv) error {
		return err1(e.c.UserLikedPlaylists(e.ctx, e.me, lo))
	}},
	"GET /users/{user_urn}/reposts/tracks": {"UserRepostedTracks", func(e *opEnv) error {
		return err1(e.c.UserRepostedTracks(e.ctx, e.me, lo))
	}},
	"GET /users/{user_urn}/reposts/playlists": {"UserRepostedPlaylists", func(e *opEnv) error {
		return err1(e.c.UserRepostedPlaylists(e.ctx, e.me, lo))
	}},
	"POST /likes/tracks/{track_urn}":       {"LikeTrack", func(e *opEnv) error { return e.c.LikeTrack(e.ctx, tonesURN) }},
	"DELETE /likes/tracks/{track_urn}":     {"UnlikeTrack", func(e *opEnv) error { return e.c.UnlikeTrack(e.ctx, tonesURN) }},
	"POST /likes/playlists/{playlist_urn}": {"LikePlaylist", func(e *opEnv) error { return e.c.LikePlaylist(e.ctx, "soundcloud:playlists:2002") }},
	"DELETE /likes/playlists/{playlist_urn}": {"UnlikePlaylist", func(e *opEnv) error {
		return e.c.UnlikePlaylist(e.ctx, "soundcloud:playlists:2002")
	}},
	"POST /reposts/tracks/{track_urn}": {"RepostTrack", func(e *opEnv) error { return e.c.RepostTrack(e.ctx, tonesURN) }},
	"DELETE /reposts/tracks/{track_urn}": {"UnrepostTrack", func(e *opEnv) error {
		if err := e.c.RepostTrack(e.ctx, "soundcloud:tracks:1002"); err != nil {
			return err
		}
		return e.c.UnrepostTrack(e.ctx, "soundcloud:tracks:1002")
	}},
	"POST /reposts/playlists/{playlist_urn}": {"RepostPlaylist", func(e *opEnv) error {
		return e.c.RepostPlaylist(e.ctx, "soundcloud:playlists:2002")
	}},
	"DELETE /reposts/playlists/{playlist_urn}": {"UnrepostPlaylist", func(e *opEnv) error {
		if err := e.c.RepostPlaylist(e.ctx, "soundcloud:playlists:2003"); err != nil {
			return err
		}
		return e.c.UnrepostPlaylist(e.ctx, "soundcloud:playlists:2003")
	}},
	"POST /sign-out": {"SignOut", func(e *opEnv) error {
		access, _ := e.srv.IssueToken(fake.DemoUserPermalink)
		return e.c.SignOut(e.ctx, access)
	}},
}

func uploadSmall(e *opEnv) (*Track, error) {
	data := strings.Repeat("ID3 not really audio ", 2000)
	return e.c.Upload(e.ctx, "Small upload", "private", "small.mp3", strings.NewReader(data), int64(len(data)), nil)
}

func TestEverySpecOperationHasAMethod(t *testing.T) {
	ops := specOperations(t)
	if len(ops) != 64 {
		t.Errorf("spec has %d operations, NOTES.md says 64", len(ops))
	}
	clientType := reflectClient()
	for _, op := range ops {
		entry, ok := operations[op]
		if !ok {
			t.Errorf("spec operation %s has no client method in the table", op)
			continue
		}
		if _, ok := clientType.MethodByName(entry.method); !ok {
			t.Errorf("%s: *Client has no method %s", op, entry.method)
		}
	}
	for op := range operations {
		if !slices.Contains(ops, op) {
			t.Errorf("table entry %s is not in the spec", op)
		}
	}
}

func TestEverySpecOperationReachesTheFake(t *testing.T) {
	srv, c := newFakeClient(t, Options{})
	e := &opEnv{ctx: context.Background(), c: c, srv: srv, me: URN(srv.DemoUserURN())}
	ops := specOperations(t)
	for _, op := range ops {
		entry, ok := operations[op]
		if !ok {
			continue // reported by TestEverySpecOperationHasAMethod
		}
		t.Run(op, func(t *testing.T) {
			route := op // the fake counts by the spec's pattern (sign-out on the auth host)
			before := srv.Stats().Routes[route]
			if err := entry.call(e); err != nil {
				var ae *Error
				if errors.As(err, &ae) {
					t.Fatalf("%s: %v (body %s)", entry.method, err, ae.Body)
				}
				t.Fatalf("%s: %v", entry.method, err)
			}
			if after := srv.Stats().Routes[route]; after <= before {
				t.Fatalf("%s did not reach %s (route count %d -> %d)", entry.method, route, before, after)
			}
		})
	}
}
