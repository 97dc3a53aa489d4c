package cli

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/cirrus-tui/cirrus/player"
	"github.com/cirrus-tui/cirrus/ui"
)

func init() { register(addDevices) }

// addDevices is `cirrus devices`: the sound server's sinks, one a line,
// "name<TAB>description", the default marked with "*". A name is what
// [audio] device and --device take.
func addDevices(root *cobra.Command) {
	root.AddCommand(&cobra.Command{
		Use:   "devices",
		Short: "List the sound server's output devices (for [audio] device with output = \"pulse\")",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			sinks, err := player.Sinks()
			if err != nil {
				return withCode(ExitError, fmt.Errorf("list devices: %w (is PulseAudio or PipeWire's pipewire-pulse running?)", err))
			}
			out := cmd.OutOrStdout()
			for _, s := range sinks {
				mark := " "
				if s.Default {
					mark = "*"
				}
				// names come from the server: sanitised before the terminal
				fmt.Fprintf(out, "%s %s\t%s\n", mark, ui.Sanitize(s.Name), ui.Sanitize(s.Description))
			}
			if len(sinks) == 0 {
				fmt.Fprintln(cmd.ErrOrStderr(), "the sound server has no output devices")
			}
			return nil
		},
	})
}
