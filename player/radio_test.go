package player

import (
	"strconv"
	"strings"
	"testing"

	"github.com/cirrus-tui/cirrus/api"
)

func radioTrack(id int64) api.Track {
	return api.Track{URN: api.NewURN(api.KindTrack, id), Title: "t" + strconv.FormatInt(id, 10), Access: api.AccessPlayable}
}

func radioIDs(p AutoplayPick) string {
	var s []string
	for _, t := range p.Tracks {
		s = append(s, t.URN.ID())
	}
	return strings.Join(s, ",")
}

// relatedRing is a catalogue where track i lists the next eight (mod 40)
// as related: runs through it meet the same tracks again and again.
func relatedRing(seed api.Track) []api.Track {
	id, _ := strconv.ParseInt(seed.URN.ID(), 10, 64)
	var out []api.Track
	for k := int64(1); k <= 8; k++ {
		out = append(out, radioTrack((id+k)%40))
	}
	return out
}

// A radio refilled again and again never queues a track twice, never its
// seed again, and never one heard within the window (Recent).
func TestRadioNeverRepeats(t *testing.T) {
	seed := radioTrack(1)
	recent := []api.URN{radioTrack(3).URN, radioTrack(12).URN}
	run := NewRadio(nil)
	seen := map[string]bool{seed.URN.ID(): true}
	total := 0
	for refill := 0; refill < 12; refill++ {
		from := run.NextSeed(seed)
		p := run.Pick(AutoplayInput{Played: from, Related: relatedRing(from), Recent: recent, N: RadioRefill(0)})
		if p.Dry {
			break
		}
		for _, tr := range p.Tracks {
			id := tr.URN.ID()
			if seen[id] {
				t.Fatalf("refill %d: %s picked again", refill, id)
			}
			if id == "3" || id == "12" {
				t.Fatalf("refill %d: %s was heard within the window", refill, id)
			}
			seen[id] = true
			total++
		}
	}
	// The run keeps finding new tracks near its seed.
	if total < 15 {
		t.Errorf("only %d tracks picked over 12 refills", total)
	}
}

// The refill threshold: nothing while RadioLow or more are left, else
// back up to RadioAhead.
func TestRadioRefillThreshold(t *testing.T) {
	for _, c := range []struct{ left, want int }{
		{-1, RadioAhead}, {0, RadioAhead}, {1, RadioAhead - 1}, {RadioLow - 1, RadioAhead - RadioLow + 1},
		{RadioLow, 0}, {RadioAhead, 0}, {50, 0},
	} {
		if got := RadioRefill(c.left); got != c.want {
			t.Errorf("RadioRefill(%d) = %d, want %d", c.left, got, c.want)
		}
	}
	if RadioLow != 3 || RadioAhead <= RadioLow {
		t.Errorf("RadioLow %d, RadioAhead %d: the radio refills when fewer than 3 are left", RadioLow, RadioAhead)
	}
}

// A user's or playlist's radio alternates their own tracks, in order,
// with related ones; own tracks heard recently are passed over; when the
// own tracks run out, related ones fill in, and the next related tracks
// come from the newest own track picked.
func TestRadioMixesOwnTracks(t *testing.T) {
	own := []api.Track{radioTrack(101), radioTrack(102), radioTrack(103), radioTrack(104), radioTrack(1)}
	run := NewRadio(own)
	related := []api.Track{radioTrack(1), radioTrack(2), radioTrack(3), radioTrack(4), radioTrack(5), radioTrack(6), radioTrack(7)}
	recent := []api.URN{radioTrack(102).URN}
	p := run.Pick(AutoplayInput{Related: related, Recent: recent, N: 5})
	if got := radioIDs(p); got != "101,1,103,2,104" {
		t.Fatalf("first pick %s, want 101,1,103,2,104", got)
	}
	if p.Skipped[SkipRecent] != 1 {
		t.Errorf("skipped %v, want the recently heard own track", p.Skipped)
	}
	if s := run.NextSeed(radioTrack(999)); s.URN != radioTrack(104).URN {
		t.Errorf("next seed %s, want the newest own track 104", s.URN)
	}
	// Own track 1 was picked as a related one: it does not come again.
	p = run.Pick(AutoplayInput{Played: radioTrack(104), Related: related, N: 5})
	if got := radioIDs(p); got != "3,4,5,6,7" {
		t.Fatalf("second pick %s, want 3,4,5,6,7", got)
	}
	// A radio from one track has no own tracks: its picks seed the next
	// ones in the order they came, each once.
	r := NewRadio(nil)
	r.Pick(AutoplayInput{Played: radioTrack(1), Related: related[1:4]})
	var seeds []string
	for range 4 {
		seeds = append(seeds, r.NextSeed(radioTrack(1)).URN.ID())
	}
	if got := strings.Join(seeds, ","); got != "2,3,4,1" {
		t.Errorf("a track radio's next seeds %s, want its picks in order, then the one given", got)
	}
	if s := NewRadio(nil).NextSeed(radioTrack(9)); s.URN != radioTrack(9).URN {
		t.Errorf("before any pick the seed is %s, want the one given", s.URN)
	}
}
