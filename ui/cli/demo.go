package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"os"
	"time"

	"github.com/spf13/cobra"

	"github.com/cirrus-tui/cirrus/api"
	"github.com/cirrus-tui/cirrus/api/fake"
	"github.com/cirrus-tui/cirrus/auth"
	"github.com/cirrus-tui/cirrus/config"
	"github.com/cirrus-tui/cirrus/player"
	"github.com/cirrus-tui/cirrus/ui"
)

func init() { register(addDemo) }

// demoBanner is logged and shown when the demo opens, so nobody mistakes the
// fake catalogue for their SoundCloud account.
const demoBanner = "Demo: a built-in fake SoundCloud, signed in as cirrus-demo. " +
	"Likes, follows, comments and playlist edits last until you quit."

func addDemo(root *cobra.Command) {
	var out string
	cmd := &cobra.Command{
		Use:   "demo",
		Short: "Try cirrus without an account: the full TUI against a built-in fake SoundCloud",
		Long: `Starts the fake SoundCloud (the demo catalogue: a dozen users, 40+ tracks of
generated music, playlists, comments) on loopback ports, signs in as the demo user
through the normal OAuth flow, and opens the TUI. Everything you change lives in
memory and is gone when you quit; your own login and tokens are not touched.
Without a sound device the demo still opens and plays silently.`,
		Example: "  cirrus demo\n  cirrus demo --out session.wav",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runDemo(cmd.Context(), cmd.ErrOrStderr(), out)
		},
	}
	cmd.Flags().StringVarP(&out, "out", "o", "", "write the audio to this WAV file (in real time) instead of the sound device")
	root.AddCommand(cmd)
}

func runDemo(ctx context.Context, stderr io.Writer, out string) error {
	if ctx == nil {
		ctx = context.Background()
	}
	cfg, err := config.Load(config.Path())
	if err != nil {
		// The demo needs no settings; a broken file must not keep a newcomer out.
		fmt.Fprintf(stderr, "cirrus demo: ignoring the config file: %v\n", err)
		cfg = config.Default()
	}
	dir, err := os.MkdirTemp("", "cirrus-demo-")
	if err != nil {
		return withCode(ExitError, fmt.Errorf("demo: state directory: %w", err))
	}
	defer os.RemoveAll(dir)

	d, err := startDemo(ctx, cfg, dir)
	if err != nil {
		return withCode(ExitError, err)
	}
	defer d.Close()

	if out == "" && isWAV(cfg.Audio.Output) {
		out = cfg.Audio.Output // the config already plays into a file
	}
	p, notice, err := openDemoAudio(ctx, d.Env, out)
	if err != nil {
		return withCode(ExitError, fmt.Errorf("demo: %w", err))
	}
	defer p.Close()

	if _, err := runProgram(ctx, d.Env, p, ui.Options{LoggedIn: true, Status: demoBanner, Warning: notice, StateDir: dir}); err != nil {
		return err
	}
	fmt.Fprintln(stderr, "cirrus demo: ended; nothing you did was kept.")
	return nil
}

// demoSession is the fake SoundCloud and an Env signed in to it as the demo
// user, with its tokens in a throwaway state directory.
type demoSession struct {
	Fake     *fake.Server
	Env      *Env
	StateDir string
}

// startDemo starts the fake on loopback ports and signs in through the same
// OAuth flow `cirrus login` uses; an in-process HTTP client stands in for the
// browser (the fake's /authorize approves the demo user at once). cfg gives
// the log level, keys, theme and audio settings; the API settings and the
// credentials are the fake's. Tokens go to stateDir, never the user's store.
func startDemo(ctx context.Context, cfg *config.Config, stateDir string) (*demoSession, error) {
	c := *cfg
	c.ClientID = fake.DemoClientID
	c.ClientSecret = config.Secret(fake.DemoClientSecret)
	c.RedirectPort = 0
	c.Keyring = false

	env := &Env{Config: &c}
	red := auth.NewRedactor(fake.DemoClientSecret)
	var handler slog.Handler = slog.DiscardHandler
	if f, err := openLog(config.LogPath()); err == nil {
		env.logFile = f
		handler = slog.NewTextHandler(f, &slog.HandlerOptions{Level: c.LogLevel})
	}
	env.Logger = slog.New(red.Handler(handler)).With("pid", os.Getpid(), "demo", true)

	srv, err := fake.New(fake.Options{Logger: env.Logger.With("component", "fake"), SeedTime: time.Now()})
	if err != nil {
		env.Close()
		return nil, fmt.Errorf("demo: start the fake SoundCloud: %w", err)
	}
	d := &demoSession{Fake: srv, Env: env, StateDir: stateDir}
	c.APIURL, c.AuthURL, c.WebURL = srv.URL(), srv.AuthURL(), srv.WebURL()

	env.Auth, err = auth.New(ctx, auth.Options{
		ClientID:     c.ClientID,
		ClientSecret: fake.DemoClientSecret,
		AuthURL:      c.AuthURL,
		StateDir:     stateDir,
		Logger:       env.Logger,
		Redactor:     red,
	})
	if err != nil {
		d.Close()
		return nil, fmt.Errorf("demo: auth: %w", err)
	}
	env.API = api.New(api.Options{
		BaseURL:      c.APIURL,
		AuthURL:      c.AuthURL,
		WebURL:       c.WebURL,
		ClientID:     c.ClientID,
		ClientSecret: fake.DemoClientSecret,
		Tokens:       env.Auth,
		Logger:       env.Logger,
	})
	if err := demoLogin(ctx, env.Auth); err != nil {
		d.Close()
		return nil, err
	}
	me, err := env.API.Me(ctx)
	if err != nil {
		d.Close()
		return nil, fmt.Errorf("demo: who am I after login: %w", err)
	}
	env.Logger.Info(demoBanner, "api", c.APIURL, "user", me.Permalink, "tokens", env.Auth.Storage())
	return d, nil
}

// demoLogin runs auth.Manager.Login with an HTTP client as the browser: it
// follows the authorize URL's redirect to the manager's loopback listener.
func demoLogin(ctx context.Context, m *auth.Manager) error {
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	browser := &http.Client{Timeout: 15 * time.Second}
	err := m.Login(ctx, auth.LoginOptions{
		Timeout: 30 * time.Second,
		OpenURL: func(ctx context.Context, u string) error {
			err := visit(ctx, browser, u)
			if err != nil {
				cancel(err) // Login would otherwise wait for a redirect that never comes
			}
			return err
		},
	})
	if err != nil {
		if cause := context.Cause(ctx); cause != nil && !errors.Is(cause, context.Canceled) {
			err = cause
		}
		return fmt.Errorf("demo: sign in as the demo user: %w", err)
	}
	return nil
}

// visit GETs u, following redirects, as a browser would.
func visit(ctx context.Context, c *http.Client, u string) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return fmt.Errorf("authorize: %w", err)
	}
	resp, err := c.Do(req)
	if err != nil {
		return fmt.Errorf("authorize: %w", err)
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 1<<20))
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("authorize: %s answered %s", resp.Request.URL.Redacted(), resp.Status)
	}
	return nil
}

// Close stops the fake and closes the log.
func (d *demoSession) Close() {
	if d.Fake != nil {
		d.Fake.Close()
	}
	d.Env.Close()
}

// openDemoAudio opens the player on the sound device or the WAV file out
// (paced in real time, so the screen behaves as with a speaker). Without a
// sound device the demo still runs: the player plays in real time into its
// null output, and notice tells the user why nothing is heard and what to
// install.
func openDemoAudio(ctx context.Context, env *Env, out string) (*player.Player, string, error) {
	o := player.Options{
		API:       env.API,
		Output:    out,
		Device:    env.Config.Audio.Device,
		Buffer:    env.Config.Audio.Buffer,
		Volume:    float64(env.Config.Audio.Volume) / 100,
		Normalize: env.Config.Audio.Normalize, LoudnessFile: config.LoudnessFile(),
	}
	if out != "" {
		o.WAVSpeed = 1
	} else {
		var why string
		o.Output, why = player.ChooseOutput(env.Config.Audio.Output)
		env.Logger.Info("audio output", "output", o.Output, "device", o.Device, "why", why)
	}
	p, err := player.New(ctx, o)
	if err == nil || out != "" || !errors.Is(err, player.ErrNoDevice) {
		if err != nil {
			return nil, "", fmt.Errorf("open audio: %w", err)
		}
		return p, "", nil
	}
	o.Output = player.NullOutput
	p, err2 := player.New(ctx, o)
	if err2 != nil {
		return nil, "", fmt.Errorf("open audio: %w (silent fallback: %v)", err, err2)
	}
	env.Logger.Warn("no sound device; the demo plays silently", "err", err)
	return p, noDeviceNotice, nil
}

// noDeviceNotice fits a status line: what happened, then what to install.
// The full error, with ALSA's words, goes to the log.
const noDeviceNotice = "Audio unavailable, playing silently: no sound device. " +
	"Install a sound server: apt install pulseaudio libasound2-plugins (or pipewire-alsa)."
