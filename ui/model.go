package ui

import (
	"context"
	"github.com/charmbracelet/bubbles/key"
	"image"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/spinner"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/cirrus-tui/cirrus/api"
	"github.com/cirrus-tui/cirrus/config"
	"github.com/cirrus-tui/cirrus/player"
)

// Options say what the UI runs against and who is signed in.
type Options struct {
	Context  context.Context // cancelled: every command gives up
	Backend  Backend
	Audio    Audio
	Keys     map[string][]string // merged [keys]; missing actions keep defaults
	Theme    config.Theme
	LoggedIn bool   // false: the welcome screen comes first
	Notice   string // shown on the welcome screen ("your session expired")
	// Status is an informational line shown when the UI opens (the demo's
	// banner); Warning, shown instead when set, is an error-styled one (no
	// sound device).
	Status  string
	Warning string
	// Login runs the sign-in flow from the welcome screen; nil makes "log
	// in" quit with Outcome() == OutcomeLogin so the caller can run it.
	Login func(ctx context.Context) error
	// OpenURL and CopyText default to xdg-open and OSC 52; tests record.
	OpenURL  func(ctx context.Context, url string) error
	CopyText func(text string) error
	Now      func() time.Time
}

// Outcomes of the welcome screen that the caller acts on after the program ends.
const (
	OutcomeQuit  = ""
	OutcomeLogin = "login"
	OutcomeDemo  = "demo"
)

// Tab indexes, in the tab bar's order.
const (
	tabFeed = iota
	tabLikes
	tabSearch
	tabPlaylists
	tabFollowing
	tabQueue
)

// Model is the root of the UI: it owns focus, the tabs, the now-playing
// state, and routes every message.
type Model struct {
	opts   Options
	c      *Common
	e      *env
	cancel context.CancelFunc

	panes    []pane
	search   *searchPane
	queue    *queuePane
	playl    *browsePane
	comments *commentsPane
	active   int
	started  map[int]bool
	shown    int // id of the list on screen, to refresh it when it changes

	showComments bool
	showHelp     bool
	picker       *picker
	prompt       *prompt
	welcome      bool
	anonymous    bool
	outcome      string

	width, height int
	lay           layout
	laid          struct{ comments, picker bool }

	status     player.Status
	wave       *api.Waveform
	waveFor    api.URN
	npComments []api.Comment
	npFor      api.URN

	liked, likedPl, following, reposted map[api.URN]bool
	names                               names

	msg       string
	msgErr    bool
	msgSticky bool // a warning that outlives the clear timer (no sound device)
	msgID     int

	spinFrame int
	spinning  bool
	// after schedules msg after d; tests swap it to deliver timers by hand.
	after   func(d time.Duration, msg tea.Msg) tea.Cmd
	tickID  int
	ticking bool

	detailSeq  int
	detailWant api.URN
	images     map[string]image.Image
}

// New builds the root model.
func New(o Options) *Model {
	if o.Context == nil {
		o.Context = context.Background()
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.OpenURL == nil {
		o.OpenURL = xdgOpen
	}
	if o.CopyText == nil {
		o.CopyText = osc52Copy
	}
	if o.Theme == (config.Theme{}) {
		o.Theme = config.DefaultTheme()
	}
	ctx, cancel := context.WithCancel(o.Context)
	c := &Common{Styles: DefaultStyles(o.Theme), Keys: NewKeyMap(o.Keys), Now: o.Now}
	e := &env{ctx: ctx, b: o.Backend, a: o.Audio}
	m := &Model{
		opts: o, c: c, e: e, cancel: cancel, started: map[int]bool{},
		liked: map[api.URN]bool{}, likedPl: map[api.URN]bool{}, following: map[api.URN]bool{}, reposted: map[api.URN]bool{},
		names: names{}, images: map[string]image.Image{},
		welcome: !o.LoggedIn,
	}
	m.after = func(d time.Duration, msg tea.Msg) tea.Cmd {
		return tea.Tick(d, func(time.Time) tea.Msg { return msg })
	}
	c.Spin = spinner.MiniDot.Frames[0]
	c.Mark = m.mark
	m.search = newSearch(c, e, m.names)
	m.queue = newQueue(c, e)
	m.playl = newPlaylists(c, e, m.names)
	m.comments = newComments(c, e)
	m.panes = []pane{newFeed(c, e, m.names), newLikes(c, e, m.names), m.search, m.playl, newFollowing(c, e, m.names), m.queue}
	m.status.Index = -1
	m.status.Volume = 1
	return m
}

// Outcome says what the user chose on the welcome screen when the program
// ended there (OutcomeLogin, OutcomeDemo), or OutcomeQuit.
func (m *Model) Outcome() string { return m.outcome }

// Init starts listening to the player and loads the first tab.
func (m *Model) Init() tea.Cmd {
	cmds := []tea.Cmd{m.waitEvent(), refreshQueue(m.e.a)}
	if w, st := m.opts.Warning, m.opts.Status; w != "" || st != "" {
		msg := statusMsg{text: st}
		if w != "" {
			msg = statusMsg{text: w, err: true, sticky: true}
		}
		cmds = append(cmds, func() tea.Msg { return msg })
	}
	if !m.welcome {
		cmds = append(cmds, m.start())
	}
	return tea.Batch(cmds...)
}

// start leaves the welcome screen: loads the first tab and what the
// liked/following marks need.
func (m *Model) start() tea.Cmd {
	m.welcome = false
	if m.anonymous {
		m.active = tabSearch
		return m.search.Focus()
	}
	// Likes and followings seed the ♥ and "following" marks.
	likes := m.panes[tabLikes].(*browsePane).stack[0]
	return tea.Batch(m.switchTab(m.active), likes.lists[0].EnsureLoaded(), likes.lists[1].EnsureLoaded(), m.panes[tabFollowing].Init())
}

// needsLogin reports whether the tab is empty without an account.
func (m *Model) needsLogin(tab int) bool {
	return m.anonymous && tab != tabSearch && tab != tabQueue
}

func (m *Model) switchTab(i int) tea.Cmd {
	m.active = i
	m.showComments = false
	if m.needsLogin(i) || m.started[i] {
		switch p := m.panes[i].(type) {
		case *queuePane:
			return refreshQueue(m.e.a)
		case *browsePane:
			return p.top().list().EnsureLoaded() // reloads a list a write made stale
		}
		return nil
	}
	m.started[i] = true
	return m.panes[i].Init()
}

// current is the pane that owns the body.
func (m *Model) current() pane {
	if m.showComments {
		return m.comments
	}
	return m.panes[m.active]
}

func (m *Model) anyLoading() bool {
	for _, p := range m.panes {
		if p.Loading() {
			return true
		}
	}
	return m.comments.Loading() || (m.picker != nil && m.picker.list.Loading())
}

func (m *Model) ensureSpinner() tea.Cmd {
	if m.spinning || !m.anyLoading() {
		return nil
	}
	m.spinning = true
	return m.after(spinner.MiniDot.FPS, spinMsg{})
}

// spinMsg advances the one spinner all lists share, only while one loads.
type spinMsg struct{}

// statusMsg puts a message on the status line for a while.
type statusMsg struct {
	text   string
	err    bool
	sticky bool // stays until another message replaces it
}
type clearStatusMsg struct{ id int }

func (m *Model) setStatus(text string, isErr bool) tea.Cmd {
	m.msg, m.msgErr, m.msgSticky = SanitizeLine(text), isErr, false
	m.msgID++
	return m.after(6*time.Second, clearStatusMsg{id: m.msgID})
}

// Update routes: window size to every pane; keys to a focused input, then
// global keys, then the focused pane; data to whoever asked for it.
func (m *Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	var cmds []tea.Cmd
	add := func(c tea.Cmd) {
		if c != nil {
			cmds = append(cmds, c)
		}
	}
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.resize(msg.Width, msg.Height)
	case tea.KeyMsg:
		for _, k := range splitKeys(msg) {
			m.c.Presses++
			add(m.key(k))
		}
	case tea.MouseMsg:
		add(m.mouse(msg))
	case playerEventMsg:
		if !msg.ok {
			break
		}
		add(m.playerEvent(msg.ev))
		add(m.waitEvent())
	case tickMsg:
		if msg.id == m.tickID && m.ticking {
			m.setPlayer(m.e.a.Status())
			add(m.after(tickEvery, tickMsg{id: m.tickID}))
		}
	case spinMsg:
		frames := spinner.MiniDot.Frames
		m.spinFrame = (m.spinFrame + 1) % len(frames)
		m.c.Spin = frames[m.spinFrame]
		if m.anyLoading() {
			add(m.after(spinner.MiniDot.FPS, spinMsg{}))
		} else {
			m.spinning = false
		}
	case statusMsg:
		add(m.setStatus(msg.text, msg.err))
		m.msgSticky = msg.sticky
	case clearStatusMsg:
		if msg.id == m.msgID && !m.msgSticky {
			m.msg = ""
		}
	case pageMsg:
		add(m.routeData(msg))
		m.learn(msg)
	case profileMsg, resolvedMsg, queueMsg:
		add(m.routeData(msg))
	case playFromMsg:
		a, tracks, start := m.e.a, msg.tracks, msg.start
		add(func() tea.Msg { a.PlayTracks(tracks, start); return nil })
	case detailMsg:
		add(m.loadDetail(msg))
	case artworkMsg:
		m.images[msg.url] = msg.img
	case waveformMsg:
		if msg.urn == m.waveFor {
			m.wave = msg.wave
		}
	case npCommentsMsg:
		if msg.urn == m.npFor {
			m.npComments = msg.comments
		}
	case loginMsg:
		if msg.err != nil {
			add(m.setStatus("log in: "+msg.err.Error(), true))
		} else {
			add(m.start())
		}
	default:
		add(m.actionResult(msg))
	}
	if m.showComments != m.laid.comments || (m.picker != nil) != m.laid.picker {
		m.laid.comments, m.laid.picker = m.showComments, m.picker != nil
		m.layoutPanes()
	}
	if !m.welcome {
		add(m.refreshShown())
	}
	add(m.ensureTick())
	add(m.ensureSpinner())
	add(m.watchSelection())
	return m, tea.Batch(cmds...)
}

// routeData hands a data message to every pane; only its owner takes it.
func (m *Model) routeData(msg tea.Msg) tea.Cmd {
	if ok, cmd := m.comments.Update(msg); ok {
		return cmd
	}
	if m.picker != nil {
		if ok, cmd := m.picker.update(msg); ok {
			return cmd
		}
	}
	for _, p := range m.panes {
		if ok, cmd := p.Update(msg); ok {
			return cmd
		}
	}
	return nil
}

// learn remembers likes, followings and names from lists as they load.
func (m *Model) learn(msg pageMsg) {
	p, ok := msg.page.(*api.Page[item])
	if !ok || p == nil {
		return
	}
	likes := m.panes[tabLikes].(*browsePane).stack[0]
	fol := m.panes[tabFollowing].(*browsePane).stack[0]
	for _, it := range p.Collection {
		if it.User != nil {
			m.names[it.User.URN] = SanitizeLine(it.User.Username)
		}
		if it.Track != nil && it.Track.User != nil {
			m.names[it.Track.User.URN] = SanitizeLine(it.Track.User.Username)
		}
	}
	switch msg.list {
	case likes.lists[0].id:
		for _, it := range p.Collection {
			if it.Track != nil {
				if _, set := m.liked[it.Track.URN]; !set {
					m.liked[it.Track.URN] = true
				}
			}
		}
	case likes.lists[1].id:
		for _, it := range p.Collection {
			if it.Playlist != nil {
				if _, set := m.likedPl[it.Playlist.URN]; !set {
					m.likedPl[it.Playlist.URN] = true
				}
			}
		}
	case fol.lists[0].id:
		for _, it := range p.Collection {
			if it.User != nil {
				if _, set := m.following[it.User.URN]; !set {
					m.following[it.User.URN] = true
				}
			}
		}
	}
}

// splitKeys turns printable keys that arrived in one read ("jjj", typed
// fast or held down) into one key press per rune, so each one acts; a paste
// stays one message.
func splitKeys(msg tea.KeyMsg) []tea.KeyMsg {
	if msg.Type != tea.KeyRunes || msg.Paste || len(msg.Runes) < 2 {
		return []tea.KeyMsg{msg}
	}
	out := make([]tea.KeyMsg, len(msg.Runes))
	for i, r := range msg.Runes {
		k := tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{r}, Alt: msg.Alt}
		if r == ' ' {
			k.Type = tea.KeySpace
		}
		out[i] = k
	}
	return out
}

// loginMsg ends the welcome screen's sign-in.
type loginMsg struct{ err error }

func (m *Model) key(msg tea.KeyMsg) tea.Cmd {
	k := m.c.Keys
	if m.welcome {
		return m.welcomeKey(msg)
	}
	if m.prompt != nil {
		return m.promptKey(msg)
	}
	if p := m.current(); p.InputFocused() {
		_, cmd := p.Update(msg)
		return cmd
	}
	if m.showHelp {
		if key.Matches(msg, k.App.Quit) && msg.String() == "ctrl+c" {
			return m.quit()
		}
		m.showHelp = false
		return nil
	}
	if m.picker != nil {
		return m.pickerKey(msg)
	}
	if msg.Paste && isLink(string(msg.Runes)) {
		m.switchTab(tabSearch)
		return m.search.OpenLink(strings.TrimSpace(string(msg.Runes)))
	}
	if cmd, ok := m.globalKey(msg); ok {
		return cmd
	}
	if m.showComments && key.Matches(msg, k.Nav.Back) {
		m.showComments = false
		return nil
	}
	_, cmd := m.current().Update(msg)
	return cmd
}

// quit stops audio cleanly and ends the program.
func (m *Model) quit() tea.Cmd {
	a, cancel := m.e.a, m.cancel
	return func() tea.Msg {
		if a != nil {
			a.Stop()
		}
		cancel()
		return tea.QuitMsg{}
	}
}

// mark is the badge a row shows: ♥ for a liked track or playlist, ✓ for a
// user I follow.
func (m *Model) mark(it item) string {
	switch {
	case it.User != nil:
		if m.following[it.User.URN] {
			return "✓"
		}
	case m.isLiked(it):
		return "♥"
	}
	return ""
}

// stale marks a tab's list for reloading the next time it is shown, after
// a write changed what it shows (a like, a follow); the one on screen is
// not pulled from under the cursor.
func (m *Model) stale(tab, list int) {
	m.panes[tab].(*browsePane).stack[0].lists[list].Invalidate()
}

// refreshShown reloads the list on screen when it is another one than last
// time and a write made it stale.
func (m *Model) refreshShown() tea.Cmd {
	v := m.current().Visible()
	if v == nil || v.ID() == m.shown {
		return nil
	}
	m.shown = v.ID()
	return v.Refresh()
}
