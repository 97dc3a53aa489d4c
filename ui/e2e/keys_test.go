package e2e

import (
	"fmt"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/cirrus-tui/cirrus/config"
)

const smallW, smallH = 80, 24

// openSmall starts cirrus, waits for the feed and shrinks the window to
// 80×24, the size these scenarios are about.
func (w *world) openSmall() *term {
	tm := w.openFeed()
	tm.resize(smallW, smallH)
	tm.waitScreen("the 80×24 layout", 10*time.Second, func(l []string) bool {
		n, _ := widest(l)
		return n <= smallW && cursorRow(l) >= 0
	})
	return tm
}

// footerRE is a list's position footer: "12/63" or "12/63+" (more to load).
var footerRE = regexp.MustCompile(`^\s*(\d+)/(\d+)(\+?)\s*$`)

// footer finds the position footer on screen.
func footer(lines []string) (pos, n int, more, ok bool) {
	for _, l := range lines {
		if m := footerRE.FindStringSubmatch(l); m != nil {
			pos, _ = strconv.Atoi(m[1])
			n, _ = strconv.Atoi(m[2])
			return pos, n, m[3] == "+", true
		}
	}
	return 0, 0, false, false
}

// countAll walks a list of the demo user through the API, every page.
func (w *world) countAll(path string) int {
	n := 0
	for path != "" {
		var p struct {
			Collection []any  `json:"collection"`
			Next       string `json:"next_href"`
		}
		w.apiGet(path, &p)
		n += len(p.Collection)
		path = ""
		if p.Next != "" {
			u, err := url.Parse(p.Next)
			if err != nil {
				w.t.Fatal(err)
			}
			path = u.RequestURI()
		}
	}
	return n
}

// Defect 1: keys that arrive in one read each act: five j's sent as one
// literal string move the cursor five rows.
func TestE2EFastKeysAt80x24(t *testing.T) {
	requireTerminal(t)
	w := newWorld(t, worldOptions{})
	w.login()
	tm := w.openSmall()
	start := cursorRow(tm.screen())
	tm.typeText("jjjjj")
	tm.waitScreen("the cursor five rows down", 10*time.Second, func(l []string) bool {
		pos, _, _, ok := footer(l)
		return cursorRow(l) == start+5 && ok && pos == 6
	})
	tm.typeText("kk")
	tm.waitScreen("the cursor back two rows", 10*time.Second, func(l []string) bool { return cursorRow(l) == start+3 })
	tm.keys("q")
	tm.waitExit(t)
}

// Defect 2: G goes to the real end of a list longer than what is loaded,
// showing its progress, and lands on the last row.
func TestE2EGoToEndAt80x24(t *testing.T) {
	requireTerminal(t)
	w := newWorld(t, worldOptions{})
	w.login()
	total := w.countAll("/me/feed?limit=50&linked_partitioning=true")
	tm := w.openSmall()
	if _, n, more, ok := footer(tm.screen()); !ok || (n >= total && !more) {
		t.Fatalf("setup: the feed has %d items; the footer says %d (more %v) before G", total, n, more)
	}
	tm.keys("G")
	lines := tm.waitScreen("the last row of the feed", 30*time.Second, func(l []string) bool {
		pos, n, more, ok := footer(l)
		return ok && !more && pos == n && n == total
	})
	if c := cursorRow(lines); c < 0 || !lastListRow(lines, c) {
		t.Errorf("the cursor is not on the last row:\n%s", strings.Join(lines, "\n"))
	}
	tm.keys("q")
	tm.waitExit(t)
}

// lastListRow reports whether row c is the last non-empty row above the footer.
func lastListRow(lines []string, c int) bool {
	for i := c + 1; i < len(lines); i++ {
		if footerRE.MatchString(lines[i]) {
			return true
		}
		if strings.TrimSpace(lines[i]) != "" {
			return false
		}
	}
	return false
}

// Defect 3: Following → a profile → the Likes tab → F (unfollow the artist
// of a liked track) → Following → esc: the Following list reloads (the
// unfollowed artist is gone) instead of going blank, and the cursor stays
// on the user it was on.
func TestE2EStaleListReloadsAt80x24(t *testing.T) {
	requireTerminal(t)
	w := newWorld(t, worldOptions{})
	w.login()
	var likes, follows urnList
	w.apiGet("/me/likes/tracks?limit=50&linked_partitioning=true", &likes)
	w.apiGet("/me/followings?limit=50&linked_partitioning=true", &follows)
	followed := map[string]string{}
	for _, u := range follows.Collection {
		followed[u.URN] = u.Username
	}
	var likedTitle, artist string
	for _, l := range likes.Collection {
		if name, ok := followed[l.User.URN]; ok {
			likedTitle, artist = l.Title, name
			break
		}
	}
	var keep string // a followed user who stays followed, not the artist
	for _, u := range follows.Collection {
		if u.Username != artist {
			keep = u.Username
			break
		}
	}
	if likedTitle == "" || keep == "" {
		t.Fatalf("setup: no liked track by a followed artist (%d likes, %d follows)", len(likes.Collection), len(follows.Collection))
	}
	tm := w.openSmall()
	tm.keys("5")
	tm.selectRow(keep)
	tm.keys("Enter") // keep's profile over the Following list
	tm.waitText("follower", 20*time.Second)
	tm.keys("2")
	tm.selectRow(likedTitle)
	tm.keys("F")
	waitUntil(t, "the unfollow at the fake", 10*time.Second, func() bool {
		return !w.urns("/me/followings?limit=200")[followedURN(follows, artist)]
	})
	tm.keys("5")
	tm.keys("Escape")
	lines := tm.waitScreen("Following reloaded without "+artist, 20*time.Second, func(l []string) bool {
		list := listPart(l)
		return row(list, keep) >= 0 && row(list, artist+" ") < 0 && row(list, "loading") < 0
	})
	if c := cursorRow(lines); c < 0 || !strings.Contains(lines[c], keep) {
		t.Errorf("cursor not on %s after the reload:\n%s", keep, strings.Join(lines, "\n"))
	}
	tm.keys("q")
	tm.waitExit(t)
}

func followedURN(l urnList, name string) string {
	for _, u := range l.Collection {
		if u.Username == name {
			return u.URN
		}
	}
	return ""
}

// Defect 4: with the queue mix → DRM → preview, previous from the preview
// skips the DRM track backwards and plays the mix, not the preview again.
func TestE2EPreviousPastDRMAt80x24(t *testing.T) {
	requireTerminal(t)
	w := newWorld(t, worldOptions{})
	w.login()
	tm := w.openSmall()
	for _, q := range []struct{ query, title string }{
		{"Two-Hour Night Drive Mix", "Two-Hour Night Drive Mix"},
		{"Go+ Exclusive", "Go+ Exclusive (DRM)"},
		{"Preview Only Roller", "Preview Only Roller"},
	} {
		tm.focusSearch()
		tm.typeText(q.query)
		tm.keys("Enter")
		tm.selectRow(q.title + " — ")
		tm.keys("a")
		tm.waitText(fmt.Sprintf("Added %q to the queue", q.title), 10*time.Second)
	}
	tm.keys("6")
	// Not selectRow at once: the search screen still on show has the
	// query, "Preview Only Roller", in its input line.
	tm.waitText("3 tracks · ", 10*time.Second)
	tm.selectRow("Preview Only Roller")
	tm.keys("Enter")
	tm.waitScreen("the preview playing", 30*time.Second, func(l []string) bool { return playingLine(l, "Preview Only Roller") })
	tm.keys("p") // within the first seconds: back one, onto the DRM track
	tm.waitScreen("the mix playing after previous", 30*time.Second, func(l []string) bool {
		return playingLine(l, "Two-Hour Night Drive Mix")
	})
	time.Sleep(time.Second) // a wrong turn would show by now
	if l := tm.screen(); !playingLine(l, "Two-Hour Night Drive Mix") {
		t.Errorf("playback left the mix:\n%s", strings.Join(l, "\n"))
	}
	tm.keys("q")
	tm.waitExit(t)
}

// Defect 6: at 80×24 the help overlay shows every binding of every action,
// scrolling through what does not fit; no line is wider than the screen.
func TestE2EHelpShowsEveryKeyAt80x24(t *testing.T) {
	requireTerminal(t)
	w := newWorld(t, worldOptions{})
	w.login()
	tm := w.openSmall()
	tm.keys("?")
	lines := tm.waitText("any other key closes", 10*time.Second)
	seen := strings.Join(lines, "\n")
	for i := 0; i < 20 && !strings.Contains(seen, "quit"); i++ {
		tm.keys("PageDown")
		time.Sleep(100 * time.Millisecond)
		lines = tm.screen()
		if n, l := widest(lines); n > smallW {
			t.Fatalf("help line wider than %d: %q", smallW, l)
		}
		seen += "\n" + strings.Join(lines, "\n")
	}
	for _, a := range config.Actions {
		if !helpHas(seen, strings.Join(a.Keys, "/"), a.Help) {
			t.Errorf("help at 80×24 lacks %q %q", strings.Join(a.Keys, "/"), a.Help)
		}
	}
	tm.keys("x") // any other key closes
	tm.waitScreen("help closed", 5*time.Second, func(l []string) bool { return row(l, "any other key closes") < 0 })
	tm.keys("q")
	tm.waitExit(t)
}

// helpHas reports whether a screen line shows keys followed by desc.
func helpHas(screen, keys, desc string) bool {
	re := regexp.MustCompile(`(^|\s)` + regexp.QuoteMeta(keys) + `\s+` + regexp.QuoteMeta(desc) + `(\s|$)`)
	for _, l := range strings.Split(screen, "\n") {
		if re.MatchString(l) {
			return true
		}
	}
	return false
}
