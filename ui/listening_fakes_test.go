package ui

import (
	"context"
	"time"

	"github.com/cirrus-tui/cirrus/api"
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

func (a *recAudio) Restore(ts []api.Track, start int, at time.Duration) {
	a.rec("Restore", len(ts), start, ts[start].URN, at)
}
