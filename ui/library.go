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
	names                               names                      // user display names, for reposters
	hosts                               linkHosts                  // hosts of the API's permalinks
	writes                              map[toggleKey]*toggleWrite // at most one out per item
}

func newLibrary(e *env) *library {
	return &library{e: e,
		liked: map[api.URN]bool{}, likedPl: map[api.URN]bool{}, following: map[api.URN]bool{}, reposted: map[api.URN]bool{},
		likeCount: map[api.URN]int64{}, commentCount: map[api.URN]int64{}, names: names{}, hosts: linkHosts{},
		writes: map[toggleKey]*toggleWrite{}}
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

// likes is the like count of a track or playlist as the user last changed
// it: the server's count, plus the user's like while its write is out.
func (l *library) likes(it item) int64 {
	n := l.serverLikes(it)
	if on, ok := l.likeServer(it); ok {
		if shown := l.isLiked(it); shown && !on {
			n++
		} else if !shown && on {
			n = max(n-1, 0)
		}
	}
	return n
}

// serverLikes is the like count as the server last gave it.
func (l *library) serverLikes(it item) int64 {
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

// like flips the like of a track or playlist at once; the server's
// answer settles it (library_writes.go).
func (l *library) like(it item) tea.Cmd {
	k := toggleKey{likeTrack, it.URN()}
	if it.Playlist != nil {
		k.kind = likePlaylist
	}
	if _, ok := l.likeCount[k.urn]; !ok {
		l.likeCount[k.urn] = l.serverLikes(it) // the count the toggle starts from
	}
	send, want := l.press(k, l.isLiked(it))
	if !send {
		return nil
	}
	return likeCmd(l.e, k.urn, it.Playlist != nil, title(it), want)
}

func (l *library) follow(u *api.User) tea.Cmd {
	send, want := l.press(toggleKey{followUser, u.URN}, l.following[u.URN])
	if !send {
		return nil
	}
	return followCmd(l.e, u.URN, SanitizeLine(u.Username), want)
}

func (l *library) repost(it item) tea.Cmd {
	k := toggleKey{repostTrack, it.URN()}
	if it.Playlist != nil {
		k.kind = repostPlaylist
	}
	send, want := l.press(k, l.reposted[k.urn])
	if !send {
		return nil
	}
	return repostCmd(l.e, k.urn, it.Playlist != nil, title(it), want)
}

// Update applies the answer to a write: what the server said is kept, a
// newer press goes out next, and once none is left the screen shows the
// server's state, with a message; success marks the lists it changed as
// stale.
func (l *library) Update(msg tea.Msg) (bool, tea.Cmd) {
	switch msg := msg.(type) {
	case likeMsg:
		k, kind := toggleKey{likeTrack, msg.urn}, likedTracksList
		if msg.playlist {
			k.kind, kind = likePlaylist, likedPlaylistsList
		}
		text := toggleText{[4]string{"like", "unlike", "Liked", "Unliked"}, fmt.Sprintf("%q", msg.title)}
		return true, l.toggled(k, text, msg.err, msg.read, func(want bool) tea.Cmd {
			return likeCmd(l.e, msg.urn, msg.playlist, msg.title, want)
		}, stale(kind))
	case followMsg:
		text := toggleText{[4]string{"follow", "unfollow", "Following", "Unfollowed"}, msg.name}
		return true, l.toggled(toggleKey{followUser, msg.urn}, text, msg.err, msg.read, func(want bool) tea.Cmd {
			return followCmd(l.e, msg.urn, msg.name, want)
		}, stale(followingsList))
	case repostMsg:
		k := toggleKey{repostTrack, msg.urn}
		if msg.playlist {
			k.kind = repostPlaylist
		}
		text := toggleText{[4]string{"repost", "un-repost", "Reposted", "Removed repost of"}, fmt.Sprintf("%q", msg.title)}
		return true, l.toggled(k, text, msg.err, msg.read, func(want bool) tea.Cmd {
			return repostCmd(l.e, msg.urn, msg.playlist, msg.title, want)
		}, nil)
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
