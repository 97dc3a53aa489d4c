package cli

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/mattn/go-isatty"
	"github.com/spf13/cobra"
)

func init() { register(addUpload) }

func addUpload(root *cobra.Command) {
	cmd := &cobra.Command{
		Use:   "upload FILE --title TITLE [--sharing private|public]",
		Short: "Upload a track (streamed from disk, up to 500 MB)",
		Long: `Upload sends an audio file to SoundCloud as a new track. The file is streamed
from disk, never read into memory, and a progress bar goes to stderr.`,
		Example: `  cirrus upload mix.wav --title "Friday mix" --sharing public`,
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			sharing, err := checkSharing(cmd)
			if err != nil {
				return err
			}
			title, _ := cmd.Flags().GetString("title")
			if strings.TrimSpace(title) == "" {
				title = strings.TrimSuffix(filepath.Base(args[0]), filepath.Ext(args[0]))
			}
			f, err := os.Open(args[0])
			if err != nil {
				return withCode(ExitError, fmt.Errorf("upload: %w", err))
			}
			defer f.Close()
			fi, err := f.Stat()
			if err != nil {
				return withCode(ExitError, fmt.Errorf("upload: %w", err))
			}
			if !fi.Mode().IsRegular() {
				return usageErr("upload: %s is not a regular file", args[0])
			}
			c, done, err := apiClient(cmd)
			if err != nil {
				return err
			}
			defer done()
			quiet, _ := cmd.Flags().GetBool("quiet")
			bar := newProgressBar(cmd.ErrOrStderr(), quiet)
			t, err := c.Upload(cmd.Context(), title, sharing, filepath.Base(args[0]), f, fi.Size(), bar.update)
			bar.done(err == nil)
			if err != nil {
				return fail("upload "+args[0], err)
			}
			o := newOutput(cmd, trackCols...)
			if err := trackRow(o, t); err != nil {
				return err
			}
			return o.flush()
		},
	}
	cmd.Flags().String("title", "", "the track's title (default: the file name)")
	cmd.Flags().String("sharing", "private", "private or public")
	cmd.Flags().BoolP("quiet", "q", false, "no progress bar")
	addJSONFlag(cmd)
	root.AddCommand(cmd)
}

// progressBar draws upload progress on stderr: redrawn in place on a
// terminal, a line every 10% otherwise (logs, CI).
type progressBar struct {
	w     io.Writer
	tty   bool
	quiet bool
	start time.Time

	mu       sync.Mutex
	lastDraw time.Time
	lastPct  int
	drawn    bool
}

func newProgressBar(w io.Writer, quiet bool) *progressBar {
	tty := false
	if f, ok := w.(*os.File); ok {
		tty = isatty.IsTerminal(f.Fd())
	}
	return &progressBar{w: w, tty: tty, quiet: quiet, start: time.Now(), lastPct: -10}
}

func (p *progressBar) update(sent, total int64) {
	if p.quiet || total <= 0 {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	pct := int(sent * 100 / total)
	now := time.Now()
	if p.tty {
		if sent < total && now.Sub(p.lastDraw) < 100*time.Millisecond {
			return
		}
		p.lastDraw = now
		const width = 30
		fill := int(sent * width / total)
		rate := float64(sent) / max(now.Sub(p.start).Seconds(), 0.001) / 1e6
		fmt.Fprintf(p.w, "\r[%s%s] %3d%%  %.1f/%.1f MB  %.1f MB/s ",
			strings.Repeat("#", fill), strings.Repeat(".", width-fill), pct, float64(sent)/1e6, float64(total)/1e6, rate)
		p.drawn = true
		return
	}
	if pct/10 == p.lastPct/10 && sent < total {
		return
	}
	p.lastPct = pct
	fmt.Fprintf(p.w, "uploaded %d%% (%.1f of %.1f MB)\n", pct, float64(sent)/1e6, float64(total)/1e6)
}

func (p *progressBar) done(ok bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.drawn {
		fmt.Fprintln(p.w)
	}
}
