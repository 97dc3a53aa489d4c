package api

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"
)

// Playlist edits. SoundCloud's PUT /playlists/{urn} replaces the whole track
// list, and GET /playlists/{urn}/tracks pages, so every edit of the tracks
// goes through EditPlaylistTracks: read every page (All, under PageGuard)
// and check that they hold every track the playlist has (the rule in
// playlist_complete.go: refused with *IncompletePlaylistError otherwise),
// change the list in memory, write the whole list, read it back. An edit
// that fails before the write leaves the playlist as it was; a write that
// fails may still have taken effect, so the playlist is read back to tell,
// and an *UncertainWriteError says when that could not settle it.
//
// How the UI is meant to use it: run each edit in a tea.Cmd with the row the
// user saw (0-based) — RemovePlaylistTrack(p, track, row),
// MovePlaylistTrackBy(p, track, row, ±1) for move up/down, RenamePlaylist,
// DeletePlaylist after a confirmation naming the playlist. On success show
// PlaylistEdit.After (the list read back) with the cursor on PlaylistEdit.At;
// on error keep the list on screen as it was and show the error
// (ErrPlaylistChanged or *UncertainWriteError: reload). Before adding, call AddToPlaylistChecked with
// allowDuplicates false; on a *DuplicateError ask "add it again?" and call
// again with true.

// ErrPlaylistChanged says the playlist no longer holds what the caller saw
// (another client edited it since it was read); nothing was written.
var ErrPlaylistChanged = errors.New("the playlist changed since it was shown; reload it and try again")

// DuplicateError is returned by AddToPlaylistChecked when some of the tracks
// are already in the playlist; nothing was written. Callers ask the user and
// call again with allowDuplicates set.
type DuplicateError struct {
	Playlist URN
	Tracks   []URN // the tracks already present, in the order asked
}

func (e *DuplicateError) Error() string {
	if len(e.Tracks) == 1 {
		return fmt.Sprintf("%s is already in playlist %s", e.Tracks[0], e.Playlist)
	}
	return fmt.Sprintf("%d of the tracks are already in playlist %s", len(e.Tracks), e.Playlist)
}

// IsDuplicate says whether err is a *DuplicateError.
func IsDuplicate(err error) bool {
	var d *DuplicateError
	return errors.As(err, &d)
}

// VerifyError says the write was accepted but reading the playlist back did
// not show the list that was sent. The caller should tell the user to look.
type VerifyError struct {
	Playlist  URN
	Want, Got int // track counts
}

func (e *VerifyError) Error() string {
	return fmt.Sprintf("playlist %s: after the update it has %d tracks, expected %d; check it on SoundCloud", e.Playlist, e.Got, e.Want)
}

// UncertainWriteError says a write failed in a way that leaves open whether
// the server carried it out (a 5xx, a dropped connection, a timeout after
// the request went out), and reading the playlist back did not settle it.
// The caller must not say "not applied": the user should reload and look.
type UncertainWriteError struct {
	Playlist URN
	Err      error // the write's failure
	Check    error // why reading back did not tell
}

func (e *UncertainWriteError) Error() string {
	return fmt.Sprintf("the change may have been applied: reload to check (the write failed: %v; reading the playlist back: %v)", e.Err, e.Check)
}

func (e *UncertainWriteError) Unwrap() error { return e.Err }

// IsUncertainWrite says whether err is an *UncertainWriteError.
func IsUncertainWrite(err error) bool {
	var ue *UncertainWriteError
	return errors.As(err, &ue)
}

// PlaylistEdit is the outcome of a track-list edit.
type PlaylistEdit struct {
	Playlist *Playlist // the server's answer to the write (may lack tracks; nil if none)
	Before   []URN     // every track before the edit
	After    []URN     // every track read back after the write
	// At is the 0-based row the edit touched: the removed row, the moved
	// track's new row, the first appended row.
	At int
	// WriteErr is set when the write answered with an error and yet the
	// playlist reads back exactly as asked: the edit took effect.
	WriteErr error
}

// EditPlaylistTracks reads every track of playlist, passes the list to edit
// and writes what edit returns as the whole new list, then reads it back and
// checks it. When the listing does not hold every track of the playlist,
// nothing is written and an *IncompletePlaylistError says why. When edit
// returns an error nothing is written and that error is returned as is.
// When edit returns a list equal to the current one nothing is written
// either (Playlist is then nil).
//
// Edits of one playlist through one Client never interleave: each holds
// the playlist's lock from its first read to its read-back, so a second
// edit starts from the list the first one left. Waiting ends with ctx.
func (c *Client) EditPlaylistTracks(ctx context.Context, playlist URN, edit func(cur []URN) ([]URN, error)) (*PlaylistEdit, error) {
	unlock, err := c.edits.lock(ctx, playlist)
	if err != nil {
		return nil, fmt.Errorf("wait for the playlist's previous edit: %w", err)
	}
	defer unlock()
	src, err := c.readPlaylistSources(ctx, playlist)
	if err != nil {
		return nil, fmt.Errorf("read playlist: %w", err)
	}
	if err := src.check(); err != nil {
		return nil, err
	}
	before := src.listed
	want, err := edit(slices.Clone(before))
	if err != nil {
		return nil, err
	}
	if want == nil {
		want = []URN{}
	}
	res := &PlaylistEdit{Before: before, At: -1}
	if sameIDs(want, before) {
		res.After = before
		return res, nil
	}
	p, err := c.SetPlaylistTracks(ctx, playlist, want)
	if err != nil {
		return c.afterFailedWrite(ctx, playlist, res, want, err)
	}
	res.Playlist = p
	after, err := c.AllPlaylistTrackURNs(ctx, playlist)
	if err != nil {
		return nil, fmt.Errorf("verify playlist: %w", err)
	}
	res.After = after
	if !sameIDs(after, want) {
		return res, &VerifyError{Playlist: playlist, Want: len(want), Got: len(after)}
	}
	return res, nil
}

// afterFailedWrite settles what a failed write of want did. A refusal (a
// 4xx other than 408 and 429) changed nothing. Anything else may have been
// carried out before it failed, so the playlist is read back: as asked, the
// edit took effect (res with WriteErr); as before, it did not; otherwise, or
// when it cannot be read, an *UncertainWriteError.
func (c *Client) afterFailedWrite(ctx context.Context, playlist URN, res *PlaylistEdit, want []URN, werr error) (*PlaylistEdit, error) {
	if refused(werr) {
		return nil, fmt.Errorf("write playlist: %w", werr)
	}
	if err := ctx.Err(); err != nil {
		return nil, &UncertainWriteError{Playlist: playlist, Err: werr, Check: err}
	}
	now, err := c.AllPlaylistTrackURNs(ctx, playlist)
	switch {
	case err != nil:
		return nil, &UncertainWriteError{Playlist: playlist, Err: werr, Check: err}
	case sameIDs(now, want):
		c.log.Info("playlist write failed but took effect", "playlist", playlist, "err", werr)
		res.After, res.WriteErr = now, werr
		return res, nil
	case sameIDs(now, res.Before):
		return nil, fmt.Errorf("write playlist (not applied: it reads back as it was): %w", werr)
	}
	return nil, &UncertainWriteError{Playlist: playlist, Err: werr,
		Check: fmt.Errorf("it now holds %d tracks, neither the %d it had nor the %d asked for", len(now), len(res.Before), len(want))}
}

// refused says whether a write's error is the server turning it down, so
// that it provably changed nothing: a 4xx other than 408 (timeout) and 429
// (a retry after an earlier attempt that may have gone through).
func refused(err error) bool {
	e, ok := AsError(err)
	return ok && e.Status >= 400 && e.Status < 500 && e.Status != 408 && e.Status != 429
}

// sameIDs compares track lists by id: the API may answer with numeric ids
// where URNs were sent.
func sameIDs(a, b []URN) bool {
	return slices.EqualFunc(a, b, func(x, y URN) bool { return canonical(x) == canonical(y) })
}

// locate finds track in cur, preferring index at (the row the user saw);
// -1 and ErrPlaylistChanged when it is not there at all. at < 0 means the
// first occurrence.
func locate(cur []URN, track URN, at int) (int, error) {
	if at >= 0 && at < len(cur) && canonical(cur[at]) == canonical(track) {
		return at, nil
	}
	if at >= 0 {
		// The row moved: accept it only when the track is there exactly once,
		// so the edit cannot hit a different copy than the one the user meant.
		i, n := -1, 0
		for j, u := range cur {
			if canonical(u) == canonical(track) {
				i, n = j, n+1
			}
		}
		if n == 1 {
			return i, nil
		}
		return -1, fmt.Errorf("%s at position %d: %w", track, at+1, ErrPlaylistChanged)
	}
	if i := slices.IndexFunc(cur, func(u URN) bool { return canonical(u) == canonical(track) }); i >= 0 {
		return i, nil
	}
	return -1, fmt.Errorf("%s is not in the playlist: %w", track, ErrPlaylistChanged)
}

// RemovePlaylistTrack removes one occurrence of track: the one at index at
// (0-based, as the caller showed it), or the first one when at < 0. Every
// other track keeps its place.
func (c *Client) RemovePlaylistTrack(ctx context.Context, playlist, track URN, at int) (*PlaylistEdit, error) {
	row := -1
	e, err := c.EditPlaylistTracks(ctx, playlist, func(cur []URN) ([]URN, error) {
		i, err := locate(cur, track, at)
		if err != nil {
			return nil, err
		}
		row = i
		return slices.Delete(cur, i, i+1), nil
	})
	return withRow(e, row), err
}

func withRow(e *PlaylistEdit, row int) *PlaylistEdit {
	if e != nil {
		e.At = row
	}
	return e
}

// MovePlaylistTrack moves one occurrence of track (the one at from, or the
// first when from < 0) to index to, clamped to the list; the set of tracks is
// unchanged. Moving up one row is to = from-1, down one row to = from+1.
func (c *Client) MovePlaylistTrack(ctx context.Context, playlist, track URN, from, to int) (*PlaylistEdit, error) {
	return c.movePlaylistTrack(ctx, playlist, track, from, func(int) int { return to })
}

// MovePlaylistTrackBy moves one occurrence of track (as MovePlaylistTrack
// finds it) by delta rows: -1 is up one, +1 down one, clamped to the list.
func (c *Client) MovePlaylistTrackBy(ctx context.Context, playlist, track URN, from, delta int) (*PlaylistEdit, error) {
	return c.movePlaylistTrack(ctx, playlist, track, from, func(i int) int { return i + delta })
}

func (c *Client) movePlaylistTrack(ctx context.Context, playlist, track URN, from int, target func(int) int) (*PlaylistEdit, error) {
	row := -1
	e, err := c.EditPlaylistTracks(ctx, playlist, func(cur []URN) ([]URN, error) {
		i, err := locate(cur, track, from)
		if err != nil {
			return nil, err
		}
		to := max(0, min(target(i), len(cur)-1))
		row = to
		return moveURN(cur, i, to), nil
	})
	return withRow(e, row), err
}

// moveURN moves s[from] to index to (clamped), shifting the others.
func moveURN(s []URN, from, to int) []URN {
	to = max(0, min(to, len(s)-1))
	if from == to {
		return s
	}
	u := s[from]
	s = slices.Delete(s, from, from+1)
	return slices.Insert(s, to, u)
}

// AddToPlaylistChecked appends tracks like AddToPlaylist, but unless
// allowDuplicates is set it writes nothing and returns a *DuplicateError when
// any of them is already in the playlist.
func (c *Client) AddToPlaylistChecked(ctx context.Context, playlist URN, allowDuplicates bool, tracks ...URN) (*PlaylistEdit, error) {
	row := -1
	e, err := c.EditPlaylistTracks(ctx, playlist, func(cur []URN) ([]URN, error) {
		if !allowDuplicates {
			if dup := duplicates(cur, tracks); len(dup) > 0 {
				return nil, &DuplicateError{Playlist: playlist, Tracks: dup}
			}
		}
		row = len(cur)
		return append(cur, tracks...), nil
	})
	return withRow(e, row), err
}

// PlaylistDuplicates reads every page of playlist and returns those of
// tracks it already holds, for a "add it again?" question before adding.
func (c *Client) PlaylistDuplicates(ctx context.Context, playlist URN, tracks ...URN) ([]URN, error) {
	cur, err := c.AllPlaylistTrackURNs(ctx, playlist)
	if err != nil {
		return nil, err
	}
	return duplicates(cur, tracks), nil
}

func duplicates(cur, tracks []URN) []URN {
	have := make(map[string]bool, len(cur))
	for _, u := range cur {
		have[canonical(u)] = true
	}
	var dup []URN
	for _, t := range tracks {
		if have[canonical(t)] && !slices.ContainsFunc(dup, func(d URN) bool { return canonical(d) == canonical(t) }) {
			dup = append(dup, t)
		}
	}
	return dup
}

// MaxPlaylistTitle bounds a playlist title in runes. The spec names no
// limit; SoundCloud's web editor stops at 100.
const MaxPlaylistTitle = 100

// CheckPlaylistTitle says what is wrong with a title, or nil.
func CheckPlaylistTitle(title string) error {
	switch {
	case strings.TrimSpace(title) == "":
		return errors.New("a playlist title cannot be empty")
	case !utf8.ValidString(title):
		return errors.New("the playlist title is not valid UTF-8")
	case utf8.RuneCountInString(title) > MaxPlaylistTitle:
		return fmt.Errorf("a playlist title has at most %d characters", MaxPlaylistTitle)
	case strings.ContainsFunc(title, func(r rune) bool { return r < 0x20 || r == 0x7f }):
		return errors.New("the playlist title contains control characters")
	}
	return nil
}

// RenamePlaylist changes a playlist's title. It sends the title alone, so the
// track list is not touched. A write that fails without being refused is
// settled by reading the title back, as afterFailedWrite does for tracks.
func (c *Client) RenamePlaylist(ctx context.Context, playlist URN, title string) (*Playlist, error) {
	if err := CheckPlaylistTitle(title); err != nil {
		return nil, err
	}
	p, werr := c.UpdatePlaylist(ctx, playlist, PlaylistUpdate{Title: &title})
	if werr == nil || refused(werr) {
		return p, werr
	}
	if err := ctx.Err(); err != nil {
		return nil, &UncertainWriteError{Playlist: playlist, Err: werr, Check: err}
	}
	now, err := c.Playlist(ctx, playlist)
	switch {
	case err != nil:
		return nil, &UncertainWriteError{Playlist: playlist, Err: werr, Check: err}
	case now.Title == title:
		c.log.Info("playlist rename failed but took effect", "playlist", playlist, "err", werr)
		return now, nil
	}
	return nil, fmt.Errorf("rename (not applied: it reads back with another title): %w", werr)
}
