package session

import (
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/cirrus-tui/cirrus/api"
)

// A radio and the entries' origins survive a save and a load.
func TestStateKeepsTheRadio(t *testing.T) {
	dir := t.TempDir()
	want := sampleState(6)
	want.Queue[3].From, want.Queue[4].From, want.Queue[5].From = FromRadio, FromRadio, FromAutoplay
	want.Radio = &Radio{Title: "Road Trip", Seed: want.Queue[3], Own: []QueueItem{want.Queue[1], want.Queue[2]}}
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
}

// A damaged radio is dropped and the queue kept; unknown origins are the
// listener's; own tracks are bounded and the bad ones left out.
func TestStateDropsADamagedRadio(t *testing.T) {
	load := func(radio string) *State {
		t.Helper()
		dir := t.TempDir()
		raw := `{"version":1,"queue":[{"urn":"soundcloud:tracks:1","title":"a","from":"radio"},{"urn":"soundcloud:tracks:2","from":"martians"}],"current":0,"volume":50,"repeat":"off","radio":` + radio + `}`
		if err := os.WriteFile(filepath.Join(dir, StateFile), []byte(raw), 0o600); err != nil {
			t.Fatal(err)
		}
		st, warn := LoadState(dir)
		if st == nil || warn != nil || len(st.Queue) != 2 {
			t.Fatalf("load: %+v %v", st, warn)
		}
		if st.Queue[0].From != FromRadio || st.Queue[1].From != "" {
			t.Errorf("origins %q %q", st.Queue[0].From, st.Queue[1].From)
		}
		return st
	}
	if st := load(`{"title":"x","seed":{"urn":"soundcloud:users:4"}}`); st.Radio != nil {
		t.Errorf("a radio seeded by a user URN was kept: %+v", st.Radio)
	}
	var own []string
	for i := range MaxRadioOwn + 10 {
		own = append(own, fmt.Sprintf(`{"urn":"soundcloud:tracks:%d"}`, 100+i))
	}
	own[0] = `{"urn":"nonsense"}`
	st := load(`{"title":"` + strings.Repeat("r", 2000) + `","seed":{"urn":"soundcloud:tracks:1"},"own":[` + strings.Join(own, ",") + `]}`)
	if st.Radio == nil || st.Radio.Seed.URN != api.NewURN(api.KindTrack, 1) || len(st.Radio.Own) != MaxRadioOwn ||
		st.Radio.Own[0].URN != api.NewURN(api.KindTrack, 101) || len(st.Radio.Title) > maxText {
		t.Fatalf("radio %+v", st.Radio)
	}
}
