package ui

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/cirrus-tui/cirrus/api"
	"github.com/cirrus-tui/cirrus/api/fake"
)

// Playlist edits from the keyboard (x, J, K, and P to add) against api/fake
// over loopback, whose listings leave out tracks that went private or were
// removed while track_count counts them (soundcloud/api #449).

// openPlaylist opens one of my playlists on the playlists tab and waits for
// its tracks.
func (f *flow) openPlaylist(urn api.URN) *List[item] {
	f.t.Helper()
	f.press("4")
	pls := f.list(tabPlaylists)
	f.wait("my playlists", func() bool { return pls.Loaded() && !pls.Loading() && pls.Len() > 0 })
	f.selectWhere(pls, func(it item) bool { return it.Playlist != nil && it.Playlist.URN == urn })
	f.press("enter")
	l := f.list(tabPlaylists)
	f.wait("the playlist's tracks", func() bool { return l != pls && l.Loaded() && !l.Loading() })
	return l
}

func urnIDs(us []api.URN) []string {
	out := make([]string, len(us))
	for i, u := range us {
		out[i] = u.ID()
	}
	return out
}

func (f *flow) serverIDs(c *api.Client, urn api.URN) []string {
	f.t.Helper()
	got, err := c.AllPlaylistTrackURNs(context.Background(), urn)
	if err != nil {
		f.t.Fatal(err)
	}
	return urnIDs(got)
}

func (f *flow) edit(keys string) {
	f.t.Helper()
	f.m.status.text = ""
	f.press(keys)
	f.wait("the edit's answer", func() bool { return f.m.status.text != "" })
}

// stays checks that the status line keeps text past its clear timer.
func (f *flow) stays(want string) {
	f.t.Helper()
	if !strings.Contains(f.m.status.text, want) || !f.m.status.err {
		f.t.Fatalf("status %q (error %v), want it to say %q", f.m.status.text, f.m.status.err, want)
	}
	f.send(clearStatusMsg{id: f.m.status.id})
	if !strings.Contains(f.m.status.text, want) {
		f.t.Fatalf("the message went with its timer: %q", f.m.status.text)
	}
}

// The old edit keys on a playlist whose every track is listed: they work.
func TestFlowPlaylistEditKeys(t *testing.T) {
	f := newFlow(t, 160, 40)
	urn := api.NewURN(api.KindPlaylist, fake.DemoPlaylistID)
	want := f.serverIDs(f.c, urn) // 8 tracks
	l := f.openPlaylist(urn)
	if l.Len() != 8 {
		t.Fatalf("%d rows", l.Len())
	}
	l.Move(2)
	f.edit("K")
	want[1], want[2] = want[2], want[1]
	if got := f.serverIDs(f.c, urn); !slices.Equal(got, want) || f.m.status.err {
		t.Fatalf("after K: %v (status %q)", got, f.m.status.text)
	}
	f.edit("J")
	want[1], want[2] = want[2], want[1]
	if got := f.serverIDs(f.c, urn); !slices.Equal(got, want) || f.m.status.err {
		t.Fatalf("after J: %v (status %q)", got, f.m.status.text)
	}
	l.Move(0)
	f.edit("x")
	want = want[1:]
	if got := f.serverIDs(f.c, urn); !slices.Equal(got, want) || !strings.Contains(f.m.status.text, "7 tracks") {
		t.Fatalf("after x: %v (status %q)", got, f.m.status.text)
	}
	f.wait("the list read back", func() bool { return l.Len() == 7 })
}

// Issue 20, item 1, in the TUI: x, J, K and P on a playlist of 20 whose
// listing leaves out 4 change nothing, and say so until another message.
func TestFlowPlaylistEditsRefuseHiddenTracks(t *testing.T) {
	f := newFlow(t, 160, 40)
	ctx := context.Background()
	tracks := make([]api.URN, 20)
	for i := range tracks {
		tracks[i] = api.NewURN(api.KindTrack, int64(100001+i))
	}
	p, err := f.c.CreatePlaylist(ctx, "Twenty", "public", tracks)
	if err != nil {
		t.Fatal(err)
	}
	for _, i := range []int{2, 7, 11, 18} {
		f.srv.MakeUnavailable(string(tracks[i]), fake.WentPrivate)
	}
	tok, _ := f.srv.IssueToken("crate-digger") // the owner still sees all 20
	owner := api.New(api.Options{BaseURL: f.srv.URL(), AuthURL: f.srv.AuthURL(), ClientID: fake.DemoClientID,
		ClientSecret: fake.DemoClientSecret, Tokens: api.StaticToken(tok)})
	all := urnIDs(tracks)

	l := f.openPlaylist(p.URN)
	if l.Len() != 16 {
		t.Fatalf("%d rows on screen, want the 16 listed", l.Len())
	}
	rows := strings.Join(titles(l), "|")
	puts := f.srv.Stats().Routes["PUT /playlists/{playlist_urn}"]
	for _, k := range []string{"x", "J", "K"} {
		l.Move(5)
		f.edit(k)
		f.stays("4 of the playlist's 20 tracks are hidden")
		if v := f.m.status.View(80, nil); !strings.Contains(v, "4 of the playlist's 20 tracks are hidden") {
			t.Fatalf("%s: at 80 columns the status line reads %q", k, v)
		}
		if got := strings.Join(titles(l), "|"); got != rows {
			t.Fatalf("%s changed the screen: %s", k, got)
		}
		if got := f.serverIDs(owner, p.URN); !slices.Equal(got, all) {
			t.Fatalf("%s: the server holds %d tracks, want the 20", k, len(got))
		}
	}

	// P: add the feed's first track to it.
	f.press("1")
	feed := f.list(tabFeed)
	f.wait("the feed", func() bool { return feed.Len() > 0 })
	f.selectWhere(feed, func(it item) bool { return it.Track != nil })
	f.press("P")
	f.wait("the picker", func() bool { return f.m.picker != nil && f.m.picker.list.Loaded() && !f.m.picker.list.Loading() })
	f.selectWhere(f.m.picker.list, func(it item) bool { return it.Playlist != nil && it.Playlist.URN == p.URN })
	f.press("enter")
	f.wait("the add's answer", func() bool { return f.m.status.err || strings.HasPrefix(f.m.status.text, "Added") })
	f.stays("4 of the playlist's 20 tracks are hidden")
	if got := f.serverIDs(owner, p.URN); !slices.Equal(got, all) {
		t.Fatalf("P: the server holds %d tracks", len(got))
	}
	if n := f.srv.Stats().Routes["PUT /playlists/{playlist_urn}"] - puts; n != 0 {
		t.Fatalf("%d writes were sent", n)
	}
}

// The demo catalogue's Old Favourites (a track gone private, one removed)
// refuses in the TUI too.
func TestFlowOldFavouritesRefuses(t *testing.T) {
	f := newFlow(t, 160, 40)
	old := api.NewURN(api.KindPlaylist, fake.DemoHiddenPlaylistID)
	l := f.openPlaylist(old)
	before := f.serverIDs(f.c, old)
	if len(before) != 4 || l.Len() < 3 {
		t.Fatalf("Old Favourites lists %d tracks, %d rows on screen", len(before), l.Len())
	}
	rows := strings.Join(titles(l), "|")
	f.edit("x")
	f.stays("2 of the playlist's 6 tracks are hidden")
	if got := f.serverIDs(f.c, old); !slices.Equal(got, before) {
		t.Fatalf("the listing changed: %v", got)
	}
	if got := strings.Join(titles(l), "|"); got != rows {
		t.Fatalf("the screen changed: %s", got)
	}
}

// Issue 20, item 8, in the TUI: a write that fails after taking effect says
// it may have been applied, and the message stays.
func TestFlowWriteThatMayHaveBeenApplied(t *testing.T) {
	f := newFlow(t, 160, 40)
	mix := api.NewURN(api.KindPlaylist, fake.DemoPlaylistID)
	want := f.serverIDs(f.c, mix)
	l := f.openPlaylist(mix)
	l.Move(0)
	f.srv.SetFaults(fake.Faults{FailAfterWrite: true})
	f.edit("x")
	f.srv.SetFaults(fake.Faults{})
	f.stays("may have been applied")
	if !strings.Contains(f.m.status.text, "reload") {
		t.Errorf("no reload hint: %q", f.m.status.text)
	}
	if got := f.serverIDs(f.c, mix); !slices.Equal(got, want[1:]) {
		t.Fatalf("the write did not take effect: %v", got)
	}
}
