package api

import (
	"fmt"
	"strconv"
	"strings"
)

// URN identifies a SoundCloud resource. SoundCloud moved from numeric ids to
// "soundcloud:<kind>:<id>" strings in 2025 but still returns numeric ids in
// places (uri fields, /resolve), so URN accepts both and prints the new form.
type URN string

// Kinds used in URNs.
const (
	KindTrack    = "tracks"
	KindUser     = "users"
	KindPlaylist = "playlists"
	KindComment  = "comments"
)

// NewURN builds "soundcloud:<kind>:<id>".
func NewURN(kind string, id int64) URN {
	return URN(fmt.Sprintf("soundcloud:%s:%d", kind, id))
}

// maxIDDigits bounds an id: SoundCloud's ids are int64s (at most 19 digits).
const maxIDDigits = 19

// KnownKind reports whether kind is one of the kinds cirrus asks for.
func KnownKind(kind string) bool {
	switch kind {
	case KindTrack, KindUser, KindPlaylist, KindComment:
		return true
	}
	return false
}

// validID reports whether id is a SoundCloud id: decimal digits only, no
// sign, at most maxIDDigits, within int64.
func validID(id string) bool {
	if id == "" || len(id) > maxIDDigits {
		return false
	}
	for i := 0; i < len(id); i++ {
		if id[i] < '0' || id[i] > '9' {
			return false
		}
	}
	_, err := strconv.ParseInt(id, 10, 64)
	return err == nil
}

// ParseURN accepts "soundcloud:tracks:123", a bare numeric id (kind must then be
// given by the caller through defaultKind) or an API URL such as
// "https://api.soundcloud.com/tracks/123". The kind must be one of
// KindTrack, KindUser, KindPlaylist or KindComment and the id a decimal
// int64: anything else (a typo, a kind cirrus cannot use, an id that would
// put text of its own into a request path) is an error.
func ParseURN(s, defaultKind string) (URN, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return "", fmt.Errorf("empty urn")
	}
	if strings.HasPrefix(s, "soundcloud:") {
		parts := strings.Split(s, ":")
		if len(parts) != 3 || parts[1] == "" || parts[2] == "" {
			return "", fmt.Errorf("malformed urn %q", s)
		}
		return build(parts[1], parts[2], s)
	}
	if i := strings.Index(s, "://"); i >= 0 {
		rest := s[i+3:]
		if j := strings.IndexAny(rest, "?#"); j >= 0 {
			rest = rest[:j]
		}
		segs := strings.Split(strings.Trim(rest, "/"), "/")
		if len(segs) >= 3 {
			kind, id := segs[len(segs)-2], segs[len(segs)-1]
			if strings.HasPrefix(id, "soundcloud:") {
				return ParseURN(id, "")
			}
			if validID(id) {
				return build(kind, id, s)
			}
		}
		return "", fmt.Errorf("no resource id in %q", s)
	}
	if validID(s) {
		if defaultKind == "" {
			return "", fmt.Errorf("numeric id %q needs a kind", s)
		}
		return build(defaultKind, s, s)
	}
	return "", fmt.Errorf("malformed urn %q", s)
}

// build checks kind and id and makes the URN; in names the input for the
// error.
func build(kind, id, in string) (URN, error) {
	if !KnownKind(kind) {
		return "", fmt.Errorf("urn %q: unknown kind %q (want tracks, users, playlists or comments)", in, kind)
	}
	if !validID(id) {
		return "", fmt.Errorf("urn %q: id %q is not a number of at most %d digits", in, id, maxIDDigits)
	}
	n, _ := strconv.ParseInt(id, 10, 64)
	return NewURN(kind, n), nil // canonical: "007" and "7" are one id
}

// Kind returns "tracks", "users", ... or "" for a malformed URN.
func (u URN) Kind() string {
	parts := strings.Split(string(u), ":")
	if len(parts) == 3 {
		return parts[1]
	}
	return ""
}

// ID returns the last part, numeric for every resource SoundCloud serves today.
func (u URN) ID() string {
	s := string(u)
	if i := strings.LastIndexByte(s, ':'); i >= 0 {
		return s[i+1:]
	}
	return s
}

func (u URN) String() string { return string(u) }

// UnmarshalJSON accepts a JSON string or a JSON number (legacy ids).
func (u *URN) UnmarshalJSON(b []byte) error {
	s := strings.TrimSpace(string(b))
	if s == "null" {
		*u = ""
		return nil
	}
	if len(s) > 0 && s[0] == '"' {
		v, err := strconv.Unquote(s)
		if err != nil {
			return fmt.Errorf("urn: %w", err)
		}
		*u = URN(v)
		return nil
	}
	if _, err := strconv.ParseInt(s, 10, 64); err != nil {
		return fmt.Errorf("urn: unexpected %s", s)
	}
	*u = URN(s)
	return nil
}
