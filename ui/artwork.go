package ui

import (
	"bytes"
	"errors"
	"fmt"
	"image"
	"image/color"
	_ "image/jpeg" // artwork is served as JPEG
	_ "image/png"  // and sometimes PNG
	"strings"

	"github.com/muesli/termenv"
	"golang.org/x/image/draw"
)

// Artwork limits: SoundCloud's largest artwork ("t500x500", "original" can be
// bigger) stays far below these; anything above is refused before decoding
// so a hostile file cannot make the UI allocate gigabytes.
const (
	MaxArtworkBytes     = 4 << 20
	MaxArtworkDimension = 4096
)

// ErrArtworkTooLarge is returned by DecodeArtwork for input over the byte or
// pixel limits, so callers can tell "refused" from "broken".
var ErrArtworkTooLarge = errors.New("artwork too large")

// DecodeArtwork decodes a JPEG or PNG artwork download, checking its size and
// dimensions before decoding the pixels because the bytes come from the
// network.
func DecodeArtwork(data []byte) (image.Image, error) {
	if len(data) == 0 {
		return nil, errors.New("decode artwork: empty data")
	}
	if len(data) > MaxArtworkBytes {
		return nil, fmt.Errorf("decode artwork: %d bytes exceeds %d: %w", len(data), MaxArtworkBytes, ErrArtworkTooLarge)
	}
	cfg, format, err := image.DecodeConfig(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("decode artwork header: %w", err)
	}
	if format != "jpeg" && format != "png" {
		return nil, fmt.Errorf("decode artwork: unsupported format %q (want jpeg or png)", format)
	}
	if cfg.Width <= 0 || cfg.Height <= 0 {
		return nil, fmt.Errorf("decode artwork: invalid dimensions %d×%d", cfg.Width, cfg.Height)
	}
	if cfg.Width > MaxArtworkDimension || cfg.Height > MaxArtworkDimension {
		return nil, fmt.Errorf("decode artwork: %d×%d exceeds %d×%d: %w",
			cfg.Width, cfg.Height, MaxArtworkDimension, MaxArtworkDimension, ErrArtworkTooLarge)
	}
	img, _, err := image.Decode(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("decode artwork %s: %w", format, err)
	}
	return img, nil
}

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

	var b strings.Builder
	b.Grow(width * height * 24)
	for row := 0; row < height; row++ {
		if row > 0 {
			b.WriteByte('\n')
		}
		var lastFG, lastBG string
		styled := false
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
				ch, fg, bg = '▀', colorSeq(profile, top, false), colorSeq(profile, bot, true)
			case topOK:
				ch, fg = '▀', colorSeq(profile, top, false)
			case botOK:
				ch, fg = '▄', colorSeq(profile, bot, false)
			default:
				ch = ' '
			}
			if fg != lastFG || bg != lastBG {
				if styled {
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
				styled = seq != ""
				lastFG, lastBG = fg, bg
			}
			b.WriteRune(ch)
		}
		if styled {
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
// centring it.
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
	// Flatten transparency onto black so the half blocks show what a
	// browser on a dark page would.
	draw.Draw(dst, dst.Rect, image.NewUniform(color.Black), image.Point{}, draw.Src)
	draw.CatmullRom.Scale(dst, dst.Rect, img, sb, draw.Over, nil)
	offY := (h - dh) / 2
	offY -= offY % 2 // start on a cell boundary so no row is half margin
	return pixels{img: dst, offX: (w - dw) / 2, offY: offY}
}

// colorSeq is the SGR parameter string for c in profile, e.g. "38;2;255;0;0".
func colorSeq(profile termenv.Profile, c color.RGBA, background bool) string {
	col := profile.FromColor(c)
	if col == nil {
		return ""
	}
	return col.Sequence(background)
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
