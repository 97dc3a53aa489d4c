// Command modproxy lays out a file-based Go module proxy (the GOPROXY
// protocol as files: list, .info, .mod, .zip) holding one version of this
// module, made from a git revision of the checkout with golang.org/x/mod/zip,
// the way the public proxy would serve it once that revision is tagged.
// scripts/test-install puts it in front of the usual proxy to prove that
// `go install github.com/cirrus-tui/cirrus@VERSION` works (no replace
// directives, no cgo needed).
//
//	go run ./scripts/modproxy -dir DIR -version v1.2.3 [-rev HEAD]
package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"golang.org/x/mod/modfile"
	"golang.org/x/mod/module"
	"golang.org/x/mod/semver"
	modzip "golang.org/x/mod/zip"
)

func main() {
	dir := flag.String("dir", "", "proxy directory to write")
	version := flag.String("version", "", "module version, e.g. v1.2.3")
	rev := flag.String("rev", "HEAD", "git revision to pack")
	flag.Parse()
	if err := run(*dir, *version, *rev); err != nil {
		fmt.Fprintln(os.Stderr, "modproxy:", err)
		os.Exit(1)
	}
}

func run(dir, version, rev string) error {
	if dir == "" || !semver.IsValid(version) || semver.Canonical(version) != version {
		return fmt.Errorf("need -dir and a canonical semantic -version (got %q)", version)
	}
	root, err := git("rev-parse", "--show-toplevel")
	if err != nil {
		return err
	}
	gomod, err := git("show", rev+":go.mod")
	if err != nil {
		return err
	}
	mf, err := modfile.ParseLax("go.mod", []byte(gomod), nil)
	if err != nil || mf.Module == nil {
		return fmt.Errorf("parse go.mod at %s: %v", rev, err)
	}
	if len(mf.Replace) > 0 {
		return fmt.Errorf("go.mod at %s has replace directives: go install ignores them and fails", rev)
	}
	m := module.Version{Path: mf.Module.Mod.Path, Version: version}
	if err := module.Check(m.Path, m.Version); err != nil {
		return err
	}
	when, err := git("log", "-1", "--format=%ct", rev)
	if err != nil {
		return err
	}
	sec, err := strconv.ParseInt(when, 10, 64)
	if err != nil {
		return err
	}

	esc, err := module.EscapePath(m.Path)
	if err != nil {
		return err
	}
	at := filepath.Join(dir, filepath.FromSlash(esc), "@v")
	if err := os.MkdirAll(at, 0o755); err != nil {
		return err
	}
	// The committed tree of rev, unpacked (x/mod/zip's CreateFromVCS wants a
	// .git directory, which a git worktree does not have), then zipped by
	// x/mod/zip with the module rules (no nested modules, no vendor, limits).
	tree, err := os.MkdirTemp("", "modproxy-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tree)
	arch := exec.Command("sh", "-c", `git -C "$1" archive "$2" | tar -x -C "$3"`, "sh", root, rev, tree)
	if out, err := arch.CombinedOutput(); err != nil {
		return fmt.Errorf("git archive %s: %v: %s", rev, err, out)
	}
	var zb bytes.Buffer
	if err := modzip.CreateFromDir(&zb, m, tree); err != nil {
		return fmt.Errorf("module zip: %w", err)
	}
	zipPath := filepath.Join(at, version+".zip")
	if err := os.WriteFile(zipPath, zb.Bytes(), 0o644); err != nil {
		return err
	}
	if _, err := modzip.CheckZip(m, zipPath); err != nil {
		return fmt.Errorf("check module zip: %w", err)
	}
	info, _ := json.Marshal(struct {
		Version string
		Time    time.Time
	}{version, time.Unix(sec, 0).UTC()})
	for name, data := range map[string][]byte{
		version + ".info": info,
		version + ".mod":  []byte(gomod),
		"list":            []byte(version + "\n"),
	} {
		if err := os.WriteFile(filepath.Join(at, name), data, 0o644); err != nil {
			return err
		}
	}
	fmt.Printf("%s@%s: %d bytes of zip in %s\n", m.Path, version, zb.Len(), at)
	return nil
}

// git runs git in the current directory and returns its trimmed output.
func git(args ...string) (string, error) {
	out, err := exec.Command("git", args...).Output()
	if err != nil {
		if ee, ok := err.(*exec.ExitError); ok {
			return "", fmt.Errorf("git %s: %v: %s", strings.Join(args, " "), err, ee.Stderr)
		}
		return "", fmt.Errorf("git %s: %v", strings.Join(args, " "), err)
	}
	return strings.TrimSpace(string(out)), nil
}
