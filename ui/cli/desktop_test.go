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
	"github.com/cirrus-tui/cirrus/config"
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

// notifyDaemon is a notification server of the test's own on the private
// bus: it records what it is asked to show.
type notifyDaemon struct {
	mu       sync.Mutex
	summarys []string
	replaces []uint32
	images   []string
}

func (d *notifyDaemon) Notify(app string, replaces uint32, icon, summary, body string, actions []string,
	hints map[string]dbus.Variant, timeout int32) (uint32, *dbus.Error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.summarys = append(d.summarys, summary)
	d.replaces = append(d.replaces, replaces)
	img, _ := hints["image-path"].Value().(string)
	d.images = append(d.images, img)
	if replaces != 0 {
		return replaces, nil
	}
	return uint32(70 + len(d.summarys)), nil
}

func (d *notifyDaemon) seen() []string {
	d.mu.Lock()
	defer d.mu.Unlock()
	return append([]string(nil), d.summarys...)
}

// serveNotifications puts a notifyDaemon on the bus at addr.
func serveNotifications(t *testing.T, addr string) *notifyDaemon {
	t.Helper()
	daemonConn, err := dbus.Connect(addr)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { daemonConn.Close() })
	daemon := &notifyDaemon{}
	daemonConn.Export(daemon, "/org/freedesktop/Notifications", "org.freedesktop.Notifications")
	if r, err := daemonConn.RequestName("org.freedesktop.Notifications", dbus.NameFlagDoNotQueue); err != nil || r != dbus.RequestNameReplyPrimaryOwner {
		t.Fatalf("own the notifications name: %v %v", r, err)
	}
	return daemon
}

func TestDesktopIntegration(t *testing.T) {
	addr := privateBus(t)
	needTool(t, "playerctl")
	w := newWorld(t)
	t.Setenv("XDG_CACHE_HOME", t.TempDir())
	// Turn notifications on in the config, as the key once was: a boolean.
	cfg, _ := os.ReadFile(os.Getenv("XDG_CONFIG_HOME") + "/cirrus/config.toml")
	os.WriteFile(os.Getenv("XDG_CONFIG_HOME")+"/cirrus/config.toml", append(cfg, []byte("notifications = true\n")...), 0o600)
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
	// The second replaced the first; both carry a picture in the cache.
	daemon.mu.Lock()
	replaces, images := daemon.replaces, daemon.images
	daemon.mu.Unlock()
	if replaces[0] != 0 || replaces[1] != 71 {
		t.Fatalf("replaces ids %v, want [0 71]", replaces)
	}
	for _, img := range images {
		p, ok := strings.CutPrefix(img, "file://")
		if fi, err := os.Stat(p); !ok || err != nil || fi.Size() == 0 || !strings.HasPrefix(p, config.CacheDir()) {
			t.Fatalf("image-path %q: not a picture in %s (%v)", img, config.CacheDir(), err)
		}
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

func TestNotificationsOverSSH(t *testing.T) {
	env := func(kv ...string) func(string) string {
		m := map[string]string{}
		for i := 0; i+1 < len(kv); i += 2 {
			m[kv[i]] = kv[i+1]
		}
		return func(k string) string { return m[k] }
	}
	mode := func(m string) *config.Config { c := config.Default(); c.Notifications = m; return c }
	for _, c := range []struct {
		cfg    *config.Config
		getenv func(string) string
		want   bool
	}{
		{config.Default(), env(), true},
		{config.Default(), env("SSH_CONNECTION", "10.0.0.2 50000 10.0.0.1 22"), false},
		{config.Default(), env("SSH_TTY", "/dev/pts/3"), false},
		{mode(config.NotifyOn), env("SSH_CONNECTION", "10.0.0.2 50000 10.0.0.1 22"), true},
		{mode(config.NotifyOff), env(), false},
	} {
		if got, why := notificationsOn(c.cfg, c.getenv); got != c.want || (!got && why == "") {
			t.Errorf("notifications %q with SSH_CONNECTION=%q SSH_TTY=%q: on %v (%q), want %v",
				c.cfg.Notifications, c.getenv("SSH_CONNECTION"), c.getenv("SSH_TTY"), got, why, c.want)
		}
	}

	// The whole way: over SSH, with the default config and a notification
	// server on the bus, cirrus starts without notifications and logs why.
	addr := privateBus(t)
	newWorld(t)
	serveNotifications(t, addr)
	t.Setenv("SSH_CONNECTION", "10.0.0.2 50000 10.0.0.1 22")
	ctx := context.Background()
	e, err := loadEnv(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer e.Close()
	p, err := player.New(ctx, player.Options{API: e.API, Output: filepath.Join(t.TempDir(), "o.wav"), WAVSpeed: 1})
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	d := startDesktop(ctx, e, p, desktopOptions{Socket: filepath.Join(t.TempDir(), "cirrus.sock")})
	defer d.Close()
	if d.bus.mpris == nil || d.bus.notify != nil {
		t.Fatalf("over SSH: mpris %v notifications %v, want MPRIS only", d.bus.mpris != nil, d.bus.notify != nil)
	}
	logb, _ := os.ReadFile(filepath.Join(os.Getenv("XDG_STATE_HOME"), "cirrus", "cirrus.log"))
	if !strings.Contains(string(logb), "SSH session") {
		t.Fatalf("log does not say why notifications are off:\n%s", logb)
	}
}
