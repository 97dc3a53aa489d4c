package config

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var updateREADME = flag.Bool("update", false, "rewrite the key map block in README.md")

const (
	keymapStart = "<!-- keymap:start -->"
	keymapEnd   = "<!-- keymap:end -->"
)

// replaceKeymap puts block between the markers of readme, or appends a
// marked block at the end when the markers are missing.
func replaceKeymap(readme, block string) (string, error) {
	inner := keymapStart + "\n\n" + block + "\n" + keymapEnd
	i := strings.Index(readme, keymapStart)
	j := strings.Index(readme, keymapEnd)
	switch {
	case i < 0 && j < 0:
		return strings.TrimRight(readme, "\n") + "\n\n## Key map\n\n" + inner + "\n", nil
	case i < 0 || j < i:
		return "", errBadMarkers
	}
	return readme[:i] + inner + readme[j+len(keymapEnd):], nil
}

var errBadMarkers = &markerError{}

type markerError struct{}

func (*markerError) Error() string {
	return "README.md has one keymap marker without the other, or end before start"
}

// TestKeymapREADME keeps README.md's key map equal to KeymapMarkdown; run
// `go test ./config -run Keymap -update` after changing Actions.
func TestKeymapREADME(t *testing.T) {
	path := filepath.Join("..", "README.md")
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("read README: %v", err)
	}
	want, err := replaceKeymap(string(data), KeymapMarkdown())
	if err != nil {
		t.Fatal(err)
	}
	if *updateREADME {
		if want != string(data) {
			if err := os.WriteFile(path, []byte(want), 0o644); err != nil {
				t.Fatalf("update README: %v", err)
			}
			t.Logf("rewrote the key map in %s", path)
		}
		return
	}
	if want != string(data) {
		t.Errorf("README.md's key map is out of date with config.Actions; run: go test ./config -run Keymap -update")
	}
}

func TestKeymapMarkdown(t *testing.T) {
	md := KeymapMarkdown()
	for _, a := range Actions {
		if !strings.Contains(md, "| `"+a.Name+"` |") {
			t.Errorf("action %q missing from the key map", a.Name)
		}
	}
	for _, want := range []string{"### Navigation\n", "### Playback\n", "| `play_pause` | `space` | play / pause |", "| `quit` | `q`, `ctrl+c` | quit |"} {
		if !strings.Contains(md, want) {
			t.Errorf("key map lacks %q", want)
		}
	}
	if got := mdCode("a|b"); got != "`a\\|b`" {
		t.Errorf("mdCode(a|b) = %s", got)
	}
	if got := mdCode("`"); got != "`` ` ``" {
		t.Errorf("mdCode(`) = %s", got)
	}
}

func TestReplaceKeymap(t *testing.T) {
	got, err := replaceKeymap("# x\n", "T\n")
	if err != nil || got != "# x\n\n## Key map\n\n"+keymapStart+"\n\nT\n\n"+keymapEnd+"\n" {
		t.Fatalf("append: %q %v", got, err)
	}
	again, err := replaceKeymap(got, "U\n")
	if err != nil || again != "# x\n\n## Key map\n\n"+keymapStart+"\n\nU\n\n"+keymapEnd+"\n" {
		t.Fatalf("replace: %q %v", again, err)
	}
	if _, err := replaceKeymap("a "+keymapEnd+" "+keymapStart, "T"); err == nil {
		t.Fatal("markers in the wrong order accepted")
	}
}
