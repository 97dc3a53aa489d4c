package artwork

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"image"
	"image/png"
	"sync"
	"sync/atomic"
	"testing"
)

func pngOf(t *testing.T, w, h int) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := png.Encode(&b, image.NewRGBA(image.Rect(0, 0, w, h))); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// Concurrent requests for one cover share one download; later ones are
// served from memory; a waiter that gives up does not cancel the
// download for the others.
func TestCoversOneDownload(t *testing.T) {
	body := pngOf(t, 1000, 500)
	release := make(chan struct{})
	var fetches atomic.Int32
	c := NewCovers(func(ctx context.Context, u string) ([]byte, error) {
		fetches.Add(1)
		<-release
		return body, ctx.Err()
	})
	gone, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := c.Image(gone, "a"); !errors.Is(err, context.Canceled) {
		t.Fatalf("a waiter that gave up: %v", err)
	}
	var wg sync.WaitGroup
	imgs := make([]image.Image, 8)
	for i := range imgs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var err error
			if imgs[i], err = c.Image(context.Background(), "a"); err != nil {
				t.Error(err)
			}
		}()
	}
	close(release)
	wg.Wait()
	if _, err := c.Image(context.Background(), "a"); err != nil {
		t.Fatal(err)
	}
	if n := fetches.Load(); n != 1 {
		t.Fatalf("%d downloads, want 1", n)
	}
	if b := imgs[0].Bounds(); b.Dx() != MaxSide || b.Dy() != MaxSide/2 {
		t.Fatalf("kept at %v, want %d×%d", b, MaxSide, MaxSide/2)
	}
}

// Covers are kept up to a count and a size, the least recently used
// going first; a failure is not kept.
func TestCoversBounded(t *testing.T) {
	small, big := pngOf(t, 10, 10), pngOf(t, MaxSide, MaxSide)
	fail := true
	var fetches atomic.Int32
	c := NewCovers(func(_ context.Context, u string) ([]byte, error) {
		fetches.Add(1)
		switch {
		case u == "broken" && fail:
			return nil, errors.New("503")
		case len(u) > 3 && u[:3] == "big":
			return big, nil
		}
		return small, nil
	})
	ctx := context.Background()
	for i := 0; i < maxCached+10; i++ {
		if _, err := c.Image(ctx, fmt.Sprint("u", i)); err != nil {
			t.Fatal(err)
		}
		c.Cached("u0") // used: stays
	}
	if c.lru.Len() != maxCached || len(c.imgs) != maxCached {
		t.Fatalf("%d kept, want %d", c.lru.Len(), maxCached)
	}
	if _, ok := c.Cached("u1"); ok {
		t.Error("the least recently used cover was kept")
	}
	if _, ok := c.Cached("u0"); !ok {
		t.Error("a cover in use was dropped")
	}
	for i := 0; i < 45; i++ { // 45 × 1.6 MB > maxCachedBytes
		if _, err := c.Image(ctx, fmt.Sprint("big", i)); err != nil {
			t.Fatal(err)
		}
	}
	if c.bytes > maxCachedBytes {
		t.Fatalf("%d bytes kept, bound %d", c.bytes, maxCachedBytes)
	}
	if _, err := c.Image(ctx, "broken"); err == nil {
		t.Fatal("a failed download gave a cover")
	}
	fail = false
	if _, err := c.Image(ctx, "broken"); err != nil {
		t.Fatalf("a failure was kept: %v", err)
	}
}

// What the network sends is bounded before it is decoded.
func TestCoversRefuseWhatDecodeRefuses(t *testing.T) {
	bodies := map[string][]byte{
		"heavy": bytes.Repeat([]byte{0xff}, MaxBytes+1),
		"html":  []byte("<html>not a picture</html>"),
		"empty": nil,
	}
	c := NewCovers(func(_ context.Context, u string) ([]byte, error) { return bodies[u], nil })
	for u := range bodies {
		if _, err := c.Image(context.Background(), u); err == nil {
			t.Errorf("%s: taken", u)
		}
	}
	if _, err := c.Image(context.Background(), "heavy"); !errors.Is(err, ErrTooLarge) {
		t.Errorf("heavy: %v, want ErrTooLarge", err)
	}
}
