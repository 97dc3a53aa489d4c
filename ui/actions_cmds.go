package ui

import (
	"context"
	"fmt"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/muesli/termenv"

	"github.com/cirrus-tui/cirrus/api"
)

// Answers to likes, follows and reposts. The library keeps what the
// server last said (see library_writes.go); read is what reading the item
// back told after a failure that may have been carried out anyway.
type likeMsg struct {
	urn      api.URN
	playlist bool
	want     bool
	title    string
	err      error
	read     readBack
}
type followMsg struct {
	urn  api.URN
	name string
	want bool
	err  error
	read readBack
}
type repostMsg struct {
	urn      api.URN
	playlist bool
	want     bool
	title    string
	err      error
	read     readBack
}
type addedMsg struct {
	track     *api.Track
	playlist  *api.Playlist
	count     int
	duplicate bool   // nothing added: the track is there already; ask first
	note      string // said after success (writeNote)
	err       error
}

func likeCmd(e *env, urn api.URN, pl bool, title string, want bool) tea.Cmd {
	return func() tea.Msg {
		var err error
		switch {
		case pl && want:
			err = e.b.LikePlaylist(e.ctx, urn)
		case pl:
			err = e.b.UnlikePlaylist(e.ctx, urn)
		case want:
			err = e.b.LikeTrack(e.ctx, urn)
		default:
			err = e.b.UnlikeTrack(e.ctx, urn)
		}
		msg := likeMsg{urn: urn, playlist: pl, want: want, title: title, err: err}
		if uncertainWrite(err) && !pl {
			// A track read back says whether I like it, and its count.
			t, rerr := e.b.Track(e.ctx, urn)
			msg.read = readBack{err: rerr}
			if rerr == nil {
				msg.read = readBack{known: true, on: t.UserFavorite, count: t.FavoritingsCount, counted: true}
			}
		}
		return msg
	}
}

func followCmd(e *env, urn api.URN, name string, want bool) tea.Cmd {
	return func() tea.Msg {
		var err error
		if want {
			err = e.b.Follow(e.ctx, urn)
		} else {
			err = e.b.Unfollow(e.ctx, urn)
		}
		msg := followMsg{urn: urn, name: name, want: want, err: err}
		if uncertainWrite(err) {
			on, rerr := e.b.IsFollowing(e.ctx, urn)
			msg.read = readBack{known: rerr == nil, on: on, err: rerr}
		}
		return msg
	}
}

// repostCmd reposts or un-reposts; the API has no way to read a repost of
// one item back, so a failure is taken as not carried out.
func repostCmd(e *env, urn api.URN, pl bool, title string, want bool) tea.Cmd {
	return func() tea.Msg {
		var err error
		switch {
		case pl && want:
			err = e.b.RepostPlaylist(e.ctx, urn)
		case pl:
			err = e.b.UnrepostPlaylist(e.ctx, urn)
		case want:
			err = e.b.RepostTrack(e.ctx, urn)
		default:
			err = e.b.UnrepostTrack(e.ctx, urn)
		}
		return repostMsg{urn: urn, playlist: pl, want: want, title: title, err: err}
	}
}

func enqueueCmd(e *env, tracks []api.Track, next bool) tea.Cmd {
	return func() tea.Msg {
		if next {
			e.a.PlayNext(tracks...)
		} else {
			e.a.Enqueue(tracks...)
		}
		where := "to the queue"
		if next {
			where = "to play next"
		}
		if len(tracks) == 1 {
			return statusMsg{text: fmt.Sprintf("Added %q %s.", SanitizeLine(tracks[0].Title), where)}
		}
		return statusMsg{text: fmt.Sprintf("Added %d tracks %s.", len(tracks), where)}
	}
}

// playlistTracks fetches every track of a playlist, all pages.
func playlistTracks(ctx context.Context, e *env, urn api.URN) ([]api.Track, error) {
	return allPages(ctx, e.b, 0, func(ctx context.Context) (*api.Page[api.Track], error) {
		return e.b.PlaylistTracks(ctx, urn, api.ListOptions{Limit: 200})
	})
}

func enqueuePlaylistCmd(e *env, p *api.Playlist, next bool) tea.Cmd {
	urn, t := p.URN, SanitizeLine(p.Title)
	return func() tea.Msg {
		tracks, err := playlistTracks(e.ctx, e, urn)
		if err != nil {
			return statusMsg{text: fmt.Sprintf("queue %q: %v", t, err), err: true}
		}
		return enqueueCmd(e, tracks, next)()
	}
}

// addToPlaylistCmd adds a track through api.AddToPlaylistChecked (every
// page read, the whole list written, read back). A track already there is
// not added again unless again is set: the answer says so, and the UI asks.
func addToPlaylistCmd(e *env, pl *api.Playlist, t *api.Track, again bool) tea.Cmd {
	purn, turn := pl.URN, t.URN
	return func() tea.Msg {
		ed, err := e.b.AddToPlaylistChecked(e.ctx, purn, again, turn)
		switch {
		case api.IsDuplicate(err):
			return addedMsg{track: t, playlist: pl, duplicate: true}
		case err != nil:
			return addedMsg{err: editErr(fmt.Sprintf("add %q to %q", SanitizeLine(t.Title), SanitizeLine(pl.Title)), SanitizeLine(pl.Title), err)}
		}
		return addedMsg{track: t, playlist: pl, count: len(ed.After), note: writeNote(ed)}
	}
}

func osc52Copy(text string) error {
	termenv.Copy(text)
	return nil
}
