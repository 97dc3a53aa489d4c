package ui

import (
	"context"
	"errors"
	"fmt"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/cirrus-tui/cirrus/api"
	"github.com/cirrus-tui/cirrus/player"
	"github.com/cirrus-tui/cirrus/player/command"
	"github.com/cirrus-tui/cirrus/ui/termimg"
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
	lib      *library      // for the ♥ beside the title
	status   player.Status // the player's latest word (highest Rev)
	pending  []sentCommand // sent, not yet reported applied (Seq below theirs)
	forURN   api.URN       // the track wave and comments belong to
	forWave  string        // the waveform URL wave was asked from
	wave     *api.Waveform
	comments []api.Comment    // sorted by timestamp
	drm      map[api.URN]bool // tracks the player found encrypted: badged in lists
	previews map[api.URN]bool // tracks the player could play only as a preview
	extra    func() string    // the root's label for the bar (autoplay, resumed at)
	refused  *refusals        // read only: the root owns it
	art      *artwork         // shared with the detail pane, which routes its loads
	// what the last View drew (the root places the picture and maps
	// clicks on the waveform): the cover's box and the waveform's left edge
	pic      *termimg.Placement
	waveLeft int
}

func newNowPlaying(c *Common, e *env, lib *library) *nowPlaying {
	return &nowPlaying{c: c, e: e, lib: lib, status: player.Status{Index: -1, Volume: 1}, drm: map[api.URN]bool{}, previews: map[api.URN]bool{}}
}

// sentCommand is a command on its way to the player.
type sentCommand struct {
	seq uint64
	c   command.Command
}

// maxPending bounds what is kept of commands the player has not reported.
const maxPending = 256

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

// Status is the latest player status with the commands still on their
// way applied on top: what the player will report once it has them.
func (n *nowPlaying) Status() player.Status {
	st := n.status
	for _, p := range n.pending {
		st = predict(st, p.c)
	}
	return st
}

// predict is st after c as the player will apply it (player.Apply).
func predict(st player.Status, c command.Command) player.Status {
	switch c.Op {
	case command.OpVolume:
		st.Volume = player.StepVolume(st.Volume, c)
	case command.OpShuffle:
		st.Shuffle = player.StepSwitch(st.Shuffle, c.Switch)
	case command.OpRepeat:
		st.Repeat = player.StepRepeat(st.Repeat, c.Repeat)
	case command.OpPause:
		if st.State == player.Playing || st.State == player.Loading {
			st.State = player.Paused
		}
	case command.OpPlay:
		if st.State == player.Paused && st.Track != nil {
			st.State = player.Playing
		}
	case command.OpToggle:
		switch {
		case st.State == player.Playing || st.State == player.Loading:
			st.State = player.Paused
		case st.Track != nil:
			st.State = player.Playing
		}
	case command.OpSeek:
		if st.Track == nil {
			break
		}
		to := c.At
		if c.Relative {
			to += st.Position
		}
		st.Position = max(to, 0)
		if st.Duration > 0 {
			st.Position = min(st.Position, st.Duration)
		}
	}
	return st
}

// send hands c to the player's controller and keeps it as pending.
func (n *nowPlaying) send(c command.Command) tea.Cmd {
	seq := n.e.a.Submit(c)
	if seq == 0 {
		return statusCmd("The player is not taking commands (too many waiting, or closing).", true)
	}
	if len(n.pending) >= maxPending {
		n.pending = n.pending[1:]
	}
	n.pending = append(n.pending, sentCommand{seq: seq, c: c})
	return nil
}

// take keeps st when it is newer than what is shown, and forgets the
// commands it reports applied. An older status (events can be delayed or
// reordered between the player and here) changes nothing.
func (n *nowPlaying) take(st player.Status) (tea.Cmd, bool) {
	if st.Rev < n.status.Rev {
		return nil, false
	}
	i := 0
	for i < len(n.pending) && n.pending[i].seq <= st.Seq {
		i++
	}
	n.pending = n.pending[i:]
	return n.set(st), true
}

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
		cmd, _ := n.take(msg.ev.Status)
		if st := msg.ev.Status; st.Preview && st.PreviewWhy != "" && st.Track != nil && !n.previews[st.Track.URN] {
			// what playing taught: said once per track, in the
			// status line, and badged
			n.previews[st.Track.URN] = true
			if n.refused != nil && n.refused.has(api.RefusedStreams) {
				// the refusal's sentence already says why only
				// previews play; it stays on the status line
				return true, cmd
			}
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

// set takes a new snapshot; a new track loads its waveform and comments,
// and so does a restored stub once the track read again names its
// waveform.
func (n *nowPlaying) set(st player.Status) tea.Cmd {
	n.status = st
	urn := n.playingURN()
	var cmds []tea.Cmd
	if urn != n.forURN {
		n.forURN, n.forWave, n.wave, n.comments = urn, "", nil, nil
		if st.Track != nil {
			cmds = append(cmds, loadNPComments(n.e, st.Track))
		}
	}
	if st.Track != nil && st.Track.WaveformURL != n.forWave {
		n.forWave = st.Track.WaveformURL
		cmds = append(cmds, loadWaveform(n.e, st.Track))
	}
	return tea.Batch(cmds...)
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
	st := n.Status()
	if st.Duration > 0 {
		return st.Duration
	}
	if st.Track != nil {
		return st.Track.DurationTime()
	}
	return 0
}

func (n *nowPlaying) progress() float64 {
	d := n.duration()
	if d <= 0 {
		return 0
	}
	p := float64(n.Status().Position) / float64(d)
	return min(max(p, 0), 1)
}

// do runs a player call inside a command, off the Update goroutine.
func do(f func()) tea.Cmd { return func() tea.Msg { f(); return nil } }

// toggle plays or pauses; with nothing loaded it says what to do instead.
func (n *nowPlaying) toggle() tea.Cmd {
	return n.run(command.Command{Op: command.OpToggle})
}

// run applies a playback command: sent to the player in order with every
// other input's.
func (n *nowPlaying) run(c command.Command) tea.Cmd {
	if n.status.Track == nil && (c.Op == command.OpToggle || c.Op == command.OpPlay) {
		return statusCmd("Nothing is playing: pick a track and press "+n.c.Keys.Nav.Open.Help().Key+".", false)
	}
	return n.send(c)
}

// seekTo is a click on the waveform: frac of the track.
func (n *nowPlaying) seekTo(frac float64) tea.Cmd {
	d := n.duration()
	if n.status.Track == nil || d <= 0 {
		return nil
	}
	return n.send(command.Command{Op: command.OpSeek, At: time.Duration(frac * float64(d))})
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
