package cli

import (
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/cirrus-tui/cirrus/api/fake"
	"github.com/cirrus-tui/cirrus/config"
	"github.com/cirrus-tui/cirrus/player/remote"
)

// wavSeconds is the length of a 16-bit stereo 44.1 kHz WAV the player wrote.
func wavSeconds(t *testing.T, path string) time.Duration {
	t.Helper()
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatalf("no WAV written: %v", err)
	}
	return time.Duration(fi.Size()-44) * time.Second / (44100 * 4)
}

func TestPlayCommand(t *testing.T) {
	srv, err := fake.New(fake.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	tok, _ := srv.IssueToken(fake.DemoUserPermalink)
	dir := t.TempDir()
	base := []string{"play", "--token", tok, "--api-url", srv.URL(), "--auth-url", srv.AuthURL()}

	t.Run("web link through /resolve", func(t *testing.T) {
		out := filepath.Join(dir, "tones.wav")
		r := run(t, append(base, "https://soundcloud.com/tone-lab/test-tones", "--out", out)...)
		if r.code != ExitOK {
			t.Fatalf("exit %d: %s", r.code, r.errOut)
		}
		if !strings.Contains(r.errOut, "playing Test Tones — Tone Lab (0:24)") {
			t.Errorf("progress output %q", r.errOut)
		}
		if d := wavSeconds(t, out); d < 23900*time.Millisecond || d > 24300*time.Millisecond {
			t.Errorf("wrote %v of audio, want 24 s", d)
		}
	})
	t.Run("start position", func(t *testing.T) {
		out := filepath.Join(dir, "start.wav")
		r := run(t, append(base, "soundcloud:tracks:1001", "--start", "20s", "--out", out, "-q")...)
		if r.code != ExitOK {
			t.Fatalf("exit %d: %s", r.code, r.errOut)
		}
		if d := wavSeconds(t, out); d < 3800*time.Millisecond || d > 4300*time.Millisecond {
			t.Errorf("wrote %v from 0:20, want 4 s", d)
		}
	})
	t.Run("blocked track fails with the reason", func(t *testing.T) {
		r := run(t, append(base, "soundcloud:tracks:1004", "--out", filepath.Join(dir, "b.wav"))...)
		if r.code != ExitError || !strings.Contains(r.errOut, "blocked") {
			t.Errorf("exit %d: %s", r.code, r.errOut)
		}
	})
	t.Run("a preview says so", func(t *testing.T) {
		r := run(t, append(base, "soundcloud:tracks:1005", "--out", filepath.Join(dir, "p.wav"))...)
		if r.code != ExitOK {
			t.Fatalf("exit %d: %s", r.code, r.errOut)
		}
		if !strings.Contains(r.errOut, ") [preview]\n") || !strings.Contains(r.errOut, "[preview] SoundCloud offers only a preview of this track") {
			t.Errorf("progress output %q, want the preview said", r.errOut)
		}
	})
	t.Run("a user is not playable", func(t *testing.T) {
		r := run(t, append(base, "soundcloud:users:11", "--out", filepath.Join(dir, "u.wav"))...)
		if r.code != ExitUsage {
			t.Errorf("exit %d: %s", r.code, r.errOut)
		}
	})
}

// `cirrus play` is on the desktop like the TUI: `cirrus ctl` reaches it.
func TestPlayIsRemoteControllable(t *testing.T) {
	srv, err := fake.New(fake.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	tok, _ := srv.IssueToken(fake.DemoUserPermalink)
	dir := t.TempDir()
	t.Setenv("XDG_STATE_HOME", filepath.Join(dir, "state"))
	t.Setenv("CIRRUS_SOCKET", filepath.Join(dir, "cirrus.sock"))
	t.Setenv("DBUS_SESSION_BUS_ADDRESS", "unix:path="+filepath.Join(dir, "no-bus")) // MPRIS off: logged, not fatal
	out := filepath.Join(dir, "ctl.wav")
	done := make(chan result, 1)
	go func() {
		done <- run(t, "play", "--token", tok, "--api-url", srv.URL(), "--auth-url", srv.AuthURL(),
			"soundcloud:tracks:1001", "--out", out, "--wav-speed", "1", "--paused", "-q")
	}()
	status := func() (remote.Status, bool) {
		r := run(t, "ctl", "status", "--json")
		var st remote.Status
		return st, r.code == ExitOK && json.Unmarshal([]byte(r.out), &st) == nil
	}
	eventually(t, "the paused player on the socket", func() bool {
		st, ok := status()
		return ok && st.State == "paused" && st.Track != nil && st.Track.URN == "soundcloud:tracks:1001"
	})
	ok(t, "ctl", "toggle")
	eventually(t, "playing after ctl toggle", func() bool {
		st, ok := status()
		return ok && st.State == "playing" && st.PositionMS > 500
	})
	ok(t, "ctl", "seek", "0:22")
	select {
	case r := <-done:
		if r.code != ExitOK {
			t.Fatalf("play exit %d: %s", r.code, r.errOut)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("play did not end after ctl seek to the last seconds")
	}
	// About 0.5 s before the toggle's check plus the last ~2 s after the seek.
	if d := wavSeconds(t, out); d > 10*time.Second {
		t.Errorf("wrote %v: the seek to 0:22 did not take", d)
	}
}

// wavRMS is the root mean square of a 16-bit WAV's samples.
func wavRMS(t *testing.T, path string) float64 {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil || len(b) < 44 {
		t.Fatalf("read %s: %v", path, err)
	}
	var sum float64
	n := 0
	for i := 44; i+1 < len(b); i += 2 {
		v := float64(int16(uint16(b[i]) | uint16(b[i+1])<<8))
		sum += v * v
		n++
	}
	if n == 0 {
		return 0
	}
	return math.Sqrt(sum / float64(n))
}

// `cirrus play` uses one volume scale, 0–100 like the config and `cirrus ctl
// volume`, with the config's [audio] volume as its default; and it prints
// each error once.
func TestPlayVolumeScaleAndErrorsOnce(t *testing.T) {
	srv, err := fake.New(fake.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	home := t.TempDir()
	t.Setenv("HOME", home)
	t.Setenv("XDG_CONFIG_HOME", filepath.Join(home, "conf"))
	t.Setenv("XDG_STATE_HOME", filepath.Join(home, "state"))
	t.Setenv(config.EnvConfig, "")
	os.MkdirAll(filepath.Dir(config.Path()), 0o700)
	if err := os.WriteFile(config.Path(), []byte("[audio]\nvolume = 30\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	tok, _ := srv.IssueToken(fake.DemoUserPermalink)
	base := []string{"play", "--token", tok, "--api-url", srv.URL(), "--auth-url", srv.AuthURL(),
		"soundcloud:tracks:1001", "--start", "20s", "-q"}
	play := func(name string, extra ...string) float64 {
		t.Helper()
		out := filepath.Join(home, name+".wav")
		r := run(t, append(append(base, "--out", out), extra...)...)
		if r.code != ExitOK {
			t.Fatalf("%s: exit %d: %s", name, r.code, r.errOut)
		}
		return wavRMS(t, out)
	}
	full := play("full", "--volume", "100")
	cfg := play("config")
	silent := play("silent", "--volume", "0")
	t.Logf("RMS: --volume 100 %.0f, config volume 30 %.0f, --volume 0 %.0f", full, cfg, silent)
	if full < 1000 {
		t.Fatalf("--volume 100 is nearly silent (RMS %.0f)", full)
	}
	if cfg >= 0.9*full || cfg <= 0 {
		t.Errorf("the config's volume 30 was not applied: RMS %.0f against %.0f at 100", cfg, full)
	}
	if silent != 0 {
		t.Errorf("--volume 0 is not silent: RMS %.0f", silent)
	}
	for _, bad := range []string{"0.5", "101", "-3"} {
		if r := run(t, append(base, "--out", filepath.Join(home, "x.wav"), "--volume", bad)...); r.code != ExitUsage {
			t.Errorf("--volume %s: exit %d, want usage (2): %s", bad, r.code, r.errOut)
		}
	}

	r := run(t, "play", "--token", tok, "--api-url", srv.URL(), "soundcloud:tracks:1004", "--out", filepath.Join(home, "b.wav"))
	if r.code != ExitError {
		t.Fatalf("blocked track: exit %d: %s", r.code, r.errOut)
	}
	if n := strings.Count(r.errOut, "blocked"); n != 1 {
		t.Errorf("the error is printed %d times, want once:\n%s", n, r.errOut)
	}
}
