package cli

import (
	"bytes"
	"fmt"
	"math/rand"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/cirrus-tui/cirrus/ui/termimg"
)

// vt is just enough of a terminal to check what drawFrame writes: cursor
// moves, erasing, SGR (ignored) and printable ASCII.
type vt struct {
	w, h     int
	rows     [][]byte
	row, col int
}

func newVT(w, h int) *vt {
	t := &vt{w: w, h: h}
	t.rows = make([][]byte, h)
	for i := range t.rows {
		t.rows[i] = bytes.Repeat([]byte{' '}, w)
	}
	return t
}

var csiRe = regexp.MustCompile(`^\x1b\[([0-9;?]*)([A-Za-z])`)

func (t *vt) write(tb *testing.T, p []byte) {
	for len(p) > 0 {
		if p[0] == 0x1b {
			m := csiRe.FindSubmatch(p)
			if m == nil {
				tb.Fatalf("unknown escape at %q", p)
			}
			args, cmd := string(m[1]), m[2][0]
			switch {
			case cmd == 'H':
				r, c := 1, 1
				if parts := strings.Split(args, ";"); args != "" {
					r, _ = strconv.Atoi(parts[0])
					if len(parts) > 1 {
						c, _ = strconv.Atoi(parts[1])
					}
				}
				t.row, t.col = r-1, c-1
			case cmd == 'K' && args == "":
				// After the last column the cursor waits there to wrap,
				// and an erase starts at it, as in xterm: the row's last
				// character goes.
				for c := min(t.col, t.w-1); c < t.w; c++ {
					t.rows[t.row][c] = ' '
				}
			case cmd == 'K' && args == "2":
				t.rows[t.row] = bytes.Repeat([]byte{' '}, t.w)
			case cmd == 'J' && args == "2":
				for i := range t.rows {
					t.rows[i] = bytes.Repeat([]byte{' '}, t.w)
				}
			case cmd == 'm':
			default:
				tb.Fatalf("unexpected sequence %q", m[0])
			}
			p = p[len(m[0]):]
			continue
		}
		if t.col < t.w {
			t.rows[t.row][t.col] = p[0]
			t.col++
		} else {
			tb.Fatalf("wrote past the right edge on row %d", t.row)
		}
		p = p[1:]
	}
}

func (t *vt) String() string {
	var out []string
	for _, r := range t.rows {
		out = append(out, strings.TrimRight(string(r), " "))
	}
	return strings.TrimRight(strings.Join(out, "\n"), "\n")
}

// want is what frame looks like on a w×h screen.
func wantScreen(frame string, w, h int) string {
	lines := strings.Split(frame, "\n")
	if len(lines) > h {
		lines = lines[len(lines)-h:]
	}
	for i, l := range lines {
		if len(l) > w {
			l = l[:w]
		}
		lines[i] = strings.TrimRight(l, " ")
	}
	return strings.TrimRight(strings.Join(lines, "\n"), "\n")
}

// Any run of frames, drawn one after another as diffs, leaves the screen
// showing the last one.
func TestDrawFrameDiffsAddUpToTheFrame(t *testing.T) {
	rng := rand.New(rand.NewSource(1))
	const w, h = 20, 6
	words := []string{"feed", "likes", "▶ x", "a very long line that does not fit", "", "j", "k"}
	for run := 0; run < 200; run++ {
		term := newVT(w, h)
		var prev []string
		clear := true
		for f := 0; f < 8; f++ {
			n := rng.Intn(h + 3)
			var lines []string
			for i := 0; i < n; i++ {
				lines = append(lines, words[rng.Intn(len(words))])
			}
			frame := strings.Join(lines, "\n")
			frame = strings.ReplaceAll(frame, "▶", ">") // the toy terminal is ASCII
			var buf bytes.Buffer
			prev = drawFrame(&buf, prev, frame, w, h, clear, nil, nil)
			clear = false
			term.write(t, buf.Bytes())
			if got, exp := term.String(), wantScreen(frame, w, h); got != exp {
				t.Fatalf("run %d frame %d:\n got %q\nwant %q", run, f, got, exp)
			}
		}
	}
}

func TestDrawFrameWritesOnlyChangedRows(t *testing.T) {
	var buf bytes.Buffer
	prev := drawFrame(&buf, nil, "a\nb\nc", 10, 5, true, nil, nil)
	buf.Reset()
	drawFrame(&buf, prev, "a\nb\nc", 10, 5, false, nil, nil)
	if buf.Len() != 0 {
		t.Fatalf("same frame wrote %q", buf.String())
	}
	drawFrame(&buf, prev, "a\nB\nc", 10, 5, false, nil, nil)
	if got := buf.String(); got != "\x1b[2;1HB\x1b[m\x1b[K" {
		t.Fatalf("one changed row wrote %q", got)
	}
}

// syncBuf is a writer the screen's goroutine and the test share.
type syncBuf struct {
	mu     sync.Mutex
	b      bytes.Buffer
	writes int
}

func (s *syncBuf) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.writes++
	return s.b.Write(p)
}

func (s *syncBuf) snapshot() (string, int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String(), s.writes
}

func TestScreenWritesOnlyWhenTheFrameChanges(t *testing.T) {
	out := &syncBuf{}
	s := newScreen(out, termimg.Terminal{}, nil)
	s.show("before the size is known")
	s.resize(30, 4)
	waitFor(t, 20*time.Second, func() bool { got, _ := out.snapshot(); return strings.Contains(got, "before the size") })
	_, n := out.snapshot()
	for i := 0; i < 50; i++ {
		s.show("before the size is known") // what is already on the terminal
	}
	s.show("second")
	waitFor(t, 20*time.Second, func() bool { got, _ := out.snapshot(); return strings.Contains(got, "second") })
	if _, m := out.snapshot(); m != n+1 {
		t.Fatalf("%d writes for one new frame", m-n)
	}
	// A burst: the last frame is on the terminal after stop, in at most as
	// many writes as frames.
	for i := 0; i < 100; i++ {
		s.show(fmt.Sprintf("frame %d", i))
	}
	if err := s.stop(); err != nil {
		t.Fatal(err)
	}
	got, m := out.snapshot()
	if !strings.HasSuffix(got, "frame 99\x1b[m\x1b[K") || m-n-1 > 100 {
		t.Fatalf("after the burst: %d writes, ends %q", m-n-1, got[max(0, len(got)-40):])
	}
}
