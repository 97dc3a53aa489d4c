package termimg

import (
	"bytes"
	"strconv"
	"strings"
)

// answers is what the terminal said.
type answers struct {
	kitty        bool // kitty's graphics query answered OK
	da1          bool // the device attributes came
	sixel        bool // ... and list 4, sixel graphics
	cellW, cellH int
	winW, winH   int // the text area in pixels
	version      string
}

// maxHeld bounds the bytes kept back as the possible start of an answer;
// past it they are taken for keys.
const maxHeld = 512

// filter takes the terminal's answers to the queries out of the input
// while keeping everything else, keys above all, in order: the keys
// pressed while the terminal is asked reach the program as pressed. An
// answer cut between two reads is held until its end comes (flush gives
// it back as keys when detection ends first).
type filter struct {
	a    answers
	held []byte
}

// feed reads b and returns the bytes that are not answers.
func (f *filter) feed(b []byte) []byte {
	if len(f.held) > 0 {
		b = append(f.held, b...)
		f.held = nil
	}
	var keys []byte
	for len(b) > 0 {
		i := bytes.IndexByte(b, 0x1b)
		if i < 0 {
			return append(keys, b...)
		}
		keys, b = append(keys, b[:i]...), b[i:]
		n, complete := f.answer(b)
		switch {
		case !complete && len(b) <= maxHeld:
			f.held = append([]byte(nil), b...)
			return keys
		case n > 0 && complete:
			b = b[n:]
		default: // ESC starting a key or a sequence that is no answer
			keys, b = append(keys, b[0]), b[1:]
		}
	}
	return keys
}

// flush gives back what was held as the start of an answer.
func (f *filter) flush() []byte {
	h := f.held
	f.held = nil
	return h
}

// answer looks at b, which starts with ESC: complete false means b may be
// the start of an answer whose end has not come; else n > 0 is the length
// of an answer, recorded in f.a, and n == 0 says b starts no answer.
func (f *filter) answer(b []byte) (n int, complete bool) {
	if len(b) < 2 {
		return 0, false
	}
	switch b[1] {
	case '_': // APC G ... ST: kitty
		body, n, ok := untilST(b[2:])
		if !ok {
			return 0, len(body) > 0 && body[0] != 'G' // held only if it may be kitty's
		}
		if !bytes.HasPrefix(body, []byte("G")) {
			return 0, true
		}
		if bytes.HasPrefix(body, []byte("Gi=31;")) && bytes.HasPrefix(body[6:], []byte("OK")) {
			f.a.kitty = true
		}
		return 2 + n, true
	case 'P': // DCS > | name ST: XTVERSION
		body, n, ok := untilST(b[2:])
		if !ok {
			return 0, !bytes.HasPrefix([]byte(">|"), body[:min(2, len(body))])
		}
		v, isVersion := bytes.CutPrefix(body, []byte(">|"))
		if !isVersion {
			return 0, true
		}
		f.a.version = sanitize(string(v))
		return 2 + n, true
	case '[':
		j := 2
		for j < len(b) && (b[j] >= '0' && b[j] <= '9' || b[j] == ';' || b[j] == '?') {
			j++
		}
		if j >= len(b) {
			return 0, false // parameters so far, no final byte yet
		}
		params, final := string(b[2:j]), b[j]
		switch {
		case final == 'c' && strings.HasPrefix(params, "?"):
			f.a.da1 = true
			for _, p := range strings.Split(params[1:], ";") {
				if p == "4" {
					f.a.sixel = true
				}
			}
			return j + 1, true
		case final == 't' && !strings.HasPrefix(params, "?"):
			fs := strings.Split(params, ";")
			if len(fs) != 3 || (fs[0] != "6" && fs[0] != "4") {
				return 0, true
			}
			h, e1 := strconv.Atoi(fs[1])
			w, e2 := strconv.Atoi(fs[2])
			if e1 == nil && e2 == nil && h > 0 && w > 0 && h <= 1<<15 && w <= 1<<15 {
				if fs[0] == "6" {
					f.a.cellW, f.a.cellH = w, h
				} else {
					f.a.winW, f.a.winH = w, h
				}
			}
			return j + 1, true
		}
	}
	return 0, true
}

// untilST finds the string terminator (ESC \ or BEL) in b: body is what
// comes before it and n the length through it; ok false when it has not
// come yet.
func untilST(b []byte) (body []byte, n int, ok bool) {
	for i := 0; i < len(b); i++ {
		switch {
		case b[i] == 0x07:
			return b[:i], i + 1, true
		case b[i] == 0x1b && i+1 < len(b) && b[i+1] == '\\':
			return b[:i], i + 2, true
		}
	}
	return b, 0, false
}

// parseAnswers reads a whole reply to queries; keys in it are dropped.
func parseAnswers(b []byte) answers {
	var f filter
	f.feed(b)
	return f.a
}
