package api

// Playlist edits against the double over loopback HTTP: every edit reads all
// pages, writes the whole list, and a failed write changes nothing.

import (
	"context"
	"errors"
	"io"
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

// asOwner is a client of the archive tracks' owner, who still sees the ones
// made private: the way to read every track of a public playlist.
func asOwner(t *testing.T, srv *fake.Server) *Client {
	t.Helper()
	access, _ := srv.IssueToken("crate-digger")
	return New(Options{BaseURL: srv.URL(), AuthURL: srv.AuthURL(), ClientID: fake.DemoClientID,
		ClientSecret: fake.DemoClientSecret, Tokens: StaticToken(access), RetryBase: time.Millisecond, RetryMaxDelay: 5 * time.Millisecond})
}

// hiddenPlaylist is issue 20's case: a public playlist of 20 tracks, 4 of
// which went private, so its listing shows 16 while track_count says 20.
func hiddenPlaylist(t *testing.T, srv *fake.Server, c *Client) (URN, []URN, []URN) {
	t.Helper()
	tracks := archiveTracks(20)
	p, err := c.CreatePlaylist(context.Background(), "Twenty", "public", tracks)
	if err != nil {
		t.Fatal(err)
	}
	var visible []URN
	for i, u := range tracks {
		if i == 2 || i == 7 || i == 11 || i == 18 {
			srv.MakeUnavailable(string(u), fake.WentPrivate)
			continue
		}
		visible = append(visible, u)
	}
	return p.URN, tracks, visible
}

// Issue 20, item 1: removing one track of a 20-track playlist whose listing
// leaves out 4 wrote back 15. Every edit must refuse, saying how many it
// cannot see, and write nothing.
func TestEditRefusesWhenTracksAreHidden(t *testing.T) {
	srv, c := newFakeClient(t, Options{})
	ctx := context.Background()
	purn, all, visible := hiddenPlaylist(t, srv, c)
	owner := asOwner(t, srv)
	puts := srv.Stats().Routes[putPlaylistRoute]

	edits := map[string]func() error{
		"remove": func() error { _, err := c.RemovePlaylistTrack(ctx, purn, visible[4], 4); return err },
		"move up": func() error {
			_, err := c.MovePlaylistTrackBy(ctx, purn, visible[4], 4, -1)
			return err
		},
		"move down": func() error {
			_, err := c.MovePlaylistTrackBy(ctx, purn, visible[4], 4, +1)
			return err
		},
		"add": func() error {
			_, err := c.AddToPlaylistChecked(ctx, purn, false, NewURN(KindTrack, 1008))
			return err
		},
		"add again":  func() error { _, err := c.AddToPlaylist(ctx, purn, visible[0]); return err },
		"remove all": func() error { _, err := c.RemoveFromPlaylist(ctx, purn, visible[0]); return err },
	}
	for name, edit := range edits {
		err := edit()
		var ie *IncompletePlaylistError
		if !errors.As(err, &ie) || !IsIncomplete(err) || ie.Hidden != 4 || ie.Count != 20 || ie.Listed != 16 {
			t.Fatalf("%s: %v, want the 4 hidden tracks reported", name, err)
		}
		if msg := err.Error(); !strings.Contains(msg, "4 of the playlist's 20 tracks") || !strings.Contains(msg, "nothing was changed") {
			t.Errorf("%s: message %q", name, msg)
		}
		got, err := owner.AllPlaylistTrackURNs(ctx, purn)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(ids(got), ids(all)) {
			t.Fatalf("%s: the server now holds %d tracks, want the 20 it had", name, len(got))
		}
	}
	if n := srv.Stats().Routes[putPlaylistRoute] - puts; n != 0 {
		t.Fatalf("%d writes were sent", n)
	}
	// Renaming sends no track list, so it still works.
	if _, err := c.RenamePlaylist(ctx, purn, "Twenty, four hidden"); err != nil {
		t.Fatalf("rename: %v", err)
	}
	if got, _ := owner.AllPlaylistTrackURNs(ctx, purn); len(got) != 20 {
		t.Fatalf("rename: %d tracks", len(got))
	}
}

// The demo catalogue's "Old Favourites" holds a track that went private and
// one that was removed: the edit refuses there too.
func TestEditRefusesOnTheDemoPlaylistWithGoneTracks(t *testing.T) {
	srv, c := newFakeClient(t, Options{})
	ctx := context.Background()
	purn := NewURN(KindPlaylist, fake.DemoHiddenPlaylistID)
	listed, err := c.AllPlaylistTrackURNs(ctx, purn)
	if err != nil || len(listed) != 4 {
		t.Fatalf("listing: %d tracks, %v", len(listed), err)
	}
	_, err = c.MovePlaylistTrack(ctx, purn, listed[3], 3, 0)
	var ie *IncompletePlaylistError
	if !errors.As(err, &ie) || ie.Hidden != 2 || ie.Count != 6 {
		t.Fatalf("move in Old Favourites: %v", err)
	}
	if srv.Stats().Routes[putPlaylistRoute] != 0 {
		t.Fatal("a write was sent")
	}
}

// track_count has been 0 for whole periods (soundcloud/api #210, #253): 0
// with tracks listed is "unknown", and the edit refuses; 0 with nothing
// listed is an empty playlist.
func TestEditRefusesWhenTheCountIsZeroButTracksAreListed(t *testing.T) {
	srv, c := newFakeClient(t, Options{})
	ctx := context.Background()
	purn, tracks := newBigPlaylist(t, c, 5)
	empty, err := c.CreatePlaylist(ctx, "Empty", "private", nil)
	if err != nil {
		t.Fatal(err)
	}
	srv.SetFaults(fake.Faults{ZeroTrackCount: true})
	_, err = c.RemovePlaylistTrack(ctx, purn, tracks[0], 0)
	var ie *IncompletePlaylistError
	if !errors.As(err, &ie) || ie.Count != 0 || ie.Listed != 5 || ie.Hidden != 0 || !strings.Contains(err.Error(), "cannot tell") {
		t.Fatalf("remove with track_count 0: %v", err)
	}
	if got, _ := c.AllPlaylistTrackURNs(ctx, purn); len(got) != 5 {
		t.Fatalf("%d tracks left", len(got))
	}
	e, err := c.AddToPlaylistChecked(ctx, empty.URN, false, tracks[0])
	if err != nil || len(e.After) != 1 {
		t.Fatalf("adding to an empty playlist with track_count 0: %v", err)
	}
	srv.SetFaults(fake.Faults{})
	if _, err := c.RemovePlaylistTrack(ctx, purn, tracks[0], 0); err != nil {
		t.Fatalf("with a true count again: %v", err)
	}
}

// refusePuts answers every PUT with a 503 of its own, without sending it:
// a write that provably never reached the server.
type refusePuts struct{ next http.RoundTripper }

func (f refusePuts) RoundTrip(r *http.Request) (*http.Response, error) {
	if r.Method == http.MethodPut {
		return &http.Response{StatusCode: http.StatusServiceUnavailable, Status: "503 Service Unavailable",
			Header: http.Header{"Content-Type": {"application/json"}}, Request: r,
			Body: io.NopCloser(strings.NewReader(`{"code":503,"message":"down"}`))}, nil
	}
	return f.next.RoundTrip(r)
}

// Issue 20, item 8: a PUT the server carried out and then failed was
// reported as not applied. The playlist is read back to tell; when it cannot
// be, the error says the change may have been applied.
func TestWriteThatFailsAfterTakingEffect(t *testing.T) {
	srv, c := newFakeClient(t, Options{})
	ctx := context.Background()
	purn, tracks := newBigPlaylist(t, c, 30)

	// Applied, then 503 and the server stays down: nothing can tell.
	srv.SetFaults(fake.Faults{FailAfterWrite: true})
	_, err := c.RemovePlaylistTrack(ctx, purn, tracks[3], 3)
	srv.SetFaults(fake.Faults{})
	var ue *UncertainWriteError
	if !errors.As(err, &ue) || !IsUncertainWrite(err) || !strings.Contains(err.Error(), "may have been applied") || !strings.Contains(err.Error(), "reload") {
		t.Fatalf("write applied then failed, read-back impossible: %v", err)
	}
	if ae, ok := AsError(err); !ok || ae.Status != http.StatusServiceUnavailable {
		t.Fatalf("the write's own failure is not in the chain: %v", err)
	}
	want := slices.Delete(slices.Clone(tracks), 3, 4)
	if got, _ := c.AllPlaylistTrackURNs(ctx, purn); !slices.Equal(ids(got), ids(want)) {
		t.Fatalf("the write did not take effect (%d tracks): the fault is not what this test needs", len(got))
	}

	// Applied, then every answer lost: the read-back shows the edit, so it
	// is reported done, with the write's error kept.
	srv.SetFaults(fake.Faults{DropAfterWrite: 100})
	e, err := c.RemovePlaylistTrack(ctx, purn, want[0], 0)
	srv.SetFaults(fake.Faults{})
	want = want[1:]
	if err != nil || e.WriteErr == nil || !slices.Equal(ids(e.After), ids(want)) || e.At != 0 {
		t.Fatalf("write applied, answer lost, read back as asked: %+v %v", e, err)
	}

	// Never sent: read back as it was, so "not applied" is true.
	_, c2 := newFakeClientOn(t, srv, Options{HTTPClient: &http.Client{Transport: refusePuts{http.DefaultTransport}}})
	_, err = c2.MovePlaylistTrack(ctx, purn, want[0], 0, 5)
	if err == nil || IsUncertainWrite(err) || !strings.Contains(err.Error(), "not applied") {
		t.Fatalf("write that never arrived: %v", err)
	}
	if got, _ := c.AllPlaylistTrackURNs(ctx, purn); !slices.Equal(ids(got), ids(want)) {
		t.Fatal("the playlist changed")
	}

	// A rename is settled the same way.
	srv.SetFaults(fake.Faults{FailAfterWrite: true})
	_, err = c.RenamePlaylist(ctx, purn, "Renamed")
	srv.SetFaults(fake.Faults{})
	if !IsUncertainWrite(err) {
		t.Fatalf("rename applied then failed: %v", err)
	}
	srv.SetFaults(fake.Faults{DropAfterWrite: 100})
	p, err := c.RenamePlaylist(ctx, purn, "Renamed again")
	srv.SetFaults(fake.Faults{})
	if err != nil || p.Title != "Renamed again" {
		t.Fatalf("rename applied, answer lost: %v", err)
	}
	if _, err := c2.RenamePlaylist(ctx, purn, "Never"); err == nil || !strings.Contains(err.Error(), "not applied") {
		t.Fatalf("rename never sent: %v", err)
	}
}
