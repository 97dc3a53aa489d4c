package ui

import (
	"image"
	"image/color"
	_ "image/jpeg" // artwork is served as JPEG
	_ "image/png"  // and sometimes PNG
	"strconv"
	"strings"

	"github.com/muesli/termenv"
	"golang.org/x/image/draw"

	artdecode "github.com/cirrus-tui/cirrus/internal/artwork"
)

// Artwork limits, in internal/artwork (the notifications decode covers too).
const (
	MaxArtworkBytes     = artdecode.MaxBytes
	MaxArtworkDimension = artdecode.MaxDimension
)

// ErrArtworkTooLarge is returned by DecodeArtwork for input over the byte or
// pixel limits, so callers can tell "refused" from "broken".
var ErrArtworkTooLarge = artdecode.ErrTooLarge

// DecodeArtwork decodes a JPEG or PNG artwork download within the limits.
func DecodeArtwork(data []byte) (image.Image, error) { return artdecode.Decode(data) }

// asciiShades go from dark to light for terminals without colour.
var asciiShades = [...]rune{' ', '░', '▒', '▓', '█'}

// RenderArtwork draws img in a box of width × height cells using upper half
// blocks (▀: foreground is the top pixel, background the bottom one), so each
// cell shows two roughly square pixels. The image is scaled to fit
// width × 2·height pixels keeping its aspect ratio, and centred; the margin
// is left in the terminal's own background. Colours follow profile:
// TrueColor 24-bit, ANSI256 the 256-colour palette, ANSI the 16 colours,
// Ascii no escapes at all but shades (░▒▓█). Every line is exactly width
// cells wide; a nil image or an empty box gives blank lines or "".
func RenderArtwork(img image.Image, width, height int, profile termenv.Profile) string {
	if width <= 0 || height <= 0 {
		return ""
	}
	px := scaleToFit(img, width, 2*height)
	cache := make(map[colorKey]string)

	var b strings.Builder
	b.Grow(width * height * 24)
	for row := 0; row < height; row++ {
		if row > 0 {
			b.WriteByte('\n')
		}
		var lastFG, lastBG string
		for x := 0; x < width; x++ {
			top, topOK := px.at(x, 2*row)
			bot, botOK := px.at(x, 2*row+1)
			if profile == termenv.Ascii {
				b.WriteRune(shade(top, topOK, bot, botOK))
				continue
			}
			var ch rune
			var fg, bg string
			switch {
			case topOK && botOK:
				ch, fg, bg = '▀', colorSeq(profile, top, false, cache), colorSeq(profile, bot, true, cache)
			case topOK:
				ch, fg = '▀', colorSeq(profile, top, false, cache)
			case botOK:
				ch, fg = '▄', colorSeq(profile, bot, false, cache)
			default:
				ch = ' '
			}
			if fg != lastFG || bg != lastBG {
				// New colours overwrite old ones; only dropping one needs a reset.
				if (lastFG != "" && fg == "") || (lastBG != "" && bg == "") {
					b.WriteString(termenv.CSI + termenv.ResetSeq + "m")
				}
				seq := fg
				if bg != "" {
					if seq != "" {
						seq += ";"
					}
					seq += bg
				}
				if seq != "" {
					b.WriteString(termenv.CSI + seq + "m")
				}
				lastFG, lastBG = fg, bg
			}
			b.WriteRune(ch)
		}
		if lastFG != "" || lastBG != "" {
			b.WriteString(termenv.CSI + termenv.ResetSeq + "m")
		}
	}
	return b.String()
}

// pixels is the scaled image placed in its box; at reports whether (x, y)
// falls on the image rather than the margin.
type pixels struct {
	img        *image.RGBA
	offX, offY int
}

func (p pixels) at(x, y int) (color.RGBA, bool) {
	if p.img == nil {
		return color.RGBA{}, false
	}
	x -= p.offX
	y -= p.offY
	r := p.img.Rect
	if x < 0 || y < 0 || x >= r.Dx() || y >= r.Dy() {
		return color.RGBA{}, false
	}
	return p.img.RGBAAt(r.Min.X+x, r.Min.Y+y), true
}

// scaleToFit scales img into a w×h pixel box, preserving aspect ratio and
// centring it. Transparent parts are composited onto black.
func scaleToFit(img image.Image, w, h int) pixels {
	if img == nil || img.Bounds().Empty() {
		return pixels{}
	}
	sb := img.Bounds()
	sw, sh := sb.Dx(), sb.Dy()
	dw, dh := w, h
	// Fit: compare sw/sh with w/h in integers.
	if sw*h > sh*w {
		dh = max(1, (sh*w+sw/2)/sw)
	} else {
		dw = max(1, (sw*h+sh/2)/sh)
	}
	dst := image.NewRGBA(image.Rect(0, 0, dw, dh))
	if dw <= sw && dh <= sh {
		boxScale(dst, img)
	} else {
		// Upscaling a small image: bilinear is smooth and cheap here.
		draw.Draw(dst, dst.Rect, image.NewUniform(color.Black), image.Point{}, draw.Src)
		draw.BiLinear.Scale(dst, dst.Rect, img, sb, draw.Over, nil)
	}
	offY := (h - dh) / 2
	offY -= offY % 2 // start on a cell boundary so no row is half margin
	return pixels{img: dst, offX: (w - dw) / 2, offY: offY}
}

// boxSamples caps the source pixels averaged per axis for one destination
// pixel, so a 4096×4096 image costs about as much as a 500×500 one.
const boxSamples = 6

// boxScale downscales src into dst by averaging each destination pixel's
// box of source pixels: artwork shrinks 10–50× into a few cells, where an
// area average keeps colours true and a kernel filter costs far more.
func boxScale(dst *image.RGBA, src image.Image) {
	sb := src.Bounds()
	sw, sh := sb.Dx(), sb.Dy()
	dw, dh := dst.Rect.Dx(), dst.Rect.Dy()
	pixel := pixelReader(src)
	for dy := 0; dy < dh; dy++ {
		y0, y1 := dy*sh/dh, max((dy+1)*sh/dh, dy*sh/dh+1)
		ystep := max(1, (y1-y0)/boxSamples)
		for dx := 0; dx < dw; dx++ {
			x0, x1 := dx*sw/dw, max((dx+1)*sw/dw, dx*sw/dw+1)
			xstep := max(1, (x1-x0)/boxSamples)
			var r, g, b, n uint32
			for y := y0; y < y1; y += ystep {
				for x := x0; x < x1; x += xstep {
					pr, pg, pb := pixel(sb.Min.X+x, sb.Min.Y+y)
					r, g, b, n = r+pr, g+pg, b+pb, n+1
				}
			}
			dst.SetRGBA(dx, dy, color.RGBA{uint8(r / n), uint8(g / n), uint8(b / n), 255})
		}
	}
}

// pixelReader returns a fast 8-bit RGB reader (premultiplied, so over
// black) for the image types the decoders produce, and a generic one else.
func pixelReader(src image.Image) func(x, y int) (r, g, b uint32) {
	switch m := src.(type) {
	case *image.YCbCr: // JPEG
		return func(x, y int) (uint32, uint32, uint32) {
			yi, ci := m.YOffset(x, y), m.COffset(x, y)
			r, g, b := color.YCbCrToRGB(m.Y[yi], m.Cb[ci], m.Cr[ci])
			return uint32(r), uint32(g), uint32(b)
		}
	case *image.RGBA:
		return func(x, y int) (uint32, uint32, uint32) {
			i := m.PixOffset(x, y)
			return uint32(m.Pix[i]), uint32(m.Pix[i+1]), uint32(m.Pix[i+2])
		}
	case *image.NRGBA: // PNG with alpha
		return func(x, y int) (uint32, uint32, uint32) {
			i := m.PixOffset(x, y)
			a := uint32(m.Pix[i+3])
			return uint32(m.Pix[i]) * a / 255, uint32(m.Pix[i+1]) * a / 255, uint32(m.Pix[i+2]) * a / 255
		}
	}
	return func(x, y int) (uint32, uint32, uint32) {
		r, g, b, _ := src.At(x, y).RGBA()
		return r >> 8, g >> 8, b >> 8
	}
}

// colorSeq is the SGR parameter string for c in profile, e.g. "38;2;255;0;0".
// Palette profiles go through termenv's nearest-colour conversion, cached
// per render because photos repeat colours.
func colorSeq(profile termenv.Profile, c color.RGBA, background bool, cache map[colorKey]string) string {
	if profile == termenv.TrueColor {
		p := "38;2;"
		if background {
			p = "48;2;"
		}
		return p + strconv.Itoa(int(c.R)) + ";" + strconv.Itoa(int(c.G)) + ";" + strconv.Itoa(int(c.B))
	}
	k := colorKey{c, background}
	if seq, ok := cache[k]; ok {
		return seq
	}
	seq := ""
	if col := profile.FromColor(c); col != nil {
		seq = col.Sequence(background)
	}
	cache[k] = seq
	return seq
}

type colorKey struct {
	c  color.RGBA
	bg bool
}

// shade picks a block by the mean luminance of the cell's two pixels.
func shade(top color.RGBA, topOK bool, bot color.RGBA, botOK bool) rune {
	sum, n := 0.0, 0
	for _, p := range []struct {
		c  color.RGBA
		ok bool
	}{{top, topOK}, {bot, botOK}} {
		if p.ok {
			sum += 0.2126*float64(p.c.R) + 0.7152*float64(p.c.G) + 0.0722*float64(p.c.B)
			n++
		}
	}
	if n == 0 {
		return ' '
	}
	l := sum / float64(n) / 255
	i := int(l*float64(len(asciiShades)-1) + 0.5)
	return asciiShades[min(max(i, 0), len(asciiShades)-1)]
}
