package api

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// rss is the resident set size from /proc/self/statm (0 where there is none).
func rss() uint64 {
	b, err := os.ReadFile("/proc/self/statm")
	if err != nil {
		return 0
	}
	var size, res uint64
	if _, err := fmt.Sscan(string(b), &size, &res); err != nil {
		return 0
	}
	return res * uint64(os.Getpagesize())
}

// memPeak samples the heap and the RSS while f runs and returns the growth
// of HeapInuse and of RSS at their peaks, and the bytes allocated meanwhile.
func memPeak(t *testing.T, f func()) (peakHeap, peakRSS, allocated uint64) {
	t.Helper()
	runtime.GC()
	var before runtime.MemStats
	runtime.ReadMemStats(&before)
	rss0 := rss()
	var peak, peakR atomic.Uint64
	peak.Store(before.HeapInuse)
	peakR.Store(rss0)
	stop := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		tick := time.NewTicker(5 * time.Millisecond)
		defer tick.Stop()
		var m runtime.MemStats
		for {
			select {
			case <-stop:
				return
			case <-tick.C:
				runtime.ReadMemStats(&m)
				if m.HeapInuse > peak.Load() {
					peak.Store(m.HeapInuse)
				}
				if r := rss(); r > peakR.Load() {
					peakR.Store(r)
				}
			}
		}
	}()
	f()
	close(stop)
	wg.Wait()
	var after runtime.MemStats
	runtime.ReadMemStats(&after)
	if after.HeapInuse > peak.Load() {
		peak.Store(after.HeapInuse)
	}
	return peak.Load() - before.HeapInuse, peakR.Load() - rss0, after.TotalAlloc - before.TotalAlloc
}

// TestUploadMemoryBound uploads a 400 MB file (sparse, so it costs no disk)
// to the fake, which reads the part as a stream too, and measures the heap.
func TestUploadMemoryBound(t *testing.T) {
	const size = 400 << 20
	path := filepath.Join(t.TempDir(), "big.wav")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Truncate(size); err != nil {
		t.Fatal(err)
	}
	f.Close()

	for _, mode := range []struct {
		name  string
		bytes int64 // how much of the file is sent
		size  int64 // what Upload is told
	}{
		{"content-length", size, size},
		// The pipe path shares everything past the body framing; a quarter
		// of the file keeps the race-enabled run short.
		{"chunked-pipe", size / 4, -1},
	} {
		t.Run(mode.name, func(t *testing.T) {
			srv, c := newFakeClient(t, Options{})
			file, err := os.Open(path)
			if err != nil {
				t.Fatal(err)
			}
			defer file.Close()
			// Hide the Seeker so the path under test is the pure stream.
			src := struct{ io.Reader }{io.LimitReader(file, mode.bytes)}
			var last, calls atomic.Int64
			var monotonic atomic.Bool
			monotonic.Store(true)
			var tr *Track
			peak, peakRSS, alloc := memPeak(t, func() {
				tr, err = c.Upload(context.Background(), "Big Upload", "private", "big.wav", src, mode.size,
					func(sent, total int64) {
						if sent < last.Load() || total != mode.size {
							monotonic.Store(false)
						}
						last.Store(sent)
						calls.Add(1)
					})
			})
			if err != nil {
				t.Fatal(err)
			}
			if tr.URN == "" || tr.Title != "Big Upload" {
				t.Fatalf("uploaded track %+v", tr)
			}
			if got := srv.Stats().UploadBytes; got != mode.bytes {
				t.Fatalf("fake received %d bytes, want %d", got, mode.bytes)
			}
			if last.Load() != mode.bytes || !monotonic.Load() || calls.Load() < 10 {
				t.Fatalf("progress ended at %d after %d calls (monotonic %v)", last.Load(), calls.Load(), monotonic.Load())
			}
			t.Logf("%d MB upload (%s): heap in use grew by at most %.2f MB, RSS by %.2f MB; %.2f MB allocated in all (client and fake together)",
				mode.bytes>>20, mode.name, float64(peak)/(1<<20), float64(peakRSS)/(1<<20), float64(alloc)/(1<<20))
			if peakRSS > 64<<20 {
				t.Errorf("RSS grew by %d bytes during a %d-byte upload", peakRSS, mode.bytes)
			}
			if peak > 8<<20 {
				t.Errorf("heap grew by %d bytes during a %d-byte upload; the body is being buffered", peak, mode.bytes)
			}
			if alloc > 64<<20 {
				t.Errorf("%d bytes allocated during a %d-byte upload; the body is being copied", alloc, mode.bytes)
			}
		})
	}
}

func TestUploadReplaysSeekableBodyAfter401(t *testing.T) {
	var srvRef interface{ IssueToken(string) (string, string) }
	ts := &swapTokens{cur: "stale", next: func() string { a, _ := srvRef.IssueToken("cirrus-demo"); return a }}
	srv, c := newFakeClient(t, Options{Tokens: ts})
	srvRef = srv
	data := strings.Repeat("x", 100<<10)
	tr, err := c.Upload(context.Background(), "Replayed", "public", "r.mp3", strings.NewReader(data), int64(len(data)), nil)
	if err != nil {
		t.Fatal(err)
	}
	if tr.Title != "Replayed" || ts.invalidated != 1 || srv.Stats().UploadBytes != int64(len(data)) {
		t.Fatalf("track %+v, invalidated %d, bytes %d", tr, ts.invalidated, srv.Stats().UploadBytes)
	}
}

func TestUploadShortReaderFails(t *testing.T) {
	srv, c := newFakeClient(t, Options{})
	_, err := c.Upload(context.Background(), "Short", "public", "s.mp3", strings.NewReader("abc"), 10, nil)
	if err == nil || !strings.Contains(err.Error(), "short") {
		t.Fatalf("upload of 3 bytes announced as 10: %v", err)
	}
	_, err = c.Upload(context.Background(), "Long", "public", "l.mp3", strings.NewReader("abcdefghijklmnop"), 10, nil)
	if err == nil || !strings.Contains(err.Error(), "longer") {
		t.Fatalf("upload of 16 bytes announced as 10: %v", err)
	}
	if srv.Stats().Uploads != 0 {
		t.Fatal("fake stored a truncated upload")
	}
}
