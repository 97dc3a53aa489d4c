package ui

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/cirrus-tui/cirrus/api"
	"github.com/cirrus-tui/cirrus/player"
)

func (b *recBackend) RelatedTracks(ctx context.Context, urn api.URN, o api.ListOptions) (*api.Page[api.Track], error) {
	if err := b.rec("RelatedTracks", urn); err != nil {
		return nil, err
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	return page(b.related[urn]), nil
}

func (b *recBackend) RecentlyPlayed(ctx context.Context, access []string) ([]api.Track, error) {
	if err := b.rec("RecentlyPlayed"); err != nil {
		return nil, err
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	return append([]api.Track(nil), b.recent...), nil
}

func (a *recAudio) RestoreWith(es []player.QueueEntry, start int, at time.Duration, r *player.Radio) {
	a.rec("Restore", len(es), start, es[start].Track.URN, at)
	a.mu.Lock()
	a.queue, a.from = nil, nil
	for _, e := range es {
		a.queue, a.from = append(a.queue, e.Track), append(a.from, e.From)
	}
	a.radio = r
	a.mu.Unlock()
}

// editTracks mirrors api.EditPlaylistTracks on the canned playlists: read
// all, edit, write the whole list (recorded as WritePlaylist), read back.
func (b *recBackend) editTracks(ctx context.Context, pl api.URN, edit func(cur []api.URN) ([]api.URN, int, error)) (*api.PlaylistEdit, error) {
	b.mu.Lock()
	var before []api.URN
	for _, t := range b.plTracks[pl] {
		before = append(before, t.URN)
	}
	b.mu.Unlock()
	want, at, err := edit(slices.Clone(before))
	if err != nil {
		return nil, err
	}
	if err := b.rec("WritePlaylist", pl, len(want)); err != nil {
		return nil, fmt.Errorf("write playlist: %w", err)
	}
	b.mu.Lock()
	ts := make([]api.Track, len(want))
	for i, u := range want {
		ts[i] = api.Track{URN: u}
	}
	b.plTracks[pl] = ts
	b.mu.Unlock()
	return &api.PlaylistEdit{Before: before, After: want, At: at}, nil
}

func (b *recBackend) RemovePlaylistTrack(ctx context.Context, pl, track api.URN, at int) (*api.PlaylistEdit, error) {
	return b.editTracks(ctx, pl, func(cur []api.URN) ([]api.URN, int, error) {
		if at < 0 || at >= len(cur) || cur[at] != track {
			return nil, 0, api.ErrPlaylistChanged
		}
		return slices.Delete(cur, at, at+1), at, nil
	})
}

func (b *recBackend) MovePlaylistTrackBy(ctx context.Context, pl, track api.URN, from, delta int) (*api.PlaylistEdit, error) {
	return b.editTracks(ctx, pl, func(cur []api.URN) ([]api.URN, int, error) {
		if from < 0 || from >= len(cur) || cur[from] != track {
			return nil, 0, api.ErrPlaylistChanged
		}
		to := min(max(from+delta, 0), len(cur)-1)
		u := cur[from]
		cur = slices.Delete(cur, from, from+1)
		return slices.Insert(cur, to, u), to, nil
	})
}

func (b *recBackend) RenamePlaylist(ctx context.Context, pl api.URN, title string) (*api.Playlist, error) {
	if err := b.rec("RenamePlaylist", pl, title); err != nil {
		return nil, err
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	for i := range b.myPlaylists {
		if b.myPlaylists[i].URN == pl {
			b.myPlaylists[i].Title = title
			p := b.myPlaylists[i]
			return &p, nil
		}
	}
	return nil, &api.Error{Status: 404, Message: "not found"}
}

func (b *recBackend) DeletePlaylist(ctx context.Context, pl api.URN) error {
	if err := b.rec("DeletePlaylist", pl); err != nil {
		return err
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	b.myPlaylists = slices.DeleteFunc(b.myPlaylists, func(p api.Playlist) bool { return p.URN == pl })
	return nil
}

// Refresh replaces queued tracks by URN, as the player does.
func (a *recAudio) Refresh(ts []api.Track) {
	a.rec("Refresh", len(ts))
	a.mu.Lock()
	defer a.mu.Unlock()
	for i := range a.queue {
		for _, t := range ts {
			if t.URN == a.queue[i].URN {
				a.queue[i] = t
			}
		}
	}
}
