package session

import (
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"sync"
	"time"

	"github.com/cirrus-tui/cirrus/api"
)

// ResumeFile keeps the positions of long tracks.
const ResumeFile = "resume.json"

// ResumeVersion is the format of ResumeFile.
const ResumeVersion = 1

const (
	// MinResumeLength: only tracks at least this long remember a position.
	MinResumeLength = 10 * time.Minute
	// MaxResume is how many positions are kept; the least recently updated
	// one goes first.
	MaxResume = 300
	// resumeMargin: a position this close to the start is not worth
	// resuming, and this close to the end counts as finished.
	resumeMargin   = 15 * time.Second
	maxResumeBytes = 1 << 20
)

type resumeEntry struct {
	URN      api.URN       `json:"urn"`
	Position time.Duration `json:"position_ns"`
	Length   time.Duration `json:"length_ns"`
	Updated  time.Time     `json:"updated"`
}

type resumeDoc struct {
	Version int           `json:"version"`
	Tracks  []resumeEntry `json:"tracks"`
}

func (d *resumeDoc) check() error {
	keep := d.Tracks[:0]
	for _, e := range d.Tracks {
		u, err := api.ParseURN(string(e.URN), api.KindTrack)
		if err != nil || u.Kind() != api.KindTrack || e.Position <= 0 || e.Length <= 0 || e.Position > e.Length {
			continue // one bad entry costs that entry only
		}
		e.URN = u
		keep = append(keep, e)
	}
	d.Tracks = keep
	return nil
}

// Resumes remembers where the user left long tracks (≥ MinResumeLength), for
// the last MaxResume of them. It is safe for concurrent use; Save persists it.
type Resumes struct {
	dir string
	now func() time.Time

	saveMu sync.Mutex // one Save at a time, so snapshots land in order
	mu     sync.Mutex
	byID   map[string]resumeEntry // by track id
	gone   map[string]time.Time   // track id → when this process forgot it
	dirty  bool
}

// LoadResumes reads dir/ResumeFile; a missing file is an empty store, a
// damaged one is set aside and reported in warn. The store is always usable.
func LoadResumes(dir string) (*Resumes, error) {
	return loadResumes(dir, time.Now)
}

func loadResumes(dir string, now func() time.Time) (r *Resumes, warn error) {
	r = &Resumes{dir: dir, now: now, byID: map[string]resumeEntry{}, gone: map[string]time.Time{}}
	var d resumeDoc
	found, warn := load(dir, ResumeFile, maxResumeBytes, ResumeVersion, &d, now())
	if found {
		r.take(d.Tracks)
		r.evict()
	}
	return r, warn
}

// take merges stored entries in: per track the newest update wins, and a
// track this process forgot stays forgotten unless it was updated after
// that (by another process); r.mu held or r not shared yet.
func (r *Resumes) take(es []resumeEntry) {
	for _, e := range es {
		id := e.URN.ID()
		if t, ok := r.gone[id]; ok && !e.Updated.After(t) {
			continue
		}
		if old, ok := r.byID[id]; !ok || e.Updated.After(old.Updated) {
			r.byID[id] = e
		}
	}
}

// Update records that track (of length) is at pos. It returns whether the
// position is kept: tracks shorter than MinResumeLength are not, and a
// position within the first or last 15 s forgets the track instead (started
// over, or finished).
func (r *Resumes) Update(track api.URN, pos, length time.Duration) bool {
	if length < MinResumeLength || track == "" {
		return false
	}
	if pos < resumeMargin || pos > length-resumeMargin {
		r.Forget(track)
		return false
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	r.byID[track.ID()] = resumeEntry{URN: track, Position: pos, Length: length, Updated: r.now().UTC()}
	r.dirty = true
	r.evict()
	return true
}

// Resume returns where to start track, if a position is remembered.
func (r *Resumes) Resume(track api.URN) (time.Duration, bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	e, ok := r.byID[track.ID()]
	return e.Position, ok
}

// Forget drops track's position: call it when the track finishes or the
// user starts it over.
func (r *Resumes) Forget(track api.URN) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if _, ok := r.byID[track.ID()]; ok {
		delete(r.byID, track.ID())
		r.gone[track.ID()] = r.now().UTC()
		r.dirty = true
	}
}

// Len is how many positions are remembered.
func (r *Resumes) Len() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.byID)
}

// evict keeps the MaxResume most recently updated entries; r.mu held.
func (r *Resumes) evict() {
	if len(r.byID) <= MaxResume {
		return
	}
	es := r.sorted()
	for _, e := range es[MaxResume:] {
		delete(r.byID, e.URN.ID())
	}
	r.dirty = true
}

// sorted lists the entries newest first; r.mu held.
func (r *Resumes) sorted() []resumeEntry {
	es := make([]resumeEntry, 0, len(r.byID))
	for _, e := range r.byID {
		es = append(es, e)
	}
	slices.SortFunc(es, func(a, b resumeEntry) int {
		if c := b.Updated.Compare(a.Updated); c != 0 {
			return c
		}
		return cmpStr(string(a.URN), string(b.URN))
	})
	return es
}

func cmpStr(a, b string) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// Save writes the store atomically when it changed since the last Save.
// With the directory locked it first takes in what other processes saved
// meanwhile (see take), so their positions survive this save.
func (r *Resumes) Save() error {
	r.saveMu.Lock()
	defer r.saveMu.Unlock()
	r.mu.Lock()
	dirty := r.dirty
	r.dirty = false
	r.mu.Unlock()
	if !dirty {
		return nil
	}
	var warn error
	err := withDirLock(r.dir, true, func() error {
		var disk resumeDoc
		var found bool
		found, warn = loadJSON(r.dir, ResumeFile, maxResumeBytes, ResumeVersion, &disk, r.now(), true)
		r.mu.Lock()
		if found {
			r.take(disk.Tracks)
			r.evict()
		}
		doc := resumeDoc{Version: ResumeVersion, Tracks: r.sorted()}
		r.mu.Unlock()
		data, err := json.Marshal(&doc)
		if err != nil {
			return fmt.Errorf("save %s: %w", ResumeFile, err)
		}
		return writeAtomic(r.dir, ResumeFile, data)
	})
	if err != nil {
		r.mu.Lock()
		r.dirty = true
		r.mu.Unlock()
		return fmt.Errorf("resume positions: %w", errors.Join(err, warn))
	}
	if warn != nil {
		return fmt.Errorf("resume positions: saved, after: %w", warn)
	}
	return nil
}
