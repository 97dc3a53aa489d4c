package ui

import (
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/cirrus-tui/cirrus/player"
)

// ticks are the debounce timers a run of messages started.
func ticks(msgs []tea.Msg) []searchTickMsg {
	var out []searchTickMsg
	for _, m := range msgs {
		if tm, ok := m.(timerMsg); ok {
			if st, ok := tm.msg.(searchTickMsg); ok {
				if tm.d != searchDebounce {
					panic("debounce timer of " + tm.d.String())
				}
				out = append(out, st)
			}
		}
	}
	return out
}

func TestSearchAsYouTypeDebouncedAndCancelled(t *testing.T) {
	b, a := fixture(), &recAudio{}
	m := newTestModel(b, a, 140, 40)
	initModel(t, m)
	settle(t, m, kp("/"))
	var tk []searchTickMsg
	for _, r := range "fo" {
		tk = append(tk, ticks(settle(t, m, kp(string(r))))...)
	}
	if len(tk) != 1 {
		t.Fatalf("timers %v: one key is too short to search, the second starts one", tk)
	}
	tk = append(tk, ticks(settle(t, m, kp("g")))...)
	// The first timer fires after a later key: nothing runs.
	settle(t, m, tk[0])
	if n := b.called("SearchTracks"); n != 0 {
		t.Fatalf("a stale timer searched: %v", b.Calls())
	}
	settle(t, m, tk[1])
	if got := callsWith(b.Calls(), "SearchTracks"); len(got) != 1 || !strings.Contains(got[0], "fog") {
		t.Fatalf("live search: %v", got)
	}
	if !m.search.InputFocused() {
		t.Error("a live search took the keyboard from the query box")
	}
	first := m.search.top().list().e.ctx
	if first.Err() != nil {
		t.Fatal("the live search's context is done already")
	}
	// Another word: the earlier search's requests are cancelled.
	tk = ticks(settle(t, m, kp("s")))
	settle(t, m, tk[0])
	if first.Err() == nil {
		t.Error("the earlier search was not cancelled")
	}
	if got := callsWith(b.Calls(), "SearchTracks"); len(got) != 2 || !strings.Contains(got[1], "fogs") {
		t.Errorf("second live search: %v", got)
	}
	// Enter searches at once and a pending timer does nothing afterwards.
	tk = ticks(settle(t, m, kp("backspace")))
	settle(t, m, kp("enter"))
	if got := callsWith(b.Calls(), "SearchTracks"); len(got) != 3 || !strings.Contains(got[2], "fog") {
		t.Errorf("enter: %v", got)
	}
	settle(t, m, tk[0])
	if n := b.called("SearchTracks"); n != 3 {
		t.Errorf("the timer after enter searched again: %d", n)
	}
}

func TestEnterOnATimedCommentSeeks(t *testing.T) {
	b, a := fixture(), &recAudio{}
	m := newTestModel(b, a, 140, 40)
	initModel(t, m)
	t1 := b.tracks[0]
	settle(t, m, ev(player.EventTrackChanged, stPlaying(&t1, 0)))
	settle(t, m, kp("C")) // Morning Fog is selected in the feed
	settle(t, m, kp("down"))
	msgs := settle(t, m, kp("enter"))
	if got := callsWith(a.Calls(), "Seek"); len(got) != 1 || got[0] != "Seek "+(30*time.Second).String() {
		t.Fatalf("seeks %v, want one to the second comment's 0:30", got)
	}
	if st, ok := has[statusMsg](msgs); !ok || !strings.Contains(st.text, "from 0:30") {
		t.Errorf("status %+v", st)
	}
	// Another track's comments: enter plays it from there.
	settle(t, m, kp("esc"))
	settle(t, m, kp("down")) // Tide Pools
	b.comments[b.tracks[2].URN] = b.comments[t1.URN]
	settle(t, m, kp("C"))
	settle(t, m, kp("enter"))
	got := a.Calls()
	if n := len(got); n < 2 || got[n-2] != "PlayTracks 1 0 "+string(b.tracks[2].URN) || got[n-1] != "Seek 5s" {
		t.Errorf("enter on another track's comment: %v", got)
	}
}
