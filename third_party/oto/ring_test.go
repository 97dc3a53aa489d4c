// Copyright 2026 The Oto Authors
//
// Licensed under the Apache License, Version 2.0 (the "License");
// you may not use this file except in compliance with the License.
// You may obtain a copy of the License at
//
//     http://www.apache.org/licenses/LICENSE-2.0
//
// Unless required by applicable law or agreed to in writing, software
// distributed under the License is distributed on an "AS IS" BASIS,
// WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
// See the License for the specific language governing permissions and
// limitations under the License.

//go:build linux

package oto_test

import (
	"encoding/binary"
	"io"
	"math"
	"os"
	"os/exec"
	"sync/atomic"
	"testing"
	"time"
)

// sineReader is an endless 440 Hz tone as stereo float32 frames at 48 kHz
// (TestMain's context); it counts the frames read.
type sineReader struct {
	frames atomic.Int64
}

func (s *sineReader) Read(b []byte) (int, error) {
	n := len(b) / 8
	f := s.frames.Load()
	for i := 0; i < n; i++ {
		v := float32(0.1 * math.Sin(2*math.Pi*440*float64(f+int64(i))/48000))
		binary.LittleEndian.PutUint32(b[8*i:], math.Float32bits(v))
		binary.LittleEndian.PutUint32(b[8*i+4:], math.Float32bits(v))
	}
	s.frames.Add(int64(n))
	return n * 8, nil
}

// TestRingBuffered plays a tone through the device and checks the ring
// between the players and ALSA's writer thread: Buffered stays within the
// ring (the larger of the device buffer and 200 ms), Suspend keeps it,
// DropBuffered empties it, and playing goes on at about real time after a
// pause, a drop and a resume.
func TestRingBuffered(t *testing.T) {
	if err := theContext.Err(); err != nil {
		t.Skipf("no device: %v", err)
	}
	// PulseAudio's null sink (cirrus's scripts/with-services names it in
	// CIRRUS_PULSE_SINK) plays a stream made afresh after a drop only at
	// its next render block, up to about 2 s, unless something records its
	// monitor: record it, or do not judge how much plays.
	timed := false
	if sink := os.Getenv("CIRRUS_PULSE_SINK"); sink != "" {
		rec := exec.Command("parec", "-d", sink+".monitor", "--raw", "--latency-msec=20")
		rec.Stdout = io.Discard
		if err := rec.Start(); err == nil {
			timed = true
			defer func() {
				rec.Process.Kill()
				rec.Wait()
			}()
			time.Sleep(200 * time.Millisecond)
		}
	}
	if !timed {
		t.Log("not recording the sink's monitor: not judging how much plays")
	}

	// TestMain's context has the default device buffer (2 periods of 1024
	// frames at 48 kHz, about 43 ms): the ring is 200 ms.
	const ring = 200 * time.Millisecond
	src := &sineReader{}
	p := theContext.NewPlayer(src)
	p.SetBufferSize(48000 * 8 / 10) // 100 ms
	p.Play()
	defer p.Pause()

	// watch samples Buffered for d, failing if it exceeds the ring; it
	// returns the most seen.
	watch := func(d time.Duration) time.Duration {
		var most time.Duration
		for end := time.Now().Add(d); time.Now().Before(end); time.Sleep(2 * time.Millisecond) {
			b := theContext.Buffered()
			if b > ring {
				t.Fatalf("Buffered %v, more than the ring (%v)", b, ring)
			}
			most = max(most, b)
		}
		return most
	}
	// played reports how many frames the player read over d while the
	// context plays: about d of audio once the buffers are full.
	played := func(d time.Duration) time.Duration {
		f0 := src.frames.Load()
		watch(d)
		return time.Duration(src.frames.Load()-f0) * time.Second / 48000
	}

	if most := watch(500 * time.Millisecond); most == 0 {
		t.Fatalf("Buffered stayed 0 while playing")
	}
	// The first sound after the device opened can wait for the sink's
	// render block (see above): wait for the tone to be taken.
	for f0, end := src.frames.Load(), time.Now().Add(3*time.Second); src.frames.Load() == f0 && time.Now().Before(end); {
		watch(10 * time.Millisecond)
	}
	if got := played(time.Second); timed && got < 700*time.Millisecond || got > 1300*time.Millisecond {
		t.Errorf("played %v in 1 s", got)
	}

	for round := 0; round < 5; round++ {
		if err := theContext.Suspend(); err != nil {
			t.Fatal(err)
		}
		held := theContext.Buffered()
		f0 := src.frames.Load()
		time.Sleep(100 * time.Millisecond)
		if b := theContext.Buffered(); b != held {
			t.Errorf("round %d: Buffered went from %v to %v while suspended", round, held, b)
		}
		// The ring is not filled while suspended, so the player reads its
		// source at most to fill its own buffer (100 ms).
		if n := src.frames.Load() - f0; n > 4800 {
			t.Errorf("round %d: %d frames read while suspended", round, n)
		}
		if round%2 == 1 {
			if err := theContext.DropBuffered(); err != nil {
				t.Fatal(err)
			}
			if b := theContext.Buffered(); b != 0 {
				t.Errorf("round %d: Buffered %v after DropBuffered, want 0", round, b)
			}
		}
		if err := theContext.Resume(); err != nil {
			t.Fatal(err)
		}
		if got := played(500 * time.Millisecond); timed && got < 300*time.Millisecond || got > 800*time.Millisecond {
			t.Errorf("round %d: played %v in 500 ms after Resume", round, got)
		}
	}

	// A drop while playing empties the ring, which fills again.
	if err := theContext.DropBuffered(); err != nil {
		t.Fatal(err)
	}
	if most := watch(300 * time.Millisecond); most == 0 {
		t.Errorf("Buffered stayed 0 after a drop while playing")
	}
	if err := theContext.Err(); err != nil {
		t.Fatal(err)
	}
}
