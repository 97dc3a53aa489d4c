package cli

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/cirrus-tui/cirrus/internal/buildinfo"
)

func init() {
	register(func(root *cobra.Command) {
		info := buildinfo.Get()
		root.Version = info.Version // cirrus --version: the one line
		root.SetVersionTemplate("cirrus {{.Version}}\n")
		root.AddCommand(&cobra.Command{
			Use:   "version",
			Short: "Print the version, commit, build date and Go version",
			Args:  cobra.NoArgs,
			RunE: func(cmd *cobra.Command, _ []string) error {
				_, err := fmt.Fprint(cmd.OutOrStdout(), info.String())
				return err
			},
		})
	})
}
