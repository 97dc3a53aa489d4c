package ui

import (
	"fmt"
	"image"
	"io"
	"net/http"
	"strings"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"github.com/cirrus-tui/cirrus/api"
)

// detailMsg fires when the selection has rested; seq drops older ones.
type detailMsg struct {
	seq int
	it  item
}

// artworkMsg carries a decoded cover (nil image when it could not load).
type artworkMsg struct {
	url string
	img image.Image
}

const detailDelay = 200 * time.Millisecond

// wide reports whether the detail pane fits beside the list.
func (m *Model) wide() bool { return m.width >= 110 }

// watchSelection schedules the detail load after the selection rests, so
// scrolling fast does not fire a request per row.
func (m *Model) watchSelection() tea.Cmd {
	if !m.wide() || m.welcome {
		return nil
	}
	it, ok := m.current().Selected()
	if !ok || it.URN() == m.detailWant {
		return nil
	}
	m.detailWant = it.URN()
	m.detailSeq++
	return m.after(detailDelay, detailMsg{seq: m.detailSeq, it: it})
}

func (m *Model) loadDetail(msg detailMsg) tea.Cmd {
	if msg.seq != m.detailSeq {
		return nil
	}
	var cmds []tea.Cmd
	if msg.it.Track != nil && !m.showComments {
		cmds = append(cmds, m.comments.SetTrack(msg.it.Track))
	}
	if u := artworkURL(msg.it); u != "" {
		if _, seen := m.images[u]; !seen {
			cmds = append(cmds, loadArtwork(m.e, u))
		}
	}
	return tea.Batch(cmds...)
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

// loadArtwork fetches a cover and decodes it; one byte past the limit is
// read so an oversized cover is refused as too large, not as truncated.
func loadArtwork(e *env, u string) tea.Cmd {
	return func() tea.Msg {
		req, err := http.NewRequestWithContext(e.ctx, http.MethodGet, u, nil)
		if err != nil {
			return artworkMsg{url: u}
		}
		hc := e.b.HTTPClient()
		if hc == nil {
			hc = http.DefaultClient
		}
		resp, err := hc.Do(req)
		if err != nil {
			return artworkMsg{url: u}
		}
		defer resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			return artworkMsg{url: u}
		}
		data, err := io.ReadAll(io.LimitReader(resp.Body, MaxArtworkBytes+1))
		if err != nil {
			return artworkMsg{url: u}
		}
		img, err := DecodeArtwork(data)
		if err != nil {
			return artworkMsg{url: u}
		}
		return artworkMsg{url: u, img: img}
	}
}

// detailView describes the selected item: artwork beside its facts, the
// description, then the track's comments.
func (m *Model) detailView(w, h int) string {
	it, ok := m.current().Selected()
	s := m.c.Styles
	if !ok {
		return s.Muted.Render(Truncate("Nothing selected.", w))
	}
	var facts []string
	var desc string
	switch {
	case it.Track != nil:
		t := it.Track
		facts = append(facts, s.Title.Render(SanitizeLine(t.Title)), s.Text.Render(artistName(t.User)))
		meta := fmtDur(t.DurationTime())
		if t.Genre != "" {
			meta += " · " + SanitizeLine(t.Genre)
		}
		facts = append(facts, s.Muted.Render(meta))
		facts = append(facts, s.Muted.Render(fmt.Sprintf("▶ %d  ♥ %d  ↻ %d  💬 %d", t.PlaybackCount, t.FavoritingsCount, t.RepostsCount, t.CommentCount)))
		var marks []string
		switch t.Access {
		case api.AccessPreview:
			marks = append(marks, s.Badge.Render("PREVIEW"))
		case api.AccessBlocked:
			marks = append(marks, s.Error.Render("BLOCKED"))
		}
		if m.isLiked(it) {
			marks = append(marks, s.Accent.Render("♥ liked"))
		}
		if m.reposted[t.URN] {
			marks = append(marks, s.Accent.Render("↻ reposted"))
		}
		if t.User != nil && m.following[t.User.URN] {
			marks = append(marks, s.Accent.Render("following"))
		}
		facts = append(facts, strings.Join(marks, " "))
		desc = t.Description
	case it.Playlist != nil:
		p := it.Playlist
		facts = append(facts, s.Title.Render(SanitizeLine(p.Title)), s.Text.Render(artistName(p.User)),
			s.Muted.Render(fmt.Sprintf("%d tracks · %s", p.TrackCount, fmtDur(msDur(p.Duration)))))
		if m.isLiked(it) {
			facts = append(facts, s.Accent.Render("♥ liked"))
		}
		desc = p.Description
	case it.User != nil:
		u := it.User
		facts = append(facts, s.Title.Render(SanitizeLine(u.Username)), s.Text.Render(SanitizeLine(u.FullName)),
			s.Muted.Render(fmt.Sprintf("%d followers · %d tracks", u.FollowersCount, u.TrackCount)))
		if m.following[u.URN] {
			facts = append(facts, s.Accent.Render("following"))
		}
		desc = u.Description
	}
	artW, artH := 16, 8
	if h < 20 {
		artH = 6
		artW = 12
	}
	textW := w - artW - 2
	var art []string
	if img := m.images[artworkURL(it)]; img != nil {
		art = strings.Split(RenderArtwork(img, artW, artH, lipgloss.ColorProfile()), "\n")
	} else {
		for i := 0; i < artH; i++ {
			art = append(art, s.Unplayed.Render(strings.Repeat("░", artW)))
		}
	}
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
	ch := m.lay.commentsH
	if m.showComments {
		ch = 0 // the comments fill the list column already
	}
	if len(top) > h-ch {
		top = top[:max(h-ch, 0)]
	}
	for len(top) < h-ch {
		top = append(top, "")
	}
	if ch >= 3 && it.Track != nil && m.comments.track != nil && m.comments.track.URN == it.Track.URN {
		top = append(top, m.comments.View())
	}
	return strings.Join(top, "\n")
}
