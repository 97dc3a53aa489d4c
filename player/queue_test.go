package player

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/cirrus-tui/cirrus/api"
)

func qtracks(n int) []api.Track {
	var ts []api.Track
	for i := 0; i < n; i++ {
		ts = append(ts, api.Track{URN: api.NewURN(api.KindTrack, int64(i)), Title: fmt.Sprint(i)})
	}
	return ts
}

func titles(q *queue) []string {
	var s []string
	for _, t := range q.tracks {
		s = append(s, t.Title)
	}
	return s
}

// playOrder advances n times from the start and lists the titles played.
func playOrder(q *queue, n int) []string {
	var s []string
	for i := 0; i < n; i++ {
		s = append(s, q.track(q.current()).Title)
		if !q.advance(true) {
			break
		}
	}
	return s
}

func TestQueueRepeatModes(t *testing.T) {
	q := newQueue()
	q.set(qtracks(3), 0)
	if got := playOrder(q, 10); !slices.Equal(got, []string{"0", "1", "2"}) {
		t.Errorf("repeat off: %v", got)
	}
	q.set(qtracks(3), 1)
	q.repeat = RepeatAll
	if got := playOrder(q, 5); !slices.Equal(got, []string{"1", "2", "0", "1", "2"}) {
		t.Errorf("repeat all: %v", got)
	}
	q.repeat = RepeatOne
	if got := playOrder(q, 3); !slices.Equal(got, []string{"0", "0", "0"}) {
		t.Errorf("repeat one: %v", got)
	}
	// a user's Next leaves a repeated track
	if !q.advance(false) || q.track(q.current()).Title != "1" {
		t.Errorf("next under repeat one: at %v", q.current())
	}
	if !q.back() || q.current() != 0 {
		t.Errorf("previous: at %v", q.current())
	}
}

func TestQueueShuffle(t *testing.T) {
	q := newQueue()
	q.set(qtracks(20), 5)
	q.setShuffle(true)
	if q.current() != 5 {
		t.Fatalf("shuffle moved the current track to %d", q.current())
	}
	got := playOrder(q, 100)
	if len(got) != 20 {
		t.Fatalf("shuffled round played %d tracks, want 20", len(got))
	}
	sorted := slices.Clone(got)
	slices.SortFunc(sorted, func(a, b string) int { var x, y int; fmt.Sscan(a, &x); fmt.Sscan(b, &y); return x - y })
	if want := titles(q); !slices.Equal(sorted, want) {
		t.Errorf("shuffle did not play every track once: %v", got)
	}
	inOrder := true
	for i := 1; i < len(got); i++ {
		inOrder = inOrder && got[i] > got[i-1]
	}
	if inOrder {
		t.Errorf("shuffled order is the plain order: %v", got)
	}
	q.setShuffle(false)
	if !slices.Equal(titles(q)[:3], []string{"0", "1", "2"}) {
		t.Errorf("display order changed by shuffle: %v", titles(q))
	}
}

func TestQueueEdits(t *testing.T) {
	q := newQueue()
	q.set(qtracks(4), 1) // 0 [1] 2 3
	q.insertNext(api.Track{Title: "a"}, api.Track{Title: "b"})
	if got := titles(q); !slices.Equal(got, []string{"0", "1", "a", "b", "2", "3"}) {
		t.Fatalf("insert next: %v", got)
	}
	if got := playOrder(q, 10); !slices.Equal(got, []string{"1", "a", "b", "2", "3"}) {
		t.Fatalf("after insert next plays %v", got)
	}
	q.set(qtracks(4), 2) // 0 1 [2] 3
	q.move(3, 0)         // 3 0 1 [2]
	if got := titles(q); !slices.Equal(got, []string{"3", "0", "1", "2"}) {
		t.Fatalf("move: %v", got)
	}
	if q.track(q.current()).Title != "2" {
		t.Fatalf("move changed the current track to %v", q.track(q.current()).Title)
	}
	if q.remove(0) || q.track(q.current()).Title != "2" { // 0 1 [2]
		t.Fatalf("remove before current: current %v", q.current())
	}
	if !q.remove(2) { // removing the current one
		t.Fatal("remove current not reported")
	}
	if q.advance(false) {
		t.Errorf("advance after removing the last track: at %v", q.current())
	}
	q.append(qtracks(2)...)
	if got := titles(q); !slices.Equal(got, []string{"0", "1", "0", "1"}) {
		t.Errorf("append: %v", got)
	}
	q.clear()
	if q.current() != -1 || len(q.tracks) != 0 {
		t.Errorf("clear left %v", titles(q))
	}
}

// TestQueueAdvancesGapless plays three tracks back to back into one WAV: the
// tone sequence three times, track changes reported, no gap between tracks.
func TestQueueAdvancesGapless(t *testing.T) {
	c := newLocalCDN(t)
	a, b, d := c.hlsAAC(1), c.hlsAAC(2), c.hlsAAC(3)
	p, out := newWAVPlayer(t, c, 0)
	var changes []int
	p.PlayTracks([]api.Track{a, b, d}, 0)
	waitEvent(t, p, 120*time.Second, func(ev Event) bool {
		if ev.Kind == EventTrackChanged && ev.Status.State != Loading {
			if n := len(changes); n == 0 || changes[n-1] != ev.Status.Index {
				changes = append(changes, ev.Status.Index)
			}
		}
		return stoppedAfterPlaying(ev)
	})
	p.Close()
	if !slices.Equal(changes, []int{0, 1, 2}) {
		t.Errorf("track changes %v, want [0 1 2]", changes)
	}
	x, rate := readWAV(t, out)
	raw := toneRuns(x, rate)
	runs := significant(raw, 300*time.Millisecond)
	var want []float64
	for i := 0; i < 3; i++ {
		want = append(want, toneFreqs...)
	}
	if got := freqsOf(runs); !slices.Equal(got, want) {
		t.Fatalf("tones %v, want the sequence 3 times", got)
	}
	length := time.Duration(len(x)) * time.Second / time.Duration(rate)
	if length < 71800*time.Millisecond || length > 72300*time.Millisecond {
		t.Errorf("3 tracks took %v, want 72 s without gaps", length)
	}
	for _, r := range raw {
		if r.freq <= 0 && r.from > time.Second && r.to < length-time.Second && r.to-r.from > 100*time.Millisecond {
			t.Errorf("gap of %v at %v", r.to-r.from, r.from)
		}
	}
}

// TestRepeatOneReplays plays the first track twice in a row and never moves
// to the second. It waits for the output to hold both passes, not for the
// events that announce them.
func TestRepeatOneReplays(t *testing.T) {
	c := newLocalCDN(t)
	p, out := newWAVPlayer(t, c, 0)
	p.SetRepeat(RepeatOne)
	p.PlayTracks([]api.Track{c.hlsAAC(1), c.hlsAAC(2)}, 0)
	twice := append(slices.Clone(toneFreqs), toneFreqs...)
	var got []float64
	waitWAV(t, p, out, 90*time.Second, "the tone sequence twice", func(ev Event) {
		if ev.Kind == EventTrackChanged && ev.Status.Index != 0 {
			t.Errorf("repeat one moved to track %d", ev.Status.Index)
		}
	}, func(x []float64, rate int) bool {
		got = freqsOf(significant(toneRuns(x, rate), 300*time.Millisecond))
		// one tone more than two passes: the second pass's last tone is whole
		return len(got) > len(twice)
	})
	p.Stop()
	p.Close()
	if !slices.Equal(got[:len(twice)], twice) {
		t.Fatalf("repeat one: tones %v, want the sequence twice", got)
	}
	if got[len(twice)] != toneFreqs[0] {
		t.Errorf("after two passes came %v, want %v (the track again)", got[len(twice)], toneFreqs[0])
	}
}
