package api

import (
	"context"
	"errors"
	"slices"
	"testing"

	"github.com/cirrus-tui/cirrus/api/fake"
)

// A selection of rows goes in one write: one PUT for the run, every other
// track in its place, against the double over loopback.
func TestRemovePlaylistRowsInOneWrite(t *testing.T) {
	srv, c := newFakeClient(t, Options{})
	ctx := context.Background()
	purn, tracks := newBigPlaylist(t, c, 12)
	puts := srv.Stats().Routes[putPlaylistRoute]
	e, err := c.RemovePlaylistRows(ctx, purn, tracks[3:6], 3)
	if err != nil {
		t.Fatal(err)
	}
	if n := srv.Stats().Routes[putPlaylistRoute] - puts; n != 1 {
		t.Errorf("%d writes for one run of rows, want 1", n)
	}
	want := slices.Concat(tracks[:3], tracks[6:])
	if !slices.Equal(ids(e.After), ids(want)) || e.At != 3 {
		t.Errorf("after: %v at %d, want %v at 3", ids(e.After), e.At, ids(want))
	}
	if got, _ := c.AllPlaylistTrackURNs(ctx, purn); !slices.Equal(ids(got), ids(want)) {
		t.Errorf("the double holds %v", ids(got))
	}
}

// The run moved (a row above it went): each track is found where it is
// once; a track the playlist no longer holds writes nothing.
func TestRemovePlaylistRowsThatMoved(t *testing.T) {
	srv, c := newFakeClient(t, Options{})
	ctx := context.Background()
	purn, tracks := newBigPlaylist(t, c, 8)
	if _, err := c.RemovePlaylistTrack(ctx, purn, tracks[0], 0); err != nil {
		t.Fatal(err)
	}
	if _, err := c.RemovePlaylistRows(ctx, purn, tracks[4:6], 4); err != nil {
		t.Fatalf("moved run: %v", err)
	}
	want := []URN{tracks[1], tracks[2], tracks[3], tracks[6], tracks[7]}
	if got, _ := c.AllPlaylistTrackURNs(ctx, purn); !slices.Equal(ids(got), ids(want)) {
		t.Fatalf("the double holds %v, want %v", ids(got), ids(want))
	}
	puts := srv.Stats().Routes[putPlaylistRoute]
	_, err := c.RemovePlaylistRows(ctx, purn, []URN{tracks[6], tracks[0]}, 3)
	if !errors.Is(err, ErrPlaylistChanged) {
		t.Fatalf("a track no longer there: %v", err)
	}
	if srv.Stats().Routes[putPlaylistRoute] != puts {
		t.Error("a refused run was written")
	}
	if got, _ := c.AllPlaylistTrackURNs(ctx, purn); !slices.Equal(ids(got), ids(want)) {
		t.Fatalf("a refused run changed the playlist: %v", ids(got))
	}
}

// A write that fails (503, not carried out) leaves every row.
func TestRemovePlaylistRowsFailedWrite(t *testing.T) {
	srv, c := newFakeClient(t, Options{MaxRetries: 1})
	ctx := context.Background()
	purn, tracks := newBigPlaylist(t, c, 6)
	srv.SetFaults(fake.Faults{FailNextWrites: 2})
	if _, err := c.RemovePlaylistRows(ctx, purn, tracks[1:4], 1); err == nil {
		t.Fatal("no error from a failed write")
	}
	if got, _ := c.AllPlaylistTrackURNs(ctx, purn); !slices.Equal(ids(got), ids(tracks)) {
		t.Fatalf("the double holds %v", ids(got))
	}
}

// A run of rows moves together in one write; a run no longer there as
// one block writes nothing.
func TestMovePlaylistRows(t *testing.T) {
	srv, c := newFakeClient(t, Options{})
	ctx := context.Background()
	purn, tr := newBigPlaylist(t, c, 6)
	puts := srv.Stats().Routes[putPlaylistRoute]
	e, err := c.MovePlaylistRows(ctx, purn, tr[2:4], 2, -1)
	if err != nil {
		t.Fatal(err)
	}
	want := []URN{tr[0], tr[2], tr[3], tr[1], tr[4], tr[5]}
	if !slices.Equal(ids(e.After), ids(want)) || e.At != 1 || srv.Stats().Routes[putPlaylistRoute]-puts != 1 {
		t.Fatalf("up: %v at %d", ids(e.After), e.At)
	}
	// shown at 3 (a stale row): found where it is, once; down by one
	if _, err := c.MovePlaylistRows(ctx, purn, tr[2:4], 3, 1); err != nil {
		t.Fatal(err)
	}
	want = []URN{tr[0], tr[1], tr[2], tr[3], tr[4], tr[5]}
	if got, _ := c.AllPlaylistTrackURNs(ctx, purn); !slices.Equal(ids(got), ids(want)) {
		t.Fatalf("down: %v", ids(got))
	}
	// at the end: clamped, nothing to write
	if _, err := c.MovePlaylistRows(ctx, purn, tr[4:6], 4, 1); err != nil {
		t.Fatal(err)
	}
	puts = srv.Stats().Routes[putPlaylistRoute]
	if _, err := c.MovePlaylistRows(ctx, purn, []URN{tr[1], tr[3]}, 1, 1); !errors.Is(err, ErrPlaylistChanged) {
		t.Fatalf("not a block: %v", err)
	}
	if srv.Stats().Routes[putPlaylistRoute] != puts {
		t.Error("a refused move was written")
	}
}
