//go:build unix && !darwin

package browser

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// fakeXdgOpen puts an xdg-open on $PATH that records its arguments and exits
// with code; it returns the record file.
func fakeXdgOpen(t *testing.T, code string) string {
	t.Helper()
	dir := t.TempDir()
	rec := filepath.Join(dir, "args")
	script := "#!/bin/sh\nprintf '%s\\n' \"$@\" > " + rec + "\nexit " + code + "\n"
	if err := os.WriteFile(filepath.Join(dir, "xdg-open"), []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	t.Setenv("PATH", dir)
	return rec
}

func TestOpenRunsXdgOpen(t *testing.T) {
	rec := fakeXdgOpen(t, "0")
	t.Setenv("DISPLAY", ":0")
	u := "https://soundcloud.com/a/b?x=1&y=2"
	if err := Open(context.Background(), u); err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(rec)
	if err != nil {
		t.Fatal(err)
	}
	if strings.TrimSpace(string(got)) != u {
		t.Errorf("xdg-open got %q, want %q", got, u)
	}
}

func TestOpenNoBrowser(t *testing.T) {
	fakeXdgOpen(t, "3")
	t.Setenv("DISPLAY", "")
	t.Setenv("WAYLAND_DISPLAY", "wayland-0")
	if err := Open(context.Background(), "https://soundcloud.com/"); !errors.Is(err, ErrNoBrowser) {
		t.Errorf("xdg-open exit 3: got %v, want ErrNoBrowser", err)
	}
	t.Setenv("WAYLAND_DISPLAY", "")
	rec := fakeXdgOpen(t, "0")
	for _, f := range []func(string) error{Start, func(u string) error { return Open(context.Background(), u) }} {
		if err := f("https://soundcloud.com/"); !errors.Is(err, ErrNoBrowser) {
			t.Errorf("no desktop session: got %v, want ErrNoBrowser", err)
		}
	}
	if _, err := os.Stat(rec); err == nil {
		t.Error("xdg-open ran outside a desktop session")
	}
	t.Setenv("DISPLAY", ":0")
	t.Setenv("PATH", t.TempDir())
	if err := Start("https://soundcloud.com/"); !errors.Is(err, ErrNoBrowser) {
		t.Errorf("no xdg-open: got %v, want ErrNoBrowser", err)
	}
}

// TestOpenRefusesOtherSchemes: a link from the network that is not a web
// address (a file, a command-line flag) never reaches the opener.
func TestOpenRefusesOtherSchemes(t *testing.T) {
	rec := fakeXdgOpen(t, "0")
	t.Setenv("DISPLAY", ":0")
	for _, u := range []string{"file:///etc/passwd", "--help", "javascript:alert(1)", "https:///nohost", "smb://host/share"} {
		if err := Open(context.Background(), u); err == nil {
			t.Errorf("%q was opened", u)
		}
		if err := Start(u); err == nil {
			t.Errorf("%q was started", u)
		}
	}
	if _, err := os.Stat(rec); err == nil {
		t.Error("xdg-open ran")
	}
}
