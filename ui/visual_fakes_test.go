package ui

import (
	"context"
	"slices"

	"github.com/cirrus-tui/cirrus/api"
)

func (b *recBackend) RemovePlaylistRows(ctx context.Context, pl api.URN, tracks []api.URN, at int) (*api.PlaylistEdit, error) {
	return b.editTracks(ctx, pl, func(cur []api.URN) ([]api.URN, int, error) {
		if at < 0 || at+len(tracks) > len(cur) || !slices.Equal(cur[at:at+len(tracks)], tracks) {
			return nil, 0, api.ErrPlaylistChanged
		}
		return slices.Delete(cur, at, at+len(tracks)), at, nil
	})
}

func (b *recBackend) MovePlaylistRows(ctx context.Context, pl api.URN, tracks []api.URN, at, delta int) (*api.PlaylistEdit, error) {
	return b.editTracks(ctx, pl, func(cur []api.URN) ([]api.URN, int, error) {
		n := len(tracks)
		if at < 0 || at+n > len(cur) || !slices.Equal(cur[at:at+n], tracks) {
			return nil, 0, api.ErrPlaylistChanged
		}
		rest := slices.Delete(slices.Clone(cur), at, at+n)
		to := min(max(at+delta, 0), len(rest))
		return slices.Insert(rest, to, tracks...), to, nil
	})
}
