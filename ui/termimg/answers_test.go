package termimg

import "testing"

// Keys pressed while the terminal answers come out in order, the answers
// taken out, whether a key falls between two answers, inside a read with
// them, or the read ends in the middle of an answer.
func TestFilterKeepsKeysBetweenAnswers(t *testing.T) {
	reads := []string{
		"j",                                 // a key before any answer
		"\x1b_Gi=31;OK\x1b\\k\x1b[6;20;10t", // a key between two answers
		"\x1b[A\x1b[4;480;8",                // an arrow key, then half an answer
		"00t:\x1bP>|kitty(0.26",             // its end, a key, half of XTVERSION
		".5)\x1b\\\x1b[<0;3;4M\x1b[?62;c\x1b[1;5Cq", // its end, a mouse click, DA1, ctrl+right, a key
	}
	var f filter
	var keys string
	for _, r := range reads {
		keys += string(f.feed([]byte(r)))
	}
	keys += string(f.flush())
	if want := "jk\x1b[A:\x1b[<0;3;4M\x1b[1;5Cq"; keys != want {
		t.Fatalf("keys %q, want %q", keys, want)
	}
	a := f.a
	if !a.kitty || !a.da1 || a.cellW != 10 || a.cellH != 20 || a.winW != 800 || a.winH != 480 || a.version != "kitty(0.26.5)" {
		t.Fatalf("answers %+v", a)
	}
}

// A lone Escape, or one that starts something no terminal answers, is a
// key: held while it may still start an answer, then handed on.
func TestFilterHandsOnEscape(t *testing.T) {
	var f filter
	if k := f.feed([]byte("x\x1b")); string(k) != "x" {
		t.Fatalf("before the Escape: %q", k)
	}
	if k := string(f.feed([]byte("y"))); k != "\x1by" { // alt+y
		t.Fatalf("alt+y: %q", k)
	}
	if k := string(f.feed([]byte("\x1b"))); k != "" {
		t.Fatalf("a lone Escape was not held: %q", k)
	}
	if k := string(f.flush()); k != "\x1b" {
		t.Fatalf("flush: %q", k)
	}
	// An APC or DCS that is not one of the answers passes whole.
	if k := string(f.feed([]byte("\x1b_Xhello\x1b\\\x1bPqsixel\x1b\\"))); k != "\x1b_Xhello\x1b\\\x1bPqsixel\x1b\\" {
		t.Fatalf("foreign strings: %q", k)
	}
	if f.a != (answers{}) {
		t.Fatalf("answers from keys: %+v", f.a)
	}
}
