package cli

import (
	"fmt"
	"slices"

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
tracks at the end, and reads it back to check that nothing was lost.`,
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
			ctx := cmd.Context()
			before, err := c.AllPlaylistTrackURNs(ctx, purn)
			if err != nil {
				return fail("read playlist "+string(purn), err)
			}
			want := append(slices.Clone(before), tracks...)
			p, err := c.SetPlaylistTracks(ctx, purn, want)
			if err != nil {
				return fail("update playlist "+string(purn), err)
			}
			after, err := c.AllPlaylistTrackURNs(ctx, purn)
			if err != nil {
				return fail("verify playlist "+string(purn), err)
			}
			if !sameTracks(after, want) {
				return withCode(ExitError, fmt.Errorf("playlist %s: after the update it has %d tracks, expected %d: check it on SoundCloud", purn, len(after), len(want)))
			}
			o := newOutput(cmd, cols...)
			if err := o.add(playlistResult{purn, p.Title, len(after), len(tracks)}, string(purn), p.Title, itoa(int64(len(after))), itoa(int64(len(tracks)))); err != nil {
				return err
			}
			return o.flush()
		},
	}
	addJSONFlag(add)
	pl.AddCommand(append([]*cobra.Command{create, add}, playlistEditCommands()...)...)
	root.AddCommand(pl)
}

// sameTracks compares by id, since the API may answer with numeric ids
// where we sent URNs.
func sameTracks(a, b []api.URN) bool {
	return slices.EqualFunc(a, b, func(x, y api.URN) bool { return x.ID() == y.ID() })
}
