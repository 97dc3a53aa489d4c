package ui

import (
	"context"
	"fmt"
	"image"
	"os"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/muesli/termenv"

	"github.com/cirrus-tui/cirrus/api"
	"github.com/cirrus-tui/cirrus/api/fake"
	"github.com/cirrus-tui/cirrus/player"
)

// flow drives the real model against api/fake over loopback and a real
// player writing a WAV file: a tea.Program without a terminal. Commands run
// on goroutines as in Bubble Tea; their messages come back through one
// channel and are applied on the test goroutine, so the model is only ever
// touched from there.
type flow struct {
	t    *testing.T
	m    *Model
	msgs chan tea.Msg
	srv  *fake.Server
	c    *api.Client
	p    *player.Player
	wav  string
	quit bool
}

func newFlow(t *testing.T, w, h int) *flow {
	t.Helper()
	pinProfile(t, termenv.Ascii)
	srv, err := fake.New(fake.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(srv.Close)
	tok, _ := srv.IssueToken("cirrus-demo")
	c := api.New(api.Options{BaseURL: srv.URL(), AuthURL: srv.AuthURL(), ClientID: fake.DemoClientID,
		ClientSecret: fake.DemoClientSecret, Tokens: api.StaticToken(tok), MaxRetries: 1})
	ctx, cancel := context.WithCancel(context.Background())
	wav := t.TempDir() + "/out.wav"
	p, err := player.New(ctx, player.Options{API: c, Output: wav})
	if err != nil {
		cancel()
		t.Fatalf("player: %v", err)
	}
	t.Cleanup(func() { p.Close(); cancel() })
	f := &flow{t: t, msgs: make(chan tea.Msg, 4096), srv: srv, c: c, p: p, wav: wav}
	f.m = New(Options{Context: ctx, Backend: c, Audio: p, LoggedIn: true,
		OpenURL: func(context.Context, string) error { return nil }, CopyText: func(string) error { return nil }})
	f.send(tea.WindowSizeMsg{Width: w, Height: h})
	f.exec(f.m.Init())
	return f
}

func (f *flow) exec(cmd tea.Cmd) {
	if cmd == nil {
		return
	}
	go func() { f.msgs <- cmd() }()
}

func (f *flow) send(msg tea.Msg) {
	switch msg := msg.(type) {
	case nil:
		return
	case tea.BatchMsg:
		for _, c := range msg {
			f.exec(c)
		}
		return
	case tea.QuitMsg:
		f.quit = true
		return
	}
	_, cmd := f.m.Update(msg)
	f.exec(cmd)
}

// wait processes messages until cond holds.
func (f *flow) wait(what string, cond func() bool) {
	f.t.Helper()
	deadline := time.After(30 * time.Second)
	for !cond() {
		select {
		case msg := <-f.msgs:
			f.send(msg)
		case <-deadline:
			f.t.Fatalf("timed out waiting for %s; screen:\n%s", what, f.m.View())
		}
	}
}

func (f *flow) press(keys ...string) {
	for _, k := range keys {
		f.send(kp(k))
	}
}

func (f *flow) typeText(s string) {
	for _, r := range s {
		f.send(kp(string(r)))
	}
}

func (f *flow) list(tab tab) *List[item] {
	switch p := f.m.tabs.pane(tab).(type) {
	case *browsePane:
		return p.top().list()
	case *searchPane:
		return p.top().list()
	}
	f.t.Fatalf("tab %d has no list", tab)
	return nil
}

// selectWhere moves the cursor to the first item matching ok.
func (f *flow) selectWhere(l *List[item], ok func(item) bool) item {
	f.t.Helper()
	for i, it := range l.Items() {
		if ok(it) {
			l.Move(i)
			return it
		}
	}
	f.t.Fatalf("no matching item among %d", l.Len())
	return item{}
}

func playable(it item) bool {
	return it.Track != nil && it.Track.Access == api.AccessPlayable && it.Track.Duration < 10*60*1000 && it.Track.Duration > 20*1000
}

func TestFlowBrowseFeedAndPlay(t *testing.T) {
	f := newFlow(t, 120, 40)
	feed := f.list(tabFeed)
	f.wait("the feed", func() bool { return feed.Len() > 0 })
	it := f.selectWhere(feed, playable)
	f.press("enter")
	f.wait("playback past 1s", func() bool {
		return f.m.np.status.State == player.Playing && f.m.np.status.Position > time.Second &&
			f.m.np.status.Track != nil && f.m.np.status.Track.URN == it.Track.URN
	})
	if v := f.m.View(); !strings.Contains(v, SanitizeLine(it.Track.Title)) || !strings.Contains(v, "▶") {
		t.Errorf("now-playing bar lacks the track:\n%s", v)
	}
	f.wait("the waveform", func() bool { return f.m.np.wave != nil && len(f.m.np.wave.Samples) > 0 })
	f.press(" ")
	f.wait("pause", func() bool { return f.m.np.status.State == player.Paused })
	// the WAV writer may still hold what it was handed: wait for the file
	for end := time.Now().Add(30 * time.Second); ; time.Sleep(50 * time.Millisecond) {
		st, err := os.Stat(f.wav)
		if err == nil && st.Size() >= 44100 {
			break
		}
		if time.Now().After(end) {
			t.Fatalf("WAV output after 30 s: %v, %v", st, err)
		}
	}
	f.press("q")
	f.wait("quit", func() bool { return f.quit })
	if f.p.Status().State != player.Stopped {
		t.Errorf("audio not stopped on quit: %v", f.p.Status().State)
	}
}

func TestFlowSearchLikeFollow(t *testing.T) {
	f := newFlow(t, 80, 24)
	f.press("/")
	f.typeText("rainy window")
	f.press("enter")
	res := f.list(tabSearch)
	f.wait("search results", func() bool { return res.Loaded() && !res.Loading() && res.Len() > 0 })
	tr := f.selectWhere(res, func(it item) bool { return it.Track != nil && it.Track.Title == "Rainy Window" })
	liked := f.m.lib.isLiked(tr)
	f.press("f")
	if f.m.lib.isLiked(tr) == liked {
		t.Fatal("like not shown at once")
	}
	f.wait("like answer", func() bool { return strings.Contains(f.m.status.text, "Rainy Window") })
	if f.m.status.err {
		t.Fatalf("like failed: %s", f.m.status.text)
	}
	tracks, err := allPages(context.Background(), f.c, 0, func(ctx context.Context) (*api.Page[api.Track], error) {
		return f.c.MyLikedTracks(ctx, api.ListOptions{Limit: 200})
	})
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, x := range tracks {
		found = found || x.URN == tr.Track.URN
	}
	if found == liked {
		t.Errorf("server like state %v, want %v", found, !liked)
	}

	f.press("t", "/", "ctrl+u") // users, and a new query
	f.typeText("lunar tides")
	f.press("enter")
	users := f.m.search.top().list()
	f.wait("user results", func() bool { return users.Loaded() && !users.Loading() && users.Len() > 0 })
	u := users.Items()[0].User
	following := f.m.lib.following[u.URN]
	f.press("F")
	f.wait("follow answer", func() bool { return strings.Contains(f.m.status.text, SanitizeLine(u.Username)) })
	fol, err := allPages(context.Background(), f.c, 0, func(ctx context.Context) (*api.Page[api.User], error) {
		return f.c.MyFollowings(ctx, api.ListOptions{Limit: 200})
	})
	if err != nil {
		t.Fatal(err)
	}
	found = false
	for _, x := range fol {
		found = found || x.URN == u.URN
	}
	if found == following || f.m.lib.following[u.URN] == following {
		t.Errorf("follow: server %v ui %v, was %v (%s)", found, f.m.lib.following[u.URN], following, f.m.status.text)
	}
}

func TestFlowCommentAtPosition(t *testing.T) {
	f := newFlow(t, 120, 40)
	f.press("/")
	f.typeText("tea at four")
	f.press("enter")
	res := f.list(tabSearch)
	f.wait("search results", func() bool { return res.Loaded() && !res.Loading() && res.Len() > 0 })
	f.selectWhere(res, func(it item) bool { return it.Track != nil && it.Track.Title == "Tea at Four" })
	f.press("enter")
	f.wait("playback past 2s", func() bool { return f.m.np.status.State == player.Playing && f.m.np.status.Position > 2*time.Second })
	f.press(" ")
	f.wait("pause", func() bool { return f.m.np.status.State == player.Paused })
	at := f.m.np.status.Position
	f.press("c")
	if f.m.prompt == nil {
		t.Fatal("no comment prompt")
	}
	f.typeText("flow comment here")
	f.press("enter")
	f.wait("comment posted", func() bool { return f.m.prompt == nil && strings.Contains(f.m.status.text, "Comment posted") })
	f.press("C")
	f.wait("comments pane with the new comment", func() bool {
		if f.m.comments.list.Loading() {
			return false
		}
		for _, c := range f.m.comments.list.Items() {
			if c.Body == "flow comment here" {
				d := c.Timestamp.Duration() - at
				return d > -time.Second && d < time.Second
			}
		}
		return false
	})
	if v := f.m.View(); !strings.Contains(v, "flow comment here") {
		t.Errorf("comments pane does not show it:\n%s", v)
	}
	if i := f.m.comments.current(); i < 0 || f.m.comments.list.Items()[i].Body != "flow comment here" {
		t.Errorf("comment at the playback position not highlighted (%d)", i)
	}
}

// Adding to a 500-track playlist must send all 500 (three pages) plus the
// new one and read back 501; an add that fails must lose nothing.
func TestFlowAddTo500TrackPlaylist(t *testing.T) {
	f := newFlow(t, 80, 24)
	ctx := context.Background()
	var urns []api.URN
	for i := range 500 {
		urns = append(urns, api.NewURN(api.KindTrack, int64(100001+i)))
	}
	pl, err := f.c.CreatePlaylist(ctx, "Five Hundred", "public", urns)
	if err != nil {
		t.Fatalf("create: %v", err)
	}
	feed := f.list(tabFeed)
	f.wait("the feed", func() bool { return feed.Len() > 0 })
	tr := f.selectWhere(feed, func(it item) bool { return it.Track != nil })
	f.press("P")
	f.wait("the picker", func() bool { return f.m.picker != nil && f.m.picker.list.Loaded() && !f.m.picker.list.Loading() })
	f.selectWhere(f.m.picker.list, func(it item) bool { return it.Playlist != nil && it.Playlist.URN == pl.URN })
	f.press("enter")
	f.wait("the add to finish", func() bool { return strings.Contains(f.m.status.text, "tracks.") || f.m.status.err })
	if f.m.status.err || !strings.Contains(f.m.status.text, "501 tracks") {
		t.Fatalf("status %q", f.m.status.text)
	}
	all, err := playlistTracks(ctx, &env{ctx: ctx, b: f.c}, pl.URN)
	if err != nil || len(all) != 501 || all[500].URN != tr.Track.URN || all[0].URN != urns[0] || all[499].URN != urns[499] {
		t.Fatalf("server has %d tracks (err %v)", len(all), err)
	}

	// The server fails the read before the PUT: the UI says so, nothing is lost.
	f.m.status.text = ""
	f.selectWhere(feed, func(it item) bool { return it.Track != nil && it.Track.URN != tr.Track.URN })
	f.press("P")
	f.wait("the picker", func() bool { return f.m.picker != nil && f.m.picker.list.Loaded() && !f.m.picker.list.Loading() })
	f.selectWhere(f.m.picker.list, func(it item) bool { return it.Playlist != nil && it.Playlist.URN == pl.URN })
	f.srv.SetFaults(fake.Faults{FailNext: 2})
	f.press("enter")
	f.wait("the failure", func() bool { return f.m.status.err })
	f.srv.SetFaults(fake.Faults{})
	if !strings.Contains(f.m.status.text, "Five Hundred") {
		t.Errorf("failure message %q", f.m.status.text)
	}
	all, err = playlistTracks(ctx, &env{ctx: ctx, b: f.c}, pl.URN)
	if err != nil || len(all) != 501 {
		t.Fatalf("after the failure the server has %d tracks (err %v)", len(all), err)
	}

	// The track added first is in the playlist: P asks before adding it again.
	f.m.status.text = ""
	f.selectWhere(feed, func(it item) bool { return it.Track != nil && it.Track.URN == tr.Track.URN })
	f.press("P")
	f.wait("the picker", func() bool { return f.m.picker != nil && f.m.picker.list.Loaded() && !f.m.picker.list.Loading() })
	f.selectWhere(f.m.picker.list, func(it item) bool { return it.Playlist != nil && it.Playlist.URN == pl.URN })
	f.press("enter")
	f.wait("the question", func() bool { return f.m.prompt != nil && f.m.prompt.kind == promptConfirm })
	if v := f.m.View(); !strings.Contains(v, "already in") {
		t.Errorf("no question on screen:\n%s", v)
	}
	f.press("y")
	f.wait("the second add", func() bool { return strings.Contains(f.m.status.text, "502 tracks") || f.m.status.err })
	if all, _ = playlistTracks(ctx, &env{ctx: ctx, b: f.c}, pl.URN); len(all) != 502 {
		t.Errorf("after yes the server has %d tracks, want 502", len(all))
	}
}

func TestFlowFailedLoadIsRetried(t *testing.T) {
	f := newFlow(t, 80, 24)
	feed := f.list(tabFeed)
	f.wait("the feed", func() bool { return feed.Len() > 0 })
	f.srv.SetFaults(fake.Faults{FailNext: 1000})
	f.press("4")
	pl := f.list(tabPlaylists)
	f.wait("the error line", func() bool { return pl.Err() != nil })
	if v := f.m.View(); !strings.Contains(v, "to retry") {
		t.Fatalf("no retry hint:\n%s", v)
	}
	f.srv.SetFaults(fake.Faults{})
	f.press("ctrl+r")
	f.wait("the retried load", func() bool { return pl.Loaded() && !pl.Loading() && pl.Err() == nil && pl.Len() > 0 })
	if v := f.m.View(); !strings.Contains(v, "Cirrus Demo Mix") {
		t.Errorf("playlists not shown after retry:\n%s", v)
	}
	_ = fmt.Sprint()
}

// Defect 12: the detail pane's artwork comes through the api client from
// the double's image host, and is drawn beside the facts.
func TestFlowArtworkThroughAPI(t *testing.T) {
	f := newFlow(t, 160, 48)
	feed := f.list(tabFeed)
	f.wait("the feed", func() bool { return feed.Len() > 0 })
	it := f.selectWhere(feed, func(it item) bool { return artworkURL(it) != "" })
	f.exec(f.m.detail.watch(it, true)) // nil when already watched
	u := artworkURL(it)
	img := func() image.Image { i, _ := f.m.detail.art.image(u); return i }
	f.wait("the artwork", func() bool { return img() != nil })
	if b := img().Bounds(); b.Dx() == 0 || b.Dy() == 0 {
		t.Errorf("artwork %s decoded as %v", u, b)
	}
}
