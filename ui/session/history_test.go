package session

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/cirrus-tui/cirrus/api"
)

var t0 = time.Date(2026, 12, 2, 12, 0, 0, 0, time.UTC)

func tr(id int64, title string) api.Track {
	return api.Track{URN: api.NewURN(api.KindTrack, id), Title: title, Duration: 180_000, Access: api.AccessPlayable, User: &api.User{Username: "u"}}
}

func entry(id int64, title string, minutesAgo int) Entry {
	t := tr(id, title)
	return EntryOf(&t, t0.Add(-time.Duration(minutesAgo)*time.Minute))
}

func titlesOf(es []Entry) string {
	var b []string
	for _, e := range es {
		s := e.Title
		if e.Remote {
			s += "*"
		}
		b = append(b, s)
	}
	return strings.Join(b, " ")
}

func TestHistoryAddBoundedNewestFirst(t *testing.T) {
	dir := t.TempDir()
	h, warn := LoadHistory(dir)
	if warn != nil || len(h.Entries()) != 0 {
		t.Fatalf("empty: %v", warn)
	}
	for i := range MaxHistory + 200 {
		h.Add(entry(int64(1+i), "t", MaxHistory+200-i))
	}
	es := h.Entries()
	if len(es) != MaxHistory || es[0].URN.ID() != "1200" || es[len(es)-1].URN.ID() != "201" {
		t.Fatalf("%d entries, newest %s, oldest %s", len(es), es[0].URN, es[len(es)-1].URN)
	}
	// Playing a track again moves it to the top, once.
	h.Add(entry(500, "again", 0))
	es = h.Entries()
	if es[0].URN.ID() != "500" || es[0].Title != "again" || len(es) != MaxHistory {
		t.Fatalf("replay: top %s, %d entries", es[0].URN, len(es))
	}
	n := 0
	for _, e := range es {
		if e.URN.ID() == "500" {
			n++
		}
	}
	if n != 1 {
		t.Fatalf("track 500 listed %d times", n)
	}
	// A play stamped earlier than the top (clock went back) still sorts.
	h.Add(entry(7, "older", 3))
	es = h.Entries()
	for i := 1; i < len(es); i++ {
		if es[i].PlayedAt.After(es[i-1].PlayedAt) {
			t.Fatalf("not newest first at %d after an out-of-order add", i)
		}
	}
	if es[0].URN.ID() != "500" || es[3].URN.ID() != "7" && es[4].URN.ID() != "7" {
		t.Fatalf("out-of-order add: %s … %s %s", es[0].URN, es[3].URN, es[4].URN)
	}
	if got := h.PlayedSince(t0.Add(-5 * time.Minute)); len(got) != 7 || got[0].ID() != "500" || got[6].ID() != "1196" {
		t.Fatalf("played in the last 5 minutes: %v", got)
	}
	if err := h.Save(); err != nil {
		t.Fatal(err)
	}
	h2, warn := LoadHistory(dir)
	if warn != nil {
		t.Fatal(warn)
	}
	if a, b := h2.Entries(), h.Entries(); len(a) != len(b) || a[0] != b[0] || a[len(a)-1] != b[len(b)-1] {
		t.Fatalf("round trip: %d vs %d", len(a), len(b))
	}
	if e := h2.Entries()[0].Track(); e.Title != "again" || e.User.Username != "u" || e.Duration != 180_000 {
		t.Fatalf("Entry.Track: %+v", e)
	}
}

func TestHistoryDamagedFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, HistoryFile)
	os.WriteFile(path, []byte(`{"version":1,"tracks":[
		{"urn":"soundcloud:tracks:1","title":"ok","played_at":"2026-12-01T10:00:00Z"},
		{"urn":"soundcloud:tracks:1","title":"ok newer","played_at":"2026-12-01T11:00:00Z"},
		{"urn":"bogus","title":"x","played_at":"2026-12-01T10:00:00Z"},
		{"urn":"soundcloud:tracks:2","title":"no time"}]}`), 0o600)
	h, warn := LoadHistory(dir)
	if warn != nil || titlesOf(h.Entries()) != "ok newer" {
		t.Fatalf("mixed file: %q %v", titlesOf(h.Entries()), warn)
	}
	os.WriteFile(path, []byte("\x89PNG"), 0o600)
	if h, warn := LoadHistory(dir); warn == nil || len(h.Entries()) != 0 {
		t.Fatalf("garbage: %v", warn)
	}
}

func TestMerge(t *testing.T) {
	local := []Entry{entry(1, "L1", 10), entry(2, "L2", 20), entry(3, "L3", 30), entry(4, "L4", 40)}
	for _, c := range []struct {
		name   string
		remote []api.Track
		local  []Entry
		want   string
	}{
		{"nothing", nil, nil, ""},
		{"local only", nil, local, "L1 L2 L3 L4"},
		{"remote only keeps SoundCloud's order", []api.Track{tr(7, "R7"), tr(8, "R8")}, nil, "R7* R8*"},
		{"no anchors: remote after local", []api.Track{tr(7, "R7"), tr(8, "R8")}, local, "L1 L2 L3 L4 R7* R8*"},
		{"remote above the anchor it followed", []api.Track{tr(7, "R7"), tr(2, "L2"), tr(8, "R8"), tr(4, "L4"), tr(9, "R9")}, local,
			"L1 R7* L2 L3 R8* L4 R9*"},
		{"anchored tracks keep their local time", []api.Track{tr(3, "L3-remote"), tr(1, "L1-remote")}, local, "L1 L2 L3 L4"},
		{"duplicates once", []api.Track{tr(7, "R7"), tr(7, "R7"), tr(1, "x"), tr(7, "R7")},
			append(local, entry(1, "L1-old", 100)), "R7* L1 L2 L3 L4"},
		{"local out of order is sorted", nil, []Entry{entry(4, "L4", 40), entry(1, "L1", 10), entry(3, "L3", 30)}, "L1 L3 L4"},
	} {
		t.Run(c.name, func(t *testing.T) {
			got := Merge(c.remote, c.local)
			if titlesOf(got) != c.want {
				t.Fatalf("got  %q\nwant %q", titlesOf(got), c.want)
			}
			for _, e := range got {
				if e.Remote != e.PlayedAt.IsZero() {
					t.Fatalf("%s: Remote %v with time %v", e.Title, e.Remote, e.PlayedAt)
				}
			}
		})
	}
}

func TestHistoryDropsPlaysDatedInTheFuture(t *testing.T) {
	dir := t.TempDir()
	now := time.Now().UTC()
	soon := now.Add(30 * time.Minute).Format(time.RFC3339) // clocks that disagree a little
	os.WriteFile(filepath.Join(dir, HistoryFile), []byte(`{"version":1,"tracks":[
		{"urn":"soundcloud:tracks:9","title":"from 9999","played_at":"9999-12-31T23:59:59Z"},
		{"urn":"soundcloud:tracks:8","title":"next year","played_at":"`+now.AddDate(1, 0, 0).Format(time.RFC3339)+`"},
		{"urn":"soundcloud:tracks:2","title":"skewed","played_at":"`+soon+`"},
		{"urn":"soundcloud:tracks:1","title":"yesterday","played_at":"`+now.AddDate(0, 0, -1).Format(time.RFC3339)+`"}]}`), 0o600)
	h, warn := LoadHistory(dir)
	if warn != nil || titlesOf(h.Entries()) != "skewed yesterday" {
		t.Fatalf("history %q %v, want the two plays that can have happened", titlesOf(h.Entries()), warn)
	}
	// A new play goes on top, above nothing from the future.
	h.Add(Entry{URN: api.NewURN(api.KindTrack, 3), Title: "now", PlayedAt: now.Add(time.Hour)})
	if first := h.Entries()[0]; first.Title != "now" {
		t.Errorf("on top: %q", first.Title)
	}
}

func TestHistoryKeysByKindAndID(t *testing.T) {
	h := &History{}
	h.Add(entry(5, "track 5", 10))
	h.Add(Entry{URN: "soundcloud:users:5", Title: "a user", PlayedAt: t0})
	h.Add(Entry{URN: "soundcloud:playlists:6", Title: "a playlist", PlayedAt: t0})
	if titlesOf(h.Entries()) != "track 5" {
		t.Errorf("history %q: only tracks are plays", titlesOf(h.Entries()))
	}
}

func TestMergeDropsWhatIsNotATrackAndKeysByKind(t *testing.T) {
	u := func(urn, title string) api.Track { return api.Track{URN: api.URN(urn), Title: title} }
	remote := []api.Track{
		u("soundcloud:playlists:7", "P7"),
		u("soundcloud:users:5", "U5"), // not the local track 5
		u("soundcloud:tracks:9", "R9"),
		u("soundcloud:comments:10", "C10"),
		u("soundcloud:tracks:x", "bad id"),
		u("11", "R11"), // a legacy numeric id is a track
	}
	got := Merge(remote, []Entry{entry(5, "L5", 10)})
	if titlesOf(got) != "L5 R9* R11*" {
		t.Fatalf("merged %q, want %q", titlesOf(got), "L5 R9* R11*")
	}
	if got[2].URN != "soundcloud:tracks:11" {
		t.Errorf("legacy id kept as %q", got[2].URN)
	}
}
