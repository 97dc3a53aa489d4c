package ui

import (
	"fmt"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/cirrus-tui/cirrus/api"
)

// listKind says what a list shows of the signed-in user's library, so its
// pages teach the library and a write can mark it stale.
type listKind int

const (
	otherList listKind = iota
	likedTracksList
	likedPlaylistsList
	followingsList
	myPlaylistsList
)

// library is what the signed-in user likes, follows and reposts, and the
// counts shown beside them. It is the only copy: every list, the detail pane
// and the bar render marks and counts from it. Toggles are optimistic and
// roll back, with a message, when the server refuses.
type library struct {
	e                                   *env
	liked, likedPl, following, reposted map[api.URN]bool
	likeCount, commentCount             map[api.URN]int64
	names                               names     // user display names, for reposters
	hosts                               linkHosts // hosts of the API's permalinks
}

func newLibrary(e *env) *library {
	return &library{e: e,
		liked: map[api.URN]bool{}, likedPl: map[api.URN]bool{}, following: map[api.URN]bool{}, reposted: map[api.URN]bool{},
		likeCount: map[api.URN]int64{}, commentCount: map[api.URN]int64{}, names: names{}, hosts: linkHosts{}}
}

// staleMsg says a write changed what lists of a kind show.
type staleMsg struct{ kind listKind }

func (l *library) isLiked(it item) bool {
	switch {
	case it.Track != nil:
		if v, ok := l.liked[it.Track.URN]; ok {
			return v
		}
		return it.Track.UserFavorite
	case it.Playlist != nil:
		return l.likedPl[it.Playlist.URN]
	}
	return false
}

func (l *library) isFollowing(u *api.User) bool { return u != nil && l.following[u.URN] }

// mark is the badge a row shows: ♥ for a liked track or playlist, ✓ for a
// user I follow.
func (l *library) mark(it item) string {
	switch {
	case it.User != nil:
		if l.following[it.User.URN] {
			return "✓"
		}
	case l.isLiked(it):
		return "♥"
	}
	return ""
}

// likes is the like count of a track or playlist as the user last changed it.
func (l *library) likes(it item) int64 {
	if n, ok := l.likeCount[it.URN()]; ok {
		return n
	}
	switch {
	case it.Track != nil:
		return it.Track.FavoritingsCount
	case it.Playlist != nil:
		return int64(it.Playlist.LikesCount)
	}
	return 0
}

// comments is a track's comment count, counting the user's own posts at once.
func (l *library) comments(t *api.Track) int64 {
	if n, ok := l.commentCount[t.URN]; ok {
		return n
	}
	return t.CommentCount
}

// commented counts a comment just posted.
func (l *library) commented(t *api.Track) {
	if t != nil {
		l.commentCount[t.URN] = l.comments(t) + 1
	}
}

// learn takes what a loaded page says: names, counts, and the likes and
// followings the user has (a toggle made since is not overwritten).
func (l *library) learn(kind listKind, p *api.Page[item]) {
	for _, it := range p.Collection {
		l.hosts.learn(it.Link())
		switch {
		case it.User != nil:
			l.names[it.User.URN] = SanitizeLine(it.User.Username)
		case it.Track != nil:
			if it.Track.User != nil {
				l.names[it.Track.User.URN] = SanitizeLine(it.Track.User.Username)
			}
			l.likeCount[it.Track.URN] = it.Track.FavoritingsCount
			l.commentCount[it.Track.URN] = it.Track.CommentCount
		case it.Playlist != nil:
			l.likeCount[it.Playlist.URN] = int64(it.Playlist.LikesCount)
		}
		var set map[api.URN]bool
		switch {
		case kind == likedTracksList && it.Track != nil:
			set = l.liked
		case kind == likedPlaylistsList && it.Playlist != nil:
			set = l.likedPl
		case kind == followingsList && it.User != nil:
			set = l.following
		default:
			continue
		}
		if _, known := set[it.URN()]; !known {
			set[it.URN()] = true
		}
	}
}

// like flips the like of a track or playlist at once; the answer may roll
// it back.
func (l *library) like(it item) tea.Cmd {
	want := !l.isLiked(it)
	l.setLike(it.URN(), it.Playlist != nil, want, l.likes(it))
	return likeCmd(l.e, it, want)
}

func (l *library) setLike(urn api.URN, playlist, want bool, count int64) {
	if playlist {
		l.likedPl[urn] = want
	} else {
		l.liked[urn] = want
	}
	if want {
		l.likeCount[urn] = count + 1
	} else {
		l.likeCount[urn] = max(count-1, 0)
	}
}

func (l *library) follow(u *api.User) tea.Cmd {
	want := !l.following[u.URN]
	l.following[u.URN] = want
	return followCmd(l.e, u, want)
}

func (l *library) repost(it item) tea.Cmd {
	urn := it.URN()
	want := !l.reposted[urn]
	l.reposted[urn] = want
	return repostCmd(l.e, it, want)
}

// Update applies the answer to a write: a refusal rolls the toggle back
// and says so; success marks the lists it changed as stale.
func (l *library) Update(msg tea.Msg) (bool, tea.Cmd) {
	switch msg := msg.(type) {
	case likeMsg:
		if msg.err != nil {
			l.setLike(msg.urn, msg.playlist, !msg.want, l.likeCount[msg.urn])
			return true, failure(fmt.Sprintf("Could not %s %q: %v", verb(msg.want, "like", "unlike"), msg.title, msg.err), msg.err)
		}
		kind := likedTracksList
		if msg.playlist {
			kind = likedPlaylistsList
		}
		return true, tea.Batch(stale(kind), statusCmd(fmt.Sprintf("%s %q.", verb(msg.want, "Liked", "Unliked"), msg.title), false))
	case followMsg:
		if msg.err != nil {
			l.following[msg.urn] = !msg.want
			return true, failure(fmt.Sprintf("Could not %s %s: %v", verb(msg.want, "follow", "unfollow"), msg.name, msg.err), msg.err)
		}
		return true, tea.Batch(stale(followingsList), statusCmd(fmt.Sprintf("%s %s.", verb(msg.want, "Following", "Unfollowed"), msg.name), false))
	case repostMsg:
		if msg.err != nil {
			l.reposted[msg.urn] = !msg.want
			return true, failure(fmt.Sprintf("Could not %s %q: %v", verb(msg.want, "repost", "un-repost"), msg.title, msg.err), msg.err)
		}
		return true, statusCmd(fmt.Sprintf("%s %q.", verb(msg.want, "Reposted", "Removed repost of"), msg.title), false)
	}
	return false, nil
}

func stale(k listKind) tea.Cmd { return func() tea.Msg { return staleMsg{kind: k} } }

func verb(want bool, yes, no string) string {
	if want {
		return yes
	}
	return no
}
