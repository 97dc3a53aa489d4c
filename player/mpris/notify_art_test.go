package mpris

import (
	"bytes"
	"context"
	"encoding/binary"
	"fmt"
	"hash/crc32"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/cirrus-tui/cirrus/internal/artwork"
)

func encodePNG(t *testing.T, w, h int) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			img.Set(x, y, color.RGBA{200, 30, 60, 255})
		}
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// hugeHeader is a PNG that says it is 65536×65536: refused before decoding.
func hugeHeader(t *testing.T) []byte {
	b := encodePNG(t, 1, 1)
	binary.BigEndian.PutUint32(b[16:], 1<<16)
	binary.BigEndian.PutUint32(b[20:], 1<<16)
	binary.BigEndian.PutUint32(b[29:], crc32.ChecksumIEEE(b[12:29]))
	if cfg, err := png.DecodeConfig(bytes.NewReader(b)); err != nil || cfg.Width != 1<<16 {
		t.Fatalf("huge header: %+v %v", cfg, err)
	}
	return b
}

// Pictures are bounded on the way in and on disk.
func TestArtCacheBounds(t *testing.T) {
	dir := t.TempDir()
	bodies := map[string][]byte{
		"big":    encodePNG(t, 1000, 500),
		"huge":   hugeHeader(t),
		"html":   []byte("<html>not a picture</html>"),
		"heavy":  bytes.Repeat([]byte{0xff}, artwork.MaxBytes+1),
		"broken": encodePNG(t, 50, 50)[:60],
	}
	var asked []string
	c := &artCache{dir: dir, cover: artwork.NewCovers(func(_ context.Context, u string) ([]byte, error) {
		asked = append(asked, u)
		if b, ok := bodies[u]; ok {
			return b, nil
		}
		var buf bytes.Buffer
		jpeg.Encode(&buf, image.NewGray(image.Rect(0, 0, 10, 10)), nil)
		return buf.Bytes(), nil
	}).Image}
	ctx := context.Background()
	p, err := c.file(ctx, "big")
	if err != nil {
		t.Fatal(err)
	}
	f, _ := os.Open(p)
	cfg, err := png.DecodeConfig(f)
	f.Close()
	if err != nil || cfg.Width != artSide || cfg.Height != artSide/2 {
		t.Fatalf("big picture stored as %+v %v, want %d×%d", cfg, err, artSide, artSide/2)
	}
	for _, u := range []string{"huge", "html", "heavy", "broken"} {
		if p, err := c.file(ctx, u); err == nil {
			t.Errorf("%s artwork stored as %s", u, p)
		}
	}
	// A cached picture is not downloaded again.
	n := len(asked)
	if _, err := c.file(ctx, "big"); err != nil || len(asked) != n {
		t.Fatalf("second use of a picture: err %v, downloads %d → %d", err, n, len(asked))
	}

	// The folder keeps the most recently shown pictures only, and leaves
	// files of others alone.
	art := filepath.Join(dir, "artwork")
	os.WriteFile(filepath.Join(art, "notes.txt"), []byte("mine"), 0o600)
	old := time.Now().Add(-time.Hour)
	os.Chtimes(p, old, old)
	for i := range maxArtFiles {
		if _, err := c.file(ctx, fmt.Sprintf("jpeg-%d", i)); err != nil {
			t.Fatal(err)
		}
	}
	entries, _ := os.ReadDir(art)
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	if len(entries) != maxArtFiles+1 || !strings.Contains(strings.Join(names, " "), "notes.txt") {
		t.Fatalf("artwork folder holds %d files: %v", len(entries), names)
	}
	if _, err := os.Stat(p); !os.IsNotExist(err) {
		t.Fatalf("the least recently shown picture is still there: %v", err)
	}
}
