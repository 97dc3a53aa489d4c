package api

// Playlist edits against the double over loopback HTTP: every edit reads all
// pages, writes the whole list, and a failed write changes nothing.

import (
	"context"
	"errors"
	"net/http"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/cirrus-tui/cirrus/api/fake"
)

const putPlaylistRoute = "PUT /playlists/{playlist_urn}"

// archiveTracks are n distinct tracks of the demo catalogue's archive user.
func archiveTracks(n int) []URN {
	out := make([]URN, n)
	for i := range out {
		out[i] = NewURN(KindTrack, int64(100001+i))
	}
	return out
}

func ids(us []URN) []string {
	out := make([]string, len(us))
	for i, u := range us {
		out[i] = u.ID()
	}
	return out
}

func newBigPlaylist(t *testing.T, c *Client, n int) (URN, []URN) {
	t.Helper()
	tracks := archiveTracks(n)
	p, err := c.CreatePlaylist(context.Background(), "Big", "private", tracks)
	if err != nil {
		t.Fatal(err)
	}
	got, err := c.AllPlaylistTrackURNs(context.Background(), p.URN)
	if err != nil || len(got) != n {
		t.Fatalf("new playlist: %d tracks, %v", len(got), err)
	}
	return p.URN, tracks
}

// failWrites makes the double fail every request from the first PUT on
// (FailNext), as a server that goes down between the read and the write.
type failWrites struct {
	srv   *fake.Server
	next  http.RoundTripper
	armed atomic.Bool
}

func (f *failWrites) RoundTrip(r *http.Request) (*http.Response, error) {
	if r.Method == http.MethodPut && f.armed.Load() {
		f.srv.SetFaults(fake.Faults{FailNext: 1000})
	}
	return f.next.RoundTrip(r)
}

func TestRemoveOneOf500KeepsTheOther499InOrder(t *testing.T) {
	srv, c := newFakeClient(t, Options{})
	ctx := context.Background()
	purn, tracks := newBigPlaylist(t, c, 500)
	puts := srv.Stats().Routes[putPlaylistRoute]

	e, err := c.RemovePlaylistTrack(ctx, purn, tracks[250], 250)
	if err != nil {
		t.Fatal(err)
	}
	want := slices.Delete(slices.Clone(tracks), 250, 251)
	got, err := c.AllPlaylistTrackURNs(ctx, purn)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 499 || !slices.Equal(ids(got), ids(want)) {
		t.Fatalf("after removing one of 500: %d tracks, order kept %v", len(got), slices.Equal(ids(got), ids(want)))
	}
	if len(e.Before) != 500 || len(e.After) != 499 || e.At != 250 {
		t.Fatalf("edit result: before %d after %d", len(e.Before), len(e.After))
	}
	if d := srv.Stats().Routes[putPlaylistRoute] - puts; d != 1 {
		t.Fatalf("%d writes for one removal", d)
	}
}

func TestRemoveTakesTheRowShownAmongDuplicates(t *testing.T) {
	_, c := newFakeClient(t, Options{})
	ctx := context.Background()
	a, b := NewURN(KindTrack, 1008), NewURN(KindTrack, 1009)
	p, err := c.CreatePlaylist(ctx, "Dups", "private", []URN{a, b, a, b})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.RemovePlaylistTrack(ctx, p.URN, a, 2); err != nil {
		t.Fatal(err)
	}
	got, _ := c.AllPlaylistTrackURNs(ctx, p.URN)
	if strings.Join(ids(got), ",") != "1008,1009,1009" {
		t.Fatalf("removing row 3 gave %v", ids(got))
	}
	// The row no longer holds the track and the track is there more than
	// once: refuse rather than remove the wrong copy.
	_, err = c.RemovePlaylistTrack(ctx, p.URN, b, 0)
	if !errors.Is(err, ErrPlaylistChanged) {
		t.Fatalf("stale row: %v", err)
	}
	// A track that is not there at all.
	if _, err := c.RemovePlaylistTrack(ctx, p.URN, NewURN(KindTrack, 1010), -1); !errors.Is(err, ErrPlaylistChanged) {
		t.Fatalf("absent track: %v", err)
	}
	if got2, _ := c.AllPlaylistTrackURNs(ctx, p.URN); !slices.Equal(ids(got2), ids(got)) {
		t.Fatalf("a refused edit changed the playlist: %v", ids(got2))
	}
}

func TestMoveKeepsTheSameSet(t *testing.T) {
	_, c := newFakeClient(t, Options{})
	ctx := context.Background()
	purn, tracks := newBigPlaylist(t, c, 250)
	steps := []struct{ from, to int }{{10, 240}, {249, 0}, {200, 199}, {7, -3}}
	want := slices.Clone(tracks)
	for _, s := range steps {
		if _, err := c.MovePlaylistTrack(ctx, purn, want[s.from], s.from, s.to); err != nil {
			t.Fatalf("move %d→%d: %v", s.from, s.to, err)
		}
		want = moveURN(want, s.from, s.to)
	}
	for _, d := range []struct{ from, delta, at int }{{5, -1, 4}, {0, -1, 0}, {248, 1, 249}, {249, 1, 249}} {
		e, err := c.MovePlaylistTrackBy(ctx, purn, want[d.from], d.from, d.delta)
		if err != nil {
			t.Fatal(err)
		}
		if e.At != d.at {
			t.Fatalf("move %d by %d landed at %d, want %d", d.from, d.delta, e.At, d.at)
		}
		want = moveURN(want, d.from, d.at)
	}
	got, err := c.AllPlaylistTrackURNs(ctx, purn)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(ids(got), ids(want)) {
		t.Fatalf("order after moves differs from the expected one")
	}
	a, b := ids(got), ids(tracks)
	slices.Sort(a)
	slices.Sort(b)
	if !slices.Equal(a, b) {
		t.Fatalf("moving changed the set of tracks: %d vs %d", len(a), len(b))
	}
}

func TestFailedWriteLeavesThePlaylist(t *testing.T) {
	srv, err := fake.New(fake.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(srv.Close)
	fw := &failWrites{srv: srv, next: http.DefaultTransport}
	_, c := newFakeClientOn(t, srv, Options{HTTPClient: &http.Client{Transport: fw}})
	ctx := context.Background()
	purn, tracks := newBigPlaylist(t, c, 450)
	before := srv.Stats().Faults

	edits := map[string]func() error{
		"remove": func() error { _, err := c.RemovePlaylistTrack(ctx, purn, tracks[3], 3); return err },
		"move":   func() error { _, err := c.MovePlaylistTrack(ctx, purn, tracks[3], 3, 300); return err },
		"add": func() error {
			_, err := c.AddToPlaylistChecked(ctx, purn, false, NewURN(KindTrack, 1008))
			return err
		},
		"rename": func() error { _, err := c.RenamePlaylist(ctx, purn, "Renamed"); return err },
	}
	for name, edit := range edits {
		fw.armed.Store(true)
		err := edit()
		fw.armed.Store(false)
		srv.SetFaults(fake.Faults{})
		if err == nil {
			t.Fatalf("%s: the write failed but no error came back", name)
		}
		var ae *Error
		if !errors.As(err, &ae) || ae.Status != http.StatusServiceUnavailable {
			t.Fatalf("%s: error %v, want the server's 503", name, err)
		}
		got, err := c.AllPlaylistTrackURNs(ctx, purn)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(ids(got), ids(tracks)) {
			t.Fatalf("%s: a failed write changed the playlist (%d tracks)", name, len(got))
		}
		if p, err := c.Playlist(ctx, purn); err != nil || p.Title != "Big" {
			t.Fatalf("%s: title after failed write %q %v", name, p.Title, err)
		}
	}
	if srv.Stats().Faults == before {
		t.Fatal("no fault was injected")
	}
}

// A write the server refuses (not the owner; over the size limit) also
// changes nothing.
func TestRefusedWriteLeavesThePlaylist(t *testing.T) {
	_, c := newFakeClient(t, Options{})
	ctx := context.Background()
	other := NewURN(KindPlaylist, 2003) // another user's public playlist
	before, err := c.AllPlaylistTrackURNs(ctx, other)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.RemovePlaylistTrack(ctx, other, before[0], 0); err == nil {
		t.Fatal("removing from someone else's playlist succeeded")
	}
	if got, _ := c.AllPlaylistTrackURNs(ctx, other); !slices.Equal(ids(got), ids(before)) {
		t.Fatalf("refused write changed the playlist: %v", ids(got))
	}

	purn, tracks := newBigPlaylist(t, c, 999)
	_, err = c.AddToPlaylistChecked(ctx, purn, true, NewURN(KindTrack, 1008), NewURN(KindTrack, 1009))
	if ae, ok := AsError(err); !ok || ae.Status != http.StatusUnprocessableEntity {
		t.Fatalf("1001 tracks: %v", err)
	}
	if got, _ := c.AllPlaylistTrackURNs(ctx, purn); !slices.Equal(ids(got), ids(tracks)) {
		t.Fatalf("refused add changed the playlist: %d tracks", len(got))
	}
}

func TestDuplicateIsReportedBeforeAdding(t *testing.T) {
	srv, c := newFakeClient(t, Options{})
	ctx := context.Background()
	purn, tracks := newBigPlaylist(t, c, 300)
	puts := srv.Stats().Routes[putPlaylistRoute]

	fresh := NewURN(KindTrack, 1008)
	dups, err := c.PlaylistDuplicates(ctx, purn, fresh, tracks[299], tracks[0])
	if err != nil || strings.Join(ids(dups), ",") != "100300,100001" {
		t.Fatalf("duplicates %v %v", dups, err)
	}
	_, err = c.AddToPlaylistChecked(ctx, purn, false, fresh, tracks[299])
	var de *DuplicateError
	if !errors.As(err, &de) || !IsDuplicate(err) || len(de.Tracks) != 1 || de.Tracks[0] != tracks[299] {
		t.Fatalf("duplicate on the last page not reported: %v", err)
	}
	if d := srv.Stats().Routes[putPlaylistRoute] - puts; d != 0 {
		t.Fatalf("a duplicate add wrote %d times", d)
	}
	e, err := c.AddToPlaylistChecked(ctx, purn, true, fresh, tracks[299])
	if err != nil {
		t.Fatal(err)
	}
	if len(e.After) != 302 || e.After[300].ID() != "1008" || e.After[301].ID() != "100300" {
		t.Fatalf("add with duplicates allowed: %d tracks", len(e.After))
	}
}

func TestRenameKeepsTracks(t *testing.T) {
	srv, c := newFakeClient(t, Options{})
	ctx := context.Background()
	purn, tracks := newBigPlaylist(t, c, 420)
	p, err := c.RenamePlaylist(ctx, purn, "Long walks 🌧")
	if err != nil {
		t.Fatal(err)
	}
	if p.Title != "Long walks 🌧" {
		t.Fatalf("answer title %q", p.Title)
	}
	got, err := c.AllPlaylistTrackURNs(ctx, purn)
	if err != nil || !slices.Equal(ids(got), ids(tracks)) {
		t.Fatalf("rename touched the tracks: %d %v", len(got), err)
	}
	puts := srv.Stats().Routes[putPlaylistRoute]
	for _, bad := range []string{"", "   ", strings.Repeat("x", MaxPlaylistTitle+1), "a\x1b]52;c;x\x07b", "\xff"} {
		if _, err := c.RenamePlaylist(ctx, purn, bad); err == nil {
			t.Fatalf("title %q accepted", bad)
		}
	}
	if srv.Stats().Routes[putPlaylistRoute] != puts {
		t.Fatal("a rejected title was sent")
	}
}

func TestMoveURN(t *testing.T) {
	s := func(x string) []URN {
		var out []URN
		for _, c := range strings.Split(x, "") {
			out = append(out, URN(c))
		}
		return out
	}
	for _, c := range []struct {
		in       string
		from, to int
		want     string
	}{
		{"abcde", 0, 4, "bcdea"}, {"abcde", 4, 0, "eabcd"}, {"abcde", 2, 2, "abcde"},
		{"abcde", 1, 2, "acbde"}, {"abcde", 2, 1, "acbde"}, {"abcde", 0, 99, "bcdea"}, {"abcde", 3, -1, "dabce"},
	} {
		got := moveURN(s(c.in), c.from, c.to)
		var b strings.Builder
		for _, u := range got {
			b.WriteString(string(u))
		}
		if b.String() != c.want {
			t.Errorf("move %s %d→%d = %s, want %s", c.in, c.from, c.to, b.String(), c.want)
		}
	}
}

// newFakeClientOn is newFakeClient on a server the test already started.
func newFakeClientOn(t *testing.T, srv *fake.Server, o Options) (*fake.Server, *Client) {
	t.Helper()
	o.BaseURL, o.AuthURL, o.WebURL = srv.URL(), srv.AuthURL(), srv.WebURL()
	o.ClientID, o.ClientSecret = fake.DemoClientID, fake.DemoClientSecret
	access, _ := srv.IssueToken(fake.DemoUserPermalink)
	o.Tokens = StaticToken(access)
	o.RetryBase, o.RetryMaxDelay = time.Millisecond, 5*time.Millisecond
	return srv, New(o)
}
