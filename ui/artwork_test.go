package ui

import (
	"bytes"
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/gif"
	"image/jpeg"
	"image/png"
	"regexp"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
	"github.com/muesli/termenv"
)

var (
	red  = color.RGBA{255, 0, 0, 255}
	blue = color.RGBA{0, 0, 255, 255}
)

// twoTone is a w×h image, red on its top half and blue on its bottom half.
func twoTone(w, h int) *image.RGBA {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			c := red
			if y >= h/2 {
				c = blue
			}
			img.SetRGBA(x, y, c)
		}
	}
	return img
}

func solid(w, h int, c color.RGBA) *image.RGBA {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for i := 0; i < len(img.Pix); i += 4 {
		img.Pix[i], img.Pix[i+1], img.Pix[i+2], img.Pix[i+3] = c.R, c.G, c.B, c.A
	}
	return img
}

var sgrRe = regexp.MustCompile(`\x1b\[([0-9;]*)m`)

func sgrParams(s string) []string {
	var out []string
	for _, m := range sgrRe.FindAllStringSubmatch(s, -1) {
		out = append(out, m[1])
	}
	return out
}

func checkArtworkGeometry(t *testing.T, out string, width, height int) {
	t.Helper()
	lines := strings.Split(out, "\n")
	if len(lines) != height {
		t.Fatalf("%d lines, want %d", len(lines), height)
	}
	for i, l := range lines {
		if w := ansi.StringWidth(l); w != width {
			t.Fatalf("line %d is %d cells, want %d: %q", i, w, width, l)
		}
		if p := sgrParams(l); len(p) > 0 && p[len(p)-1] != "0" {
			t.Fatalf("line %d leaves colour set: %q", i, l)
		}
	}
}

func TestRenderArtworkGeometry(t *testing.T) {
	imgs := map[string]image.Image{
		"square": twoTone(500, 500),
		"wide":   twoTone(1200, 300),
		"tall":   twoTone(100, 900),
		"tiny":   twoTone(1, 1),
		"nil":    nil,
	}
	profiles := []termenv.Profile{termenv.TrueColor, termenv.ANSI256, termenv.ANSI, termenv.Ascii}
	for name, img := range imgs {
		for _, p := range profiles {
			for _, wh := range [][2]int{{1, 1}, {20, 10}, {21, 7}, {40, 20}, {7, 30}} {
				out := RenderArtwork(img, wh[0], wh[1], p)
				t.Run(name, func(t *testing.T) { checkArtworkGeometry(t, out, wh[0], wh[1]) })
			}
		}
	}
	for _, wh := range [][2]int{{0, 5}, {5, 0}, {-1, -1}} {
		if out := RenderArtwork(twoTone(4, 4), wh[0], wh[1], termenv.TrueColor); out != "" {
			t.Errorf("%v: want empty, got %q", wh, out)
		}
	}
}

func TestRenderArtworkTwoColours(t *testing.T) {
	const (
		fgRed  = "38;2;255;0;0"
		bgRed  = "48;2;255;0;0"
		fgBlue = "38;2;0;0;255"
		bgBlue = "48;2;0;0;255"
	)
	// A 10×10 image in a 10×5 box fills it exactly: rows 0–1 red over red,
	// row 2 holds pixel rows 4 (red) and 5 (blue), rows 3–4 blue over blue.
	out := RenderArtwork(twoTone(10, 10), 10, 5, termenv.TrueColor)
	checkArtworkGeometry(t, out, 10, 5)
	want := []string{fgRed + ";" + bgRed, fgRed + ";" + bgRed, fgRed + ";" + bgBlue, fgBlue + ";" + bgBlue, fgBlue + ";" + bgBlue}
	for i, l := range strings.Split(out, "\n") {
		params := sgrParams(l)
		// One colour run per line and the reset: solid rows need no more.
		if len(params) != 2 || params[0] != want[i] || params[1] != "0" {
			t.Errorf("line %d: SGR %q, want [%q \"0\"]", i, params, want[i])
		}
		if got := ansi.Strip(l); got != strings.Repeat("▀", 10) {
			t.Errorf("line %d: cells %q", i, got)
		}
	}

	// Downscaled 50×, the rows away from the edge keep pure colours.
	lines := strings.Split(RenderArtwork(twoTone(500, 500), 10, 5, termenv.TrueColor), "\n")
	if p := sgrParams(lines[0]); len(p) != 2 || p[0] != fgRed+";"+bgRed {
		t.Errorf("downscaled top row: %q", p)
	}
	if p := sgrParams(lines[4]); len(p) != 2 || p[0] != fgBlue+";"+bgBlue {
		t.Errorf("downscaled bottom row: %q", p)
	}
}

func TestRenderArtworkProfiles(t *testing.T) {
	img := twoTone(64, 64)
	tests := []struct {
		profile termenv.Profile
		fg, bg  *regexp.Regexp
	}{
		{termenv.TrueColor, regexp.MustCompile(`^38;2;\d+;\d+;\d+$`), regexp.MustCompile(`^48;2;\d+;\d+;\d+$`)},
		{termenv.ANSI256, regexp.MustCompile(`^38;5;\d+$`), regexp.MustCompile(`^48;5;\d+$`)},
		{termenv.ANSI, regexp.MustCompile(`^(3[0-7]|9[0-7])$`), regexp.MustCompile(`^(4[0-7]|10[0-7])$`)},
	}
	for _, tt := range tests {
		out := RenderArtwork(img, 16, 8, tt.profile)
		checkArtworkGeometry(t, out, 16, 8)
		params := sgrParams(out)
		if len(params) == 0 {
			t.Fatalf("profile %v: no colour at all", tt.profile)
		}
		for _, p := range params {
			if p == "0" {
				continue
			}
			parts := strings.SplitN(p, ";", 2)
			fg := parts[0]
			// Split "fg;bg" where fg may itself hold ';'.
			switch tt.profile {
			case termenv.TrueColor:
				f := strings.Split(p, ";")
				fg, parts = strings.Join(f[:5], ";"), []string{"", strings.Join(f[5:], ";")}
			case termenv.ANSI256:
				f := strings.Split(p, ";")
				fg, parts = strings.Join(f[:3], ";"), []string{"", strings.Join(f[3:], ";")}
			}
			if !tt.fg.MatchString(fg) {
				t.Errorf("profile %v: foreground %q in %q", tt.profile, fg, p)
			}
			if len(parts) == 2 && !tt.bg.MatchString(parts[1]) {
				t.Errorf("profile %v: background %q in %q", tt.profile, parts[1], p)
			}
		}
	}
	// 256 and 16 colours still pick red over blue.
	if out := RenderArtwork(solid(8, 8, red), 4, 2, termenv.ANSI256); !strings.Contains(out, "38;5;196;48;5;196") {
		t.Errorf("ANSI256 red: %q", out)
	}
	if out := RenderArtwork(solid(8, 8, red), 4, 2, termenv.ANSI); !strings.Contains(out, "91;101") {
		t.Errorf("ANSI red: %q", out)
	}
	if out := RenderArtwork(solid(8, 8, blue), 4, 2, termenv.ANSI); !strings.Contains(out, "94;104") {
		t.Errorf("ANSI blue: %q", out)
	}
}

func TestRenderArtworkAscii(t *testing.T) {
	for _, tc := range []struct {
		c    color.RGBA
		want rune
	}{
		{color.RGBA{0, 0, 0, 255}, ' '},
		{color.RGBA{255, 255, 255, 255}, '█'},
		{color.RGBA{128, 128, 128, 255}, '▒'},
	} {
		out := RenderArtwork(solid(10, 10, tc.c), 5, 3, termenv.Ascii)
		if strings.ContainsAny(out, "\x1b") {
			t.Fatalf("Ascii output has escapes: %q", out)
		}
		// 5×3 box, square image: 5×5 pixels → 2.5 rows, centred on a row
		// boundary; the rows that hold image are all tc.want.
		lines := strings.Split(out, "\n")
		if lines[0] != strings.Repeat(string(tc.want), 5) {
			t.Errorf("%v: first line %q, want %q", tc.c, lines[0], tc.want)
		}
		checkArtworkGeometry(t, out, 5, 3)
	}
}

func TestRenderArtworkFitAndCentre(t *testing.T) {
	// A wide 4:1 image in a 20×10 box (20×20 pixels) becomes 20×5 pixels,
	// centred: offset (20-5)/2 = 7 → 6 (even), so pixel rows 6–10 hold image,
	// i.e. cell rows 3, 4 full and row 5 with only its top half.
	out := RenderArtwork(solid(400, 100, red), 20, 10, termenv.TrueColor)
	checkArtworkGeometry(t, out, 20, 10)
	lines := strings.Split(out, "\n")
	for i, l := range lines {
		switch i {
		case 3, 4:
			if !strings.Contains(l, "38;2;255;0;0;48;2;255;0;0") {
				t.Errorf("row %d should be red over red: %q", i, l)
			}
		case 5:
			if p := sgrParams(l); len(p) != 2 || p[0] != "38;2;255;0;0" || ansi.Strip(l) != strings.Repeat("▀", 20) {
				t.Errorf("row 5 should be red top over terminal background: %q", l)
			}
		default:
			if l != strings.Repeat(" ", 20) {
				t.Errorf("row %d should be blank margin: %q", i, l)
			}
		}
	}

	// A tall 1:4 image in a 20×10 box is 5 pixels wide, columns 7–11.
	out = RenderArtwork(solid(100, 400, blue), 20, 10, termenv.TrueColor)
	for i, l := range strings.Split(out, "\n") {
		if got := ansi.Strip(l); got != strings.Repeat(" ", 7)+strings.Repeat("▀", 5)+strings.Repeat(" ", 8) {
			t.Errorf("row %d: %q", i, got)
		}
	}
}

// firstColours parses the first SGR of a TrueColor line into fg and bg RGB.
func firstColours(t *testing.T, line string) (fg, bg [3]int) {
	t.Helper()
	p := sgrParams(line)
	if len(p) == 0 {
		t.Fatalf("no colour in %q", line)
	}
	var n [10]int
	if _, err := fmt.Sscanf(p[0], "38;2;%d;%d;%d;48;2;%d;%d;%d", &n[0], &n[1], &n[2], &n[3], &n[4], &n[5]); err != nil {
		t.Fatalf("parse %q: %v", p[0], err)
	}
	return [3]int{n[0], n[1], n[2]}, [3]int{n[3], n[4], n[5]}
}

func near(got [3]int, want color.RGBA) bool {
	d := func(a int, b uint8) int { return max(a-int(b), int(b)-a) }
	return d(got[0], want.R) < 40 && d(got[1], want.G) < 40 && d(got[2], want.B) < 40
}

// Each source image type the decoders produce takes its own pixel path.
func TestRenderArtworkImageTypes(t *testing.T) {
	jpegImg, err := DecodeArtwork(encode(t, twoTone(200, 200), "jpeg"))
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := jpegImg.(*image.YCbCr); !ok {
		t.Fatalf("jpeg decoded to %T, want *image.YCbCr", jpegImg)
	}
	nrgba := image.NewNRGBA(image.Rect(0, 0, 200, 200))
	gray := image.NewGray(image.Rect(0, 0, 200, 200))
	for y := 0; y < 200; y++ {
		for x := 0; x < 200; x++ {
			c := red
			if y >= 100 {
				c = blue
			}
			nrgba.SetNRGBA(x, y, color.NRGBA{c.R, c.G, c.B, 255})
			if y >= 100 {
				gray.SetGray(x, y, color.Gray{255})
			}
		}
	}
	for name, tc := range map[string]struct {
		img         image.Image
		top, bottom color.RGBA
	}{
		"ycbcr": {jpegImg, red, blue},
		"nrgba": {nrgba, red, blue},
		"gray":  {gray, color.RGBA{0, 0, 0, 255}, color.RGBA{255, 255, 255, 255}},
		"rgba":  {twoTone(200, 200), red, blue},
	} {
		lines := strings.Split(RenderArtwork(tc.img, 10, 5, termenv.TrueColor), "\n")
		if fg, bg := firstColours(t, lines[0]); !near(fg, tc.top) || !near(bg, tc.top) {
			t.Errorf("%s: top row %v/%v, want ≈ %v", name, fg, bg, tc.top)
		}
		if fg, bg := firstColours(t, lines[4]); !near(fg, tc.bottom) || !near(bg, tc.bottom) {
			t.Errorf("%s: bottom row %v/%v, want ≈ %v", name, fg, bg, tc.bottom)
		}
	}

	// Transparency composites onto black: half-transparent white is grey.
	half := image.NewNRGBA(image.Rect(0, 0, 40, 40))
	for i := 0; i < len(half.Pix); i += 4 {
		half.Pix[i], half.Pix[i+1], half.Pix[i+2], half.Pix[i+3] = 255, 255, 255, 128
	}
	fg, _ := firstColours(t, RenderArtwork(half, 4, 2, termenv.TrueColor))
	if !near(fg, color.RGBA{128, 128, 128, 255}) {
		t.Errorf("half-transparent white drew %v, want grey", fg)
	}

	// Upscaling a 2×2 image into a large box stays in the image's colours.
	small := twoTone(2, 2)
	lines := strings.Split(RenderArtwork(small, 20, 10, termenv.TrueColor), "\n")
	if fg, _ := firstColours(t, lines[0]); !near(fg, red) {
		t.Errorf("upscaled top %v, want red", fg)
	}
	if _, bg := firstColours(t, lines[9]); !near(bg, blue) {
		t.Errorf("upscaled bottom %v, want blue", bg)
	}
}

func encode(t *testing.T, img image.Image, format string) []byte {
	t.Helper()
	var buf bytes.Buffer
	var err error
	switch format {
	case "png":
		err = png.Encode(&buf, img)
	case "jpeg":
		err = jpeg.Encode(&buf, img, &jpeg.Options{Quality: 95})
	case "gif":
		err = gif.Encode(&buf, img, nil)
	}
	if err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestDecodeArtwork(t *testing.T) {
	for _, format := range []string{"png", "jpeg"} {
		img, err := DecodeArtwork(encode(t, twoTone(40, 30), format))
		if err != nil {
			t.Fatalf("%s: %v", format, err)
		}
		if b := img.Bounds(); b.Dx() != 40 || b.Dy() != 30 {
			t.Errorf("%s: bounds %v", format, b)
		}
		r, g, b, _ := img.At(20, 2).RGBA()
		if r>>8 < 200 || g>>8 > 60 || b>>8 > 60 {
			t.Errorf("%s: top pixel not red: %d %d %d", format, r>>8, g>>8, b>>8)
		}
	}

	// Dimensions are checked from the header, before any pixel is decoded:
	// a 5000×10 PNG is small in bytes but refused.
	_, err := DecodeArtwork(encode(t, solid(5000, 10, red), "png"))
	if !errors.Is(err, ErrArtworkTooLarge) {
		t.Errorf("5000×10: err = %v, want ErrArtworkTooLarge", err)
	}
	if _, err := DecodeArtwork(encode(t, solid(4096, 1, red), "png")); err != nil {
		t.Errorf("4096×1 should pass: %v", err)
	}

	big := append(encode(t, solid(8, 8, red), "png"), make([]byte, MaxArtworkBytes)...)
	if _, err := DecodeArtwork(big); !errors.Is(err, ErrArtworkTooLarge) {
		t.Errorf("over 4 MB: err = %v, want ErrArtworkTooLarge", err)
	}

	for name, data := range map[string][]byte{
		"empty":     nil,
		"garbage":   []byte("<html>not an image</html>"),
		"truncated": encode(t, twoTone(40, 30), "png")[:60],
	} {
		_, err := DecodeArtwork(data)
		if err == nil || !strings.Contains(err.Error(), "decode artwork") {
			t.Errorf("%s: err = %v, want a decode artwork error", name, err)
		}
		if errors.Is(err, ErrArtworkTooLarge) {
			t.Errorf("%s: wrongly reported as too large", name)
		}
	}
	// GIF is registered here by this test's import, yet still refused.
	if _, err := DecodeArtwork(encode(t, twoTone(4, 4), "gif")); err == nil || !strings.Contains(err.Error(), "unsupported format") {
		t.Errorf("gif: err = %v", err)
	}
}

func BenchmarkRenderArtwork(b *testing.B) {
	img := twoTone(500, 500)
	b.ReportAllocs()
	for b.Loop() {
		_ = RenderArtwork(img, 40, 20, termenv.TrueColor)
	}
}
