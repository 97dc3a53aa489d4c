package e2e

import (
	"bufio"
	"bytes"
	"fmt"
	"image"
	"image/color"
	_ "image/jpeg" // the double's covers
	"image/png"
	"io"
	"net/http"
	"os"
	"os/exec"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// Real terminals under a virtual X server: cirrus asks them what they
// show, draws the covers through their graphics protocol, and the test
// reads the screen back as pixels (ImageMagick's import) and compares
// the covers' boxes with the covers the double serves, block by block.

// requireX: Xvfb, ImageMagick's import and xdotool, plus the terminal.
func requireX(t *testing.T, terminal string) {
	t.Helper()
	for _, c := range []string{"Xvfb", "import", "xdotool", terminal} {
		need(t, have(c), c+" is not installed (scripts/install-deps --test)")
	}
}

// xserver starts a private Xvfb and returns its display (":N").
func xserver(t *testing.T) string {
	t.Helper()
	r, wfd, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("Xvfb", "-displayfd", "3", "-screen", "0", "1920x1200x24", "-nolisten", "tcp", "-noreset")
	cmd.ExtraFiles = []*os.File{wfd}
	var xlog bytes.Buffer
	cmd.Stderr = &xlog
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	wfd.Close()
	t.Cleanup(func() { stop(cmd) })
	// Xvfb writes the number, then a new line; closing the pipe before the
	// line has come would kill it (it cannot write to fd 3).
	t.Cleanup(func() { r.Close() })
	got := make(chan string, 1)
	go func() {
		line, _ := bufio.NewReader(r).ReadString('\n')
		got <- strings.TrimSpace(line)
	}()
	var display string
	select {
	case d := <-got:
		if d == "" {
			t.Fatal("Xvfb named no display")
		}
		display = ":" + d
	case <-time.After(30 * time.Second):
		t.Fatal("Xvfb did not start")
	}
	// The display is announced when it is ready; a client's word is checked
	// all the same before a terminal depends on it.
	for deadline := time.Now().Add(30 * time.Second); ; time.Sleep(100 * time.Millisecond) {
		c := exec.Command("xdotool", "getdisplaygeometry")
		c.Env = append(os.Environ(), "DISPLAY="+display)
		if c.Run() == nil {
			return display
		}
		if time.Now().After(deadline) {
			t.Fatalf("Xvfb on %s accepts no client:\n%s", display, tail(xlog.String(), 2048))
		}
	}
}

// stop ends a process the test started, by its pid.
func stop(cmd *exec.Cmd) {
	if cmd.Process == nil {
		return
	}
	_ = cmd.Process.Signal(syscall.SIGTERM)
	done := make(chan struct{})
	go func() { _ = cmd.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		_ = cmd.Process.Kill()
		<-done
	}
}

// xterm is a terminal window on the virtual display running cirrus.
type xterm struct {
	t            *testing.T
	w            *world
	display      string
	cmd          *exec.Cmd
	win          string // X window id
	cellW, cellH int    // from cirrus's log
}

var cellRe = regexp.MustCompile(`msg=artwork .*protocol=(\w+) .*cell="\[(\d+) (\d+)\]"`)

// openTerminal starts terminal (argv before cirrus's path) on display with
// cirrus inside and waits until cirrus has asked it what it shows.
func (w *world) openTerminal(display, want string, argv ...string) *xterm {
	t := w.t
	t.Helper()
	cmd := exec.Command(argv[0], append(argv[1:], w.bin)...)
	cmd.Env = append(w.env, "DISPLAY="+display, "LIBGL_ALWAYS_SOFTWARE=1")
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	x := &xterm{t: t, w: w, display: display, cmd: cmd}
	t.Cleanup(func() {
		stop(cmd)
		if t.Failed() {
			t.Logf("%s output:\n%s", argv[0], tail(out.String(), 2048))
		}
	})
	deadline := time.Now().Add(60 * time.Second)
	for {
		log, _ := os.ReadFile(w.path("state/cirrus/cirrus.log"))
		if m := cellRe.FindSubmatch(log); m != nil {
			if string(m[1]) != want {
				t.Fatalf("cirrus chose %s in %s, want %s:\n%s", m[1], argv[0], want, m[0])
			}
			x.cellW, _ = strconv.Atoi(string(m[2]))
			x.cellH, _ = strconv.Atoi(string(m[3]))
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("cirrus never asked %s what it shows", argv[0])
		}
		time.Sleep(100 * time.Millisecond)
	}
	if x.cellW <= 0 || x.cellH <= 0 {
		t.Fatalf("cell size %d×%d", x.cellW, x.cellH)
	}
	for x.win == "" && time.Now().Before(deadline) {
		o, _ := x.xdo("search", "--pid", strconv.Itoa(cmd.Process.Pid))
		x.win = strings.TrimSpace(strings.Split(o, "\n")[0])
		time.Sleep(100 * time.Millisecond)
	}
	if x.win == "" {
		t.Fatal("no window for the terminal")
	}
	return x
}

func (x *xterm) xdo(args ...string) (string, error) {
	c := exec.Command("xdotool", args...)
	c.Env = append(os.Environ(), "DISPLAY="+x.display)
	o, err := c.CombinedOutput()
	return string(o), err
}

// key types keys into the terminal.
func (x *xterm) key(keys ...string) {
	x.t.Helper()
	if o, err := x.xdo(append([]string{"key", "--window", x.win}, keys...)...); err != nil {
		x.t.Fatalf("xdotool key %v: %v %s", keys, err, o)
	}
}

// focus gives the window the keyboard (there is no window manager).
func (x *xterm) focus() {
	x.t.Helper()
	if o, err := x.xdo("windowfocus", "--sync", x.win); err != nil {
		x.t.Fatalf("focus: %v %s", err, o)
	}
}

// resize makes the window cols×rows cells.
func (x *xterm) resize(cols, rows int) {
	x.t.Helper()
	if o, err := x.xdo("windowsize", "--sync", x.win, strconv.Itoa(cols*x.cellW), strconv.Itoa(rows*x.cellH)); err != nil {
		x.t.Fatalf("resize: %v %s", err, o)
	}
}

// shot is the window's pixels.
func (x *xterm) shot() image.Image {
	x.t.Helper()
	c := exec.Command("import", "-window", x.win, "png:-")
	c.Env = append(os.Environ(), "DISPLAY="+x.display)
	var errb bytes.Buffer
	c.Stderr = &errb
	o, err := c.Output()
	if err != nil {
		x.t.Fatalf("import: %v %s", err, errb.String())
	}
	img, err := png.Decode(bytes.NewReader(o))
	if err != nil {
		x.t.Fatal(err)
	}
	return img
}

// save keeps the screen for a failure's reader, outside the test's
// temporary directory, which is removed.
func (x *xterm) save(what string) string {
	f, err := os.CreateTemp("", "cirrus-artwork-*.png")
	if err != nil {
		return "screen not saved: " + err.Error()
	}
	defer f.Close()
	if err := png.Encode(f, x.shot()); err != nil {
		return "screen not saved: " + err.Error()
	}
	return "screen saved as " + f.Name()
}

// box is where a cover must show, in cells: the top-left cell and the
// box's size; a square cover is centred on whole cells in it.
type box struct{ col, row, cols, rows int }

// artBoxes is the layout the TUI promises for a cols×rows terminal of
// cw×ch-pixel cells with a cover selected and one playing: the detail
// pane's box (list 55% wide, a separator, then up to 12 rows square in
// pixels) and the now-playing bar's (rows-1 of its 7 at the left).
func artBoxes(cols, rows, cw, ch int) (detail, bar box) {
	square := func(r int) int { return (r*ch + cw/2) / cw }
	listW := cols * 55 / 100
	bodyH := rows - 1 - 7 - 1
	artH := min(12, bodyH-bodyH/2-4)
	for artH >= 4 && cols-listW-1-square(artH)-2 < 24 {
		artH--
	}
	detail = box{col: listW + 1, row: 1, cols: square(artH), rows: artH}
	bar = box{col: 0, row: 1 + bodyH, cols: square(6), rows: 6}
	return detail, bar
}

// pixels is where a square cover lands in b, in pixels.
func (b box) pixels(cw, ch int) image.Rectangle {
	side := min(b.cols*cw, b.rows*ch)
	fc, fr := (side+cw-1)/cw, (side+ch-1)/ch
	x := (b.col + (b.cols-fc)/2) * cw
	y := (b.row + (b.rows-fr)/2) * ch
	return image.Rect(x, y, x+side, y+side)
}

// blocks is the mean colour of each of n×n blocks of r in img, from the
// middle half of each block (edges blur in scaling and JPEG).
func blocks(img image.Image, r image.Rectangle, n int) []color.RGBA {
	var out []color.RGBA
	for by := 0; by < n; by++ {
		for bx := 0; bx < n; bx++ {
			x0, x1 := r.Min.X+r.Dx()*bx/n, r.Min.X+r.Dx()*(bx+1)/n
			y0, y1 := r.Min.Y+r.Dy()*by/n, r.Min.Y+r.Dy()*(by+1)/n
			qx, qy := (x1-x0)/4, (y1-y0)/4
			var sr, sg, sb, k uint32
			for y := y0 + qy; y < y1-qy; y++ {
				for x := x0 + qx; x < x1-qx; x++ {
					cr, cg, cb, _ := img.At(x, y).RGBA()
					sr, sg, sb, k = sr+cr>>8, sg+cg>>8, sb+cb>>8, k+1
				}
			}
			k = max(k, 1)
			out = append(out, color.RGBA{uint8(sr / k), uint8(sg / k), uint8(sb / k), 255})
		}
	}
	return out
}

// worst is the largest channel difference between two block lists.
func worst(a, b []color.RGBA) int {
	d := 0
	for i := range a {
		for _, v := range []int{int(a[i].R) - int(b[i].R), int(a[i].G) - int(b[i].G), int(a[i].B) - int(b[i].B)} {
			d = max(d, v, -v)
		}
	}
	return d
}

// Covers are 5×5 checkerboards; 5×5 blocks sample each square.
const grid, tolerance = 5, 40

// cover fetches and decodes a cover as cirrus would, and returns its blocks.
func cover(t *testing.T, url string) []color.RGBA {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, 4<<20))
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("GET %s: %v %s", url, err, resp.Status)
	}
	img, _, err := image.Decode(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	return blocks(img, img.Bounds(), grid)
}

// feedCovers are the artwork URLs of the first feed rows.
func (w *world) feedCovers(n int) []string {
	var page struct {
		Collection []struct {
			Origin struct {
				ArtworkURL string `json:"artwork_url"`
			} `json:"origin"`
		} `json:"collection"`
	}
	w.apiGet(fmt.Sprintf("/me/feed?limit=%d&linked_partitioning=true", n), &page)
	var out []string
	for _, a := range page.Collection {
		if a.Origin.ArtworkURL == "" {
			w.t.Fatalf("a first feed row has no artwork: %+v", page)
		}
		out = append(out, a.Origin.ArtworkURL)
	}
	return out
}

// firstLikedCover is the artwork URL of the demo user's first liked track.
func (w *world) firstLikedCover() string {
	var page struct {
		Collection []struct {
			ArtworkURL string `json:"artwork_url"`
		} `json:"collection"`
	}
	w.apiGet("/me/likes/tracks?limit=1&linked_partitioning=true", &page)
	if len(page.Collection) == 0 || page.Collection[0].ArtworkURL == "" {
		w.t.Fatalf("no liked track with artwork: %+v", page)
	}
	return page.Collection[0].ArtworkURL
}

// expect waits until every box shows its cover (want nil: shows none of
// the covers), reading the screen again until it does.
func (x *xterm) expect(what string, cols, rows int, boxes []box, want [][]color.RGBA) {
	x.t.Helper()
	var last string
	for deadline := time.Now().Add(45 * time.Second); time.Now().Before(deadline); time.Sleep(300 * time.Millisecond) {
		img := x.shot()
		if b := img.Bounds(); b.Dx() < cols*x.cellW || b.Dy() < rows*x.cellH {
			last = fmt.Sprintf("window %v, want %d×%d cells", b, cols, rows)
			continue
		}
		ok := true
		var msgs []string
		for i, bx := range boxes {
			got := blocks(img, bx.pixels(x.cellW, x.cellH), grid)
			d := worst(got, want[i%len(want)])
			if want[i] == nil {
				continue
			}
			msgs = append(msgs, fmt.Sprintf("box %+v off by %d", bx, d))
			if d > tolerance {
				ok = false
			}
		}
		if ok {
			return
		}
		last = strings.Join(msgs, "; ")
	}
	x.t.Fatalf("%s: %s (%s)", what, last, x.save(what))
}

// gone waits until no box shows the cover it showed.
func (x *xterm) gone(what string, boxes []box, was [][]color.RGBA) {
	x.t.Helper()
	var last string
	for deadline := time.Now().Add(45 * time.Second); time.Now().Before(deadline); time.Sleep(300 * time.Millisecond) {
		img := x.shot()
		ok := true
		var msgs []string
		for i, bx := range boxes {
			d := worst(blocks(img, bx.pixels(x.cellW, x.cellH), grid), was[i])
			msgs = append(msgs, fmt.Sprintf("box %+v off by %d", bx, d))
			if d <= tolerance*2 {
				ok = false
			}
		}
		if ok {
			return
		}
		last = strings.Join(msgs, "; ")
	}
	x.t.Fatalf("%s: a cover stayed on the screen: %s (%s)", what, last, x.save(what))
}

// artworkScenario drives one terminal: the selected row's cover in the
// detail pane, the playing track's in the bar, a new cover after moving
// down and after switching tabs, both gone under the help overlay and back
// after it, and both moved after a resize.
func artworkScenario(t *testing.T, x *xterm, cols, rows int) {
	urls := x.w.feedCovers(2)
	first, second := cover(t, urls[0]), cover(t, urls[1])
	if worst(first, second) < 60 {
		t.Fatal("the first two covers look alike; the test could not tell them apart")
	}
	x.focus()
	d, bar := artBoxes(cols, rows, x.cellW, x.cellH)
	x.expect("the selected row's cover", cols, rows, []box{d}, [][]color.RGBA{first})
	x.key("Return") // play the first row
	x.expect("the playing track's cover", cols, rows, []box{d, bar}, [][]color.RGBA{first, first})
	x.key("j")
	x.expect("the next row's cover", cols, rows, []box{d, bar}, [][]color.RGBA{second, first})
	liked := cover(t, x.w.firstLikedCover())
	if worst(liked, second) < 60 {
		t.Fatal("the first liked cover looks like the feed's second; the tab switch would prove nothing")
	}
	x.key("2") // the Likes tab: its first row's cover
	x.expect("the Likes tab's cover", cols, rows, []box{d, bar}, [][]color.RGBA{liked, first})
	x.key("1") // back: the feed's row is still the second
	x.expect("back on the feed", cols, rows, []box{d, bar}, [][]color.RGBA{second, first})
	x.key("question")
	x.gone("under the help overlay", []box{d, bar}, [][]color.RGBA{second, first})
	x.key("Escape")
	x.expect("after the help overlay", cols, rows, []box{d, bar}, [][]color.RGBA{second, first})
	cols2, rows2 := cols+20, rows+6
	x.resize(cols2, rows2)
	d2, bar2 := artBoxes(cols2, rows2, x.cellW, x.cellH)
	x.expect("after a resize", cols2, rows2, []box{d2, bar2}, [][]color.RGBA{second, first})
	x.gone("where the covers were before the resize", []box{d, bar}, [][]color.RGBA{second, first})
}

// TestArtworkXtermSixel: xterm as a VT340 with 256 colour registers
// answers CSI c with 4 (sixel); cirrus draws the covers as sixel.
func TestArtworkXtermSixel(t *testing.T) {
	requireX(t, "xterm")
	display := xserver(t)
	w := newWorld(t, worldOptions{})
	w.login()
	const cols, rows = 160, 48
	x := w.openTerminal(display, "sixel", "xterm", "-ti", "vt340",
		"-xrm", "XTerm*decTerminalID: vt340", "-xrm", "XTerm*numColorRegisters: 256",
		"-xrm", "XTerm*internalBorder: 0", "-bw", "0", "-fn", "fixed", "-fg", "white", "-bg", "black",
		"-geometry", fmt.Sprintf("%dx%d+0+0", cols, rows), "-e")
	artworkScenario(t, x, cols, rows)
}

// TestArtworkKitty: kitty (software GL under Xvfb) answers the graphics
// query; cirrus sends the covers as PNG through its protocol.
func TestArtworkKitty(t *testing.T) {
	requireX(t, "kitty")
	display := xserver(t)
	w := newWorld(t, worldOptions{})
	w.login()
	const cols, rows = 160, 48
	x := w.openTerminal(display, "kitty", "kitty", "--config", "NONE",
		"-o", "font_size=10", "-o", "remember_window_size=no", "-o", "window_padding_width=0",
		"-o", fmt.Sprintf("initial_window_width=%dc", cols), "-o", fmt.Sprintf("initial_window_height=%dc", rows),
		"-o", "background=#000000", "-o", "foreground=#ffffff", "-o", "linux_display_server=x11")
	artworkScenario(t, x, cols, rows)
}

// TestArtworkTmuxPassthrough: inside tmux, in the sixel xterm, cirrus
// draws pictures only when tmux passes them through; without
// allow-passthrough its questions go unanswered and covers stay text.
func TestArtworkTmuxPassthrough(t *testing.T) {
	requireX(t, "xterm")
	requireTerminal(t)
	display := xserver(t)
	for _, tc := range []struct {
		passthrough, want string
	}{{"off", "none"}, {"on", "sixel"}} {
		t.Run("allow-passthrough "+tc.passthrough, func(t *testing.T) {
			w := newWorld(t, worldOptions{})
			w.login()
			conf, sock := w.path("tmux.conf"), w.path("tmux.sock")
			if err := os.WriteFile(conf, []byte("set -g status off\nset -g allow-passthrough "+tc.passthrough+"\n"), 0o600); err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { _ = exec.Command("tmux", "-S", sock, "kill-server").Run() })
			const cols, rows = 160, 48
			x := w.openTerminal(display, tc.want, "xterm", "-ti", "vt340",
				"-xrm", "XTerm*decTerminalID: vt340", "-xrm", "XTerm*numColorRegisters: 256",
				"-xrm", "XTerm*internalBorder: 0", "-bw", "0", "-fn", "fixed", "-fg", "white", "-bg", "black",
				"-geometry", fmt.Sprintf("%dx%d+0+0", cols, rows), "-e", "tmux", "-S", sock, "-f", conf, "new-session")
			log, _ := os.ReadFile(w.path("state/cirrus/cirrus.log"))
			if pass := strings.Contains(string(log), "tmux_passthrough=true"); pass != (tc.passthrough == "on") {
				t.Fatalf("passthrough %s, yet cirrus logged tmux_passthrough=%v", tc.passthrough, pass)
			}
			if tc.want == "none" {
				return
			}
			d, _ := artBoxes(cols, rows, x.cellW, x.cellH)
			x.expect("the cover through tmux", cols, rows, []box{d}, [][]color.RGBA{cover(t, w.feedCovers(1)[0])})
		})
	}
}
