package config

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// manyKeys is a [keys] table of n unknown actions, one per line.
func manyKeys(n int) []byte {
	var b strings.Builder
	b.WriteString("[keys]\n")
	for i := range n {
		fmt.Fprintf(&b, "a%d = [\"x\"]\n", i)
	}
	return []byte(b.String())
}

// Finding a key's line costs a pass over the file, so it is done only for
// the mistakes a report lists, never once per key: 200k keys cost at most
// maxErrors line probes, where the per-key probe made this quadratic.
func TestManyKeysAreLinear(t *testing.T) {
	const n = 200_000
	p := &parser{file: "big.toml", cfg: Default()}
	p.parseTOML(manyKeys(n))
	if p.probes > maxErrors {
		t.Errorf("%d line probes for %d keys; want at most %d", p.probes, n, maxErrors)
	}
	if len(p.errs) != maxErrors || p.dropped != n-maxErrors {
		t.Fatalf("%d errors listed, %d dropped; want %d and %d", len(p.errs), p.dropped, maxErrors, n-maxErrors)
	}
	// Listed in file order, with their lines.
	for i, e := range p.errs {
		if e.Line != i+2 || !strings.Contains(e.Msg, fmt.Sprintf(`"a%d"`, i)) {
			t.Fatalf("error %d: %v", i, e)
		}
	}
	// Through Parse, the report ends with the count of the rest (a smaller
	// file: Parse caps the size).
	_, err := Parse("big.toml", manyKeys(1000))
	var es Errors
	if !errors.As(err, &es) || len(es) != maxErrors+1 || !strings.Contains(es[len(es)-1].Msg, "and 950 more") {
		t.Fatalf("Parse: %d errors, last %v", len(es), es[len(es)-1])
	}
}

// A file over 1 MiB is refused with a clear error, without being read whole
// (a config path naming /dev/zero must not fill memory).
func TestConfigFileSizeIsCapped(t *testing.T) {
	path := filepath.Join(t.TempDir(), "config.toml")
	big := append([]byte("client_id = \"x\"\n# "), make([]byte, MaxFileSize)...)
	for i := 19; i < len(big); i++ {
		big[i] = 'x'
	}
	if err := os.WriteFile(path, big, 0o600); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{path, "/dev/zero"} {
		_, err := Load(p)
		if err == nil || !strings.Contains(err.Error(), "1 MiB") {
			t.Errorf("Load(%s): %v, want an error naming the 1 MiB cap", p, err)
		}
	}
}

// Deep nesting is refused before the TOML library recurses into it; strings
// and comments full of brackets are not nesting.
func TestDeepNestingIsRefused(t *testing.T) {
	const deep = 100_000
	for name, text := range map[string]string{
		"arrays":        "x = " + strings.Repeat("[", deep) + strings.Repeat("]", deep) + "\n",
		"inline tables": "x = " + strings.Repeat("{a = ", deep) + "1" + strings.Repeat("}", deep) + "\n",
		"unclosed":      "x = " + strings.Repeat("[{a=", deep) + "\n",
	} {
		_, err := Parse("deep.toml", []byte(text))
		if err == nil || !strings.Contains(err.Error(), "nested more than") {
			t.Errorf("%s: %v, want a nesting error", name, err)
		}
	}
	ok := "client_id = \"" + strings.Repeat("[{", 100) + "\"\n" +
		"client_secret = '" + strings.Repeat("[", 100) + "'\n" +
		"# " + strings.Repeat("{", 100) + "\n" +
		"api_url = \"\"\"https://a.example\"\"\"\n" +
		"[keys]\nquit = [\"ctrl+q\", \"q\"]\n"
	if _, err := Parse("ok.toml", []byte(ok)); err != nil && strings.Contains(err.Error(), "nested") {
		t.Errorf("brackets in strings and comments counted as nesting: %v", err)
	}
}

// quit bound to no key would leave the TUI with no way out.
func TestQuitCannotBeUnbound(t *testing.T) {
	_, err := Parse("config.toml", []byte("[keys]\nquit = []\n"))
	if err == nil || !strings.Contains(err.Error(), `config.toml:2: "quit" in [keys] is empty`) {
		t.Fatalf("quit = []: %v", err)
	}
	// Other actions may be unbound.
	c, err := Parse("config.toml", []byte("[keys]\nlike = []\n"))
	if err != nil || len(c.Keys["like"]) != 0 {
		t.Fatalf("like = []: %v %v", err, c)
	}
}
