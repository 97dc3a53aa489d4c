package ui

import (
	"context"
	"errors"
	"fmt"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/cirrus-tui/cirrus/api"
	"github.com/cirrus-tui/cirrus/player"
)

// nowPlaying holds the only copy of the player's status and of what belongs
// to the playing track: its waveform and timed comments. Player events drive
// it (the player reports the position several times a second); the queue
// pane, the comments pane and the bar read it, nothing else stores it. Keys
// that steer the player go through it so repeated presses build on the
// latest value before the player's answer arrives.
type nowPlaying struct {
	c        *Common
	e        *env
	lib      *library // for the ♥ beside the title
	status   player.Status
	forURN   api.URN // the track wave and comments belong to
	wave     *api.Waveform
	comments []api.Comment    // sorted by timestamp
	drm      map[api.URN]bool // tracks the player found encrypted: badged in lists
	previews map[api.URN]bool // tracks the player could play only as a preview
	extra    func() string    // the root's label for the bar (autoplay, resumed at)
}

func newNowPlaying(c *Common, e *env, lib *library) *nowPlaying {
	return &nowPlaying{c: c, e: e, lib: lib, status: player.Status{Index: -1, Volume: 1}, drm: map[api.URN]bool{}, previews: map[api.URN]bool{}}
}

// playerEventMsg is one event from the player.
type playerEventMsg struct {
	ev player.Event
	ok bool
}

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

// waitEvent reads one player event; the root re-arms it after each.
func waitEvent(a Audio) tea.Cmd {
	if a == nil {
		return nil
	}
	ch := a.Events()
	if ch == nil {
		return nil
	}
	return func() tea.Msg {
		ev, ok := <-ch
		return playerEventMsg{ev: ev, ok: ok}
	}
}

// badge is what a list row shows of what playing taught: DRM for a track
// whose stream turned out encrypted, PREVIEW for one of which only a
// preview played (the API does not say either beforehand).
func (n *nowPlaying) badge(it item) string {
	if it.Track != nil && n.drm[it.Track.URN] {
		return "DRM"
	}
	if it.Track != nil && n.previews[it.Track.URN] && it.Track.Access != api.AccessPreview {
		// the API called it playable; only a preview (a snippet) played
		return "PREVIEW"
	}
	return ""
}

// Status is the latest player status.
func (n *nowPlaying) Status() player.Status { return n.status }

// Track is the playing (or paused, or loading) track, nil when none.
func (n *nowPlaying) Track() *api.Track { return n.status.Track }

// playingURN is the current track's URN, "" when none.
func (n *nowPlaying) playingURN() api.URN {
	if n.status.Track == nil {
		return ""
	}
	return n.status.Track.URN
}

// Update takes player events and the loads it started; handled is false
// for other messages.
func (n *nowPlaying) Update(msg tea.Msg) (bool, tea.Cmd) {
	switch msg := msg.(type) {
	case playerEventMsg:
		if msg.ev.Kind == player.EventError && errors.Is(msg.ev.Err, player.ErrDRM) && msg.ev.Status.Track != nil {
			n.drm[msg.ev.Status.Track.URN] = true
		}
		cmd := n.set(msg.ev.Status)
		if st := msg.ev.Status; st.Preview && st.PreviewWhy != "" && st.Track != nil && !n.previews[st.Track.URN] {
			// what playing taught: said once per track, in the
			// status line, and badged
			n.previews[st.Track.URN] = true
			text := fmt.Sprintf("Only a preview of %q plays: %s.", SanitizeLine(st.Track.Title), SanitizeLine(st.PreviewWhy))
			cmd = tea.Batch(cmd, func() tea.Msg { return statusMsg{text: text} })
		}
		return true, cmd
	case waveformMsg:
		if msg.urn == n.forURN {
			n.wave = msg.wave
		}
		return true, nil
	case npCommentsMsg:
		if msg.urn == n.forURN {
			n.comments = msg.comments
		}
		return true, nil
	}
	return false, nil
}

// set takes a new snapshot; a new track loads its waveform and comments.
func (n *nowPlaying) set(st player.Status) tea.Cmd {
	n.status = st
	urn := n.playingURN()
	if urn == n.forURN {
		return nil
	}
	n.forURN, n.wave, n.comments = urn, nil, nil
	if st.Track == nil {
		return nil
	}
	return tea.Batch(loadWaveform(n.e, st.Track), loadNPComments(n.e, st.Track))
}

// addComment shows a comment just posted on the playing track at once.
func (n *nowPlaying) addComment(track api.URN, c *api.Comment) {
	if c == nil || track != n.forURN {
		return
	}
	n.comments = append(n.comments, *c)
	sortComments(n.comments)
}

func (n *nowPlaying) duration() time.Duration {
	if n.status.Duration > 0 {
		return n.status.Duration
	}
	if n.status.Track != nil {
		return n.status.Track.DurationTime()
	}
	return 0
}

func (n *nowPlaying) progress() float64 {
	d := n.duration()
	if d <= 0 {
		return 0
	}
	p := float64(n.status.Position) / float64(d)
	return min(max(p, 0), 1)
}

// do runs a player call inside a command, off the Update goroutine.
func do(f func()) tea.Cmd { return func() tea.Msg { f(); return nil } }

// toggle plays or pauses; with nothing loaded it says what to do instead.
func (n *nowPlaying) toggle() tea.Cmd {
	if n.status.Track == nil {
		return statusCmd("Nothing is playing: pick a track and press "+n.c.Keys.Nav.Open.Help().Key+".", false)
	}
	return do(n.e.a.Toggle)
}

func (n *nowPlaying) volumeBy(d float64) tea.Cmd {
	v := min(max(n.status.Volume+d, 0), 1)
	n.status.Volume = v
	a := n.e.a
	return do(func() { a.SetVolume(v) })
}

func (n *nowPlaying) toggleShuffle() tea.Cmd {
	on := !n.status.Shuffle
	n.status.Shuffle = on
	a := n.e.a
	return do(func() { a.SetShuffle(on) })
}

func (n *nowPlaying) cycleRepeat() tea.Cmd {
	r := (n.status.Repeat + 1) % 3
	n.status.Repeat = r
	a := n.e.a
	return do(func() { a.SetRepeat(r) })
}

// seekTo is a click on the waveform: frac of the track.
func (n *nowPlaying) seekTo(frac float64) tea.Cmd {
	d := n.duration()
	if n.status.Track == nil || d <= 0 {
		return nil
	}
	to := time.Duration(frac * float64(d))
	n.status.Position = to
	a := n.e.a
	return do(func() { a.Seek(to) })
}

func loadWaveform(e *env, t *api.Track) tea.Cmd {
	if t.WaveformURL == "" {
		return nil
	}
	urn, u := t.URN, t.WaveformURL
	return func() tea.Msg {
		w, err := e.b.Waveform(e.ctx, u)
		if err != nil {
			// The bar falls back to a plain progress line; the log says why.
			e.log.Warn("load waveform", "track", urn, "err", err)
			return nil
		}
		return waveformMsg{urn: urn, wave: w}
	}
}

// loadNPComments fetches the playing track's comments for the bar (up to
// 2,000, under the pagination rule).
func loadNPComments(e *env, t *api.Track) tea.Cmd {
	urn := t.URN
	return func() tea.Msg {
		cs, err := allPages(e.ctx, e.b, 2000, func(ctx context.Context) (*api.Page[api.Comment], error) {
			return e.b.TrackComments(ctx, urn, api.ListOptions{Limit: 200})
		})
		if err != nil {
			e.log.Warn("load comments of the playing track", "track", urn, "got", len(cs), "err", err)
			if len(cs) == 0 {
				return nil
			}
		}
		sortComments(cs)
		return npCommentsMsg{urn: urn, comments: cs}
	}
}
