//go:build screenshot

package e2e

import (
	"fmt"
	"image"
	"image/png"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// TestScreenshot renders assets/screenshot.png for the README from a real
// `cirrus demo` session at 160x48 with the first feed track playing. It is built
// only with -tags screenshot, by scripts/screenshot, which names the PNG
// in CIRRUS_SCREENSHOT: a tool, not part of the suite.
//
// It draws the PNG itself from `tmux capture-pane -e` on an exact cell
// grid: freeze's SVG puts the background of every multi-byte character
// (block elements, CJK) at a byte-counted offset, which smears the artwork
// and waveform across the text.
func TestScreenshot(t *testing.T) {
	out := os.Getenv("CIRRUS_SCREENSHOT")
	if out == "" {
		t.Fatal("set CIRRUS_SCREENSHOT=path.png (scripts/screenshot does)")
	}
	requireTerminal(t)
	w := newWorld(t, worldOptions{})
	tm := w.startTUI("demo", "--out", w.path("demo.wav"))
	const first = "Nocturne in Grey"
	tm.waitScreen("the feed", 30*time.Second, func(l []string) bool { return row(listPart(l), first+" — Marta Keys") >= 0 })
	tm.keys("Enter")
	tm.waitScreen("the first track playing", 30*time.Second, func(l []string) bool { return playingLine(l, first) })
	tm.waitPosition(12*time.Second, 60*time.Second)
	// The demo notice has made way for the key help.
	tm.waitText("q/ctrl+c quit", 20*time.Second)
	ansiText := tm.tmux("capture-pane", "-e", "-p", "-t", "main")
	tm.keys("q")
	tm.waitExit(t)

	img := renderScreen(parseANSI(ansiText, wideW, wideH), loadFonts(t, 15))
	if err := writePNG(out, img); err != nil {
		t.Fatal(err)
	}
	t.Logf("wrote %s (%dx%d)", out, img.Bounds().Dx(), img.Bounds().Dy())
}

func writePNG(path string, img image.Image) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	enc := png.Encoder{CompressionLevel: png.BestCompression}
	if err := enc.Encode(f, img); err != nil {
		f.Close()
		return fmt.Errorf("encode %s: %w", path, err)
	}
	return f.Close()
}
