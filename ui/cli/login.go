package cli

import (
	"encoding/json"
	"errors"
	"fmt"
	"strconv"

	"github.com/spf13/cobra"

	"github.com/cirrus-tui/cirrus/api"
	"github.com/cirrus-tui/cirrus/auth"
	"github.com/cirrus-tui/cirrus/ui"
)

func init() { register(addAuthCommands) }

// addAuthCommands adds login, logout and whoami.
func addAuthCommands(root *cobra.Command) {
	login := &cobra.Command{
		Use:   "login",
		Short: "Sign in to SoundCloud in your browser (OAuth with PKCE)",
		Long: `Sign in to SoundCloud. cirrus prints the sign-in address, opens it in your
browser when a desktop is present, and waits on http://127.0.0.1:<redirect_port>/callback
for SoundCloud to send the browser back. Over SSH use --no-browser: open the
address anywhere, then paste the address the browser ends up on.`,
		Example: "  cirrus login\n  cirrus login --no-browser",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			noBrowser, _ := cmd.Flags().GetBool("no-browser")
			timeout, _ := cmd.Flags().GetDuration("timeout")
			env, err := loadEnv(cmd.Context())
			if err != nil {
				return err
			}
			defer env.Close()
			ctx := cmd.Context()
			err = env.Auth.Login(ctx, auth.LoginOptions{
				NoBrowser: noBrowser,
				Out:       cmd.OutOrStdout(),
				In:        cmd.InOrStdin(),
				Timeout:   timeout,
			})
			if err != nil {
				return withCode(ExitAuth, err)
			}
			if me, err := env.API.Me(ctx); err == nil {
				fmt.Fprintf(cmd.OutOrStdout(), "Logged in as %s (%s).\n",
					ui.SanitizeLine(me.Username), ui.SanitizeLine(me.Permalink))
			} else {
				env.Logger.Warn("whoami after login failed", "err", err)
				fmt.Fprintln(cmd.OutOrStdout(), "Logged in.")
			}
			return nil
		},
	}
	login.Flags().Bool("no-browser", false, "do not open a browser; paste the redirected address instead (SSH)")
	login.Flags().Duration("timeout", auth.DefaultLoginTimeout, "how long to wait for the sign-in")

	logout := &cobra.Command{
		Use:   "logout",
		Short: "Sign out at SoundCloud and delete the stored tokens",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			env, err := loadEnv(cmd.Context())
			if err != nil {
				return err
			}
			defer env.Close()
			err = env.Auth.Logout(cmd.Context())
			switch {
			case errors.Is(err, auth.ErrNotLoggedIn):
				fmt.Fprintln(cmd.OutOrStdout(), "Not logged in.")
				return nil
			case err != nil:
				return withCode(ExitError, fmt.Errorf("logout: %w", err))
			}
			fmt.Fprintln(cmd.OutOrStdout(), "Logged out; the stored tokens are deleted.")
			return nil
		},
	}

	whoami := &cobra.Command{
		Use:     "whoami",
		Short:   "Show the signed-in SoundCloud user",
		Example: "  cirrus whoami\n  cirrus whoami --json | jq -r .username",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			env, err := loadEnv(cmd.Context())
			if err != nil {
				return err
			}
			defer env.Close()
			ctx := cmd.Context()
			st, err := env.Auth.Status(ctx)
			if err != nil {
				return withCode(ExitError, fmt.Errorf("whoami: %w", err))
			}
			switch st {
			case auth.Anonymous:
				return withCode(ExitAuth, fmt.Errorf("whoami: %w (without it cirrus searches and plays public tracks only)", auth.ErrNotLoggedIn))
			case auth.Expired:
				return withCode(ExitAuth, fmt.Errorf("whoami: %w", auth.ErrLoginRequired))
			}
			me, err := env.API.Me(ctx)
			if err != nil {
				return fail("whoami", err)
			}
			if asJSON, _ := cmd.Flags().GetBool("json"); asJSON {
				b, err := json.Marshal(me)
				if err != nil {
					return fmt.Errorf("whoami: %w", err)
				}
				_, err = fmt.Fprintf(cmd.OutOrStdout(), "%s\n", b)
				return err
			}
			return printUser(cmd, me, env.Auth.Storage())
		},
	}
	addJSONFlag(whoami)

	root.AddCommand(login, logout, whoami)
}

// printUser shows a user as aligned "field value" lines.
func printUser(cmd *cobra.Command, u *api.User, storage string) error {
	o := newOutput(cmd, column{name: "field"}, column{name: "value", max: 100})
	o.header = false
	rows := [][2]string{
		{"username", u.Username},
		{"name", u.FullName},
		{"permalink", u.Permalink},
		{"url", u.PermalinkURL},
		{"urn", string(u.URN)},
		{"city", u.City},
		{"country", u.Country},
		{"plan", u.Plan},
		{"followers", strconv.Itoa(u.FollowersCount)},
		{"following", strconv.Itoa(u.FollowingsCount)},
		{"tracks", strconv.Itoa(u.TrackCount)},
		{"playlists", strconv.Itoa(u.PlaylistCount)},
		{"tokens", storage},
	}
	for _, r := range rows {
		if r[1] == "" {
			continue
		}
		if err := o.add(nil, r[0], r[1]); err != nil {
			return err
		}
	}
	return o.flush()
}
