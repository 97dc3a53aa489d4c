package api

import (
	"context"
	"sync"
)

// playlistLocks orders the read-modify-write edits of one playlist: PUT
// replaces the whole track list, so two edits that read the same list
// would each write it back without the other's change. One edit holds a
// playlist's lock from its first read to its read-back; others wait, or
// give up when their context ends. The zero value is ready to use.
type playlistLocks struct {
	mu   sync.Mutex
	held map[string]*playlistLock
}

type playlistLock struct {
	ch    chan struct{} // holds one token while the playlist is being edited
	users int           // holders and waiters; the entry goes at zero
}

// lock waits for playlist's lock; the returned func releases it.
func (p *playlistLocks) lock(ctx context.Context, playlist URN) (func(), error) {
	k := canonical(playlist)
	p.mu.Lock()
	if p.held == nil {
		p.held = map[string]*playlistLock{}
	}
	l := p.held[k]
	if l == nil {
		l = &playlistLock{ch: make(chan struct{}, 1)}
		p.held[k] = l
	}
	l.users++
	p.mu.Unlock()
	done := func() {
		p.mu.Lock()
		if l.users--; l.users == 0 {
			delete(p.held, k)
		}
		p.mu.Unlock()
	}
	select {
	case l.ch <- struct{}{}:
		return func() { <-l.ch; done() }, nil
	case <-ctx.Done():
		done()
		return nil, ctx.Err()
	}
}
