package e2e

import (
	"encoding/json"
	"fmt"
	"os"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/cirrus-tui/cirrus/api/fake"
)

const (
	feedReady   = "Test Tones — Tone Lab" // a feed row of the demo user
	tonesTitle  = "Test Tones"
	longTones   = "Test Tones (Long)" // 97 s of the tones piece, four passes
	demoName    = "Cirrus Demo"
	longTonesID = 1044 // api/fake catalogue: "Test Tones (Long)"
)

// openFeed starts cirrus and waits for the feed.
func (w *world) openFeed() *term {
	tm := w.startTUI()
	tm.waitText(feedReady, 30*time.Second)
	return tm
}

// focusSearch presses / and waits for the empty, focused query box (ctrl+u
// clears an old query, which / selects).
func (tm *term) focusSearch() {
	tm.t.Helper()
	tm.keys("/")
	tm.keys("C-u")
	tm.waitText("/ search SoundCloud or paste a soundcloud.com link", 5*time.Second)
}

// playFromSearch searches q, selects the row with title and plays it.
func (tm *term) playFromSearch(q, title string) {
	tm.t.Helper()
	tm.focusSearch()
	tm.typeText(q)
	tm.keys("Enter")
	tm.selectRow(title + " — ")
	tm.keys("Enter")
	tm.waitScreen("▶ "+title, 30*time.Second, func(l []string) bool { return playingLine(l, title) })
}

// Scenario 1, against a real `cirrus demo-server` process: the feed shows,
// Test Tones plays, and the sink hears its tones in order.
func TestE2EPlayFromFeedAgainstDemoServer(t *testing.T) {
	requireAudio(t)
	w := newWorld(t, worldOptions{demoServer: true, audio: true})
	w.login()
	rec := w.record()
	tm := w.openFeed()
	tm.selectRow(feedReady)
	tm.keys("Enter")
	tm.waitScreen("Test Tones playing", 30*time.Second, func(l []string) bool { return playingLine(l, tonesTitle) })
	want := []float64{300, 400, 500, 600}
	tm.waitPosition(14*time.Second, 60*time.Second)
	deadline := time.Now().Add(20 * time.Second)
	var got []float64
	for time.Now().Before(deadline) {
		if got = tonesHeard(rec.samples()); containsInOrder(got, want) {
			break
		}
		time.Sleep(200 * time.Millisecond)
	}
	if !containsInOrder(got, want) {
		t.Fatalf("recording holds tones %v, want %v in order", got, want)
	}
	t.Logf("heard %v", got)
	tm.keys("q")
	tm.waitExit(t)
}

// waitExit waits for the shell to record cirrus's exit status and returns
// how long that took.
func (tm *term) waitExit(t *testing.T) time.Duration {
	t.Helper()
	start := time.Now()
	for tm.exitStatus() == "" {
		if time.Since(start) > 10*time.Second {
			t.Fatalf("cirrus did not exit within 10 s of q; screen:\n%s", tm.screenText())
		}
		time.Sleep(5 * time.Millisecond)
	}
	took := time.Since(start)
	if st := tm.exitStatus(); st != "EXIT:0" {
		t.Fatalf("cirrus ended with %s, want EXIT:0; screen:\n%s", st, tm.screenText())
	}
	return took
}

// Scenario 2: seek forward 30 s, then pause: the position jumps, the sink
// plays the tone of the new position, and goes silent after the pause.
func TestE2ESeekAndPause(t *testing.T) {
	requireAudio(t)
	w := newWorld(t, worldOptions{audio: true})
	w.login()
	tm := w.openFeed()
	tm.playFromSearch("test tones", longTones)
	p0 := tm.waitPosition(3*time.Second, 30*time.Second)

	tm.keys("]")
	p1 := tm.waitPosition(p0+25*time.Second, 10*time.Second)
	rec := w.record()
	before := tm.waitPosition(p1+6*time.Second, 30*time.Second)
	tm.keys("Space")
	lines := tm.waitScreen("paused", 10*time.Second, func(l []string) bool { return pausedLine(l, longTones) })
	paused, _ := position(lines)
	if paused < before {
		t.Fatalf("position went back from %v to %v on pause", before, paused)
	}

	// The sink falls silent: poll until its last second is quiet.
	var x []float64
	end := time.Now().Add(15 * time.Second)
	for {
		x = rec.samples()
		if len(x) > seconds(3*time.Second) && rms(x[len(x)-rate:]) < 0.002 {
			break
		}
		if time.Now().After(end) {
			t.Fatalf("still sound %v after pausing (rms of the last second %.4f)", 15*time.Second, rms(x[max(len(x)-rate, 0):]))
		}
		time.Sleep(100 * time.Millisecond)
	}
	// Two more seconds of recording: silent throughout, position unchanged.
	n := len(x)
	for len(rec.samples()) < n+seconds(2*time.Second) {
		time.Sleep(100 * time.Millisecond)
	}
	x = rec.samples()
	if r := rms(x[n:]); r > 0.002 {
		t.Errorf("sound after the pause (rms %.4f)", r)
	}
	if p, _ := position(tm.screen()); p != paused {
		t.Errorf("paused position moved from %v to %v", paused, p)
	}

	// What played after the seek was the piece at the new position: skip
	// the first 2.5 s (sound from before the seek still in the sink) and
	// compare with the tones the positions p1..paused call for.
	heard := tonesHeard(x[min(seconds(2500*time.Millisecond), len(x)):n])
	if len(heard) == 0 {
		t.Fatalf("nothing heard between the seek and the pause (positions %v..%v)", p1, paused)
	}
	expect := map[float64]bool{}
	for p := p1 - time.Second; p <= paused+time.Second; p += 250 * time.Millisecond {
		expect[toneAt(p)] = true
	}
	for _, f := range heard {
		if !expect[f] {
			t.Errorf("heard %v Hz after seeking to %v..%v; the piece there has %v", f, p1, paused, keys(expect))
		}
	}
	t.Logf("seek %v → %v, paused at %v; heard after the seek %v", p0, p1, paused, heard)
	tm.keys("q")
	tm.waitExit(t)
}

func keys(m map[float64]bool) []float64 {
	var out []float64
	for k := range m {
		if k != 0 {
			out = append(out, k)
		}
	}
	return out
}

type urnList struct {
	Collection []struct {
		URN      string `json:"urn"`
		Title    string `json:"title"`
		Username string `json:"username"`
		User     struct {
			URN      string `json:"urn"`
			Username string `json:"username"`
		} `json:"user"`
	} `json:"collection"`
}

func (w *world) urns(path string) map[string]bool {
	var l urnList
	w.apiGet(path, &l)
	m := map[string]bool{}
	for _, it := range l.Collection {
		m[it.URN] = true
	}
	return m
}

// Scenario 3: search with a genre filter, like a result and follow its
// artist; the fake has both, and the likes and following tabs show them
// after a reload.
func TestE2ESearchLikeFollow(t *testing.T) {
	requireTerminal(t)
	w := newWorld(t, worldOptions{})
	w.login()
	const query, genre = "crate", "Lo-Fi"
	liked := w.urns("/me/likes/tracks?limit=200&linked_partitioning=true")
	followed := w.urns("/me/followings?limit=200")
	// The first result the demo user neither likes nor follows the artist of.
	var results urnList
	w.apiGet("/tracks?q="+query+"&genres="+genre+"&limit=50&linked_partitioning=true", &results)
	var title, track, artist, artistURN string
	for _, r := range results.Collection {
		if !liked[r.URN] && !followed[r.User.URN] {
			title, track, artist, artistURN = r.Title, r.URN, r.User.Username, r.User.URN
			break
		}
	}
	if track == "" {
		t.Fatalf("no search result to like among %d", len(results.Collection))
	}

	tm := w.openFeed()
	tm.focusSearch()
	tm.typeText(query)
	tm.keys("Enter")
	tm.waitText("Crate Dig #", 20*time.Second)
	tm.keys("C-f")
	tm.waitScreen("the genre box focused", 5*time.Second, func(l []string) bool { return row(l, "genre:") >= 0 })
	tm.typeText(genre)
	tm.keys("Enter")
	// Only Lo-Fi rows now: the first archive track is Lo-Fi, the second is not.
	tm.waitScreen("genre-filtered results", 20*time.Second, func(l []string) bool {
		return row(l, title) >= 0 && row(l, "Crate Dig #00002") < 0
	})
	tm.selectRow(title)
	tm.keys("f")
	waitUntil(t, "the like at the fake", 10*time.Second, func() bool {
		return w.urns("/me/likes/tracks?limit=200&linked_partitioning=true")[track]
	})
	tm.keys("F")
	waitUntil(t, "the follow at the fake", 10*time.Second, func() bool { return w.urns("/me/followings?limit=200")[artistURN] })

	tm.keys("2")
	tm.keys("C-r")
	tm.waitScreen("the liked track in the likes tab", 20*time.Second, func(l []string) bool {
		return row(l, "/ "+query) < 0 && row(listPart(l), title) >= 0
	})
	tm.keys("5")
	tm.keys("C-r")
	tm.waitScreen("the artist in the following tab", 20*time.Second, func(l []string) bool {
		list := listPart(l)
		return row(list, "Crate Dig #") < 0 && row(list, artist) >= 0
	})
	tm.keys("q")
	tm.waitExit(t)
}

func waitUntil(t *testing.T, what string, d time.Duration, cond func() bool) {
	t.Helper()
	end := time.Now().Add(d)
	for !cond() {
		if time.Now().After(end) {
			t.Fatalf("waiting for %s: not within %v", what, d)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

var promptRE = regexp.MustCompile(`Comment on “` + regexp.QuoteMeta(longTones) + `” at (\d+:\d\d):`)

// Scenario 4: a comment written while paused lands at that position, on
// screen and at the fake.
func TestE2ECommentAtPosition(t *testing.T) {
	requireAudio(t) // real-time playback: a WAV output races through the queue
	w := newWorld(t, worldOptions{audio: true})
	w.login()
	tm := w.openFeed()
	tm.playFromSearch("test tones", longTones)
	tm.waitPosition(5*time.Second, 30*time.Second)
	tm.keys("Space")
	tm.waitScreen("paused", 10*time.Second, func(l []string) bool { return pausedLine(l, longTones) })
	tm.keys("c")
	lines := tm.waitScreen("the comment prompt", 5*time.Second, func(l []string) bool {
		return promptRE.MatchString(strings.Join(l, "\n"))
	})
	at := promptRE.FindStringSubmatch(strings.Join(lines, "\n"))[1]
	shown, _ := position(lines)
	body := fmt.Sprintf("e2e comment %d", time.Now().UnixNano()%100000)
	tm.typeText(body)
	tm.keys("Enter")

	// At the fake: the comment on the track, at that timestamp.
	type comment struct {
		Body      string          `json:"body"`
		Timestamp json.RawMessage `json:"timestamp"`
	}
	var found *comment
	waitUntil(t, "the comment at the fake", 10*time.Second, func() bool {
		var l struct {
			Collection []comment `json:"collection"`
		}
		w.apiGet(fmt.Sprintf("/tracks/soundcloud:tracks:%d/comments?limit=200&linked_partitioning=true", longTonesID), &l)
		for i, c := range l.Collection {
			if c.Body == body {
				found = &l.Collection[i]
				return true
			}
		}
		return false
	})
	ms, err := strconv.ParseInt(strings.Trim(string(found.Timestamp), `"`), 10, 64)
	if err != nil {
		t.Fatalf("comment timestamp %s: %v", found.Timestamp, err)
	}
	if got := time.Duration(ms) * time.Millisecond; got.Truncate(time.Second) != shown {
		t.Errorf("comment at %v, the screen showed %v", got, shown)
	}

	// On screen: the comments pane of the selected (playing) track.
	tm.keys("C")
	tm.waitScreen("the comment in the comments pane", 20*time.Second, func(l []string) bool {
		for _, s := range l {
			if strings.Contains(s, at+" "+demoName+": "+body) {
				return true
			}
		}
		return false
	})
	tm.keys("q")
	tm.waitExit(t)
}

// checkFrame asserts the screen fits w×h: no line wider (tmux joins
// wrapped lines with -J, so an overlong line shows as one wider line), the
// tab bar on the first row and the status line on the last.
func (tm *term) checkFrame(w, h int) {
	tm.t.Helper()
	lines := tm.waitScreen(fmt.Sprintf("a %dx%d frame", w, h), 10*time.Second, func(l []string) bool {
		gw, gh := tm.size()
		return gw == w && gh == h && len(l) == h && strings.Contains(l[0], "Feed") && strings.TrimSpace(l[h-1]) != ""
	})
	joined := strings.Split(strings.TrimRight(tm.tmux("capture-pane", "-p", "-J", "-t", "main"), "\n"), "\n")
	if n, l := widest(joined); n > w {
		tm.t.Errorf("at %dx%d a line is %d cells wide: %q", w, h, n, l)
	}
	if len(lines) > h {
		tm.t.Errorf("%d lines on a %d-line screen", len(lines), h)
	}
	if tm.exitStatus() != "" {
		tm.t.Fatalf("cirrus exited on resize: %s", tm.exitStatus())
	}
}

// Scenario 5: 160x48 → 80x24 → 160x48 while a track plays.
func TestE2EResize(t *testing.T) {
	requireTerminal(t)
	w := newWorld(t, worldOptions{})
	w.login()
	tm := w.openFeed()
	tm.checkFrame(wideW, wideH)
	tm.selectRow(feedReady)
	tm.keys("Enter")
	tm.waitScreen("Test Tones playing", 30*time.Second, func(l []string) bool {
		return playingLine(l, tonesTitle) || pausedLine(l, tonesTitle) || row(l, "■ "+tonesTitle) >= 0
	})
	tm.resize(80, 24)
	tm.checkFrame(80, 24)
	tm.resize(wideW, wideH)
	tm.checkFrame(wideW, wideH)
	tm.waitText(feedReady, 5*time.Second)
	tm.keys("q")
	tm.waitExit(t)
}

// Scenario 6: the fake cuts media connections mid-track; playback goes on
// by itself, past the cut, and the sink keeps hearing the piece.
func TestE2EDroppedMediaConnection(t *testing.T) {
	requireAudio(t)
	w := newWorld(t, worldOptions{audio: true})
	w.login()
	tm := w.openFeed()
	tm.playFromSearch("test tones", longTones)
	tm.waitPosition(4*time.Second, 30*time.Second)
	before := w.srv.Stats()
	w.srv.SetFaults(fake.Faults{DropMediaAfter: 4 << 10, DropMediaTimes: 3})
	waitUntil(t, "the fake to cut a media connection", 30*time.Second, func() bool {
		return w.srv.Stats().Faults > before.Faults
	})
	lines := tm.screen()
	dropAt, ok := position(lines)
	if !ok {
		t.Fatalf("no position on screen at the cut:\n%s", strings.Join(lines, "\n"))
	}
	rec := w.record()
	after := tm.waitPosition(dropAt+15*time.Second, 45*time.Second)
	if s := tm.screenText(); strings.Contains(s, "❚❚ "+longTones) {
		t.Errorf("player paused after the drop:\n%s", s)
	}
	// The screen's position runs ahead of the sink's monitor (up to ~2 s on
	// the null sink, more on a busy machine): wait for the sound itself.
	var heard []float64
	end := time.Now().Add(20 * time.Second)
	for {
		x := rec.samples()
		if heard = tonesHeard(x[min(seconds(2500*time.Millisecond), len(x)):]); len(heard) >= 2 {
			break
		}
		if time.Now().After(end) {
			t.Fatalf("after the cut at %v the sink heard tones %v, want the piece to go on (position now %v)", dropAt, heard, after)
		}
		time.Sleep(200 * time.Millisecond)
	}
	// Those are the tones of the positions after the cut, in the piece's order.
	var want []float64
	for p := dropAt; p <= after+time.Second; p += 250 * time.Millisecond {
		if f := toneAt(p); f != 0 && (len(want) == 0 || want[len(want)-1] != f) {
			want = append(want, f)
		}
	}
	if !containsInOrder(want, heard) {
		t.Errorf("after the cut at %v the sink heard %v; the piece from there plays %v", dropAt, heard, want)
	}
	t.Logf("cut at %v, %d media requests cut, playing on to %v; heard %v", dropAt, w.srv.Stats().Faults-before.Faults, after, heard)
	tm.keys("q")
	tm.waitExit(t)
}

// Scenario 7: q while playing ends the process with status 0 and gives the
// terminal back: normal screen, cursor shown, mouse reporting off.
func TestE2EQuitRestoresTerminal(t *testing.T) {
	requireTerminal(t)
	w := newWorld(t, worldOptions{})
	w.login()
	tm := w.openFeed()
	if on := strings.TrimSpace(tm.tmux("display-message", "-p", "-t", "main", "#{alternate_on}")); on != "1" {
		t.Fatalf("cirrus is not on the alternate screen (alternate_on=%s)", on)
	}
	tm.selectRow(feedReady)
	tm.keys("Enter")
	tm.waitScreen("Test Tones playing", 30*time.Second, func(l []string) bool {
		return row(l, tonesTitle+" — ") >= 0 && positionRE.MatchString(strings.Join(l, "\n"))
	})
	tm.keys("q")
	took := tm.waitExit(t)
	t.Logf("q to exit status written: %v", took)
	lines := tm.waitText(exitMarker, 5*time.Second)
	s := strings.Join(lines, "\n")
	if !strings.Contains(s, "shell before cirrus") {
		t.Errorf("the shell's screen was not restored:\n%s", s)
	}
	for _, tui := range []string{"Feed", "Likes", feedReady, "quit"} {
		if strings.Contains(s, tui) {
			t.Errorf("%q still on the screen after quitting:\n%s", tui, s)
		}
	}
	flags := strings.Fields(tm.tmux("display-message", "-p", "-t", "main", "#{alternate_on} #{cursor_flag} #{mouse_any_flag} #{mouse_button_flag} #{mouse_standard_flag}"))
	if want := []string{"0", "1", "0", "0", "0"}; strings.Join(flags, " ") != strings.Join(want, " ") {
		t.Errorf("terminal modes after quit (alternate cursor mouse-any mouse-button mouse-standard) = %v, want %v", flags, want)
	}
}

// `cirrus demo` in a terminal: it signs in by itself, says it is a demo,
// plays (here into a WAV file) and quits cleanly.
func TestE2EDemo(t *testing.T) {
	requireTerminal(t)
	w := newWorld(t, worldOptions{})
	tm := w.startTUI("demo", "--out", w.path("demo.wav"))
	tm.waitText("Demo: a built-in fake SoundCloud, signed in as cirrus-demo.", 30*time.Second)
	tm.waitText(feedReady, 30*time.Second)
	tm.selectRow(feedReady)
	tm.keys("Enter")
	tm.waitScreen("Test Tones playing", 30*time.Second, func(l []string) bool { return playingLine(l, tonesTitle) })
	tm.waitPosition(2*time.Second, 30*time.Second)
	tm.keys("q")
	tm.waitExit(t)
	tm.waitText("cirrus demo: ended; nothing you did was kept.", 5*time.Second)
	if _, err := os.Stat(w.path("state/cirrus/tokens.json")); err == nil {
		t.Error("the demo stored its tokens in the user's state directory")
	}
}

// Without any sound device the demo still opens, says why it is silent and
// what to install, and plays silently.
func TestE2EDemoWithoutSoundDevice(t *testing.T) {
	requireTerminal(t)
	w := newWorld(t, worldOptions{})
	alsa := w.path("alsa-without-devices.conf")
	if err := os.WriteFile(alsa, []byte("# no PCM devices at all\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	w.env = append(w.env, "ALSA_CONFIG_PATH="+alsa, "PULSE_SERVER=unix:"+w.path("no-pulse"))
	// A newcomer has no config file (this world's would play into a WAV file).
	if err := os.Remove(w.path("config/cirrus/config.toml")); err != nil {
		t.Fatal(err)
	}
	tm := w.startTUI("demo")
	tm.waitText("Audio unavailable, playing silently: no sound device.", 30*time.Second)
	tm.waitText("apt install", 5*time.Second)
	tm.waitText(feedReady, 30*time.Second)
	tm.selectRow(feedReady)
	tm.keys("Enter")
	tm.waitScreen("Test Tones playing", 30*time.Second, func(l []string) bool { return playingLine(l, tonesTitle) })
	tm.waitPosition(2*time.Second, 30*time.Second)
	tm.keys("q")
	tm.waitExit(t)
}

// `cirrus demo` on the sound device: the sink hears Test Tones.
func TestE2EDemoPlaysToTheSpeaker(t *testing.T) {
	requireAudio(t)
	w := newWorld(t, worldOptions{audio: true})
	rec := w.record()
	tm := w.startTUI("demo")
	tm.waitText(feedReady, 30*time.Second)
	tm.selectRow(feedReady)
	tm.keys("Enter")
	tm.waitScreen("Test Tones playing", 30*time.Second, func(l []string) bool { return playingLine(l, tonesTitle) })
	tm.waitPosition(11*time.Second, 60*time.Second)
	want := []float64{300, 400, 500}
	var got []float64
	waitUntil(t, fmt.Sprintf("tones %v in the recording", want), 20*time.Second, func() bool {
		got = tonesHeard(rec.samples())
		return containsInOrder(got, want)
	})
	t.Logf("heard %v", got)
	tm.keys("q")
	tm.waitExit(t)
}

// The demo catalogue's hostile titles, descriptions and comments (OSC 52
// clipboard writes, OSC 0 window titles, screen clears, C1 controls, bidi
// overrides, a 5,000-character title, wide text) reach a real terminal
// harmlessly: tmux's pane title and paste buffers stay untouched and the
// frame holds.
func TestE2EHostileTextIsHarmless(t *testing.T) {
	requireTerminal(t)
	w := newWorld(t, worldOptions{})
	w.login()
	tm := w.openFeed()
	tm.tmux("set-option", "-g", "set-clipboard", "on") // an OSC 52 that got through would make a buffer
	title := strings.TrimSpace(tm.tmux("display-message", "-p", "-t", "main", "#{pane_title}"))
	tm.focusSearch()
	tm.typeText("hostile")
	tm.keys("Enter")
	// Visit each hostile track so the detail pane draws its description.
	for _, name := range []string{"Window", "C1", "Bidi", "very long title", "東京の夜", "Clear", "Clipboard"} {
		tm.selectRow(name)
	}
	tm.keys("Enter") // play "Clipboard …": the now-playing line and its comments
	tm.waitScreen("the hostile track playing", 30*time.Second, func(l []string) bool { return row(l, "▶ Clipboard") >= 0 })
	tm.keys("C")
	tm.waitText("Comments on Clipboard", 20*time.Second)
	tm.waitScreen("its comments", 20*time.Second, func(l []string) bool { return row(l, "pwned") >= 0 })

	if now := strings.TrimSpace(tm.tmux("display-message", "-p", "-t", "main", "#{pane_title}")); now != title || strings.Contains(now, "pwned") {
		t.Errorf("pane title changed from %q to %q: an OSC 0 got through", title, now)
	}
	if bufs := strings.TrimSpace(tm.tmux("list-buffers")); bufs != "" {
		t.Errorf("paste buffers appeared (an OSC 52 got through): %s", bufs)
	}
	tm.checkFrame(wideW, wideH)
	tm.keys("q")
	tm.waitExit(t)
}
