package ui

import (
	"fmt"
	"strings"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"github.com/cirrus-tui/cirrus/api"
	"github.com/cirrus-tui/cirrus/player"
	"github.com/cirrus-tui/cirrus/ui/termimg"
)

// npHeight is the now-playing bar's height for a terminal height; with
// pictures on a tall terminal it grows to hold a cover six rows high.
func npHeight(h int, pictures bool) int {
	switch {
	case h < 20:
		return 3
	case pictures && h >= 30:
		return 7
	}
	return 4
}

// View draws the bar: info line, waveform, timed comment, with the
// playing track's cover at the left when pictures are on and it fits.
func (n *nowPlaying) View(w, h int) []string {
	n.pic, n.waveLeft = nil, 0
	t := n.Status().Track
	if t == nil || n.art == nil || !n.art.pictures() || h < 4 {
		return n.bar(w, h)
	}
	rows := h - 1 // the last row may give way to a prompt
	cols := n.art.cols(rows)
	if w-cols-1 < 40 {
		return n.bar(w, h)
	}
	u := artworkURL(item{Track: t})
	if img, _ := n.art.image(u); img != nil {
		n.pic = &termimg.Placement{Key: u, Img: img, Cols: cols, Rows: rows}
	}
	n.waveLeft = cols + 1
	pad := strings.Repeat(" ", n.waveLeft)
	lines := n.bar(w-n.waveLeft, h)
	for i := range lines {
		lines[i] = pad + lines[i]
	}
	return lines
}

// wantArt loads the playing track's cover when pictures are on.
func (n *nowPlaying) wantArt() tea.Cmd {
	if t := n.Status().Track; t != nil && n.art != nil && n.art.pictures() {
		return n.art.load(artworkURL(item{Track: t}))
	}
	return nil
}

// bar draws the bar's text w wide.
func (n *nowPlaying) bar(w, h int) []string {
	s := n.c.Styles
	st := n.Status()
	waveH := h - 2
	if st.Track == nil {
		lines := []string{s.Muted.Render(Truncate("Nothing playing. Pick a track and press "+n.c.Keys.Nav.Open.Help().Key+".", w))}
		for i := 1; i < h-1; i++ {
			lines = append(lines, "")
		}
		lines = append(lines, s.Unplayed.Render(strings.Repeat("─", w)))
		return lines[:h]
	}
	t := st.Track
	icon := map[player.State]string{player.Stopped: "■", player.Loading: "…", player.Playing: "▶", player.Paused: "❚❚"}[st.State]
	var right []string
	if st.Buffering || st.State == player.Loading {
		right = append(right, n.c.Spin+" buffering")
	}
	if n.extra != nil {
		if x := n.extra(); x != "" {
			right = append(right, x)
		}
	}
	right = append(right, fmt.Sprintf("%s / %s", Clock(st.Position), Clock(n.duration())))
	right = append(right, fmt.Sprintf("vol %d%%", int(st.Volume*100+0.5)))
	if st.Shuffle {
		right = append(right, "shuffle")
	}
	if st.Repeat != player.RepeatOff {
		right = append(right, "repeat "+repeatName(st.Repeat))
	}
	left := icon + " " + TrackLabel(t)
	var badges []string
	if st.Preview || t.Access == api.AccessPreview {
		badges = append(badges, s.Badge.Render("PREVIEW"))
	}
	if st.Note != "" {
		// the player's note on how the stream plays (HE-AAC heard as
		// its core); the whole sentence went to the status line once
		badges = append(badges, s.Muted.Render(noteBadge(st.Note)))
	}
	if n.lib.isLiked(item{Track: t}) {
		badges = append(badges, s.Accent.Render("♥"))
	} else {
		badges = append(badges, s.Muted.Render("♡"))
	}
	b := strings.Join(badges, " ")
	r := strings.Join(right, "  ")
	lw := w - lipgloss.Width(r) - lipgloss.Width(b) - 2
	if lw < 10 {
		r = fmt.Sprintf("%s/%s", Clock(st.Position), Clock(n.duration()))
		lw = w - lipgloss.Width(r) - lipgloss.Width(b) - 2
	}
	info := s.Title.Render(PadRight(Truncate(left, lw), lw)) + " " + b + " " + s.Muted.Render(r)
	lines := []string{info}
	var samples []int
	maxS := 0
	if n.wave != nil {
		samples, maxS = n.wave.Samples, n.wave.Height
		if maxS <= 0 {
			for _, v := range samples {
				maxS = max(maxS, v)
			}
		}
	}
	if len(samples) == 0 {
		samples, maxS = []int{1}, 8 // a flat line as the progress bar
	}
	wave := RenderWaveform(samples, maxS, w, waveH, n.progress(), s.Played, s.Unplayed)
	lines = append(lines, strings.Split(wave, "\n")...)
	lines = append(lines, n.timedComment(w))
	return lines
}

// timedComment is the comment playback last passed, for 8 seconds.
func (n *nowPlaying) timedComment(w int) string {
	i := currentComment(n.comments, n.Status().Position, 8*time.Second)
	if i < 0 {
		return ""
	}
	c := n.comments[i]
	who := "someone"
	if c.User != nil {
		who = SanitizeLine(c.User.Username)
	}
	txt := fmt.Sprintf("💬 %s %s: %s", Clock(c.Timestamp.Duration()), who, SanitizeLine(c.Body))
	return n.c.Styles.Highlight.Render(Truncate(txt, w))
}

// noteBadge shortens a player note to a badge: its words before the colon.
func noteBadge(note string) string {
	if i := strings.IndexByte(note, ':'); i > 0 {
		note = note[:i]
	}
	return SanitizeLine(note)
}
