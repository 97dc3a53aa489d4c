package ui

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/cirrus-tui/cirrus/api"
	"github.com/cirrus-tui/cirrus/config"
)

// likesServer serves /me/likes/tracks as n tracks in pages of size, over
// real HTTP on loopback; loop makes every next_href point at the first page.
type likesServer struct {
	n, size int
	loop    bool
	hits    int
}

func (s *likesServer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path != "/me/likes/tracks" {
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprint(w, `{"collection":[]}`)
		return
	}
	s.hits++
	off, _ := strconv.Atoi(r.URL.Query().Get("offset"))
	u := fxUser(1, "ana")
	var page struct {
		Collection []api.Track `json:"collection"`
		NextHref   string      `json:"next_href,omitempty"`
	}
	for i := off; i < min(off+s.size, s.n); i++ {
		page.Collection = append(page.Collection, fxTrack(i+1, "Like "+itoa(i), &u, api.AccessPlayable))
	}
	switch {
	case s.loop:
		page.NextHref = "http://" + r.Host + "/me/likes/tracks?offset=0"
	case off+s.size < s.n:
		page.NextHref = "http://" + r.Host + "/me/likes/tracks?offset=" + itoa(off+s.size)
	}
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(page)
}

// pagedModel is a signed-in model whose backend is a real api.Client
// talking to srv, on the Likes tab.
func pagedModel(t *testing.T, srv http.Handler) *Model {
	t.Helper()
	hs := httptest.NewServer(srv)
	t.Cleanup(hs.Close)
	c := api.New(api.Options{BaseURL: hs.URL, AuthURL: hs.URL, Tokens: api.StaticToken("tok"), MaxRetries: -1})
	m := New(Options{Backend: c, Audio: &recAudio{}, LoggedIn: true, Now: func() time.Time { return testNow }})
	instantTimers(m)
	m.Update(tea.WindowSizeMsg{Width: 80, Height: 24})
	for _, msg := range runCmd(m.Init()) {
		settle(t, m, msg)
	}
	press(t, m, "2")
	return m
}

func likesList(m *Model) *List[item] { return m.tabs.pane(tabLikes).(*browsePane).top().list() }

// Defect 1: printable keys that arrive in one read act once per rune.
func TestFastKeysActPerRune(t *testing.T) {
	m, _, a := started(t, 80, 24)
	press(t, m, "2")
	m.tabs.pane(tabLikes).(*browsePane).top().list().SetItems(trackItems(manyTracks(50)))
	l := likesList(m)
	settle(t, m, tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("jjjjj")})
	if l.Cursor() != 5 {
		t.Fatalf("jjjjj in one message moved the cursor to %d, want 5", l.Cursor())
	}
	settle(t, m, tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("GG")})
	if l.Cursor() != 49 {
		t.Errorf("GG: cursor %d, want 49", l.Cursor())
	}
	settle(t, m, tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("---")})
	if n := strings.Count(strings.Join(a.Calls(), "\n"), "SetVolume"); n != 3 {
		t.Errorf("--- set the volume %d times, want 3: %v", n, a.Calls())
	}
	// A paste stays one message: text for a focused input, never keys.
	settle(t, m, tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("kkk"), Paste: true})
	if l.Cursor() != 49 {
		t.Errorf("a pasted kkk moved the cursor to %d", l.Cursor())
	}
	press(t, m, "/")
	settle(t, m, tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("fog")})
	if got := m.search.input.Value(); got != "fog" {
		t.Errorf("typed fog fast into the search box: %q", got)
	}
}

func manyTracks(n int) []api.Track {
	u := fxUser(1, "ana")
	out := make([]api.Track, n)
	for i := range out {
		out[i] = fxTrack(i+1, "T"+itoa(i), &u, api.AccessPlayable)
	}
	return out
}

// Defect 2: G goes to the real end, fetching every page, with a counter.
func TestGoToEndFetchesEveryPage(t *testing.T) {
	srv := &likesServer{n: 63, size: 10}
	m := pagedModel(t, srv)
	l := likesList(m)
	if l.Len() >= 63 {
		t.Fatalf("setup: all %d loaded before G", l.Len())
	}
	// The first step shows the counter while the next page is in flight.
	_, cmd := m.Update(kp("G"))
	if v := m.View(); !strings.Contains(v, "going to the end") {
		t.Errorf("no progress counter while going to the end:\n%s", v)
	}
	for _, msg := range runCmd(cmd) {
		settle(t, m, msg)
	}
	if l.Len() != 63 || l.Cursor() != 62 {
		t.Fatalf("G: %d loaded, cursor %d; want 63 and 62", l.Len(), l.Cursor())
	}
	if v := m.View(); !strings.Contains(v, "Like 62") || !strings.Contains(v, "63/63") {
		t.Errorf("G did not land on the last row:\n%s", v)
	}
}

// Any other key stops the walk to the end.
func TestGoToEndStopsOnAnotherKey(t *testing.T) {
	srv := &likesServer{n: 500, size: 10}
	m := pagedModel(t, srv)
	l := likesList(m)
	_, cmd := m.Update(kp("G"))
	msgs := runCmd(cmd) // the page in flight when k is pressed
	m.Update(kp("k"))
	for _, msg := range msgs {
		settle(t, m, msg)
	}
	if l.Len() >= 500 {
		t.Fatalf("k did not stop the walk: %d loaded", l.Len())
	}
	if strings.Contains(m.View(), "going to the end") {
		t.Errorf("counter still shown after k")
	}
}

// Issue 12 item 3: a list whose next_href points back at itself stops,
// says why, and G still lands on the last row.
func TestListStopsOnRepeatedNextHref(t *testing.T) {
	srv := &likesServer{n: 10, size: 10, loop: true}
	m := pagedModel(t, srv)
	l := likesList(m)
	press(t, m, "G")
	if srv.hits > 3 {
		t.Fatalf("followed a looping next_href %d times", srv.hits)
	}
	if l.HasMore() || l.Cursor() != l.Len()-1 {
		t.Errorf("after a loop: more %v, cursor %d of %d", l.HasMore(), l.Cursor(), l.Len())
	}
	if v := m.View(); !strings.Contains(v, "loops back") {
		t.Errorf("the pagination message is not shown:\n%s", v)
	}
}

// Defect 3: a list made stale by a write in another tab reloads when it is
// shown again, with the cursor on the item it was on.
func TestStaleListReloadsWhenShown(t *testing.T) {
	m, b, _ := started(t, 80, 24)
	fol := m.tabs.pane(tabFollowing).(*browsePane)
	press(t, m, "5", "j", "enter") // bo's profile over the Following list
	press(t, m, "2", "F")          // unfollow cy, the artist of a liked track
	press(t, m, "5")
	if n := b.called("MyFollowings"); n != 1 {
		t.Errorf("followings reloaded while hidden under a profile: %d calls", n)
	}
	press(t, m, "esc")
	l := fol.top().list()
	if b.called("MyFollowings") != 2 || l.Len() == 0 {
		t.Fatalf("Following not reloaded when shown again: %d items, calls %v", l.Len(), b.Calls())
	}
	if it, _ := l.Selected(); it.User == nil || it.User.Username != "bo" {
		t.Errorf("cursor not kept on bo after the reload: %+v", it)
	}

	// Likes → playlists, with a playlist opened over it; unlike that
	// playlist from the feed, come back, leave the playlist.
	press(t, m, "2", "t", "enter", "1", "j", "j", "f", "2")
	if b.called("MyLikedPlaylists") != 1 {
		t.Errorf("liked playlists reloaded under an open playlist")
	}
	press(t, m, "esc")
	likes := m.tabs.pane(tabLikes).(*browsePane).top()
	if b.called("MyLikedPlaylists") != 2 || likes.list().Len() == 0 {
		t.Errorf("liked playlists not reloaded when shown: %d items, calls %v", likes.list().Len(), b.Calls())
	}
}

// Every config action has a KeyMap field and every field an action: the
// map is complete both ways.
func TestKeyMapCoversEveryAction(t *testing.T) {
	km := NewKeyMap(nil)
	f := km.fields()
	if len(f) != len(config.Actions) {
		t.Errorf("KeyMap has %d fields, config %d actions", len(f), len(config.Actions))
	}
	for _, a := range config.Actions {
		b, ok := f[a.Name]
		if !ok || b.Help().Desc != a.Help {
			t.Errorf("action %q: field %v, help %q", a.Name, ok, b.Help().Desc)
		}
	}
}
