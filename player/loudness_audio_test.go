//go:build cgo || !linux

package player

import (
	"context"
	"encoding/binary"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"testing"
	"time"

	"github.com/cirrus-tui/cirrus/api"
	"github.com/cirrus-tui/cirrus/api/fake"
)

// ebur128 is what ffmpeg's ebur128 filter says of a recording: the
// integrated loudness (LUFS) and the true peak (dBTP).
func ebur128(t *testing.T, path string) (lufs, peak float64) {
	t.Helper()
	out, err := exec.Command("ffmpeg", "-nostdin", "-hide_banner", "-i", path, "-af", "ebur128=peak=true", "-f", "null", "-").CombinedOutput()
	if err != nil {
		t.Fatalf("ffmpeg ebur128: %v\n%s", err, out)
	}
	// the summary comes last
	num := func(re string) float64 {
		m := regexp.MustCompile(re).FindAllSubmatch(out, -1)
		if len(m) == 0 {
			t.Fatalf("ffmpeg said no %s:\n%s", re, out)
		}
		v, err := strconv.ParseFloat(string(m[len(m)-1][1]), 64)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	return num(`I:\s+(-?[0-9.]+|-inf) LUFS`), num(`Peak:\s+(-?[0-9.]+|-inf) dBFS`)
}

// clippedSamples counts the samples of a 16-bit WAV recording at full
// scale.
func clippedSamples(t *testing.T, path string) (clipped, total int) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	// the data chunk (parec's header may say any size while recording)
	i := 12
	for i+8 <= len(b) && string(b[i:i+4]) != "data" {
		i += 8 + int(binary.LittleEndian.Uint32(b[i+4:i+8]))
	}
	if i+8 > len(b) {
		t.Fatalf("no data chunk in %s", path)
	}
	for _, j := 0, i+8; j+1 < len(b); j += 2 {
		v := int16(binary.LittleEndian.Uint16(b[j:]))
		if v == math.MaxInt16 || v <= -math.MaxInt16 {
			clipped++
		}
		total++
	}
	return clipped, total
}

// dropSilence writes the recording at path without its digital silence
// (10 ms windows at zero, give or take rounding): what is before and
// after the track, and where the sink ran dry (a busy machine holds up
// the player or the sound server), which is not the track's loudness. It
// returns the new file and how much was cut.
func dropSilence(t *testing.T, path string) (string, time.Duration) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	i := 12
	for i+8 <= len(b) && string(b[i:i+4]) != "data" {
		i += 8 + int(binary.LittleEndian.Uint32(b[i+4:i+8]))
	}
	data := b[min(i+8, len(b)):]
	const win = 441 * 4 // 10 ms of 16-bit stereo
	var kept []byte
	cut := 0
	for w := 0; w+win <= len(data); w += win {
		loud := false
		for j := w; j < w+win; j += 2 {
			if v := int16(binary.LittleEndian.Uint16(data[j:])); v > 2 || v < -2 {
				loud = true
				break
			}
		}
		if loud {
			kept = append(kept, data[w:w+win]...)
		} else {
			cut++
		}
	}
	hdr := make([]byte, 44)
	copy(hdr, "RIFF")
	binary.LittleEndian.PutUint32(hdr[4:], uint32(36+len(kept)))
	copy(hdr[8:], "WAVEfmt ")
	binary.LittleEndian.PutUint32(hdr[16:], 16)
	binary.LittleEndian.PutUint16(hdr[20:], 1)
	binary.LittleEndian.PutUint16(hdr[22:], 2)
	binary.LittleEndian.PutUint32(hdr[24:], defaultRate)
	binary.LittleEndian.PutUint32(hdr[28:], defaultRate*4)
	binary.LittleEndian.PutUint16(hdr[32:], 4)
	binary.LittleEndian.PutUint16(hdr[34:], 16)
	copy(hdr[36:], "data")
	binary.LittleEndian.PutUint32(hdr[40:], uint32(len(kept)))
	out := filepath.Join(t.TempDir(), "sound.wav")
	if err := os.WriteFile(out, append(hdr, kept...), 0o600); err != nil {
		t.Fatal(err)
	}
	return out, time.Duration(cut) * 10 * time.Millisecond
}

// playAtSink plays tr on the default output (ALSA, into PulseAudio) into
// the null sink for d
// (of audio handed to the sink), recording the sink's monitor, and
// returns the recording's path.
func playAtSink(t *testing.T, res resolver, tr api.Track, normalize string, d time.Duration) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "rec.wav")
	rec := exec.Command("parec", "-d", "cap.monitor", "--format=s16le", "--rate=44100", "--channels=2", "--file-format=wav", path)
	if err := rec.Start(); err != nil {
		t.Fatalf("parec: %v", err)
	}
	time.Sleep(1500 * time.Millisecond) // let parec attach: the monitor drops about the first second it records
	p, err := New(context.Background(), Options{res: res, Normalize: normalize,
		LoudnessFile: filepath.Join(t.TempDir(), "loudness.json")})
	if err != nil {
		rec.Process.Kill()
		rec.Wait()
		t.Fatalf("New on the sound device: %v", err)
	}
	p.PlayTracks([]api.Track{tr}, 0)
	want := int64(d.Seconds() * defaultRate)
	deadline := time.Now().Add(d + 90*time.Second)
	for p.FramesPlayed() < want && time.Now().Before(deadline) {
		time.Sleep(100 * time.Millisecond)
	}
	played := p.FramesPlayed()
	time.Sleep(2500 * time.Millisecond) // the null sink reaches its monitor up to 2 s late
	p.Close()
	rec.Process.Signal(os.Interrupt)
	done := make(chan struct{})
	go func() { rec.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		rec.Process.Kill()
		<-done
	}
	if played < want {
		t.Fatalf("only %.1f s played in %v", float64(played)/defaultRate, d+90*time.Second)
	}
	return path
}

// The proof of levelled loudness, at the sound server: the double's loud
// and quiet masters of the same music, 15 dB apart, each measure -14
// LUFS ± 1.5 LU as the null sink played them (ffmpeg's ebur128 on the
// recording of its monitor), with no sample at full scale and the true
// peak under -1 dBTP; the quiet one, not levelled, is far from it.
func TestNormalizeAtTheSink(t *testing.T) {
	needServices(t)
	if _, err := exec.LookPath("ffmpeg"); err != nil {
		t.Fatal("ffmpeg is missing (scripts/install-deps --test)")
	}
	_, c := newFake(t)
	const secs = 25 * time.Second // about one pass of the loop the tracks repeat
	for _, tc := range []struct {
		id        int64
		normalize string
		d         time.Duration
	}{
		{fake.LoudMasterID, NormalizeTrack, secs},
		{fake.QuietMasterID, NormalizeTrack, secs},
		{fake.QuietMasterID, NormalizeOff, 12 * time.Second},
	} {
		tr := fakeTrack(t, c, tc.id)
		path := playAtSink(t, c, tr, tc.normalize, tc.d)
		clipped, total := clippedSamples(t, path)
		sound, dry := dropSilence(t, path)
		lufs, peak := ebur128(t, sound)
		t.Logf("%s, normalize %q: %.1f LUFS, true peak %.1f dBTP, %d of %d samples at full scale; %v of digital silence cut (the sink running dry on a busy machine, and before and after)",
			tr.Title, tc.normalize, lufs, peak, clipped, total, dry.Round(10*time.Millisecond))
		if heard := time.Duration(total/2) * time.Second / defaultRate; heard-dry < tc.d/2 {
			t.Fatalf("the sink heard only %v of sound for %v played: too busy a machine to measure", heard-dry, tc.d)
		}
		if tc.normalize == NormalizeOff {
			if lufs > targetLUFS-4 {
				t.Errorf("the quiet master, not levelled, measures %.1f LUFS: it should be far under %.0f", lufs, targetLUFS)
			}
			continue
		}
		if math.Abs(lufs-targetLUFS) > 1.5 {
			t.Errorf("%s: %.1f LUFS at the sink, want %.0f ± 1.5", tr.Title, lufs, targetLUFS)
		}
		if clipped > 0 {
			t.Errorf("%s: %d samples at full scale", tr.Title, clipped)
		}
		if peak > ceilingDBTP {
			t.Errorf("%s: true peak %.2f dBTP, over %.0f", tr.Title, peak, ceilingDBTP)
		}
	}
}
