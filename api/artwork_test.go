package api

import (
	"bytes"
	"context"
	"errors"
	"image"
	_ "image/jpeg"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/cirrus-tui/cirrus/internal/artwork"
)

// Artwork from the double's image host: a real JPEG, fetched over loopback
// without the token.
func TestArtworkFromTheDouble(t *testing.T) {
	_, c := newFakeClient(t, Options{})
	ctx := context.Background()
	tr, err := c.Track(ctx, "soundcloud:tracks:1001")
	if err != nil {
		t.Fatal(err)
	}
	if tr.ArtworkURL == "" {
		t.Fatal("the demo track has no artwork_url")
	}
	data, err := c.Artwork(ctx, tr.ArtworkURL)
	if err != nil {
		t.Fatalf("Artwork(%s): %v", tr.ArtworkURL, err)
	}
	cfg, format, err := image.DecodeConfig(bytes.NewReader(data))
	if err != nil || format != "jpeg" || cfg.Width == 0 {
		t.Fatalf("artwork: %s %dx%d %v", format, cfg.Width, cfg.Height, err)
	}
	var ae *Error
	if _, err := c.Artwork(ctx, tr.ArtworkURL+"x"); !errors.As(err, &ae) || ae.Status != http.StatusNotFound {
		t.Errorf("a missing image: %v, want an *Error with status 404", err)
	}
}

// An image host that sends without end is read for at most
// artwork.MaxBytes+1 bytes and refused, once: the same answer again would
// be refused again. An image of exactly artwork.MaxBytes is taken: the
// decoder's limit and the download's are the one number.
func TestArtworkIsBounded(t *testing.T) {
	var hits, sent atomic.Int64
	var sawAuth atomic.Bool
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		sawAuth.Store(sawAuth.Load() || r.Header.Get("Authorization") != "")
		w.Header().Set("Content-Type", "image/jpeg")
		chunk := bytes.Repeat([]byte{0xff}, 32<<10)
		for range 1024 { // 32 MiB, unless the client hangs up
			n, err := w.Write(chunk)
			sent.Add(int64(n))
			if err != nil {
				return
			}
		}
	}))
	defer srv.Close()
	c, _ := testClient(t, srv.URL, Options{}) // image host = API host here
	_, err := c.Artwork(context.Background(), srv.URL+"/a.jpg")
	var se *ShapeError
	if !errors.As(err, &se) {
		t.Fatalf("endless image: %v, want a *ShapeError", err)
	}
	if h := hits.Load(); h != 1 {
		t.Errorf("%d requests, want 1 (no retry of an oversized answer)", h)
	}
	if sawAuth.Load() {
		t.Error("the artwork request carried the Authorization header")
	}
	t.Logf("server wrote %d KiB before the client hung up", sent.Load()>>10)
	if sent.Load() >= 32<<20 {
		t.Error("the whole 32 MiB was read")
	}

	exact := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n := artwork.MaxBytes
		if r.URL.Path == "/over.jpg" {
			n++
		}
		w.Write(bytes.Repeat([]byte{0xff}, n))
	}))
	defer exact.Close()
	c, _ = testClient(t, exact.URL, Options{})
	if data, err := c.Artwork(context.Background(), exact.URL+"/max.jpg"); err != nil || len(data) != artwork.MaxBytes {
		t.Errorf("an image of artwork.MaxBytes: %d bytes, %v", len(data), err)
	}
	if _, err := c.Artwork(context.Background(), exact.URL+"/over.jpg"); !errors.As(err, &se) {
		t.Errorf("an image one byte over artwork.MaxBytes: %v, want a *ShapeError", err)
	}
}

// Only http(s) image URLs are fetched; an empty answer is an error.
func TestArtworkRefusesOddURLsAndEmptyBodies(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}))
	defer srv.Close()
	c, _ := testClient(t, srv.URL, Options{})
	for _, u := range []string{"file:///etc/passwd", "ftp://x/a.jpg", "//host/a.jpg", "http://", "%zz"} {
		if _, err := c.Artwork(context.Background(), u); err == nil || !strings.Contains(err.Error(), "not an http(s) URL") {
			t.Errorf("Artwork(%q): %v, want refused", u, err)
		}
	}
	if _, err := c.Artwork(context.Background(), srv.URL+"/empty.jpg"); err == nil {
		t.Error("an empty image was taken")
	}
}

// A JSON answer over maxBody is refused, not cut off and fetched again
// DefaultMaxRetries times.
func TestOversizedJSONIsRefusedOnce(t *testing.T) {
	var hits atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		io.WriteString(w, `{"urn":"soundcloud:users:1","description":"`)
		chunk := strings.Repeat("a", 64<<10)
		for range (maxBody >> 16) + 2 {
			if _, err := io.WriteString(w, chunk); err != nil {
				return
			}
		}
		io.WriteString(w, `"}`)
	}))
	defer srv.Close()
	c, _ := testClient(t, srv.URL, Options{})
	_, err := c.Me(context.Background())
	var se *ShapeError
	if !errors.As(err, &se) {
		t.Fatalf("Me over %d bytes: %v, want a *ShapeError", maxBody, err)
	}
	if h := hits.Load(); h != 1 {
		t.Errorf("%d requests, want 1", h)
	}
}
