package cli

import (
	"github.com/spf13/cobra"

	"github.com/cirrus-tui/cirrus/api"
)

func init() { register(addPlaylist) }

// playlistResult is what playlist create/add print with --json.
type playlistResult struct {
	URN    api.URN `json:"urn"`
	Title  string  `json:"title"`
	Tracks int     `json:"tracks"`
	Added  int     `json:"added"`
}

func checkSharing(cmd *cobra.Command) (string, error) {
	s, _ := cmd.Flags().GetString("sharing")
	if s != "private" && s != "public" {
		return "", usageErr("--sharing must be private or public, not %q", s)
	}
	return s, nil
}

func trackURNs(args []string) ([]api.URN, error) {
	out := make([]api.URN, 0, len(args))
	for _, a := range args {
		u, err := parseURN(a, api.KindTrack, api.KindTrack)
		if err != nil {
			return nil, err
		}
		out = append(out, u)
	}
	return out, nil
}

func addPlaylist(root *cobra.Command) {
	pl := &cobra.Command{
		Use:   "playlist",
		Short: "Create, edit and delete playlists",
		Args:  cobra.ArbitraryArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) > 0 {
				return usageErr("playlist: %q is not create, add, remove, move, rename or delete", args[0])
			}
			return usageErr("playlist what? say create, add, remove, move, rename or delete (see cirrus playlist --help)")
		},
	}
	cols := []column{{name: "URN"}, {name: "TITLE", max: 48}, {name: "TRACKS", right: true}, {name: "ADDED", right: true}}

	create := &cobra.Command{
		Use:     "create TITLE [TRACK_URN...]",
		Short:   "Create a playlist, optionally with tracks",
		Example: `  cirrus playlist create "Night walks" soundcloud:tracks:1008 1009 --sharing public`,
		Args:    cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			sharing, err := checkSharing(cmd)
			if err != nil {
				return err
			}
			tracks, err := trackURNs(args[1:])
			if err != nil {
				return err
			}
			c, done, err := apiClient(cmd)
			if err != nil {
				return err
			}
			defer done()
			p, err := c.CreatePlaylist(cmd.Context(), args[0], sharing, tracks)
			if err != nil {
				return fail("create playlist", err)
			}
			o := newOutput(cmd, cols...)
			n := max(p.TrackCount, len(p.Tracks))
			if err := o.add(playlistResult{p.URN, p.Title, n, len(tracks)}, string(p.URN), p.Title, itoa(int64(n)), itoa(int64(len(tracks)))); err != nil {
				return err
			}
			return o.flush()
		},
	}
	create.Flags().String("sharing", "private", "private or public")
	addJSONFlag(create)

	add := &cobra.Command{
		Use:   "add PLAYLIST_URN TRACK_URN...",
		Short: "Append tracks to a playlist, keeping every track it has",
		Long: `SoundCloud replaces a playlist's whole track list on every update, so add
reads every page of the current tracks first, sends the full list with the new
tracks at the end, and reads it back to check that nothing was lost. When the
playlist holds tracks SoundCloud does not list to you (gone private, removed,
blocked), it changes nothing and says how many: writing would delete them.`,
		Example: "  cirrus playlist add soundcloud:playlists:2001 soundcloud:tracks:1008",
		Args:    cobra.MinimumNArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			purn, err := parseURN(args[0], api.KindPlaylist, api.KindPlaylist)
			if err != nil {
				return err
			}
			tracks, err := trackURNs(args[1:])
			if err != nil {
				return err
			}
			c, done, err := apiClient(cmd)
			if err != nil {
				return err
			}
			defer done()
			e, err := c.AddToPlaylistChecked(cmd.Context(), purn, true, tracks...)
			if err != nil {
				return editFail("add to playlist "+string(purn), err)
			}
			writeNote(cmd, e)
			title := ""
			if e.Playlist != nil {
				title = e.Playlist.Title
			}
			o := newOutput(cmd, cols...)
			if err := o.add(playlistResult{purn, title, len(e.After), len(tracks)}, string(purn), title, itoa(int64(len(e.After))), itoa(int64(len(tracks)))); err != nil {
				return err
			}
			return o.flush()
		},
	}
	addJSONFlag(add)
	pl.AddCommand(append([]*cobra.Command{create, add}, playlistEditCommands()...)...)
	root.AddCommand(pl)
}
