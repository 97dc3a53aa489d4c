package releasecheck

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

const root = "../.."

// goreleaser is the part of .goreleaser.yaml the checks read.
type goreleaser struct {
	Before struct {
		Hooks []string `yaml:"hooks"`
	} `yaml:"before"`
	Builds []struct {
		Env     []string `yaml:"env"`
		Flags   []string `yaml:"flags"`
		Ldflags []string `yaml:"ldflags"`
		Goos    []string `yaml:"goos"`
		Goarch  []string `yaml:"goarch"`
		Ignore  []struct {
			Goos, Goarch string
		} `yaml:"ignore"`
	} `yaml:"builds"`
	Archives []struct {
		Files []any `yaml:"files"`
	} `yaml:"archives"`
	Nfpms []nfpmMeta `yaml:"nfpms"`
	Brews []struct {
		Install string `yaml:"install"`
	} `yaml:"brews"`
}

// nfpmMeta is what goreleaser's nfpms entry and packaging/nfpm.yaml share.
type nfpmMeta struct {
	Section    string   `yaml:"section"`
	Priority   string   `yaml:"priority"`
	Maintainer string   `yaml:"maintainer"`
	Homepage   string   `yaml:"homepage"`
	License    string   `yaml:"license"`
	Recommends []string `yaml:"recommends"`
	Suggests   []string `yaml:"suggests"`
	Depends    []string `yaml:"depends"`
	Overrides  map[string]struct {
		Recommends []string `yaml:"recommends"`
		Depends    []string `yaml:"depends"`
	} `yaml:"overrides"`
	Contents []struct {
		Src      string `yaml:"src"`
		Dst      string `yaml:"dst"`
		Packager string `yaml:"packager"`
	} `yaml:"contents"`
}

func read(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(root, name))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func load(t *testing.T) (goreleaser, nfpmMeta, string) {
	t.Helper()
	var g goreleaser
	if err := yaml.Unmarshal([]byte(read(t, ".goreleaser.yaml")), &g); err != nil {
		t.Fatalf(".goreleaser.yaml: %v", err)
	}
	if len(g.Builds) != 1 || len(g.Nfpms) != 1 || len(g.Archives) != 1 || len(g.Brews) != 1 {
		t.Fatalf(".goreleaser.yaml: %d builds, %d nfpms, %d archives, %d brews; the checks expect one of each",
			len(g.Builds), len(g.Nfpms), len(g.Archives), len(g.Brews))
	}
	var n nfpmMeta
	if err := yaml.Unmarshal([]byte(read(t, "packaging/nfpm.yaml")), &n); err != nil {
		t.Fatalf("packaging/nfpm.yaml: %v", err)
	}
	return g, n, read(t, "scripts/release")
}

// The same five targets.
func TestSameTargets(t *testing.T) {
	g, _, script := load(t)
	var gr []string
	b := g.Builds[0]
	for _, os := range b.Goos {
		for _, arch := range b.Goarch {
			if !slices.ContainsFunc(b.Ignore, func(i struct{ Goos, Goarch string }) bool {
				return i.Goos == os && i.Goarch == arch
			}) {
				gr = append(gr, os+"/"+arch)
			}
		}
	}
	m := regexp.MustCompile(`(?m)^TARGETS=\(([^)]*)\)`).FindStringSubmatch(script)
	if m == nil {
		t.Fatal("scripts/release: no TARGETS=(...) line")
	}
	sr := strings.Fields(m[1])
	slices.Sort(gr)
	slices.Sort(sr)
	if !slices.Equal(gr, sr) {
		t.Errorf("targets: .goreleaser.yaml builds %v, scripts/release %v", gr, sr)
	}
	if len(sr) != 5 {
		t.Errorf("%d targets, the release has five", len(sr))
	}
}

// The same build: no cgo, -trimpath, -s -w, and -X for exactly the
// variables internal/buildinfo declares.
func TestSameBuildFlags(t *testing.T) {
	g, _, script := load(t)
	b := g.Builds[0]
	if !slices.Contains(b.Env, "CGO_ENABLED=0") || !strings.Contains(script, "CGO_ENABLED=0") {
		t.Errorf("cgo: goreleaser env %v; the script must build with CGO_ENABLED=0 too", b.Env)
	}
	if !slices.Contains(b.Flags, "-trimpath") || !strings.Contains(script, "-trimpath") {
		t.Errorf("-trimpath: goreleaser flags %v", b.Flags)
	}
	ld := strings.Join(b.Ldflags, " ")
	if !strings.Contains(ld, "-s -w") || !strings.Contains(script, `ldflags="-s -w`) {
		t.Errorf("-s -w missing from one of them: goreleaser %q", ld)
	}
	xre := regexp.MustCompile(`-X (\S+?)\.(\w+)=`)
	set := func(s string, pkg string) []string {
		var vs []string
		for _, m := range xre.FindAllStringSubmatch(s, -1) {
			if p := strings.ReplaceAll(m[1], "$pkg", pkg); p != "github.com/cirrus-tui/cirrus/internal/buildinfo" {
				t.Errorf("-X into %s, not internal/buildinfo", p)
			}
			vs = append(vs, m[2])
		}
		slices.Sort(vs)
		return vs
	}
	gv := set(ld, "")
	sv := set(script, "github.com/cirrus-tui/cirrus/internal/buildinfo")
	declared := buildinfoVars(t)
	if !slices.Equal(gv, sv) || !slices.Equal(gv, declared) {
		t.Errorf("stamped variables: goreleaser %v, scripts/release %v, internal/buildinfo declares %v", gv, sv, declared)
	}
}

// buildinfoVars are internal/buildinfo's package-level string variables.
func buildinfoVars(t *testing.T) []string {
	t.Helper()
	f, err := parser.ParseFile(token.NewFileSet(), filepath.Join(root, "internal/buildinfo/buildinfo.go"), nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	var vs []string
	for _, d := range f.Decls {
		gd, ok := d.(*ast.GenDecl)
		if !ok || gd.Tok != token.VAR {
			continue
		}
		for _, s := range gd.Specs {
			for _, n := range s.(*ast.ValueSpec).Names {
				vs = append(vs, n.Name)
			}
		}
	}
	slices.Sort(vs)
	return vs
}

// The same shells' completions and man pages are made, and the archives
// carry LICENSE, README, man pages and completions in both.
func TestSameArchiveContents(t *testing.T) {
	g, _, script := load(t)
	shells := func(s string) []string {
		var out []string
		for _, m := range regexp.MustCompile(`completion (bash|zsh|fish|powershell)\b`).FindAllStringSubmatch(s, -1) {
			out = append(out, m[1])
		}
		if m := regexp.MustCompile(`for sh in ([a-z ]+); do`).FindStringSubmatch(s); m != nil {
			out = append(out, strings.Fields(m[1])...)
		}
		slices.Sort(out)
		return slices.Compact(out)
	}
	gs, ss := shells(strings.Join(g.Before.Hooks, "\n")), shells(script)
	if !slices.Equal(gs, ss) || len(gs) != 4 {
		t.Errorf("completions: goreleaser makes %v, scripts/release %v", gs, ss)
	}
	if !strings.Contains(strings.Join(g.Before.Hooks, "\n"), "scripts/gendocs") || !strings.Contains(script, "scripts/gendocs") {
		t.Error("man pages: both must come from scripts/gendocs")
	}
	var files []string
	for _, f := range g.Archives[0].Files {
		switch f := f.(type) {
		case string:
			files = append(files, f)
		case map[string]any:
			files = append(files, f["dst"].(string))
		}
	}
	for _, want := range []string{"LICENSE", "README.md", "man/man1", "completions"} {
		if !slices.Contains(files, want) {
			t.Errorf("goreleaser's archives lack %s: %v", want, files)
		}
		if !strings.Contains(script, want) {
			t.Errorf("scripts/release's archives lack %s", want)
		}
	}
	// Homebrew installs the same files from the archive in both.
	for _, line := range strings.Split(strings.TrimSpace(g.Brews[0].Install), "\n") {
		if !strings.Contains(script, strings.TrimSpace(line)) {
			t.Errorf("the Homebrew formula differs: goreleaser's %q is not in scripts/release's", strings.TrimSpace(line))
		}
	}
}

// The packages say the same: metadata, what they recommend (nothing
// required), and where each file goes.
func TestSamePackages(t *testing.T) {
	g, n, _ := load(t)
	p := g.Nfpms[0]
	pairs := [][3]string{
		{"section", p.Section, n.Section},
		{"priority", p.Priority, n.Priority},
		{"maintainer", p.Maintainer, n.Maintainer},
		{"homepage", p.Homepage, n.Homepage},
		{"license", p.License, n.License},
	}
	for _, f := range pairs {
		if f[1] != f[2] || f[1] == "" {
			t.Errorf("%s: goreleaser %q, nfpm.yaml %q", f[0], f[1], f[2])
		}
	}
	if len(p.Depends)+len(n.Depends) != 0 {
		t.Errorf("depends: goreleaser %v, nfpm.yaml %v; the static binary requires nothing", p.Depends, n.Depends)
	}
	if !slices.Equal(p.Recommends, n.Recommends) || len(n.Recommends) == 0 {
		t.Errorf("recommends: goreleaser %v, nfpm.yaml %v", p.Recommends, n.Recommends)
	}
	if !slices.Equal(p.Suggests, n.Suggests) {
		t.Errorf("suggests: goreleaser %v, nfpm.yaml %v", p.Suggests, n.Suggests)
	}
	if !slices.Equal(p.Overrides["rpm"].Recommends, n.Overrides["rpm"].Recommends) {
		t.Errorf("rpm recommends: goreleaser %v, nfpm.yaml %v", p.Overrides["rpm"].Recommends, n.Overrides["rpm"].Recommends)
	}
	dst := func(m nfpmMeta) []string {
		var out []string
		for _, c := range m.Contents {
			if c.Dst == "/usr/bin/cirrus" {
				continue // goreleaser places the binary itself
			}
			out = append(out, c.Dst+" "+c.Packager)
		}
		slices.Sort(out)
		return out
	}
	if a, b := dst(p), dst(n); !slices.Equal(a, b) {
		t.Errorf("package contents differ:\n goreleaser %q\n nfpm.yaml  %q", a, b)
	}
}
