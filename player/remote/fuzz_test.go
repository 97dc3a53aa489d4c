//go:build unix

package remote

import (
	"context"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/cirrus-tui/cirrus/player"
	"github.com/cirrus-tui/cirrus/player/command"
)

var clockSeeds = []string{"1:23", "1:02:03", "83", "83.5", "83s", "1m23s", "+10s", "-10", "+1:00",
	"", ":", "::::", "1e300", "-1e300", "NaN", "Inf", "+Inf", "1e10:00", "59:60", "0x10", "9223372036854775807",
	"99999999999h", "-0", "1:-1", "1.5:30", "\x00", "%", "+", "+-1"}

// FuzzParseSeek: a position is finite, bounded and, unless relative, never
// negative.
func FuzzParseSeek(f *testing.F) {
	for _, s := range clockSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, rel, err := ParseSeek(s)
		if err != nil {
			return
		}
		if d > MaxPosition || d < -MaxPosition || (!rel && d < 0) {
			t.Fatalf("ParseSeek(%q) = %v (relative %v)", s, d, rel)
		}
		if c, err := ParseClock(s); err == nil && (c < 0 || c > MaxPosition) {
			t.Fatalf("ParseClock(%q) = %v", s, c)
		}
	})
}

// FuzzParseVolume: a volume is always within 0..1.
func FuzzParseVolume(f *testing.F) {
	for _, s := range []string{"0", "100", "50%", "+5", "-5", "101", "-1", "1e308", "+1e308", "-1e308", "NaN", "Inf", "", "%", "+"} {
		f.Add(s, 0.5)
	}
	f.Fuzz(func(t *testing.T, s string, cur float64) {
		if math.IsNaN(cur) || cur < 0 || cur > 1 {
			return // the player's volume is always 0..1
		}
		c, err := command.ParseArgs("vol", []string{s})
		if err != nil {
			return
		}
		if v := player.StepVolume(cur, c); !(v >= 0 && v <= 1) {
			t.Fatalf("vol %q from %v = %v", s, cur, v)
		}
	})
}

// FuzzRequest feeds the control socket's request parsing and the commands
// that act on the player (not those that go to the API: queue, like) with
// arbitrary lines. A request never panics, and whatever it sets stays in
// range.
func FuzzRequest(f *testing.F) {
	for _, s := range []string{
		`{"cmd":"status"}`, `{"cmd":"seek","args":["1e300"]}`, `{"cmd":"seek","args":["-1e300"]}`,
		`{"cmd":"volume","args":["+1e308"]}`, `{"cmd":"volume","args":["NaN"]}`, `{"cmd":"repeat","args":["all"]}`,
		`{"cmd":"shuffle","args":["maybe"]}`, `{"cmd":"seek"}`, `{"cmd":"seek","args":[1]}`, `{"cmd":1}`, `[]`, `null`,
		`{"cmd":"volume","args":["1","2"]}`, "{\"cmd\":\"\x1b[2J\"}", `{"cmd":"seek","args":["` + strings.Repeat("9", 400) + `"]}`,
		"", "\n", "{", `{"cmd":"status"}` + "\n" + `{"cmd":"stop"}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, line []byte) {
		req, err := readRequest(strings.NewReader(string(line)))
		if err != nil {
			return
		}
		switch req.Cmd {
		case "queue", "like", "unlike":
			return // these call the API
		}
		p := newFakePlayer()
		h := &PlayerHandler{P: p}
		resp := h.Handle(context.Background(), req)
		if !resp.OK && resp.Error == "" {
			t.Fatalf("%q: a failure without a message", line)
		}
		st := p.Status()
		if !(st.Volume >= 0 && st.Volume <= 1) || st.Position < -MaxPosition || st.Position > 200*time.Second+MaxPosition {
			t.Fatalf("%q: left the player at volume %v, position %v", line, st.Volume, st.Position)
		}
	})
}
