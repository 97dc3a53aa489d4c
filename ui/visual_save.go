package ui

import (
	"context"
	"fmt"
	"slices"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/cirrus-tui/cirrus/api"
	"github.com/cirrus-tui/cirrus/player/command"
)

// Every new playlist is made here, as a private playlist: of the queue
// (`:queue save NAME`), of the selected tracks while a selection is on
// (`:queue save NAME`, `:newplaylist NAME`, N in the picker), or of the
// selected track, if any (`:newplaylist NAME`, N in the picker, and N
// alone, which open the `:` line at "newplaylist "). A playlist holds the
// first maxSave tracks; the message says when more were left out.
//
// No save is lost: the `:` line stays open with its text while the
// playlist is created, and closes when it is. When the create fails, the
// line keeps the text with the reason under it and the track list it was
// saving: enter tries again (with that list, under whatever title the line
// then holds), esc gives up. The POST is not retried by the api (a lost
// answer could leave two playlists), so after a failure that may have
// been carried out (a 5xx, a lost connection) my playlists are read back:
// one of that title and size there means it was saved. When that read
// fails too, the try stays unsure, and the next enter reads back first:
// a retry never makes a second playlist of a try that went through.

// maxSave bounds the tracks a save puts in one playlist: SoundCloud's
// help pages say a playlist holds 500. The rest are left out, and said so;
// splitting into several playlists would leave a half-saved set behind
// whenever one create of them failed.
const maxSave = 500

// saveReq is one save as a new playlist: on its way, or failed with its
// `:` line kept.
type saveReq struct {
	id      int
	title   string
	urns    []api.URN // at most maxSave
	total   int       // tracks asked for, before the cap
	skipped int       // selected rows that are not tracks
	what    string    // "the queue", "the selection"
	phrase  string    // when set, says what is saved in place of count()
	failed  bool
	// unsure are the titles of tries that may have gone through (the
	// create failed after it may have been carried out, and reading my
	// playlists back failed too): a retry looks for them first.
	unsure []string
}

// savedMsg answers a save.
type savedMsg struct {
	id   int
	pl   *api.Playlist
	note string // the create answered with an error but the playlist is there
	err  error
	// unsure: the create may have gone through, and reading back failed
	unsure bool
}

// saveQueue makes a private playlist of the queue, in its order.
func (m *Model) saveQueue(c command.Command) tea.Cmd {
	q, _ := m.tabs.pane(tabQueue).(*queuePane)
	if q == nil || q.list.Len() == 0 {
		return m.setStatus("The queue is empty: nothing to save.", true)
	}
	return m.startSave(c, tracksOf(q.list.Items()), 0, "the queue")
}

// saveRows makes a private playlist of the selected tracks.
func (m *Model) saveRows(c command.Command, rows []item) tea.Cmd {
	tracks, skipped := rowsOf(rows, isTrack)
	m.endVisual()
	if len(tracks) == 0 {
		return m.setStatus("No track among the selected rows: nothing to save.", true)
	}
	return m.startSave(c, tracksOf(tracks), skipped, "the selection")
}

// newPlaylistLine is N, and `:newplaylist` without a title: the `:` line
// opens at "newplaylist " for the title.
func (m *Model) newPlaylistLine() tea.Cmd {
	if cmd, ok := m.requireLogin("create playlists"); ok {
		return cmd
	}
	return m.cmd.startWith("newplaylist ")
}

// newPlaylist is `:newplaylist NAME` without a selection: a playlist of
// the selected track, or an empty one when the row is not a track.
func (m *Model) newPlaylist(c command.Command) tea.Cmd {
	var tracks []api.Track
	phrase := "an empty playlist"
	if it, ok := m.target(); ok && it.Track != nil {
		tracks = append(tracks, *it.Track)
		phrase = "“" + SanitizeLine(it.Track.Title) + "”"
	}
	return m.startSaveAs(c, tracks, 0, "the selected track", phrase)
}

// startSave sends a save and holds the `:` line open with c's text.
func (m *Model) startSave(c command.Command, tracks []api.Track, skipped int, what string) tea.Cmd {
	return m.startSaveAs(c, tracks, skipped, what, "")
}

func (m *Model) startSaveAs(c command.Command, tracks []api.Track, skipped int, what, phrase string) tea.Cmd {
	urns := make([]api.URN, 0, min(len(tracks), maxSave))
	for _, t := range tracks {
		if len(urns) < maxSave {
			urns = append(urns, t.URN)
		}
	}
	return m.sendSave(c, &saveReq{title: c.Text, urns: urns, total: len(tracks), skipped: skipped, what: what, phrase: phrase})
}

func (m *Model) sendSave(c command.Command, r *saveReq) tea.Cmd {
	if cmd, ok := m.requireLogin("create playlists"); ok {
		return cmd
	}
	m.vis.nextID++
	r.id, r.title, r.failed = m.vis.nextID, c.Text, false
	m.vis.save = r
	focus := m.cmd.hold(c.String())
	if err := api.CheckPlaylistTitle(r.title); err != nil {
		r.failed = true
		m.cmd.fail(err.Error())
		return focus
	}
	m.cmd.busy = fmt.Sprintf("saving %s as “%s”…", r.count(), SanitizeLine(r.title))
	return tea.Batch(focus, createSaveCmd(m.e, *r))
}

// count says how many tracks go in, and of how many.
func (r *saveReq) count() string {
	if r.phrase != "" {
		return r.phrase
	}
	if r.total > len(r.urns) {
		return fmt.Sprintf("the first %d of %d tracks of %s", len(r.urns), r.total, r.what)
	}
	return plural(int64(len(r.urns)), "track") + " of " + r.what
}

// retrySave runs a save again from its kept line: the tracks it was
// saving, under the title the line holds now. ok is false for anything
// else, which forgets the failed save.
func (m *Model) retrySave(c command.Command) (tea.Cmd, bool) {
	r := m.vis.save
	if r == nil || !r.failed {
		return nil, false
	}
	if c.Op == command.OpQueueSave || (c.Op == command.OpNewPlaylist && c.Text != "") {
		return m.sendSave(c, r), true
	}
	m.vis.save = nil
	return nil, false
}

func createSaveCmd(e *env, r saveReq) tea.Cmd {
	return func() tea.Msg {
		msg := savedMsg{id: r.id}
		if len(r.unsure) > 0 {
			// an earlier try may have gone through: look before creating
			found, rerr := findSaved(e.ctx, e, len(r.urns), r.unsure...)
			switch {
			case rerr != nil:
				msg.err = fmt.Errorf("an earlier try may have saved it, and reading your playlists back failed (%w): enter looks again, or look in Playlists", rerr)
				return msg
			case found != nil:
				msg.pl, msg.note = found, " (An earlier try had saved it; nothing was created again.)"
				return msg
			}
		}
		p, err := e.b.CreatePlaylist(e.ctx, r.title, "private", r.urns)
		switch {
		case err == nil:
			msg.pl = p
		case uncertainWrite(err):
			found, rerr := findSaved(e.ctx, e, len(r.urns), r.title)
			switch {
			case rerr != nil:
				msg.err, msg.unsure = fmt.Errorf("it may have been saved (%w), and reading your playlists back failed (%v): enter looks again before creating it", err, rerr), true
			case found != nil:
				msg.pl, msg.note = found, " (The server answered with an error, but the playlist is there.)"
			default:
				msg.err = fmt.Errorf("not saved (it is not among your playlists): %w", err)
			}
		default:
			msg.err = err
		}
		return msg
	}
}

// findSaved looks for the playlist a failed create may have made: my
// playlist of one of those titles and that many tracks.
func findSaved(ctx context.Context, e *env, n int, titles ...string) (*api.Playlist, error) {
	pls, err := allPages(ctx, e.b, 0, func(ctx context.Context) (*api.Page[api.Playlist], error) {
		return e.b.MyPlaylists(ctx, api.ListOptions{Limit: 200})
	})
	if err != nil {
		return nil, err
	}
	for i := range pls {
		if slices.Contains(titles, pls[i].Title) && pls[i].TrackCount == n {
			return &pls[i], nil
		}
	}
	return nil, nil
}

// saved takes a save's answer: the line closes and the playlists reload,
// or the line keeps the text and the tracks, the reason under it.
func (m *Model) saved(msg savedMsg) tea.Cmd {
	r := m.vis.save
	mine := r != nil && r.id == msg.id
	held := mine && m.cmd.open && m.cmd.busy != ""
	if msg.err == nil {
		if mine {
			m.vis.save = nil
		}
		if held {
			m.cmd.close()
		}
		what := "The playlist was saved"
		if mine {
			what = fmt.Sprintf("Saved %s as “%s” (private)", r.count(), SanitizeLine(msg.pl.Title))
			if r.total > len(r.urns) {
				what += fmt.Sprintf("; a playlist holds %d, so %d were left out", maxSave, r.total-len(r.urns))
			}
			what += "." + skippedNote(r.skipped, "not tracks")
		}
		return tea.Batch(m.setStatus(what+msg.note, false), m.tabs.reload(myPlaylistsList))
	}
	why := saveWhy(msg.err)
	if mine && msg.unsure && !slices.Contains(r.unsure, r.title) {
		r.unsure = append(r.unsure, r.title)
	}
	if held {
		r.failed = true
		m.cmd.fail("enter tries again · esc gives up — " + why)
		return nil
	}
	if mine {
		m.vis.save = nil
	}
	return failure("Not saved: "+why, msg.err)
}

// saveWhy words a failed create for the line under it.
func saveWhy(err error) string {
	if e, ok := api.AsError(err); ok && e.Status == 429 {
		return "SoundCloud is limiting requests (429): wait a minute. " + err.Error()
	}
	return err.Error()
}
