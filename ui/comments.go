package ui

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/cirrus-tui/cirrus/api"
)

// commentsPane lists one track's timed comments by position. When that
// track is playing, the comment at the playback position is highlighted.
type commentsPane struct {
	c             *Common
	e             *env
	np            *nowPlaying // what plays where, to highlight the comment
	track         *api.Track
	list          *List[api.Comment]
	width, height int
}

func newComments(c *Common, e *env, np *nowPlaying) *commentsPane {
	p := &commentsPane{c: c, e: e, np: np}
	p.list = p.newList(nil)
	return p
}

func (p *commentsPane) newList(t *api.Track) *List[api.Comment] {
	var src source[api.Comment]
	empty := "Select a track and press " + p.c.Keys.Nav.Comments.Help().Key + " to see its comments."
	if t != nil {
		urn := t.URN
		e := p.e
		src = directSource(e, func(ctx context.Context) (*api.Page[api.Comment], error) {
			return e.b.TrackComments(ctx, urn, api.ListOptions{Limit: 200})
		})
		empty = "No comments yet: press " + p.c.Keys.Cloud.Comment.Help().Key + " while it plays to add one."
	}
	l := newList(p.c, p.e, empty, src, p.renderComment)
	l.autoAll = true
	if t == nil {
		l.loaded = true
	}
	l.SetSize(p.width, p.height-1)
	return l
}

// current is the index of the comment at the playback position, -1 if none.
func (p *commentsPane) current() int {
	if p.track == nil || p.track.URN != p.np.playingURN() {
		return -1
	}
	return currentComment(p.list.Items(), p.np.Status().Position, -1)
}

// currentComment is the last comment at or before pos, within window when
// window > 0 (the now-playing bar lets old ones fade out).
func currentComment(cs []api.Comment, pos, window time.Duration) int {
	i := sort.Search(len(cs), func(i int) bool { return cs[i].Timestamp.Duration() > pos }) - 1
	if i < 0 || (window > 0 && pos-cs[i].Timestamp.Duration() > window) {
		return -1
	}
	return i
}

func (p *commentsPane) renderComment(c *Common, cm api.Comment, w int, sel bool) string {
	who := ""
	if cm.User != nil {
		who = SanitizeLine(cm.User.Username) + ": "
	}
	left := fmt.Sprintf("%5s %s%s", Clock(cm.Timestamp.Duration()), who, SanitizeLine(cm.Body))
	if cur := p.current(); cur >= 0 && p.list.Items()[cur].URN == cm.URN {
		mark := "» "
		return c.Styles.Highlight.Render(mark + PadRight(Truncate(left, w-2), w-2))
	}
	return row(c, sel, left, "", w)
}

// SetTrack points the pane at a track, loading its comments if it changed.
func (p *commentsPane) SetTrack(t *api.Track) tea.Cmd {
	if t == nil || (p.track != nil && p.track.URN == t.URN) {
		return nil
	}
	p.track = t
	p.list = p.newList(t)
	return p.list.Load()
}

// Reload fetches the comments again (after posting one).
func (p *commentsPane) Reload() tea.Cmd {
	if p.track == nil {
		return nil
	}
	return p.list.Load()
}

func (p *commentsPane) Name() string { return "Comments" }
func (p *commentsPane) Init() tea.Cmd {
	return nil
}
func (p *commentsPane) SetSize(w, h int) {
	p.width, p.height = w, h
	p.list.SetSize(w, h-1)
}
func (p *commentsPane) Selected() (item, bool) {
	if p.track == nil {
		return item{}, false
	}
	return item{Track: p.track}, true
}
func (p *commentsPane) Loading() bool        { return p.list.Loading() }
func (p *commentsPane) InputFocused() bool   { return false }
func (p *commentsPane) Visible() shownList   { return p.list }
func (p *commentsPane) Click(y int) bool     { return p.list.Click(y - 1) }
func (p *commentsPane) Scroll(d int) tea.Cmd { return p.list.Scroll(d) }

func (p *commentsPane) Update(msg tea.Msg) (bool, tea.Cmd) {
	switch msg := msg.(type) {
	case pageMsg:
		ok, cmd := p.list.Handle(msg)
		if ok {
			items := p.list.Items()
			sort.SliceStable(items, func(i, j int) bool { return items[i].Timestamp < items[j].Timestamp })
		}
		return ok, cmd
	case tea.KeyMsg:
		return p.list.UpdateKey(msg)
	}
	return false, nil
}

func (p *commentsPane) View() string {
	s := p.c.Styles
	head := "Comments"
	if p.track != nil {
		head = fmt.Sprintf("Comments on %s (%d)", SanitizeLine(p.track.Title), p.list.Len())
	}
	return strings.Join([]string{s.Title.Render(Truncate(head, p.width)), p.list.View()}, "\n")
}

func sortComments(cs []api.Comment) {
	sort.SliceStable(cs, func(i, j int) bool { return cs[i].Timestamp < cs[j].Timestamp })
}
