package command

import (
	"flag"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

var updateREADME = flag.Bool("update", false, "rewrite the command table in README.md")

const (
	startMark = "<!-- commands:start -->\n"
	endMark   = "<!-- commands:end -->"
)

// TestCommandsREADME keeps README.md's command table equal to Markdown;
// run `go test ./player/command -run README -update` after changing Specs.
func TestCommandsREADME(t *testing.T) {
	path := filepath.Join("..", "..", "README.md")
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	s := string(data)
	i, j := strings.Index(s, startMark), strings.Index(s, endMark)
	if i < 0 || j < i {
		t.Fatal("README.md lacks the commands markers")
	}
	want := s[:i+len(startMark)] + Markdown() + s[j:]
	if *updateREADME {
		if want != s {
			if err := os.WriteFile(path, []byte(want), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		return
	}
	if want != s {
		t.Error("README.md's command table is out of date; run: go test ./player/command -run README -update")
	}
}

func TestParse(t *testing.T) {
	for line, want := range map[string]Command{
		"seek 1:30":        {Op: OpSeek, At: 90 * time.Second},
		":seek -10":        {Op: OpSeek, At: -10 * time.Second, Relative: true},
		"vol 40":           {Op: OpVolume, Volume: 0.4},
		"volume +5":        {Op: OpVolume, Volume: 0.05, Relative: true},
		"vol -5":           {Op: OpVolume, Volume: -0.05, Relative: true},
		"like":             {Op: OpLike},
		"like playing":     {Op: OpLike, Target: Playing},
		"queue save Night": {Op: OpQueueSave, Text: "Night"},
		"queue save a b":   {Op: OpQueueSave, Text: "a b"},
		"queue clear":      {Op: OpQueueClear},
		"sort plays":       {Op: OpSort, Text: "plays"},
		"repeat":           {Op: OpRepeat},
		"repeat one":       {Op: OpRepeat, Repeat: RepeatOne},
		"shuffle off":      {Op: OpShuffle, Switch: Off},
		"down 5":           {Op: OpDown, Count: 5},
		"5 down":           {Op: OpDown, Count: 5},
		"tab 6":            {Op: OpTab, Text: "queue"},
		"tab Queue":        {Op: OpTab, Text: "queue"},
		"prev":             {Op: OpPrevious},
		"search rain tape": {Op: OpSearch, Text: "rain tape"},
	} {
		got, err := Parse(line)
		if err != nil || got != want {
			t.Errorf("Parse(%q) = %+v, %v; want %+v", line, got, err, want)
		}
	}
	for _, bad := range []string{"", "dance", "seek", "seek soon", "vol 101", "vol loud", "repeat forever", "shuffle maybe",
		"down 0", "down 99999999", "tab 9", "sort mood", "queue save", "queue shuffle", "play now", "like someone"} {
		if c, err := Parse(bad); err == nil {
			t.Errorf("Parse(%q) = %+v, want an error", bad, c)
		}
	}
	if _, err := Parse("seek 1:75"); err == nil || !strings.HasPrefix(err.Error(), "seek: ") {
		t.Errorf("an error names the command: %v", err)
	}
}

// Every key action runs a command the table knows, and writing a command
// back reads as what was typed.
func TestKeyLinesAndString(t *testing.T) {
	for a, line := range KeyLines {
		c, ok := ForKey(a)
		if !ok {
			t.Fatalf("%s: no command", a)
		}
		again, err := Parse(c.String())
		if err != nil || again != c {
			t.Errorf("%s runs %q, written back %q (%v)", a, line, c.String(), err)
		}
	}
	seen := map[string]bool{}
	for _, s := range Specs {
		for _, n := range append([]string{s.Name}, s.Aliases...) {
			if seen[n] {
				t.Errorf("%q named twice", n)
			}
			seen[n] = true
		}
	}
}

func TestComplete(t *testing.T) {
	for line, want := range map[string][]string{
		"":           nil, // checked by length below
		"se":         {"seek", "search"},
		"vo":         {"vol"},
		"repeat ":    {"repeat off", "repeat one", "repeat all"},
		"repeat o":   {"repeat off", "repeat one"},
		":sort p":    {"sort plays"},
		"queue s":    {"queue save"},
		"zz":         nil,
		"seek 1 2 3": nil,
	} {
		got := Complete(line)
		if line == "" {
			if len(got) != len(Specs) {
				t.Errorf("Complete(\"\") lists %d, want every command (%d)", len(got), len(Specs))
			}
			continue
		}
		if !slices.Equal(got, want) {
			t.Errorf("Complete(%q) = %v, want %v", line, got, want)
		}
	}
}

func TestOpsHaveSpecs(t *testing.T) {
	for op := OpPlay; op <= OpStatus; op++ {
		if strings.HasPrefix(op.String(), "op(") {
			t.Errorf("op %d has no name", op)
		}
	}
}
