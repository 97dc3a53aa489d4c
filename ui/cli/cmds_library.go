package cli

import (
	"context"
	"time"

	"github.com/spf13/cobra"

	"github.com/cirrus-tui/cirrus/api"
)

func init() { register(addLibrary) }

// addLibrary adds the signed-in user's lists: likes, feed and playlists.
func addLibrary(root *cobra.Command) {
	likes := &cobra.Command{
		Use:     "likes",
		Short:   "List the tracks (or with --playlists, the playlists) you liked",
		Example: "  cirrus likes --limit 10\n  cirrus likes --json --limit 0 | jq -r .permalink_url",
		Args:    cobra.NoArgs,
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
			ctx := cmd.Context()
			lo := api.ListOptions{Limit: pageSize(limit)}
			if pl, _ := cmd.Flags().GetBool("playlists"); pl {
				o := newOutput(cmd, playlistCols...)
				err = walk(ctx, c, limit, "liked playlists", func(ctx context.Context) (*api.Page[api.Playlist], error) {
					return c.MyLikedPlaylists(ctx, lo)
				}, func(p *api.Playlist) error { return playlistRow(o, p) })
				return finish(o, err)
			}
			o := newOutput(cmd, trackCols...)
			err = walk(ctx, c, limit, "liked tracks", func(ctx context.Context) (*api.Page[api.Track], error) {
				return c.MyLikedTracks(ctx, lo)
			}, func(t *api.Track) error { return trackRow(o, t) })
			return finish(o, err)
		},
	}
	likes.Flags().Bool("playlists", false, "list liked playlists instead of tracks")
	addJSONFlag(likes)
	addLimitFlag(likes, 50)

	feed := &cobra.Command{
		Use:   "feed",
		Short: "List new tracks, playlists and reposts from the people you follow",
		Args:  cobra.NoArgs,
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
			onlyTracks, _ := cmd.Flags().GetBool("tracks")
			lo := api.ListOptions{Limit: pageSize(limit)}
			o := newOutput(cmd, column{name: "WHEN"}, column{name: "TYPE"}, column{name: "URN"},
				column{name: "TITLE", max: 48}, column{name: "BY", max: 24})
			now := time.Now()
			err = walk(cmd.Context(), c, limit, "feed", func(ctx context.Context) (*api.Page[api.Activity], error) {
				if onlyTracks {
					return c.FeedTracks(ctx, lo)
				}
				return c.Feed(ctx, lo)
			}, func(a *api.Activity) error {
				var urn, title, by string
				switch {
				case a.Track != nil:
					urn, title, by = string(a.Track.URN), a.Track.Title, artistOf(a.Track)
				case a.Playlist != nil:
					urn, title = string(a.Playlist.URN), a.Playlist.Title
					if a.Playlist.User != nil {
						by = a.Playlist.User.Username
					}
				}
				if a.Reposter != "" {
					by += " (reposted by " + string(a.Reposter) + ")"
				}
				return o.add(a, ago(now, a.CreatedAt), a.Type, urn, title, by)
			})
			return finish(o, err)
		},
	}
	feed.Flags().Bool("tracks", false, "only tracks")
	addJSONFlag(feed)
	addLimitFlag(feed, 50)

	playlists := &cobra.Command{
		Use:   "playlists",
		Short: "List your playlists (or with --liked, the playlists you liked)",
		Args:  cobra.NoArgs,
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
			liked, _ := cmd.Flags().GetBool("liked")
			lo := api.ListOptions{Limit: pageSize(limit)}
			o := newOutput(cmd, playlistCols...)
			err = walk(cmd.Context(), c, limit, "playlists", func(ctx context.Context) (*api.Page[api.Playlist], error) {
				if liked {
					return c.MyLikedPlaylists(ctx, lo)
				}
				return c.MyPlaylists(ctx, lo)
			}, func(p *api.Playlist) error { return playlistRow(o, p) })
			return finish(o, err)
		},
	}
	playlists.Flags().Bool("liked", false, "list liked playlists instead of your own")
	addJSONFlag(playlists)
	addLimitFlag(playlists, 50)

	root.AddCommand(likes, feed, playlists)
}

// ago prints a SoundCloud timestamp ("2026/06/01 09:49:40 +0000" or RFC 3339)
// relative to now.
func ago(now time.Time, ts string) string {
	var t time.Time
	var err error
	for _, layout := range []string{"2006/01/02 15:04:05 -0700", time.RFC3339} {
		if t, err = time.Parse(layout, ts); err == nil {
			break
		}
	}
	if err != nil {
		return ts
	}
	d := now.Sub(t)
	switch {
	case d < time.Minute:
		return "just now"
	case d < time.Hour:
		return itoa(int64(d/time.Minute)) + "m ago"
	case d < 48*time.Hour:
		return itoa(int64(d/time.Hour)) + "h ago"
	case d < 60*24*time.Hour:
		return itoa(int64(d/(24*time.Hour))) + "d ago"
	}
	return t.Format("2006-01-02")
}
