//go:build linux

package cli

import (
	"debug/elf"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// TestVersionCommand: in process, `cirrus version` prints the four lines.
func TestVersionCommand(t *testing.T) {
	out, code := cliRun(t, nil, nil, "version")
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, out)
	}
	for _, want := range []string{"cirrus ", "\ncommit  ", "\ndate    ", "\ngo      " + runtime.Version() + " " + runtime.GOOS + "/" + runtime.GOARCH} {
		if !strings.Contains(out, want) {
			t.Errorf("%q lacks %q", out, want)
		}
	}
}

// TestReleaseBuildStampsAndIsStatic builds cirrus the way a release does
// (no cgo, -ldflags -X) and checks that `cirrus version` and --version
// print the stamped values, and that the binary is static: no ELF
// interpreter and no needed shared libraries (what ldd calls "not a
// dynamic executable").
func TestReleaseBuildStampsAndIsStatic(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	bin := filepath.Join(t.TempDir(), "cirrus")
	const pkg = "github.com/cirrus-tui/cirrus/internal/buildinfo"
	ldflags := "-s -w -X " + pkg + ".version=v9.8.7 -X " + pkg + ".commit=0123456789abcdef -X " + pkg + ".date=2026-12-07T12:00:00Z"
	cmd := exec.Command("go", "build", "-trimpath", "-ldflags", ldflags, "-o", bin, "github.com/cirrus-tui/cirrus")
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	out, err := exec.Command(bin, "version").CombinedOutput()
	if err != nil {
		t.Fatalf("cirrus version: %v\n%s", err, out)
	}
	want := "cirrus v9.8.7\ncommit  0123456789abcdef\ndate    2026-12-07T12:00:00Z\ngo      " + runtime.Version() + " " + runtime.GOOS + "/" + runtime.GOARCH + "\n"
	if string(out) != want {
		t.Errorf("cirrus version:\n%s\nwant:\n%s", out, want)
	}
	if out, err := exec.Command(bin, "--version").CombinedOutput(); err != nil || string(out) != "cirrus v9.8.7\n" {
		t.Errorf("cirrus --version: %v %q", err, out)
	}
	f, err := elf.Open(bin)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	for _, p := range f.Progs {
		if p.Type == elf.PT_INTERP {
			t.Error("the release binary has an ELF interpreter: it is dynamically linked")
		}
	}
	if libs, err := f.ImportedLibraries(); err != nil || len(libs) > 0 {
		t.Errorf("the release binary needs shared libraries %v (%v)", libs, err)
	}
}
