//go:build unix

package mpris

import (
	"context"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/godbus/dbus/v5"

	"github.com/cirrus-tui/cirrus/api"
	"github.com/cirrus-tui/cirrus/api/fake"
	"github.com/cirrus-tui/cirrus/player"
)

// The whole path: the real player (WAV sink at real speed) plays tracks from
// the fake SoundCloud, MPRIS serves it, and the real playerctl drives it.
func TestPlayerctlDrivesRealPlayer(t *testing.T) {
	addr := privateBus(t)
	needTool(t, "playerctl")
	srv, err := fake.New(fake.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	tok, _ := srv.IssueToken(fake.DemoUserPermalink)
	client := api.New(api.Options{BaseURL: srv.URL(), AuthURL: srv.AuthURL(), Tokens: api.StaticToken(tok)})
	ctx := context.Background()
	p, err := player.New(ctx, player.Options{API: client, Output: filepath.Join(t.TempDir(), "o.wav"), WAVSpeed: 1, Volume: 0.5})
	if err != nil {
		t.Fatalf("player: %v", err)
	}
	defer p.Close()

	m, err := Serve(ctx, p, Options{Conn: connect(t, addr)})
	if err != nil {
		t.Fatalf("Serve: %v", err)
	}
	defer m.Close()
	// The owner fans the player's one event channel out; here only to MPRIS.
	go func() {
		for ev := range p.Events() {
			m.Update(ev.Status)
		}
	}()
	sig := signals(t, addr)

	var tracks []api.Track
	for _, id := range []int64{1008, 1012} {
		tr, err := client.Track(ctx, api.NewURN(api.KindTrack, id))
		if err != nil {
			t.Fatal(err)
		}
		tracks = append(tracks, *tr)
	}
	p.PlayTracks(tracks, 0)

	waitSignal(t, sig, "PropertiesChanged(Playing)", changedProp("PlaybackStatus", func(v any) bool { return v == "Playing" }))
	eventually(t, "playerctl status Playing", func() bool { return playerctl(t, addr, "status") == "Playing" })
	got := playerctl(t, addr, "metadata", "--format", "{{title}}|{{artist}}|{{mpris:length}}|{{xesam:url}}")
	want := "Rainy Window|Lunar Tides|" + strconv.FormatInt(length(p.Status()).Microseconds(), 10) + "|" + tracks[0].PermalinkURL
	if length(p.Status()) < 150*time.Second || got != want {
		t.Fatalf("metadata\n got %q\nwant %q", got, want)
	}

	playerctl(t, addr, "play-pause")
	waitSignal(t, sig, "PropertiesChanged(Paused)", changedProp("PlaybackStatus", func(v any) bool { return v == "Paused" }))
	if st := p.Status().State; st != player.Paused {
		t.Fatalf("player after play-pause: %v", st)
	}
	playerctl(t, addr, "play-pause")
	eventually(t, "playing again", func() bool { return p.Status().State == player.Playing })

	// Position: set (SetPosition with the track id), then read it back.
	playerctl(t, addr, "position", "60")
	waitSignal(t, sig, "Seeked(60s)", func(s *dbus.Signal) bool {
		return s.Name == IfacePlayer+".Seeked" && s.Body[0] == int64(60_000_000)
	})
	eventually(t, "position near 60 s", func() bool {
		pos, err := strconv.ParseFloat(playerctl(t, addr, "position"), 64)
		return err == nil && pos >= 60 && pos < 70
	})
	if pos := p.Status().Position; pos < 60*time.Second || pos > 70*time.Second {
		t.Fatalf("player position after position 60: %v", pos)
	}
	playerctl(t, addr, "position", "15-")
	eventually(t, "position near 45 s", func() bool {
		pos, err := strconv.ParseFloat(playerctl(t, addr, "position"), 64)
		return err == nil && pos >= 45 && pos < 58
	})

	// Volume.
	if v := playerctl(t, addr, "volume"); !strings.HasPrefix(v, "0.5") {
		t.Fatalf("volume %q", v)
	}
	playerctl(t, addr, "volume", "0.25")
	waitSignal(t, sig, "PropertiesChanged(Volume)", changedProp("Volume", func(v any) bool { return v == 0.25 }))
	if v := p.Status().Volume; v != 0.25 {
		t.Fatalf("player volume %v", v)
	}

	// Next: the metadata follows, announced by a signal.
	playerctl(t, addr, "next")
	waitSignal(t, sig, "PropertiesChanged(Metadata of the next track)", changedProp("Metadata", func(v any) bool {
		md, _ := v.(map[string]dbus.Variant)
		return md["xesam:title"].Value() == "Harbor Lights"
	}))
	eventually(t, "playerctl title Harbor Lights", func() bool { return playerctl(t, addr, "metadata", "title") == "Harbor Lights" })
	if got := playerctl(t, addr, "metadata", "artist"); got != "Neon Harbor" {
		t.Fatalf("artist after next: %q", got)
	}
	if got := playerctl(t, addr, "metadata", "mpris:length"); got != strconv.FormatInt(length(p.Status()).Microseconds(), 10) || got == "0" {
		t.Fatalf("length after next: %q", got)
	}
	playerctl(t, addr, "previous")
	eventually(t, "back to Rainy Window", func() bool { return playerctl(t, addr, "metadata", "title") == "Rainy Window" })
}

func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(50 * time.Millisecond)
	}
}
