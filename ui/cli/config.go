package cli

import (
	"errors"
	"fmt"
	"io/fs"
	"os"

	"github.com/spf13/cobra"

	"github.com/cirrus-tui/cirrus/config"
	"github.com/cirrus-tui/cirrus/ui"
)

func init() { register(addConfigCommands) }

// addConfigCommands adds `config init`, `config check` and `config path`.
func addConfigCommands(root *cobra.Command) {
	cfg := &cobra.Command{
		Use:   "config",
		Short: "Write, check or locate the config file",
	}

	initCmd := &cobra.Command{
		Use:   "init [file]",
		Short: "Write a commented config file with every key at its default",
		Long: `Write a commented config file listing every key with its default value.
Without a file argument it goes to $CIRRUS_CONFIG or $XDG_CONFIG_HOME/cirrus/config.toml.
An existing file is kept unless --force is given.`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			path := config.Path()
			if len(args) == 1 {
				path = args[0]
			}
			force, _ := cmd.Flags().GetBool("force")
			if err := config.WriteTemplate(cmd.Context(), path, force); err != nil {
				if errors.Is(err, config.ErrExists) {
					return withCode(ExitError, err)
				}
				return withCode(ExitError, fmt.Errorf("config init: %w", err))
			}
			fmt.Fprintf(cmd.OutOrStdout(), "Wrote %s\nSet client_id and client_secret there (or CIRRUS_CLIENT_ID / CIRRUS_CLIENT_SECRET), then run `cirrus login`.\n", path)
			return nil
		},
	}
	initCmd.Flags().Bool("force", false, "overwrite an existing file")

	check := &cobra.Command{
		Use:     "check [file]",
		Short:   "Validate a config file: every mistake with its line, and a suggestion",
		Example: "  cirrus config check\n  cirrus config check ~/dotfiles/cirrus.toml",
		Args:    cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			path, explicit := config.Path(), false
			if len(args) == 1 {
				path, explicit = args[0], true
			}
			data, err := config.ReadFile(path)
			if errors.Is(err, fs.ErrNotExist) && !explicit {
				fmt.Fprintf(cmd.OutOrStdout(), "No config file at %s: the defaults apply (`cirrus config init` writes one).\n", path)
				return nil
			}
			if err != nil {
				return withCode(ExitError, fmt.Errorf("config check: %w", err))
			}
			c, err := config.Parse(path, data)
			var errs config.Errors
			if errors.As(err, &errs) {
				for _, e := range errs {
					fmt.Fprintln(cmd.ErrOrStderr(), ui.Sanitize(e.Error()))
				}
				noun := "mistakes"
				if len(errs) == 1 {
					noun = "mistake"
				}
				return withCode(ExitError, fmt.Errorf("%d %s in %s", len(errs), noun, path))
			}
			if err != nil {
				return withCode(ExitError, fmt.Errorf("config check: %w", err))
			}
			out := cmd.OutOrStdout()
			fmt.Fprintf(out, "%s: OK\n", path)
			if c.ClientID == "" && os.Getenv(config.EnvClientID) == "" {
				fmt.Fprintf(out, "note: client_id is empty and %s is unset: cirrus cannot reach SoundCloud until one is set.\n", config.EnvClientID)
			}
			return nil
		},
	}

	where := &cobra.Command{
		Use:   "path",
		Short: "Print where the config file, tokens and log live",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			fmt.Fprintf(cmd.OutOrStdout(), "config  %s\nstate   %s\nlog     %s\n",
				config.Path(), config.StateDir(), config.LogPath())
			return nil
		},
	}

	cfg.AddCommand(initCmd, check, where)
	root.AddCommand(cfg)
}
