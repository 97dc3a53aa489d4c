package termimg

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"image"
	"image/png"

	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/ansi/iterm2"
	"github.com/charmbracelet/x/ansi/kitty"
	"github.com/charmbracelet/x/ansi/sixel"
	"golang.org/x/image/draw"
)

// fit scales img to fit a box of cols×rows cells of cw×ch pixels, keeping
// its aspect ratio. It returns the picture and the cells it covers
// (at most cols×rows), so the caller can centre it on whole cells.
func fit(img image.Image, cols, rows, cw, ch int) (pic *image.RGBA, fc, fr int) {
	sb := img.Bounds()
	sw, sh := sb.Dx(), sb.Dy()
	bw, bh := cols*cw, rows*ch
	dw, dh := bw, bh
	if sw*bh > sh*bw {
		dh = max(1, (sh*bw+sw/2)/sw)
	} else {
		dw = max(1, (sw*bh+sh/2)/sh)
	}
	pic = image.NewRGBA(image.Rect(0, 0, dw, dh))
	// Composite transparency onto black, as the half-block renderer does.
	draw.Draw(pic, pic.Rect, image.Black, image.Point{}, draw.Src)
	draw.CatmullRom.Scale(pic, pic.Rect, img, sb, draw.Over, nil)
	return pic, min(cols, (dw+cw-1)/cw), min(rows, (dh+ch-1)/ch)
}

// kittyDraw transmits pic and shows it at the cursor, stretched over
// cols×rows cells, as image id with placement 1; the cursor stays where
// it was (C=1) and the terminal does not answer (q=2). Data goes in
// chunks of 4096 base64 bytes, as the protocol requires. format is
// kitty.PNG (f=100) or kitty.RGBA (f=32, raw pixels).
func kittyDraw(pic image.Image, id uint32, cols, rows, format int) (string, error) {
	// Transmission is set although Direct is the protocol's default:
	// EncodeGraphics reads it before Options() fills the defaults in.
	o := &kitty.Options{Action: kitty.TransmitAndPut, Transmission: kitty.Direct, Format: format, Quite: 2, ID: int(id), PlacementID: 1,
		Columns: cols, Rows: rows, DoNotMoveCursor: true, Chunk: true}
	if format == kitty.RGBA {
		o.ImageWidth, o.ImageHeight = pic.Bounds().Dx(), pic.Bounds().Dy()
	}
	var b bytes.Buffer
	if err := kitty.EncodeGraphics(&b, pic, o); err != nil {
		return "", fmt.Errorf("kitty image: %w", err)
	}
	return b.String(), nil
}

// kittyDelete removes image id's placements and frees its data in the
// terminal (d=I, upper case).
func kittyDelete(id uint32) string {
	o := kitty.Options{Action: kitty.Delete, Delete: kitty.DeleteID, DeleteResources: true, ID: int(id), Quite: 2}
	return ansi.KittyGraphics(nil, o.Options()...)
}

// kittyDeleteAll removes every picture on the screen and frees their data.
func kittyDeleteAll() string {
	o := kitty.Options{Action: kitty.Delete, Delete: kitty.DeleteAll, DeleteResources: true, Quite: 2}
	return ansi.KittyGraphics(nil, o.Options()...)
}

// itermDraw shows pic at the cursor scaled into cols×rows cells as an
// inline PNG file (OSC 1337 File=inline=1); doNotMoveCursor is WezTerm's
// extension, ignored elsewhere.
func itermDraw(pic image.Image, cols, rows int) (string, error) {
	var p bytes.Buffer
	if err := png.Encode(&p, pic); err != nil {
		return "", fmt.Errorf("iterm image: %w", err)
	}
	f := iterm2.File{Size: int64(p.Len()), Width: iterm2.Cells(cols), Height: iterm2.Cells(rows), Inline: true,
		DoNotMoveCursor: true, Content: []byte(base64.StdEncoding.EncodeToString(p.Bytes()))}
	return ansi.ITerm2(f), nil
}

// sixelDraw shows pic at the cursor as sixel: DCS 0;1 q (pixels left
// unpainted keep what is under them), raster attributes, a palette of at
// most 256 colours chosen by median cut, and run-length-coded bands of
// six pixel rows.
func sixelDraw(pic image.Image) (string, error) {
	var b bytes.Buffer
	if err := (&sixel.Encoder{}).Encode(&b, pic); err != nil {
		return "", fmt.Errorf("sixel image: %w", err)
	}
	// The encoder ends with a graphics new line ('-') after the last band,
	// which only moves the sixel cursor below the picture (and can scroll
	// the screen); it is dropped.
	return ansi.SixelGraphics(0, 1, 0, bytes.TrimSuffix(b.Bytes(), []byte{'-'})), nil
}
