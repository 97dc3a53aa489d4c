// Package artwork decodes cover art that came from the network, within
// bounds, for every place that shows it (the TUI, desktop notifications).
package artwork

import (
	"bytes"
	"errors"
	"fmt"
	"image"
	_ "image/jpeg" // artwork is served as JPEG
	_ "image/png"  // and sometimes PNG
)

// Limits: SoundCloud's largest artwork ("t500x500", "original" can be
// bigger) stays far below these; anything above is refused before decoding
// so a hostile file cannot make cirrus allocate gigabytes. MaxBytes is
// the one byte limit: api.Client.Artwork reads no more, Decode takes no
// more.
const (
	MaxBytes     = 4 << 20
	MaxDimension = 4096
)

// ErrTooLarge is returned by Decode for input over the byte or pixel
// limits, so callers can tell "refused" from "broken".
var ErrTooLarge = errors.New("artwork too large")

// Decode decodes a JPEG or PNG artwork download, checking its size and
// dimensions before decoding the pixels.
func Decode(data []byte) (image.Image, error) {
	if len(data) == 0 {
		return nil, errors.New("decode artwork: empty data")
	}
	if len(data) > MaxBytes {
		return nil, fmt.Errorf("decode artwork: %d bytes exceeds %d: %w", len(data), MaxBytes, ErrTooLarge)
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
	if cfg.Width > MaxDimension || cfg.Height > MaxDimension {
		return nil, fmt.Errorf("decode artwork: %d×%d exceeds %d×%d: %w",
			cfg.Width, cfg.Height, MaxDimension, MaxDimension, ErrTooLarge)
	}
	img, _, err := image.Decode(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("decode artwork %s: %w", format, err)
	}
	return img, nil
}
