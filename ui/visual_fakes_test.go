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
