package termimg

import (
	"image"
	"image/color"
	"testing"
)

// BenchmarkEncode: what the screen's writer spends on one new cover of
// 26×12 cells of 6×13 pixels (xterm's fixed font: 156×156 pixels) from a
// 500×500 photo-like source, per protocol; the cache makes it once per
// cover and size.
func BenchmarkEncode(b *testing.B) {
	src := image.NewRGBA(image.Rect(0, 0, 500, 500))
	for y := 0; y < 500; y++ {
		for x := 0; x < 500; x++ {
			src.SetRGBA(x, y, color.RGBA{uint8(x), uint8(y), uint8(x ^ y), 255})
		}
	}
	for _, p := range []Protocol{Sixel, Kitty, ITerm} {
		b.Run(p.String(), func(b *testing.B) {
			var n int
			for i := 0; i < b.N; i++ {
				pt := NewPainter(Terminal{Protocol: p, CellW: 6, CellH: 13})
				pl := pt.Plan([]Placement{{Key: "k", Img: src, Col: 0, Row: 0, Cols: 26, Rows: 12}}, false, 80, 24)
				n = len(pl.After)
			}
			b.ReportMetric(float64(n), "bytes")
		})
	}
}
