package cli

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/charmbracelet/x/ansi"
	"github.com/spf13/cobra"

	"github.com/cirrus-tui/cirrus/ui"
)

// output writes a subcommand's results: an aligned table for people, or with
// --json one JSON object per line for scripts (jq -c friendly). Table cells
// are sanitised network text; JSON escapes control characters itself.
type output struct {
	w      io.Writer
	errW   io.Writer
	json   bool
	enc    *json.Encoder
	cols   []column
	rows   [][]string
	header bool
}

// column is one table column; max bounds how wide a free-text column grows.
type column struct {
	name  string
	max   int
	right bool
}

// addJSONFlag gives a command the --json switch.
func addJSONFlag(cmd *cobra.Command) {
	cmd.Flags().Bool("json", false, "print one JSON object per line instead of a table")
}

func newOutput(cmd *cobra.Command, cols ...column) *output {
	asJSON, _ := cmd.Flags().GetBool("json")
	o := &output{w: cmd.OutOrStdout(), errW: cmd.ErrOrStderr(), json: asJSON, cols: cols, header: true}
	if asJSON {
		o.enc = json.NewEncoder(o.w)
	}
	return o
}

// add records one result: v is what --json prints, cells the table row.
func (o *output) add(v any, cells ...string) error {
	if o.json {
		if err := o.enc.Encode(v); err != nil {
			return withCode(ExitError, fmt.Errorf("write json: %w", err))
		}
		return nil
	}
	row := make([]string, len(cells))
	for i, c := range cells {
		row[i] = ui.SanitizeLine(c)
	}
	o.rows = append(o.rows, row)
	return nil
}

// flush prints the table (JSON lines are already out). Columns are measured
// in terminal cells, so CJK and emoji titles keep the columns straight.
func (o *output) flush() error {
	if o.json {
		return nil
	}
	if len(o.rows) == 0 {
		// Said on stderr so that stdout stays empty for scripts.
		fmt.Fprintln(o.errW, "(no results)")
		return nil
	}
	widths := make([]int, len(o.cols))
	for i, c := range o.cols {
		if o.header {
			widths[i] = ansi.StringWidth(c.name)
		}
	}
	for _, r := range o.rows {
		for i := range r {
			if i >= len(widths) {
				break
			}
			w := ansi.StringWidth(r[i])
			if m := o.cols[i].max; m > 0 && w > m {
				w = m
			}
			widths[i] = max(widths[i], w)
		}
	}
	var b strings.Builder
	line := func(cells []string) {
		for i, c := range cells {
			if i >= len(widths) {
				break
			}
			last := i == len(cells)-1 || i == len(widths)-1
			switch {
			case o.cols[i].right:
				c = ui.Truncate(c, widths[i])
				b.WriteString(strings.Repeat(" ", widths[i]-ansi.StringWidth(c)))
				b.WriteString(c)
			case last:
				b.WriteString(ui.Truncate(c, widths[i]))
			default:
				b.WriteString(ui.PadRight(c, widths[i]))
			}
			if !last {
				b.WriteString("  ")
			}
		}
		b.WriteString("\n")
	}
	if o.header {
		names := make([]string, len(o.cols))
		for i, c := range o.cols {
			names[i] = c.name
		}
		line(names)
	}
	for _, r := range o.rows {
		line(r)
	}
	if _, err := io.WriteString(o.w, b.String()); err != nil {
		return withCode(ExitError, fmt.Errorf("write table: %w", err))
	}
	return nil
}
