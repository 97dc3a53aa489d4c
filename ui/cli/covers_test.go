//go:build linux

package cli

import (
	"context"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/cirrus-tui/cirrus/api"
	"github.com/cirrus-tui/cirrus/config"
	"github.com/cirrus-tui/cirrus/player"
)

// The playing track's cover is downloaded once, over loopback from the
// double, though the TUI (through the Covers the program hands it) and
// the desktop notification both want it at the same moment.
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
	go func() {
		for range d.Events() {
		}
	}()
	tr, err := w.api.Track(ctx, api.NewURN(api.KindTrack, 1008))
	if err != nil {
		t.Fatal(err)
	}
	u, err := url.Parse(tr.ArtworkURL)
	if err != nil || tr.ArtworkURL == "" {
		t.Fatalf("artwork_url %q: %v", tr.ArtworkURL, err)
	}
	requests := func() int { return w.srv.Stats().Requests["GET "+u.Path] }

	d.PlayTracks([]api.Track{*tr}, 0)
	// The TUI asks for the playing cover as its now-playing bar does, over
	// and over while the notification is on its way.
	covers := env.Covers()
	var wg sync.WaitGroup
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, err := covers.Image(ctx, tr.ArtworkURL); err != nil {
				t.Error(err)
			}
		}()
	}
	eventually(t, "a notification with its picture", func() bool {
		daemon.mu.Lock()
		defer daemon.mu.Unlock()
		return len(daemon.images) == 1 && strings.HasPrefix(daemon.images[0], "file://")
	})
	wg.Wait()
	if _, err := covers.Image(ctx, tr.ArtworkURL); err != nil {
		t.Fatal(err)
	}
	if n := requests(); n != 1 {
		t.Fatalf("%d requests for %s, want 1", n, u.Path)
	}
}
