package player

import (
	"encoding/binary"
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// allocatedBy returns the bytes f allocated on the heap.
func allocatedBy(f func()) uint64 {
	var a, b runtime.MemStats
	runtime.ReadMemStats(&a)
	f()
	runtime.ReadMemStats(&b)
	return b.TotalAlloc - a.TotalAlloc
}

// box builds one ISO BMFF box.
func box(name string, payload ...[]byte) []byte {
	n := 8
	for _, p := range payload {
		n += len(p)
	}
	b := binary.BigEndian.AppendUint32(nil, uint32(n))
	b = append(b, name...)
	for _, p := range payload {
		b = append(b, p...)
	}
	return b
}

// hostileBoxes are fMP4 inputs whose numbers claim far more than the bytes
// held: box sizes (32- and 64-bit, at the top and nested) and table counts.
func hostileBoxes() map[string][]byte {
	u32 := func(v uint32) []byte { return binary.BigEndian.AppendUint32(nil, v) }
	large := func(name string, size uint64) []byte {
		b := append(u32(1), name...)
		return binary.BigEndian.AppendUint64(b, size)
	}
	return map[string][]byte{
		"fuzzer moof 2.5 GB":   {0x99, 0, 0, 8, 'm', 'o', 'o', 'f'},
		"64-bit free 64 GiB":   large("free", 64<<30),
		"64-bit mdat 64 GiB":   large("mdat", 64<<30),
		"32-bit mdat 4 GB":     append(u32(0xfffffff0), "mdat"...),
		"moof child 3 GB":      box("moof", append(u32(0xc0000000), "free"...)),
		"moof child 64-bit":    box("moof", box("traf", large("trun", 1<<40))),
		"trun 4G samples":      box("moof", box("traf", box("trun", u32(0x000300), u32(0xffffffff)))),
		"trun no fields 4G":    box("moof", box("traf", box("trun", u32(0), u32(0xffffffff)))),
		"stts 4G entries":      box("moov", box("trak", box("mdia", box("minf", box("stbl", box("stts", u32(0), u32(0xffffffff))))))),
		"stsz 4G sizes":        box("moov", box("trak", box("mdia", box("minf", box("stbl", box("stsz", u32(0), u32(0), u32(0xffffffff))))))),
		"sbgp in traf":         box("moof", box("traf", box("sbgp", u32(0), []byte("roll"), u32(0x7fffffff)))),
		"sgpd v0 no lengths":   box("moov", box("trak", box("mdia", box("minf", box("stbl", box("sgpd", u32(0), []byte("xxxx"), u32(0x7fffffff))))))),
		"size smaller than 8":  {0, 0, 0, 4, 'f', 'r', 'e', 'e'},
		"64-bit size under 16": large("free", 9),
	}
}

// An fMP4 box or table claiming more than the bytes held is a clear error,
// never an allocation of the claimed size (which for 64 GiB ends the
// process: recover() cannot catch running out of memory).
func TestHostileBoxSizesAreErrors(t *testing.T) {
	for name, b := range hostileBoxes() {
		t.Run(name, func(t *testing.T) {
			for _, what := range []string{"init", "media"} {
				var err error
				n := allocatedBy(func() {
					if what == "init" {
						_, err = parseInit(b)
					} else {
						_, err = fragmentSamples(b, &fmp4Init{})
					}
				})
				if err == nil {
					t.Errorf("%s segment: accepted", what)
				}
				if n > 1<<20 {
					t.Errorf("%s segment: allocated %d bytes for %d bytes of input (%v)", what, n, len(b), err)
				}
				if err != nil && strings.ContainsAny(err.Error(), "\x00\x1b") {
					t.Errorf("%s segment: control bytes in %q", what, err)
				}
			}
		})
	}
}

// The real fixture segments pass the check unchanged: the bound is on
// lies, not on ordinary streams.
func TestFixtureSegmentsPassBoxCheck(t *testing.T) {
	dir := filepath.Join(fixtures(t), "aac")
	init, err := os.ReadFile(filepath.Join(dir, "init.mp4"))
	if err != nil {
		t.Fatal(err)
	}
	in, err := parseInit(init)
	if err != nil {
		t.Fatalf("init: %v", err)
	}
	seg, err := os.ReadFile(filepath.Join(dir, "seg000.m4s"))
	if err != nil {
		t.Fatal(err)
	}
	s, err := fragmentSamples(seg, in)
	if err != nil || len(s) < 40 {
		t.Fatalf("segment 1: %d samples, %v", len(s), err)
	}
	// the same segment with a lying mdat size is an error, not a crash
	bad := append([]byte(nil), seg...)
	i := strings.Index(string(bad), "mdat")
	binary.BigEndian.PutUint32(bad[i-4:], 0xfffffff0)
	if _, err := fragmentSamples(bad, in); err == nil || !errors.Is(err, errBoxTooBig) {
		t.Errorf("mdat claiming 4 GB: %v", err)
	}
}
