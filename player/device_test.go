package player

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestNoAudioDevice runs New in a child process whose ALSA configuration
// defines no PCM at all: it must fail quickly with ErrNoDevice and a hint,
// print nothing from ALSA itself, and never hang.
func TestNoAudioDevice(t *testing.T) {
	if os.Getenv("CIRRUS_NODEVICE_CHILD") == "1" {
		_, err := New(context.Background(), Options{res: &localCDN{}})
		if err == nil {
			fmt.Println("CHILD: New succeeded")
			os.Exit(3)
		}
		fmt.Printf("CHILD: is-ErrNoDevice=%v msg=%v\n", errors.Is(err, ErrNoDevice), err)
		return
	}
	conf := filepath.Join(t.TempDir(), "asound.conf")
	if err := os.WriteFile(conf, []byte("# no devices at all\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, os.Args[0], "-test.run=^TestNoAudioDevice$", "-test.v")
	cmd.Env = append(os.Environ(), "CIRRUS_NODEVICE_CHILD=1", "ALSA_CONFIG_PATH="+conf)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if ctx.Err() != nil {
		t.Fatalf("New hung without a device (killed after 30 s); output %s", out)
	}
	if err != nil {
		t.Fatalf("child failed: %v\n%s\n%s", err, out, stderr.String())
	}
	s := string(out)
	if !strings.Contains(s, "CHILD: is-ErrNoDevice=true") {
		t.Fatalf("want an ErrNoDevice error, child said:\n%s", s)
	}
	for _, want := range []string{"no audio device", "pipewire-alsa", "pulseaudio"} {
		if !strings.Contains(s, want) {
			t.Errorf("error message lacks %q:\n%s", want, s)
		}
	}
	if strings.Contains(stderr.String(), "ALSA lib") || strings.Contains(s, "ALSA lib") {
		t.Errorf("ALSA printed to the terminal:\n%s%s", stderr.String(), s)
	}
}
