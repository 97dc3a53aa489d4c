package ui

import (
	"context"
	"strings"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/cirrus-tui/cirrus/api"
	"github.com/cirrus-tui/cirrus/player/command"
)

// searchDebounce is how long typing must pause before the query runs.
const searchDebounce = 300 * time.Millisecond

// minLiveQuery is the shortest query searched as it is typed.
const minLiveQuery = 2

// liveSearch runs the query as it is typed: each change waits for a pause
// (seq drops the timers of earlier keys), and each search cancels the
// requests of the one before it. Enter still searches at once.
type liveSearch struct {
	seq    int
	cancel context.CancelFunc
}

// searchTickMsg ends one debounce wait.
type searchTickMsg struct{ seq int }

// typed runs after the query box changed: it schedules a search.
func (p *searchPane) typed() tea.Cmd {
	p.live.seq++
	q := strings.TrimSpace(p.input.Value())
	if len([]rune(q)) < minLiveQuery || p.hosts.isLink(q) {
		return nil
	}
	return p.c.After(searchDebounce, searchTickMsg{seq: p.live.seq})
}

// tick runs the query if no key came since the timer started.
func (p *searchPane) tick(msg searchTickMsg) tea.Cmd {
	if msg.seq != p.live.seq || p.focus != focusQuery {
		return nil
	}
	q := strings.TrimSpace(SanitizeLine(p.input.Value()))
	if q == p.query {
		return nil
	}
	return p.run(q)
}

// run shows fresh result lists for q whose requests a later search
// cancels.
func (p *searchPane) run(q string) tea.Cmd {
	if p.live.cancel != nil {
		p.live.cancel()
	}
	ctx, cancel := context.WithCancel(p.e.ctx)
	p.live.cancel = cancel
	e := *p.e
	e.ctx = ctx
	p.stack = p.stack[:1]
	p.err = nil
	p.query = q
	p.gen = strings.TrimSpace(SanitizeLine(p.genre.Value()))
	v := p.top()
	v.lists = p.makeLists(p.c, &e, p.names, q, p.gen, p.access)
	p.SetSize(p.width, p.height)
	return v.list().EnsureLoaded()
}

// seekToComment is enter in the comments overlay: playback goes to the
// comment's time, in the playing track or, for another track, starting it
// there.
func (m *Model) seekToComment() tea.Cmd {
	c, ok := m.comments.list.Selected()
	t := m.comments.track
	if !ok || t == nil {
		return nil
	}
	at := c.Timestamp.Duration()
	a := m.e.a
	if t.URN == m.np.playingURN() {
		return tea.Batch(m.np.run(command.Command{Op: command.OpSeek, At: at}), statusCmd("Playing from "+Clock(at)+".", false))
	}
	track := *t
	m.auto.reset()
	return tea.Batch(do(func() { a.PlayTracks([]api.Track{track}, 0); a.Seek(at) }),
		statusCmd("Playing "+SanitizeLine(track.Title)+" from "+Clock(at)+".", false))
}
