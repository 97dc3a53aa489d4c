package ui

import (
	"context"
	"log/slog"
	"time"

	"github.com/charmbracelet/bubbles/spinner"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/cirrus-tui/cirrus/api"
	"github.com/cirrus-tui/cirrus/config"
	artdecode "github.com/cirrus-tui/cirrus/internal/artwork"
	webbrowser "github.com/cirrus-tui/cirrus/internal/browser"
	"github.com/cirrus-tui/cirrus/ui/termimg"
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
	// OpenURL and CopyText default to the platform's browser and OSC 52; tests record.
	OpenURL  func(ctx context.Context, url string) error
	CopyText func(text string) error
	Now      func() time.Time
	// Playback is [playback]: autoplay and session restore. StateDir is
	// where the session, resume positions and history live ("": nowhere,
	// nothing is restored or saved).
	Playback config.Playback
	StateDir string
	// Logger receives what the user cannot act on (artwork, waveform or
	// comments that failed to load); nil discards it. Never the terminal.
	Logger *slog.Logger
	// Artwork is [ui] artwork; Terminal what the terminal can show
	// (detected by the caller, which may send a TerminalMsg later).
	// Pictures are drawn when Terminal has a graphics protocol, half
	// blocks otherwise unless Artwork is "off".
	Artwork  config.Artwork
	Terminal termimg.Terminal
	// Covers downloads and keeps cover art, shared with whatever else
	// shows it (desktop notifications); nil: the UI's own, over Backend.
	Covers *artdecode.Covers
}

// Outcomes of the welcome screen that the caller acts on after the program ends.
const (
	OutcomeQuit  = ""
	OutcomeLogin = "login"
	OutcomeDemo  = "demo"
)

// bodyKind is what fills the body: the active tab, or the comments of one
// track over it.
type bodyKind int

const (
	bodyTab bodyKind = iota
	bodyComments
)

// Model is the root of the UI. It only routes: focus, tabs, overlays and
// messages. State lives in small models with one owner each: nowPlaying
// (player status), library (likes, follows, counts), statusLine, detailPane,
// the tabs' panes and the overlays.
type Model struct {
	opts Options
	c    *Common
	e    *env

	tabs     *tabBar
	search   *searchPane   // the tab links and / open
	comments *commentsPane // the comments body, and the detail pane's list
	body     bodyKind
	shown    int // id of the list on screen, to refresh it when it changes

	help   *helpOverlay // nil when closed
	picker *picker      // nil when closed
	prompt *prompt      // nil when closed
	cmd    *cmdLine     // the `:` line (keeps its history while closed)

	np     *nowPlaying
	lib    *library
	status *statusLine
	detail *detailPane

	refused *refusals   // what SoundCloud refuses this app: said once
	vis     visualState // the visual selection and its batches (visual.go)

	listening // autoplay, memory, the play origin, filter, sorts

	welcome welcomeState
	lay     layout
	pics    []termimg.Placement // where the last View left room for covers
	spin    spinState
}

// welcomeState is the first screen of a user who is not signed in.
type welcomeState struct {
	shown, anonymous bool
	outcome          string
}

// spinState drives the one spinner all lists share, only while one loads.
type spinState struct {
	frame int
	on    bool
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
		o.OpenURL = webbrowser.Open
	}
	if o.CopyText == nil {
		o.CopyText = osc52Copy
	}
	if o.Theme == (config.Theme{}) {
		o.Theme = config.DefaultTheme()
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	ctx, cancel := context.WithCancel(o.Context)
	c := &Common{Styles: DefaultStyles(o.Theme), Keys: NewKeyMap(o.Keys), Now: o.Now, Spin: spinner.MiniDot.Frames[0]}
	c.After = func(d time.Duration, msg tea.Msg) tea.Cmd {
		return tea.Tick(d, func(time.Time) tea.Msg { return msg })
	}
	e := &env{ctx: ctx, cancel: cancel, b: o.Backend, a: o.Audio, log: o.Logger, covers: o.Covers}
	if e.covers == nil && o.Backend != nil {
		e.covers = artdecode.NewCovers(o.Backend.Artwork)
	}
	lib := newLibrary(e)
	m := &Model{opts: o, c: c, e: e, lib: lib, welcome: welcomeState{shown: !o.LoggedIn}}
	m.np = newNowPlaying(c, e, lib)
	m.startListening(o)
	m.status = &statusLine{c: c}
	m.cmd = newCmdLine(c)
	m.search = newSearch(c, e, lib.names, lib.hosts)
	m.comments = newComments(c, e, m.np)
	m.detail = newDetail(c, e, lib, m.comments)
	m.detail.art = newArtwork(e, o.Artwork, o.Terminal)
	m.np.art = m.detail.art
	m.refused = &refusals{}
	m.detail.refused = m.refused
	m.np.refused = m.refused
	m.tabs = newTabBar(c, []pane{
		newFeed(c, e, lib.names), newLikes(c, e, lib.names), m.search,
		newPlaylists(c, e, lib.names), newFollowing(c, e, lib.names), newQueue(c, e, m.np),
		newHistory(c, e, m.mem.entries),
	})
	m.auto.rowFrom = m.tabs.pane(tabQueue).(*queuePane).origin
	return m
}

// Outcome says what the user chose on the welcome screen when the program
// ended there (OutcomeLogin, OutcomeDemo), or OutcomeQuit.
func (m *Model) Outcome() string { return m.welcome.outcome }

// Init starts listening to the player and loads the first tab.
func (m *Model) Init() tea.Cmd {
	cmds := []tea.Cmd{waitEvent(m.e.a), refreshQueue(m.e.a), m.mem.load()}
	if w, st := m.opts.Warning, m.opts.Status; w != "" || st != "" {
		msg := statusMsg{text: st}
		if w != "" {
			msg = statusMsg{text: w, err: true, sticky: true}
		}
		cmds = append(cmds, func() tea.Msg { return msg })
	}
	if !m.welcome.shown {
		cmds = append(cmds, m.start())
	}
	return tea.Batch(cmds...)
}

// start leaves the welcome screen: loads the first tab and what the
// liked/following marks need. Anonymous users land on Search with the
// results focused, so a tab key is a tab key, not a query.
func (m *Model) start() tea.Cmd {
	m.welcome.shown = false
	if m.welcome.anonymous {
		m.tabs.active = tabSearch
		return statusCmd("Anonymous: search and play public tracks. Press "+m.c.Keys.Nav.Search.Help().Key+" to search.", false)
	}
	return tea.Batch(m.switchTab(m.tabs.active), m.tabs.preload())
}

// needsLogin reports whether the tab is empty without an account.
func (m *Model) needsLogin(t tab) bool {
	return m.welcome.anonymous && t != tabSearch && t != tabQueue
}

func (m *Model) switchTab(t tab) tea.Cmd {
	if t != m.tabs.active && m.c.Presses > 0 {
		m.status.leftTab() // not at start-up: the banner and notices stay
	}
	m.body = bodyTab
	return m.tabs.show(t, m.needsLogin(t))
}

// current is the pane that owns the body.
func (m *Model) current() pane {
	if m.body == bodyComments {
		return m.comments
	}
	return m.tabs.current()
}

func (m *Model) anyLoading() bool {
	return m.tabs.loading() || m.comments.Loading() || (m.picker != nil && m.picker.list.Loading())
}

func (m *Model) ensureSpinner() tea.Cmd {
	if m.spin.on || !m.anyLoading() {
		return nil
	}
	m.spin.on = true
	return m.c.After(spinner.MiniDot.FPS, spinMsg{})
}

// spinMsg advances the shared spinner.
type spinMsg struct{}

// setStatus shows a message on the status line now.
func (m *Model) setStatus(text string, isErr bool) tea.Cmd { return m.status.set(text, isErr) }

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
		m.c.Width, m.c.Height = msg.Width, msg.Height
		m.layoutPanes()
	case tea.KeyMsg:
		for _, k := range splitKeys(msg, m.c.Keys.bound) {
			m.c.Presses++
			add(m.key(k))
		}
	case tea.MouseMsg:
		add(m.mouse(msg))
	case playerEventMsg:
		if !msg.ok {
			break
		}
		add(m.playerEvent(msg))
		add(waitEvent(m.e.a))
	case spinMsg:
		frames := spinner.MiniDot.Frames
		m.spin.frame = (m.spin.frame + 1) % len(frames)
		m.c.Spin = frames[m.spin.frame]
		if m.anyLoading() {
			add(m.c.After(spinner.MiniDot.FPS, spinMsg{}))
		} else {
			m.spin.on = false
		}
	case statusMsg, clearStatusMsg:
		_, cmd := m.status.Update(msg)
		add(cmd)
	case waveformMsg, npCommentsMsg:
		_, cmd := m.np.Update(msg)
		add(cmd)
	case likeMsg, followMsg, repostMsg:
		_, cmd := m.lib.Update(msg)
		add(cmd)
	case staleMsg:
		m.tabs.invalidate(msg.kind)
	case CellSizeMsg:
		m.detail.art.setCell(msg)
	case TerminalMsg:
		m.detail.art.setTerminal(m.opts.Artwork, msg.Terminal)
		m.layoutPanes() // the now-playing bar is taller with pictures
		add(m.np.wantArt())
	case detailMsg, artworkMsg:
		_, cmd := m.detail.Update(msg, m.body == bodyComments)
		add(cmd)
	case pageMsg:
		if p, ok := msg.page.(*api.Page[item]); ok && p != nil {
			m.lib.learn(msg.kind, p)
		}
		add(m.routeData(msg))
		if m.filter.on() && msg.list == m.filter.list.id {
			m.filter.page()
		} else {
			m.sorts.page(msg.list)
		}
	case profileMsg, resolvedMsg, queueMsg, historyMsg:
		add(m.routeData(msg))
	case renamedMsg, deletedMsg, playlistEditMsg, searchTickMsg, autoplayMsg, radioStartMsg, radioResumeMsg, memoryMsg:
		add(m.listeningMsg(msg))
	case remoteMsg:
		add(m.runCommand(msg.c))
	case playFromMsg:
		m.auto.reset()
		m.origin = playOrigin{tab: m.tabs.active, list: msg.from, view: msg.view}
		a, tracks, start := m.e.a, msg.tracks, msg.start
		add(do(func() { a.PlayTracks(tracks, start) }))
	case refusalMsg:
		add(m.refused.Update(msg))
	case batchMsg, savedMsg, addedRowsMsg:
		add(m.visualResult(msg))
	case loginMsg:
		if msg.err != nil {
			add(m.setStatus("log in: "+msg.err.Error(), true))
		} else {
			add(m.start())
		}
	default:
		add(m.actionResult(msg))
	}
	if m.lay.comments != (m.body == bodyComments) || m.lay.picker != (m.picker != nil) {
		m.layoutPanes()
	}
	if m.filter.on() && m.current().Visible() != shownList(m.filter.list) {
		add(m.filter.clear()) // the list left the screen
	}
	m.visualGuard()
	if !m.welcome.shown {
		add(m.refreshShown())
		if m.wide() {
			add(m.detail.watch(m.current().Selected()))
		}
		add(m.np.wantArt())
	}
	add(m.ensureSpinner())
	return m, tea.Batch(cmds...)
}

// playerEvent hands the status to nowPlaying; errors go to the status line
// and a changed queue is read again.
func (m *Model) playerEvent(msg playerEventMsg) tea.Cmd {
	prev := m.np.status // the player's word, without presses still on their way
	var cmds []tea.Cmd
	if msg.ev.Status.Rev >= prev.Rev { // an older status, arriving late, tells them nothing
		cmds = append(cmds, m.auto.event(prev, msg.ev), m.mem.event(prev, msg.ev, m.tabName()))
	}
	switch msg.ev.Kind {
	case playerError:
		if msg.ev.Err != nil {
			m.e.log.Warn("player", "err", msg.ev.Err)
			if _, refused := api.AppRefusal(msg.ev.Err); refused {
				cmds = append(cmds, failure("", msg.ev.Err))
			} else {
				cmds = append(cmds, m.setStatus(playerErrorText(msg.ev), true))
			}
		}
	case playerQueueChanged:
		cmds = append(cmds, refreshQueue(m.e.a))
	}
	_, cmd := m.np.Update(msg)
	return tea.Batch(append(cmds, cmd)...)
}

// routeData hands a data message to its owner: the comments pane, the
// picker, or the tab whose list asked for it.
func (m *Model) routeData(msg tea.Msg) tea.Cmd {
	if ok, cmd := m.comments.Update(msg); ok {
		return cmd
	}
	if m.picker != nil {
		if ok, cmd := m.picker.update(msg); ok {
			return cmd
		}
	}
	return m.tabs.route(msg)
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

// loginMsg ends the welcome screen's sign-in.
type loginMsg struct{ err error }

// quit saves the session, stops audio cleanly and ends the program.
func (m *Model) quit() tea.Cmd {
	a, cancel := m.e.a, m.e.cancel
	m.auto.quitting = true
	save := m.mem.last(m.tabName())
	return func() tea.Msg {
		if save != nil {
			save()
		}
		if a != nil {
			a.Stop()
		}
		cancel()
		return tea.QuitMsg{}
	}
}
