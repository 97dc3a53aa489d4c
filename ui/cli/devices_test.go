package cli

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"strings"
	"testing"
)

// TestDevicesListsSinks runs `cirrus devices` against the test services'
// sound server (PulseAudio, or PipeWire's pipewire-pulse): it lists each
// sink by the name [audio] device takes, with its description, the
// server's default marked; with no server it fails saying what to start.
func TestDevicesListsSinks(t *testing.T) {
	if os.Getenv("CIRRUS_SERVICES_UP") != "1" {
		if os.Getenv("CIRRUS_SKIP_SERVICES") != "1" {
			t.Fatal("needs a sound server: run under scripts/with-services (CIRRUS_SKIP_SERVICES=1 skips this test)")
		}
		t.Skip("needs a sound server; skipped because CIRRUS_SKIP_SERVICES=1")
	}
	out, err := exec.Command("pactl", "load-module", "module-null-sink", "sink_name=second").CombinedOutput()
	if err != nil {
		t.Fatalf("pactl load-module: %v\n%s", err, out)
	}
	t.Cleanup(func() { exec.Command("pactl", "unload-module", strings.TrimSpace(string(out))).Run() })
	var stdout, stderr bytes.Buffer
	if code := execute(context.Background(), []string{"devices"}, strings.NewReader(""), &stdout, &stderr); code != 0 {
		t.Fatalf("cirrus devices: exit %d: %s", code, stderr.String())
	}
	lines := strings.Split(strings.TrimSpace(stdout.String()), "\n")
	t.Logf("cirrus devices:\n%s", stdout.String())
	var sawCap, sawSecond bool
	for _, l := range lines {
		switch {
		case strings.HasPrefix(l, "* cap\t"):
			sawCap = true
		case strings.HasPrefix(l, "  second\t") || strings.HasPrefix(l, "  second "):
			sawSecond = true
		}
	}
	if !sawCap || !sawSecond {
		t.Errorf("want the default sink \"* cap\\t…\" and \"  second\\t…\" listed, got:\n%s", stdout.String())
	}

	t.Setenv("PULSE_SERVER", "unix:"+t.TempDir()+"/none")
	stdout.Reset()
	stderr.Reset()
	if code := execute(context.Background(), []string{"devices"}, strings.NewReader(""), &stdout, &stderr); code == 0 {
		t.Errorf("cirrus devices with no server: exit 0, printed %q", stdout.String())
	}
	if !strings.Contains(stderr.String(), "pipewire-pulse") {
		t.Errorf("with no server, stderr %q does not say what to start", stderr.String())
	}
}
