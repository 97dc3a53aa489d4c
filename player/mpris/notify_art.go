package mpris

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"image"
	"image/png"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/cirrus-tui/cirrus/api"
	"github.com/cirrus-tui/cirrus/internal/artwork"
)

// Bounds on the pictures notifications carry. The cover comes decoded
// within artwork's bounds (the shared artwork.Covers, which the TUI uses
// too, so it is downloaded once); the file written is our own PNG, at most
// artSide pixels a side, so the notification server never parses bytes
// from the network.
const (
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
	cover func(ctx context.Context, url string) (image.Image, error)
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
	img, err := c.cover(ctx, u)
	if err != nil {
		return "", err
	}
	img = artwork.Shrink(img, artSide)
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
