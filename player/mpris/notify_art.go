package mpris

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"image"
	_ "image/jpeg" // SoundCloud serves artwork as JPEG
	"image/png"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"golang.org/x/image/draw"

	"github.com/cirrus-tui/cirrus/api"
	"github.com/cirrus-tui/cirrus/internal/artwork"
)

// Bounds on the pictures notifications carry. The download is refused past
// maxArtBytes and the header past artwork.MaxDimension before any pixel is decoded; the
// file written is our own PNG, at most artSide pixels a side, so the
// notification server never parses bytes from the network.
const (
	maxArtBytes = artwork.MaxBytes
	artSide     = 256
	maxArtFiles = 64 // pictures kept; the least recently shown go first
)

// pictureURL is the track's artwork, else its uploader's avatar (what
// soundcloud.com shows for a track without artwork).
func pictureURL(t *api.Track) string {
	if t.ArtworkURL != "" {
		return t.ArtworkURL
	}
	if t.User != nil {
		return t.User.AvatarURL
	}
	return ""
}

// artCache turns artwork URLs into small PNG files in dir/artwork, named
// by a hash of the URL, for the notification's image-path hint.
type artCache struct {
	dir   string
	fetch func(ctx context.Context, url string, max int64) ([]byte, error)
}

// file returns the picture's path, downloading and converting it the
// first time.
func (c *artCache) file(ctx context.Context, u string) (string, error) {
	dir := filepath.Join(c.dir, "artwork")
	sum := sha256.Sum256([]byte(u))
	path := filepath.Join(dir, hex.EncodeToString(sum[:16])+".png")
	if fi, err := os.Lstat(path); err == nil && fi.Mode().IsRegular() {
		now := time.Now()
		_ = os.Chtimes(path, now, now) // recently shown: kept longest
		return path, nil
	}
	data, err := c.fetch(ctx, u, maxArtBytes)
	if err != nil {
		return "", fmt.Errorf("download artwork: %w", err)
	}
	img, err := decodeArt(data)
	if err != nil {
		return "", err
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return "", fmt.Errorf("artwork cache: %w", err)
	}
	f, err := os.CreateTemp(dir, ".tmp-*.png")
	if err != nil {
		return "", fmt.Errorf("artwork cache: %w", err)
	}
	err = png.Encode(f, img)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(f.Name(), path)
	}
	if err != nil {
		os.Remove(f.Name())
		return "", fmt.Errorf("artwork cache: write %s: %w", path, err)
	}
	prune(dir, maxArtFiles)
	return path, nil
}

// decodeArt decodes a JPEG or PNG within the bounds and scales it down to
// fit artSide × artSide.
func decodeArt(data []byte) (image.Image, error) {
	img, err := artwork.Decode(data)
	if err != nil {
		return nil, err
	}
	w, h := img.Bounds().Dx(), img.Bounds().Dy()
	if w <= artSide && h <= artSide {
		return img, nil
	}
	if w >= h {
		w, h = artSide, max(1, h*artSide/w)
	} else {
		w, h = max(1, w*artSide/h), artSide
	}
	dst := image.NewRGBA(image.Rect(0, 0, w, h))
	draw.CatmullRom.Scale(dst, dst.Bounds(), img, img.Bounds(), draw.Src, nil)
	return dst, nil
}

// prune keeps the keep most recently used pictures in dir and removes
// temporary files left by a crash. Only names this cache writes are touched.
func prune(dir string, keep int) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	type pic struct {
		name string
		mod  time.Time
	}
	var pics []pic
	for _, e := range entries {
		fi, err := e.Info()
		if err != nil || !fi.Mode().IsRegular() {
			continue
		}
		name := e.Name()
		switch {
		case strings.HasPrefix(name, ".tmp-") && time.Since(fi.ModTime()) > time.Hour:
			os.Remove(filepath.Join(dir, name))
		case isPictureName(name):
			pics = append(pics, pic{name, fi.ModTime()})
		}
	}
	if len(pics) <= keep {
		return
	}
	slices.SortFunc(pics, func(a, b pic) int { return b.mod.Compare(a.mod) })
	for _, p := range pics[keep:] {
		if err := os.Remove(filepath.Join(dir, p.name)); err != nil && !errors.Is(err, os.ErrNotExist) {
			return
		}
	}
}

// isPictureName: 32 hex digits and .png, as file names them.
func isPictureName(name string) bool {
	h, ok := strings.CutSuffix(name, ".png")
	if !ok || len(h) != 32 {
		return false
	}
	_, err := hex.DecodeString(h)
	return err == nil
}
