package ui

import (
	"context"
	"fmt"
	"net/url"
	"regexp"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"github.com/cirrus-tui/cirrus/api"
)

// accessFilters are the choices ctrl+f cycles through; nil is the server's
// default (playable and preview).
var accessFilters = [][]string{nil, {api.AccessPlayable}, {api.AccessPreview}}

var scURL = regexp.MustCompile(`^(https?://)?((www|m)\.)?(on\.)?soundcloud\.com/\S+$`)

// resolvedMsg is the resource a pasted URL named.
type resolvedMsg struct {
	track    *api.Track
	user     *api.User
	playlist *api.Playlist
	err      error
}

// searchFocus is what owns the keyboard in the search tab.
type searchFocus int

const (
	focusResults searchFocus = iota
	focusQuery
	focusGenre
)

// searchPane is one query box with results as tracks, users or playlists,
// genre and access filters, and soundcloud.com URLs opened via /resolve.
type searchPane struct {
	*browser
	input, genre textinput.Model
	focus        searchFocus
	replace      bool // the old query is selected: typing replaces it
	access       int
	query, gen   string
	resolving    bool
	live         liveSearch
	hosts        linkHosts
	err          error
}

func newSearch(c *Common, e *env, n names, hosts linkHosts) *searchPane {
	p := &searchPane{input: newInput(), genre: newInput(), hosts: hosts}
	p.input.Placeholder = "search SoundCloud or paste a soundcloud.com link"
	p.input.Prompt = "/ "
	p.genre.Placeholder = "any genre"
	p.genre.Prompt = "genre: "
	p.genre.CharLimit = 40
	p.input.CharLimit = 500
	v := &view{title: "Search", kinds: []string{"tracks", "users", "playlists"}, lists: p.makeLists(c, e, n, "", "", 0)}
	p.browser = newBrowser(c, e, n, v)
	p.topLines = 2
	return p
}

// makeLists builds the three result lists for one query. The sources
// capture copies: they run inside commands, off the model's goroutine.
func (p *searchPane) makeLists(c *Common, e *env, n names, q, genre string, access int) []*List[item] {
	o := api.SearchOptions{ListOptions: api.ListOptions{Limit: 50, Access: accessFilters[access]}}
	if genre != "" {
		o.Genres = []string{genre}
	}
	empty := "Press / and type to search."
	if q != "" {
		empty = fmt.Sprintf("Nothing found for %q.", q)
	}
	ls := []*List[item]{
		newList(c, e, empty, itemSource(e, trackItems, func(ctx context.Context) (*api.Page[api.Track], error) {
			return e.b.SearchTracks(ctx, q, o)
		}), renderItemWith(n)),
		newList(c, e, empty, itemSource(e, userItems, func(ctx context.Context) (*api.Page[api.User], error) {
			return e.b.SearchUsers(ctx, q, o)
		}), renderItemWith(n)),
		newList(c, e, empty, itemSource(e, playlistItems, func(ctx context.Context) (*api.Page[api.Playlist], error) {
			return e.b.SearchPlaylists(ctx, q, o)
		}), renderItemWith(n)),
	}
	for _, l := range ls {
		l.loaded = q == "" // nothing to load until a query
	}
	return ls
}

func (p *searchPane) Name() string       { return "Search" }
func (p *searchPane) Init() tea.Cmd      { return nil }
func (p *searchPane) InputFocused() bool { return p.focus != focusResults }
func (p *searchPane) Visible() shownList { return p.top().list() }
func (p *searchPane) Loading() bool      { return p.resolving || p.anyLoading() }
func (p *searchPane) Selected() (item, bool) {
	return p.browser.selected()
}
func (p *searchPane) Click(y int) bool {
	return p.top().list().Click(y - p.topLines - p.headerHeight(p.top()))
}
func (p *searchPane) Scroll(d int) tea.Cmd { return p.top().list().Scroll(d) }

func (p *searchPane) SetSize(w, h int) {
	p.input.Width = w - 4
	p.genre.Width = 20
	p.browser.SetSize(w, h)
}

// Focus puts the cursor in the query box (the / key).
func (p *searchPane) Focus() tea.Cmd {
	p.focus = focusQuery
	p.replace = p.input.Value() != ""
	p.input.CursorEnd()
	p.genre.Blur()
	return p.input.Focus()
}

func (p *searchPane) blur() {
	p.focus, p.replace = focusResults, false
	p.input.Blur()
	p.genre.Blur()
}

func (p *searchPane) Update(msg tea.Msg) (bool, tea.Cmd) {
	switch msg := msg.(type) {
	case pageMsg:
		return p.handlePage(msg)
	case profileMsg:
		return p.handleProfile(msg), nil
	case resolvedMsg:
		return true, p.opened(msg)
	case tea.KeyMsg:
		if p.focus != focusResults {
			return true, p.updateInput(msg)
		}
		if key.Matches(msg, p.c.Keys.Nav.Filter) {
			p.focus = focusGenre
			return true, p.genre.Focus()
		}
		return p.browser.update(msg)
	}
	return false, nil
}

func (p *searchPane) updateInput(msg tea.KeyMsg) tea.Cmd {
	switch msg.Type {
	case tea.KeyEsc:
		p.blur()
		return nil
	case tea.KeyEnter:
		p.live.seq++ // a pending live search is not needed
		p.blur()
		return p.submit()
	}
	if p.focus == focusGenre && key.Matches(msg, p.c.Keys.Nav.Filter) {
		p.access = (p.access + 1) % len(accessFilters)
		return nil
	}
	if p.focus == focusQuery && p.replace {
		p.replace = false
		switch msg.Type {
		case tea.KeyRunes, tea.KeySpace:
			p.input.SetValue("") // typing replaces the selected old query
		case tea.KeyBackspace, tea.KeyDelete:
			p.input.SetValue("")
			return nil
		}
	}
	if p.focus == focusQuery && msg.Paste && p.hosts.isLink(string(msg.Runes)) {
		return p.OpenLink(strings.TrimSpace(string(msg.Runes))) // a pasted link opens at once
	}
	var cmd tea.Cmd
	if p.focus == focusQuery {
		before := p.input.Value()
		p.input, cmd = p.input.Update(msg)
		if p.input.Value() != before {
			cmd = tea.Batch(cmd, p.typed())
		}
	} else {
		p.genre, cmd = p.genre.Update(msg)
	}
	return cmd
}

// submit runs the query, or resolves a pasted link.
func (p *searchPane) submit() tea.Cmd {
	q := strings.TrimSpace(SanitizeLine(p.input.Value()))
	p.gen = strings.TrimSpace(SanitizeLine(p.genre.Value()))
	if q == "" {
		return nil
	}
	p.stack = p.stack[:1]
	p.err = nil
	if p.hosts.isLink(q) {
		p.top().lists = p.makeLists(p.c, p.e, p.names, "", p.gen, p.access) // old results go
		p.SetSize(p.width, p.height)
		if !strings.Contains(q, "://") {
			q = "https://" + q
		}
		p.resolving = true
		e := p.e
		return func() tea.Msg { return resolve(e, q) }
	}
	return p.run(q)
}

// OpenLink resolves a soundcloud.com link pasted anywhere in the UI.
func (p *searchPane) OpenLink(u string) tea.Cmd {
	p.input.SetValue(u)
	p.blur()
	return p.submit()
}

// linkHosts are the hosts whose links open in cirrus: soundcloud.com, and
// the host the API's own permalink_url values name (the demo's fake, a
// proxy). Learnt from loaded pages; bounded.
type linkHosts map[string]bool

const maxLinkHosts = 8

// learn remembers the host of a permalink the API sent.
func (h linkHosts) learn(permalink string) {
	u, err := url.Parse(permalink)
	if err != nil || u.Host == "" || h[u.Host] || len(h) >= maxLinkHosts || (u.Scheme != "http" && u.Scheme != "https") {
		return
	}
	h[u.Host] = true
}

// isLink reports whether s is a soundcloud.com or on.soundcloud.com link,
// or a link on a host the API's permalinks use.
func (h linkHosts) isLink(s string) bool {
	s = strings.TrimSpace(s)
	if scURL.MatchString(s) {
		return true
	}
	u, err := url.Parse(s)
	return err == nil && h[u.Host] && (u.Scheme == "http" || u.Scheme == "https") && len(strings.Trim(u.Path, "/")) > 0 && !strings.ContainsAny(s, " \t\n")
}

func resolve(e *env, u string) resolvedMsg {
	urn, err := e.b.Resolve(e.ctx, u)
	if err != nil {
		return resolvedMsg{err: fmt.Errorf("resolve %s: %w", u, err)}
	}
	var m resolvedMsg
	switch urn.Kind() {
	case api.KindTrack:
		m.track, err = e.b.Track(e.ctx, urn)
	case api.KindUser:
		m.user, err = e.b.User(e.ctx, urn)
	case api.KindPlaylist:
		m.playlist, err = e.b.Playlist(e.ctx, urn)
	default:
		err = fmt.Errorf("cirrus cannot open a %q", urn.Kind())
	}
	if err != nil {
		m.err = fmt.Errorf("open %s: %w", u, err)
	}
	return m
}

// opened shows what a link resolved to.
func (p *searchPane) opened(m resolvedMsg) tea.Cmd {
	p.resolving = false
	if m.err != nil {
		p.err = m.err
		return nil
	}
	switch {
	case m.track != nil:
		l := newList(p.c, p.e, "", source[item]{}, renderItemWith(p.names))
		l.SetItems([]item{{Track: m.track}})
		return p.push(&view{title: SanitizeLine(m.track.Title), lists: []*List[item]{l}})
	case m.playlist != nil:
		return p.push(p.playlistView(m.playlist))
	case m.user != nil:
		v := p.profileView(m.user)
		return tea.Batch(p.push(v), p.loadProfile(v))
	}
	return nil
}

func (p *searchPane) View() string {
	s := p.c.Styles
	filter := fmt.Sprintf("access: %s", accessName(p.access))
	var status string
	switch {
	case p.resolving:
		status = s.Muted.Render(p.c.Spin + " opening link…")
	}
	help := s.Muted.Render("(" + p.c.Keys.Nav.Filter.Help().Key + ")")
	query := p.input.View()
	if p.replace {
		query = p.input.Prompt + s.Selected.Reverse(true).Render(SanitizeLine(p.input.Value()))
	}
	genre := p.genre.View()
	if p.focus == focusGenre {
		// The genre line has the keyboard: say so, and what the keys do.
		genre = s.Accent.Render("▸ ") + p.genre.View()
		help = s.Accent.Render("(" + p.c.Keys.Nav.Filter.Help().Key + " access · enter search · esc back)")
	}
	lines := []string{
		Truncate(query, p.width),
		Truncate(genre+"  "+s.Muted.Render(filter)+" "+help+"  "+status, p.width),
	}
	if p.err != nil && len(p.stack) == 1 {
		// The whole error, wrapped, where the results were.
		wrapped := lipgloss.NewStyle().Width(max(p.width, 1)).Render(SanitizeLine(p.err.Error()))
		lines = append(lines, s.Error.Render(wrapped))
		return strings.Join(lines, "\n")
	}
	lines = append(lines, p.browser.View())
	return strings.Join(lines, "\n")
}

func accessName(i int) string {
	if accessFilters[i] == nil {
		return "playable+preview"
	}
	return strings.Join(accessFilters[i], ",")
}
