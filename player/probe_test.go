package player

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// The doctor's inaudible test: silence through the null output and into
// a WAV file (real outputs, no device needed), and a clear error for an
// output that cannot open.
func TestProbeOutput(t *testing.T) {
	ctx := context.Background()
	rep, err := ProbeOutput(ctx, Options{Output: NullOutput}, 200*time.Millisecond)
	if err != nil || rep.Output != NullOutput || rep.Took < 200*time.Millisecond {
		t.Fatalf("null: %+v %v", rep, err)
	}
	wav := filepath.Join(t.TempDir(), "probe.wav")
	rep, err = ProbeOutput(ctx, Options{Output: wav}, 300*time.Millisecond)
	if err != nil || rep.Took < 300*time.Millisecond {
		t.Fatalf("wav: %+v %v", rep, err)
	}
	if fi, err := os.Stat(wav); err != nil || fi.Size() < 44 {
		t.Fatalf("wav file: %v %v", fi, err)
	}
	if _, err := ProbeOutput(ctx, Options{Output: "speakers-of-mars"}, 100*time.Millisecond); err == nil {
		t.Fatal("an unknown output: no error")
	}
}
