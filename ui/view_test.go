package ui

import (
	"flag"
	"image"
	"image/color"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
	"github.com/muesli/termenv"

	"github.com/cirrus-tui/cirrus/api"
	"github.com/cirrus-tui/cirrus/player"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden")

// pinProfile renders without colour so goldens are plain text and stable.
func pinProfile(t testing.TB, p termenv.Profile) {
	old := lipgloss.ColorProfile()
	lipgloss.SetColorProfile(p)
	t.Cleanup(func() { lipgloss.SetColorProfile(old) })
}

func flushDetail(t *testing.T, m *Model) {
	t.Helper()
	if it, ok := m.current().Selected(); ok && m.wide() {
		settle(t, m, detailMsg{seq: m.detail.seq, it: it})
	}
}

// scenes put the model in each state worth a golden.
var scenes = []struct {
	name string
	set  func(t *testing.T, m *Model, b *recBackend, a *recAudio)
}{
	{"feed", func(t *testing.T, m *Model, b *recBackend, a *recAudio) {}},
	{"feed_playing", func(t *testing.T, m *Model, b *recBackend, a *recAudio) {
		settle(t, m, playerEventMsg{ok: true, ev: player.Event{Kind: player.EventTrackChanged, Status: player.Status{
			State: player.Playing, Track: &b.tracks[1], Position: 31 * time.Second, Duration: 30 * time.Second, Volume: 0.8,
			Preview: true, Shuffle: true, Repeat: player.RepeatAll, Buffering: true}}})
		b.comments[b.tracks[1].URN] = nil
		settle(t, m, npCommentsMsg{urn: b.tracks[1].URN, comments: []api.Comment{{URN: "c", Body: "so good", Timestamp: 29000, User: &api.User{Username: "cy"}}}})
	}},
	{"likes", func(t *testing.T, m *Model, b *recBackend, a *recAudio) { press(t, m, "2") }},
	{"likes_playlists", func(t *testing.T, m *Model, b *recBackend, a *recAudio) { press(t, m, "2", "t") }},
	{"search", func(t *testing.T, m *Model, b *recBackend, a *recAudio) {
		press(t, m, "/", "f", "o", "g", "enter", "j")
	}},
	{"search_input", func(t *testing.T, m *Model, b *recBackend, a *recAudio) { press(t, m, "/", "r", "a", "i", "n") }},
	{"playlists_open", func(t *testing.T, m *Model, b *recBackend, a *recAudio) { press(t, m, "4", "enter") }},
	{"following", func(t *testing.T, m *Model, b *recBackend, a *recAudio) { press(t, m, "5") }},
	{"profile", func(t *testing.T, m *Model, b *recBackend, a *recAudio) { press(t, m, "5", "j", "enter") }},
	{"comments", func(t *testing.T, m *Model, b *recBackend, a *recAudio) {
		playing(m, &b.tracks[0], 31*time.Second)
		press(t, m, "C")
	}},
	{"queue", func(t *testing.T, m *Model, b *recBackend, a *recAudio) {
		a.queue = b.tracks
		t1 := &b.tracks[1]
		m.Update(playerEventMsg{ok: true, ev: player.Event{Kind: player.EventTrackChanged, Status: player.Status{
			State: player.Paused, Track: t1, Position: 10 * time.Second, Duration: t1.DurationTime(), Volume: 0.5, Index: 1}}})
		press(t, m, "6")
	}},
	{"help", func(t *testing.T, m *Model, b *recBackend, a *recAudio) { press(t, m, "?") }},
	{"picker", func(t *testing.T, m *Model, b *recBackend, a *recAudio) { press(t, m, "P") }},
	{"comment_prompt", func(t *testing.T, m *Model, b *recBackend, a *recAudio) {
		playing(m, &b.tracks[0], 83*time.Second)
		press(t, m, "c", "h", "i")
	}},
	{"load_error", func(t *testing.T, m *Model, b *recBackend, a *recAudio) {
		b.fail("MyFollowings", &api.Error{Op: "GET /me/followings", Status: 503, Message: "Service Unavailable"}, true)
		l := m.tabs.pane(tabFollowing).(*browsePane).top().list()
		for _, msg := range runCmd(l.Load()) {
			settle(t, m, msg)
		}
		press(t, m, "5")
	}},
}

func TestGoldenViews(t *testing.T) {
	pinProfile(t, termenv.Ascii)
	for _, size := range [][2]int{{80, 24}, {160, 48}} {
		for _, sc := range scenes {
			name := sc.name + "_" + itoa(size[0]) + "x" + itoa(size[1])
			t.Run(name, func(t *testing.T) {
				m, b, a := started(t, size[0], size[1])
				sc.set(t, m, b, a)
				flushDetail(t, m)
				golden(t, name, m.View())
			})
		}
	}
	t.Run("welcome_80x24", func(t *testing.T) {
		m := New(Options{Backend: fixture(), Audio: &recAudio{}})
		instantTimers(m)
		m.Update(tea_size(80, 24))
		golden(t, "welcome_80x24", m.View())
	})
}

func itoa(i int) string { return strconv.Itoa(i) }

func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", "golden", name+".txt")
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./ui -run TestGoldenViews -update)", err)
	}
	if string(want) != got {
		t.Errorf("%s differs from the golden file; got:\n%s", name, got)
	}
}

// checkFrame asserts the frame invariants: exactly h lines, none wider than w.
func checkFrame(t *testing.T, what string, v string, w, h int) {
	t.Helper()
	lines := strings.Split(v, "\n")
	if len(lines) != h {
		t.Errorf("%s: %d lines, want %d", what, len(lines), h)
	}
	for i, l := range lines {
		if lw := ansi.StringWidth(l); lw > w {
			t.Errorf("%s: line %d is %d wide (> %d): %q", what, i, lw, w, l)
		}
	}
}

func TestNoLineWiderThanTheTerminal(t *testing.T) {
	for _, p := range []termenv.Profile{termenv.Ascii, termenv.TrueColor} {
		pinProfile(t, p)
		for _, size := range [][2]int{{80, 24}, {40, 12}, {60, 16}, {79, 23}, {109, 30}, {110, 30}, {133, 41}, {160, 48}, {230, 70}} {
			for _, sc := range scenes {
				m, b, a := started(t, size[0], size[1])
				sc.set(t, m, b, a)
				flushDetail(t, m)
				checkFrame(t, sc.name, m.View(), size[0], size[1])
				// and after a resize, nothing left from the old size
				m.Update(tea_size(size[0]-7, size[1]-3))
				checkFrame(t, sc.name+" resized", m.View(), size[0]-7, size[1]-3)
			}
		}
	}
}

// hostile strings: OSC 52, CSI, OSC title, C1 controls (8-bit and UTF-8), bidi.
var hostile = []string{
	"\x1b]52;c;cm0gLXJmIH4=\x07Clipboard",
	"\x1b[2J\x1b[HClear",
	"\x1b]0;pwned\x1b\\Title",
	"\u009b31mC1 CSI",
	"\x9b1mraw C1",
	"Bidi \u202eevil\u202c \u2066x\u2069",
	"\x1bP1$r\x1b\\DCS",
	"tab\tnew\nline\rcr\x07bell\x08bs\x7fdel",
}

func hostileBackend() *recBackend {
	b := fixture()
	h := func(i int) string { return hostile[i%len(hostile)] }
	for i := range b.followings {
		b.followings[i].Username = h(i)
		b.followings[i].Description = h(i + 3)
		b.followings[i].FullName = h(i + 1)
	}
	for i := range b.tracks {
		b.tracks[i].Title = h(i + 2)
		b.tracks[i].Description = h(i + 5)
		b.tracks[i].Genre = h(i + 6)
		b.tracks[i].User = &b.followings[i%len(b.followings)]
	}
	b.likedTracks = b.tracks
	b.myPlaylists[0].Title = h(7)
	b.likedPlaylists = b.myPlaylists
	var feed []api.Activity
	for i := range b.tracks {
		feed = append(feed, api.Activity{Type: "track:repost", CreatedAt: "2026-05-31T12:00:00Z", Reposter: b.followings[1].URN, Track: &b.tracks[i]})
	}
	b.feed = feed
	for i := range b.tracks {
		var cs []api.Comment
		for j := range hostile {
			cs = append(cs, api.Comment{URN: api.NewURN("comments", int64(j)), Body: h(j), Timestamp: api.Millis(j * 4000), User: &b.followings[j%3]})
		}
		b.comments[b.tracks[i].URN] = cs
	}
	return b
}

func TestHostileTextNeverReachesTheTerminal(t *testing.T) {
	pinProfile(t, termenv.Ascii)
	for _, size := range [][2]int{{80, 24}, {160, 48}} {
		for _, sc := range scenes {
			b, a := hostileBackend(), &recAudio{}
			m := newTestModel(b, a, size[0], size[1])
			for _, msg := range runCmd(m.Init()) {
				settle(t, m, msg)
			}
			sc.set(t, m, b, a)
			flushDetail(t, m)
			v := m.View()
			for i, r := range v {
				bad := (r < 0x20 && r != '\n') || r == 0x7f || (r >= 0x80 && r <= 0x9f) ||
					(r >= 0x202a && r <= 0x202e) || (r >= 0x2066 && r <= 0x2069) || r == utf8.RuneError
				if bad {
					t.Fatalf("%s %dx%d: control %U at byte %d in:\n%q", sc.name, size[0], size[1], r, i, v)
				}
			}
			if strings.Contains(v, "pwned") && strings.Contains(v, "]0;") {
				t.Fatalf("%s: OSC payload survived", sc.name)
			}
			checkFrame(t, "hostile "+sc.name, v, size[0], size[1])
		}
	}
}

func TestArtworkDrawnBesideDetails(t *testing.T) {
	pinProfile(t, termenv.TrueColor)
	m, b, _ := started(t, 160, 48)
	b.tracks[0].ArtworkURL = "https://i1.sndcdn.com/a.jpg"
	m.tabs.pane(tabFeed).(*browsePane).top().list().items[0].Track.ArtworkURL = "https://i1.sndcdn.com/a.jpg"
	img := image.NewRGBA(image.Rect(0, 0, 32, 32))
	for y := range 32 {
		for x := range 32 {
			img.Set(x, y, color.RGBA{uint8(x * 8), uint8(y * 8), 200, 255})
		}
	}
	serveCovers(m, img)
	arrive(m, "https://i1.sndcdn.com/a.jpg")
	v := m.View()
	if !strings.Contains(v, "▀") || !strings.Contains(v, "\x1b[38;2;") {
		t.Errorf("no true-colour half-block artwork in the detail pane")
	}
	lipgloss.SetColorProfile(termenv.ANSI256)
	if v := m.View(); !strings.Contains(v, "\x1b[38;5;") || strings.Contains(v, "\x1b[38;2;") {
		t.Errorf("artwork did not degrade to 256 colours")
	}
}

func TestTinyTerminalsDoNotPanic(t *testing.T) {
	pinProfile(t, termenv.Ascii)
	m, b, _ := started(t, 80, 24)
	playing(m, &b.tracks[0], 30*time.Second)
	for w := 1; w <= 30; w += 3 {
		for h := 1; h <= 14; h++ {
			m.Update(tea_size(w, h))
			checkFrame(t, "tiny", m.View(), w, h)
			for _, k := range []string{"?", "x", "C", "C", "6", "1"} {
				settle(t, m, kp(k))
				checkFrame(t, "tiny "+k, m.View(), w, h)
			}
		}
	}
}

func TestWaveformPlayedPartColoured(t *testing.T) {
	pinProfile(t, termenv.TrueColor)
	m, b, _ := started(t, 80, 24)
	tr := &b.tracks[0]
	settle(t, m, playerEventMsg{ok: true, ev: player.Event{Kind: player.EventTrackChanged, Status: player.Status{
		State: player.Paused, Track: tr, Position: tr.DurationTime() / 4, Duration: tr.DurationTime()}}})
	if m.np.wave == nil {
		t.Fatal("waveform not loaded")
	}
	lines := strings.Split(m.View(), "\n")
	wave := lines[m.lay.waveTop+m.lay.waveH-1]
	played, unplayed := "\x1b[38;2;255;85;0m", "\x1b[38;2;85;85;85m"
	pi, ui := strings.Index(wave, played), strings.Index(wave, unplayed)
	if pi < 0 || ui < 0 || pi > ui {
		t.Fatalf("waveform row lacks played-then-unplayed colours: %q", wave)
	}
	if w := ansi.StringWidth(ansi.Strip(wave[:ui])); w < 18 || w > 22 {
		t.Errorf("played part is %d columns, want about a quarter of 80", w)
	}
}
