package api

import (
	"errors"
	"net/http"
	"strings"
)

// ErrAppNotEntitled matches (with errors.Is) a 403 by which SoundCloud
// refuses the app itself rather than the track or the user: since 2026 an
// app registered without a paid plan gets it on /tracks/{urn}/streams and
// on every write, with a body such as {"code":403,"message":"An active Pro
// Unlimited subscription is required for this action",...}
// (soundcloud/api #573). Nothing the user does in cirrus changes it; see
// README, "Accounts".
var ErrAppNotEntitled = errors.New("SoundCloud refuses this app (its plan does not allow the action)")

// refusalPhrases are what the 403 bodies of an unentitled app say, lower
// case. A track's own 403 ("this track is blocked") says none of them.
var refusalPhrases = []string{
	"subscription is required",
	"pro unlimited",
	"not entitled",
	"plan does not allow",
	"upgrade your plan",
}

// Is makes errors.Is(err, ErrAppNotEntitled) true for an app refusal.
func (e *Error) Is(target error) bool {
	return target == ErrAppNotEntitled && e.appRefused()
}

func (e *Error) appRefused() bool {
	if e.Status != http.StatusForbidden {
		return false
	}
	m := strings.ToLower(e.Message)
	for _, p := range refusalPhrases {
		if strings.Contains(m, p) {
			return true
		}
	}
	return false
}

// Refusal is what an app refusal stops: full streams, or writes.
type Refusal int

const (
	// RefusedStreams: /tracks/{urn}/streams answered 403; previews still play.
	RefusedStreams Refusal = iota + 1
	// RefusedWrites: a like, repost, comment, follow or playlist edit
	// answered 403; reading still works.
	RefusedWrites
)

// AppRefusal says whether err is an app refusal and of what kind, read
// from the refused request: /streams and its redirectors are streams,
// anything else is a write.
func AppRefusal(err error) (Refusal, bool) {
	e, ok := AsError(err)
	if !ok || !e.appRefused() {
		return 0, false
	}
	if strings.HasPrefix(e.Op, "GET ") && strings.Contains(e.Op, "/streams") {
		return RefusedStreams, true
	}
	return RefusedWrites, true
}

// Sentence is the one plain sentence cirrus says for a refusal, in the
// TUI, the CLI and doctor alike.
func (r Refusal) Sentence() string {
	switch r {
	case RefusedStreams:
		return "SoundCloud does not let this app stream full tracks — see README: Accounts"
	case RefusedWrites:
		return "SoundCloud does not let this app change your likes, reposts, comments, follows or playlists — see README: Accounts"
	}
	return ""
}
