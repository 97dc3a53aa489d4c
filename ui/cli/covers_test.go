//go:build linux

package cli

import (
	"context"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/cirrus-tui/cirrus/api"
	"github.com/cirrus-tui/cirrus/config"
	"github.com/cirrus-tui/cirrus/player"
	"github.com/cirrus-tui/cirrus/ui"
	"github.com/cirrus-tui/cirrus/ui/termimg"
)

// The playing track's cover is downloaded once, over loopback from the
// double, though the TUI model (its now-playing bar) and the desktop
// notification both want it.
func TestCoverFetchedOnceForUIAndNotification(t *testing.T) {
	addr := privateBus(t)
	w := newWorld(t)
	t.Setenv("XDG_CACHE_HOME", t.TempDir())
	cfg, _ := os.ReadFile(os.Getenv("XDG_CONFIG_HOME") + "/cirrus/config.toml")
	os.WriteFile(os.Getenv("XDG_CONFIG_HOME")+"/cirrus/config.toml", append(cfg, []byte("notifications = \"on\"\n")...), 0o600)
	daemon := serveNotifications(t, addr)

	ctx := context.Background()
	env, err := loadEnv(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer env.Close()
	if env.Config.Notifications != config.NotifyOn {
		t.Fatal("config did not turn notifications on")
	}
	p, err := player.New(ctx, player.Options{API: env.API, Output: filepath.Join(t.TempDir(), "o.wav"), WAVSpeed: 1})
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	d := startDesktop(ctx, env, p, desktopOptions{Socket: filepath.Join(t.TempDir(), "cirrus.sock")})
	defer d.Close()
	tr, err := w.api.Track(ctx, api.NewURN(api.KindTrack, 1008))
	if err != nil {
		t.Fatal(err)
	}
	u, err := url.Parse(tr.ArtworkURL)
	if err != nil || tr.ArtworkURL == "" {
		t.Fatalf("artwork_url %q: %v", tr.ArtworkURL, err)
	}
	requests := func() int { return w.srv.Stats().Requests["GET "+u.Path] }

	// The TUI, as runProgram makes it, on a terminal that shows pictures:
	// its now-playing bar wants the playing track's cover.
	drawn := make(chan struct{})
	m := ui.New(ui.Options{Context: ctx, Backend: env.API, Audio: d, Logger: env.Logger, LoggedIn: true,
		Keys: env.Config.Keys, Theme: env.Config.Theme, Covers: env.Covers(),
		Terminal: termimg.Terminal{Protocol: termimg.Kitty, CellW: 10, CellH: 20}})
	pr := tea.NewProgram(&coverWatch{m: m, url: tr.ArtworkURL, drawn: drawn}, tea.WithContext(ctx), tea.WithInput(nil),
		tea.WithOutput(io.Discard), tea.WithoutRenderer(), tea.WithoutSignalHandler())
	ran := make(chan error, 1)
	go func() { _, err := pr.Run(); ran <- err }()
	defer func() { pr.Quit(); <-ran }()
	pr.Send(tea.WindowSizeMsg{Width: 160, Height: 48})

	d.PlayTracks([]api.Track{*tr}, 0)
	eventually(t, "a notification with its picture", func() bool {
		daemon.mu.Lock()
		defer daemon.mu.Unlock()
		return len(daemon.images) == 1 && strings.HasPrefix(daemon.images[0], "file://")
	})
	select {
	case <-drawn:
	case <-time.After(30 * time.Second):
		t.Fatal("the TUI never drew the playing cover")
	}
	if n := requests(); n != 1 {
		t.Fatalf("%d requests for %s, want 1", n, u.Path)
	}
}

// coverWatch is the TUI model, telling when a frame places the cover
// at url.
type coverWatch struct {
	m     *ui.Model
	url   string
	drawn chan struct{}
	once  sync.Once
}

func (c *coverWatch) Init() tea.Cmd { return c.m.Init() }

func (c *coverWatch) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	_, cmd := c.m.Update(msg)
	return c, cmd
}

func (c *coverWatch) View() string {
	v := c.m.View()
	for _, p := range c.m.Pictures() {
		if p.Key == c.url {
			c.once.Do(func() { close(c.drawn) })
		}
	}
	return v
}
