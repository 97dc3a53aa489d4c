package ui

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/cirrus-tui/cirrus/api"
)

// view is one screen of a pane: one or more lists switchable with
// toggle_kind, and an optional header (a profile, a playlist's title).
type view struct {
	id     int
	title  string
	kinds  []string
	lists  []*List[item]
	active int
	header func(c *Common, width int) []string
	user   *api.User
	pl     *api.Playlist
}

func (v *view) list() *List[item] { return v.lists[v.active] }

// profileMsg fills a user's profile view.
type profileMsg struct {
	view     int
	user     *api.User
	profiles []api.WebProfile
	err      error
}

// playFromMsg asks the root to play tracks from start.
type playFromMsg struct {
	tracks []api.Track
	start  int
	from   *List[item] // the list it was started from (jump_to_playing)
	view   *view       // the browser view holding from, if any
}

// browser is the navigation stack the browsing panes share: a root view and
// the playlists and profiles opened from it, left with back.
type browser struct {
	c             *Common
	e             *env
	names         names
	stack         []*view
	width, height int
	topLines      int // lines above the views, drawn by the owning pane
}

func newBrowser(c *Common, e *env, n names, root *view) *browser {
	return &browser{c: c, e: e, names: n, stack: []*view{root}}
}

func (b *browser) top() *view { return b.stack[len(b.stack)-1] }

// selected is the item under the cursor of the visible list.
func (b *browser) selected() (item, bool) { return b.top().list().Selected() }

func (b *browser) headerHeight(v *view) int {
	h := 0
	if v.header != nil {
		h = len(v.header(b.c, b.width))
	}
	if len(v.kinds) > 1 || len(b.stack) > 1 || b.sortLabel(v) != "" {
		h++ // kind switch / breadcrumb / sort line
	}
	return h
}

func (b *browser) SetSize(w, h int) {
	b.width, b.height = w, h
	for _, v := range b.stack {
		lh := h - b.topLines - b.headerHeight(v)
		if lh < 1 {
			lh = 1
		}
		for _, l := range v.lists {
			l.SetSize(w, lh)
		}
	}
}

func (b *browser) push(v *view) tea.Cmd {
	b.stack = append(b.stack, v)
	b.SetSize(b.width, b.height)
	return v.list().EnsureLoaded()
}

// ensureKinds loads the root view's lists whose kind is wanted, once per
// kind (want is updated).
func (b *browser) ensureKinds(want map[listKind]bool) tea.Cmd {
	var cmds []tea.Cmd
	for _, l := range b.stack[0].lists {
		if want[l.kind] {
			want[l.kind] = false
			cmds = append(cmds, l.EnsureLoaded())
		}
	}
	return tea.Batch(cmds...)
}

// invalidate marks every list of kind k on the stack stale.
func (b *browser) invalidate(k listKind) {
	for _, v := range b.stack {
		for _, l := range v.lists {
			if l.kind == k {
				l.Invalidate()
			}
		}
	}
}

// reload loads every loaded list of kind k again now.
func (b *browser) reload(k listKind) tea.Cmd {
	var cmds []tea.Cmd
	for _, v := range b.stack {
		for _, l := range v.lists {
			if l.kind == k && (l.Loaded() || l.Loading()) {
				cmds = append(cmds, l.Load())
			}
		}
	}
	return tea.Batch(cmds...)
}

// init loads the root view's visible list.
func (b *browser) init() tea.Cmd { return b.top().list().EnsureLoaded() }

// handlePage offers a page to every list on the stack.
func (b *browser) handlePage(msg pageMsg) (bool, tea.Cmd) {
	for _, v := range b.stack {
		for _, l := range v.lists {
			if ok, cmd := l.Handle(msg); ok {
				if v.header != nil {
					b.SetSize(b.width, b.height)
				}
				return true, cmd
			}
		}
	}
	return false, nil
}

func (b *browser) handleProfile(msg profileMsg) bool {
	for _, v := range b.stack {
		if v.id == msg.view {
			if msg.user != nil {
				v.user = msg.user
			}
			v.header = profileHeader(v, msg.profiles, msg.err)
			b.SetSize(b.width, b.height)
			return true
		}
	}
	return false
}

// anyLoading reports whether a list on the stack waits for a page.
func (b *browser) anyLoading() bool {
	for _, v := range b.stack {
		for _, l := range v.lists {
			if l.Loading() {
				return true
			}
		}
	}
	return false
}

// update handles navigation, open, back and the kind switch.
func (b *browser) update(msg tea.KeyMsg) (bool, tea.Cmd) {
	k := b.c.Keys
	v := b.top()
	switch {
	case key.Matches(msg, k.Nav.ToggleKind) && len(v.lists) > 1:
		v.active = (v.active + 1) % len(v.lists)
		return true, v.list().EnsureLoaded()
	case key.Matches(msg, k.Nav.Back) && len(b.stack) > 1:
		b.stack = b.stack[:len(b.stack)-1]
		return true, nil
	case key.Matches(msg, k.Nav.Open):
		return true, b.open()
	}
	return v.list().UpdateKey(msg)
}

// open plays from a track, or opens a playlist or a profile.
func (b *browser) open() tea.Cmd {
	l := b.top().list()
	it, ok := l.Selected()
	if !ok {
		return nil
	}
	switch {
	case it.Track != nil:
		if it.Track.Access == api.AccessBlocked {
			return func() tea.Msg {
				return statusMsg{text: fmt.Sprintf("%q cannot be played where you are.", SanitizeLine(it.Track.Title)), err: true}
			}
		}
		var tracks []api.Track
		start := 0
		for i, x := range l.Items() {
			if x.Track == nil || x.Track.Access == api.AccessBlocked {
				continue // metadata only: the queue skips it
			}
			if i == l.Cursor() {
				start = len(tracks)
			}
			tracks = append(tracks, *x.Track)
		}
		return func() tea.Msg { return playFromMsg{tracks: tracks, start: start, from: l, view: b.top()} }
	case it.Playlist != nil:
		return b.push(b.playlistView(it.Playlist))
	case it.User != nil:
		v := b.profileView(it.User)
		return tea.Batch(b.push(v), b.loadProfile(v))
	}
	return nil
}

func (b *browser) playlistView(p *api.Playlist) *view {
	cp := *p // the view's own copy: edits change its count at once
	p = &cp
	e, urn := b.e, p.URN
	l := newList(b.c, e, "This playlist is empty.", itemSource(e, trackItems, func(ctx context.Context) (*api.Page[api.Track], error) {
		return e.b.PlaylistTracks(ctx, urn, api.ListOptions{Limit: 200})
	}), renderItemWith(b.names))
	l.autoAll = true
	v := &view{id: int(listIDs.Add(1)), title: SanitizeLine(p.Title), lists: []*List[item]{l}, pl: p}
	v.header = func(c *Common, w int) []string {
		by := ""
		if p.User != nil {
			by = " by " + artistName(p.User)
		}
		facts := plural(int64(p.TrackCount), "track") + " · " + Clock(msDur(p.Duration))
		if isPrivate(p) {
			facts = privateBadge + " · " + facts
		}
		return []string{c.Styles.Title.Render(Truncate(SanitizeLine(p.Title)+by, w)),
			c.Styles.Muted.Render(Truncate(facts, w))}
	}
	return v
}

func (b *browser) profileView(u *api.User) *view {
	e, urn := b.e, u.URN
	lo := api.ListOptions{Limit: 50}
	mk := func(empty string, src source[item]) *List[item] {
		return newList(b.c, e, empty, src, renderItemWith(b.names))
	}
	v := &view{id: int(listIDs.Add(1)), title: SanitizeLine(u.Username), user: u,
		kinds: []string{"tracks", "playlists", "likes", "reposts"},
		lists: []*List[item]{
			mk("No tracks.", itemSource(e, trackItems, func(ctx context.Context) (*api.Page[api.Track], error) {
				return e.b.UserTracks(ctx, urn, lo)
			})),
			mk("No playlists.", itemSource(e, playlistItems, func(ctx context.Context) (*api.Page[api.Playlist], error) {
				return e.b.UserPlaylists(ctx, urn, lo)
			})),
			mk("No likes.", itemSource(e, trackItems, func(ctx context.Context) (*api.Page[api.Track], error) {
				return e.b.UserLikedTracks(ctx, urn, lo)
			})),
			mk("No reposts.", itemSource(e, trackItems, func(ctx context.Context) (*api.Page[api.Track], error) {
				return e.b.UserRepostedTracks(ctx, urn, lo)
			})),
		}}
	v.header = profileHeader(v, nil, nil)
	return v
}

func (b *browser) loadProfile(v *view) tea.Cmd {
	e, id, urn := b.e, v.id, v.user.URN
	return func() tea.Msg {
		u, err := e.b.User(e.ctx, urn)
		if err != nil {
			return profileMsg{view: id, err: fmt.Errorf("load profile: %w", err)}
		}
		wp, err := e.b.WebProfiles(e.ctx, urn)
		if err != nil {
			err = fmt.Errorf("load web profiles: %w", err)
		}
		return profileMsg{view: id, user: u, profiles: wp, err: err}
	}
}

func profileHeader(v *view, wp []api.WebProfile, err error) func(c *Common, w int) []string {
	return func(c *Common, w int) []string {
		u := v.user
		s := c.Styles
		name := SanitizeLine(u.Username)
		if u.FullName != "" {
			name += " (" + SanitizeLine(u.FullName) + ")"
		}
		if place := strings.Trim(SanitizeLine(u.City)+", "+SanitizeLine(u.Country), ", "); place != "" {
			name += " · " + place
		}
		out := []string{
			s.Title.Render(Truncate(name, w)),
			s.Muted.Render(Truncate(strings.Join([]string{plural(int64(u.FollowersCount), "follower"), fmt.Sprintf("%d following", u.FollowingsCount),
				plural(int64(u.TrackCount), "track"), plural(int64(u.PlaylistCount), "playlist"), plural(int64(u.PublicFavoritesCount), "like"),
				plural(int64(u.RepostsCount), "repost")}, " · "), w)),
			s.Text.Render(Truncate(SanitizeLine(u.Description), w)),
		}
		var links []string
		for _, p := range wp {
			t := SanitizeLine(p.Title)
			if t == "" {
				t = SanitizeLine(p.Service)
			}
			links = append(links, t+" "+SanitizeLine(p.URL))
		}
		switch {
		case err != nil:
			out = append(out, s.Error.Render(Truncate(SanitizeLine(err.Error()), w)))
		default:
			out = append(out, s.Accent.Render(Truncate(strings.Join(links, " · "), w)))
		}
		return out
	}
}

// View draws the visible view: header, kind switch, list.
func (b *browser) View() string {
	v := b.top()
	s := b.c.Styles
	var lines []string
	if v.header != nil {
		lines = append(lines, v.header(b.c, b.width)...)
	}
	if len(v.kinds) > 1 || len(b.stack) > 1 || b.sortLabel(v) != "" {
		var parts []string
		if len(b.stack) > 1 {
			parts = append(parts, s.Muted.Render("← "+b.c.Keys.Nav.Back.Help().Key))
		}
		for i, k := range v.kinds {
			if i == v.active {
				parts = append(parts, s.Highlight.Render("["+k+"]"))
			} else {
				parts = append(parts, s.Muted.Render(k))
			}
		}
		if len(v.kinds) > 1 {
			parts = append(parts, s.Muted.Render("("+b.c.Keys.Nav.ToggleKind.Help().Key+" switch)"))
		}
		if l := b.sortLabel(v); l != "" {
			parts = append(parts, s.Accent.Render("· "+l))
		}
		lines = append(lines, strings.Join(parts, " "))
	}
	lines = append(lines, v.list().View())
	return strings.Join(lines, "\n")
}

func msDur(ms int64) time.Duration { return time.Duration(ms) * time.Millisecond }
