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
