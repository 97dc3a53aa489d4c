//go:build unix

package mpris

import (
	"os"
	"os/exec"
	"strconv"
	"strings"
	"syscall"
	"testing"

	"github.com/godbus/dbus/v5"
)

// needTool skips when a tool is missing on a plain `go test`, and fails when
// the services are meant to be up (scripts/with-services).
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

// privateBus starts a dbus-daemon of its own for one test, so tests never
// share bus names, and returns its address.
func privateBus(t *testing.T) string {
	t.Helper()
	bin := needTool(t, "dbus-daemon")
	out, err := exec.Command(bin, "--session", "--fork", "--print-address=1", "--print-pid=1").Output()
	if err != nil {
		t.Fatalf("start dbus-daemon: %v", err)
	}
	lines := strings.Fields(strings.TrimSpace(string(out)))
	if len(lines) < 2 {
		t.Fatalf("dbus-daemon printed %q", out)
	}
	addr := lines[0]
	pid, err := strconv.Atoi(lines[len(lines)-1])
	if err != nil {
		t.Fatalf("dbus-daemon pid %q: %v", lines[len(lines)-1], err)
	}
	t.Cleanup(func() { syscall.Kill(pid, syscall.SIGTERM) })
	return addr
}

func connect(t *testing.T, addr string) *dbus.Conn {
	t.Helper()
	c, err := dbus.Connect(addr)
	if err != nil {
		t.Fatalf("connect to %s: %v", addr, err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}
