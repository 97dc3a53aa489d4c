package ui

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"sync"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/cirrus-tui/cirrus/api"
	"github.com/cirrus-tui/cirrus/config"
	"github.com/cirrus-tui/cirrus/player"
	"github.com/cirrus-tui/cirrus/player/command"
)

// simPlayer is the player's state owner in miniature: it numbers commands
// from every input in the order they arrive, applies them when the test
// says, and its events reach the UI whenever (and in whatever order) the
// test delivers them.
type simPlayer struct {
	*recAudio
	mu       sync.Mutex
	st       player.Status
	inbox    []sentCommand
	seq      uint64
	inFlight []player.Event
}

func (s *simPlayer) Submit(c command.Command) uint64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.seq++
	s.inbox = append(s.inbox, sentCommand{seq: s.seq, c: c})
	return s.seq
}

func (s *simPlayer) emit(kind player.EventKind) {
	s.st.Rev++
	s.inFlight = append(s.inFlight, player.Event{Kind: kind, Status: s.st})
}

// applyOne applies the oldest waiting command as player.Apply does.
func (s *simPlayer) applyOne() {
	if len(s.inbox) == 0 {
		return
	}
	j := s.inbox[0]
	s.inbox = s.inbox[1:]
	c := j.c
	switch c.Op {
	case command.OpVolume:
		s.st.Volume = player.StepVolume(s.st.Volume, c)
	case command.OpShuffle:
		s.st.Shuffle = player.StepSwitch(s.st.Shuffle, c.Switch)
	case command.OpRepeat:
		s.st.Repeat = player.StepRepeat(s.st.Repeat, c.Repeat)
	case command.OpToggle:
		if s.st.State == player.Playing {
			s.st.State = player.Paused
		} else {
			s.st.State = player.Playing
		}
	case command.OpPause:
		s.st.State = player.Paused
	case command.OpPlay:
		s.st.State = player.Playing
	case command.OpSeek:
		to := c.At
		if c.Relative {
			to += s.st.Position
		}
		s.st.Position = min(max(to, 0), s.st.Duration)
	}
	s.st.Seq = j.seq
	s.emit(player.EventApplied)
}

// tick is the player's position report while playing.
func (s *simPlayer) tick() {
	if s.st.State == player.Playing {
		s.st.Position = min(s.st.Position+time.Second, s.st.Duration)
	}
	s.emit(player.EventPosition)
}

// Any sequence of commands from keys, cirrus ctl and MPRIS, with the
// player's events delayed and delivered in any order, ends with the UI
// showing the player's final state, and no command left pending.
func TestCommandsConvergeProperty(t *testing.T) {
	keys := []string{"+", "-", "s", "r", " ", "right", "left", "]", "["}
	ctl := [][]string{{"vol", "+10"}, {"vol", "-10"}, {"vol", "40"}, {"repeat", "one"}, {"repeat"}, {"shuffle", "on"},
		{"shuffle"}, {"seek", "1:00"}, {"seek", "+15"}, {"pause"}, {"play"}, {"toggle"}}
	mpris := []command.Command{{Op: command.OpVolume, Volume: 0.3}, {Op: command.OpVolume, Volume: 1},
		{Op: command.OpShuffle, Switch: command.Off}, {Op: command.OpRepeat, Repeat: command.RepeatAll},
		{Op: command.OpToggle}, {Op: command.OpSeek, At: 10 * time.Second}}
	for seed := uint64(1); seed <= 300; seed++ {
		rng := rand.New(rand.NewPCG(seed, 25))
		b := fixture()
		tr := &b.tracks[0]
		sim := &simPlayer{recAudio: &recAudio{}}
		sim.st = player.Status{State: player.Playing, Track: tr, Duration: 3 * time.Minute, Volume: 0.8, Index: 0}
		m := newSimModel(b, sim)
		sim.emit(player.EventTrackChanged)
		var log []string
		deliver := func(i int) {
			ev := sim.inFlight[i]
			sim.inFlight = append(sim.inFlight[:i], sim.inFlight[i+1:]...)
			m.Update(playerEventMsg{ok: true, ev: ev})
		}
		for range 20 + rng.IntN(60) {
			switch r := rng.IntN(10); {
			case r < 3:
				k := keys[rng.IntN(len(keys))]
				log = append(log, "key "+k)
				m.Update(kp(k))
			case r < 4:
				a := ctl[rng.IntN(len(ctl))]
				c, err := command.ParseArgs(a[0], a[1:])
				if err != nil {
					t.Fatal(err)
				}
				log = append(log, fmt.Sprint("ctl ", a))
				sim.Submit(c)
			case r < 5:
				c := mpris[rng.IntN(len(mpris))]
				log = append(log, "mpris "+c.String())
				sim.Submit(c)
			case r < 7:
				sim.applyOne()
			case r < 8:
				sim.tick()
			default:
				if len(sim.inFlight) > 0 {
					deliver(rng.IntN(len(sim.inFlight)))
				}
			}
		}
		for len(sim.inbox) > 0 {
			sim.applyOne()
		}
		for len(sim.inFlight) > 0 {
			deliver(rng.IntN(len(sim.inFlight)))
		}
		got, want := m.np.Status(), sim.st
		if got.State != want.State || math.Abs(got.Volume-want.Volume) > 1e-9 || got.Shuffle != want.Shuffle ||
			got.Repeat != want.Repeat || got.Position != want.Position || len(m.np.pending) != 0 {
			t.Fatalf("seed %d: UI shows %v vol %.2f shuffle %v repeat %v at %v (%d pending); player is %v vol %.2f shuffle %v repeat %v at %v\nafter %v",
				seed, got.State, got.Volume, got.Shuffle, got.Repeat, got.Position, len(m.np.pending),
				want.State, want.Volume, want.Shuffle, want.Repeat, want.Position, log)
		}
		if v := m.View(); !containsVolume(v, want.Volume) {
			t.Fatalf("seed %d: the bar does not show volume %.0f%%", seed, want.Volume*100)
		}
	}
}

// A burst of presses shows every one at once, before the player answers,
// and a status the player sent before it applied them changes nothing.
func TestPressesSurviveStaleEvents(t *testing.T) {
	b := fixture()
	sim := &simPlayer{recAudio: &recAudio{}}
	sim.st = player.Status{State: player.Playing, Track: &b.tracks[0], Duration: 3 * time.Minute, Volume: 0.8}
	m := newSimModel(b, sim)
	sim.emit(player.EventTrackChanged)
	m.Update(playerEventMsg{ok: true, ev: sim.inFlight[0]})
	sim.inFlight = nil
	sim.tick() // a position report on its way before the presses
	for _, k := range []string{"+", "+", "+", "+", "r", "r", "s", "s"} {
		m.Update(kp(k))
	}
	check := func(when string) {
		t.Helper()
		st := m.np.Status()
		if math.Abs(st.Volume-1) > 1e-9 || st.Repeat != player.RepeatAll || st.Shuffle {
			t.Errorf("%s: vol %.2f repeat %v shuffle %v, want 1.00 all false", when, st.Volume, st.Repeat, st.Shuffle)
		}
	}
	check("before the player answered")
	m.Update(playerEventMsg{ok: true, ev: sim.inFlight[0]}) // the stale report
	check("after a stale event")
	sim.inFlight = nil
	for range 8 {
		sim.applyOne()
	}
	last := sim.inFlight[len(sim.inFlight)-1]
	m.Update(playerEventMsg{ok: true, ev: last})
	m.Update(playerEventMsg{ok: true, ev: sim.inFlight[2]}) // an older one, late
	check("after the player answered")
	if len(m.np.pending) != 0 {
		t.Errorf("%d commands still pending", len(m.np.pending))
	}
	// eight - from 100 %
	for range 8 {
		m.Update(kp("-"))
	}
	if v := m.np.Status().Volume; math.Abs(v-0.6) > 1e-9 {
		t.Errorf("eight - from 100%%: %.2f", v)
	}
}

// containsVolume says whether the bar shows v as the player's label does.
func containsVolume(view string, v float64) bool {
	return strings.Contains(view, fmt.Sprintf("vol %d%%", int(v*100+0.5)))
}

func newSimModel(b *recBackend, sim *simPlayer) *Model {
	m := New(Options{Backend: b, Audio: sim, LoggedIn: true, Theme: config.DefaultTheme(), Now: func() time.Time { return testNow }})
	instantTimers(m)
	m.Update(tea.WindowSizeMsg{Width: 80, Height: 24})
	return m
}

// Counts (issue 25): any run of count keys, digits and motions on a long
// list ends with the cursor where a plain reading of the rules puts it.
// Digits 1-7 switch tabs at once unless a count is under way; `#` starts
// a count any digit continues; 8 and 9 start one; 0 alone starts over.
func TestCountsProperty(t *testing.T) {
	keys := []string{"#", "#", "0", "1", "2", "5", "7", "8", "9", "j", "j", "k", "k", "pgdown", "s"}
	for seed := uint64(1); seed <= 200; seed++ {
		rng := rand.New(rand.NewPCG(seed, 25))
		b, a := fixture(), &recAudio{}
		var feed []api.Activity
		for i := range 300 {
			feed = append(feed, api.Activity{Type: "track", CreatedAt: "2026-05-31T12:00:00Z", Track: &b.tracks[i%len(b.tracks)]})
		}
		b.feed = feed
		m := newTestModel(b, a, 120, 40)
		for _, msg := range runCmd(m.Init()) {
			settle(t, m, msg)
		}
		l := m.tabs.pane(tabFeed).(*browsePane).top().list()
		page := l.pageRows()
		// the plain reading: tab, cursor on the feed, the count under way
		cursor, count, counting := 0, 0, false
		tb := tabFeed
		move := func(d int) {
			if tb == tabFeed {
				cursor = min(max(cursor+d, 0), l.Len()-1)
			}
		}
		var log []string
		for range 40 {
			k := keys[rng.IntN(len(keys))]
			log = append(log, k)
			// a key that is not a digit ends the count, after using it
			n := max(count, 1)
			switch d := int(k[0] - '0'); {
			case k == "#":
				count, counting = 0, true
				press(t, m, k)
				continue
			case len(k) == 1 && d >= 0 && d <= 9 && (counting || d >= 8):
				count, counting = min(count*10+d, maxCount), true
				press(t, m, k)
				continue
			case len(k) == 1 && d >= 1 && d <= 7:
				tb = tab(d - 1)
			case k == "j":
				move(n)
			case k == "k":
				move(-n)
			case k == "pgdown":
				move(n * page)
			}
			count, counting = 0, false
			press(t, m, k)
			if m.tabs.active != tb {
				t.Fatalf("seed %d: tab %v, want %v after %v", seed, m.tabs.active, tb, log)
			}
			if tb == tabFeed && l.Cursor() != cursor {
				t.Fatalf("seed %d: cursor %d, want %d after %v", seed, l.Cursor(), cursor, log)
			}
		}
	}
}
