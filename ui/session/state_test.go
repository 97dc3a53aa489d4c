package session

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/cirrus-tui/cirrus/api"

	"github.com/cirrus-tui/cirrus/internal/filemode"
)

func sampleState(n int) State {
	st := State{Current: n / 2, Position: 72*time.Minute + 3*time.Second, Volume: 65, Shuffle: true, Repeat: RepeatAll, Tab: "likes",
		SavedAt: time.Date(2026, 12, 2, 19, 0, 0, 0, time.UTC)}
	for i := range n {
		st.Queue = append(st.Queue, QueueItem{URN: api.NewURN(api.KindTrack, int64(1000+i)), Title: fmt.Sprintf("Track %d 東京", i),
			Artist: "artist", Duration: 2 * time.Hour, Access: api.AccessPlayable})
	}
	return st
}

func TestStateRoundTrip(t *testing.T) {
	dir := t.TempDir()
	if st, warn := LoadState(dir); st != nil || warn != nil {
		t.Fatalf("no file: %v %v", st, warn)
	}
	want := sampleState(40)
	if err := SaveState(dir, want); err != nil {
		t.Fatal(err)
	}
	got, warn := LoadState(dir)
	if warn != nil || got == nil {
		t.Fatalf("load: %v", warn)
	}
	want.Version = StateVersion
	if !reflect.DeepEqual(*got, want) {
		t.Fatalf("round trip:\n got %+v\nwant %+v", *got, want)
	}
	filemode.Private(t, filepath.Join(dir, StateFile))
	tr := got.Queue[3].Track()
	if tr.URN != want.Queue[3].URN || tr.Title != want.Queue[3].Title || tr.DurationTime() != 2*time.Hour || tr.User.Username != "artist" {
		t.Fatalf("QueueItem.Track: %+v", tr)
	}
	if it := ItemOf(&tr); it != want.Queue[3] {
		t.Fatalf("ItemOf(Track()) = %+v", it)
	}
}

// Values out of range are clamped, not a reason to drop the session.
func TestStateClampsValues(t *testing.T) {
	dir := t.TempDir()
	raw := `{"version":1,"queue":[{"urn":"soundcloud:tracks:1","title":"a","duration_ns":60000000000},{"urn":"2","title":"` +
		strings.Repeat("é", 2000) + `"}],"current":0,"position_ns":99999999999999,"volume":250,"repeat":"sometimes","tab":"` +
		strings.Repeat("x", 500) + `"}`
	os.WriteFile(filepath.Join(dir, StateFile), []byte(raw), 0o600)
	st, warn := LoadState(dir)
	if warn != nil || st == nil {
		t.Fatalf("load: %v", warn)
	}
	if st.Volume != 100 || st.Repeat != RepeatOff || st.Position != time.Minute || len(st.Tab) != maxTab ||
		st.Queue[1].URN != "soundcloud:tracks:2" || len(st.Queue[1].Title) > maxText || !strings.HasPrefix(st.Queue[1].Title, "éé") {
		t.Fatalf("clamped state: vol %d repeat %q pos %v tab %d urn %s title %d", st.Volume, st.Repeat, st.Position, len(st.Tab), st.Queue[1].URN, len(st.Queue[1].Title))
	}
	os.WriteFile(filepath.Join(dir, StateFile), []byte(`{"version":1,"queue":[],"current":7,"position_ns":5}`), 0o600)
	if st, _ := LoadState(dir); st == nil || st.Current != -1 || st.Position != 0 {
		t.Fatalf("current past the queue: %+v", st)
	}
}

func TestCorruptOrFutureStateIsSetAside(t *testing.T) {
	big := `{"version":1,"queue":[],"tab":"` + strings.Repeat("a", MaxStateBytes) + `"}`
	var long strings.Builder
	long.WriteString(`{"version":1,"queue":[`)
	for i := range MaxQueue + 1 {
		if i > 0 {
			long.WriteString(",")
		}
		fmt.Fprintf(&long, `{"urn":"soundcloud:tracks:%d"}`, i+1)
	}
	long.WriteString(`]}`)
	for _, c := range []struct {
		name, body, reason string
	}{
		{"garbage", "\x00\x01garbage", "not valid JSON"},
		{"truncated", `{"version":1,"queue":[{"urn":"soundcloud:tr`, "not valid JSON"},
		{"empty", "", "not valid JSON"},
		{"array", `[1,2,3]`, "not valid JSON"},
		{"no version", `{"queue":[]}`, "no format version"},
		{"zero version", `{"version":0}`, "not valid"},
		{"future", `{"version":7,"queue":"something new"}`, "newer cirrus"},
		{"wrong types", `{"version":1,"queue":{"a":1}}`, "bad contents"},
		{"bad urn", `{"version":1,"queue":[{"urn":"soundcloud:users:5"}]}`, "not a track URN"},
		{"too large", big, "too large"},
		{"queue too long", long.String(), "more than"},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, StateFile)
			if err := os.WriteFile(path, []byte(c.body), 0o600); err != nil {
				t.Fatal(err)
			}
			st, warn := LoadState(dir)
			var ce *CorruptError
			if st != nil || !errors.As(warn, &ce) || !strings.Contains(warn.Error(), c.reason) {
				t.Fatalf("state %v, warning %v", st, warn)
			}
			if c.name == "future" && !errors.Is(warn, ErrFutureFormat) {
				t.Fatalf("future format not marked: %v", warn)
			}
			if _, err := os.Stat(path); !os.IsNotExist(err) {
				t.Fatalf("the corrupt file is still in place: %v", err)
			}
			kept, err := os.ReadFile(ce.MovedTo)
			if err != nil || string(kept) != c.body || !strings.HasPrefix(filepath.Base(ce.MovedTo), StateFile+".corrupt-") {
				t.Fatalf("set-aside copy %q: %v", ce.MovedTo, err)
			}
			// The next save and load work as on a fresh start.
			if err := SaveState(dir, sampleState(2)); err != nil {
				t.Fatal(err)
			}
			if st, warn := LoadState(dir); st == nil || warn != nil {
				t.Fatalf("after setting aside: %v %v", st, warn)
			}
		})
	}
}

func TestSetAsideKeepsAFewCopies(t *testing.T) {
	dir := t.TempDir()
	for range maxAside + 4 {
		os.WriteFile(filepath.Join(dir, StateFile), []byte("junk"), 0o600)
		if _, warn := LoadState(dir); warn == nil {
			t.Fatal("junk loaded")
		}
	}
	aside, _ := filepath.Glob(filepath.Join(dir, StateFile+".corrupt-*"))
	if len(aside) != maxAside {
		t.Fatalf("%d set-aside copies, want %d", len(aside), maxAside)
	}
}

func TestUnreadableStateIsAWarning(t *testing.T) {
	dir := t.TempDir()
	if err := os.Mkdir(filepath.Join(dir, StateFile), 0o700); err != nil {
		t.Fatal(err)
	}
	st, warn := LoadState(dir)
	if st != nil || warn == nil {
		t.Fatalf("a directory named %s: %v %v", StateFile, st, warn)
	}
	if _, err := os.Stat(filepath.Join(dir, StateFile)); err != nil {
		t.Fatalf("the unreadable entry was moved: %v", err)
	}
	// Saving over a directory fails with an error, it does not panic.
	if err := SaveState(dir, sampleState(1)); err == nil {
		t.Fatal("saved over a directory")
	}
	if left, _ := filepath.Glob(filepath.Join(dir, tempPattern(StateFile))); len(left) != 0 {
		t.Fatalf("failed save left %v", left)
	}
}

func TestSaveKeepsTheQueueAroundTheCurrentTrack(t *testing.T) {
	dir := t.TempDir()
	st := sampleState(MaxQueue + 5000)
	st.Current = MaxQueue + 4000
	cur := st.Queue[st.Current].URN
	if err := SaveState(dir, st); err != nil {
		t.Fatal(err)
	}
	if len(st.Queue) != MaxQueue+5000 {
		t.Fatal("SaveState changed the caller's queue")
	}
	got, warn := LoadState(dir)
	if warn != nil || len(got.Queue) != MaxQueue || got.Queue[got.Current].URN != cur {
		t.Fatalf("trimmed queue: %d entries, current %d, %v", len(got.Queue), got.Current, warn)
	}
}

func TestLoadCleansStrayTempFiles(t *testing.T) {
	dir := t.TempDir()
	if err := SaveState(dir, sampleState(3)); err != nil {
		t.Fatal(err)
	}
	for i := range 3 {
		os.WriteFile(filepath.Join(dir, fmt.Sprintf(".%s.tmp-%d", StateFile, i)), []byte(`{"version":1,"que`), 0o600)
	}
	other := filepath.Join(dir, "tokens.json")
	os.WriteFile(other, []byte("{}"), 0o600)
	if st, warn := LoadState(dir); st == nil || warn != nil {
		t.Fatalf("load: %v", warn)
	}
	if left, _ := filepath.Glob(filepath.Join(dir, tempPattern(StateFile))); len(left) != 0 {
		t.Fatalf("stray temp files left: %v", left)
	}
	if _, err := os.Stat(other); err != nil {
		t.Fatalf("load removed another file: %v", err)
	}
}

func TestClip(t *testing.T) {
	for _, c := range []struct {
		in   string
		n    int
		want string
	}{{"abc", 5, "abc"}, {"abcdef", 3, "abc"}, {"éé", 3, "é"}, {"éé", 4, "éé"}, {"a\xffb", 5, "a\uFFFDb"}, {"東京", 4, "東"}} {
		if got := clip(c.in, c.n); got != c.want {
			t.Errorf("clip(%q, %d) = %q, want %q", c.in, c.n, got, c.want)
		}
	}
}

// Of two snapshots saved out of order, the newer one stays.
func TestOlderSnapshotNeverReplacesNewer(t *testing.T) {
	dir := t.TempDir()
	newer, older := sampleState(2), sampleState(2)
	newer.Tab, older.Tab = "newer", "older"
	older.SavedAt = newer.SavedAt.Add(-time.Second)
	if err := SaveState(dir, newer); err != nil {
		t.Fatal(err)
	}
	if err := SaveState(dir, older); err != nil {
		t.Fatal(err)
	}
	if st, _ := LoadState(dir); st == nil || st.Tab != "newer" {
		t.Fatalf("an older snapshot replaced a newer one: %+v", st)
	}
}

func TestRestoredPositionWithoutALengthIsZero(t *testing.T) {
	dir := t.TempDir()
	for _, d := range []string{`"duration_ns":0,`, `"duration_ns":-5,`, ``} {
		os.WriteFile(filepath.Join(dir, StateFile), []byte(`{"version":1,"queue":[{"urn":"soundcloud:tracks:1","title":"a",`+d+
			`"access":"playable"}],"current":0,"position_ns":3600000000000000}`), 0o600)
		st, warn := LoadState(dir)
		if warn != nil || st == nil || st.Position != 0 {
			t.Errorf("duration %q: %+v %v, want position 0", d, st, warn)
		}
	}
	// SaveState clamps the same way.
	if err := SaveState(dir, State{Queue: []QueueItem{{URN: api.NewURN(api.KindTrack, 1)}}, Current: 0, Position: time.Hour}); err != nil {
		t.Fatal(err)
	}
	if st, _ := LoadState(dir); st == nil || st.Position != 0 {
		t.Errorf("saved: %+v", st)
	}
}

// A Go+ track's marks survive the save, so its restored row is badged
// before the API is asked again.
func TestSavedItemKeepsTheLimit(t *testing.T) {
	dir := t.TempDir()
	goPlus := api.Track{URN: api.NewURN(api.KindTrack, 7), Title: "Go+", Access: api.AccessPlayable, MonetizationModel: api.MonetizationGoPlus}
	snip := api.Track{URN: api.NewURN(api.KindTrack, 8), Title: "Snip", Access: api.AccessPlayable, Policy: api.PolicySnip}
	if err := SaveState(dir, State{Queue: []QueueItem{ItemOf(&goPlus), ItemOf(&snip)}, Current: 0}); err != nil {
		t.Fatal(err)
	}
	st, err := LoadState(dir)
	if err != nil || st == nil || len(st.Queue) != 2 {
		t.Fatalf("%+v %v", st, err)
	}
	q0, q1 := st.Queue[0].Track(), st.Queue[1].Track()
	if q0.Limit() != api.LimitDRM || q1.Limit() != api.LimitPreview {
		t.Errorf("restored limits %v %v", q0.Limit(), q1.Limit())
	}
	e := EntryOf(&goPlus, time.Now())
	if tr := e.Track(); tr.Limit() != api.LimitDRM {
		t.Errorf("history entry limit %v", tr.Limit())
	}
}
