package ui

import (
	"strings"
	"unicode/utf8"

	"github.com/charmbracelet/x/ansi"
)

// Sanitize makes network text (titles, names, descriptions, comments) safe to
// write to a terminal: a track title must not be able to set the clipboard
// (OSC 52), retitle the window, move the cursor, clear the screen or reverse
// the direction of the text around it.
//
// It removes, with their parameters and payloads: ESC-introduced sequences
// (CSI, OSC up to BEL or ST, DCS/SOS/PM/APC strings, two-character escapes),
// C1 controls both as runes U+0080–U+009F and as raw 8-bit bytes (so a lone
// 0x9B CSI goes with its parameters), C0 controls other than '\n' and '\t',
// DEL and bidi controls. Invalid UTF-8 becomes U+FFFD. Printable text, emoji
// (with ZWJ and variation selectors), CJK and combining marks are kept, but
// for one: the emoji selector U+FE0F after a character that is text by
// default (☁️, ✏️) goes, as terminals disagree on that pair's width (tmux
// draws one cell, lipgloss counts two) and a row measured wrong pushes the
// pane border out of line; the character stays, drawn as text.
// The result contains no control character but '\n' and '\t', so Sanitize is
// idempotent.
func Sanitize(s string) string {
	if isClean(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	i := 0
	prev := rune(0) // the last rune kept, for U+FE0F
	for i < len(s) {
		c := s[i]
		if c < 0x80 {
			prev = rune(c)
		}
		switch {
		case c == 0x1b:
			i = skipEscape(s, i+1)
		case c < 0x20:
			if c == '\n' || c == '\t' {
				b.WriteByte(c)
			}
			i++
		case c == 0x7f:
			i++
		case c < 0x80:
			b.WriteByte(c)
			i++
		default:
			r, size := utf8.DecodeRuneInString(s[i:])
			if r == utf8.RuneError && size == 1 {
				if c >= 0x80 && c <= 0x9f {
					// A raw 8-bit C1 control: some terminals obey it.
					i = skipC1(s, rune(c), i+1)
				} else {
					b.WriteRune(utf8.RuneError)
					i++
				}
				continue
			}
			switch {
			case r >= 0x80 && r <= 0x9f:
				i = skipC1(s, r, i+size)
			case isBidiControl(r):
				i += size
			case r == emojiSelector && ansi.StringWidth(string(prev)) < 2 && !strings.HasPrefix(s[i+size:], zwj):
				i += size // a ZWJ sequence (🏳️‍🌈) keeps its selectors
			default:
				b.WriteString(s[i : i+size])
				prev = r
				i += size
			}
		}
	}
	return b.String()
}

// SanitizeLine is Sanitize for one-line places (list rows, the now-playing
// bar): a title with embedded newlines or tabs must not break the layout.
// Runs of spaces, newlines, tabs and Unicode line/paragraph separators
// become one space, and the result is trimmed.
func SanitizeLine(s string) string {
	s = Sanitize(s)
	if !strings.ContainsAny(s, "\n\t\u2028\u2029") && !strings.Contains(s, "  ") {
		return strings.TrimSpace(s)
	}
	var b strings.Builder
	b.Grow(len(s))
	pendingSpace := false
	for _, r := range s {
		switch r {
		case '\n', '\t', ' ', '\u2028', '\u2029':
			pendingSpace = true
			continue
		}
		if pendingSpace && b.Len() > 0 {
			b.WriteByte(' ')
		}
		pendingSpace = false
		b.WriteRune(r)
	}
	return strings.TrimSpace(b.String())
}

// Truncate fits s into width terminal cells so columns line up whatever the
// script: it measures wide characters and emoji by grapheme cluster, never
// splits a cluster, and ends a cut string with "…". The result is never wider
// than width.
func Truncate(s string, width int) string {
	if width <= 0 {
		return ""
	}
	if ansi.StringWidth(s) <= width {
		return s
	}
	out := ansi.Truncate(s, width, "…")
	// Belt and braces for the ≤ width promise: should the library ever
	// measure its own result wider, cut one cell shorter until it fits.
	for ansi.StringWidth(out) > width && out != "" {
		width--
		out = ansi.Truncate(s, width, "…")
	}
	return out
}

// PadRight makes s exactly width cells wide (truncating with "…" if longer),
// measuring by display width rather than bytes, so CJK and emoji rows align.
func PadRight(s string, width int) string {
	if width <= 0 {
		return ""
	}
	s = Truncate(s, width)
	w := ansi.StringWidth(s)
	if w >= width {
		return s
	}
	s += strings.Repeat(" ", width-w)
	// A trailing prepend character (U+0600 ARABIC NUMBER SIGN) joins the
	// first space into its cluster, which then measures 0: top up.
	for i := 0; i < 4; i++ {
		w = ansi.StringWidth(s)
		if w >= width {
			break
		}
		s += strings.Repeat(" ", width-w)
	}
	return s
}

// isClean reports whether s needs no change, the common case, so Sanitize
// can return it without allocating.
func isClean(s string) bool {
	for i := 0; i < len(s); {
		c := s[i]
		if c < 0x80 {
			if (c < 0x20 && c != '\n' && c != '\t') || c == 0x7f {
				return false
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if (r == utf8.RuneError && size == 1) || (r >= 0x80 && r <= 0x9f) || isBidiControl(r) || r == emojiSelector {
			return false
		}
		i += size
	}
	return true
}

// emojiSelector is VARIATION SELECTOR-16: show the character before as an
// emoji.
const emojiSelector = '\ufe0f'

// zwj is ZERO WIDTH JOINER, which glues emoji into one.
const zwj = "\u200d"

// isBidiControl reports the explicit directional formatting characters that
// can make text display in an order other than the one it is stored in.
func isBidiControl(r rune) bool {
	switch {
	case r >= 0x202a && r <= 0x202e: // LRE RLE PDF LRO RLO
		return true
	case r >= 0x2066 && r <= 0x2069: // LRI RLI FSI PDI
		return true
	case r == 0x200e || r == 0x200f || r == 0x061c: // LRM RLM ALM
		return true
	}
	return false
}

// skipEscape returns the index just past the escape sequence whose ESC was
// just before i.
func skipEscape(s string, i int) int {
	if i >= len(s) {
		return i // lone ESC at the end
	}
	c := s[i]
	switch {
	case c == '[':
		return skipCSI(s, i+1)
	case c == ']' || c == 'P' || c == 'X' || c == '^' || c == '_':
		return skipString(s, i+1)
	case c >= 0x20 && c <= 0x2f:
		// Intermediate bytes then a final byte: ESC ( B, ESC # 8, ESC SP F.
		for i < len(s) && s[i] >= 0x20 && s[i] <= 0x2f {
			i++
		}
		if i < len(s) && s[i] >= 0x30 && s[i] <= 0x7e {
			i++
		}
		return i
	case c >= 0x30 && c <= 0x7e:
		return i + 1 // two-character escape: ESC 7, ESC c, ESC M ...
	}
	// ESC before a control, DEL or a non-ASCII byte: drop the ESC alone and
	// let the main loop judge what follows.
	return i
}

// skipC1 returns the index just past the C1 control r (already consumed up
// to i) and whatever parameters or payload it introduces.
func skipC1(s string, r rune, i int) int {
	switch r {
	case 0x9b: // CSI
		return skipCSI(s, i)
	case 0x9d, 0x90, 0x98, 0x9e, 0x9f: // OSC DCS SOS PM APC
		return skipString(s, i)
	}
	return i
}

// skipCSI skips parameter (0x30–0x3F) and intermediate (0x20–0x2F) bytes and
// the final byte (0x40–0x7E). A byte outside those ranges ends the sequence
// unconsumed, so the main loop still filters it.
func skipCSI(s string, i int) int {
	for i < len(s) && s[i] >= 0x20 && s[i] <= 0x3f {
		i++
	}
	if i < len(s) && s[i] >= 0x40 && s[i] <= 0x7e {
		i++
	}
	return i
}

// skipString skips a control string payload (OSC, DCS, SOS, PM, APC) up to
// and including its terminator: BEL, ST (ESC \, 0x9C or U+009C), or CAN/SUB,
// which abort it. Another ESC ends the string and starts a new escape. An
// unterminated string that opens with a parameter (OSC 52;…, DCS 0;1q…) is
// dropped whole; any other loses only its introducer, so the text after it
// stays ("C1 \u009dC1 controls" keeps "C1 controls").
func skipString(s string, i int) int {
	end, ok := stringEnd(s, i)
	if ok || (i < len(s) && s[i] >= 0x30 && s[i] <= 0x3f) {
		return end
	}
	return i
}

// stringEnd is the index just past a control string's terminator (or at
// the ESC that cuts it short); ok is false when it runs to the end of s.
func stringEnd(s string, i int) (end int, ok bool) {
	for i < len(s) {
		c := s[i]
		switch c {
		case 0x07, 0x18, 0x1a:
			return i + 1, true
		case 0x1b:
			if i+1 < len(s) && s[i+1] == '\\' {
				return i + 2, true
			}
			return i, true // the main loop handles the new ESC
		}
		if c < 0x80 {
			i++
			continue
		}
		// Decode so that a 0x9C continuation byte inside a multi-byte
		// character (as in U+201C) is not taken for ST.
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == 0x9c || (r == utf8.RuneError && size == 1 && c == 0x9c) {
			return i + size, true
		}
		i += size
	}
	return i, false
}
