package ui

import (
	"fmt"
	"image"
	"strings"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"

	"github.com/cirrus-tui/cirrus/api"
	"github.com/cirrus-tui/cirrus/ui/termimg"
)

// detailMsg fires when the selection has rested; seq drops older ones.
type detailMsg struct {
	seq int
	it  item
}

// artworkMsg says a cover's load ended: it is in e.covers unless err.
type artworkMsg struct {
	url string
	err error
}

const detailDelay = 200 * time.Millisecond

// detailPane describes the selected item beside the list on wide
// terminals: artwork, facts, marks and counts (from the library), the
// description, and the track's comments. It owns the artwork cache and
// the delay that keeps fast scrolling from firing a request per row.
type detailPane struct {
	c        *Common
	e        *env
	lib      *library
	comments *commentsPane
	seq      int
	want     api.URN
	art      *artwork
	refused  *refusals // read only: the root owns it
	blocks   artCache
	// pic is the picture the last View left room for, at its box in the
	// pane (nil: none); the root places it on the screen.
	pic *termimg.Placement
}

// artCache keeps the last artwork drawn: the detail pane is drawn again
// every second while a track plays, and drawing a picture (nearest
// colours on a 256-colour terminal) costs more than the rest of the
// frame.
type artCache struct {
	url     string
	w, h    int
	profile termenv.Profile
	lines   []string
}

// artwork is img drawn at w×h as lines, from the cache when it was the
// last one drawn.
func (d *detailPane) artwork(url string, img image.Image, w, h int) []string {
	p := lipgloss.ColorProfile()
	if c := d.blocks; c.lines != nil && c.url == url && c.w == w && c.h == h && c.profile == p {
		return c.lines
	}
	lines := strings.Split(RenderArtwork(img, w, h, p), "\n")
	d.blocks = artCache{url: url, w: w, h: h, profile: p, lines: lines}
	return lines
}

// newDetail draws art as half blocks until the root sets d.art for the
// terminal.
func newDetail(c *Common, e *env, lib *library, comments *commentsPane) *detailPane {
	return &detailPane{c: c, e: e, lib: lib, comments: comments, art: newArtwork(e, "", termimg.Terminal{})}
}

// watch schedules the detail load once the selection has rested.
func (d *detailPane) watch(it item, ok bool) tea.Cmd {
	if !ok || it.URN() == d.want {
		return nil
	}
	d.want = it.URN()
	d.seq++
	return d.c.After(detailDelay, detailMsg{seq: d.seq, it: it})
}

// Update takes the rested selection and loaded artwork. commentsShown
// says the comments overlay owns the comments pane, so it is left alone.
func (d *detailPane) Update(msg tea.Msg, commentsShown bool) (bool, tea.Cmd) {
	switch msg := msg.(type) {
	case detailMsg:
		if msg.seq != d.seq {
			return true, nil
		}
		var cmds []tea.Cmd
		if msg.it.Track != nil && !commentsShown {
			cmds = append(cmds, d.comments.SetTrack(msg.it.Track))
		}
		cmds = append(cmds, d.art.load(artworkURL(msg.it)))
		return true, tea.Batch(cmds...)
	case artworkMsg:
		d.art.done(msg)
		if d.blocks.url == msg.url {
			d.blocks = artCache{}
		}
		return true, nil
	}
	return false, nil
}

func artworkURL(it item) string {
	switch {
	case it.Track != nil:
		if it.Track.ArtworkURL != "" {
			return it.Track.ArtworkURL
		}
		if it.Track.User != nil {
			return it.Track.User.AvatarURL
		}
	case it.Playlist != nil:
		return it.Playlist.ArtworkURL
	case it.User != nil:
		return it.User.AvatarURL
	}
	return ""
}

// loadArtwork fetches a cover through the shared covers (one download
// for the UI and the notifications, bounded and decoded there).
func loadArtwork(e *env, u string) tea.Cmd {
	return func() tea.Msg {
		_, err := e.covers.Image(e.ctx, u)
		if err != nil {
			// The placeholder stays; the log says why.
			e.log.Warn("load artwork", "url", u, "err", err)
		}
		return artworkMsg{url: u, err: err}
	}
}

// View describes the selected item: artwork beside its facts, the
// description, then the track's comments.
func (d *detailPane) View(it item, ok bool, w, h, commentsH int) string {
	s := d.c.Styles
	if !ok {
		return s.Muted.Render(Truncate("Nothing selected.", w))
	}
	var facts []string
	var desc string
	switch {
	case it.Track != nil:
		t := it.Track
		facts = append(facts, s.Title.Render(SanitizeLine(t.Title)), s.Text.Render(artistName(t.User)))
		meta := Clock(t.DurationTime())
		if t.Genre != "" {
			meta += " · " + SanitizeLine(t.Genre)
		}
		facts = append(facts, s.Muted.Render(meta))
		facts = append(facts, s.Muted.Render(fmt.Sprintf("▶ %d  ♥ %d  ↻ %d  💬 %d", t.PlaybackCount, d.lib.likes(it), t.RepostsCount, d.lib.comments(t))))
		var marks []string
		lim, learnt := t.Limit(), ""
		if d.c.Badge != nil {
			learnt = d.c.Badge(it)
		}
		switch {
		case lim == api.LimitPreview, learnt == "PREVIEW":
			marks = append(marks, s.Badge.Render("PREVIEW"))
		case lim == api.LimitBlocked:
			marks = append(marks, s.Error.Render("BLOCKED"))
		}
		if lim == api.LimitDRM || learnt == "DRM" {
			marks = append(marks, s.Error.Render("DRM: Go+ only, cannot play"))
		}
		if d.lib.isLiked(it) {
			marks = append(marks, s.Accent.Render("♥ liked"))
		}
		if d.lib.reposted[t.URN] {
			marks = append(marks, s.Accent.Render("↻ reposted"))
		}
		if d.lib.isFollowing(t.User) {
			marks = append(marks, s.Accent.Render("following"))
		}
		facts = append(facts, strings.Join(marks, " "))
		desc = t.Description
	case it.Playlist != nil:
		p := it.Playlist
		facts = append(facts, s.Title.Render(SanitizeLine(p.Title)), s.Text.Render(artistName(p.User)),
			s.Muted.Render(plural(int64(p.TrackCount), "track")+" · "+Clock(msDur(p.Duration))))
		if d.lib.isLiked(it) {
			facts = append(facts, s.Accent.Render("♥ liked"))
		}
		desc = p.Description
	case it.User != nil:
		u := it.User
		facts = append(facts, s.Title.Render(SanitizeLine(u.Username)), s.Text.Render(SanitizeLine(u.FullName)),
			s.Muted.Render(plural(int64(u.FollowersCount), "follower")+" · "+plural(int64(u.TrackCount), "track")))
		if d.lib.following[u.URN] {
			facts = append(facts, s.Accent.Render("following"))
		}
		desc = u.Description
	}
	d.pic = nil
	artW, artH, art := d.artBox(it, w, h, commentsH)
	textW := w - artW - 2
	var top []string
	for i := 0; i < artH; i++ {
		l := PadRight(art[min(i, len(art)-1)], artW)
		if i < len(facts) {
			l += "  " + Truncate(facts[i], textW)
		}
		top = append(top, l)
	}
	for i := artH; i < len(facts); i++ {
		top = append(top, Truncate(facts[i], w))
	}
	if d.refused != nil {
		for _, r := range d.refused.sentences() {
			for _, l := range strings.Split(lipgloss.NewStyle().Width(w).Render(r), "\n") {
				top = append(top, s.Error.Render(Truncate(l, w)))
			}
		}
	}
	if d := Sanitize(desc); strings.TrimSpace(d) != "" {
		wrapped := lipgloss.NewStyle().Width(w).Render(strings.Join(strings.Fields(d), " "))
		dl := strings.Split(wrapped, "\n")
		if len(dl) > 3 {
			dl = append(dl[:3], "…")
		}
		for _, l := range dl {
			top = append(top, s.Muted.Render(Truncate(l, w)))
		}
	}
	ch := commentsH
	if len(top) > h-ch {
		top = top[:max(h-ch, 0)]
	}
	for len(top) < h-ch {
		top = append(top, "")
	}
	if ch >= 3 && it.Track != nil && d.comments.track != nil && d.comments.track.URN == it.Track.URN {
		top = append(top, d.comments.View())
	}
	return strings.Join(top, "\n")
}

// artBox sizes the artwork beside the facts in a pane w×h whose bottom
// commentsH rows hold comments, and draws it: half blocks (16×8, 12×6 on short
// terminals), a blank box with the picture recorded in d.pic, or nothing
// when art is off. Pictures are larger where there is room, square in
// pixels, leaving the facts at least 24 columns.
func (d *detailPane) artBox(it item, w, h, commentsH int) (artW, artH int, lines []string) {
	s := d.c.Styles
	u := artworkURL(it)
	img, _ := d.art.image(u)
	switch d.art.mode {
	case artOff:
		return 0, 0, []string{""}
	case artPictures:
		artH = min(12, max(h-commentsH-4, 0))
		for artH >= 4 && w-d.art.cols(artH)-2 < 24 {
			artH--
		}
		if artH < 4 {
			return 0, 0, []string{""}
		}
		artW = d.art.cols(artH)
		if img != nil {
			d.pic = &termimg.Placement{Key: u, Img: img, Cols: artW, Rows: artH}
			return artW, artH, []string{strings.Repeat(" ", artW)}
		}
	default:
		artW, artH = 16, 8
		if h < 20 {
			artW, artH = 12, 6
		}
		if img != nil {
			return artW, artH, d.artwork(u, img, artW, artH)
		}
	}
	for i := 0; i < artH; i++ {
		lines = append(lines, s.Unplayed.Render(strings.Repeat("░", artW)))
	}
	return artW, artH, lines
}
