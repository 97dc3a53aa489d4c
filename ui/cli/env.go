package cli

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"

	"github.com/cirrus-tui/cirrus/api"
	"github.com/cirrus-tui/cirrus/auth"
	"github.com/cirrus-tui/cirrus/config"
	"github.com/cirrus-tui/cirrus/internal/artwork"
)

// Env is what every subcommand needs, built once from the config file: the
// settings, a logger that writes to the log file (never the terminal), the
// API client and the auth manager that feeds it tokens.
type Env struct {
	Config *config.Config
	Logger *slog.Logger
	API    *api.Client
	Auth   *auth.Manager
	covers *artwork.Covers // see Covers

	logFile *os.File
}

// maxLogSize is where the log is rotated to cirrus.log.1 when a command starts.
const maxLogSize = 10 << 20

// loadEnv reads the config ($CIRRUS_CONFIG or $XDG_CONFIG_HOME/cirrus/config.toml),
// opens $XDG_STATE_HOME/cirrus/cirrus.log and builds the API client with the
// auth manager as its token source. A config with mistakes is an error that
// lists them. Call Close when done.
func loadEnv(ctx context.Context) (*Env, error) {
	cfg, err := config.Load(config.Path())
	if err != nil {
		return nil, withCode(ExitError, fmt.Errorf("config: %w", err))
	}
	if err := audioFlagsOf(ctx).apply(cfg); err != nil {
		return nil, err
	}
	return newEnv(ctx, cfg)
}

func newEnv(ctx context.Context, cfg *config.Config) (*Env, error) {
	e := &Env{Config: cfg}
	red := auth.NewRedactor(cfg.ClientSecret.Reveal())
	var handler slog.Handler
	if f, err := openLog(config.LogPath()); err == nil {
		e.logFile = f
		handler = slog.NewTextHandler(f, &slog.HandlerOptions{Level: cfg.LogLevel})
	} else {
		// No log is better than a log on the terminal, which the TUI owns.
		handler = slog.DiscardHandler
	}
	// Secrets are never passed to the logger; the redactor is a second net.
	e.Logger = slog.New(red.Handler(handler)).With("pid", os.Getpid())

	m, err := auth.New(ctx, auth.Options{
		ClientID:     cfg.ClientID,
		ClientSecret: cfg.ClientSecret.Reveal(),
		AuthURL:      cfg.AuthURL,
		RedirectPort: cfg.RedirectPort,
		StateDir:     config.StateDir(),
		Keyring:      cfg.Keyring,
		Logger:       e.Logger,
		Redactor:     red,
	})
	if err != nil {
		e.Close()
		return nil, fmt.Errorf("auth: %w", err)
	}
	e.Auth = m
	e.API = api.New(api.Options{
		BaseURL:      cfg.APIURL,
		AuthURL:      cfg.AuthURL,
		WebURL:       cfg.WebURL,
		ClientID:     cfg.ClientID,
		ClientSecret: cfg.ClientSecret.Reveal(),
		Tokens:       m,
		Logger:       e.Logger,
	})
	return e, nil
}

// Covers downloads and keeps cover art for the TUI and the desktop
// notifications alike, one download per cover: the Env's one
// artwork.Covers, made over API on first use (from the goroutine that
// starts the program).
func (e *Env) Covers() *artwork.Covers {
	if e.covers == nil {
		e.covers = artwork.NewCovers(e.API.Artwork)
	}
	return e.covers
}

// Close flushes and closes the log file.
func (e *Env) Close() error {
	if e == nil || e.logFile == nil {
		return nil
	}
	err := e.logFile.Close()
	e.logFile = nil
	return err
}

// openLog opens the log for appending (0600 in a 0700 directory), rotating
// it once it has grown past maxLogSize.
func openLog(path string) (*os.File, error) {
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, err
	}
	if fi, err := os.Stat(path); err == nil && fi.Size() > maxLogSize {
		_ = os.Rename(path, path+".1")
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o600)
	if err != nil {
		return nil, err
	}
	return f, nil
}

var _ io.Closer = (*Env)(nil)
