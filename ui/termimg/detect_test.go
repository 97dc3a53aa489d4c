package termimg

import (
	"image"
	"regexp"
	"strings"
	"testing"
)

func env(m map[string]string) func(string) string { return func(k string) string { return m[k] } }

func TestParseAnswers(t *testing.T) {
	// kitty 0.26: all five answers, with a key press in the middle.
	a := parseAnswers([]byte("\x1b_Gi=31;OK\x1b\\\x1b[6;20;10tj\x1b[4;480;800t\x1bP>|kitty(0.26.5)\x1b\\\x1b[?62;c"))
	if !a.kitty || !a.da1 || a.sixel || a.cellW != 10 || a.cellH != 20 || a.winW != 800 || a.winH != 480 || a.version != "kitty(0.26.5)" {
		t.Fatalf("kitty: %+v", a)
	}
	// xterm -ti vt340: no kitty, cell size refused, sixel in DA1.
	a = parseAnswers([]byte("\x1bP>|XTerm(379)\x1b\\\x1b[?63;1;2;4;6;9;15;22c"))
	if a.kitty || !a.da1 || !a.sixel || a.cellW != 0 || a.version != "XTerm(379)" {
		t.Fatalf("xterm: %+v", a)
	}
	// A kitty error, a truncated reply and hostile text in a name.
	a = parseAnswers([]byte("\x1b_Gi=31;ENOTSUPPORTED:no\x1b\\\x1bP>|evil\x07\x1b[2J\x1b\\\x1b[6;99999;1t\x1b[?6"))
	if a.kitty || a.da1 || a.cellH != 0 || strings.ContainsRune(a.version, 0x1b) || strings.ContainsRune(a.version, 7) {
		t.Fatalf("hostile: %+v", a)
	}
}

func TestChoose(t *testing.T) {
	none := map[string]string{}
	for _, tc := range []struct {
		name string
		mode Mode
		a    answers
		env  map[string]string
		tmux bool
		want Protocol
		wrap bool
	}{
		{"kitty answers", "auto", answers{kitty: true, da1: true}, none, false, Kitty, false},
		{"sixel in DA1", "auto", answers{da1: true, sixel: true}, none, false, Sixel, false},
		{"wezterm by name", "auto", answers{da1: true, sixel: true, version: "WezTerm 20240203"}, none, false, ITerm, false},
		{"plain xterm", "auto", answers{da1: true}, map[string]string{"KITTY_WINDOW_ID": "1"}, false, None, false},
		{"silent kitty", "auto", answers{}, map[string]string{"TERM": "xterm-kitty"}, false, Kitty, false},
		{"silent iTerm2", "auto", answers{}, map[string]string{"TERM_PROGRAM": "iTerm.app"}, false, ITerm, false},
		{"silent unknown", "auto", answers{}, map[string]string{"TERM": "xterm-256color"}, false, None, false},
		{"tmux closed", "auto", answers{}, map[string]string{"KITTY_WINDOW_ID": "1"}, true, None, false},
		{"tmux passes kitty", "auto", answers{kitty: true}, none, true, Kitty, true},
		{"forced sixel", "sixel", answers{}, none, false, Sixel, false},
		{"forced kitty in open tmux", "kitty", answers{da1: true}, none, true, Kitty, true},
		{"blocks", "blocks", answers{kitty: true}, none, false, None, false},
		{"off", "off", answers{kitty: true}, none, false, None, false},
	} {
		got := choose(tc.mode, tc.a, env(tc.env), tc.tmux, 80, 24)
		if got.Protocol != tc.want || got.Tmux != tc.wrap || got.Why == "" {
			t.Errorf("%s: got %v tmux=%v (%s), want %v tmux=%v", tc.name, got.Protocol, got.Tmux, got.Why, tc.want, tc.wrap)
		}
	}
	if got := choose("auto", answers{da1: true, winW: 800, winH: 480}, env(none), false, 80, 24); got.CellW != 10 || got.CellH != 20 {
		t.Errorf("cell from window size: %d×%d", got.CellW, got.CellH)
	}
	if got := sized(choose("auto", answers{da1: true, sixel: true}, env(none), false, 80, 24)); got.Protocol != None || !strings.Contains(got.Why, "cell size") {
		t.Errorf("sixel without a cell size: %+v", got)
	}
	if got := FromEnv("auto", env(map[string]string{"TERM": "foot"})); got.Protocol != None {
		t.Errorf("sixel from $TERM alone, no cell size: %+v", got)
	}
	if got := FromEnv("auto", env(map[string]string{"KITTY_WINDOW_ID": "3"})); got.Protocol != Kitty {
		t.Errorf("kitty needs no cell size: %+v", got)
	}
	if q := queries(true); !strings.HasPrefix(q, "\x1bPtmux;\x1b\x1b_G") || strings.Contains(strings.ReplaceAll(q, "\x1b\x1b", ""), "\x1b[c") {
		t.Errorf("tmux queries: %q", q)
	}
}

// TestPainter follows pictures through frames: drawn once after the
// text, left alone while they stay (a hole in the text), deleted and
// their rows written again when they go, all deleted after a clear.
func TestPainter(t *testing.T) {
	img := image.NewRGBA(image.Rect(0, 0, 50, 50))
	for i := range img.Pix {
		img.Pix[i] = 200
	}
	pt := NewPainter(Terminal{Protocol: Kitty, CellW: 10, CellH: 20})
	a := Placement{Key: "a", Img: img, Col: 2, Row: 1, Cols: 4, Rows: 2}
	pl := pt.Plan([]Placement{a}, false, 80, 24)
	if pl.Before != "" || len(pl.Holes) != 0 || !strings.HasPrefix(pl.After, "\x1b[2;3H\x1b_Gf=100,q=2,i=1,p=1,C=1,c=4,r=2,a=T;") || len(pl.Dirty) != 2 {
		t.Fatalf("first frame: %+v", short(pl))
	}
	pl = pt.Plan([]Placement{a}, false, 80, 24)
	if pl.Before != "" || pl.After != "" || len(pl.Holes) != 1 || len(pl.Dirty) != 0 {
		t.Fatalf("same frame: %+v", short(pl))
	}
	b := a
	b.Row = 5
	pl = pt.Plan([]Placement{b}, false, 80, 24)
	if pl.Before != "\x1b_Gq=2,i=1,d=I,a=d\x1b\\" || !strings.HasPrefix(pl.After, "\x1b[6;3H\x1b_Gf=100,q=2,i=2,") || len(pl.Dirty) != 4 {
		t.Fatalf("moved (a new place, a new kitty image id): %+v", short(pl))
	}
	pl = pt.Plan([]Placement{b}, true, 80, 24)
	if pl.Before != "\x1b_Gq=2,d=A,a=d\x1b\\" || pl.After == "" {
		t.Fatalf("cleared: %+v", short(pl))
	}
	if pl = pt.Plan([]Placement{{Key: "c", Img: img, Col: 0, Row: 22, Cols: 4, Rows: 2}}, false, 80, 24); pl.After != "" {
		t.Fatalf("a picture on the last row was drawn: %+v", short(pl))
	}
	twice := []Placement{a, {Key: "a", Img: img, Col: 40, Row: 1, Cols: 4, Rows: 2}}
	pl = pt.Plan(twice, false, 80, 24)
	if ids := regexp.MustCompile(`i=\d+,`).FindAllString(pl.After, -1); len(ids) != 2 || ids[0] == ids[1] {
		t.Fatalf("the same cover twice: image ids %v", ids)
	}
	pt.Plan(nil, false, 80, 24)
	if pt.Clear() != "" {
		t.Fatal("nothing left to clear, yet Clear wrote")
	}
	sx := NewPainter(Terminal{Protocol: Sixel, CellW: 10, CellH: 20, Tmux: true})
	pl = sx.Plan([]Placement{a}, false, 80, 24)
	if !strings.HasPrefix(pl.After, "\x1b[2;3H\x1bPtmux;\x1b\x1bP0;1q\"1;1;40;40") {
		t.Fatalf("sixel through tmux: %.60q", pl.After)
	}
	pl = sx.Plan(nil, false, 80, 24)
	if pl.Before != "" || len(pl.Dirty) != 2 {
		t.Fatalf("sixel gone: its rows are written again: %+v", short(pl))
	}
	if pl := NewPainter(Terminal{}).Plan([]Placement{a}, false, 80, 24); pl.After != "" || pl.Dirty != nil {
		t.Fatal("no protocol, yet a picture")
	}
}

func short(p Plan) Plan {
	if len(p.After) > 60 {
		p.After = p.After[:60]
	}
	return p
}
