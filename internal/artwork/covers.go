package artwork

import (
	"container/list"
	"context"
	"fmt"
	"image"
	"image/color"
	"sync"
	"time"

	"golang.org/x/image/draw"
	"golang.org/x/sync/singleflight"
)

// Bounds of the covers kept in memory: each is scaled down to MaxSide on
// arrival (no box on any screen, nor any notification, is larger), so one
// costs at most 1.6 MB.
const (
	MaxSide        = 640
	maxCached      = 48
	maxCachedBytes = 64 << 20
	// fetchTimeout bounds one shared download, whoever waits for it.
	fetchTimeout = 30 * time.Second
)

// Fetch downloads an image of at most MaxBytes (api.Client.Artwork).
type Fetch func(ctx context.Context, url string) ([]byte, error)

// Covers fetches each cover once for every place that shows it (the TUI,
// desktop notifications) and owns the decoded covers kept in memory, in a
// bounded LRU. Concurrent requests for one URL share one download. A
// failure is not kept: the next request tries again.
type Covers struct {
	fetch Fetch
	group singleflight.Group

	mu    sync.Mutex
	imgs  map[string]*list.Element
	lru   *list.List // of *cover, most recent first
	bytes int
}

type cover struct {
	url   string
	img   image.Image
	bytes int
}

// NewCovers fetches through fetch.
func NewCovers(fetch Fetch) *Covers {
	return &Covers{fetch: fetch, imgs: map[string]*list.Element{}, lru: list.New()}
}

// Cached is url's cover if it is in memory; it never fetches.
func (c *Covers) Cached(url string) (image.Image, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	el, ok := c.imgs[url]
	if !ok {
		return nil, false
	}
	c.lru.MoveToFront(el)
	return el.Value.(*cover).img, true
}

// Image is url's cover, decoded within the bounds and scaled to at most
// MaxSide a side: from memory, else from the download another caller has
// started, else from a new one. ctx bounds the wait, not the download,
// which others may be waiting for too.
func (c *Covers) Image(ctx context.Context, url string) (image.Image, error) {
	if img, ok := c.Cached(url); ok {
		return img, nil
	}
	ch := c.group.DoChan(url, func() (any, error) {
		if img, ok := c.Cached(url); ok { // finished while this one waited for the group
			return img, nil
		}
		fctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), fetchTimeout)
		defer cancel()
		data, err := c.fetch(fctx, url)
		if err != nil {
			return nil, fmt.Errorf("download artwork: %w", err)
		}
		img, err := Decode(data)
		if err != nil {
			return nil, err
		}
		img = Shrink(img, MaxSide)
		c.put(url, img)
		return img, nil
	})
	select {
	case r := <-ch:
		if r.Err != nil {
			return nil, r.Err
		}
		return r.Val.(image.Image), nil
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// put keeps img, evicting the least recently used beyond the bounds.
func (c *Covers) put(url string, img image.Image) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if el, ok := c.imgs[url]; ok {
		c.bytes -= el.Value.(*cover).bytes
		c.lru.Remove(el)
	}
	b := img.Bounds()
	n := b.Dx() * b.Dy() * 4
	c.imgs[url] = c.lru.PushFront(&cover{url: url, img: img, bytes: n})
	c.bytes += n
	for c.lru.Len() > maxCached || (c.bytes > maxCachedBytes && c.lru.Len() > 1) {
		old := c.lru.Remove(c.lru.Back()).(*cover)
		delete(c.imgs, old.url)
		c.bytes -= old.bytes
	}
}

// Shrink scales img down to fit side × side, keeping its aspect ratio;
// an image that fits is returned as it is.
func Shrink(img image.Image, side int) image.Image {
	b := img.Bounds()
	w, h := b.Dx(), b.Dy()
	if w <= side && h <= side {
		return img
	}
	if w >= h {
		w, h = side, max(1, h*side/w)
	} else {
		w, h = max(1, w*side/h), side
	}
	dst := image.NewRGBA(image.Rect(0, 0, w, h))
	draw.Draw(dst, dst.Rect, image.NewUniform(color.Black), image.Point{}, draw.Src)
	draw.CatmullRom.Scale(dst, dst.Rect, img, b, draw.Over, nil)
	return dst
}
