package ui

import (
	"context"
	"errors"
	"fmt"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/cirrus-tui/cirrus/api"
)

// Likes, follows and reposts are shown at once and written in the
// background. Each item has at most one write on its way: a press while
// one is out only changes what is shown, and when the answer comes the
// next write goes out if the user now wants the other state. So answers
// come in the order the server saw the writes, and what the screen
// settles to is what the server last said — whatever failed, and in
// whichever order the presses came.

// toggleKind says which fact about an item a write changes.
type toggleKind int

const (
	likeTrack toggleKind = iota
	likePlaylist
	followUser
	repostTrack
	repostPlaylist
)

type toggleKey struct {
	kind toggleKind
	urn  api.URN
}

// toggleWrite is one item's write on its way.
type toggleWrite struct {
	server  bool // what the server last said (before the write out, or as read back)
	sent    bool // what the write out asks for
	pressed bool // pressed since the write went out
}

// readBack is what reading an item back after a failed write told: a 5xx
// or a lost connection leaves open whether the server carried it out.
type readBack struct {
	known   bool // on is the server's word
	on      bool
	count   int64 // the item's like count, when counted
	counted bool
	err     error // why it could not be read
}

// uncertainWrite says whether a write's failure leaves open whether it was
// carried out: anything but a 4xx answer (which refuses it) and a
// cancelled context (cirrus is quitting).
func uncertainWrite(err error) bool {
	if err == nil || errors.Is(err, context.Canceled) {
		return false
	}
	if e, ok := api.AsError(err); ok {
		return e.Status >= 500 || e.Status == 408
	}
	return true
}

// shownMap is the map that holds what the screen shows for a kind.
func (l *library) shownMap(k toggleKind) map[api.URN]bool {
	switch k {
	case likeTrack:
		return l.liked
	case likePlaylist:
		return l.likedPl
	case followUser:
		return l.following
	}
	return l.reposted
}

// press flips what is shown from cur and says whether a write must go out
// now (none is on its way) and for what.
func (l *library) press(k toggleKey, cur bool) (send, want bool) {
	want = !cur
	l.shownMap(k.kind)[k.urn] = want
	if w := l.writes[k]; w != nil {
		w.pressed = true
		return false, want
	}
	l.writes[k] = &toggleWrite{server: cur, sent: want}
	return true, want
}

// answer takes the server's word on the write out for k, which asked for
// sent. again is set when the user has since pressed for the other state:
// that write must go out next (for want). Otherwise the screen now shows
// the server's state, want. ok is false for an answer to no write of ours.
func (l *library) answer(k toggleKey, err error, rb readBack) (again, want, sent, ok bool) {
	cur := l.writes[k]
	if cur == nil {
		return false, false, false, false
	}
	sent = cur.sent
	before := cur.server
	switch {
	case err == nil:
		cur.server = cur.sent
	case rb.known:
		cur.server = rb.on
	}
	if k.kind == likeTrack || k.kind == likePlaylist {
		l.countLike(k.urn, before, cur.server, rb)
	}
	shown := l.shownMap(k.kind)[k.urn]
	if cur.pressed && shown != cur.server {
		cur.pressed, cur.sent = false, shown
		return true, shown, sent, true
	}
	delete(l.writes, k)
	l.shownMap(k.kind)[k.urn] = cur.server
	return false, cur.server, sent, true
}

// countLike keeps the like count the server would give for its state.
func (l *library) countLike(urn api.URN, before, now bool, rb readBack) {
	n := l.likeCount[urn]
	switch {
	case rb.counted:
		n = rb.count
	case !before && now:
		n++
	case before && !now:
		n--
	}
	l.likeCount[urn] = max(n, 0)
}

// likeServer is the like state the server last said while a write of it
// is out (ok false when none is): likes() counts what is shown beyond it.
func (l *library) likeServer(it item) (on, ok bool) {
	k := toggleKey{likeTrack, it.URN()}
	if it.Playlist != nil {
		k.kind = likePlaylist
	}
	if w := l.writes[k]; w != nil {
		return w.server, true
	}
	return false, false
}

// toggled finishes an answer: the next write when the user pressed again,
// else the message for what the server now holds.
func (l *library) toggled(k toggleKey, what toggleText, err error, rb readBack, next func(want bool) tea.Cmd, stale tea.Cmd) tea.Cmd {
	again, want, sent, ok := l.answer(k, err, rb)
	switch {
	case !ok:
		return nil
	case again:
		return next(want)
	case err == nil:
		return tea.Batch(stale, statusCmd(what.past(sent)+".", false))
	case rb.known && rb.on == sent:
		return tea.Batch(stale, statusCmd(what.past(sent)+" (the server answered with an error, but it reads back as asked).", false))
	case uncertainWrite(err) && !rb.known:
		return writeFailed(fmt.Sprintf("Could not %s: %v — it may have been applied; reload to check.", what.verb(sent), err), err)
	}
	return writeFailed(fmt.Sprintf("Could not %s: %v", what.verb(sent), err), err)
}

// writeFailed says on the status line that a like, follow or repost did
// not happen; the one place its wording and its error meet.
func writeFailed(text string, err error) tea.Cmd { return failure(text, err) }

// toggleText words a toggle's messages: "like “X”", "Liked “X”".
type toggleText struct {
	verbs [4]string // on, off, and their past tenses
	name  string    // the item, quoted as it should read
}

func (t toggleText) verb(want bool) string { return verb(want, t.verbs[0], t.verbs[1]) + " " + t.name }

func (t toggleText) past(want bool) string { return verb(want, t.verbs[2], t.verbs[3]) + " " + t.name }
