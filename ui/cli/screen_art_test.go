package cli

import (
	"bytes"
	"image"
	"strings"
	"testing"
	"time"

	"github.com/cirrus-tui/cirrus/ui/termimg"
)

// TestDrawFrameAroundPictures: a row crossing a picture is written on
// both sides of it and never over it; a dirty row is written whole
// though its text did not change.
func TestDrawFrameAroundPictures(t *testing.T) {
	const w, h = 12, 4
	term := newVT(w, h)
	prev := drawFrame(new(bytes.Buffer), nil, "", w, h, true, nil, nil)
	for i := range term.rows {
		term.rows[i] = []byte("############") // what a picture left on the cells
	}
	holes := []termimg.Placement{{Col: 2, Row: 1, Cols: 3, Rows: 2}, {Col: 9, Row: 2, Cols: 3, Rows: 1}}
	var buf bytes.Buffer
	frame := "top\nab\nabcdefghijkl\nbottom"
	prev = drawFrame(&buf, prev, frame, w, h, false, holes, nil)
	term.write(t, buf.Bytes())
	want := "top\nab###\nab###fghi###\nbottom"
	if got := term.String(); got != want {
		t.Fatalf("around the pictures:\n got %q\nwant %q", got, want)
	}
	buf.Reset()
	drawFrame(&buf, prev, frame, w, h, false, nil, []int{1, 2})
	term.write(t, buf.Bytes())
	if got, exp := term.String(), wantScreen(frame, w, h); got != exp {
		t.Fatalf("dirty rows after the pictures left:\n got %q\nwant %q", got, exp)
	}
}

// TestScreenDrawsPictures: the writer places a kitty picture after the
// frame, leaves it alone while frames change around it, deletes it when
// it leaves, and deletes everything on stop.
func TestScreenDrawsPictures(t *testing.T) {
	out := &syncBuf{}
	s := newScreen(out, termimg.Terminal{Protocol: termimg.Kitty, CellW: 10, CellH: 20}, nil)
	s.resize(40, 10)
	img := image.NewRGBA(image.Rect(0, 0, 20, 20))
	p := termimg.Placement{Key: "a", Img: img, Col: 30, Row: 2, Cols: 4, Rows: 2}
	s.show("one", p)
	waitWritten(t, out, "\x1b[3;31H\x1b_Gf=100,q=2,i=1,p=1,C=1,c=4,r=2,a=T;")
	s.show("two", p)
	waitWritten(t, out, "two")
	if strings.Count(written(out), "a=T") != 1 {
		t.Fatal("the picture was sent again though it did not move")
	}
	s.show("three")
	waitWritten(t, out, "\x1b_Gq=2,i=1,d=I,a=d\x1b\\")
	s.show("four", p)
	if err := s.stop(); err != nil {
		t.Fatal(err)
	}
	if !strings.HasSuffix(written(out), "\x1b_Gq=2,d=A,a=d\x1b\\") {
		t.Fatalf("pictures left behind on stop: %q", tail(written(out)))
	}
}

func written(out *syncBuf) string {
	s, _ := out.snapshot()
	return s
}

func waitWritten(t *testing.T, out *syncBuf, want string) {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(5 * time.Millisecond) {
		if strings.Contains(written(out), want) {
			return
		}
	}
	t.Fatalf("never written: %q; got %q", want, tail(written(out)))
}

func tail(s string) string {
	if len(s) > 300 {
		return "…" + s[len(s)-300:]
	}
	return s
}
