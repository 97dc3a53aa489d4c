package player

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// silenceForEver is a stream of float32 stereo silence that never ends.
type silenceForEver struct{}

func (silenceForEver) Read(p []byte) (int, error) {
	clear(p)
	return len(p) - len(p)%8, nil
}

// fakeFree replaces freeSpace for the test: plenty until the writer has
// looked afterLooks times, then only 10 MB.
func fakeFree(t *testing.T, afterLooks int64) *atomic.Int64 {
	var looks atomic.Int64
	prev := freeSpace
	freeSpace = func(string) (uint64, error) {
		if looks.Add(1) > afterLooks {
			return 10 << 20, nil
		}
		return 100 << 30, nil
	}
	t.Cleanup(func() { freeSpace = prev })
	return &looks
}

// Issue 20, item 6: --out had no bound (a playlist of a million segments
// wrote 3.8 GB). The WAV writer looks at the free space before it starts
// and every few MB while it writes, and stops with an error that says so
// when less than wavMinFree would be left.
func TestWAVStopsBeforeTheDiskIsFull(t *testing.T) {
	dir := t.TempDir()
	t.Run("before writing", func(t *testing.T) {
		fakeFree(t, 0)
		_, err := newWAVOutput(filepath.Join(dir, "none.wav"), 44100, 0)
		if err == nil || !strings.Contains(err.Error(), "only 10 MB free on "+dir) {
			t.Fatalf("err %v, want one saying only 10 MB are free", err)
		}
		if _, serr := os.Stat(filepath.Join(dir, "none.wav")); !errors.Is(serr, os.ErrNotExist) {
			t.Errorf("the file was created anyway (%v)", serr)
		}
	})
	t.Run("while writing", func(t *testing.T) {
		looks := fakeFree(t, 4) // the look before opening, then 3 while writing
		path := filepath.Join(dir, "full.wav")
		o, err := newWAVOutput(path, 44100, 0)
		if err != nil {
			t.Fatal(err)
		}
		if err := o.start(silenceForEver{}); err != nil {
			t.Fatal(err)
		}
		select {
		case <-o.done:
		case <-time.After(60 * time.Second):
			t.Fatal("the writer is still writing an endless stream with 10 MB free")
		}
		if err := o.err(); err == nil || !strings.Contains(err.Error(), "only 10 MB free on "+dir+": the WAV file is not written further, to keep 64 MB free") {
			t.Errorf("writer error %v, want the free-space stop", err)
		}
		if err := o.close(); err == nil {
			t.Error("close reports no error")
		}
		fi, err := os.Stat(path)
		if err != nil {
			t.Fatal(err)
		}
		// Stopped at the first look that found too little: the fourth,
		// after 4 × wavCheckEvery (plus a block).
		t.Logf("wrote %d MB, %d looks at the free space", fi.Size()>>20, looks.Load())
		if max := int64(5 * wavCheckEvery); fi.Size() > max || fi.Size() < 3*wavCheckEvery {
			t.Errorf("wrote %d bytes, want about %d", fi.Size(), 4*wavCheckEvery)
		}
	})
}

// The real free-space call answers on this machine's filesystems.
func TestDiskFreeAnswers(t *testing.T) {
	free, err := diskFree(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	if free == 0 {
		t.Error("no free space at all in the test's temporary directory?")
	}
	t.Logf("%d MB free in the temporary directory", free>>20)
}
