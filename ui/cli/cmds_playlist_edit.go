package cli

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"github.com/cirrus-tui/cirrus/api"
	"github.com/cirrus-tui/cirrus/ui"
)

// playlistEditResult is what playlist remove/move/rename/delete print with
// --json. Position is 1-based, as --at and --to take it.
type playlistEditResult struct {
	Action   string  `json:"action"`
	URN      api.URN `json:"urn"`
	Title    string  `json:"title"`
	Tracks   int     `json:"tracks"`
	Track    api.URN `json:"track,omitempty"`
	Position int     `json:"position,omitempty"`
}

// playlistEditCommands are the playlist subcommands that change an existing
// playlist; each edit of the tracks reads every page first and writes the
// whole list (api.EditPlaylistTracks).
func playlistEditCommands() []*cobra.Command {
	cols := []column{{name: "DONE"}, {name: "URN"}, {name: "TITLE", max: 48}, {name: "TRACKS", right: true}, {name: "POSITION", right: true}}
	show := func(cmd *cobra.Command, r playlistEditResult) error {
		pos := ""
		if r.Position > 0 {
			pos = itoa(int64(r.Position))
		}
		o := newOutput(cmd, cols...)
		if err := o.add(r, r.Action, string(r.URN), r.Title, itoa(int64(r.Tracks)), pos); err != nil {
			return err
		}
		return o.flush()
	}
	// title finds the playlist's title for the output: the write's answer when
	// it has one, else a read.
	title := func(cmd *cobra.Command, c *api.Client, purn api.URN, p *api.Playlist) string {
		if p != nil && p.Title != "" {
			return p.Title
		}
		if p, err := c.Playlist(cmd.Context(), purn); err == nil {
			return p.Title
		}
		return ""
	}

	remove := &cobra.Command{
		Use:   "remove PLAYLIST_URN TRACK_URN",
		Short: "Remove one track from a playlist, keeping every other track in order",
		Long: `Removes one occurrence of the track: the one at --at (1-based, as the
playlist shows it) or the first. Like add, it reads every page of the playlist,
sends the whole list without that track, and reads it back. It changes nothing
when SoundCloud does not list every track of the playlist to you, and says how
many it leaves out; when the write fails after reaching SoundCloud, it reads
the playlist back and says whether the change was made, or that it may have
been (reload to check).`,
		Example: "  cirrus playlist remove soundcloud:playlists:2001 soundcloud:tracks:1008 --at 2",
		Args:    cobra.ExactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			purn, turn, at, err := trackEditArgs(cmd, args)
			if err != nil {
				return err
			}
			c, done, err := apiClient(cmd)
			if err != nil {
				return err
			}
			defer done()
			e, err := c.RemovePlaylistTrack(cmd.Context(), purn, turn, at)
			if err != nil {
				return editFail("remove from playlist "+string(purn), err)
			}
			writeNote(cmd, e)
			return show(cmd, playlistEditResult{"removed", purn, title(cmd, c, purn, e.Playlist), len(e.After), turn, e.At + 1})
		},
	}
	remove.Flags().Int("at", 0, "the position of the track to remove, from 1 (default: its first occurrence)")
	addJSONFlag(remove)

	move := &cobra.Command{
		Use:   "move PLAYLIST_URN TRACK_URN (--to N | --up | --down)",
		Short: "Move a track within a playlist; the set of tracks stays the same",
		Long: `Moves one occurrence of the track (the one at --at, or the first) to
position --to (1-based; past the end means last), or one row --up or --down.
Like add, it reads every page of the playlist and sends the whole list, and
changes nothing when SoundCloud does not list every track to you.`,
		Example: "  cirrus playlist move soundcloud:playlists:2001 soundcloud:tracks:1008 --to 1\n  cirrus playlist move 2001 1012 --down",
		Args:    cobra.ExactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			purn, turn, at, err := trackEditArgs(cmd, args)
			if err != nil {
				return err
			}
			to, _ := cmd.Flags().GetInt("to")
			up, _ := cmd.Flags().GetBool("up")
			down, _ := cmd.Flags().GetBool("down")
			n := 0
			for _, set := range []bool{cmd.Flags().Changed("to"), up, down} {
				if set {
					n++
				}
			}
			if n != 1 {
				return usageErr("move: say where, with exactly one of --to N, --up or --down")
			}
			if cmd.Flags().Changed("to") && to < 1 {
				return usageErr("--to must be a position from 1, not %d", to)
			}
			c, done, err := apiClient(cmd)
			if err != nil {
				return err
			}
			defer done()
			var e *api.PlaylistEdit
			switch {
			case up:
				e, err = c.MovePlaylistTrackBy(cmd.Context(), purn, turn, at, -1)
			case down:
				e, err = c.MovePlaylistTrackBy(cmd.Context(), purn, turn, at, +1)
			default:
				e, err = c.MovePlaylistTrack(cmd.Context(), purn, turn, at, to-1)
			}
			if err != nil {
				return editFail("move in playlist "+string(purn), err)
			}
			writeNote(cmd, e)
			return show(cmd, playlistEditResult{"moved", purn, title(cmd, c, purn, e.Playlist), len(e.After), turn, e.At + 1})
		},
	}
	move.Flags().Int("at", 0, "the position of the track to move, from 1 (default: its first occurrence)")
	move.Flags().Int("to", 0, "the position to move it to, from 1")
	move.Flags().Bool("up", false, "move it up one row")
	move.Flags().Bool("down", false, "move it down one row")
	addJSONFlag(move)

	rename := &cobra.Command{
		Use:     "rename PLAYLIST_URN TITLE",
		Short:   "Rename a playlist (its tracks are not touched)",
		Example: `  cirrus playlist rename soundcloud:playlists:2001 "Night walks"`,
		Args:    cobra.ExactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			purn, err := parseURN(args[0], api.KindPlaylist, api.KindPlaylist)
			if err != nil {
				return err
			}
			if err := api.CheckPlaylistTitle(args[1]); err != nil {
				return usageErr("rename: %v", err)
			}
			c, done, err := apiClient(cmd)
			if err != nil {
				return err
			}
			defer done()
			p, err := c.RenamePlaylist(cmd.Context(), purn, args[1])
			if err != nil {
				return editFail("rename playlist "+string(purn), err)
			}
			if p.Title == "" {
				p.Title = args[1]
			}
			return show(cmd, playlistEditResult{Action: "renamed", URN: purn, Title: p.Title, Tracks: max(p.TrackCount, len(p.Tracks))})
		},
	}
	addJSONFlag(rename)

	del := &cobra.Command{
		Use:   "delete PLAYLIST_URN",
		Short: "Delete a playlist (asks first, naming it, unless --yes)",
		Long: `Deletes one of your playlists on SoundCloud; this cannot be undone. Without
--yes, cirrus shows the playlist's title and track count and reads the answer
from standard input: only "y" or "yes" deletes.`,
		Example: "  cirrus playlist delete soundcloud:playlists:2001\n  cirrus playlist delete 2001 --yes --json",
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			purn, err := parseURN(args[0], api.KindPlaylist, api.KindPlaylist)
			if err != nil {
				return err
			}
			yes, _ := cmd.Flags().GetBool("yes")
			c, done, err := apiClient(cmd)
			if err != nil {
				return err
			}
			defer done()
			p, err := c.Playlist(cmd.Context(), purn)
			if err != nil {
				return fail("read playlist "+string(purn), err)
			}
			n := max(p.TrackCount, len(p.Tracks))
			if !yes {
				ok, err := confirm(cmd.InOrStdin(), cmd.ErrOrStderr(),
					fmt.Sprintf("Delete playlist %q (%s, %d tracks)? This cannot be undone. [y/N] ", ui.SanitizeLine(p.Title), purn, n))
				if err != nil {
					return withCode(ExitError, fmt.Errorf("delete playlist %s: %w", purn, err))
				}
				if !ok {
					return withCode(ExitError, fmt.Errorf("playlist %q not deleted", ui.SanitizeLine(p.Title)))
				}
			}
			if err := c.DeletePlaylist(cmd.Context(), purn); err != nil {
				return fail("delete playlist "+string(purn), err)
			}
			return show(cmd, playlistEditResult{Action: "deleted", URN: purn, Title: p.Title, Tracks: n})
		},
	}
	del.Flags().BoolP("yes", "y", false, "delete without asking")
	addJSONFlag(del)

	return []*cobra.Command{remove, move, rename, del}
}

// editFail is fail for track-list edits. A stale position, a playlist with
// tracks the listing does not show (nothing was written) and a write that
// may have taken effect are the user's to look at: exit 1 with the reason,
// sanitised. The rest maps as fail does.
func editFail(op string, err error) error {
	if errors.Is(err, api.ErrPlaylistChanged) || api.IsIncomplete(err) || api.IsUncertainWrite(err) {
		return withCode(ExitError, &cleanError{fmt.Errorf("%s: %w", op, err)})
	}
	return fail(op, err)
}

// writeNote says on standard error that the write answered with an error
// although the playlist reads back as asked, so a script sees success and a
// person sees why the server complained.
func writeNote(cmd *cobra.Command, e *api.PlaylistEdit) {
	if e != nil && e.WriteErr != nil {
		fmt.Fprintln(cmd.ErrOrStderr(), ui.Sanitize("cirrus: note: the server answered the write with an error ("+
			e.WriteErr.Error()+"), but the playlist reads back as asked"))
	}
}

// maxAnswer bounds the line confirm reads.
const maxAnswer = 256

// confirm asks question on w and reads one line from r: true only for y or
// yes. End of input is no.
func confirm(r io.Reader, w io.Writer, question string) (bool, error) {
	fmt.Fprint(w, question)
	line, err := bufio.NewReader(io.LimitReader(r, maxAnswer)).ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return false, err
	}
	if errors.Is(err, io.EOF) && line == "" {
		fmt.Fprintln(w)
	}
	switch strings.ToLower(strings.TrimSpace(line)) {
	case "y", "yes":
		return true, nil
	}
	return false, nil
}

// trackEditArgs reads what remove and move share: the playlist, the track
// and --at (1-based; unset becomes -1, the track's first occurrence).
func trackEditArgs(cmd *cobra.Command, args []string) (playlist, track api.URN, at int, err error) {
	if playlist, err = parseURN(args[0], api.KindPlaylist, api.KindPlaylist); err != nil {
		return
	}
	if track, err = parseURN(args[1], api.KindTrack, api.KindTrack); err != nil {
		return
	}
	if at, _ = cmd.Flags().GetInt("at"); at < 0 {
		return playlist, track, 0, usageErr("--at must be a position from 1, not %d", at)
	}
	return playlist, track, at - 1, nil
}
