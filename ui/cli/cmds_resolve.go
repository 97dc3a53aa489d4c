package cli

import (
	"github.com/spf13/cobra"

	"github.com/cirrus-tui/cirrus/api"
)

func init() { register(addResolve) }

func addResolve(root *cobra.Command) {
	cmd := &cobra.Command{
		Use:   "resolve URL",
		Short: "Show what a soundcloud.com or on.soundcloud.com link points at",
		Long: `Resolve asks SoundCloud which track, user or playlist a web link names and
prints it; with --json the whole resource, so scripts can read its urn.`,
		Example: `  cirrus resolve https://soundcloud.com/lunar-tides/rainy-window
  cirrus resolve https://on.soundcloud.com/AbCd --json | jq -r .urn`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			c, done, err := apiClient(cmd)
			if err != nil {
				return err
			}
			defer done()
			ctx := cmd.Context()
			urn, err := c.Resolve(ctx, args[0])
			if err != nil {
				return fail("resolve "+args[0], err)
			}
			var o *output
			var werr error
			switch urn.Kind() {
			case api.KindTrack:
				t, err := c.Track(ctx, urn)
				if err != nil {
					return fail("resolve "+args[0], err)
				}
				o = newOutput(cmd, trackCols...)
				werr = trackRow(o, t)
			case api.KindUser:
				u, err := c.User(ctx, urn)
				if err != nil {
					return fail("resolve "+args[0], err)
				}
				o = newOutput(cmd, userCols...)
				werr = userRow(o, u)
			case api.KindPlaylist:
				p, err := c.Playlist(ctx, urn)
				if err != nil {
					return fail("resolve "+args[0], err)
				}
				o = newOutput(cmd, playlistCols...)
				werr = playlistRow(o, p)
			default:
				o = newOutput(cmd, column{name: "URN"})
				werr = o.add(map[string]string{"urn": string(urn)}, string(urn))
			}
			if werr != nil {
				return fail("resolve", werr)
			}
			return o.flush()
		},
	}
	addJSONFlag(cmd)
	root.AddCommand(cmd)
}
