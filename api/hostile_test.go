package api

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// tinyObjects streams prefix, then "{}," repeated to about size bytes, then
// suffix, without holding the body in memory (so the test's heap is the
// client's).
func tinyObjects(w io.Writer, prefix, suffix string, size int) {
	io.WriteString(w, prefix)
	chunk := []byte(strings.Repeat("{},", 64<<10/3))
	for n := 0; n+len(chunk) < size; n += len(chunk) {
		if _, err := w.Write(chunk); err != nil {
			return
		}
	}
	io.WriteString(w, "{}"+suffix)
}

// peakHeap samples the live heap while f runs and returns the highest value
// above the heap before f started.
func peakHeap(f func()) uint64 {
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	base := ms.HeapAlloc
	var peak atomic.Uint64
	stop := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		t := time.NewTicker(2 * time.Millisecond)
		defer t.Stop()
		for {
			var m runtime.MemStats
			runtime.ReadMemStats(&m)
			if m.HeapAlloc > base && m.HeapAlloc-base > peak.Load() {
				peak.Store(m.HeapAlloc - base)
			}
			select {
			case <-stop:
				return
			case <-t.C:
			}
		}
	}()
	f()
	close(stop)
	wg.Wait()
	return peak.Load()
}

// A page of millions of tiny objects within the body cap is refused with a
// clear error before any of them is decoded, in bounded memory.
func TestHugePageOfTinyObjectsIsRefusedInBoundedMemory(t *testing.T) {
	for _, tc := range []struct{ name, prefix, suffix string }{
		{"collection", `{"collection":[`, `],"next_href":null}`},
		{"bare array", `[`, `]`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var hits atomic.Int32
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				hits.Add(1)
				w.Header().Set("Content-Type", "application/json")
				tinyObjects(w, tc.prefix, tc.suffix, maxBody-1024)
			}))
			defer srv.Close()
			c, _ := testClient(t, srv.URL, Options{})
			var err error
			peak := peakHeap(func() {
				_, err = c.MyLikedTracks(context.Background(), ListOptions{Limit: 1})
			})
			t.Logf("peak heap above baseline: %d MiB, requests: %d", peak>>20, hits.Load())
			var se *ShapeError
			if !errors.As(err, &se) {
				t.Fatalf("err = %v, want a *ShapeError", err)
			}
			if !strings.Contains(err.Error(), "a page of more than 1000 items") {
				t.Errorf("error does not say why: %v", err)
			}
			if hits.Load() != 1 {
				t.Errorf("%d requests; a refused shape is not retried", hits.Load())
			}
			if peak > 100<<20 {
				t.Errorf("peak heap %d MiB, want under 100 MiB", peak>>20)
			}
		})
	}
}

// Many arrays each under the per-array bound cannot add up: nested inline
// tracks and huge lists inside one object are refused too, and an error
// body made of tiny objects does not blow up parseError.
func TestNestedTinyObjectsAreBounded(t *testing.T) {
	nested := `{"collection":[` + strings.TrimSuffix(strings.Repeat(`{"tracks":[`+strings.TrimSuffix(strings.Repeat("{},", 500), ",")+`]},`, 300), ",") + `]}`
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/me/playlists":
			io.WriteString(w, nested)
		case "/playlists/soundcloud:playlists:1":
			tinyObjects(w, `{"urn":"soundcloud:playlists:1","tracks":[`, `]}`, 8<<20)
		default:
			w.WriteHeader(http.StatusBadRequest)
			tinyObjects(w, `{"errors":[`, `]}`, 8<<20)
		}
	}))
	defer srv.Close()
	c, _ := testClient(t, srv.URL, Options{MaxRetries: -1})
	ctx := context.Background()
	var se *ShapeError
	if _, err := c.MyPlaylists(ctx, ListOptions{}); !errors.As(err, &se) || !strings.Contains(err.Error(), "objects and lists") {
		t.Errorf("150k nested objects: err = %v, want a *ShapeError about objects and lists", err)
	}
	var err error
	peak := peakHeap(func() { _, err = c.Playlist(ctx, "soundcloud:playlists:1") })
	if !errors.As(err, &se) || !strings.Contains(err.Error(), "a list of more than") {
		t.Errorf("a playlist of millions of tracks: err = %v, want a *ShapeError", err)
	}
	if peak > 100<<20 {
		t.Errorf("peak heap %d MiB, want under 100 MiB", peak>>20)
	}
	_, err = c.Track(ctx, "soundcloud:tracks:1")
	var ae *Error
	if !errors.As(err, &ae) || ae.Status != http.StatusBadRequest {
		t.Errorf("error body of tiny objects: err = %v, want the 400 as an *Error", err)
	}
}

// The shape check counts structure, not text: commas, brackets and quotes
// inside strings are not items, so a full legitimate page passes and one
// item more than MaxPageItems does not.
func TestShapeCountsStructureNotText(t *testing.T) {
	item := `{"urn":"soundcloud:tracks:1","title":"a, b, [c], {d}, \"e,\" \\","user":{"username":"[[,,]]"}}`
	page := func(n int) string {
		return `{"collection":[` + strings.TrimSuffix(strings.Repeat(item+",", n), ",") + `],"next_href":null}`
	}
	for _, tc := range []struct {
		n    int
		want bool
	}{{MaxPageItems, true}, {MaxPageItems + 1, false}, {0, true}} {
		b, err := readBody("GET /x", strings.NewReader(page(tc.n)), true)
		if (err == nil) != tc.want {
			t.Fatalf("%d items: err = %v", tc.n, err)
		}
		if err != nil {
			continue
		}
		p, err := decodePage[Track]("GET /x", b)
		if err != nil || len(p.Collection) != tc.n || (tc.n > 0 && p.Collection[0].Title != `a, b, [c], {d}, "e," \`) {
			t.Fatalf("%d items: decoded %v %v", tc.n, err, p)
		}
	}
}
