package ui

import (
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"github.com/cirrus-tui/cirrus/api"
	"github.com/cirrus-tui/cirrus/ui/session"
)

// historyPane is the History tab: what this machine played merged with
// SoundCloud's recently played list (session.Merge), newest first, each
// row with when. A tab rather than a list under Likes because it is a
// place of its own one key away, like the queue, and what it holds is
// partly this machine's, not the account's.
type historyPane struct {
	c             *Common
	e             *env
	local         func() []session.Entry // memory owns the history
	list          *List[item]
	remote        []api.Track          // the last answer of /me/recently-played/tracks
	whole         map[string]api.Track // local entries read again, by id (restore_tracks.go)
	remoteErr     error
	loading       bool
	width, height int
}

// historyMsg carries SoundCloud's recently played tracks, and the local
// entries read again whole.
type historyMsg struct {
	tracks []api.Track
	err    error
	whole  map[string]api.Track
}

const whenWidth = 13 // "on SoundCloud"

func newHistory(c *Common, e *env, local func() []session.Entry) *historyPane {
	h := &historyPane{c: c, e: e, local: local}
	base := renderItemWith(nil)
	h.list = newList(c, e, "Nothing played yet.", source[item]{}, func(c *Common, it item, w int, sel bool) string {
		when := "on SoundCloud"
		if it.When != "" {
			when = relTime(c.Now(), it.When)
		}
		it.When = ""
		return base(c, it, max(w-whenWidth-1, 1), sel) + " " + c.Styles.Muted.Render(padLeft(when, whenWidth))
	})
	h.list.loaded = true
	return h
}

func padLeft(s string, w int) string {
	if n := lipgloss.Width(s); n < w {
		return strings.Repeat(" ", w-n) + s
	}
	return s
}

// Init shows the local history at once and asks SoundCloud for its part;
// every visit does both again, since plays happen while the tab is hidden.
func (h *historyPane) Init() tea.Cmd {
	h.rebuild()
	if h.loading {
		return nil
	}
	h.loading = true
	e := h.e
	var stubs []api.URN // local entries saved as stubs, newest first
	if h.local != nil {
		for _, en := range h.local() {
			if _, ok := h.whole[en.URN.ID()]; !ok && len(stubs) < maxRefetch {
				stubs = append(stubs, en.URN)
			}
		}
	}
	return func() tea.Msg {
		ts, err := e.b.RecentlyPlayed(e.ctx, nil)
		if len(ts) > maxRecentlyPlayed {
			ts = ts[:maxRecentlyPlayed]
		}
		return historyMsg{tracks: ts, err: err, whole: wholeTracks(e.ctx, e, stubs, historyBudget)}
	}
}

// maxRecentlyPlayed bounds SoundCloud's answer (it documents 25).
const maxRecentlyPlayed = 200

// rebuild merges both parts into the list, keeping the cursor's track.
func (h *historyPane) rebuild() {
	var local []session.Entry
	if h.local != nil {
		local = h.local()
	}
	es := session.Merge(h.remote, local)
	items := make([]item, len(es))
	for i, e := range es {
		t, ok := h.whole[e.URN.ID()]
		if !ok {
			t = e.Track()
		}
		items[i] = item{Track: &t}
		if !e.Remote {
			items[i].When = e.PlayedAt.Format(time.RFC3339)
		}
	}
	sel, ok := h.list.Selected()
	h.list.SetItems(items)
	if ok {
		for i, it := range items {
			if it.URN() == sel.URN() {
				h.list.Move(i)
				break
			}
		}
	}
}

func (h *historyPane) Name() string { return "History" }
func (h *historyPane) SetSize(w, ht int) {
	h.width, h.height = w, ht
	h.list.SetSize(w, ht-1)
}
func (h *historyPane) Selected() (item, bool) { return h.list.Selected() }
func (h *historyPane) Loading() bool          { return h.loading }
func (h *historyPane) InputFocused() bool     { return false }
func (h *historyPane) Visible() shownList     { return h.list }
func (h *historyPane) Click(y int) bool       { return h.list.Click(y - 1) }
func (h *historyPane) Scroll(d int) tea.Cmd   { return h.list.Scroll(d) }

func (h *historyPane) Update(msg tea.Msg) (bool, tea.Cmd) {
	switch msg := msg.(type) {
	case historyMsg:
		h.loading = false
		h.remoteErr = msg.err
		h.learnWhole(msg.tracks, msg.whole)
		if msg.err == nil {
			h.remote = msg.tracks
		} else {
			h.e.log.Warn("recently played", "err", msg.err)
		}
		h.rebuild()
		return true, nil
	case tea.KeyMsg:
		k := h.c.Keys
		switch {
		case key.Matches(msg, k.Nav.Reload):
			return true, h.Init()
		case key.Matches(msg, k.Nav.Open) && h.list.Len() > 0:
			items := h.list.Items()
			tracks := make([]api.Track, len(items))
			for i, it := range items {
				tracks[i] = *it.Track
			}
			start := h.list.Cursor()
			return true, func() tea.Msg { return playFromMsg{tracks: tracks, start: start, from: h.list} }
		}
		return h.list.UpdateKey(msg)
	}
	return false, nil
}

func (h *historyPane) View() string {
	s := h.c.Styles
	head := "Played here and on SoundCloud, newest first"
	switch {
	case h.loading:
		head += " · " + h.c.Spin + " asking SoundCloud"
	case h.remoteErr != nil:
		head = "Played here (SoundCloud's list failed: " + h.remoteErr.Error() + ")"
	}
	return strings.Join([]string{s.Muted.Render(Truncate(SanitizeLine(head), h.width)), h.list.View()}, "\n")
}

// learnWhole keeps tracks read whole, for rows that would be stubs; the
// cache is bounded and starts again when full.
func (h *historyPane) learnWhole(remote []api.Track, whole map[string]api.Track) {
	if h.whole == nil || len(h.whole) > 4*maxRefetch {
		h.whole = map[string]api.Track{}
	}
	for _, t := range remote {
		h.whole[t.URN.ID()] = t
	}
	for id, t := range whole {
		h.whole[id] = t
	}
}
