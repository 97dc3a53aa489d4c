package api

import (
	"context"
	"errors"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/cirrus-tui/cirrus/api/fake"
)

// Issue 25, item 2: edits of one playlist started together each read the
// list the previous one wrote, so none is lost. Without the per-playlist
// lock the double's latency lets every edit read the same list and the
// last write wins.
func TestConcurrentEditsOfOnePlaylistAllLand(t *testing.T) {
	srv, c := newFakeClient(t, Options{})
	ctx := context.Background()
	purn, tracks := newBigPlaylist(t, c, 12)
	srv.SetFaults(fake.Faults{Latency: 20 * time.Millisecond})
	var wg sync.WaitGroup
	errs := make([]error, 4)
	for i := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, errs[i] = c.RemovePlaylistTrack(ctx, purn, tracks[i*3], -1)
		}()
	}
	wg.Wait()
	srv.SetFaults(fake.Faults{})
	for i, err := range errs {
		if err != nil {
			t.Errorf("removal %d: %v", i, err)
		}
	}
	got, err := c.AllPlaylistTrackURNs(ctx, purn)
	if err != nil {
		t.Fatal(err)
	}
	want := slices.DeleteFunc(slices.Clone(tracks), func(u URN) bool {
		return u == tracks[0] || u == tracks[3] || u == tracks[6] || u == tracks[9]
	})
	if !slices.Equal(ids(got), ids(want)) {
		t.Fatalf("after four concurrent removals the playlist holds\n%v\nwant\n%v", ids(got), ids(want))
	}
}

// A waiting edit gives up when its context ends, and the lock of another
// playlist is not shared.
func TestPlaylistLockWaitEndsWithContext(t *testing.T) {
	var p playlistLocks
	a := NewURN(KindPlaylist, 1)
	unlock, err := p.lock(context.Background(), a)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	if _, err := p.lock(ctx, a); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("second lock of the same playlist: %v, want it to wait until the deadline", err)
	}
	other, err := p.lock(context.Background(), NewURN(KindPlaylist, 2))
	if err != nil {
		t.Fatal(err)
	}
	other()
	unlock()
	again, err := p.lock(context.Background(), a)
	if err != nil {
		t.Fatal(err)
	}
	again()
	if len(p.held) != 0 {
		t.Errorf("%d lock entries left after every holder went", len(p.held))
	}
}
