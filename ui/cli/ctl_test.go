package cli

import (
	"context"
	"encoding/json"
	"net"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/cirrus-tui/cirrus/api"
	"github.com/cirrus-tui/cirrus/api/fake"
	"github.com/cirrus-tui/cirrus/player"
	"github.com/cirrus-tui/cirrus/player/remote"
)

// running is a cirrus as the TUI runs it: a real player (WAV sink at real
// speed) against the fake, serving the control socket in-process.
type running struct {
	w      *world // the fake and the CLI's login
	p      *player.Player
	socket string
}

func startRunning(t *testing.T) *running {
	t.Helper()
	return startRunningWith(t, 1008, 1009)
}

// startRunningWith is startRunning playing the tracks ids.
func startRunningWith(t *testing.T, ids ...int64) *running {
	t.Helper()
	w := newWorld(t)
	ctx := context.Background()
	p, err := player.New(ctx, player.Options{API: w.api, Output: filepath.Join(t.TempDir(), "o.wav"), WAVSpeed: 1})
	if err != nil {
		t.Fatalf("player: %v", err)
	}
	t.Cleanup(func() { p.Close() })
	go func() { // drain events as the TUI does
		for range p.Events() {
		}
	}()
	var tracks []api.Track
	for _, id := range ids {
		tr, err := w.api.Track(ctx, api.NewURN(api.KindTrack, id))
		if err != nil {
			t.Fatal(err)
		}
		tracks = append(tracks, *tr)
	}
	p.PlayTracks(tracks, 0)
	socket := filepath.Join(t.TempDir(), "cirrus.sock")
	srv, err := remote.Listen(ctx, socket, remote.NewPlayerHandler(p, w.api))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Close() })
	t.Setenv("CIRRUS_SOCKET", socket)
	return &running{w: w, p: p, socket: socket}
}

// eventually polls cond until it holds.
func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func ctlStatus(t *testing.T) remote.Status {
	t.Helper()
	out := ok(t, "ctl", "status", "--json")
	var st remote.Status
	if err := json.Unmarshal([]byte(out), &st); err != nil || strings.Count(out, "\n") != 1 {
		t.Fatalf("status --json %q: %v", out, err)
	}
	return st
}

func TestCtlDrivesRunningPlayer(t *testing.T) {
	r := startRunning(t)
	eventually(t, "playing", func() bool { return r.p.Status().State == player.Playing })

	length := r.p.Status().Track.DurationTime()
	st := ctlStatus(t)
	if st.State != "playing" || st.Track == nil || st.Track.URN != "soundcloud:tracks:1008" || st.Track.Title != "Rainy Window" ||
		st.Track.Artist != "Lunar Tides" || st.DurationMS != length.Milliseconds() || st.Volume != 100 {
		t.Fatalf("status: %+v %+v", st, st.Track)
	}
	out := ok(t, "ctl", "status")
	if !strings.Contains(out, "playing  Rainy Window — Lunar Tides") || !strings.Contains(out, "/ "+clock(length)) {
		t.Fatalf("status table: %q", out)
	}

	ok(t, "ctl", "pause")
	eventually(t, "paused", func() bool { return r.p.Status().State == player.Paused })
	ok(t, "ctl", "toggle")
	eventually(t, "playing again", func() bool { return r.p.Status().State == player.Playing })

	ok(t, "ctl", "seek", "1:00")
	eventually(t, "seek to 1:00", func() bool {
		p := r.p.Status().Position
		return p >= 60*time.Second && p < 70*time.Second
	})
	ok(t, "ctl", "seek", "-30")
	eventually(t, "seek back 30 s", func() bool {
		p := r.p.Status().Position
		return p >= 30*time.Second && p < 40*time.Second
	})
	ok(t, "ctl", "seek", "--socket", r.socket, "+10s")
	eventually(t, "seek forward 10 s", func() bool {
		p := r.p.Status().Position
		return p >= 40*time.Second && p < 50*time.Second
	})

	ok(t, "ctl", "--socket", r.socket, "seek", "-5")
	eventually(t, "seek back 5 s", func() bool {
		p := r.p.Status().Position
		return p >= 35*time.Second && p < 45*time.Second
	})
	if out := ok(t, "ctl", "seek", "--help"); !strings.Contains(out, "relative with a sign") {
		t.Fatalf("seek --help: %q", out)
	}

	ok(t, "ctl", "volume", "40")
	eventually(t, "volume 40", func() bool { return r.p.Status().Volume > 0.39 && r.p.Status().Volume < 0.41 })
	out = ok(t, "ctl", "volume", "-15")
	if !strings.Contains(out, "volume 25%") {
		t.Fatalf("volume -15: %q", out)
	}
	out = ok(t, "ctl", "volume")
	if !strings.Contains(out, "volume 25%") {
		t.Fatalf("volume: %q", out)
	}

	ok(t, "ctl", "next")
	eventually(t, "next track", func() bool {
		s := r.p.Status()
		return s.Track != nil && s.Track.URN.ID() == "1009"
	})
	ok(t, "ctl", "previous")
	eventually(t, "previous track", func() bool {
		s := r.p.Status()
		return s.Track != nil && s.Track.URN.ID() == "1008"
	})
	ok(t, "ctl", "repeat", "all")
	ok(t, "ctl", "shuffle", "on")
	if st := ctlStatus(t); st.Repeat != "all" || !st.Shuffle {
		t.Fatalf("repeat/shuffle: %+v", st)
	}
	ok(t, "ctl", "shuffle", "off")

	// Queue by page URL, by URN, by playlist; list both ways; clear.
	if out := ok(t, "ctl", "queue", "add", "https://soundcloud.com/lunar-tides/cloud-study", "soundcloud:tracks:1012"); !strings.Contains(out, "queued 2") {
		t.Fatalf("queue add: %q", out)
	}
	if out := ok(t, "ctl", "queue", "next", "soundcloud:playlists:2005"); !strings.Contains(out, "queued 4") {
		t.Fatalf("queue next playlist: %q", out)
	}
	q := jsonLines(t, ok(t, "ctl", "queue", "list", "--json"))
	var ids []string
	for _, o := range q {
		ids = append(ids, strings.TrimPrefix(o["urn"].(string), "soundcloud:tracks:"))
	}
	if len(ids) != 8 || ids[0] != "1008" || ids[6] != "1011" || ids[7] != "1012" {
		t.Fatalf("queue after add/next: %v", ids)
	}
	head, rows := tableRows(t, ok(t, "ctl", "queue"))
	if !strings.Contains(head, "TITLE") || len(rows) != 8 || !strings.Contains(rows[0], ">") || !strings.Contains(rows[0], "Rainy Window") {
		t.Fatalf("queue table:\n%s\n%s", head, strings.Join(rows, "\n"))
	}

	// like / unlike the current track go to the API.
	if isLiked(t, r.w, "soundcloud:tracks:1008") {
		ok(t, "ctl", "unlike")
	}
	if out := ok(t, "ctl", "like"); !strings.Contains(out, "liked Rainy Window") {
		t.Fatalf("ctl like: %q", out)
	}
	if !isLiked(t, r.w, "soundcloud:tracks:1008") {
		t.Fatal("ctl like did not reach the API")
	}
	ok(t, "ctl", "unlike")
	if isLiked(t, r.w, "soundcloud:tracks:1008") {
		t.Fatal("ctl unlike did not reach the API")
	}

	ok(t, "ctl", "queue", "clear")
	if q := jsonLines(t, ok(t, "ctl", "queue", "list", "--json")); len(q) != 0 {
		t.Fatalf("queue after clear: %v", q)
	}
	ok(t, "ctl", "stop")
	eventually(t, "stopped", func() bool { return r.p.Status().State == player.Stopped })
}

// A preview says why it is one in status --json, in the player's words.
func TestCtlStatusSaysWhyPreview(t *testing.T) {
	r := startRunningWith(t, fake.PreviewTrackID)
	eventually(t, "playing", func() bool { return r.p.Status().State == player.Playing })
	want := r.p.Status().PreviewWhy
	if want == "" {
		t.Fatal("the player gives no reason for the preview")
	}
	st := ctlStatus(t)
	if !st.Preview || st.PreviewWhy != want {
		t.Fatalf("status --json: preview %v, preview_why %q; want %q", st.Preview, st.PreviewWhy, want)
	}
	if out := ok(t, "ctl", "status", "--json"); !strings.Contains(out, `"preview_why":"SoundCloud offers only a preview of this track"`) {
		t.Fatalf("status --json: %s", out)
	}
}

func TestCtlErrors(t *testing.T) {
	startRunning(t)
	for _, c := range []struct {
		args []string
		code int
		msg  string
	}{
		{[]string{"ctl", "seek", "soon"}, ExitUsage, "seek"},
		{[]string{"ctl", "seek"}, ExitUsage, "usage"},
		{[]string{"ctl", "volume", "150"}, ExitUsage, "outside 0-100"},
		{[]string{"ctl", "repeat", "forever"}, ExitUsage, "off, one or all"},
		{[]string{"ctl", "dance"}, ExitUsage, "unknown command"},
		{[]string{"ctl", "queue", "add", "soundcloud:tracks:999999"}, ExitNotFound, "404"},
		{[]string{"ctl", "queue", "add", "https://soundcloud.com/nobody/nothing"}, ExitNotFound, "resolve"},
		{[]string{"ctl", "queue", "add", "soundcloud:users:2"}, ExitUsage, "not a track or playlist"},
	} {
		r := run(t, c.args...)
		if r.code != c.code || !strings.Contains(r.errOut, c.msg) {
			t.Errorf("cirrus %v: exit %d (want %d)\n%s", c.args, r.code, c.code, r.errOut)
		}
	}
}

func TestCtlNothingRunning(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("CIRRUS_SOCKET", "")
	t.Setenv("XDG_RUNTIME_DIR", dir)
	want := "no running cirrus (socket " + filepath.Join(dir, "cirrus.sock") + ")"
	for _, args := range [][]string{{"ctl", "status"}, {"ctl", "seek", "-10"}, {"ctl", "queue", "list"}} {
		r := run(t, args...)
		if r.code != ExitError || !strings.Contains(r.errOut, want) {
			t.Fatalf("cirrus %v with nothing running: exit %d %q", args, r.code, r.errOut)
		}
	}
	// A socket file left by a crash says the same.
	stale := filepath.Join(dir, "stale.sock")
	ln, err := net.ListenUnix("unix", &net.UnixAddr{Name: stale, Net: "unix"})
	if err != nil {
		t.Fatal(err)
	}
	ln.SetUnlinkOnClose(false)
	ln.Close()
	r := run(t, "ctl", "--socket", stale, "status")
	if r.code != ExitError || !strings.Contains(r.errOut, "no running cirrus (socket "+stale+")") {
		t.Fatalf("--socket on a stale socket: exit %d %q", r.code, r.errOut)
	}
}
