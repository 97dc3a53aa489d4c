package termimg

import (
	"bytes"
	"encoding/base64"
	"image"
	"image/color"
	"image/png"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi/kitty"
)

func solid(w, h int, c color.RGBA) *image.RGBA {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			img.SetRGBA(x, y, c)
		}
	}
	return img
}

func TestKittyDrawBytes(t *testing.T) {
	img := solid(1, 1, color.RGBA{1, 2, 3, 255})
	got, err := kittyDraw(img, 7, 2, 1, kitty.RGBA)
	if err != nil {
		t.Fatal(err)
	}
	// f=32 is the protocol's default and so left out; s,v give the raw size.
	want := "\x1b_Gq=2,i=7,p=1,s=1,v=1,C=1,c=2,r=1,a=T;" + base64.StdEncoding.EncodeToString([]byte{1, 2, 3, 255}) + "\x1b\\"
	if got != want {
		t.Fatalf("raw:\n got %q\nwant %q", got, want)
	}
	got, err = kittyDraw(img, 9, 4, 2, kitty.PNG)
	if err != nil {
		t.Fatal(err)
	}
	var p bytes.Buffer
	if err := png.Encode(&p, img); err != nil {
		t.Fatal(err)
	}
	want = "\x1b_Gf=100,q=2,i=9,p=1,C=1,c=4,r=2,a=T;" + base64.StdEncoding.EncodeToString(p.Bytes()) + "\x1b\\"
	if got != want {
		t.Fatalf("png:\n got %q\nwant %q", got, want)
	}
	if got, want := kittyDelete(7), "\x1b_Gq=2,i=7,d=I,a=d\x1b\\"; got != want {
		t.Fatalf("delete: got %q want %q", got, want)
	}
	if got, want := kittyDeleteAll(), "\x1b_Gq=2,d=A,a=d\x1b\\"; got != want {
		t.Fatalf("delete all: got %q want %q", got, want)
	}
}

// TestKittyChunks: data past 4096 base64 bytes goes in chunks of exactly
// 4096 (the last shorter), m=1 on all but the last (m=0), the options in
// the first only, and the chunks join to the data.
func TestKittyChunks(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	img := image.NewRGBA(image.Rect(0, 0, 64, 64)) // 16384 raw bytes: 21848 in base64
	for i := range img.Pix {
		img.Pix[i] = byte(r.IntN(256))
	}
	got, err := kittyDraw(img, 3, 8, 4, kitty.RGBA)
	if err != nil {
		t.Fatal(err)
	}
	chunks := strings.Split(strings.TrimSuffix(got, "\x1b\\"), "\x1b\\")
	if len(chunks) != 6 {
		t.Fatalf("%d chunks, want 6 (21848 = 5×4096 + 1368)", len(chunks))
	}
	var data strings.Builder
	for i, c := range chunks {
		head, payload, ok := strings.Cut(strings.TrimPrefix(c, "\x1b_G"), ";")
		if !ok || !strings.HasPrefix(c, "\x1b_G") {
			t.Fatalf("chunk %d malformed: %.40q", i, c)
		}
		var wantHead string
		switch i {
		case 0:
			wantHead = "q=2,i=3,p=1,s=64,v=64,C=1,c=8,r=4,a=T,m=1"
		case len(chunks) - 1:
			wantHead = "q=2,m=0"
		default:
			wantHead = "q=2,m=1"
		}
		if head != wantHead {
			t.Errorf("chunk %d options %q, want %q", i, head, wantHead)
		}
		if n := len(payload); (i < len(chunks)-1 && n != 4096) || (i == len(chunks)-1 && n != 1368) {
			t.Errorf("chunk %d carries %d base64 bytes", i, n)
		}
		data.WriteString(payload)
	}
	raw, err := base64.StdEncoding.DecodeString(data.String())
	if err != nil || !bytes.Equal(raw, img.Pix) {
		t.Fatalf("chunks do not join to the pixels (err %v)", err)
	}
}

func TestITermBytes(t *testing.T) {
	img := solid(1, 1, color.RGBA{0, 0, 0, 255})
	got, err := itermDraw(img, 6, 3)
	if err != nil {
		t.Fatal(err)
	}
	var p bytes.Buffer
	if err := png.Encode(&p, img); err != nil {
		t.Fatal(err)
	}
	want := "\x1b]1337;File=size=" + itoa(p.Len()) + ";width=6;height=3;inline=1;doNotMoveCursor=1:" +
		base64.StdEncoding.EncodeToString(p.Bytes()) + "\a"
	if got != want {
		t.Fatalf("got  %q\nwant %q", got, want)
	}
}

func itoa(n int) string { return string(appendInt(nil, n)) }

func appendInt(b []byte, n int) []byte {
	if n >= 10 {
		b = appendInt(b, n/10)
	}
	return append(b, byte('0'+n%10))
}

// TestSixelBytes: DCS 0;1 q, raster attributes, the palette in percent,
// one band per six rows with colours separated by $ and bands by -, and
// runs of four or more as !N. The encoder's median cut numbers the
// palette in no fixed order, so two-colour pictures accept either.
func TestSixelBytes(t *testing.T) {
	got, err := sixelDraw(solid(10, 12, color.RGBA{255, 0, 0, 255}))
	if err != nil {
		t.Fatal(err)
	}
	if want := "\x1bP0;1q\"1;1;10;12#0;2;100;0;0#0!10~-#0!10~\x1b\\"; got != want {
		t.Fatalf("solid:\n got %q\nwant %q", got, want)
	}
	two := image.NewRGBA(image.Rect(0, 0, 2, 6))
	for y := 0; y < 6; y++ {
		two.SetRGBA(0, y, color.RGBA{255, 0, 0, 255})
		two.SetRGBA(1, y, color.RGBA{0, 0, 255, 255})
	}
	got, err = sixelDraw(two)
	if err != nil {
		t.Fatal(err)
	}
	if a, b := "\x1bP0;1q\"1;1;2;6#0;2;100;0;0#1;2;0;0;100#0~?$#1?~\x1b\\",
		"\x1bP0;1q\"1;1;2;6#0;2;0;0;100#1;2;100;0;0#0?~$#1~?\x1b\\"; got != a && got != b {
		t.Fatalf("two columns:\n got %q\nwant %q\n  or %q", got, a, b)
	}
	img := solid(10, 12, color.RGBA{255, 0, 0, 255})
	for y := 6; y < 12; y++ {
		for x := 5; x < 10; x++ {
			img.SetRGBA(x, y, color.RGBA{0, 255, 0, 255})
		}
	}
	got, err = sixelDraw(img)
	if err != nil {
		t.Fatal(err)
	}
	if a, b := "\x1bP0;1q\"1;1;10;12#0;2;100;0;0#1;2;0;100;0#0!10~-#0!5~!5?$#1!5?!5~\x1b\\",
		"\x1bP0;1q\"1;1;10;12#0;2;0;100;0#1;2;100;0;0#1!10~-#0!5?!5~$#1!5~!5?\x1b\\"; got != a && got != b {
		t.Fatalf("runs:\n got %q\nwant %q\n  or %q", got, a, b)
	}
}

// TestSixelRoundTrip decodes what the encoder wrote of a gradient (more
// colours than a palette holds) and finds every pixel close to the source.
func TestSixelRoundTrip(t *testing.T) {
	src := image.NewRGBA(image.Rect(0, 0, 40, 30))
	for y := 0; y < 30; y++ {
		for x := 0; x < 40; x++ {
			src.SetRGBA(x, y, color.RGBA{uint8(x * 6), uint8(y * 8), uint8(255 - x*3), 255})
		}
	}
	s, err := sixelDraw(src)
	if err != nil {
		t.Fatal(err)
	}
	body := strings.TrimSuffix(strings.TrimPrefix(s, "\x1bP0;1q"), "\x1b\\")
	dec := decodeSixel(t, body)
	if dec.Bounds().Dx() != 40 || dec.Bounds().Dy() < 30 {
		t.Fatalf("decoded %v", dec.Bounds())
	}
	worst := 0
	for y := 0; y < 30; y++ {
		for x := 0; x < 40; x++ {
			r1, g1, b1, _ := src.At(x, y).RGBA()
			r2, g2, b2, _ := dec.At(x, y).RGBA()
			for _, d := range []int{int(r1>>8) - int(r2>>8), int(g1>>8) - int(g2>>8), int(b1>>8) - int(b2>>8)} {
				worst = max(worst, abs(d))
			}
		}
	}
	if worst > 24 {
		t.Fatalf("a pixel is off by %d of 255", worst)
	}
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

// TestFit keeps the aspect ratio and reports the cells covered.
func TestFit(t *testing.T) {
	for _, tc := range []struct {
		w, h, cols, rows, cw, ch int
		pw, ph, fc, fr           int
	}{
		{500, 500, 16, 8, 10, 20, 160, 160, 16, 8},
		{500, 250, 16, 8, 10, 20, 160, 80, 16, 4},
		{250, 500, 16, 8, 10, 20, 80, 160, 8, 8},
		{500, 500, 16, 8, 9, 17, 136, 136, 16, 8},
	} {
		pic, fc, fr := fit(solid(tc.w, tc.h, color.RGBA{9, 9, 9, 255}), tc.cols, tc.rows, tc.cw, tc.ch)
		if pic.Rect.Dx() != tc.pw || pic.Rect.Dy() != tc.ph || fc != tc.fc || fr != tc.fr {
			t.Errorf("%+v: got %v %d×%d cells", tc, pic.Rect, fc, fr)
		}
	}
}

// decodeSixel is a reference reader written from the VT340 manual, not
// from the encoder: raster attributes, #n;2;r;g;b colours in percent, #n
// selection, !N repeats, $ and -, and sixel characters ? to ~.
func decodeSixel(t *testing.T, s string) *image.RGBA {
	t.Helper()
	num := func(i int) (int, int) {
		n := 0
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			n = n*10 + int(s[i]-'0')
			i++
		}
		return n, i
	}
	var img *image.RGBA
	pal := map[int]color.RGBA{}
	cur, x, band := 0, 0, 0
	for i := 0; i < len(s); {
		switch c := s[i]; {
		case c == '"':
			var f [4]int
			i++
			for k := range f {
				f[k], i = num(i)
				if k < 3 && i < len(s) && s[i] == ';' {
					i++
				}
			}
			img = image.NewRGBA(image.Rect(0, 0, f[2], f[3]))
		case c == '#':
			var n int
			n, i = num(i + 1)
			cur = n
			if i < len(s) && s[i] == ';' {
				var f [4]int
				for k := range f {
					f[k], i = num(i + 1)
				}
				pal[n] = color.RGBA{uint8(f[1] * 255 / 100), uint8(f[2] * 255 / 100), uint8(f[3] * 255 / 100), 255}
			}
		case c == '$':
			x, i = 0, i+1
		case c == '-':
			x, band, i = 0, band+1, i+1
		case c == '!' || (c >= '?' && c <= '~'):
			rep := 1
			if c == '!' {
				rep, i = num(i + 1)
				c = s[i]
			}
			bits := c - '?'
			for r := 0; r < rep; r++ {
				for b := 0; b < 6; b++ {
					if bits&(1<<b) != 0 && img != nil {
						img.SetRGBA(x, band*6+b, pal[cur])
					}
				}
				x++
			}
			i++
		default:
			t.Fatalf("unexpected sixel byte %q at %d", c, i)
		}
	}
	if img == nil {
		t.Fatal("no raster attributes")
	}
	return img
}
