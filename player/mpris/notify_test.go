//go:build unix

package mpris

import (
	"context"
	"fmt"
	"image"
	_ "image/jpeg"
	"image/png"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/godbus/dbus/v5"

	"github.com/cirrus-tui/cirrus/api"
	"github.com/cirrus-tui/cirrus/api/fake"
	"github.com/cirrus-tui/cirrus/internal/artwork"
	"github.com/cirrus-tui/cirrus/player"
)

// notifyServer is a small notification server of the test's own on the
// private bus, which records every call. Like the servers desktops run, it
// keeps the id of a replaced notification; strict ones refuse to replace a
// notification they no longer show, lenient ones (as the spec asks) show a
// new one instead.
type notifyServer struct {
	conn   *dbus.Conn
	strict bool
	caps   []string

	mu    sync.Mutex
	next  uint32
	live  map[uint32]bool
	calls []notifyCall
}

type notifyCall struct {
	replaces      uint32
	icon          string
	summary, body string
	image         string // the image-path hint, "" when absent
	id            uint32 // what the server answered; 0 for a refusal
}

// startNotifyServer owns org.freedesktop.Notifications on the bus at addr,
// handing out ids from firstID on; caps are its capabilities (default:
// with body markup).
func startNotifyServer(t *testing.T, addr string, firstID uint32, strict bool, caps ...string) *notifyServer {
	t.Helper()
	c, err := dbus.Connect(addr)
	if err != nil {
		t.Fatal(err)
	}
	if caps == nil {
		caps = []string{"body", "body-markup", "icon-static"}
	}
	s := &notifyServer{conn: c, strict: strict, next: firstID, live: map[uint32]bool{}, caps: caps}
	t.Cleanup(func() { c.Close() })
	if err := c.Export(s, notifyPath, notifyIface); err != nil {
		t.Fatal(err)
	}
	if r, err := c.RequestName(notifyName, dbus.NameFlagDoNotQueue); err != nil || r != dbus.RequestNameReplyPrimaryOwner {
		t.Fatalf("own %s: %v %v", notifyName, r, err)
	}
	return s
}

func (s *notifyServer) Notify(app string, replaces uint32, icon, summary, body string, actions []string,
	hints map[string]dbus.Variant, timeout int32) (uint32, *dbus.Error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c := notifyCall{replaces: replaces, icon: icon, summary: summary, body: body}
	if v, ok := hints["image-path"]; ok {
		c.image, _ = v.Value().(string)
	}
	switch {
	case replaces != 0 && s.live[replaces]:
		c.id = replaces
	case replaces != 0 && s.strict:
		s.calls = append(s.calls, c)
		return 0, dbus.NewError("org.freedesktop.Notifications.Error.NoSuchNotification", []any{"no such notification"})
	default:
		c.id = s.next
		s.next++
	}
	s.live[c.id] = true
	s.calls = append(s.calls, c)
	return c.id, nil
}

func (s *notifyServer) GetCapabilities() ([]string, *dbus.Error) { return s.caps, nil }

// close dismisses a notification, as a click on it does.
func (s *notifyServer) close(id uint32) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.live, id)
}

func (s *notifyServer) seen() []notifyCall {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]notifyCall(nil), s.calls...)
}

// waitCalls waits until the server has recorded n calls.
func (s *notifyServer) waitCalls(t *testing.T, n int) []notifyCall {
	t.Helper()
	eventually(t, fmt.Sprintf("%d notification calls", n), func() bool { return len(s.seen()) >= n })
	c := s.seen()
	if len(c) != n {
		t.Fatalf("notification calls: %+v, want %d", c, n)
	}
	return c
}

// hear feeds n the statuses of tr playing from 0 to secs seconds, one a
// second, as the player reports them.
func hear(n *Notifier, tr *api.Track, secs int) {
	for s := 0; s <= secs; s++ {
		n.Update(player.Status{State: player.Playing, Track: tr, Position: time.Duration(s) * time.Second})
	}
}

// fakeCatalogue serves the fake SoundCloud and returns a client and tracks by id.
func fakeCatalogue(t *testing.T, ids ...int64) (*api.Client, []*api.Track) {
	t.Helper()
	srv, err := fake.New(fake.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(srv.Close)
	tok, _ := srv.IssueToken(fake.DemoUserPermalink)
	client := api.New(api.Options{BaseURL: srv.URL(), AuthURL: srv.AuthURL(), Tokens: api.StaticToken(tok)})
	var tracks []*api.Track
	for _, id := range ids {
		tr, err := client.Track(context.Background(), api.NewURN(api.KindTrack, id))
		if err != nil {
			t.Fatal(err)
		}
		if tr.ArtworkURL == "" {
			t.Fatalf("track %d has no artwork", id)
		}
		tracks = append(tracks, tr)
	}
	return client, tracks
}

// Each notification replaces the one before, carries the track's picture
// as a file of ours, and the chain starts anew on a new server.
func TestNotifierReplacesAndShowsArtwork(t *testing.T) {
	addr := privateBus(t)
	client, tr := fakeCatalogue(t, 1008, 1009, 1010, 1011, 1012)
	first := startNotifyServer(t, addr, 41, false)
	cache := t.TempDir()
	n, err := NewNotifier(context.Background(), NotifyOptions{Conn: connect(t, addr), Artwork: artwork.NewCovers(client.Artwork).Image, CacheDir: cache})
	if err != nil {
		t.Fatal(err)
	}
	defer n.Close()

	hear(n, tr[0], 4)
	c := first.waitCalls(t, 1)
	if c[0].replaces != 0 || c[0].summary != tr[0].Title || c[0].icon != "audio-x-generic" {
		t.Fatalf("first notification: %+v", c[0])
	}
	checkPicture(t, client, tr[0], cache, c[0].image)

	hear(n, tr[1], 4)
	c = first.waitCalls(t, 2)
	if c[1].replaces != c[0].id || c[1].id != c[0].id || c[1].summary != tr[1].Title {
		t.Fatalf("second notification does not replace the first (id %d): %+v", c[0].id, c[1])
	}
	checkPicture(t, client, tr[1], cache, c[1].image)
	if c[0].image == c[1].image {
		t.Fatal("two tracks share one picture file")
	}

	// The server restarts: the new one has ids of its own, so the next
	// notification is a new one rather than a replace of an id it never gave.
	first.conn.Close()
	eventually(t, "the first server gone", func() bool { return n.owner(context.Background()) == "" })
	second := startNotifyServer(t, addr, 900, true)
	hear(n, tr[2], 4)
	c = second.waitCalls(t, 1)
	if c[0].replaces != 0 || c[0].id != 900 {
		t.Fatalf("after a restart: %+v, want a new notification", c[0])
	}
	hear(n, tr[3], 4)
	c = second.waitCalls(t, 2)
	if c[1].replaces != 900 || c[1].id != 900 {
		t.Fatalf("on the new server: %+v, want it to replace 900", c[1])
	}

	// The listener dismissed it and this server refuses to replace what it
	// no longer shows: the track gets a new notification, and the chain
	// goes on from there.
	second.close(900)
	hear(n, tr[4], 4)
	c = second.waitCalls(t, 4)
	if c[2].replaces != 900 || c[2].id != 0 || c[3].replaces != 0 || c[3].id != 901 || c[3].summary != tr[4].Title {
		t.Fatalf("refused replace: %+v, want a refusal then a new notification", c[2:])
	}
	hear(n, tr[0], 4)
	if c = second.waitCalls(t, 5); c[4].replaces != 901 {
		t.Fatalf("after the new one: %+v, want it to replace 901", c[4])
	}
}

// checkPicture: the hint is a file:// URL of a PNG in the cache, showing
// the same pixels as the artwork SoundCloud serves.
func checkPicture(t *testing.T, client *api.Client, tr *api.Track, cache, hint string) {
	t.Helper()
	u, err := url.Parse(hint)
	if err != nil || u.Scheme != "file" || !strings.HasPrefix(u.Path, filepath.Join(cache, "artwork")+"/") {
		t.Fatalf("image-path hint %q is not a file:// URL in the cache %s", hint, cache)
	}
	f, err := os.Open(u.Path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	got, err := png.Decode(f)
	if err != nil {
		t.Fatalf("picture %s: %v", u.Path, err)
	}
	raw, err := client.Artwork(context.Background(), tr.ArtworkURL)
	if err != nil {
		t.Fatal(err)
	}
	want, _, err := image.Decode(strings.NewReader(string(raw)))
	if err != nil {
		t.Fatal(err)
	}
	if got.Bounds().Size() != want.Bounds().Size() {
		t.Fatalf("picture is %v, artwork %v", got.Bounds(), want.Bounds())
	}
	wb, gb := want.Bounds(), got.Bounds()
	for y := 0; y < wb.Dy(); y++ {
		for x := 0; x < wb.Dx(); x++ {
			r1, g1, b1, _ := want.At(wb.Min.X+x, wb.Min.Y+y).RGBA()
			r2, g2, b2, _ := got.At(gb.Min.X+x, gb.Min.Y+y).RGBA()
			if r1>>8 != r2>>8 || g1>>8 != g2>>8 || b1>>8 != b2>>8 {
				t.Fatalf("picture pixel (%d,%d) = %d,%d,%d, artwork %d,%d,%d", x, y, r2>>8, g2>>8, b2>>8, r1>>8, g1>>8, b1>>8)
			}
		}
	}
}

// Network text reaches the server without control characters, the body
// escaped for a server that reads markup and as it is for one that does not.
func TestNotifierSanitises(t *testing.T) {
	addr := privateBus(t)
	d := startNotifyServer(t, addr, 1, false)
	n, err := NewNotifier(context.Background(), NotifyOptions{Conn: connect(t, addr)})
	if err != nil {
		t.Fatal(err)
	}
	defer n.Close()
	a := &api.Track{URN: "soundcloud:tracks:1", Title: "One\x1b[2J\u202e" + strings.Repeat("é", 500), User: &api.User{Username: "Ana <b>&</b>"}}
	hear(n, a, 3)
	c := d.waitCalls(t, 1)
	if want := "One[2J" + strings.Repeat("é", maxSummary-7) + "…"; c[0].summary != want || c[0].body != "Ana &lt;b&gt;&amp;&lt;/b&gt;" || c[0].image != "" {
		t.Fatalf("notification %+v", c[0])
	}
	d.conn.Close() // a new server, without markup
	eventually(t, "the first server gone", func() bool { return n.owner(context.Background()) == "" })
	d = startNotifyServer(t, addr, 1, false, "body")
	hear(n, &api.Track{URN: "soundcloud:tracks:2", Title: "Two", MetadataArtist: "Bo & <i>"}, 3)
	if c := d.waitCalls(t, 1); c[0].body != "Bo & <i>" {
		t.Fatalf("body for a server without markup: %q", c[0].body)
	}
}

// The debounce, status by status: only heard time counts.
func TestNotifierDebounce(t *testing.T) {
	n := &Notifier{o: NotifyOptions{After: NotifyAfter}}
	a := &api.Track{URN: "soundcloud:tracks:1"}
	b := &api.Track{URN: "soundcloud:tracks:2"}
	sec := func(s float64) time.Duration { return time.Duration(s * float64(time.Second)) }
	steps := []struct {
		st   player.Status
		want bool
		why  string
	}{
		{player.Status{State: player.Playing, Track: a, Position: 0}, false, "start"},
		{player.Status{State: player.Playing, Track: a, Position: sec(1)}, false, "1 s"},
		{player.Status{State: player.Playing, Track: a, Position: sec(2)}, false, "2 s"},
		{player.Status{State: player.Playing, Track: b, Position: sec(0)}, false, "skipped a at 2 s"},
		{player.Status{State: player.Playing, Track: b, Position: sec(1)}, false, "b 1 s"},
		{player.Status{State: player.Playing, Track: b, Position: sec(60)}, false, "a seek is not heard"},
		{player.Status{State: player.Paused, Track: b, Position: sec(61)}, false, "paused time is not heard"},
		{player.Status{State: player.Playing, Track: b, Position: sec(62)}, false, "2 s heard"},
		{player.Status{State: player.Playing, Track: b, Position: sec(63)}, true, "3 s heard"},
		{player.Status{State: player.Playing, Track: b, Position: sec(64)}, false, "once per track"},
		{player.Status{State: player.Stopped}, false, "stopped"},
		{player.Status{State: player.Playing, Track: a, Position: sec(120)}, false, "a restored position is not heard"},
		{player.Status{State: player.Playing, Track: a, Position: sec(121)}, false, "1 s"},
		{player.Status{State: player.Playing, Track: a, Position: sec(122.5)}, false, "2.5 s"},
		{player.Status{State: player.Playing, Track: a, Position: sec(123)}, true, "3 s"},
	}
	for i, s := range steps {
		if got := n.due(s.st) != nil; got != s.want {
			t.Fatalf("step %d (%s): announce %v, want %v", i, s.why, got, s.want)
		}
	}
}

// The debounce driven by the real player: tracks skipped within a second
// are not announced, the one that plays on is, once 3 s of it were heard.
func TestNotifierSkipsSkippedTracks(t *testing.T) {
	addr := privateBus(t)
	client, tr := fakeCatalogue(t, 1008, 1009, 1010)
	d := startNotifyServer(t, addr, 7, false)
	n, err := NewNotifier(context.Background(), NotifyOptions{Conn: connect(t, addr), Artwork: artwork.NewCovers(client.Artwork).Image, CacheDir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	defer n.Close()
	ctx := context.Background()
	p, err := player.New(ctx, player.Options{API: client, Output: filepath.Join(t.TempDir(), "o.wav"), WAVSpeed: 1})
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()

	// The owner's loop: every status to the notifier, and the furthest
	// position each track reached kept, to know what was heard.
	var mu sync.Mutex
	reached := map[api.URN]time.Duration{}
	skip := map[api.URN]bool{tr[0].URN: true, tr[1].URN: true}
	go func() {
		for ev := range p.Events() {
			n.Update(ev.Status)
			st := ev.Status
			if st.Track == nil {
				continue
			}
			mu.Lock()
			reached[st.Track.URN] = max(reached[st.Track.URN], st.Position)
			mu.Unlock()
			if st.State == player.Playing && skip[st.Track.URN] {
				delete(skip, st.Track.URN)
				p.Next()
			}
		}
	}()
	list := []api.Track{*tr[0], *tr[1], *tr[2]}
	p.PlayTracks(list, 0)

	eventually(t, "a notification for "+tr[2].Title, func() bool {
		c := d.seen()
		return len(c) > 0 && c[len(c)-1].summary == tr[2].Title
	})
	if got := p.Status(); got.Track == nil || got.Track.URN != tr[2].URN || got.Position < NotifyAfter {
		t.Fatalf("notified while the player is at %+v", got)
	}
	// A skipped track is announced only if the machine was so slow that 3 s
	// of it played before the skip (then it was heard, and rightly shown).
	mu.Lock()
	defer mu.Unlock()
	for _, c := range d.seen() {
		for _, s := range tr[:2] {
			if c.summary == s.Title && reached[s.URN] < NotifyAfter {
				t.Fatalf("%s was announced after %v of it played; positions reached: %v", s.Title, reached[s.URN], reached)
			}
		}
	}
}
