package e2e

import (
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"math"
	"os"
	"strconv"
	"strings"
	"testing"
	"unicode"

	"github.com/mattn/go-runewidth"
	"golang.org/x/image/font"
	"golang.org/x/image/font/gofont/gomono"
	"golang.org/x/image/font/gofont/gomonobold"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/font/sfnt"
	"golang.org/x/image/math/fixed"
)

// Screen colours: the terminal's default text and background, and the 16
// ANSI colours (xterm's, a little softened).
var (
	defaultFG = color.RGBA{0xd4, 0xd4, 0xd4, 0xff}
	defaultBG = color.RGBA{0x16, 0x16, 0x1a, 0xff}
	ansi16    = [16]color.RGBA{
		{0x1e, 0x1e, 0x24, 0xff}, {0xe0, 0x55, 0x61, 0xff}, {0x8c, 0xc2, 0x65, 0xff}, {0xd1, 0x8f, 0x52, 0xff},
		{0x4a, 0xa5, 0xf0, 0xff}, {0xc1, 0x62, 0xde, 0xff}, {0x42, 0xb3, 0xc2, 0xff}, {0xd4, 0xd4, 0xd4, 0xff},
		{0x5c, 0x63, 0x70, 0xff}, {0xff, 0x61, 0x6e, 0xff}, {0xa5, 0xe0, 0x75, 0xff}, {0xf0, 0xa4, 0x5d, 0xff},
		{0x4d, 0xc4, 0xff, 0xff}, {0xde, 0x73, 0xff, 0xff}, {0x4c, 0xd1, 0xe0, 0xff}, {0xff, 0xff, 0xff, 0xff},
	}
)

// xterm256 is colour n of the 256-colour palette.
func xterm256(n int) color.RGBA {
	switch {
	case n < 16:
		return ansi16[n]
	case n < 232:
		n -= 16
		lv := func(v int) uint8 {
			if v == 0 {
				return 0
			}
			return uint8(55 + 40*v)
		}
		return color.RGBA{lv(n / 36), lv(n / 6 % 6), lv(n % 6), 0xff}
	default:
		v := uint8(8 + 10*(n-232))
		return color.RGBA{v, v, v, 0xff}
	}
}

// cell is one terminal cell: what it shows and how. width is 2 for the
// first cell of a wide character, 0 for the cell it covers.
type cell struct {
	text        string
	width       int
	fg, bg      color.RGBA
	bold, under bool
}

type pen struct {
	fg, bg                      color.RGBA
	bold, faint, under, reverse bool
}

var widthCond = &runewidth.Condition{EastAsianWidth: false}

// parseANSI lays capture-pane -e output (text and SGR sequences) out on a
// cols×rows grid as the terminal had it.
func parseANSI(s string, cols, rows int) [][]cell {
	grid := make([][]cell, rows)
	for i := range grid {
		grid[i] = make([]cell, cols)
		for j := range grid[i] {
			grid[i][j] = cell{text: " ", width: 1, fg: defaultFG, bg: defaultBG}
		}
	}
	p := pen{fg: defaultFG, bg: defaultBG}
	r, c := 0, 0
	rs := []rune(s)
	for i := 0; i < len(rs); i++ {
		ch := rs[i]
		switch {
		case ch == 0x1b && i+1 < len(rs) && rs[i+1] == '[':
			j := i + 2
			for j < len(rs) && (rs[j] < 0x40 || rs[j] > 0x7e) {
				j++
			}
			if j < len(rs) && rs[j] == 'm' {
				p.sgr(string(rs[i+2 : j]))
			}
			i = j
		case ch == 0x1b && i+1 < len(rs) && rs[i+1] == ']': // OSC: skip to BEL or ST
			j := i + 2
			for j < len(rs) && rs[j] != 0x07 && !(rs[j] == 0x1b && j+1 < len(rs) && rs[j+1] == '\\') {
				j++
			}
			if j < len(rs) && rs[j] == 0x1b {
				j++
			}
			i = j
		case ch == 0x1b:
			i++ // a two-byte escape
		case ch == '\n':
			r, c = r+1, 0
		case ch < 0x20 || ch == 0x7f:
		default:
			if r >= rows {
				continue
			}
			w := widthCond.RuneWidth(ch)
			if unicode.In(ch, unicode.Mn, unicode.Me, unicode.Variation_Selector, unicode.Join_Control) {
				w = 0
			}
			if w == 0 { // combining mark, variation selector, ZWJ: joins the previous cell
				if c > 0 {
					k := c - 1
					if grid[r][k].width == 0 && k > 0 {
						k--
					}
					grid[r][k].text += string(ch)
				}
				continue
			}
			if c+w > cols {
				continue
			}
			fg, bg := p.fg, p.bg
			if p.reverse {
				fg, bg = bg, fg
			}
			if p.faint {
				fg = mix(fg, bg, 0.5)
			}
			grid[r][c] = cell{text: string(ch), width: w, fg: fg, bg: bg, bold: p.bold, under: p.under}
			if w == 2 {
				grid[r][c+1] = cell{width: 0, fg: fg, bg: bg}
			}
			c += w
		}
	}
	return grid
}

// sgr applies one Select Graphic Rendition sequence's parameters.
func (p *pen) sgr(params string) {
	if params == "" {
		params = "0"
	}
	ps := strings.Split(strings.ReplaceAll(params, ":", ";"), ";")
	num := func(k int) int {
		if k >= len(ps) {
			return 0
		}
		n, _ := strconv.Atoi(ps[k])
		return n
	}
	for k := 0; k < len(ps); k++ {
		n := num(k)
		switch {
		case n == 0:
			*p = pen{fg: defaultFG, bg: defaultBG}
		case n == 1:
			p.bold = true
		case n == 2:
			p.faint = true
		case n == 4:
			p.under = true
		case n == 7:
			p.reverse = true
		case n == 22:
			p.bold, p.faint = false, false
		case n == 24:
			p.under = false
		case n == 27:
			p.reverse = false
		case n >= 30 && n <= 37:
			p.fg = ansi16[n-30]
		case n >= 90 && n <= 97:
			p.fg = ansi16[n-90+8]
		case n >= 40 && n <= 47:
			p.bg = ansi16[n-40]
		case n >= 100 && n <= 107:
			p.bg = ansi16[n-100+8]
		case n == 39:
			p.fg = defaultFG
		case n == 49:
			p.bg = defaultBG
		case n == 38 || n == 48:
			var col color.RGBA
			switch num(k + 1) {
			case 5:
				col = xterm256(num(k + 2))
				k += 2
			case 2:
				col = color.RGBA{uint8(num(k + 2)), uint8(num(k + 3)), uint8(num(k + 4)), 0xff}
				k += 4
			default:
				continue
			}
			if n == 38 {
				p.fg = col
			} else {
				p.bg = col
			}
		}
	}
}

func mix(a, b color.RGBA, t float64) color.RGBA {
	l := func(x, y uint8) uint8 { return uint8(math.Round(float64(x)*(1-t) + float64(y)*t)) }
	return color.RGBA{l(a.R, b.R), l(a.G, b.G), l(a.B, b.B), 0xff}
}

// fonts draw the grid: a monospace face, its bold, and fallbacks for what
// it lacks (symbols, CJK, emoji), each tried in order per character.
type fonts struct {
	regular, bold  []*face
	cw, ch, ascent int
	pick           map[string]*face
}

type face struct {
	sf *sfnt.Font
	font.Face
}

func (f *face) has(r rune) bool {
	var b sfnt.Buffer
	i, err := f.sf.GlyphIndex(&b, r)
	return err == nil && i != 0
}

// loadFonts uses DejaVu Sans Mono and the system's fallbacks when
// installed, and the Go Mono fonts (embedded) in any case.
func loadFonts(t *testing.T, size float64) *fonts {
	t.Helper()
	open := func(data []byte) *face {
		sf, err := opentype.Parse(data)
		if err != nil {
			return nil
		}
		ff, err := opentype.NewFace(sf, &opentype.FaceOptions{Size: size, DPI: 72, Hinting: font.HintingFull})
		if err != nil {
			return nil
		}
		return &face{sf: sf, Face: ff}
	}
	file := func(path string) *face {
		data, err := os.ReadFile(path)
		if err != nil {
			return nil
		}
		return open(data)
	}
	var reg, bold, fallback []*face
	add := func(list *[]*face, f *face) {
		if f != nil {
			*list = append(*list, f)
		}
	}
	const dir = "/usr/share/fonts/truetype/"
	add(&reg, file(dir+"dejavu/DejaVuSansMono.ttf"))
	add(&bold, file(dir+"dejavu/DejaVuSansMono-Bold.ttf"))
	add(&reg, open(gomono.TTF))
	add(&bold, open(gomonobold.TTF))
	add(&fallback, file(dir+"dejavu/DejaVuSans.ttf"))
	add(&fallback, file(dir+"droid/DroidSansFallbackFull.ttf"))
	add(&fallback, file(dir+"ancient-scripts/Symbola_hint.ttf"))
	if len(reg) == 0 || len(bold) == 0 {
		t.Fatal("no usable font, not even the embedded Go Mono")
	}
	m := reg[0].Metrics()
	adv, _ := reg[0].GlyphAdvance('M')
	f := &fonts{
		regular: append(reg, fallback...),
		bold:    append(bold, append(reg, fallback...)...),
		cw:      adv.Ceil(),
		ch:      int(math.Ceil(float64(m.Height.Ceil()) * 1.08)),
		ascent:  m.Ascent.Ceil(),
		pick:    map[string]*face{},
	}
	return f
}

func (f *fonts) faceFor(r rune, bold bool) *face {
	key := fmt.Sprint(r, bold)
	if fc, ok := f.pick[key]; ok {
		return fc
	}
	list := f.regular
	if bold {
		list = f.bold
	}
	var fc *face
	for _, cand := range list {
		if cand.has(r) {
			fc = cand
			break
		}
	}
	f.pick[key] = fc
	return fc
}

const pad = 24

// renderScreen draws the grid: backgrounds, block and line characters as
// exact rectangles (so waveforms and borders join up), the rest as glyphs.
func renderScreen(grid [][]cell, f *fonts) *image.RGBA {
	rows, cols := len(grid), len(grid[0])
	img := image.NewRGBA(image.Rect(0, 0, cols*f.cw+2*pad, rows*f.ch+2*pad))
	draw.Draw(img, img.Bounds(), image.NewUniform(defaultBG), image.Point{}, draw.Src)
	fill := func(x0, y0, x1, y1 int, c color.RGBA) {
		draw.Draw(img, image.Rect(x0, y0, x1, y1), image.NewUniform(c), image.Point{}, draw.Src)
	}
	for r, line := range grid {
		y := pad + r*f.ch
		for c, cl := range line {
			x := pad + c*f.cw
			fill(x, y, x+f.cw, y+f.ch, cl.bg)
		}
		for c, cl := range line {
			if cl.width == 0 || cl.text == " " {
				continue
			}
			x := pad + c*f.cw
			w := cl.width * f.cw
			rs := []rune(cl.text)
			ch := rs[0]
			switch {
			case ch == '▀':
				fill(x, y, x+w, y+f.ch/2, cl.fg)
				continue
			case ch >= '▁' && ch <= '█': // lower eighths to full block
				h := int(math.Round(float64(f.ch) * float64(ch-'▁'+1) / 8))
				fill(x, y+f.ch-h, x+w, y+f.ch, cl.fg)
				continue
			case ch == '│' || ch == '┃':
				fill(x+f.cw/2, y, x+f.cw/2+1, y+f.ch, cl.fg)
				continue
			case ch == '─' || ch == '━':
				fill(x, y+f.ch/2, x+w, y+f.ch/2+1, cl.fg)
				continue
			}
			fc := f.faceFor(ch, cl.bold)
			if fc == nil {
				continue
			}
			adv, _ := fc.GlyphAdvance(ch)
			dx := 0
			if a := adv.Round(); a < w {
				dx = (w - a) / 2
			}
			d := font.Drawer{Dst: img, Src: image.NewUniform(cl.fg), Face: fc,
				Dot: fixed.P(x+dx, y+(f.ch-f.ascent)/2+f.ascent-2)}
			d.DrawString(string(ch))
			if cl.under {
				fill(x, y+f.ch-2, x+w, y+f.ch-1, cl.fg)
			}
		}
	}
	return img
}

func TestRenderScreen(t *testing.T) {
	in := "\x1b[38;2;255;0;0mA\x1b[0m東\x1b[48;5;21m \x1b[49m\x1b[32m▀\x1b[39m│\n\x1b[7mR\x1b[27m✨\ufe0fz"
	g := parseANSI(in, 8, 2)
	if g[0][0].text != "A" || g[0][0].fg != (color.RGBA{255, 0, 0, 255}) {
		t.Errorf("truecolour cell: %+v", g[0][0])
	}
	if g[0][1].text != "東" || g[0][1].width != 2 || g[0][2].width != 0 || g[0][1].fg != defaultFG {
		t.Errorf("wide cell after reset: %+v %+v", g[0][1], g[0][2])
	}
	if g[0][3].bg != xterm256(21) || g[0][4].text != "▀" || g[0][4].fg != ansi16[2] || g[0][4].bg != defaultBG {
		t.Errorf("256-colour bg / block: %+v %+v", g[0][3], g[0][4])
	}
	if g[1][0].fg != defaultBG || g[1][0].bg != defaultFG {
		t.Errorf("reverse video: %+v", g[1][0])
	}
	if g[1][1].text != "✨\ufe0f" || g[1][1].width != 2 || g[1][3].text != "z" {
		t.Errorf("emoji with VS16 then z: %+v %+v", g[1][1], g[1][3])
	}
	f := loadFonts(t, 15)
	img := renderScreen(g, f)
	at := func(col, row int, fx, fy float64) color.RGBA {
		return img.RGBAAt(pad+col*f.cw+int(fx*float64(f.cw)), pad+row*f.ch+int(fy*float64(f.ch)))
	}
	if got := at(3, 0, 0.5, 0.5); got != xterm256(21) {
		t.Errorf("background of cell 3 = %v", got)
	}
	if top, bottom := at(4, 0, 0.5, 0.2), at(4, 0, 0.5, 0.8); top != ansi16[2] || bottom != defaultBG {
		t.Errorf("▀ drawn as %v over %v", top, bottom)
	}
	if got := at(5, 0, 0.5, 0.1); got == defaultBG {
		t.Errorf("│ not drawn through the top of its cell")
	}
	ink := 0
	for y := pad; y < pad+f.ch; y++ {
		for x := pad; x < pad+f.cw; x++ {
			if img.RGBAAt(x, y).R > 128 && img.RGBAAt(x, y).G < 100 {
				ink++
			}
		}
	}
	if ink < 10 {
		t.Errorf("the red A left %d red pixels", ink)
	}
}
