package cli

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/cirrus-tui/cirrus/api"
	"github.com/cirrus-tui/cirrus/api/fake"
	"github.com/cirrus-tui/cirrus/auth"
	"github.com/cirrus-tui/cirrus/config"
)

// demoHome points every XDG directory at a fresh temp dir, as a new user's.
func demoHome(t *testing.T) string {
	t.Helper()
	home := t.TempDir()
	t.Setenv("HOME", home)
	t.Setenv("XDG_CONFIG_HOME", filepath.Join(home, "conf"))
	t.Setenv("XDG_STATE_HOME", filepath.Join(home, "state"))
	t.Setenv(config.EnvConfig, "")
	t.Setenv(config.EnvClientID, "")
	t.Setenv(config.EnvClientSecret, "")
	return home
}

func TestDemoSignsInThroughOAuth(t *testing.T) {
	demoHome(t)
	ctx := context.Background()
	dir := t.TempDir()
	d, err := startDemo(ctx, config.Default(), dir)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()

	st := d.Fake.Stats()
	if st.Requests["GET /authorize"] != 1 {
		t.Errorf("GET /authorize seen %d times, want 1 (the browser's visit)", st.Requests["GET /authorize"])
	}
	if st.Requests["POST /oauth/token"] < 1 || st.TokensIssued < 1 {
		t.Errorf("no code exchange at /oauth/token: %+v", st.Requests)
	}
	if st.ClientTokens != 0 {
		t.Errorf("%d client-credentials tokens: the demo must sign in as a user", st.ClientTokens)
	}
	// The tokens are in the throwaway dir, not the user's state dir.
	if _, err := os.Stat(filepath.Join(dir, "tokens.json")); err != nil {
		t.Errorf("no tokens in the demo state dir: %v", err)
	}
	if _, err := os.Stat(filepath.Join(config.StateDir(), "tokens.json")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the demo touched the user's token store: %v", err)
	}
	if !strings.Contains(d.Env.Auth.Storage(), dir) {
		t.Errorf("token storage %q, want under %s", d.Env.Auth.Storage(), dir)
	}

	// The client talks to the fake as the demo user, writes included.
	me, err := d.Env.API.Me(ctx)
	if err != nil || me.Permalink != fake.DemoUserPermalink {
		t.Fatalf("Me = %+v, %v; want %s", me, err, fake.DemoUserPermalink)
	}
	tones := api.URN("soundcloud:tracks:1001")
	if err := d.Env.API.LikeTrack(ctx, tones); err != nil {
		t.Fatalf("like: %v", err)
	}
	p, err := d.Env.API.MyLikedTracks(ctx, api.ListOptions{Limit: 200})
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, tr := range p.Collection {
		found = found || tr.URN == tones
	}
	if !found {
		t.Errorf("liked track not in the demo user's likes")
	}
	if d.Env.Config.APIURL != d.Fake.URL() || d.Env.Config.ClientID != fake.DemoClientID {
		t.Errorf("env config not pointed at the fake: %s %s", d.Env.Config.APIURL, d.Env.Config.ClientID)
	}

	// The log says it is a demo.
	log, err := os.ReadFile(config.LogPath())
	if err != nil || !strings.Contains(string(log), "Demo: a built-in fake SoundCloud") {
		t.Errorf("demo banner not logged (%v):\n%s", err, log)
	}
	if strings.Contains(string(log), fake.DemoClientSecret) {
		t.Errorf("client secret in the log")
	}
}

func TestDemoLoginEndsWhenTheBrowserFails(t *testing.T) {
	demoHome(t)
	cfg := config.Default()
	d, err := startDemo(context.Background(), cfg, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	// A second login against the stopped fake: the browser's visit fails.
	d.Fake.Close()
	d.Fake = nil
	err = demoLogin(context.Background(), d.Env.Auth)
	// The failed visit ends the wait with its own error, not the login timeout.
	if err == nil || !strings.Contains(err.Error(), "authorize") || errors.Is(err, auth.ErrLoginTimeout) {
		t.Fatalf("login against a closed fake: %v, want the authorize error", err)
	}
}

func TestDemoAudioToWAV(t *testing.T) {
	demoHome(t)
	ctx := context.Background()
	dir := t.TempDir()
	d, err := startDemo(ctx, config.Default(), dir)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	wav := filepath.Join(t.TempDir(), "out.wav")
	p, notice, err := openDemoAudio(ctx, d.Env, wav)
	if err != nil || notice != "" {
		t.Fatalf("openDemoAudio: %v %q", err, notice)
	}
	defer p.Close()
	tr, err := d.Env.API.Track(ctx, api.URN("soundcloud:tracks:1001"))
	if err != nil {
		t.Fatal(err)
	}
	p.PlayTracks([]api.Track{*tr}, 0)
	waitFor(t, 20*time.Second, func() bool { return p.Status().Position > 1500*time.Millisecond })
	// Real time: after ~1.5 s of position the file holds about that much sound,
	// not the whole track as a fast WAV would.
	fi, err := os.Stat(wav)
	if err != nil {
		t.Fatal(err)
	}
	if n := fi.Size(); n < 44100*4 || n > 44100*4*12 {
		t.Errorf("WAV has %d bytes after 1.5 s of play; want real-time pacing", n)
	}
}

// TestDemoWithoutSoundDevice runs the audio opening in a child process whose
// ALSA configuration has no PCM at all, as on a machine without sound.
func TestDemoWithoutSoundDevice(t *testing.T) {
	if os.Getenv("CIRRUS_DEMO_NODEVICE_CHILD") == "1" {
		demoNoDeviceChild(t)
		return
	}
	alsa := filepath.Join(t.TempDir(), "alsa.conf")
	if err := os.WriteFile(alsa, []byte("# no devices\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestDemoWithoutSoundDevice$", "-test.v")
	cmd.Env = append(os.Environ(), "CIRRUS_DEMO_NODEVICE_CHILD=1", "ALSA_CONFIG_PATH="+alsa)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("child: %v\n%s", err, out)
	}
	if !strings.Contains(string(out), "NOTICE: Audio unavailable") {
		t.Fatalf("child printed no notice:\n%s", out)
	}
}

func demoNoDeviceChild(t *testing.T) {
	demoHome(t)
	ctx := context.Background()
	dir := t.TempDir()
	d, err := startDemo(ctx, config.Default(), dir)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	p, notice, err := openDemoAudio(ctx, d.Env, "")
	if err != nil {
		t.Fatalf("the demo must open without a device: %v", err)
	}
	defer p.Close()
	for _, want := range []string{"Audio unavailable", "apt install"} {
		if !strings.Contains(notice, want) {
			t.Errorf("notice %q lacks %q", notice, want)
		}
	}
	t.Logf("NOTICE: %s", notice)
	// It still plays (silently): the position moves.
	tr, err := d.Env.API.Track(ctx, api.URN("soundcloud:tracks:1001"))
	if err != nil {
		t.Fatal(err)
	}
	p.PlayTracks([]api.Track{*tr}, 0)
	waitFor(t, 20*time.Second, func() bool { return p.Status().Position > time.Second })
}

func waitFor(t *testing.T, d time.Duration, cond func() bool) {
	t.Helper()
	end := time.Now().Add(d)
	for !cond() {
		if time.Now().After(end) {
			t.Fatalf("condition not met within %v", d)
		}
		time.Sleep(20 * time.Millisecond)
	}
}
