package ui

import (
	"context"
	"fmt"
	"strings"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"github.com/cirrus-tui/cirrus/api"
	"github.com/cirrus-tui/cirrus/player"
)

// waveformMsg and npCommentsMsg carry the playing track's waveform and its
// timed comments.
type waveformMsg struct {
	urn  api.URN
	wave *api.Waveform
}
type npCommentsMsg struct {
	urn      api.URN
	comments []api.Comment
}

func loadWaveform(e *env, t *api.Track) tea.Cmd {
	if t.WaveformURL == "" {
		return nil
	}
	urn, u := t.URN, t.WaveformURL
	return func() tea.Msg {
		w, err := e.b.Waveform(e.ctx, u)
		if err != nil {
			return nil // the bar falls back to a plain progress line
		}
		return waveformMsg{urn: urn, wave: w}
	}
}

// loadNPComments fetches the playing track's comments for the bar (up to 2,000).
func loadNPComments(e *env, t *api.Track) tea.Cmd {
	urn := t.URN
	return func() tea.Msg {
		cs, err := allPages(e.ctx, e.b, 2000, func(ctx context.Context) (*api.Page[api.Comment], error) {
			return e.b.TrackComments(ctx, urn, api.ListOptions{Limit: 200})
		})
		if err != nil && len(cs) == 0 {
			return nil
		}
		sortComments(cs)
		return npCommentsMsg{urn: urn, comments: cs}
	}
}

// npHeight is the now-playing bar's height for a terminal height.
func npHeight(h int) int {
	if h < 20 {
		return 3
	}
	return 4
}

// nowPlaying draws the bar: info line, waveform, timed comment.
func (m *Model) nowPlaying(w, h int) []string {
	s := m.c.Styles
	st := m.status
	waveH := h - 2
	if st.Track == nil {
		lines := []string{s.Muted.Render(Truncate("Nothing playing. Pick a track and press "+m.c.Keys.Nav.Open.Help().Key+".", w))}
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
		right = append(right, m.c.Spin+" buffering")
	}
	right = append(right, fmt.Sprintf("%s / %s", fmtDur(st.Position), fmtDur(m.duration())))
	right = append(right, fmt.Sprintf("vol %d%%", int(st.Volume*100+0.5)))
	if st.Shuffle {
		right = append(right, "shuffle")
	}
	if st.Repeat != player.RepeatOff {
		right = append(right, "repeat "+repeatName(st.Repeat))
	}
	left := icon + " " + SanitizeLine(t.Title)
	if a := artistName(t.User); a != "" {
		left += " — " + a
	}
	var badges []string
	if st.Preview || t.Access == api.AccessPreview {
		badges = append(badges, s.Badge.Render("PREVIEW"))
	}
	if m.isLiked(item{Track: t}) {
		badges = append(badges, s.Accent.Render("♥"))
	} else {
		badges = append(badges, s.Muted.Render("♡"))
	}
	b := strings.Join(badges, " ")
	r := strings.Join(right, "  ")
	lw := w - lipgloss.Width(r) - lipgloss.Width(b) - 2
	if lw < 10 {
		r = fmt.Sprintf("%s/%s", fmtDur(st.Position), fmtDur(m.duration()))
		lw = w - lipgloss.Width(r) - lipgloss.Width(b) - 2
	}
	info := s.Title.Render(PadRight(Truncate(left, lw), lw)) + " " + b + " " + s.Muted.Render(r)
	lines := []string{info}
	var samples []int
	maxS := 0
	if m.wave != nil {
		samples, maxS = m.wave.Samples, m.wave.Height
		if maxS <= 0 {
			for _, v := range samples {
				maxS = max(maxS, v)
			}
		}
	}
	if len(samples) == 0 {
		samples, maxS = []int{1}, 8 // a flat line as the progress bar
	}
	wave := RenderWaveform(samples, maxS, w, waveH, m.progress(), s.Played, s.Unplayed)
	lines = append(lines, strings.Split(wave, "\n")...)
	lines = append(lines, m.timedComment(w))
	return lines
}

func (m *Model) duration() time.Duration {
	if m.status.Duration > 0 {
		return m.status.Duration
	}
	if m.status.Track != nil {
		return m.status.Track.DurationTime()
	}
	return 0
}

func (m *Model) progress() float64 {
	d := m.duration()
	if d <= 0 {
		return 0
	}
	p := float64(m.status.Position) / float64(d)
	return min(max(p, 0), 1)
}

// timedComment is the comment playback last passed, for 8 seconds.
func (m *Model) timedComment(w int) string {
	i := currentComment(m.npComments, m.status.Position, 8*time.Second)
	if i < 0 {
		return ""
	}
	c := m.npComments[i]
	who := "someone"
	if c.User != nil {
		who = SanitizeLine(c.User.Username)
	}
	txt := fmt.Sprintf("💬 %s %s: %s", fmtDur(c.Timestamp.Duration()), who, SanitizeLine(c.Body))
	return m.c.Styles.Highlight.Render(Truncate(txt, w))
}
