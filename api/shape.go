package api

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
)

// Bounds on the shape of one JSON answer, checked before it is decoded: a
// body within maxBody may still hold millions of tiny objects ("[{},{},…]"),
// and decoding each into a Track would take gigabytes.
const (
	// MaxPageItems is the most items one page may hold. SoundCloud's largest
	// page is MaxPageSize (200); the rest is slack for servers that round up.
	MaxPageItems = 1000
	// maxArrayItems bounds any other array (a playlist's inline tracks, a
	// waveform's samples).
	maxArrayItems = 20_000
	// maxContainers bounds the objects and arrays of one answer, so that
	// many arrays each under maxArrayItems cannot add up.
	maxContainers = 100_000
)

// ShapeError refuses an answer whose shape is beyond any real SoundCloud
// answer. It is not retried: the server would send the same again.
type ShapeError struct {
	Op   string
	What string
}

func (e *ShapeError) Error() string {
	return fmt.Sprintf("%s: refused the server's answer: %s", e.Op, e.What)
}

// readBody reads an answer of at most maxBody bytes, checking its JSON shape
// as it arrives, so that a hostile answer is refused after the first bound
// crossed rather than read whole and decoded.
func readBody(op string, r io.Reader, page bool) ([]byte, error) {
	var buf bytes.Buffer
	lr := io.LimitReader(r, maxBody)
	if err := checkShape(op, io.TeeReader(lr, &buf), page); err != nil {
		return nil, err
	}
	if _, err := io.Copy(&buf, lr); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// checkShape walks the tokens of r without building values and fails as soon
// as a bound is crossed. With page set, the page's collection (a bare array,
// or "collection" in the top object) is held to MaxPageItems. Malformed JSON
// or a body that is not JSON passes: decoding reports it as usual.
func checkShape(op string, r io.Reader, page bool) error {
	type frame struct {
		array     bool
		page      bool
		n         int
		expectKey bool
		key       string
	}
	var stack []frame
	containers := 0
	dec := json.NewDecoder(r)
	dec.UseNumber() // numbers stay strings: no float parsing
	// value counts one value in the enclosing array or object.
	value := func() error {
		if len(stack) == 0 {
			return nil
		}
		top := &stack[len(stack)-1]
		if !top.array {
			top.expectKey = true
			return nil
		}
		top.n++
		switch {
		case top.page && top.n > MaxPageItems:
			return &ShapeError{Op: op, What: fmt.Sprintf("a page of more than %d items (SoundCloud's pages hold at most %d)", MaxPageItems, MaxPageSize)}
		case top.n > maxArrayItems:
			return &ShapeError{Op: op, What: fmt.Sprintf("a list of more than %d items", maxArrayItems)}
		}
		return nil
	}
	for {
		tok, err := dec.Token()
		if err != nil {
			return nil // io.EOF, a read error or a syntax error: the caller reports it
		}
		if len(stack) > 0 {
			if top := &stack[len(stack)-1]; !top.array && top.expectKey {
				if k, ok := tok.(string); ok {
					top.key, top.expectKey = k, false
					continue
				}
			}
		}
		d, isDelim := tok.(json.Delim)
		switch {
		case !isDelim:
			if err := value(); err != nil {
				return err
			}
		case d == '{' || d == '[':
			if err := value(); err != nil {
				return err
			}
			if containers++; containers > maxContainers {
				return &ShapeError{Op: op, What: fmt.Sprintf("more than %d objects and lists in one answer", maxContainers)}
			}
			isPage := page && d == '[' && (len(stack) == 0 ||
				len(stack) == 1 && !stack[0].array && stack[0].key == "collection")
			stack = append(stack, frame{array: d == '[', page: isPage, expectKey: d == '{'})
		default: // '}' or ']'
			if len(stack) > 0 {
				stack = stack[:len(stack)-1]
			}
		}
	}
}
