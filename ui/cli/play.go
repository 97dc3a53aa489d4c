package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"runtime/pprof"
	"strings"
	"syscall"
	"time"

	"github.com/mattn/go-isatty"
	"github.com/spf13/cobra"

	"github.com/cirrus-tui/cirrus/api"
	"github.com/cirrus-tui/cirrus/config"
	"github.com/cirrus-tui/cirrus/player"
	"github.com/cirrus-tui/cirrus/player/command"
	"github.com/cirrus-tui/cirrus/ui"
)

func init() { register(addPlay) }

// playFlags are `cirrus play`'s options.
type playFlags struct {
	out      string
	apiURL   string
	authURL  string
	token    string
	volume   int // 0..100; -1: the config's [audio] volume
	start    time.Duration
	paused   bool
	quiet    bool
	shuffle  bool
	repeat   string
	wavSpeed float64
	formats  []string
	cpuProf  string
	buffer   time.Duration
	// giveUp bounds the time nothing plays (loading or playing, not
	// paused); deviceWait bounds the time a failed sound device has to
	// come back. Either ends the run with an error.
	giveUp     time.Duration
	deviceWait time.Duration
}

// Defaults of --give-up-after and --device-wait: long enough for a slow
// network's reconnects (the player retries a stalled download once after
// 15 s) and a sound server's restart, short enough that a script notices.
const (
	defaultGiveUp     = 30 * time.Second
	defaultDeviceWait = 10 * time.Second
)

func addPlay(root *cobra.Command) {
	var f playFlags
	cmd := &cobra.Command{
		Use:   "play URL|URN...",
		Short: "Play tracks or playlists headless, with a one-line progress display",
		Long: `Play resolves each soundcloud.com link (or takes a track or playlist URN),
queues the tracks and plays them through the sound device, or into a WAV file
with --out. A progress line on stderr shows the track, the position and
buffering. Ctrl-C stops.`,
		Example: `  cirrus play https://soundcloud.com/tone-lab/test-tones
  cirrus play soundcloud:playlists:2001 --shuffle
  cirrus play soundcloud:tracks:1001 --out tones.wav`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runPlay(cmd, args, f)
		},
	}
	fl := cmd.Flags()
	fl.StringVarP(&f.out, "out", "o", "", "write a WAV file instead of using the sound device (\"null\": play in real time into nothing)")
	fl.StringVar(&f.apiURL, "api-url", "", "API base URL (with --token; default: the config file's)")
	fl.StringVar(&f.authURL, "auth-url", "", "OAuth base URL (with --token)")
	fl.StringVar(&f.token, "token", "", "access token to use instead of the stored login (or $CIRRUS_TOKEN)")
	fl.IntVar(&f.volume, "volume", -1, "volume, 0 to 100, as in the config and `cirrus ctl volume` (default: [audio] volume of the config file)")
	fl.DurationVar(&f.start, "start", 0, "start the first track at this position (e.g. 1h30m)")
	fl.BoolVar(&f.paused, "paused", false, "load the first track and wait paused (SIGUSR1 toggles pause)")
	fl.BoolVarP(&f.quiet, "quiet", "q", false, "no progress line")
	fl.BoolVar(&f.shuffle, "shuffle", false, "shuffle the queue")
	fl.StringVar(&f.repeat, "repeat", "off", "repeat: off, one or all")
	fl.Float64Var(&f.wavSpeed, "wav-speed", 0, "with --out: 0 writes as fast as possible, 1 in real time")
	fl.DurationVar(&f.buffer, "buffer", 0, "the sound device's buffer, e.g. 80ms (default: the config file's [audio] buffer)")
	fl.DurationVar(&f.giveUp, "give-up-after", defaultGiveUp, "fail when nothing has played for this long (loading or stalled; pausing does not count)")
	fl.DurationVar(&f.deviceWait, "device-wait", defaultDeviceWait, "fail when the sound device has failed and not come back for this long")
	fl.StringVar(&f.cpuProf, "cpuprofile", "", "write a CPU profile (pprof) of the whole run to this file")
	fl.StringSliceVar(&f.formats, "format", nil, "streams to use, in order: hls_aac_160, hls_aac_96, hls_mp3_128, http_mp3_128, preview_mp3_128 (default: all)")
	root.AddCommand(cmd)
}

// playEnv builds the Env for `cirrus play`. With --token or $CIRRUS_TOKEN
// it talks to --api-url with that token (scripts, benchmarks, the demo
// server) and logs to the usual file; otherwise it uses the config file and
// the stored login like every other subcommand.
func playEnv(cmd *cobra.Command, f playFlags) (*Env, error) {
	tok := f.token
	if tok == "" {
		tok = os.Getenv("CIRRUS_TOKEN")
	}
	if tok == "" {
		env, err := loadEnv(cmd.Context())
		if err != nil {
			return nil, fail("setup", err)
		}
		return env, nil
	}
	base := f.apiURL
	if base == "" {
		base = os.Getenv("CIRRUS_API_URL")
	}
	if base == "" {
		base = api.DefaultBaseURL
	}
	auth := f.authURL
	if auth == "" {
		auth = api.DefaultAuthURL
	}
	// The config still gives the audio defaults (volume, buffer).
	cfg, err := config.Load(config.Path())
	if err != nil {
		return nil, withCode(ExitError, fmt.Errorf("config: %w", err))
	}
	if err := audioFlagsOf(cmd.Context()).apply(cfg); err != nil {
		return nil, err
	}
	env := &Env{Config: cfg, Logger: slog.New(slog.DiscardHandler)}
	if lf, err := openLog(config.LogPath()); err == nil {
		env.logFile = lf
		env.Logger = slog.New(slog.NewTextHandler(lf, nil)).With("pid", os.Getpid())
	}
	env.API = api.New(api.Options{BaseURL: strings.TrimRight(base, "/"), AuthURL: auth,
		Tokens: api.StaticToken(tok), Logger: env.Logger})
	return env, nil
}

func runPlay(cmd *cobra.Command, args []string, f playFlags) error {
	var repeat player.Repeat
	switch f.repeat {
	case "off", "":
	case "one":
		repeat = player.RepeatOne
	case "all":
		repeat = player.RepeatAll
	default:
		return usageErr("--repeat %q: want off, one or all", f.repeat)
	}
	if f.out != "" && f.out != player.NullOutput && !strings.HasSuffix(strings.ToLower(f.out), ".wav") {
		return usageErr("--out %q: only .wav files (or \"null\") are supported", f.out)
	}
	if f.cpuProf != "" {
		pf, err := os.Create(f.cpuProf)
		if err != nil {
			return withCode(ExitError, fmt.Errorf("--cpuprofile: %w", err))
		}
		if err := pprof.StartCPUProfile(pf); err != nil {
			pf.Close()
			return withCode(ExitError, fmt.Errorf("--cpuprofile: %w", err))
		}
		defer func() { pprof.StopCPUProfile(); pf.Close() }()
	}
	if f.giveUp <= 0 || f.deviceWait <= 0 {
		return usageErr("--give-up-after and --device-wait: want positive durations")
	}
	if cmd.Flags().Changed("volume") && (f.volume < 0 || f.volume > 100) {
		return usageErr("--volume %d: want 0 to 100", f.volume)
	}
	ctx, stop := signal.NotifyContext(cmd.Context(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	env, err := playEnv(cmd, f)
	if err != nil {
		return err
	}
	defer env.Close()
	c := env.API

	// Open the device while the tracks are looked up: both take a while.
	type opened struct {
		p   *player.Player
		err error
	}
	buffer := f.buffer
	if buffer == 0 && env.Config != nil {
		buffer = env.Config.Audio.Buffer
	}
	if buffer < 0 || buffer > config.MaxBuffer {
		return usageErr("--buffer %v: want a positive duration up to %v", buffer, config.MaxBuffer)
	}
	pch := make(chan opened, 1)
	volume := env.Config.Audio.Volume
	if f.volume >= 0 {
		volume = f.volume
	}
	// --out names a file (or "null"); without it the run plays on the
	// configured output ([audio] output and device, or --output/--device).
	output, device := f.out, ""
	if output == "" {
		var why string
		output, why = player.ChooseOutput(env.Config.Audio.Output)
		device = env.Config.Audio.Device
		env.Logger.Info("audio output", "output", output, "device", device, "why", why)
	}
	go func() {
		p, err := player.New(ctx, player.Options{API: c, Output: output, Device: device, Volume: float64(volume) / 100,
			Buffer: buffer, WAVSpeed: f.wavSpeed, Formats: f.formats,
			Normalize: env.Config.Audio.Normalize, LoudnessFile: config.LoudnessFile()})
		if err == nil {
			p.SetVolume(float64(volume) / 100) // Options take 0 for "unset"
		}
		pch <- opened{p, err}
	}()
	tracks, lerr := lookupTracks(ctx, c, args)
	o := <-pch
	if lerr != nil {
		// what the user typed comes first
		if o.p != nil {
			o.p.Close()
		}
		return lerr
	}
	if o.err != nil {
		return withCode(ExitError, fmt.Errorf("play: %w", o.err))
	}
	p := o.p
	defer p.Close()
	if len(tracks) == 0 {
		return withCode(ExitNotFound, errors.New("play: nothing to play"))
	}
	p.SetRepeat(repeat)
	p.SetShuffle(f.shuffle)
	// MPRIS, notifications and `cirrus ctl` see this player too.
	d := startDesktop(ctx, env, p, desktopOptions{Quit: stop})
	defer d.Close()
	return playLoop(ctx, cmd.ErrOrStderr(), p, d.Events(), tracks, f)
}

// lookupTracks turns arguments into tracks: web links through /resolve,
// URNs directly; a playlist contributes all its tracks.
func lookupTracks(ctx context.Context, c *api.Client, args []string) ([]api.Track, error) {
	var out []api.Track
	for _, a := range args {
		var urn api.URN
		var err error
		if strings.Contains(a, "soundcloud.com/") && !strings.Contains(a, "api.soundcloud.com") || strings.HasPrefix(a, "http") && !strings.Contains(a, "/tracks/") && !strings.Contains(a, "/playlists/") {
			urn, err = c.Resolve(ctx, a)
			if err != nil {
				return nil, fail("resolve "+a, err)
			}
		} else if urn, err = parseURN(a, api.KindTrack, api.KindTrack, api.KindPlaylist); err != nil {
			return nil, err
		}
		switch urn.Kind() {
		case api.KindTrack:
			t, err := c.Track(ctx, urn)
			if err != nil {
				return nil, fail("track "+string(urn), err)
			}
			out = append(out, *t)
		case api.KindPlaylist:
			for t, err := range api.All(ctx, c, 0, func(ctx context.Context) (*api.Page[api.Track], error) {
				return c.PlaylistTracks(ctx, urn, api.ListOptions{Limit: 200})
			}) {
				if err != nil {
					return nil, fail("playlist "+string(urn), err)
				}
				out = append(out, t)
			}
		default:
			return nil, usageErr("%s is a %s, not a track or playlist", a, strings.TrimSuffix(urn.Kind(), "s"))
		}
	}
	return out, nil
}

// playLoop starts playback and draws the progress line until the queue ends
// or the user interrupts. It fails when the last track could not play.
func playLoop(ctx context.Context, w io.Writer, p *player.Player, events <-chan player.Event, tracks []api.Track, f playFlags) error {
	tty := false
	if fd, ok := w.(interface{ Fd() uintptr }); ok {
		tty = isatty.IsTerminal(fd.Fd())
	}
	pr := &progress{w: w, tty: tty, quiet: f.quiet}
	usr := make(chan os.Signal, 1)
	notifyStatusSignal(usr)
	defer signal.Stop(usr)

	startPending := false
	switch {
	case f.paused:
		p.Load(tracks[0])
		if len(tracks) > 1 {
			p.Enqueue(tracks[1:]...)
		}
		startPending = f.start > 0
	case f.start > 0:
		p.PlayTracksAt(tracks, 0, f.start)
	default:
		p.PlayTracks(tracks, 0)
	}
	toFile := f.out != "" && f.out != player.NullOutput
	w8 := newWatch(p, f.giveUp, f.deviceWait, toFile)
	tick := time.NewTimer(watchEvery)
	defer tick.Stop()
	var lastErr error
	var refused api.Refusal // SoundCloud refuses the app full streams: said once
	for {
		select {
		case <-ctx.Done():
			pr.done()
			// Stopped by the user (or a signal): not a failure, unless the
			// device had already failed.
			if err := w8.pending(); err != nil {
				return withCode(ExitError, fmt.Errorf("play: %w", err))
			}
			return nil
		case <-usr:
			p.Submit(command.Command{Op: command.OpToggle}) // in order with cirrus ctl's commands
		case now := <-tick.C:
			if err := w8.check(now); err != nil {
				pr.done()
				return withCode(ExitError, fmt.Errorf("play: %w", err))
			}
			tick.Reset(watchEvery)
		case ev := <-events:
			st := ev.Status
			switch ev.Kind {
			case player.EventError:
				lastErr = ev.Err
				if k, ok := api.AppRefusal(ev.Err); ok {
					if refused == 0 {
						pr.message(k.Sentence())
					}
					refused = k
					break
				}
				pr.message("error: " + ev.Err.Error())
				if err := w8.failed(ev.Err, time.Now()); err != nil {
					pr.done()
					return withCode(ExitError, fmt.Errorf("play: %w", err))
				}
			case player.EventState:
				if startPending && (st.State == player.Paused || st.State == player.Playing) && st.Track != nil {
					startPending = false
					p.Seek(f.start)
				}
				if st.State == player.Stopped {
					pr.done()
					if refused != 0 {
						// said when it happened: exit 6 without repeating it
						return &exitError{code: ExitRefused, err: &refusedError{op: "play", kind: refused, err: lastErr}, shown: true}
					}
					if lastErr != nil {
						// Printed when it happened: exit 1 without repeating it.
						return &exitError{code: ExitError, err: fmt.Errorf("play: %w", lastErr), shown: true}
					}
					if p.FramesPlayed() == 0 {
						return withCode(ExitError, errors.New("play: nothing was played"))
					}
					return nil
				}
			case player.EventTrackChanged:
				lastErr = nil
			case player.EventPosition:
				// Playing, the player's position events (one a
				// second) drive the watch, and its timer waits.
				if err := w8.check(time.Now()); err != nil {
					pr.done()
					return withCode(ExitError, fmt.Errorf("play: %w", err))
				}
				tick.Reset(2 * watchEvery)
			}
			pr.show(st)
		}
	}
}

// watchEvery is how often playLoop's watch looks at the player when no
// position event came for a while (see playLoop): its bounds are seconds.
const watchEvery = time.Second

// watch decides when a headless run can no longer play: nothing handed to
// the output for giveUp while loading or playing (a stalled stream, a
// track that never loads), or a failed output not back within deviceWait
// (a sound server gone; a file that cannot be written is not waited for).
type watch struct {
	p          *player.Player
	giveUp     time.Duration
	deviceWait time.Duration
	toFile     bool

	frames   int64     // FramesPlayed at the last look
	since    time.Time // when frames last moved (or nothing was due)
	devErr   error     // the output's failure, until it plays again
	devAt    time.Time
	devFrame int64 // FramesPlayed when it failed
}

func newWatch(p *player.Player, giveUp, deviceWait time.Duration, toFile bool) *watch {
	return &watch{p: p, giveUp: giveUp, deviceWait: deviceWait, toFile: toFile, frames: p.FramesPlayed(), since: time.Now()}
}

// failed notes an error event; an output failure of a file ends the run.
func (w *watch) failed(err error, now time.Time) error {
	if !errors.Is(err, player.ErrDevice) {
		return nil
	}
	if w.toFile {
		return err
	}
	if w.devErr == nil {
		w.devAt, w.devFrame = now, w.p.FramesPlayed()
	}
	w.devErr = err
	return nil
}

// pending is the output's failure if it has not played since.
func (w *watch) pending() error { return w.devErr }

// check looks at the player now.
func (w *watch) check(now time.Time) error {
	st := w.p.Status()
	fr := w.p.FramesPlayed()
	if w.devErr != nil {
		if st.State == player.Playing && fr > w.devFrame {
			w.devErr = nil // the device came back
		} else if now.Sub(w.devAt) >= w.deviceWait {
			return fmt.Errorf("the sound device failed and did not come back within %v: %w", w.deviceWait, w.devErr)
		}
	}
	if fr != w.frames || (st.State != player.Playing && st.State != player.Loading) {
		w.frames, w.since = fr, now
		return nil
	}
	if now.Sub(w.since) >= w.giveUp {
		what := "the stream stalled"
		if st.State == player.Loading {
			what = "the track did not load"
		}
		if st.Track != nil {
			what = fmt.Sprintf("%q: %s", st.Track.Title, what)
		}
		return fmt.Errorf("no audio for %v: %s", w.giveUp, what)
	}
	return nil
}

// progress draws one line, rewritten in place on a terminal.
type progress struct {
	w     io.Writer
	tty   bool
	quiet bool
	last  string
	track string
	width int
	// previewed is the track whose preview line was printed
	previewed string
}

func (p *progress) show(st player.Status) {
	if p.quiet || st.Track == nil {
		return
	}
	title := ui.TrackLabel(st.Track)
	if !p.tty {
		// one plain line per track, for logs and pipes
		if title != p.track && st.State == player.Playing {
			p.track = title
			mark := ""
			if st.Preview {
				mark = " [preview]"
			}
			fmt.Fprintf(p.w, "playing %s (%s)%s\n", title, clock(st.Duration), mark)
			p.previewLine(st, title)
		}
		return
	}
	if st.State == player.Playing {
		p.previewLine(st, title)
	}
	icon := map[player.State]string{player.Playing: "▶", player.Paused: "⏸", player.Loading: "…", player.Stopped: "■"}[st.State]
	extra := ""
	if st.Buffering {
		extra += " [buffering]"
	}
	if st.Preview {
		extra += " [preview]"
	}
	line := fmt.Sprintf("%s %s  %s / %s%s", icon, title, clock(st.Position), clock(st.Duration), extra)
	if line == p.last {
		return
	}
	p.last = line
	pad := ""
	if n := len([]rune(line)); n < p.width {
		pad = strings.Repeat(" ", p.width-n)
	}
	p.width = len([]rune(line))
	fmt.Fprint(p.w, "\r"+line+pad)
}

// previewLine says once per track why a preview plays instead of it.
func (p *progress) previewLine(st player.Status, title string) {
	if !st.Preview || p.previewed == title {
		return
	}
	p.previewed = title
	why := st.PreviewWhy
	if why == "" {
		why = "only a preview of this track plays"
	}
	p.message("[preview] " + why)
}

func (p *progress) message(s string) {
	s = ui.SanitizeLine(s)
	if p.tty && p.last != "" {
		fmt.Fprint(p.w, "\r"+strings.Repeat(" ", p.width)+"\r")
		p.last, p.width = "", 0
	}
	fmt.Fprintln(p.w, s)
}

func (p *progress) done() {
	if p.tty && p.last != "" {
		fmt.Fprintln(p.w)
		p.last = ""
	}
}
