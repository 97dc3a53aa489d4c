package fake

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/cirrus-tui/cirrus/api/fake/media"
)

// scTime is SoundCloud's timestamp layout ("2020/10/12 12:03:00 +0000").
const scTime = "2006/01/02 15:04:05 -0700"

func fmtTime(t time.Time) string { return t.UTC().Format(scTime) }

func urnOf(kind string, id int64) string { return fmt.Sprintf("soundcloud:%s:%d", kind, id) }

// parseID accepts "soundcloud:<kind>:<n>" or a bare number.
func parseID(s, kind string) (int64, bool) {
	s = strings.TrimSpace(s)
	if rest, ok := strings.CutPrefix(s, "soundcloud:"+kind+":"); ok {
		s = rest
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n <= 0 {
		return 0, false
	}
	return n, true
}

type webProfile struct {
	id       int64
	service  string
	title    string
	url      string
	username string
	created  time.Time
}

type user struct {
	id           int64
	permalink    string
	username     string
	first, last  string
	city         string
	country      string
	description  string
	plan         string
	website      string
	websiteTitle string
	avatarKey    string
	created      time.Time
	modified     time.Time
	creator      bool // holds a creator subscription (storefront)
	profiles     []webProfile
}

type storefront struct {
	Title       string  `json:"title"`
	Type        string  `json:"type"`
	Link        string  `json:"link"`
	LinkTitle   *string `json:"link_title"`
	Description *string `json:"description"`
	Price       *string `json:"price"`
}

type track struct {
	id           int64
	userID       int64
	title        string
	permalink    string
	description  string
	genre        string
	tags         string
	access       string // playable, preview, blocked
	sharing      string // public, private
	secretToken  string
	labelName    string
	license      string
	keySignature string
	isrc         string
	bpm          float64
	spec         media.Spec
	durationMS   int64
	created      time.Time
	modified     time.Time
	commentable  bool
	downloadable bool
	streamable   bool
	embeddableBy string
	purchaseURL  string
	releaseDate  string
	revealStats  bool
	revealCmts   bool
	basePlays    int64
	plays        int64
	waveKey      string
	artworkKey   string
	store        *storefront
	light        bool // one of the archivist's generated tracks
	shape        shape
}

func (t *track) drm() bool { return t.spec.Encrypted }

type playlist struct {
	id          int64
	userID      int64
	title       string
	permalink   string
	description string
	sharing     string
	genre       string
	tags        string
	setType     string
	labelName   string
	license     string
	artworkKey  string
	tracks      []int64
	created     time.Time
	modified    time.Time
}

type comment struct {
	id      int64
	trackID int64
	userID  int64
	body    string
	ts      int64
	created time.Time
}

// edge is a timed relation (a like, a follow, a repost), kept newest first.
type edge struct {
	id int64
	at time.Time
}

type edges []edge

func (e edges) has(id int64) bool {
	for _, x := range e {
		if x.id == id {
			return true
		}
	}
	return false
}

func (e edges) add(id int64, at time.Time) (edges, bool) {
	if e.has(id) {
		return e, false
	}
	return append(edges{{id, at}}, e...), true
}

func (e edges) remove(id int64) (edges, bool) {
	for i, x := range e {
		if x.id == id {
			return append(e[:i:i], e[i+1:]...), true
		}
	}
	return e, false
}

// state is everything a write can change. Guarded by Server.mu.
type state struct {
	users     map[int64]*user
	userOrder []int64
	tracks    map[int64]*track
	trackIDs  []int64 // seeded and uploaded, in id order (archive excluded)
	playlists map[int64]*playlist
	plOrder   []int64
	comments  map[int64][]*comment // by track, oldest first

	followings    map[int64]edges // user -> users they follow
	trackLikes    map[int64]edges
	plLikes       map[int64]edges
	trackReposts  map[int64]edges
	plReposts     map[int64]edges
	recent        map[int64][]int64
	likeCount     map[int64]int // by track
	repostCount   map[int64]int // by track
	shortLinks    map[string]string
	nextTrack     int64
	nextPlaylist  int64
	nextComment   int64
	nextProfileID int64
	// PlayQuota accounting: the rolling window's start and its plays.
	playsWindowStart time.Time
	quotaPlays       int // plays in the window, counted since the faults were last set
}

func (st *state) lookupUser(s string) *user {
	if id, ok := parseID(s, "users"); ok {
		return st.users[id]
	}
	for _, id := range st.userOrder {
		if st.users[id].permalink == s {
			return st.users[id]
		}
	}
	return nil
}

func (st *state) userByPermalink(p string) *user {
	for _, id := range st.userOrder {
		if strings.EqualFold(st.users[id].permalink, p) {
			return st.users[id]
		}
	}
	return nil
}

func (st *state) followerIDs(uid int64) []edge {
	var out edges
	for _, id := range st.userOrder {
		for _, e := range st.followings[id] {
			if e.id == uid {
				out = append(out, edge{id, e.at})
			}
		}
	}
	sortEdges(out)
	return out
}

func sortEdges(e edges) {
	// newest first, ties by id for determinism
	for i := 1; i < len(e); i++ {
		for j := i; j > 0 && (e[j].at.After(e[j-1].at) || (e[j].at.Equal(e[j-1].at) && e[j].id < e[j-1].id)); j-- {
			e[j], e[j-1] = e[j-1], e[j]
		}
	}
}

func (st *state) userTracks(uid int64) []*track {
	var out []*track
	for _, id := range st.trackIDs {
		if t := st.tracks[id]; t != nil && t.userID == uid {
			out = append(out, t)
		}
	}
	return out
}

func (st *state) userPlaylists(uid int64) []*playlist {
	var out []*playlist
	for _, id := range st.plOrder {
		if p := st.playlists[id]; p != nil && p.userID == uid {
			out = append(out, p)
		}
	}
	return out
}

// removeTrack deletes a track with its comments, likes and reposts.
// Playlists keep its id: they still count it, and no listing shows it.
func (st *state) removeTrack(id int64) {
	delete(st.tracks, id)
	delete(st.comments, id)
	for _, u := range st.userOrder {
		st.trackLikes[u], _ = st.trackLikes[u].remove(id)
		st.trackReposts[u], _ = st.trackReposts[u].remove(id)
	}
	for i, x := range st.trackIDs {
		if x == id {
			st.trackIDs = append(st.trackIDs[:i:i], st.trackIDs[i+1:]...)
			break
		}
	}
}

// visible says whether caller may see t at all (private tracks only to
// their owner or with the secret token).
func (t *track) visible(caller int64, secret string) bool {
	return t.sharing != "private" || t.userID == caller || (secret != "" && secret == t.secretToken)
}

func (p *playlist) visible(caller int64, secret string) bool {
	return p.sharing != "private" || p.userID == caller
}
