package player

import (
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"sort"
	"sync"
	"time"
)

// loudMemory remembers each track's measured loudness between runs
// (Options.LoudnessFile): the next time the track plays, its gain is
// known before anything is fetched. It is the file's only owner. The
// file is small and bounded: at most loudMemoryMax tracks, the least
// recently measured forgotten first; a file that is too large or not
// ours is ignored (and replaced on the next write).
type loudMemory struct {
	path string

	mu   sync.Mutex
	m    map[string]loudEntry
	save sync.Mutex // one write at a time
}

type loudEntry struct {
	LUFS float64 `json:"lufs"`
	At   int64   `json:"at"` // unix seconds, measured then
}

type loudFile struct {
	Version int                  `json:"version"`
	Tracks  map[string]loudEntry `json:"tracks"`
}

const (
	loudMemoryMax      = 5000
	loudMemoryMaxBytes = 1 << 20
)

// openLoudMemory reads the file at path; "" remembers nothing.
func openLoudMemory(path string) *loudMemory {
	if path == "" {
		return nil
	}
	lm := &loudMemory{path: path, m: map[string]loudEntry{}}
	if fi, err := os.Stat(path); err != nil || fi.Size() > loudMemoryMaxBytes {
		return lm
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return lm
	}
	var f loudFile
	if json.Unmarshal(b, &f) != nil || f.Version != 1 {
		return lm
	}
	for k, e := range f.Tracks {
		if len(k) <= 200 && validLUFS(e.LUFS) {
			lm.m[k] = e
		}
	}
	lm.trim()
	return lm
}

// validLUFS says whether v is a loudness a track can have.
func validLUFS(v float64) bool {
	return !math.IsNaN(v) && v > histLow && v < 10
}

func (lm *loudMemory) get(key string) (float64, bool) {
	lm.mu.Lock()
	defer lm.mu.Unlock()
	e, ok := lm.m[key]
	return e.LUFS, ok
}

// put remembers a track's loudness and writes the file.
func (lm *loudMemory) put(key string, lufs float64) {
	if !validLUFS(lufs) || len(key) > 200 {
		return
	}
	lm.mu.Lock()
	lm.m[key] = loudEntry{LUFS: math.Round(lufs*100) / 100, At: time.Now().Unix()}
	lm.trim()
	f := loudFile{Version: 1, Tracks: make(map[string]loudEntry, len(lm.m))}
	for k, e := range lm.m {
		f.Tracks[k] = e
	}
	lm.mu.Unlock()
	b, err := json.Marshal(f)
	if err != nil {
		return
	}
	lm.save.Lock()
	defer lm.save.Unlock()
	if err := os.MkdirAll(filepath.Dir(lm.path), 0o700); err != nil {
		return
	}
	tmp, err := os.CreateTemp(filepath.Dir(lm.path), ".loudness-*.json")
	if err != nil {
		return
	}
	_, werr := tmp.Write(b)
	cerr := tmp.Close()
	if werr != nil || cerr != nil || os.Rename(tmp.Name(), lm.path) != nil {
		os.Remove(tmp.Name())
	}
}

// trim forgets the oldest entries beyond loudMemoryMax. lm.mu held.
func (lm *loudMemory) trim() {
	if len(lm.m) <= loudMemoryMax {
		return
	}
	keys := make([]string, 0, len(lm.m))
	for k := range lm.m {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool { return lm.m[keys[i]].At < lm.m[keys[j]].At })
	for _, k := range keys[:len(keys)-loudMemoryMax] {
		delete(lm.m, k)
	}
}
