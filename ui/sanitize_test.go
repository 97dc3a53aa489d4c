package ui

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/charmbracelet/x/ansi"
)

// hostileWant is what Sanitize must make of each fixture in
// testdata/hostile; every fixture must be listed so none goes unchecked.
var hostileWant = map[string]string{
	"osc52_clipboard_bel": "Nice track by DJ",
	"osc52_clipboard_st":  "Nice track by DJ",
	"osc52_unterminated":  "ok",
	"osc0_title":          "song",
	"osc2_title_st":       "song",
	"osc8_hyperlink":      "click here",
	"osc_cancelled":       "visible",
	"osc_then_csi":        "red",
	"csi_colour":          "hello world",
	"csi_cursor":          "abc",
	"csi_clear_screen":    "cleared",
	"csi_alt_screen":      "hidden",
	"csi_truecolour":      "X",
	"c1_csi_8bit":         "abcd",
	"c1_csi_utf8":         "ab",
	"c1_osc_8bit":         "xyz",
	"c1_osc_utf8":         "xy",
	"c1_misc":             "abcde",
	"dcs":                 "beforeafter",
	"dcs_sixel":           "picture",
	"apc_pm_sos":          "img pm x",
	"c1_dcs_apc_8bit":     "123",
	"two_char_escapes":    "savedq!",
	"lone_esc_end":        "trailing",
	"esc_esc":             "ab",
	"bidi_override":       "harmless gnp.exe file",
	"bidi_all":            "abcdefghijklm",
	"c0_controls":         "abcdef\nline\ttabvw",
	// The heart loses its emoji selector: tmux draws ❤️ one cell wide, lipgloss counts two.
	"emoji_zwj":       "family \U0001F468\u200d\U0001F469\u200d\U0001F467\u200d\U0001F466 flag \U0001F3F3\ufe0f\u200d\U0001F308 heart \u2764",
	"cjk":             "日本語のタイトル 中文 한국어 ｆｕｌｌｗｉｄｔｈ",
	"combining_marks": "e\u0301 Z\u0351\u0352a\u0300l\u0489g\u0315o",
	// \xed\xa0\x80 is an encoded surrogate: 0xED and 0xA0 are invalid
	// (U+FFFD each), 0x80 reads as a raw C1 control and goes.
	"invalid_utf8":       "bad\uFFFD\uFFFDbytes\uFFFD(\uFFFD\uFFFDend",
	"quote_continuation": "\u201cq\u201d",
	"multiline":          "  line one\n\tline two\n\n linethree  ",
	"very_long":          strings.Repeat("long ", 751),
}

// hostileLineWant overrides SanitizeLine expectations where they differ from
// Sanitize's (whitespace folding and trimming).
var hostileLineWant = map[string]string{
	"c0_controls": "abcdef line tabvw",
	"multiline":   "line one line two linethree",
	"very_long":   strings.TrimSpace(strings.Repeat("long ", 751)),
}

func loadHostile(t testing.TB) map[string]string {
	t.Helper()
	paths, err := filepath.Glob(filepath.Join("testdata", "hostile", "*.txt"))
	if err != nil {
		t.Fatal(err)
	}
	if len(paths) < 30 {
		t.Fatalf("found %d hostile fixtures, want at least 30", len(paths))
	}
	out := make(map[string]string, len(paths))
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		out[strings.TrimSuffix(filepath.Base(p), ".txt")] = string(b)
	}
	return out
}

// checkSafe fails t if s holds anything a terminal could act on.
func checkSafe(t testing.TB, name, s string, allowNewlines bool) {
	t.Helper()
	if !utf8.ValidString(s) {
		t.Errorf("%s: result is not valid UTF-8: %q", name, s)
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == 0x7f || (c < 0x20 && !(allowNewlines && (c == '\n' || c == '\t'))) {
			t.Errorf("%s: control byte %#02x at %d in %q", name, c, i, s)
			return
		}
	}
	for i, r := range s {
		if (r >= 0x80 && r <= 0x9f) || isBidiControl(r) {
			t.Errorf("%s: forbidden rune %U at %d in %q", name, r, i, s)
			return
		}
	}
}

func TestSanitizeHostileFixtures(t *testing.T) {
	fixtures := loadHostile(t)
	for name, raw := range fixtures {
		t.Run(name, func(t *testing.T) {
			want, ok := hostileWant[name]
			if !ok {
				t.Fatalf("fixture %s has no expectation in hostileWant", name)
			}
			got := Sanitize(raw)
			checkSafe(t, "Sanitize", got, true)
			if got != want {
				t.Errorf("Sanitize(%q)\n got %q\nwant %q", raw, got, want)
			}
			if again := Sanitize(got); again != got {
				t.Errorf("not idempotent: %q → %q", got, again)
			}

			line := SanitizeLine(raw)
			checkSafe(t, "SanitizeLine", line, false)
			wantLine, ok := hostileLineWant[name]
			if !ok {
				wantLine = strings.TrimSpace(want)
			}
			if line != wantLine {
				t.Errorf("SanitizeLine(%q)\n got %q\nwant %q", raw, line, wantLine)
			}
		})
	}
	for name := range hostileWant {
		if _, ok := fixtures[name]; !ok {
			t.Errorf("expectation %s has no fixture file", name)
		}
	}
}

// Payloads of removed sequences must not leak as visible text either.
func TestSanitizeDropsPayloads(t *testing.T) {
	for name, raw := range loadHostile(t) {
		got := Sanitize(raw)
		for _, secret := range []string{"ZWNob", "QUFBQQ", "pwned", "title", "evil.example", "payload", "apc", "privacy", "1049", "38;2"} {
			if strings.Contains(got, secret) && !strings.Contains(hostileWant[name], secret) {
				t.Errorf("%s: payload %q leaked into %q", name, secret, got)
			}
		}
	}
}

func TestSanitizeCases(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", ""},
		{"plain", "plain"},
		{"hel\x1b[31mlo", "hello"},
		{"\x1b", ""},
		{"\x1b[", ""},
		{"\x1b[31", ""},
		{"\x1b]", ""},
		{"\x1bP", ""},
		{"\x9b", ""},
		{"\xc2\x9b", ""},
		{"a\x1b\nb", "a\nb"},      // ESC before a control: only the ESC goes
		{"a\x1bé", "aé"},          // ESC before non-ASCII: only the ESC goes
		{"a\x1b[31\x07mb", "amb"}, // CSI broken by a control ends there
		{"\u00a0nbsp\u00ad", "\u00a0nbsp\u00ad"},
		{"\ufe0f\u200d", "\ufe0f\u200d"}, // joiners and selectors survive alone
		{"\u2028", "\u2028"},
	}
	for _, tt := range tests {
		if got := Sanitize(tt.in); got != tt.want {
			t.Errorf("Sanitize(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestSanitizeCleanInputNotCopied(t *testing.T) {
	s := "日本語 \U0001F468\u200d\U0001F469 tab\tnewline\n"
	if got := Sanitize(s); got != s {
		t.Fatalf("clean input changed: %q", got)
	}
	allocs := testing.AllocsPerRun(100, func() { _ = Sanitize(s) })
	if allocs != 0 {
		t.Errorf("Sanitize of clean text allocated %.0f times, want 0", allocs)
	}
}

func TestSanitizeLine(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", ""},
		{"  a  ", "a"},
		{"a\nb", "a b"},
		{"a \n\t b", "a b"},
		{"a  b", "a b"},
		{"a\u2028b", "a b"},
		{"\n\n", ""},
		{"x\x1b[2J\ny", "x y"},
	}
	for _, tt := range tests {
		if got := SanitizeLine(tt.in); got != tt.want {
			t.Errorf("SanitizeLine(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestTruncate(t *testing.T) {
	family := "\U0001F468\u200d\U0001F469\u200d\U0001F467\u200d\U0001F466" // one cluster, 2 cells
	tests := []struct {
		in    string
		width int
		want  string
	}{
		{"hello", 10, "hello"},
		{"hello", 5, "hello"},
		{"hello", 4, "hel…"},
		{"hello", 1, "…"},
		{"hello", 0, ""},
		{"hello", -3, ""},
		{"日本語テキスト", 14, "日本語テキスト"},
		{"日本語テキスト", 7, "日本語…"},
		{"日本語テキスト", 6, "日本…"}, // 日本=4, 語 would make 7
		{"ab" + family + "cd", 4, "ab…"},
		{"ab" + family + "cd", 5, "ab" + family + "…"},
		{"e\u0301e\u0301e\u0301", 2, "e\u0301…"},
	}
	for _, tt := range tests {
		got := Truncate(tt.in, tt.width)
		if got != tt.want {
			t.Errorf("Truncate(%q, %d) = %q, want %q", tt.in, tt.width, got, tt.want)
		}
		if w := ansi.StringWidth(got); w > max(tt.width, 0) {
			t.Errorf("Truncate(%q, %d) is %d cells wide", tt.in, tt.width, w)
		}
	}
}

func TestTruncateNeverSplitsClusters(t *testing.T) {
	flag := "\U0001F3F3\ufe0f\u200d\U0001F308"
	s := strings.Repeat("日"+flag+"e\u0301", 20)
	for w := 0; w <= ansi.StringWidth(s)+1; w++ {
		got := Truncate(s, w)
		if gw := ansi.StringWidth(got); gw > w {
			t.Fatalf("width %d: result %d cells", w, gw)
		}
		body := strings.TrimSuffix(got, "…")
		if !strings.HasPrefix(s, body) {
			t.Fatalf("width %d: %q is not a prefix", w, body)
		}
		// The cut must fall on a cluster boundary: the next character in s
		// must not be a joiner, selector or combining mark.
		rest := s[len(body):]
		if rest != "" {
			r, _ := utf8.DecodeRuneInString(rest)
			if r == '\u200d' || r == '\ufe0f' || r == '\u0301' || r == '\U0001F308' {
				t.Fatalf("width %d: cut inside a cluster before %U", w, r)
			}
		}
	}
}

func TestPadRight(t *testing.T) {
	tests := []struct {
		in    string
		width int
		want  string
	}{
		{"ab", 5, "ab   "},
		{"日本", 6, "日本  "},
		{"日本", 3, "日…"},
		{"日本語", 5, "日本…"},
		{"\U0001F3B5x", 4, "\U0001F3B5x "},
		{"toolong", 4, "too…"},
		{"", 3, "   "},
		{"x", 0, ""},
		{"\u0601", 1, "\u0601  "}, // prepend mark swallows the first space
	}
	for _, tt := range tests {
		got := PadRight(tt.in, tt.width)
		if got != tt.want {
			t.Errorf("PadRight(%q, %d) = %q, want %q", tt.in, tt.width, got, tt.want)
		}
		if w := ansi.StringWidth(got); w != max(tt.width, 0) {
			t.Errorf("PadRight(%q, %d) is %d cells wide", tt.in, tt.width, w)
		}
	}
	// Every hostile fixture, once sanitised, pads to an exact width.
	for name, raw := range loadHostile(t) {
		for _, w := range []int{1, 2, 3, 10, 40} {
			if got := ansi.StringWidth(PadRight(SanitizeLine(raw), w)); got != w {
				t.Errorf("%s: PadRight to %d gave %d cells", name, w, got)
			}
		}
	}
}

func FuzzSanitize(f *testing.F) {
	for _, raw := range loadHostile(f) {
		f.Add(raw)
	}
	f.Add("\x1b[31mred\x1b[0m")
	f.Add("\x9b\x9d\x90\x98\x9e\x9f\x9c")
	f.Add("\xc2\x9d0;t\xc2\x9c")
	f.Add("\u202e\u2066\u200f")
	f.Fuzz(func(t *testing.T, in string) {
		out := Sanitize(in)
		checkSafe(t, "Sanitize", out, true)
		if again := Sanitize(out); again != out {
			t.Fatalf("not idempotent: %q → %q → %q", in, out, again)
		}
		line := SanitizeLine(in)
		checkSafe(t, "SanitizeLine", line, false)
		if again := SanitizeLine(line); again != line {
			t.Fatalf("SanitizeLine not idempotent: %q → %q → %q", in, line, again)
		}
		// Printable ASCII letters outside any escape survive: a string
		// without ESC or C1 keeps every letter and digit.
		if !strings.ContainsAny(in, "\x1b") && utf8.ValidString(in) && !hasC1(in) {
			if want, got := printableASCII(in), printableASCII(out); got != want {
				t.Fatalf("printable text changed: %q → %q", want, got)
			}
		}
		for _, w := range []int{0, 1, 5, 20} {
			if got := ansi.StringWidth(PadRight(line, w)); got != w {
				t.Fatalf("PadRight(%q, %d) is %d wide", line, w, got)
			}
		}
	})
}

// printableASCII keeps only the printable ASCII of s, in order.
func printableASCII(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] > 0x20 && s[i] < 0x7f {
			b.WriteByte(s[i])
		}
	}
	return b.String()
}

func hasC1(s string) bool {
	for _, r := range s {
		if r >= 0x80 && r <= 0x9f {
			return true
		}
	}
	return false
}

// hostileBlob is about 10 KB of mixed escapes, C1, bidi and text.
func hostileBlob(b *testing.B) string {
	var sb strings.Builder
	for _, raw := range loadHostile(b) {
		sb.WriteString(raw)
	}
	unit := sb.String()
	var out strings.Builder
	for out.Len() < 10<<10 {
		out.WriteString(unit)
	}
	return out.String()[:10<<10]
}

func BenchmarkSanitize(b *testing.B) {
	s := hostileBlob(b)
	b.SetBytes(int64(len(s)))
	b.ReportAllocs()
	for b.Loop() {
		_ = Sanitize(s)
	}
}

func BenchmarkSanitizeClean(b *testing.B) {
	s := strings.Repeat("A clean title — 日本語 \U0001F3B5 ", 300)
	b.SetBytes(int64(len(s)))
	b.ReportAllocs()
	for b.Loop() {
		_ = Sanitize(s)
	}
}

// Defect 10: an unfinished control string that is not a real sequence
// loses its introducer only; the text after it stays.
func TestUnfinishedSequenceKeepsText(t *testing.T) {
	cases := map[string]string{
		"C1 \u009b31m\u0085\u009dC1 controls": "C1 C1 controls",
		"a\x1b]not closed":                    "anot closed",
		"ok\x1b]52;c;ZWNobyBwd25lZA==":        "ok",
		"t\x1b]0;title\x07ext":                "text",
		"x\x1bPsixel":                         "xsixel",
	}
	for in, want := range cases {
		if got := SanitizeLine(in); got != want {
			t.Errorf("SanitizeLine(%q) = %q, want %q", in, got, want)
		}
	}
}
