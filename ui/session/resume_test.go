package session

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/cirrus-tui/cirrus/api"
)

// clock is a fake time source that moves one second per reading.
type clock struct{ t time.Time }

func (c *clock) now() time.Time {
	c.t = c.t.Add(time.Second)
	return c.t
}

func newClock() *clock { return &clock{t: time.Date(2026, 12, 2, 12, 0, 0, 0, time.UTC)} }

func TestResumeRemembersLongTracksOnly(t *testing.T) {
	dir := t.TempDir()
	r, warn := loadResumes(dir, newClock().now)
	if warn != nil || r.Len() != 0 {
		t.Fatalf("empty store: %v", warn)
	}
	mix, song := api.NewURN(api.KindTrack, 1002), api.NewURN(api.KindTrack, 1008)
	at := time.Hour + 12*time.Minute + 3*time.Second
	if !r.Update(mix, at, 2*time.Hour) {
		t.Fatal("a two-hour mix was not remembered")
	}
	if r.Update(song, 2*time.Minute, 9*time.Minute+59*time.Second) {
		t.Fatal("a track under ten minutes was remembered")
	}
	if pos, ok := r.Resume(mix); !ok || pos != at {
		t.Fatalf("resume mix: %v %v", pos, ok)
	}
	if _, ok := r.Resume(song); ok {
		t.Fatal("resume of a short track")
	}
	// Numeric ids and URNs name the same track.
	if pos, ok := r.Resume("1002"); !ok || pos != at {
		t.Fatalf("resume by numeric id: %v %v", pos, ok)
	}
	if err := r.Save(); err != nil {
		t.Fatal(err)
	}
	r2, warn := LoadResumes(dir)
	if warn != nil {
		t.Fatal(warn)
	}
	if pos, ok := r2.Resume(mix); !ok || pos != at {
		t.Fatalf("after reload: %v %v", pos, ok)
	}
	// Near the start: started over; near the end: finished. Both forget.
	r2.Update(mix, 5*time.Second, 2*time.Hour)
	if _, ok := r2.Resume(mix); ok {
		t.Fatal("a position in the first seconds is kept")
	}
	r2.Update(mix, time.Hour, 2*time.Hour)
	r2.Update(mix, 2*time.Hour-time.Second, 2*time.Hour)
	if _, ok := r2.Resume(mix); ok {
		t.Fatal("a position at the very end is kept")
	}
	r2.Update(mix, time.Hour, 2*time.Hour)
	r2.Forget(mix)
	if _, ok := r2.Resume(mix); ok {
		t.Fatal("Forget did not forget")
	}
	if err := r2.Save(); err != nil {
		t.Fatal(err)
	}
	if r3, _ := LoadResumes(dir); r3.Len() != 0 {
		t.Fatalf("forgotten position persisted: %d", r3.Len())
	}
}

func TestResumeKeepsTheLast300(t *testing.T) {
	dir := t.TempDir()
	r, _ := loadResumes(dir, newClock().now)
	for i := range MaxResume + 50 {
		r.Update(api.NewURN(api.KindTrack, int64(1+i)), time.Minute, time.Hour)
	}
	// Touch an old one: it becomes recent and survives the next evictions.
	r.Update(api.NewURN(api.KindTrack, 60), 2*time.Minute, time.Hour)
	for i := range 40 {
		r.Update(api.NewURN(api.KindTrack, int64(10_000+i)), time.Minute, time.Hour)
	}
	if r.Len() != MaxResume {
		t.Fatalf("%d positions kept", r.Len())
	}
	if _, ok := r.Resume(api.NewURN(api.KindTrack, 90)); ok {
		t.Fatal("an old, untouched position survived")
	}
	if pos, ok := r.Resume(api.NewURN(api.KindTrack, 60)); !ok || pos != 2*time.Minute {
		t.Fatal("the recently updated position was evicted")
	}
	if err := r.Save(); err != nil {
		t.Fatal(err)
	}
	r2, warn := LoadResumes(dir)
	if warn != nil || r2.Len() != MaxResume {
		t.Fatalf("reload: %d %v", r2.Len(), warn)
	}
	if _, ok := r2.Resume(api.NewURN(api.KindTrack, 10_039)); !ok {
		t.Fatal("newest position lost in the round trip")
	}
}

func TestResumeFileDamage(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, ResumeFile)
	os.WriteFile(path, []byte(`{"version":2,"tracks":[]}`), 0o600)
	r, warn := LoadResumes(dir)
	if !errors.Is(warn, ErrFutureFormat) || r == nil || r.Len() != 0 {
		t.Fatalf("future resume file: %v", warn)
	}
	// Bad entries cost only themselves.
	os.WriteFile(path, []byte(`{"version":1,"tracks":[
		{"urn":"soundcloud:tracks:5","position_ns":60000000000,"length_ns":3600000000000,"updated":"2026-01-01T00:00:00Z"},
		{"urn":"soundcloud:users:5","position_ns":60000000000,"length_ns":3600000000000},
		{"urn":"soundcloud:tracks:6","position_ns":-1,"length_ns":3600000000000},
		{"urn":"soundcloud:tracks:7","position_ns":7200000000000,"length_ns":3600000000000}]}`), 0o600)
	r, warn = LoadResumes(dir)
	if warn != nil || r.Len() != 1 {
		t.Fatalf("mixed file: %d entries, %v", r.Len(), warn)
	}
	os.WriteFile(path, []byte(`{"version":1,"tracks":[{"urn":`), 0o600)
	if r, warn := LoadResumes(dir); warn == nil || r.Len() != 0 {
		t.Fatalf("truncated file: %v", warn)
	}
}

func TestResumeSaveMergesWithoutBringingBackWhatWasForgotten(t *testing.T) {
	dir := t.TempDir()
	clock := t0
	now := func() time.Time { return clock }
	x, y, z := api.NewURN(api.KindTrack, 1), api.NewURN(api.KindTrack, 2), api.NewURN(api.KindTrack, 3)
	a, _ := loadResumes(dir, now)
	a.Update(x, 5*time.Minute, time.Hour)
	if err := a.Save(); err != nil {
		t.Fatal(err)
	}
	b, _ := loadResumes(dir, now) // another process, started now
	clock = clock.Add(time.Minute)
	a.Forget(x) // finished here
	a.Update(z, 7*time.Minute, time.Hour)
	b.Update(y, 6*time.Minute, time.Hour) // b keeps its own
	if err := b.Save(); err != nil {
		t.Fatal(err)
	}
	clock = clock.Add(time.Minute)
	if err := a.Save(); err != nil {
		t.Fatal(err)
	}
	got, _ := loadResumes(dir, now)
	if _, ok := got.Resume(x); ok {
		t.Error("a position forgotten here came back from disk")
	}
	if p, ok := got.Resume(y); !ok || p != 6*time.Minute {
		t.Errorf("the other process's position: %v %v", p, ok)
	}
	if p, ok := got.Resume(z); !ok || p != 7*time.Minute {
		t.Errorf("this process's position: %v %v", p, ok)
	}
}
