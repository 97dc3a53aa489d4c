//go:build cgo || !linux

package player

import (
	"bytes"
	"math"
	"testing"
	"time"
)

// synthRecording is what the recorder would hold of a 3 s 400 Hz tone
// between silences, with the pilot, after cutting the given sample ranges
// out of what the sink played (the recorder's losses) and out of the tone
// alone (the player's), and silencing the tone in the dry ranges (in the
// sink's time: the player's stream ran dry).
func synthRecording(recCuts, playerCuts, dry [][2]int) []byte {
	const n = 5 * 44100
	x := make([]float64, 0, n)
	for i := range n {
		v := 0.0
		if i >= 44100 && i < 4*44100 {
			v = 0.5 * math.Sin(2*math.Pi*400*float64(i)/44100)
		}
		x = append(x, v)
	}
	// the player's losses: the tone skips ahead, the sink (and the pilot) do not
	for k := len(playerCuts) - 1; k >= 0; k-- {
		c := playerCuts[k]
		tone := append(append([]float64(nil), x[:c[0]]...), x[c[1]:]...)
		tone = append(tone, make([]float64, c[1]-c[0])...)
		x = tone
	}
	for _, c := range dry {
		clear(x[c[0]:c[1]])
	}
	var sink bytes.Buffer
	pilotMix(&sink, 12345, x)
	b := sink.Bytes()
	for k := len(recCuts) - 1; k >= 0; k-- {
		c := recCuts[k]
		b = append(b[:c[0]*4:c[0]*4], b[c[1]*4:]...)
	}
	return b
}

// TestPilotTellsRecorderFromPlayer checks the pilot's analysis on
// recordings made up here: what the recorder lost is found to the sample
// and placed; silence in the tone while the pilot runs on is the player's
// stream running dry; and a tone cut short otherwise is the player's drop.
func TestPilotTellsRecorderFromPlayer(t *testing.T) {
	for _, tc := range []struct {
		name              string
		rec, player       [][2]int
		wantRecorder      time.Duration // lost during the tone
		wantRecorderAll   time.Duration
		wantPlayerAtLeast time.Duration
		wantPlayerAtMost  time.Duration
		wantDry           time.Duration
		dryAt             [][2]int // silence in the player's stream
	}{
		{name: "clean", wantPlayerAtMost: 20 * time.Millisecond},
		{name: "recorder lost 140 ms in the tone and 50 ms in the silence",
			rec:          [][2]int{{2 * 44100, 2*44100 + 6174}, {int(4.5 * 44100), int(4.5*44100) + 2205}},
			wantRecorder: 140 * time.Millisecond, wantRecorderAll: 190 * time.Millisecond,
			wantPlayerAtMost: 20 * time.Millisecond},
		{name: "recorder lost odd amounts",
			rec:          [][2]int{{50000, 50001}, {60000, 60037}, {70000, 70032}, {100000, 104410}},
			wantRecorder: samplesDur(1 + 37 + 32 + 4410), wantRecorderAll: samplesDur(1 + 37 + 32 + 4410),
			wantPlayerAtMost: 20 * time.Millisecond},
		{name: "player dropped 200 ms",
			player:            [][2]int{{2 * 44100, 2*44100 + 8820}},
			wantPlayerAtLeast: 180 * time.Millisecond, wantPlayerAtMost: 220 * time.Millisecond},
		{name: "ran dry 100 ms, late audio dropped",
			dryAt:   [][2]int{{2 * 44100, 2*44100 + 4410}},
			wantDry: 100 * time.Millisecond, wantPlayerAtMost: 20 * time.Millisecond},
		{name: "ran dry 100 ms and dropped 200 ms elsewhere",
			player:  [][2]int{{int(1.5 * 44100), int(1.5*44100) + 8820}},
			dryAt:   [][2]int{{2 * 44100, 2*44100 + 4410}},
			wantDry: 100 * time.Millisecond, wantPlayerAtLeast: 180 * time.Millisecond, wantPlayerAtMost: 220 * time.Millisecond},
		{name: "both",
			rec:          [][2]int{{int(3.5 * 44100), int(3.5*44100) + 4410}},
			player:       [][2]int{{2 * 44100, 2*44100 + 8820}},
			wantRecorder: 100 * time.Millisecond, wantRecorderAll: 100 * time.Millisecond,
			wantPlayerAtLeast: 180 * time.Millisecond, wantPlayerAtMost: 220 * time.Millisecond},
	} {
		t.Run(tc.name, func(t *testing.T) {
			raw := synthRecording(tc.rec, tc.player, tc.dryAt)
			rep := analysePilot(raw)
			x := s16Left(raw)
			a := account(x, rep, 400, 3*time.Second, 0)
			t.Logf("%v; %v", rep, a)
			if got := rep.lost(); got != tc.wantRecorderAll {
				t.Errorf("recorder lost %v in all, want %v", got, tc.wantRecorderAll)
			}
			if a.recorder != tc.wantRecorder {
				t.Errorf("recorder lost %v during the tone, want %v", a.recorder, tc.wantRecorder)
			}
			if a.dropped < tc.wantPlayerAtLeast || a.dropped > tc.wantPlayerAtMost {
				t.Errorf("player's drop %v, want %v..%v", a.dropped, tc.wantPlayerAtLeast, tc.wantPlayerAtMost)
			}
			if a.dry != tc.wantDry {
				t.Errorf("the player's stream ran dry %v, want %v", a.dry, tc.wantDry)
			}
			if len(rep.spans) != len(tc.rec)+1 {
				t.Errorf("%d pilot stretches, want %d: %+v", len(rep.spans), len(tc.rec)+1, rep.spans)
			}
		})
	}
}

// TestPilotSilenceIsNotRecorderLoss: where the pilot's own stream ran dry
// (silence, then the pilot again further on) the recorder lost nothing.
func TestPilotSilenceIsNotRecorderLoss(t *testing.T) {
	var sink bytes.Buffer
	x := make([]float64, 44100)
	pilotMix(&sink, 0, x)
	b := sink.Bytes()
	gap := make([]byte, 4*4410) // 100 ms of silence
	var more bytes.Buffer
	pilotMix(&more, 44100+8820, x) // the pilot resumes 200 ms on
	raw := append(append(b, gap...), more.Bytes()...)
	rep := analysePilot(raw)
	if len(rep.spans) != 2 || rep.lost() != 0 {
		t.Fatalf("%v: %+v, want two stretches and no recorder loss", rep, rep.spans)
	}
}
