package cli

import (
	"context"
	"strings"

	"github.com/spf13/cobra"

	"github.com/cirrus-tui/cirrus/api"
)

func init() { register(addSearch) }

// Table layouts shared by every command that lists the same kind of thing.
var (
	trackCols    = []column{{name: "URN"}, {name: "TITLE", max: 48}, {name: "ARTIST", max: 24}, {name: "LENGTH", right: true}, {name: "ACCESS"}}
	userCols     = []column{{name: "URN"}, {name: "USERNAME", max: 32}, {name: "FOLLOWERS", right: true}, {name: "TRACKS", right: true}, {name: "CITY", max: 24}}
	playlistCols = []column{{name: "URN"}, {name: "TITLE", max: 48}, {name: "OWNER", max: 24}, {name: "TRACKS", right: true}, {name: "SHARING"}}
)

func trackRow(o *output, t *api.Track) error {
	return o.add(t, string(t.URN), t.Title, artistOf(t), clock(t.DurationTime()), t.Access)
}

func userRow(o *output, u *api.User) error {
	return o.add(u, string(u.URN), u.Username, itoa(int64(u.FollowersCount)), itoa(int64(u.TrackCount)), u.City)
}

func playlistRow(o *output, p *api.Playlist) error {
	owner := ""
	if p.User != nil {
		owner = p.User.Username
	}
	return o.add(p, string(p.URN), p.Title, owner, itoa(int64(p.TrackCount)), p.Sharing)
}

func addSearch(root *cobra.Command) {
	search := &cobra.Command{
		Use:   "search",
		Short: "Search SoundCloud for tracks, users or playlists",
		Example: `  cirrus search tracks lofi rain
  cirrus search tracks --genre Ambient --limit 5 drone
  cirrus search users piano --json | jq -r .permalink_url`,
		Args: cobra.ArbitraryArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) > 0 {
				return usageErr("search what? %q is not tracks, users or playlists", args[0])
			}
			return usageErr("search what? say tracks, users or playlists (see cirrus search --help)")
		},
	}
	sub := func(kind, short string, run func(ctx context.Context, c *api.Client, q string, so api.SearchOptions, limit int, o *output) error, cols []column) *cobra.Command {
		cmd := &cobra.Command{
			Use:   kind + " QUERY...",
			Short: short,
			Args:  cobra.MinimumNArgs(1),
			RunE: func(cmd *cobra.Command, args []string) error {
				limit, err := limitOf(cmd)
				if err != nil {
					return err
				}
				c, done, err := apiClient(cmd)
				if err != nil {
					return err
				}
				defer done()
				so := api.SearchOptions{ListOptions: api.ListOptions{Limit: pageSize(limit)}}
				so.Genres, _ = cmd.Flags().GetStringSlice("genre")
				so.Tags, _ = cmd.Flags().GetStringSlice("tag")
				if cmd.Flags().Lookup("access") != nil {
					so.Access, _ = cmd.Flags().GetStringSlice("access")
					for _, a := range so.Access {
						if a != api.AccessPlayable && a != api.AccessPreview && a != api.AccessBlocked {
							return usageErr("--access: %q is not playable, preview or blocked", a)
						}
					}
				}
				o := newOutput(cmd, cols...)
				return finish(o, run(cmd.Context(), c, strings.Join(args, " "), so, limit, o))
			},
		}
		addJSONFlag(cmd)
		addLimitFlag(cmd, 20)
		return cmd
	}
	tracks := sub("tracks", "Search tracks", func(ctx context.Context, c *api.Client, q string, so api.SearchOptions, limit int, o *output) error {
		return walk(ctx, c, limit, "search tracks", func(ctx context.Context) (*api.Page[api.Track], error) {
			return c.SearchTracks(ctx, q, so)
		}, func(t *api.Track) error { return trackRow(o, t) })
	}, trackCols)
	tracks.Flags().StringSlice("genre", nil, "only these genres (comma separated)")
	tracks.Flags().StringSlice("tag", nil, "only tracks with these tags")
	tracks.Flags().StringSlice("access", nil, "playable, preview and/or blocked (default: playable,preview)")
	users := sub("users", "Search users", func(ctx context.Context, c *api.Client, q string, so api.SearchOptions, limit int, o *output) error {
		return walk(ctx, c, limit, "search users", func(ctx context.Context) (*api.Page[api.User], error) {
			return c.SearchUsers(ctx, q, so)
		}, func(u *api.User) error { return userRow(o, u) })
	}, userCols)
	playlists := sub("playlists", "Search playlists and albums", func(ctx context.Context, c *api.Client, q string, so api.SearchOptions, limit int, o *output) error {
		return walk(ctx, c, limit, "search playlists", func(ctx context.Context) (*api.Page[api.Playlist], error) {
			return c.SearchPlaylists(ctx, q, so)
		}, func(p *api.Playlist) error { return playlistRow(o, p) })
	}, playlistCols)
	playlists.Flags().StringSlice("genre", nil, "only these genres (comma separated)")
	playlists.Flags().StringSlice("tag", nil, "only playlists with these tags")
	search.AddCommand(tracks, users, playlists)
	root.AddCommand(search)
}
