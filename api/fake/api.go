package fake

import (
	"fmt"
	"net/http"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"
)

func (s *Server) apiHandler() http.Handler {
	mux := http.NewServeMux()
	u := routeOpts{user: true}
	anyTok := routeOpts{}

	// /me
	s.route(mux, "GET /me", u, s.getMe)
	for _, p := range []string{"/me/activities", "/me/feed"} {
		s.route(mux, "GET "+p, u, s.feed(feedFollowed, false))
	}
	s.route(mux, "GET /me/activities/all/own", u, s.feed(feedOwn, false))
	s.route(mux, "GET /me/activities/tracks", u, s.feed(feedFollowed, true))
	s.route(mux, "GET /me/feed/tracks", u, s.feed(feedFollowed, true))
	s.route(mux, "GET /me/recently-played/tracks", u, s.recentlyPlayed)
	s.route(mux, "GET /me/likes/tracks", u, s.meList(s.likedTracks, "playable,preview,blocked"))
	s.route(mux, "GET /me/likes/playlists", u, s.meList(s.likedPlaylists, ""))
	s.route(mux, "GET /me/followings", u, s.meList(s.followingsOf, ""))
	s.route(mux, "GET /me/followings/tracks", u, s.followingsTracks)
	s.route(mux, "GET /me/followings/{user_urn}", u, s.getMyFollowing)
	s.route(mux, "PUT /me/followings/{user_urn}", u, s.follow)
	s.route(mux, "DELETE /me/followings/{user_urn}", u, s.unfollow)
	s.route(mux, "GET /me/followers", u, s.meList(s.followersOf, ""))
	s.route(mux, "GET /me/followers/{follower_urn}", u, s.getMyFollower)
	s.route(mux, "GET /me/playlists", u, s.meList(s.playlistsOf, ""))
	s.route(mux, "GET /me/tracks", u, s.meList(s.tracksOf, "playable,preview,blocked"))
	s.route(mux, "GET /me/reposts/tracks", u, s.meList(s.repostedTracks, "playable,preview,blocked"))
	s.route(mux, "GET /me/reposts/playlists", u, s.meList(s.repostedPlaylists, ""))

	// search and collections
	s.route(mux, "GET /tracks", anyTok, s.searchTracks)
	s.route(mux, "POST /tracks", u, s.upload)
	s.route(mux, "GET /playlists", anyTok, s.searchPlaylists)
	s.route(mux, "POST /playlists", u, s.createPlaylist)
	s.route(mux, "GET /users", anyTok, s.searchUsers)

	// playlists
	s.route(mux, "GET /playlists/{playlist_urn}", anyTok, s.getPlaylist)
	s.route(mux, "PUT /playlists/{playlist_urn}", u, s.updatePlaylist)
	s.route(mux, "DELETE /playlists/{playlist_urn}", u, s.deletePlaylist)
	s.route(mux, "GET /playlists/{playlist_urn}/tracks", anyTok, s.getPlaylistTracks)
	s.route(mux, "GET /playlists/{playlist_urn}/reposters", anyTok, s.playlistReposters)

	// tracks
	s.route(mux, "GET /tracks/{track_urn}", anyTok, s.getTrack)
	s.route(mux, "PUT /tracks/{track_urn}", u, s.updateTrack)
	s.route(mux, "DELETE /tracks/{track_urn}", u, s.deleteTrack)
	s.route(mux, "PUT /tracks/{track_urn}/storefront", u, s.putStorefront)
	s.route(mux, "GET /tracks/{track_urn}/preview", routeOpts{plays: true}, s.preview)
	s.route(mux, "GET /tracks/{track_urn}/stream", routeOpts{plays: true}, s.legacyStream)
	s.route(mux, "GET /tracks/{track_urn}/download", anyTok, s.download)
	s.route(mux, "GET /tracks/{track_urn}/streams", routeOpts{plays: true}, s.streams)
	s.route(mux, "GET /tracks/{track_urn}/streams/{uuid}/{kind}", routeOpts{plays: true}, s.redirector)
	s.route(mux, "GET /tracks/{track_urn}/comments", anyTok, s.getComments)
	s.route(mux, "POST /tracks/{track_urn}/comments", routeOpts{user: true, spammy: true}, s.postComment)
	s.route(mux, "GET /tracks/{track_urn}/favoriters", anyTok, s.favoriters)
	s.route(mux, "GET /tracks/{track_urn}/reposters", anyTok, s.trackReposters)
	s.route(mux, "GET /tracks/{track_urn}/related", anyTok, s.relatedTracks)

	s.route(mux, "GET /resolve", anyTok, s.resolve)

	// users
	s.route(mux, "GET /users/{user_urn}", anyTok, s.getUser)
	s.route(mux, "GET /users/{user_urn}/related", anyTok, s.userList(s.relatedUsers, ""))
	s.route(mux, "GET /users/{user_urn}/favorites", anyTok, s.userList(s.likedTracks, "playable,preview"))
	s.route(mux, "GET /users/{user_urn}/followers", anyTok, s.userList(s.followersOf, ""))
	s.route(mux, "GET /users/{user_urn}/followings", anyTok, s.userList(s.followingsOf, ""))
	s.route(mux, "GET /users/{user_urn}/followings/{following_urn}", anyTok, s.getUserFollowing)
	s.route(mux, "GET /users/{user_urn}/playlists", anyTok, s.userList(s.playlistsOf, ""))
	s.route(mux, "GET /users/{user_urn}/tracks", anyTok, s.userList(s.tracksOf, "playable,preview"))
	s.route(mux, "GET /users/{user_urn}/web-profiles", anyTok, s.webProfiles)
	s.route(mux, "GET /users/{user_urn}/likes/tracks", anyTok, s.userList(s.likedTracks, "playable,preview"))
	s.route(mux, "GET /users/{user_urn}/likes/playlists", anyTok, s.userList(s.likedPlaylists, ""))
	s.route(mux, "GET /users/{user_urn}/reposts/tracks", anyTok, s.userList(s.repostedTracks, "playable,preview"))
	s.route(mux, "GET /users/{user_urn}/reposts/playlists", anyTok, s.userList(s.repostedPlaylists, ""))

	// likes and reposts
	s.route(mux, "POST /likes/tracks/{track_urn}", routeOpts{user: true, spammy: true}, s.likeTrack(true))
	s.route(mux, "DELETE /likes/tracks/{track_urn}", u, s.likeTrack(false))
	s.route(mux, "POST /likes/playlists/{playlist_urn}", routeOpts{user: true, spammy: true}, s.likePlaylist(true))
	s.route(mux, "DELETE /likes/playlists/{playlist_urn}", u, s.likePlaylist(false))
	s.route(mux, "POST /reposts/tracks/{track_urn}", u, s.repostTrack(true))
	s.route(mux, "DELETE /reposts/tracks/{track_urn}", u, s.repostTrack(false))
	s.route(mux, "POST /reposts/playlists/{playlist_urn}", u, s.repostPlaylist(true))
	s.route(mux, "DELETE /reposts/playlists/{playlist_urn}", u, s.repostPlaylist(false))

	// The spec lists /sign-out under the API server too.
	mux.HandleFunc("POST /sign-out", s.signOut)

	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		s.count(r, "")
		s.writeErr(w, http.StatusNotFound, "no such resource: "+r.URL.Path)
	})
	return mux
}

// ---- helpers (called with s.mu held) ----

func (s *Server) trackArg(r *http.Request, name string) (*track, *resp) {
	c := callerOf(r)
	id, okID := parseID(r.PathValue(name), "tracks")
	t := s.st.tracks[id]
	if !okID || t == nil || !t.visible(c.userID, r.URL.Query().Get("secret_token")) {
		e := errResp(http.StatusNotFound, "track not found: "+r.PathValue(name))
		return nil, &e
	}
	return t, nil
}

func (s *Server) playlistArg(r *http.Request, name string) (*playlist, *resp) {
	c := callerOf(r)
	id, okID := parseID(r.PathValue(name), "playlists")
	p := s.st.playlists[id]
	if !okID || p == nil || !p.visible(c.userID, r.URL.Query().Get("secret_token")) {
		e := errResp(http.StatusNotFound, "playlist not found: "+r.PathValue(name))
		return nil, &e
	}
	return p, nil
}

func (s *Server) userArg(r *http.Request, name string) (*user, *resp) {
	id, okID := parseID(r.PathValue(name), "users")
	u := s.st.users[id]
	if !okID || u == nil {
		e := errResp(http.StatusNotFound, "user not found: "+r.PathValue(name))
		return nil, &e
	}
	return u, nil
}

// accessRoutes are the operations whose spec defines the access parameter,
// an array of the enumerated accessValues (conformance_test.go checks the
// list against the spec).
var accessRoutes = map[string]bool{
	"GET /me/activities": true, "GET /me/activities/all/own": true, "GET /me/activities/tracks": true,
	"GET /me/feed": true, "GET /me/feed/tracks": true, "GET /me/recently-played/tracks": true,
	"GET /me/likes/tracks": true, "GET /me/followings/tracks": true, "GET /me/reposts/tracks": true,
	"GET /tracks": true, "GET /playlists": true, "GET /playlists/{playlist_urn}": true,
	"GET /playlists/{playlist_urn}/tracks": true, "GET /tracks/{track_urn}/related": true,
	"GET /users/{user_urn}/playlists": true, "GET /users/{user_urn}/tracks": true,
	"GET /users/{user_urn}/likes/tracks": true, "GET /users/{user_urn}/reposts/tracks": true,
}

var accessValues = []string{"playable", "preview", "blocked"}

// badAccess refuses an access value the spec does not enumerate (400, as
// SoundCloud's validation does) instead of silently matching nothing. It
// returns the message, or "" when the request is fine.
func badAccess(pattern string, r *http.Request) string {
	if !accessRoutes[pattern] || !r.URL.Query().Has("access") {
		return ""
	}
	for _, a := range strings.Split(r.URL.Query().Get("access"), ",") {
		if a = strings.TrimSpace(a); a != "" && !slices.Contains(accessValues, a) {
			return fmt.Sprintf("invalid access value %q: must be one or more of %s", a, strings.Join(accessValues, ", "))
		}
	}
	return ""
}

// accessSet parses the access filter, def when absent.
func accessSet(r *http.Request, def string) map[string]bool {
	v := r.URL.Query().Get("access")
	if v == "" {
		v = def
	}
	m := map[string]bool{}
	for _, a := range strings.Split(v, ",") {
		if a = strings.TrimSpace(a); a != "" {
			m[a] = true
		}
	}
	return m
}

func boolParam(r *http.Request, name string, def bool) bool {
	v := r.URL.Query().Get(name)
	if v == "" {
		return def
	}
	b, err := strconv.ParseBool(v)
	if err != nil {
		return def
	}
	return b
}

func (s *Server) filterTracks(ids []int64, caller int64, access map[string]bool) []*track {
	var out []*track
	for _, id := range ids {
		t := s.st.tracks[id]
		if t == nil || !t.visible(caller, "") || (access != nil && !access[s.accessOf(t)]) {
			continue
		}
		out = append(out, t)
	}
	return out
}

func edgeIDs(e edges) []int64 {
	out := make([]int64, len(e))
	for i, x := range e {
		out[i] = x.id
	}
	return out
}

func (s *Server) tracksResp(r *http.Request, ts []*track, bareOK, fav bool) resp {
	c := callerOf(r).userID
	return listResp(s, r, ts, bareOK, func(t *track) jsonTrack { return s.renderTrack(t, c, fav) })
}

func (s *Server) playlistsResp(r *http.Request, ps []*playlist) resp {
	c := callerOf(r).userID
	withTracks := boolParam(r, "show_tracks", true)
	return listResp(s, r, ps, true, func(p *playlist) jsonPlaylist { return s.renderPlaylist(p, c, withTracks) })
}

func (s *Server) usersResp(r *http.Request, us []*user) resp {
	return listResp(s, r, us, false, func(u *user) *jsonUser { return s.renderUser(u) })
}

// lister answers a list about user u.
type lister func(r *http.Request, u *user, defAccess string) resp

func (s *Server) meList(l lister, defAccess string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		s.do(w, func() resp { return l(r, s.st.users[callerOf(r).userID], defAccess) })
	}
}

func (s *Server) userList(l lister, defAccess string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		s.do(w, func() resp {
			u, e := s.userArg(r, "user_urn")
			if e != nil {
				return *e
			}
			return l(r, u, defAccess)
		})
	}
}

func (s *Server) likedTracks(r *http.Request, u *user, def string) resp {
	return s.tracksResp(r, s.filterTracks(edgeIDs(s.st.trackLikes[u.id]), callerOf(r).userID, accessSet(r, def)), true, false)
}

func (s *Server) repostedTracks(r *http.Request, u *user, def string) resp {
	return s.tracksResp(r, s.filterTracks(edgeIDs(s.st.trackReposts[u.id]), callerOf(r).userID, accessSet(r, def)), true, false)
}

func (s *Server) visiblePlaylists(ids []int64, caller int64) []*playlist {
	var out []*playlist
	for _, id := range ids {
		if p := s.st.playlists[id]; p != nil && p.visible(caller, "") {
			out = append(out, p)
		}
	}
	return out
}

func (s *Server) likedPlaylists(r *http.Request, u *user, _ string) resp {
	return s.playlistsResp(r, s.visiblePlaylists(edgeIDs(s.st.plLikes[u.id]), callerOf(r).userID))
}

func (s *Server) repostedPlaylists(r *http.Request, u *user, _ string) resp {
	return s.playlistsResp(r, s.visiblePlaylists(edgeIDs(s.st.plReposts[u.id]), callerOf(r).userID))
}

func (s *Server) playlistsOf(r *http.Request, u *user, _ string) resp {
	c := callerOf(r).userID
	var ps []*playlist
	all := s.st.userPlaylists(u.id)
	for i := len(all) - 1; i >= 0; i-- { // newest first
		if all[i].visible(c, "") {
			ps = append(ps, all[i])
		}
	}
	sort.SliceStable(ps, func(i, j int) bool { return ps[i].created.After(ps[j].created) })
	return s.playlistsResp(r, ps)
}

func (s *Server) tracksOf(r *http.Request, u *user, def string) resp {
	c := callerOf(r).userID
	var ts []*track
	acc := accessSet(r, def)
	for _, t := range s.st.userTracks(u.id) {
		if t.visible(c, "") && acc[s.accessOf(t)] {
			ts = append(ts, t)
		}
	}
	order := r.URL.Query().Get("sort")
	for _, alias := range []string{"direction", "order"} {
		if order == "" {
			order = r.URL.Query().Get(alias)
		}
	}
	if order != "" && order != "asc" && order != "desc" {
		return errResp(http.StatusBadRequest, "sort must be asc or desc")
	}
	sort.SliceStable(ts, func(i, j int) bool {
		if order == "asc" {
			return ts[i].created.Before(ts[j].created)
		}
		return ts[i].created.After(ts[j].created)
	})
	return s.tracksResp(r, ts, true, false)
}

func (s *Server) usersOf(e []edge) []*user {
	var out []*user
	for _, x := range e {
		if u := s.st.users[x.id]; u != nil {
			out = append(out, u)
		}
	}
	return out
}

func (s *Server) followingsOf(r *http.Request, u *user, _ string) resp {
	return s.usersResp(r, s.usersOf(s.st.followings[u.id]))
}

func (s *Server) followersOf(r *http.Request, u *user, _ string) resp {
	return s.usersResp(r, s.usersOf(s.st.followerIDs(u.id)))
}

func (s *Server) relatedUsers(r *http.Request, u *user, _ string) resp {
	seen := map[int64]bool{u.id: true, archivistUserID: true, crateDiggerID: true}
	var out []*user
	add := func(id int64) {
		if !seen[id] && s.st.users[id] != nil {
			seen[id] = true
			out = append(out, s.st.users[id])
		}
	}
	for _, f := range s.st.followings[u.id] {
		for _, ff := range s.st.followings[f.id] {
			add(ff.id)
		}
	}
	for _, id := range s.st.userOrder {
		add(id)
	}
	return s.usersResp(r, out)
}

// ---- /me ----

func (s *Server) getMe(w http.ResponseWriter, r *http.Request) {
	s.do(w, func() resp { return success(s.renderMe(s.st.users[callerOf(r).userID])) })
}

func (s *Server) recentlyPlayed(w http.ResponseWriter, r *http.Request) {
	s.do(w, func() resp {
		c := callerOf(r).userID
		ids := s.st.recent[c]
		if len(ids) > 25 {
			ids = ids[:25]
		}
		ts := s.filterTracks(ids, c, accessSet(r, "playable,preview,blocked"))
		out := s.renderTracks(ts, c, false)
		if boolParam(r, "linked_partitioning", false) {
			return success(collection[jsonTrack]{Collection: out})
		}
		return success(out)
	})
}

func (s *Server) followingsTracks(w http.ResponseWriter, r *http.Request) {
	s.do(w, func() resp {
		c := callerOf(r).userID
		acc := accessSet(r, "playable,preview")
		var ts []*track
		for _, f := range s.st.followings[c] {
			for _, t := range s.st.userTracks(f.id) {
				if t.visible(c, "") && acc[s.accessOf(t)] {
					ts = append(ts, t)
				}
			}
		}
		sort.SliceStable(ts, func(i, j int) bool { return ts[i].created.After(ts[j].created) })
		p, err := parsePage(r)
		if err != nil {
			return errResp(http.StatusBadRequest, err.Error())
		}
		lo, hi, _ := s.window(r, p, len(ts))
		return success(s.renderTracks(ts[lo:hi], c, false)) // always a bare array
	})
}

func (s *Server) getMyFollowing(w http.ResponseWriter, r *http.Request) {
	s.do(w, func() resp {
		u, e := s.userArg(r, "user_urn")
		if e != nil {
			return *e
		}
		if !s.st.followings[callerOf(r).userID].has(u.id) {
			return errResp(http.StatusNotFound, "you do not follow "+urnOf("users", u.id))
		}
		return success(s.renderUser(u))
	})
}

func (s *Server) getMyFollower(w http.ResponseWriter, r *http.Request) {
	s.do(w, func() resp {
		u, e := s.userArg(r, "follower_urn")
		if e != nil {
			return *e
		}
		if !s.st.followings[u.id].has(callerOf(r).userID) {
			return errResp(http.StatusNotFound, urnOf("users", u.id)+" does not follow you")
		}
		return success(s.renderUser(u))
	})
}

func (s *Server) getUserFollowing(w http.ResponseWriter, r *http.Request) {
	s.do(w, func() resp {
		u, e := s.userArg(r, "user_urn")
		if e != nil {
			return *e
		}
		f, e := s.userArg(r, "following_urn")
		if e != nil {
			return *e
		}
		if !s.st.followings[u.id].has(f.id) {
			return errResp(http.StatusNotFound, "not a following")
		}
		return success(s.renderUser(f))
	})
}

// maxFollowings is where a follow answers 422, as SoundCloud's limit does.
const maxFollowings = 2000

func (s *Server) follow(w http.ResponseWriter, r *http.Request) {
	s.do(w, func() resp {
		me := callerOf(r).userID
		u, e := s.userArg(r, "user_urn")
		if e != nil {
			return *e
		}
		if u.id == me {
			return errResp(http.StatusUnprocessableEntity, "you cannot follow yourself")
		}
		if s.st.followings[me].has(u.id) {
			return success(jsonStatus{Status: "200 - Successful"})
		}
		if len(s.st.followings[me]) >= maxFollowings {
			return errResp(http.StatusUnprocessableEntity, "you have reached the maximum number of followings")
		}
		s.st.followings[me], _ = s.st.followings[me].add(u.id, s.now())
		return created(s.renderUser(u))
	})
}

func (s *Server) unfollow(w http.ResponseWriter, r *http.Request) {
	s.do(w, func() resp {
		me := callerOf(r).userID
		u, e := s.userArg(r, "user_urn")
		if e != nil {
			return *e
		}
		s.st.followings[me], _ = s.st.followings[me].remove(u.id)
		return success(jsonStatus{Status: "Status(200) - OK"})
	})
}

// ---- feed ----

type feedMode int

const (
	feedFollowed feedMode = iota
	feedOwn
)

type activity struct {
	typ      string
	at       time.Time
	track    *track
	playlist *playlist
	reposter int64
}

func (s *Server) activitiesOf(uids []int64, caller int64, tracksOnly bool, acc map[string]bool) []activity {
	var out []activity
	okTrack := func(t *track) bool { return t != nil && t.visible(caller, "") && acc[s.accessOf(t)] }
	for _, uid := range uids {
		for _, t := range s.st.userTracks(uid) {
			if okTrack(t) && t.sharing == "public" {
				out = append(out, activity{typ: "track", at: t.created, track: t})
			}
		}
		for _, e := range s.st.trackReposts[uid] {
			if t := s.st.tracks[e.id]; okTrack(t) {
				out = append(out, activity{typ: "track:repost", at: e.at, track: t, reposter: uid})
			}
		}
		if tracksOnly {
			continue
		}
		for _, p := range s.st.userPlaylists(uid) {
			if p.sharing == "public" {
				out = append(out, activity{typ: "playlist", at: p.created, playlist: p})
			}
		}
		for _, e := range s.st.plReposts[uid] {
			if p := s.st.playlists[e.id]; p != nil && p.visible(caller, "") {
				out = append(out, activity{typ: "playlist:repost", at: e.at, playlist: p, reposter: uid})
			}
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].at.After(out[j].at) })
	return out
}

type jsonActivities struct {
	Collection []jsonActivity `json:"collection"`
	NextHref   *string        `json:"next_href,omitempty"`
	FutureHref string         `json:"future_href"`
}

func (s *Server) feed(mode feedMode, tracksOnly bool) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		s.do(w, func() resp {
			c := callerOf(r).userID
			var uids []int64
			if mode == feedOwn {
				uids = []int64{c}
			} else {
				uids = edgeIDs(s.st.followings[c])
			}
			all := s.activitiesOf(uids, c, tracksOnly, accessSet(r, "playable,preview"))
			// future_href asks for what is newer than the newest item seen.
			if since := r.URL.Query().Get("since"); since != "" {
				n, err := strconv.ParseInt(since, 10, 64)
				if err != nil {
					return errResp(http.StatusBadRequest, "bad since")
				}
				var newer []activity
				for _, a := range all {
					if a.at.UnixMilli() > n {
						newer = append(newer, a)
					}
				}
				all = newer
			}
			p, err := parsePage(r)
			if err != nil {
				return errResp(http.StatusBadRequest, err.Error())
			}
			lo, hi, next := s.window(r, p, len(all))
			body := jsonActivities{Collection: []jsonActivity{}}
			for _, a := range all[lo:hi] {
				ja := jsonActivity{Type: a.typ, CreatedAt: fmtTime(a.at)}
				if a.track != nil {
					ja.Origin = s.renderTrack(a.track, c, false)
				} else {
					ja.Origin = s.renderPlaylist(a.playlist, c, false)
				}
				if a.reposter != 0 {
					ja.Reposter = urnOf("users", a.reposter)
				}
				body.Collection = append(body.Collection, ja)
			}
			if next != "" {
				body.NextHref = &next
			}
			newest := s.now().UnixMilli()
			if len(all) > 0 {
				newest = all[0].at.UnixMilli()
			}
			body.FutureHref = s.URL() + r.URL.Path + "?linked_partitioning=true&since=" + strconv.FormatInt(newest, 10)
			return success(body)
		})
	}
}

// ---- users ----

func (s *Server) getUser(w http.ResponseWriter, r *http.Request) {
	s.do(w, func() resp {
		u, e := s.userArg(r, "user_urn")
		if e != nil {
			return *e
		}
		return success(s.renderUser(u))
	})
}

func (s *Server) webProfiles(w http.ResponseWriter, r *http.Request) {
	s.do(w, func() resp {
		u, e := s.userArg(r, "user_urn")
		if e != nil {
			return *e
		}
		ps := s.renderProfiles(u)
		if p, err := parsePage(r); err == nil && p.limit < len(ps) {
			ps = ps[:p.limit]
		}
		return success(ps)
	})
}

// ---- playlists (reads) ----

func (s *Server) getPlaylist(w http.ResponseWriter, r *http.Request) {
	s.do(w, func() resp {
		p, e := s.playlistArg(r, "playlist_urn")
		if e != nil {
			return *e
		}
		return success(s.renderPlaylist(p, callerOf(r).userID, boolParam(r, "show_tracks", true)))
	})
}

func (s *Server) getPlaylistTracks(w http.ResponseWriter, r *http.Request) {
	s.do(w, func() resp {
		p, e := s.playlistArg(r, "playlist_urn")
		if e != nil {
			return *e
		}
		return s.tracksResp(r, s.filterTracks(p.tracks, callerOf(r).userID, accessSet(r, "playable,preview")), true, false)
	})
}

func (s *Server) playlistReposters(w http.ResponseWriter, r *http.Request) {
	s.do(w, func() resp {
		p, e := s.playlistArg(r, "playlist_urn")
		if e != nil {
			return *e
		}
		var us []*user
		for _, id := range s.st.userOrder {
			if s.st.plReposts[id].has(p.id) {
				us = append(us, s.st.users[id])
			}
		}
		return s.usersResp(r, us)
	})
}

// ---- tracks (reads) ----

func (s *Server) getTrack(w http.ResponseWriter, r *http.Request) {
	s.do(w, func() resp {
		t, e := s.trackArg(r, "track_urn")
		if e != nil {
			return *e
		}
		return success(s.renderTrack(t, callerOf(r).userID, true))
	})
}

func (s *Server) getComments(w http.ResponseWriter, r *http.Request) {
	s.do(w, func() resp {
		t, e := s.trackArg(r, "track_urn")
		if e != nil {
			return *e
		}
		cs := s.st.comments[t.id]
		if !t.revealCmts && callerOf(r).userID != t.userID {
			cs = nil
		}
		rev := make([]*comment, len(cs)) // newest first
		for i, c := range cs {
			rev[len(cs)-1-i] = c
		}
		p, err := parsePage(r)
		if err != nil {
			return errResp(http.StatusBadRequest, err.Error())
		}
		lo, hi, next := s.window(r, p, len(rev))
		out := struct {
			Collection []jsonComment `json:"collection"`
			NextHref   *string       `json:"next_href"`
		}{Collection: []jsonComment{}}
		for _, c := range rev[lo:hi] {
			out.Collection = append(out.Collection, s.renderComment(c))
		}
		if next != "" {
			out.NextHref = &next
		}
		return success(out)
	})
}

func (s *Server) favoriters(w http.ResponseWriter, r *http.Request) {
	s.do(w, func() resp {
		t, e := s.trackArg(r, "track_urn")
		if e != nil {
			return *e
		}
		var us []*user
		for _, id := range s.st.userOrder {
			if s.st.trackLikes[id].has(t.id) {
				us = append(us, s.st.users[id])
			}
		}
		return s.usersResp(r, us)
	})
}

func (s *Server) trackReposters(w http.ResponseWriter, r *http.Request) {
	s.do(w, func() resp {
		t, e := s.trackArg(r, "track_urn")
		if e != nil {
			return *e
		}
		var us []*user
		for _, id := range s.st.userOrder {
			if s.st.trackReposts[id].has(t.id) {
				us = append(us, s.st.users[id])
			}
		}
		return s.usersResp(r, us)
	})
}

// relatedTracks answers like SoundCloud's recommendations: a short list of
// tracks that resemble this one (same genre, same artist, shared tags, a
// close tempo), best first, topped up to minRelated with other tracks in an
// order that depends on the seed, so autoplay from different tracks wanders
// differently but every answer is reproducible. The "Test" genre (tones and
// hostile titles) only comes up from its own tracks.
func (s *Server) relatedTracks(w http.ResponseWriter, r *http.Request) {
	s.do(w, func() resp {
		t, e := s.trackArg(r, "track_urn")
		if e != nil {
			return *e
		}
		c := callerOf(r).userID
		acc := accessSet(r, "playable,preview")
		type cand struct {
			t     *track
			score int
			mix   uint64
		}
		var like, rest []cand
		for _, id := range s.st.trackIDs {
			x := s.st.tracks[id]
			if x == nil || x.id == t.id || x.light || !x.visible(c, "") || x.sharing != "public" || !acc[s.accessOf(x)] {
				continue
			}
			k := cand{t: x, score: relatedScore(t, x), mix: relatedMix(t.id, x.id)}
			switch {
			case k.score > 0:
				like = append(like, k)
			case !strings.EqualFold(x.genre, "Test") || strings.EqualFold(t.genre, "Test"):
				rest = append(rest, k)
			}
		}
		sort.Slice(like, func(i, j int) bool {
			if like[i].score != like[j].score {
				return like[i].score > like[j].score
			}
			return like[i].mix < like[j].mix
		})
		sort.Slice(rest, func(i, j int) bool { return rest[i].mix < rest[j].mix })
		out := make([]*track, 0, max(len(like), minRelated))
		for _, k := range like {
			out = append(out, k.t)
		}
		for _, k := range rest {
			if len(out) >= minRelated {
				break
			}
			out = append(out, k.t)
		}
		return s.tracksResp(r, out, true, false)
	})
}

// minRelated is the least /tracks/{urn}/related lists when the catalogue
// has that many other tracks.
const minRelated = 10

// relatedScore says how much x resembles t: genre 4, artist 2, each shared
// tag 1, tempo within 8 BPM 1.
func relatedScore(t, x *track) int {
	n := 0
	if t.genre != "" && strings.EqualFold(t.genre, x.genre) {
		n += 4
	}
	if t.userID == x.userID {
		n += 2
	}
	tags := map[string]bool{}
	for _, g := range strings.Fields(strings.ToLower(t.tags)) {
		tags[strings.Trim(g, `"`)] = true
	}
	for _, g := range strings.Fields(strings.ToLower(x.tags)) {
		if tags[strings.Trim(g, `"`)] {
			n++
		}
	}
	if t.bpm > 0 && x.bpm > 0 && t.bpm-x.bpm <= 8 && x.bpm-t.bpm <= 8 {
		n++
	}
	return n
}

// relatedMix orders tracks pseudo-randomly but reproducibly per seed
// (splitmix64 of the pair).
func relatedMix(seed, id int64) uint64 {
	z := uint64(seed)*0x9E3779B97F4A7C15 + uint64(id)
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9
	z = (z ^ (z >> 27)) * 0x94D049BB133111EB
	return z ^ (z >> 31)
}
