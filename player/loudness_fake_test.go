//go:build cgo || !linux

package player

import (
	"context"
	"math"
	"testing"

	"github.com/cirrus-tui/cirrus/api/fake"
)

// The probe measures the double's two masters of the same music 15 dB
// apart, from segments spread over each, and the gain chosen from it
// brings both to the target.
func TestProbeMeasuresMastersApart(t *testing.T) {
	_, c := newFake(t)
	p, err := New(context.Background(), Options{Output: NullOutput, res: c, Normalize: NormalizeTrack})
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	var lufs []float64
	for _, id := range []int64{fake.LoudMasterID, fake.QuietMasterID} {
		ts, err := p.openTrack(p.ctx, fakeTrack(t, c, id), 0, 0)
		if err != nil {
			t.Fatal(err)
		}
		ts.settleLevel(preloadSettle) // as a preloaded track: the probe is waited for
		ts.level.mu.Lock()
		l, ok := ts.level.probe.integrated()
		blocks := ts.level.probe.blocks()
		how, gain := ts.level.how, ts.level.initDB
		ts.level.mu.Unlock()
		ts.close()
		t.Logf("track %d: %.2f LUFS from %d blocks; gain %+.2f dB (%s)", id, l, blocks, gain, how)
		if !ok || how != "probe" {
			t.Fatalf("track %d: gain from %s, want the probe (%d blocks)", id, how, blocks)
		}
		if got := l + gain; math.Abs(got-targetLUFS) > 0.01 {
			t.Errorf("track %d: %.2f LUFS with the gain, want %.0f", id, got, targetLUFS)
		}
		lufs = append(lufs, l)
	}
	if d := lufs[0] - lufs[1]; math.Abs(d-15) > 0.5 {
		t.Errorf("the masters measure %.2f LU apart, want 15", d)
	}
}
