package api

import (
	"bytes"
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
	return readAnswer(op, r, maxBody, true, page)
}

// readAnswer reads at most limit bytes; one byte more is a *ShapeError (a
// cut-off body would only fail later, and be fetched again in vain). JSON
// answers have their shape checked as they stream in; raw ones (images)
// do not.
func readAnswer(op string, r io.Reader, limit int64, isJSON, page bool) ([]byte, error) {
	var buf bytes.Buffer
	lr := &io.LimitedReader{R: r, N: limit + 1}
	if isJSON {
		if err := checkShape(op, io.TeeReader(lr, &buf), page); err != nil {
			return nil, err
		}
	}
	if _, err := io.Copy(&buf, lr); err != nil {
		return nil, err
	}
	if int64(buf.Len()) > limit {
		return nil, &ShapeError{Op: op, What: fmt.Sprintf("more than %d bytes", limit)}
	}
	return buf.Bytes(), nil
}

// checkShape scans r's JSON structure byte by byte without building values
// (encoding/json's Token allocates per token and halved list throughput) and
// fails as soon as a bound is crossed. With page set, the page's collection
// (a bare array, or "collection" in the top object) is held to MaxPageItems.
// Malformed JSON or a body that is not JSON passes: decoding reports it.
func checkShape(op string, r io.Reader, page bool) error {
	type frame struct {
		array bool
		page  bool
		n     int  // elements seen (arrays)
		empty bool // no element yet (arrays)
	}
	var (
		stack      []frame
		containers int
		inString   bool
		escaped    bool
		str        []byte // the current string's first bytes (keys)
		lastStr    string // the last string closed at depth 1
		key        string // the key being read in the top object
		buf        = make([]byte, 32<<10)
	)
	// element notes that a value starts: the first one of an array counts.
	element := func() {
		if len(stack) > 0 {
			if top := &stack[len(stack)-1]; top.array && top.empty {
				top.empty, top.n = false, 1
			}
		}
	}
	bound := func(top *frame) error {
		switch {
		case top.page && top.n > MaxPageItems:
			return &ShapeError{Op: op, What: fmt.Sprintf("a page of more than %d items (SoundCloud's pages hold at most %d)", MaxPageItems, MaxPageSize)}
		case top.n > maxArrayItems:
			return &ShapeError{Op: op, What: fmt.Sprintf("a list of more than %d items", maxArrayItems)}
		}
		return nil
	}
	for {
		n, rerr := r.Read(buf)
		for _, c := range buf[:n] {
			if inString {
				switch {
				case escaped:
					escaped = false
				case c == '\\':
					escaped = true
				case c == '"':
					inString = false
					if len(stack) == 1 {
						lastStr = string(str)
					}
				default:
					if len(stack) == 1 && len(str) < 16 {
						str = append(str, c)
					}
				}
				continue
			}
			switch c {
			case ' ', '\t', '\n', '\r':
			case '"':
				element()
				inString, str = true, str[:0]
			case ':':
				if len(stack) == 1 {
					key = lastStr
				}
			case ',':
				if len(stack) > 0 {
					if top := &stack[len(stack)-1]; top.array {
						top.n++
						if err := bound(top); err != nil {
							return err
						}
					}
				}
			case '{', '[':
				element()
				if containers++; containers > maxContainers {
					return &ShapeError{Op: op, What: fmt.Sprintf("more than %d objects and lists in one answer", maxContainers)}
				}
				isPage := page && c == '[' && (len(stack) == 0 ||
					len(stack) == 1 && !stack[0].array && key == "collection")
				stack = append(stack, frame{array: c == '[', page: isPage, empty: true})
			case '}', ']':
				if len(stack) > 0 {
					stack = stack[:len(stack)-1]
				}
			default: // numbers, true, false, null
				element()
			}
		}
		if rerr != nil {
			return nil // io.EOF, or a read error the caller meets again
		}
	}
}
