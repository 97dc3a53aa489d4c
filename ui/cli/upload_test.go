package cli

import (
	"bufio"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// buildCirrus builds the real binary (without -race, whose shadow memory
// would swamp the measurement).
func buildCirrus(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "cirrus")
	cmd := exec.Command("go", "build", "-o", bin, "github.com/cirrus-tui/cirrus")
	cmd.Env = append(os.Environ(), "CGO_ENABLED=1")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// vmHWM reads a process's peak resident set from /proc, in bytes.
func vmHWM(pid int) (int64, bool) {
	f, err := os.Open("/proc/" + strconv.Itoa(pid) + "/status")
	if err != nil {
		return 0, false
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if rest, ok := strings.CutPrefix(sc.Text(), "VmHWM:"); ok {
			kb, err := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(rest), "kB")), 10, 64)
			return kb << 10, err == nil
		}
	}
	return 0, false
}

// An upload of a 300 MB file streams it: the process's peak RSS stays under
// 60 MB, measured from /proc/<pid>/status (VmHWM, the kernel's own high-water
// mark, polled every millisecond while it runs). The rusage ru_maxrss that
// wait4 reports is no use here: Go starts children with vfork semantics, so
// the child's high-water mark starts at the test process's own RSS.
func TestUploadLargeFileBoundedMemory(t *testing.T) {
	if testing.Short() {
		t.Skip("300 MB upload skipped in -short mode")
	}
	bin := buildCirrus(t) // before newWorld moves HOME, so go finds its caches
	w := newWorld(t)
	const size = 300 << 20
	path := filepath.Join(t.TempDir(), "big.wav")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	// Real bytes, not a sparse file, so the read path does real work.
	block := make([]byte, 1<<20)
	for i := range block {
		block[i] = byte(i * 7)
	}
	for i := 0; i < size/len(block); i++ {
		if _, err := f.Write(block); err != nil {
			t.Fatal(err)
		}
	}
	f.Close()

	cmd := exec.Command(bin, "upload", path, "--title", "Big one", "--sharing", "public", "--json")
	// The environment newWorld set up: its config file and stored login.
	cmd.Env = os.Environ()
	var stdout, stderr strings.Builder
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	start := time.Now()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	var peak int64
	samples := 0
	tick := time.NewTicker(time.Millisecond)
	defer tick.Stop()
wait:
	for {
		select {
		case err = <-done:
			break wait
		case <-tick.C:
			if v, ok := vmHWM(cmd.Process.Pid); ok {
				samples++
				peak = max(peak, v)
			}
		}
	}
	if err != nil {
		t.Fatalf("upload: %v\n%s", err, stderr.String())
	}
	t.Logf("upload of 300 MB took %v", time.Since(start).Round(time.Millisecond))
	t.Logf("300 MB upload: peak RSS (VmHWM) %.1f MB, %d samples", float64(peak)/(1<<20), samples)
	if samples < 10 {
		t.Fatalf("only %d VmHWM samples: the measurement means nothing", samples)
	}
	if peak >= 60<<20 {
		t.Fatalf("peak RSS %.1f MB, want under 60 MB", float64(peak)/(1<<20))
	}
	var tr map[string]any
	if err := json.Unmarshal([]byte(stdout.String()), &tr); err != nil || tr["title"] != "Big one" {
		t.Fatalf("upload output %q: %v", stdout.String(), err)
	}
	if st := w.srv.Stats(); st.UploadBytes != size {
		t.Fatalf("the fake received %d bytes, want %d", st.UploadBytes, size)
	}
	if !strings.Contains(stderr.String(), "uploaded 100%") {
		t.Fatalf("no progress: %q", stderr.String())
	}
}
