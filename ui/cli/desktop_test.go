//go:build linux

package cli

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"

	"github.com/godbus/dbus/v5"

	"github.com/cirrus-tui/cirrus/api"
	"github.com/cirrus-tui/cirrus/player"
)

// needTool skips when a tool is missing on a plain `go test` and fails under
// scripts/with-services, where it must be there.
func needTool(t *testing.T, name string) string {
	t.Helper()
	p, err := exec.LookPath(name)
	if err != nil {
		if os.Getenv("CIRRUS_SKIP_SERVICES") != "1" {
			t.Fatalf("%s is not installed (scripts/install-deps --test; CIRRUS_SKIP_SERVICES=1 skips this test)", name)
		}
		t.Skipf("%s is not installed; skipped because CIRRUS_SKIP_SERVICES=1", name)
	}
	return p
}

// privateBus starts a session bus of the test's own and exports it.
func privateBus(t *testing.T) string {
	t.Helper()
	out, err := exec.Command(needTool(t, "dbus-daemon"), "--session", "--fork", "--print-address=1", "--print-pid=1").Output()
	if err != nil {
		t.Fatalf("dbus-daemon: %v", err)
	}
	f := strings.Fields(string(out))
	pid, _ := strconv.Atoi(f[len(f)-1])
	t.Cleanup(func() { syscall.Kill(pid, syscall.SIGTERM) })
	t.Setenv("DBUS_SESSION_BUS_ADDRESS", f[0])
	return f[0]
}

// notifyDaemon stands in for the desktop's notification server.
type notifyDaemon struct {
	mu       sync.Mutex
	summarys []string
}

func (d *notifyDaemon) Notify(app string, replaces uint32, icon, summary, body string, actions []string,
	hints map[string]dbus.Variant, timeout int32) (uint32, *dbus.Error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.summarys = append(d.summarys, summary)
	return uint32(len(d.summarys)), nil
}

func (d *notifyDaemon) seen() []string {
	d.mu.Lock()
	defer d.mu.Unlock()
	return append([]string(nil), d.summarys...)
}

func TestDesktopIntegration(t *testing.T) {
	addr := privateBus(t)
	needTool(t, "playerctl")
	w := newWorld(t)
	// Turn notifications on in the config.
	cfg, _ := os.ReadFile(os.Getenv("XDG_CONFIG_HOME") + "/cirrus/config.toml")
	os.WriteFile(os.Getenv("XDG_CONFIG_HOME")+"/cirrus/config.toml", append(cfg, []byte("notifications = true\n")...), 0o600)

	daemonConn, err := dbus.Connect(addr)
	if err != nil {
		t.Fatal(err)
	}
	defer daemonConn.Close()
	daemon := &notifyDaemon{}
	daemonConn.Export(daemon, "/org/freedesktop/Notifications", "org.freedesktop.Notifications")
	daemonConn.RequestName("org.freedesktop.Notifications", dbus.NameFlagDoNotQueue)

	ctx := context.Background()
	env, err := loadEnv(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer env.Close()
	if !env.Config.Notifications {
		t.Fatal("config did not turn notifications on")
	}
	p, err := player.New(ctx, player.Options{API: env.API, Output: filepath.Join(t.TempDir(), "o.wav"), WAVSpeed: 1})
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	sock := filepath.Join(t.TempDir(), "cirrus.sock")
	d := startDesktop(ctx, env, p, desktopOptions{Socket: sock})
	defer d.Close()
	if d.bus.mpris == nil || d.bus.notify == nil || d.sock == nil {
		t.Fatalf("desktop parts: mpris %v notify %v socket %v", d.bus.mpris != nil, d.bus.notify != nil, d.sock != nil)
	}

	var tracks []api.Track
	for _, id := range []int64{1008, 1009} {
		tr, err := w.api.Track(ctx, api.NewURN(api.KindTrack, id))
		if err != nil {
			t.Fatal(err)
		}
		tracks = append(tracks, *tr)
	}
	d.PlayTracks(tracks, 0)

	// The owner still gets every kind of event through the tee.
	kinds := map[player.EventKind]bool{}
	for len(kinds) < 3 {
		ev := <-d.Events()
		kinds[ev.Kind] = true
		if ev.Kind == player.EventError {
			t.Fatalf("player error: %v", ev.Err)
		}
	}
	eventually(t, "playerctl sees cirrus playing", func() bool {
		out, _ := exec.Command("playerctl", "-p", "cirrus", "metadata", "title").Output()
		return strings.TrimSpace(string(out)) == "Rainy Window"
	})
	go func() { // keep draining, as the owner does
		for range d.Events() {
		}
	}()
	eventually(t, "a notification for the first track", func() bool { return strings.Join(daemon.seen(), ",") == "Rainy Window" })

	t.Setenv("CIRRUS_SOCKET", sock)
	ok(t, "ctl", "next")
	eventually(t, "a notification for the next track", func() bool {
		return strings.Join(daemon.seen(), ",") == "Rainy Window,Tea at Four"
	})
	if st := ctlStatus(t); st.Track == nil || st.Track.Title != "Tea at Four" {
		t.Fatalf("ctl status after next: %+v", st)
	}

	// MPRIS OpenUri plays a soundcloud.com page.
	if out, err := exec.Command("playerctl", "-p", "cirrus", "open", "https://soundcloud.com/neon-harbor/harbor-lights").CombinedOutput(); err != nil {
		t.Fatalf("playerctl open: %v %s", err, out)
	}
	eventually(t, "Harbor Lights after open", func() bool {
		st := d.Status()
		return st.Track != nil && st.Track.Title == "Harbor Lights"
	})

	d.Close()
	if _, err := os.Stat(sock); !os.IsNotExist(err) {
		t.Fatalf("socket left after Close: %v", err)
	}
}

// Without a session bus the rest still works.
func TestDesktopWithoutBus(t *testing.T) {
	newWorld(t)
	t.Setenv("DBUS_SESSION_BUS_ADDRESS", "unix:path="+t.TempDir()+"/nobus")
	ctx := context.Background()
	env, err := loadEnv(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer env.Close()
	p, err := player.New(ctx, player.Options{API: env.API, Output: filepath.Join(t.TempDir(), "o.wav"), WAVSpeed: 1})
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	sock := filepath.Join(t.TempDir(), "cirrus.sock")
	d := startDesktop(ctx, env, p, desktopOptions{Socket: sock})
	defer d.Close()
	if d.bus.mpris != nil || d.sock == nil {
		t.Fatalf("mpris %v socket %v", d.bus.mpris != nil, d.sock != nil)
	}
	t.Setenv("CIRRUS_SOCKET", sock)
	if st := ctlStatus(t); st.State != "stopped" {
		t.Fatalf("status: %+v", st)
	}
	// Why MPRIS is off is in the log.
	logb, _ := os.ReadFile(filepath.Join(os.Getenv("XDG_STATE_HOME"), "cirrus", "cirrus.log"))
	if !strings.Contains(string(logb), "MPRIS is off") {
		t.Fatalf("log does not say why MPRIS is off:\n%s", logb)
	}
}
