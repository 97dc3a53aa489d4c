package cli

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"runtime"
	"runtime/debug"
	"slices"
	"strings"
	"time"

	"github.com/charmbracelet/x/term"
	"github.com/muesli/termenv"
	"github.com/spf13/cobra"

	"github.com/cirrus-tui/cirrus/api"
	"github.com/cirrus-tui/cirrus/auth"
	"github.com/cirrus-tui/cirrus/config"
	"github.com/cirrus-tui/cirrus/player"
	"github.com/cirrus-tui/cirrus/ui"
)

func init() { register(addDoctor) }

// Check outcomes, worst last.
const (
	checkOK   = "ok"
	checkSkip = "skipped"
	checkWarn = "warning"
	checkFail = "failed"
)

// check is one line of the doctor's report: what was looked at, how it
// went, in plain words, and what to do about it.
type check struct {
	Name   string `json:"name"`
	Status string `json:"status"`
	Detail string `json:"detail"`
	Fix    string `json:"fix,omitempty"`

	refused bool // SoundCloud refuses the app: exit 6 rather than 1
}

type doctorReport struct {
	Checks   []check           `json:"checks"`
	Versions map[string]string `json:"versions"`
}

// probeSilence is how long the inaudible sound test plays.
const probeSilence = 250 * time.Millisecond

// addDoctor adds `cirrus doctor`: the one command to run when something
// is wrong. Each check says what it found and the fix; nothing is changed
// on the account (the write check likes again a track already liked).
func addDoctor(root *cobra.Command) {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "doctor",
		Short: "Check the config, credentials, login, what SoundCloud lets this app do, the sound output and the terminal",
		Long: "Checks, in order: the config file and its keys; the app's credentials (a client-credentials\n" +
			"token); the login and where its tokens are kept; whether SoundCloud lets this app stream full\n" +
			"tracks (one /streams call) and write (liking again a track you already like: nothing changes);\n" +
			"the sound output (a short, inaudible test); the terminal; and versions. Each problem comes with\n" +
			"its fix. --json prints the same for a bug report (no token or secret is ever in it).\n" +
			"Exit status: 0 when nothing failed, 6 when only SoundCloud's refusals of this app failed, 1 otherwise.",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			rep := runDoctor(cmd.Context())
			if asJSON {
				enc := json.NewEncoder(cmd.OutOrStdout())
				enc.SetIndent("", "  ")
				if err := enc.Encode(rep); err != nil {
					return withCode(ExitError, err)
				}
			} else {
				printDoctor(cmd.OutOrStdout(), rep)
			}
			return doctorExit(rep)
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the report as JSON, for a bug report")
	root.AddCommand(cmd)
}

// doctorExit is 0 when nothing failed, ExitRefused when only refusals of
// the app did, ExitError otherwise; the report already said why.
func doctorExit(rep doctorReport) error {
	failed, refusedOnly := 0, true
	for _, c := range rep.Checks {
		if c.Status == checkFail {
			failed++
			refusedOnly = refusedOnly && c.refused
		}
	}
	switch {
	case failed == 0:
		return nil
	case refusedOnly:
		return &exitError{code: ExitRefused, err: errors.New("doctor: SoundCloud refuses this app some actions"), shown: true}
	}
	return &exitError{code: ExitError, err: fmt.Errorf("doctor: %d checks failed", failed), shown: true}
}

// runDoctor runs every check; one that cannot run says why it was skipped.
func runDoctor(ctx context.Context) doctorReport {
	var rep doctorReport
	add := func(c check) { rep.Checks = append(rep.Checks, c) }

	path := config.Path()
	cfg, cfgErr := config.Load(path)
	switch _, statErr := os.Stat(path); {
	case cfgErr != nil:
		add(check{Name: "config", Status: checkFail, Detail: cfgErr.Error(),
			Fix: "correct the lines listed (`cirrus config check` says the same), or write a fresh file with `cirrus config init`"})
		cfg = config.Default()
	case errors.Is(statErr, os.ErrNotExist):
		add(check{Name: "config", Status: checkOK, Detail: "no config file at " + path + ": the defaults apply",
			Fix: "`cirrus config init` writes one with every setting explained"})
	case statErr != nil:
		add(check{Name: "config", Status: checkFail, Detail: statErr.Error(), Fix: "make " + path + " readable"})
	default:
		detail := path + ": read, no mistakes"
		n, def := 0, config.Default().Keys
		for action, keys := range cfg.Keys {
			if !slices.Equal(keys, def[action]) {
				n++
			}
		}
		if n > 0 {
			detail += fmt.Sprintf("; [keys] rebinds %d actions", n)
		}
		add(check{Name: "config", Status: checkOK, Detail: detail})
	}
	if err := audioFlagsOf(ctx).apply(cfg); err != nil {
		add(check{Name: "sound flags", Status: checkFail, Detail: err.Error(), Fix: "see `cirrus --help` for --output and --device"})
	}

	keys := check{Name: "app keys", Status: checkOK}
	switch {
	case cfg.ClientID == "" || cfg.ClientSecret == "":
		keys.Status, keys.Detail = checkFail, "no client_id or client_secret: cirrus needs a SoundCloud app's credentials"
		keys.Fix = "set client_id and client_secret in " + path + " (or " + config.EnvClientID + " and " + config.EnvClientSecret +
			"); README: Accounts says where they come from. `cirrus demo` needs none"
	default:
		keys.Detail = "client_id " + cfg.ClientID + ", client_secret set"
		if cfg.APIURL != config.DefaultAPIURL {
			keys.Detail += "; api_url " + cfg.APIURL + " (not SoundCloud's)"
		}
	}
	add(keys)

	env, err := newEnv(ctx, cfg)
	if err != nil {
		add(check{Name: "credentials", Status: checkFail, Detail: err.Error(), Fix: "see the log: " + config.LogPath()})
		return finishDoctor(ctx, rep, cfg)
	}
	defer env.Close()
	loggedIn := false
	if keys.Status == checkOK {
		var user *api.User
		add(credentialsCheck(ctx, env))
		var c check
		c, user = loginCheck(ctx, env)
		add(c)
		loggedIn = user != nil
		add(streamCheck(ctx, env, loggedIn))
		add(writeCheck(ctx, env, loggedIn))
	} else {
		for _, n := range []string{"credentials", "login", "streaming", "writing"} {
			add(check{Name: n, Status: checkSkip, Detail: "needs the app keys"})
		}
	}
	return finishDoctor(ctx, rep, cfg)
}

func finishDoctor(ctx context.Context, rep doctorReport, cfg *config.Config) doctorReport {
	rep.Checks = append(rep.Checks, soundCheck(ctx, cfg), terminalCheck(cfg.UI.Artwork))
	rep.Versions = versions()
	return rep
}

func credentialsCheck(ctx context.Context, env *Env) check {
	c := check{Name: "credentials"}
	err := env.Auth.CheckAppCredentials(ctx)
	switch e, isAPI := api.AsError(err); {
	case err == nil:
		c.Status, c.Detail = checkOK, "SoundCloud accepted the app's client id and secret (a client-credentials token)"
	case isAPI && (e.ErrorCode == "invalid_client" || e.Status == 401):
		c.Status, c.Detail = checkFail, "SoundCloud does not accept this client id and secret"
		c.Fix = "copy both again from the app's page on SoundCloud (README: Accounts)"
	case strings.Contains(err.Error(), "invalid_client"):
		c.Status, c.Detail = checkFail, "SoundCloud does not accept this client id and secret"
		c.Fix = "copy both again from the app's page on SoundCloud (README: Accounts)"
	default:
		c.Status, c.Detail = checkFail, "could not get an app token: "+err.Error()
		c.Fix = "check the network, and auth_url in the config if you set it"
	}
	return c
}

// loginCheck reports the session and where its tokens live; the user is
// nil unless someone is logged in and /me answered.
func loginCheck(ctx context.Context, env *Env) (check, *api.User) {
	c := check{Name: "login"}
	s, err := env.Auth.Session(ctx)
	where := "tokens in the " + s.Storage
	if s.File != "" {
		if fi, serr := os.Stat(s.File); serr == nil {
			where, c.Fix = tokenFileNote(s.File, fi)
		}
	}
	switch {
	case err != nil:
		c.Status, c.Detail, c.Fix = checkFail, "could not read the stored tokens: "+err.Error(), "`cirrus logout`, then `cirrus login`"
		return c, nil
	case s.Status == auth.Anonymous:
		c.Status, c.Detail = checkWarn, "not logged in: search and play public tracks only ("+s.Storage+")"
		c.Fix = "`cirrus login` for your likes, feed, playlists and writes"
		return c, nil
	case s.Status == auth.Expired:
		c.Status, c.Detail, c.Fix = checkFail, "the session expired: SoundCloud refused the refresh token", "`cirrus login`"
		return c, nil
	}
	me, err := env.API.Me(ctx)
	if err != nil {
		c.Status, c.Detail = checkFail, "logged in, but /me failed: "+err.Error()
		if api.IsUnauthorized(err) {
			c.Fix = "`cirrus login`"
		}
		return c, nil
	}
	c.Status = checkOK
	if c.Fix != "" {
		c.Status = checkWarn
	}
	c.Detail = fmt.Sprintf("logged in as %s (%s); %s", me.Username, me.URN, where)
	return c, me
}

// sampleTrack is a playable track to ask about: the user's first playable
// like, else the first playable search result.
func sampleTrack(ctx context.Context, env *Env, loggedIn, likedOnly bool) (*api.Track, error) {
	var page *api.Page[api.Track]
	var err error
	if loggedIn {
		page, err = env.API.MyLikedTracks(ctx, api.ListOptions{Limit: 50})
	} else if !likedOnly {
		page, err = env.API.SearchTracks(ctx, "", api.SearchOptions{ListOptions: api.ListOptions{Limit: 50, Access: []string{api.AccessPlayable}}})
	}
	if err != nil || page == nil {
		return nil, err
	}
	for i := range page.Collection {
		if t := &page.Collection[i]; likedOnly || t.Access == api.AccessPlayable {
			return t, nil
		}
	}
	return nil, nil
}

func streamCheck(ctx context.Context, env *Env, loggedIn bool) check {
	c := check{Name: "streaming"}
	t, err := sampleTrack(ctx, env, loggedIn, false)
	switch {
	case err != nil:
		c.Status, c.Detail = checkSkip, "could not find a track to ask about: "+err.Error()
		return c
	case t == nil:
		c.Status, c.Detail = checkSkip, "no playable track to ask about (none in your likes or the search)"
		return c
	}
	_, err = env.API.Streams(ctx, t.URN)
	if k, ok := api.AppRefusal(err); ok {
		c.Status, c.Detail, c.refused = checkFail, k.Sentence(), true
		c.Fix = "previews still play; full tracks need an app SoundCloud lets stream (README: Accounts)"
		return c
	}
	if err != nil {
		c.Status, c.Detail = checkFail, fmt.Sprintf("the streams of %q: %v", t.Title, err)
		c.Fix = "try again later; if it stays, run with the log open (" + config.LogPath() + ") and report it"
		return c
	}
	c.Status, c.Detail = checkOK, fmt.Sprintf("this app may stream full tracks (asked for the streams of %q)", t.Title)
	return c
}

// writeCheck likes again a track the user already likes: a write that
// changes nothing, which SoundCloud refuses all the same when the app may
// not write.
func writeCheck(ctx context.Context, env *Env, loggedIn bool) check {
	c := check{Name: "writing"}
	if !loggedIn {
		c.Status, c.Detail = checkSkip, "needs a login"
		return c
	}
	t, err := sampleTrack(ctx, env, true, true)
	switch {
	case err != nil:
		c.Status, c.Detail = checkSkip, "could not read your likes: "+err.Error()
		return c
	case t == nil:
		c.Status, c.Detail = checkSkip, "you like no track, so there is nothing to like again without changing your account"
		return c
	}
	err = env.API.LikeTrack(ctx, t.URN)
	if k, ok := api.AppRefusal(err); ok {
		c.Status, c.Detail, c.refused = checkFail, k.Sentence(), true
		c.Fix = "reading and playing still work; writes need an app SoundCloud lets write (README: Accounts)"
		return c
	}
	if err != nil {
		c.Status, c.Detail = checkFail, fmt.Sprintf("liking %q again: %v", t.Title, err)
		return c
	}
	c.Status, c.Detail = checkOK, fmt.Sprintf("this app may write (liked %q again, which you already like: nothing changed)", t.Title)
	return c
}

func soundCheck(ctx context.Context, cfg *config.Config) check {
	c := check{Name: "sound"}
	chosen, why := player.ChooseOutput(cfg.Audio.Output)
	device := cfg.Audio.Device
	if device == "" {
		device = "the default device"
	}
	rep, err := player.ProbeOutput(ctx, player.Options{Output: cfg.Audio.Output, Device: cfg.Audio.Device, Buffer: cfg.Audio.Buffer}, probeSilence)
	what := fmt.Sprintf("output %s, %s (%s)", chosen, device, why)
	if err != nil {
		c.Status, c.Detail = checkFail, what+": "+err.Error()
		switch chosen {
		case player.PulseOutput:
			c.Fix = "is PulseAudio or PipeWire (pipewire-pulse) running? `cirrus devices` lists the devices; [audio] output = \"alsa\" or \"null\" in the config"
		case player.ALSAOutput:
			c.Fix = "check that ALSA has a default device (`aplay -L`), or set [audio] output = \"pulse\" (or \"null\") in the config"
		default:
			c.Fix = "set [audio] output in the config (`cirrus config init` explains the choices)"
		}
		return c
	}
	c.Status, c.Detail = checkOK, fmt.Sprintf("%s: took %v of silence (an inaudible test)", what, rep.Took.Round(time.Millisecond))
	return c
}

// terminalCheck looks at standard output: size, colours and how artwork
// is drawn (asking the terminal, as the TUI does, under mode).
func terminalCheck(mode config.Artwork) check {
	c := check{Name: "terminal", Status: checkOK}
	fd := os.Stdout.Fd()
	if !term.IsTerminal(fd) {
		c.Status, c.Detail = checkSkip, "standard output is not a terminal (piped or redirected): size and colours unknown"
		return c
	}
	var parts []string
	if w, h, err := term.GetSize(fd); err == nil {
		parts = append(parts, fmt.Sprintf("%d×%d", w, h))
		if w < 60 || h < 16 {
			c.Status, c.Fix = checkWarn, "the TUI wants at least 60×16; 100×30 shows the detail pane"
		}
	}
	profile := termenv.NewOutput(os.Stdout).EnvColorProfile()
	colours := map[termenv.Profile]string{termenv.TrueColor: "24-bit colour", termenv.ANSI256: "256 colours",
		termenv.ANSI: "16 colours", termenv.Ascii: "no colour"}[profile]
	parts = append(parts, colours+fmt.Sprintf(" (TERM=%s, COLORTERM=%s)", os.Getenv("TERM"), os.Getenv("COLORTERM")))
	art := detectArtwork(slog.New(slog.DiscardHandler), mode)
	switch {
	case art.Graphics():
		parts = append(parts, fmt.Sprintf("artwork as pictures through the %s protocol (%s)", art.Protocol, art.Why))
	case mode == config.ArtworkOff:
		parts = append(parts, "no artwork ([ui] artwork = \"off\")")
	case profile == termenv.Ascii:
		parts = append(parts, "artwork as shades of grey")
	default:
		parts = append(parts, "artwork as coloured half blocks ("+art.Why+")")
	}
	if profile == termenv.Ascii {
		if c.Fix == "" {
			c.Status, c.Fix = checkWarn, "unset NO_COLOR, or set TERM/COLORTERM to what the terminal supports (e.g. COLORTERM=truecolor)"
		}
	}
	c.Detail = strings.Join(parts, "; ")
	return c
}

func versions() map[string]string {
	v := map[string]string{"go": runtime.Version(), "os": runtime.GOOS + "/" + runtime.GOARCH, "cirrus": "(unknown)"}
	if bi, ok := debug.ReadBuildInfo(); ok {
		v["cirrus"] = bi.Main.Version
		for _, s := range bi.Settings {
			switch s.Key {
			case "vcs.revision":
				v["revision"] = s.Value
			case "vcs.modified":
				v["modified"] = s.Value
			}
		}
	}
	return v
}

// printDoctor writes the report for a person: one line a check, its fix
// under it. Every text passes the terminal sanitiser (servers' words are
// in some).
func printDoctor(w io.Writer, rep doctorReport) {
	marks := map[string]string{checkOK: "ok  ", checkSkip: "--  ", checkWarn: "warn", checkFail: "FAIL"}
	fmt.Fprintln(w, "cirrus doctor")
	fmt.Fprintln(w)
	for _, c := range rep.Checks {
		fmt.Fprintf(w, "%s  %-12s %s\n", marks[c.Status], c.Name, ui.Sanitize(c.Detail))
		if c.Fix != "" && c.Status != checkOK {
			fmt.Fprintf(w, "      %-12s fix: %s\n", "", ui.Sanitize(c.Fix))
		}
	}
	fmt.Fprintln(w)
	fmt.Fprintf(w, "cirrus %s (%s), %s, %s\n", rep.Versions["cirrus"], orDash(rep.Versions["revision"]), rep.Versions["go"], rep.Versions["os"])
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}
