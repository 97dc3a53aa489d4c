package api

import (
	"context"
	"errors"
	"fmt"
	"slices"
)

// RemovePlaylistRows removes a run of rows in one write: tracks, as the
// caller showed them from row at (0-based) on — a selection of several
// rows. When the run is no longer there as shown (an earlier edit failed,
// another client edited the playlist), each track is found as
// RemovePlaylistTrack finds a moved row: only where the playlist holds it
// exactly once; otherwise nothing is written and the error wraps
// ErrPlaylistChanged. Every other track keeps its place.
func (c *Client) RemovePlaylistRows(ctx context.Context, playlist URN, tracks []URN, at int) (*PlaylistEdit, error) {
	if len(tracks) == 0 {
		return nil, errors.New("remove rows: no tracks given")
	}
	e, err := c.EditPlaylistTracks(ctx, playlist, func(cur []URN) ([]URN, error) {
		if at >= 0 && at+len(tracks) <= len(cur) && sameIDs(cur[at:at+len(tracks)], tracks) {
			return slices.Delete(cur, at, at+len(tracks)), nil
		}
		drop := make(map[int]bool, len(tracks))
		for i, t := range tracks {
			j, err := locate(cur, t, max(at, 0)+i)
			if err != nil {
				return nil, err
			}
			if drop[j] {
				return nil, fmt.Errorf("%s at position %d: %w", t, at+i+1, ErrPlaylistChanged)
			}
			drop[j] = true
		}
		out := make([]URN, 0, len(cur)-len(drop))
		for i, u := range cur {
			if !drop[i] {
				out = append(out, u)
			}
		}
		return out, nil
	})
	return withRow(e, at), err
}

// MovePlaylistRows moves a run of rows together by delta rows (-1 up, +1
// down, clamped to the list) in one write: tracks, as the caller showed
// them from row at on. The run must be in the playlist as one block: at at,
// or, when the rows around it changed, at the one place it is; otherwise
// nothing is written and the error wraps ErrPlaylistChanged. At is the
// run's new first row.
func (c *Client) MovePlaylistRows(ctx context.Context, playlist URN, tracks []URN, at, delta int) (*PlaylistEdit, error) {
	if len(tracks) == 0 {
		return nil, errors.New("move rows: no tracks given")
	}
	row := -1
	e, err := c.EditPlaylistTracks(ctx, playlist, func(cur []URN) ([]URN, error) {
		n := len(tracks)
		i := -1
		if at >= 0 && at+n <= len(cur) && sameIDs(cur[at:at+n], tracks) {
			i = at
		} else {
			for j := 0; j+n <= len(cur); j++ {
				if sameIDs(cur[j:j+n], tracks) {
					if i >= 0 {
						return nil, fmt.Errorf("the rows from position %d: %w", at+1, ErrPlaylistChanged)
					}
					i = j
				}
			}
		}
		if i < 0 {
			return nil, fmt.Errorf("the rows from position %d are not there: %w", at+1, ErrPlaylistChanged)
		}
		block := slices.Clone(cur[i : i+n])
		rest := slices.Delete(cur, i, i+n)
		row = max(0, min(i+delta, len(rest)))
		return slices.Insert(rest, row, block...), nil
	})
	return withRow(e, row), err
}
