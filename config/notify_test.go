package config

import (
	"path/filepath"
	"strings"
	"testing"
)

func TestNotificationsKey(t *testing.T) {
	if got := Default().Notifications; got != NotifyAuto {
		t.Fatalf("default notifications = %q, want auto", got)
	}
	for src, want := range map[string]string{
		`notifications = "auto"`: NotifyAuto,
		`notifications = "on"`:   NotifyOn,
		`notifications = "off"`:  NotifyOff,
		`notifications = true`:   NotifyOn, // the key was a boolean once
		`notifications = false`:  NotifyOff,
	} {
		c, err := Parse("c.toml", []byte(src+"\n"))
		if err != nil {
			t.Fatalf("%s: %v", src, err)
		}
		if c.Notifications != want {
			t.Errorf("%s: notifications = %q, want %q", src, c.Notifications, want)
		}
	}
	for src, msg := range map[string]string{
		`notifications = "offf"`: `notifications "offf" is not one of auto, on, off; did you mean "off"?`,
		`notifications = 1`:      `"auto", "on" or "off"`,
	} {
		_, err := Parse("c.toml", []byte(src+"\n"))
		if err == nil || !strings.Contains(err.Error(), msg) {
			t.Errorf("%s: got %v, want %q", src, err, msg)
		}
	}
}

func TestCacheDirHonoursXDG(t *testing.T) {
	d := t.TempDir()
	t.Setenv("XDG_CACHE_HOME", d)
	if got := CacheDir(); got != filepath.Join(d, "cirrus") {
		t.Fatalf("CacheDir = %q, want it under $XDG_CACHE_HOME", got)
	}
	t.Setenv("XDG_CACHE_HOME", "relative/cache") // the spec says to ignore it
	if got := CacheDir(); !filepath.IsAbs(got) || strings.HasPrefix(got, "relative") {
		t.Fatalf("CacheDir with a relative $XDG_CACHE_HOME = %q", got)
	}
}
