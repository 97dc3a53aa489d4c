package auth

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/zalando/go-keyring"

	"github.com/cirrus-tui/cirrus/api/fake"
)

// startSecretService runs a private D-Bus session bus with gnome-keyring's
// Secret Service on it, unlocked, and points this process at it.
func startSecretService(t *testing.T) {
	t.Helper()
	for _, bin := range []string{"dbus-daemon", "gnome-keyring-daemon"} {
		if _, err := exec.LookPath(bin); err != nil {
			if os.Getenv("CIRRUS_SKIP_SERVICES") != "1" {
				t.Fatalf("%s is missing (scripts/install-deps --test installs gnome-keyring and dbus; CIRRUS_SKIP_SERVICES=1 skips this test)", bin)
			}
			t.Skipf("%s not installed; skipped because CIRRUS_SKIP_SERVICES=1", bin)
		}
	}
	rt := t.TempDir()
	for _, d := range []string{"home", "data", "run"} {
		if err := os.MkdirAll(filepath.Join(rt, d), 0o700); err != nil {
			t.Fatal(err)
		}
	}
	// A bus of our own without service activation, so the system's
	// gnome-keyring .service file cannot start a second, locked daemon.
	conf := filepath.Join(rt, "bus.conf")
	err := os.WriteFile(conf, []byte(`<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:dir=`+filepath.Join(rt, "run")+`</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
`), 0o600)
	if err != nil {
		t.Fatal(err)
	}
	bus := exec.Command("dbus-daemon", "--config-file="+conf, "--nofork", "--print-address=1")
	out, err := bus.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := bus.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { bus.Process.Kill(); bus.Wait() })
	addr, err := bufio.NewReader(out).ReadString('\n')
	if err != nil {
		t.Fatalf("dbus-daemon: %v", err)
	}
	addr = strings.TrimSpace(addr)

	gk := exec.Command("gnome-keyring-daemon", "--foreground", "--unlock", "--components=secrets")
	gk.Env = append(os.Environ(), "DBUS_SESSION_BUS_ADDRESS="+addr, "HOME="+filepath.Join(rt, "home"),
		"XDG_DATA_HOME="+filepath.Join(rt, "data"), "XDG_RUNTIME_DIR="+filepath.Join(rt, "run"))
	gk.Stdin = strings.NewReader("test-keyring-password") // --unlock reads it; creates the login keyring
	var gkErr bytes.Buffer
	gk.Stderr = &gkErr
	if err := gk.Start(); err != nil {
		t.Fatal(err)
	}
	stopped := false
	stop := func() {
		if !stopped {
			stopped = true
			gk.Process.Kill()
			gk.Wait()
		}
	}
	t.Cleanup(stop)
	t.Setenv("DBUS_SESSION_BUS_ADDRESS", addr)

	var perr error
	for range 100 { // a bound on start-up, not a timing assertion
		if perr = probeKeyring(context.Background()); perr == nil {
			if perr = keyring.Set("cirrus-test", "probe", "x"); perr == nil {
				return
			}
		}
		time.Sleep(100 * time.Millisecond)
	}
	stop() // before reading what it wrote
	t.Fatalf("Secret Service did not come up: %v\n%s", perr, gkErr.String())
}

func TestKeyringStorage(t *testing.T) {
	startSecretService(t)
	srv := startFake(t, fake.Options{})
	dir := t.TempDir()
	// A login from before the keyring was switched on...
	login(t, newManager(t, srv, dir, nil, nil))
	m, err := New(context.Background(), Options{
		ClientID: fake.DemoClientID, ClientSecret: fake.DemoClientSecret, AuthURL: srv.AuthURL(),
		StateDir: dir, Keyring: true,
	})
	if err != nil {
		t.Fatal(err)
	}
	if m.Storage() != "keyring" {
		t.Fatalf("storage %q, want keyring", m.Storage())
	}
	// ...moves into the keyring and keeps working.
	if _, err := os.Stat(filepath.Join(dir, tokenFile)); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("token file not moved into the keyring: %v", err)
	}
	if _, err := apiClient(srv, m, nil).Me(context.Background()); err != nil {
		t.Fatalf("moved session: %v", err)
	}
	login(t, m)
	if _, err := os.Stat(filepath.Join(dir, tokenFile)); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("tokens went to a file as well: %v", err)
	}
	blob, err := keyring.Get(keyringService, keyringUser)
	if err != nil || !strings.Contains(blob, `"refresh_token"`) {
		t.Fatalf("keyring item: %v", err)
	}
	// The next process finds the session in the keyring.
	next, err := New(context.Background(), Options{
		ClientID: fake.DemoClientID, ClientSecret: fake.DemoClientSecret, AuthURL: srv.AuthURL(),
		StateDir: dir, Keyring: true,
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := apiClient(srv, next, nil).Me(context.Background()); err != nil {
		t.Fatal(err)
	}
	if err := next.Logout(context.Background()); err != nil {
		t.Fatal(err)
	}
	if _, err := keyring.Get(keyringService, keyringUser); !errors.Is(err, keyring.ErrNotFound) {
		t.Errorf("keyring item not removed on logout: %v", err)
	}
}

func TestKeyringFallsBackToFile(t *testing.T) {
	// A session bus that is not there: no Secret Service.
	t.Setenv("DBUS_SESSION_BUS_ADDRESS", "unix:path="+filepath.Join(t.TempDir(), "no-bus"))
	srv := startFake(t, fake.Options{})
	dir := t.TempDir()
	var logged bytes.Buffer
	m, err := New(context.Background(), Options{
		ClientID: fake.DemoClientID, ClientSecret: fake.DemoClientSecret, AuthURL: srv.AuthURL(),
		StateDir: dir, Keyring: true, Logger: logTo(&logged),
	})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(m.Storage(), "file ") {
		t.Fatalf("storage %q, want the file", m.Storage())
	}
	if !strings.Contains(logged.String(), "keyring unavailable") || !strings.Contains(logged.String(), "reason=") {
		t.Errorf("the fallback is not logged with its reason:\n%s", logged.String())
	}
	login(t, m)
	if _, err := os.Stat(filepath.Join(dir, tokenFile)); err != nil {
		t.Errorf("no token file after fallback: %v", err)
	}
}
