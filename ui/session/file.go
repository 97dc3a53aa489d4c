package session

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"
)

// Every file of this package is one JSON object {"version": N, ...},
// replaced atomically: written to a temp file in the same directory, fsynced,
// renamed over the old one, and the directory fsynced. A kill at any moment
// leaves the old or the new file, never a mix; the temp file a kill leaves
// behind is removed at the next load.

// testHookBeforeRename runs with the new file written and synced but not yet
// renamed into place; the kill -9 test stops a writer there.
var testHookBeforeRename func()

func tempPattern(name string) string { return "." + name + ".tmp-*" }

// writeAtomic replaces dir/name with data; the caller holds the
// directory's lock (withDirLock). Whatever sat at the path (a file, or a
// named pipe, socket or device node put there) is replaced by the rename;
// a directory there makes the save fail.
func writeAtomic(dir, name string, data []byte) error {
	tmp, err := os.CreateTemp(dir, tempPattern(name)) // 0600
	if err != nil {
		return fmt.Errorf("save %s: %w", name, err)
	}
	defer os.Remove(tmp.Name()) // no-op after the rename
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return fmt.Errorf("save %s: %w", name, err)
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return fmt.Errorf("save %s: %w", name, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("save %s: %w", name, err)
	}
	if testHookBeforeRename != nil {
		testHookBeforeRename()
	}
	if err := os.Rename(tmp.Name(), filepath.Join(dir, name)); err != nil {
		return fmt.Errorf("save %s: %w", name, err)
	}
	d, err := os.Open(dir)
	if err != nil {
		return fmt.Errorf("save %s: %w", name, err)
	}
	defer d.Close()
	if err := d.Sync(); err != nil {
		return fmt.Errorf("save %s: %w", name, err)
	}
	return nil
}

// saveJSON marshals v and writes it atomically, with the directory's lock
// held.
func saveJSON(dir, name string, v any) error {
	data, err := json.Marshal(v)
	if err != nil {
		return fmt.Errorf("save %s: %w", name, err)
	}
	return withDirLock(dir, true, func() error { return writeAtomic(dir, name, data) })
}

// load reads dir/name with the directory's lock held, so it never sees
// (or cleans away) another process's temp file mid-write. When the lock
// cannot be had it still reads, leaving temp files alone, and says why in
// warn.
func load(dir, name string, maxBytes int64, current int, v versioned, now time.Time) (found bool, warn error) {
	lerr := withDirLock(dir, false, func() error {
		found, warn = loadJSON(dir, name, maxBytes, current, v, now, true)
		return nil
	})
	if lerr != nil {
		found, warn = loadJSON(dir, name, maxBytes, current, v, now, false)
		warn = errors.Join(lerr, warn)
	}
	return found, warn
}

// CorruptError is the warning a load returns when it set a file aside: the
// file could not be read as this version of cirrus writes it (damaged,
// too large, or written by a newer cirrus). The file was renamed to
// MovedTo, so the user can look at it, and loading went on without it.
type CorruptError struct {
	File    string // the file that was read
	MovedTo string // where it is now; "" when renaming failed too
	Reason  error
}

func (e *CorruptError) Error() string {
	if e.MovedTo == "" {
		return fmt.Sprintf("%s: %v; ignored it", e.File, e.Reason)
	}
	return fmt.Sprintf("%s: %v; set it aside as %s", e.File, e.Reason, filepath.Base(e.MovedTo))
}

func (e *CorruptError) Unwrap() error { return e.Reason }

// ErrFutureFormat is the Reason of a CorruptError for a file written by a
// newer cirrus.
var ErrFutureFormat = errors.New("written by a newer cirrus (unknown format version)")

// maxAside bounds how many set-aside copies of one file are kept.
const maxAside = 5

// setAside renames a file that cannot be loaded out of the way and returns
// the warning saying so.
func setAside(dir, name string, reason error, now time.Time) error {
	path := filepath.Join(dir, name)
	stamp := now.UTC().Format("20060102T150405Z")
	moved := ""
	for i := 0; i < 100; i++ {
		to := path + ".corrupt-" + stamp
		if i > 0 {
			to += fmt.Sprintf("-%d", i)
		}
		if _, err := os.Lstat(to); err == nil {
			continue
		}
		if err := os.Rename(path, to); err == nil {
			moved = to
		}
		break
	}
	pruneAside(dir, name)
	return &CorruptError{File: path, MovedTo: moved, Reason: reason}
}

// pruneAside keeps the newest maxAside set-aside copies of name.
func pruneAside(dir, name string) {
	old, _ := filepath.Glob(filepath.Join(dir, name+".corrupt-*"))
	if len(old) <= maxAside {
		return
	}
	type f struct {
		path string
		mod  time.Time
	}
	var fs []f
	for _, p := range old {
		if st, err := os.Lstat(p); err == nil {
			fs = append(fs, f{p, st.ModTime()})
		}
	}
	slices.SortFunc(fs, func(a, b f) int { return b.mod.Compare(a.mod) })
	for _, x := range fs[min(maxAside, len(fs)):] {
		os.Remove(x.path)
	}
}

// cleanTemps removes temp files a killed writer left behind.
func cleanTemps(dir, name string) {
	stray, _ := filepath.Glob(filepath.Join(dir, tempPattern(name)))
	for _, p := range stray {
		os.Remove(p)
	}
}

// errTooLarge is the Reason for a file over its size cap.
var errTooLarge = errors.New("file is too large")

// versioned is implemented by every stored document.
type versioned interface {
	// check validates and normalises a decoded document; an error means the
	// file is not usable and is set aside.
	check() error
}

// loadJSON reads dir/name into v (at most maxBytes), after cleaning stray
// temp files when clean is set (the caller holds the lock). It returns
// found=false, warn=nil when there is no file. A file that cannot be used
// is set aside and reported as a *CorruptError warning; an I/O error, or a
// path that is not a regular file (a FIFO, socket, device or directory:
// never opened for reading, so never blocking), is returned as the warning
// with the file left in place.
func loadJSON(dir, name string, maxBytes int64, current int, v versioned, now time.Time, clean bool) (found bool, warn error) {
	if clean {
		cleanTemps(dir, name)
	}
	path := filepath.Join(dir, name)
	f, err := openRegular(path, os.O_RDONLY)
	if errors.Is(err, fs.ErrNotExist) {
		return false, nil
	}
	if errors.Is(err, ErrNotRegular) {
		return false, fmt.Errorf("read %w; ignored it (the next save replaces it)", err)
	}
	if err != nil {
		return false, fmt.Errorf("read %s: %w", path, err)
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, maxBytes+1))
	if err != nil {
		return false, fmt.Errorf("read %s: %w", path, err)
	}
	if int64(len(data)) > maxBytes {
		return false, setAside(dir, name, fmt.Errorf("%w (over %d bytes)", errTooLarge, maxBytes), now)
	}
	var head struct {
		Version *int `json:"version"`
	}
	if err := json.Unmarshal(data, &head); err != nil {
		return false, setAside(dir, name, fmt.Errorf("not valid JSON: %w", err), now)
	}
	switch {
	case head.Version == nil:
		return false, setAside(dir, name, errors.New("no format version"), now)
	case *head.Version > current:
		return false, setAside(dir, name, fmt.Errorf("%w %d, this cirrus reads %d", ErrFutureFormat, *head.Version, current), now)
	case *head.Version < 1:
		return false, setAside(dir, name, fmt.Errorf("format version %d is not valid", *head.Version), now)
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(v); err != nil {
		return false, setAside(dir, name, fmt.Errorf("bad contents: %w", err), now)
	}
	if err := v.check(); err != nil {
		return false, setAside(dir, name, err, now)
	}
	return true, nil
}

// clip bounds a stored string to n bytes of valid UTF-8, cut at a rune
// boundary.
func clip(s string, n int) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	if len(s) <= n {
		return s
	}
	cut := 0
	for i := range s {
		if i > n {
			break
		}
		cut = i
	}
	return s[:cut]
}
