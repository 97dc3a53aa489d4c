package cli

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/cirrus-tui/cirrus/player/remote"
	"github.com/cirrus-tui/cirrus/ui"
)

func init() { register(addCtl) }

// ctlCall sends one command to the running cirrus and turns its answer
// into an exit code.
func ctlCall(cmd *cobra.Command, socket, name string, args ...string) (*remote.Response, error) {
	if socket == "" {
		socket = remote.DefaultPath()
	}
	ctx, cancel := context.WithTimeout(cmd.Context(), 60*time.Second)
	defer cancel()
	resp, err := remote.Call(ctx, socket, remote.Request{Cmd: name, Args: args})
	if err != nil {
		return nil, withCode(ExitError, err)
	}
	if !resp.OK {
		code := map[string]int{remote.CodeUsage: ExitUsage, remote.CodeAuth: ExitAuth,
			remote.CodeNotFound: ExitNotFound, remote.CodeRateLimit: ExitRateLimit}[resp.Code]
		if code == 0 {
			code = ExitError
		}
		return nil, withCode(code, fmt.Errorf("ctl %s: %s", name, ui.Sanitize(resp.Error)))
	}
	return resp, nil
}

// ctlFlags are the flags every ctl command takes, read by hand for the
// commands whose arguments may start with '-' (seek -10, volume -5).
type ctlFlags struct {
	socket string
	json   bool
	help   bool
}

func splitCtlArgs(args []string) (ctlFlags, []string, error) {
	var f ctlFlags
	var rest []string
	for i := 0; i < len(args); i++ {
		a := args[i]
		switch {
		case a == "--":
			rest = append(rest, args[i+1:]...)
			return f, rest, nil
		case a == "-h" || a == "--help":
			f.help = true
		case a == "--json":
			f.json = true
		case a == "--socket":
			if i+1 >= len(args) {
				return f, nil, usageErr("--socket needs a path")
			}
			i++
			f.socket = args[i]
		case strings.HasPrefix(a, "--socket="):
			f.socket = strings.TrimPrefix(a, "--socket=")
		case strings.HasPrefix(a, "--"):
			return f, nil, usageErr("unknown flag %s", a)
		default:
			rest = append(rest, a)
		}
	}
	return f, rest, nil
}

func addCtl(root *cobra.Command) {
	ctl := &cobra.Command{
		Use:   "ctl",
		Short: "Control a running cirrus (the TUI or cirrus play) from scripts and key bindings",
		Long: "ctl talks to the cirrus that is running for you, " + ctlEndpointHelp +
			"\nOverride it with --socket or $CIRRUS_SOCKET.",
		Example: `  cirrus ctl toggle
  cirrus ctl seek +30s
  cirrus ctl volume -10
  cirrus ctl queue add https://soundcloud.com/lunar-tides/rainy-window
  cirrus ctl status --json | jq -r .track.title`,
		Args: cobra.ArbitraryArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) > 0 {
				return usageErr("ctl: unknown command %q (see cirrus ctl --help)", args[0])
			}
			return usageErr("ctl needs a command (see cirrus ctl --help)")
		},
	}
	ctl.PersistentFlags().String("socket", "", "the control "+ctlEndpointFlag)

	socketOf := func(cmd *cobra.Command) string {
		s, _ := cmd.Flags().GetString("socket")
		return s
	}
	// simple is a command without arguments that prints the status after.
	simple := func(name, short string, aliases ...string) *cobra.Command {
		c := &cobra.Command{
			Use: name, Short: short, Aliases: aliases, Args: cobra.NoArgs,
			RunE: func(cmd *cobra.Command, args []string) error {
				resp, err := ctlCall(cmd, socketOf(cmd), name)
				if err != nil {
					return err
				}
				asJSON, _ := cmd.Flags().GetBool("json")
				return printStatus(cmd, resp, asJSON)
			},
		}
		addJSONFlag(c)
		return c
	}
	status := simple("status", "Show what is playing")
	ctl.AddCommand(status,
		simple("play", "Start or resume playback"),
		simple("pause", "Pause playback"),
		simple("toggle", "Pause or resume", "play-pause"),
		simple("stop", "Stop playback"),
		simple("next", "Skip to the next track in the queue"),
		simple("previous", "Go back to the previous track", "prev"),
		simple("like", "Like the track that is playing"),
		simple("unlike", "Remove the like from the track that is playing"),
	)

	// dashArgs commands take values like -10, so they read flags themselves.
	dashArgs := func(name, use, short, long string, nargs func(int) bool) *cobra.Command {
		c := &cobra.Command{
			Use: use, Short: short, Long: long,
			DisableFlagParsing: true,
			RunE: func(cmd *cobra.Command, args []string) error {
				f, rest, err := splitCtlArgs(args)
				if err != nil {
					return err
				}
				if f.help {
					return cmd.Help()
				}
				if !nargs(len(rest)) {
					return usageErr("usage: cirrus ctl %s", use)
				}
				sock := f.socket
				if sock == "" {
					sock = socketOf(cmd)
				}
				resp, err := ctlCall(cmd, sock, name, rest...)
				if err != nil {
					return err
				}
				return printStatus(cmd, resp, f.json)
			},
		}
		return c
	}
	ctl.AddCommand(
		dashArgs("seek", "seek POSITION", "Seek to a position or by an offset",
			"POSITION is absolute (1:23, 83, 83s, 1:02:03) or relative with a sign (+10s, -10, +1:00).",
			func(n int) bool { return n == 1 }),
		dashArgs("volume", "volume [PERCENT|+N|-N]", "Show or set the volume",
			"Without a value, print the volume. 0-100 sets it; +N and -N change it by N points.",
			func(n int) bool { return n <= 1 }),
	)
	if v, _, err := ctl.Find([]string{"volume"}); err == nil {
		v.Aliases = []string{"vol"} // the TUI's :vol
	}
	shuffle := &cobra.Command{
		Use: "shuffle [on|off|toggle]", Short: "Switch shuffle", Args: cobra.MaximumNArgs(1),
		ValidArgs: []string{"on", "off", "toggle"},
		RunE: func(cmd *cobra.Command, args []string) error {
			resp, err := ctlCall(cmd, socketOf(cmd), "shuffle", args...)
			if err != nil {
				return err
			}
			return printStatus(cmd, resp, false)
		},
	}
	repeat := &cobra.Command{
		Use: "repeat [off|one|all]", Short: "Set the repeat mode (no argument: the next one, as r does)", Args: cobra.MaximumNArgs(1),
		ValidArgs: []string{"off", "one", "all"},
		RunE: func(cmd *cobra.Command, args []string) error {
			resp, err := ctlCall(cmd, socketOf(cmd), "repeat", args...)
			if err != nil {
				return err
			}
			return printStatus(cmd, resp, false)
		},
	}
	radio := &cobra.Command{
		Use: "radio [off]", Short: "Start a radio from the playing track in the TUI (off ends it)", Args: cobra.MaximumNArgs(1),
		ValidArgs: []string{"off"},
		RunE: func(cmd *cobra.Command, args []string) error {
			resp, err := ctlCall(cmd, socketOf(cmd), "radio", args...)
			if err != nil {
				return err
			}
			fmt.Fprintln(cmd.OutOrStdout(), ui.SanitizeLine(resp.Message))
			return nil
		},
	}
	ctl.AddCommand(shuffle, repeat, radio, ctlQueue(socketOf))
	root.AddCommand(ctl)
}

func ctlQueue(socketOf func(*cobra.Command) string) *cobra.Command {
	q := &cobra.Command{
		Use:   "queue add|next|list|clear",
		Short: "Show or change the play queue",
		Args:  cobra.NoArgs,
	}
	q.RunE = func(cmd *cobra.Command, args []string) error { return listQueue(cmd, socketOf(cmd)) }
	addJSONFlag(q)
	list := &cobra.Command{
		Use: "list", Short: "List the queue", Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error { return listQueue(cmd, socketOf(cmd)) },
	}
	addJSONFlag(list)
	add := func(name, short string) *cobra.Command {
		c := &cobra.Command{
			Use: name + " URL|URN...", Short: short, Args: cobra.MinimumNArgs(1),
			Example: "  cirrus ctl queue " + name + " https://soundcloud.com/lunar-tides/rainy-window soundcloud:tracks:1009",
			RunE: func(cmd *cobra.Command, args []string) error {
				resp, err := ctlCall(cmd, socketOf(cmd), "queue", append([]string{name}, args...)...)
				if err != nil {
					return err
				}
				fmt.Fprintln(cmd.OutOrStdout(), ui.SanitizeLine(resp.Message))
				return nil
			},
		}
		return c
	}
	clear := &cobra.Command{
		Use: "clear", Short: "Empty the queue", Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			resp, err := ctlCall(cmd, socketOf(cmd), "queue", "clear")
			if err != nil {
				return err
			}
			fmt.Fprintln(cmd.OutOrStdout(), ui.SanitizeLine(resp.Message))
			return nil
		},
	}
	q.AddCommand(list, add("add", "Append tracks (a playlist adds all its tracks)"),
		add("next", "Insert tracks to play right after the current one"), clear)
	return q
}

func listQueue(cmd *cobra.Command, socket string) error {
	resp, err := ctlCall(cmd, socket, "queue", "list")
	if err != nil {
		return err
	}
	o := newOutput(cmd, column{name: "#", right: true}, column{name: "NOW"}, column{name: "TITLE", max: 48},
		column{name: "ARTIST", max: 24}, column{name: "LENGTH", right: true}, column{name: "URN"})
	cur := -1
	if resp.Status != nil {
		cur = resp.Status.Index
	}
	for i, t := range resp.Queue {
		now := ""
		if i == cur {
			now = ">"
		}
		if err := o.add(t, itoa(int64(i+1)), now, t.Title, t.Artist, clock(time.Duration(t.DurationMS)*time.Millisecond), t.URN); err != nil {
			return err
		}
	}
	return o.flush()
}

// printStatus prints the player's state: one JSON object, or two lines.
func printStatus(cmd *cobra.Command, resp *remote.Response, asJSON bool) error {
	w := cmd.OutOrStdout()
	if resp.Status == nil {
		return withCode(ExitError, errors.New("ctl: the answer carries no status"))
	}
	st := resp.Status
	if asJSON {
		return json.NewEncoder(w).Encode(st)
	}
	if resp.Message != "" {
		fmt.Fprintln(w, ui.SanitizeLine(resp.Message))
	}
	if st.Track == nil {
		fmt.Fprintf(w, "%s, nothing loaded\n", st.State)
		return nil
	}
	title := ui.SanitizeLine(st.Track.Title)
	if a := ui.SanitizeLine(st.Track.Artist); a != "" {
		title += " — " + a
	}
	extra := ""
	if st.Preview {
		extra = "  (preview)"
	}
	fmt.Fprintf(w, "%s  %s%s\n%s / %s  volume %d%%  shuffle %s  repeat %s\n", st.State, title, extra,
		clock(time.Duration(st.PositionMS)*time.Millisecond), clock(time.Duration(st.DurationMS)*time.Millisecond),
		st.Volume, onOff(st.Shuffle), st.Repeat)
	return nil
}

func onOff(b bool) string {
	if b {
		return "on"
	}
	return "off"
}
