package cli

import (
	"context"
	"errors"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/cirrus-tui/cirrus/api"
	"github.com/cirrus-tui/cirrus/player/remote"
)

func init() { register(addComments) }

var commentCols = []column{{name: "AT", right: true}, {name: "USER", max: 24}, {name: "COMMENT", max: 80}, {name: "URN"}}

func commentRow(o *output, c *api.Comment) error {
	user := ""
	if c.User != nil {
		user = c.User.Username
	}
	return o.add(c, clock(c.Timestamp.Duration()), user, c.Body, string(c.URN))
}

func addComments(root *cobra.Command) {
	list := &cobra.Command{
		Use:     "comments TRACK_URN",
		Short:   "List a track's timed comments, in playback order",
		Example: "  cirrus comments soundcloud:tracks:1008\n  cirrus comments 1008 --json | jq -r .body",
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			urn, err := parseURN(args[0], api.KindTrack, api.KindTrack)
			if err != nil {
				return err
			}
			limit, err := limitOf(cmd)
			if err != nil {
				return err
			}
			c, done, err := apiClient(cmd)
			if err != nil {
				return err
			}
			defer done()
			var all []api.Comment
			err = walk(cmd.Context(), c, limit, "comments on "+string(urn), func(ctx context.Context) (*api.Page[api.Comment], error) {
				return c.TrackComments(ctx, urn, api.ListOptions{Limit: pageSize(limit)})
			}, func(cm *api.Comment) error { all = append(all, *cm); return nil })
			var pe *api.PaginationError
			if err != nil && !errors.As(err, &pe) {
				return err
			}
			slices.SortStableFunc(all, func(a, b api.Comment) int { return int(a.Timestamp - b.Timestamp) })
			o := newOutput(cmd, commentCols...)
			for i := range all {
				if err := commentRow(o, &all[i]); err != nil {
					return err
				}
			}
			return finish(o, err)
		},
	}
	addJSONFlag(list)
	addLimitFlag(list, 200)

	post := &cobra.Command{
		Use:     "comment TRACK_URN --at POSITION TEXT...",
		Short:   "Post a timed comment on a track",
		Example: `  cirrus comment soundcloud:tracks:1008 --at 1:23 "that bass line"`,
		Args:    cobra.MinimumNArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			urn, err := parseURN(args[0], api.KindTrack, api.KindTrack)
			if err != nil {
				return err
			}
			atStr, _ := cmd.Flags().GetString("at")
			at, err := remote.ParseClock(atStr)
			if err != nil {
				return usageErr("--at: %v", err)
			}
			body := strings.TrimSpace(strings.Join(args[1:], " "))
			if body == "" {
				return usageErr("the comment is empty")
			}
			c, done, err := apiClient(cmd)
			if err != nil {
				return err
			}
			defer done()
			cm, err := c.PostComment(cmd.Context(), urn, body, at)
			if err != nil {
				return fail("comment on "+string(urn), err)
			}
			o := newOutput(cmd, commentCols...)
			if err := commentRow(o, cm); err != nil {
				return err
			}
			return o.flush()
		},
	}
	post.Flags().String("at", "0:00", "position in the track: 1:23, 83 or 83s")
	addJSONFlag(post)
	root.AddCommand(list, post)
}
