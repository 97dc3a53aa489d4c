package cli

import (
	"context"

	"github.com/spf13/cobra"

	"github.com/cirrus-tui/cirrus/api"
)

func init() { register(addSocial) }

// actionResult is what like/unlike/follow/unfollow print with --json.
type actionResult struct {
	Action string  `json:"action"`
	URN    api.URN `json:"urn"`
	OK     bool    `json:"ok"`
}

func addSocial(root *cobra.Command) {
	type verb struct {
		use, short, past, defKind string
		kinds                     []string
		do                        func(c *api.Client, ctx context.Context, u api.URN) error
	}
	verbs := []verb{
		{"like", "Like a track or playlist", "liked", api.KindTrack, []string{api.KindTrack, api.KindPlaylist},
			func(c *api.Client, ctx context.Context, u api.URN) error {
				if u.Kind() == api.KindPlaylist {
					return c.LikePlaylist(ctx, u)
				}
				return c.LikeTrack(ctx, u)
			}},
		{"unlike", "Remove a like from a track or playlist", "unliked", api.KindTrack, []string{api.KindTrack, api.KindPlaylist},
			func(c *api.Client, ctx context.Context, u api.URN) error {
				if u.Kind() == api.KindPlaylist {
					return c.UnlikePlaylist(ctx, u)
				}
				return c.UnlikeTrack(ctx, u)
			}},
		{"follow", "Follow a user", "followed", api.KindUser, []string{api.KindUser},
			func(c *api.Client, ctx context.Context, u api.URN) error { return c.Follow(ctx, u) }},
		{"unfollow", "Stop following a user", "unfollowed", api.KindUser, []string{api.KindUser},
			func(c *api.Client, ctx context.Context, u api.URN) error { return c.Unfollow(ctx, u) }},
	}
	for _, v := range verbs {
		cmd := &cobra.Command{
			Use:     v.use + " URN...",
			Short:   v.short,
			Long:    v.short + ". A bare numeric id is taken as one of " + v.defKind + ".",
			Example: "  cirrus " + v.use + " soundcloud:" + v.defKind + ":42",
			Args:    cobra.MinimumNArgs(1),
			RunE: func(cmd *cobra.Command, args []string) error {
				urns := make([]api.URN, len(args))
				for i, a := range args {
					u, err := parseURN(a, v.defKind, v.kinds...)
					if err != nil {
						return err
					}
					urns[i] = u
				}
				c, done, err := apiClient(cmd)
				if err != nil {
					return err
				}
				defer done()
				o := newOutput(cmd, column{name: "DONE"}, column{name: "URN"})
				o.header = false
				for _, u := range urns {
					if err := v.do(c, cmd.Context(), u); err != nil {
						o.flush()
						return fail(v.use+" "+string(u), err)
					}
					if err := o.add(actionResult{v.use, u, true}, v.past, string(u)); err != nil {
						return err
					}
				}
				return o.flush()
			},
		}
		addJSONFlag(cmd)
		root.AddCommand(cmd)
	}
}
