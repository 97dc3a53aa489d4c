package pulse

import (
	"bytes"
	"encoding/binary"
	"io"
	"strings"
	"testing"

	"github.com/jfreymuth/pulse/proto"
)

// frame is one frame as a server sends it.
func frame(channel uint32, body []byte) []byte {
	b := make([]byte, frameHeader, frameHeader+len(body))
	binary.BigEndian.PutUint32(b, uint32(len(body)))
	binary.BigEndian.PutUint32(b[4:], channel)
	return append(b, body...)
}

// command is a command frame: op and tag, tagged, then args.
func command(op uint32, args ...byte) []byte {
	b := []byte{'L', 0, 0, 0, 0, 'L', 0, 0, 0, 7}
	binary.BigEndian.PutUint32(b[1:], op)
	return frame(commandChannel, append(b, args...))
}

// TestFrameFilter: the frames the codec knows pass whole and in order, in
// reads of any size; a command it does not know (which it would print to
// standard output, under the TUI) is dropped; a frame over maxFrame (which
// it would allocate) and a malformed command fail the read.
func TestFrameFilter(t *testing.T) {
	reply := command(proto.OpReply, 'L', 0, 0, 0, 1)
	request := command(proto.OpRequest, 'L', 0, 0, 0, 0, 'L', 0, 0, 16, 0)
	data := frame(3, bytes.Repeat([]byte{9}, 5000))
	unknown := command(999, 't', 'e', 'x', 't', 0)
	var in []byte
	for _, f := range [][]byte{reply, unknown, request, data, unknown} {
		in = append(in, f...)
	}
	want := append(append(append([]byte{}, reply...), request...), data...)
	for _, chunk := range []int{1, 7, 4096, 1 << 20} {
		f := newFrameFilter(bytes.NewReader(in))
		var got []byte
		buf := make([]byte, chunk)
		for {
			n, err := f.Read(buf)
			got = append(got, buf[:n]...)
			if err == io.EOF {
				break
			}
			if err != nil {
				t.Fatalf("reads of %d: %v", chunk, err)
			}
		}
		if !bytes.Equal(got, want) {
			t.Errorf("reads of %d: %d bytes let through, want the %d of the known frames", chunk, len(got), len(want))
		}
	}

	huge := make([]byte, frameHeader)
	binary.BigEndian.PutUint32(huge, maxFrame+1)
	binary.BigEndian.PutUint32(huge[4:], 3)
	if _, err := newFrameFilter(bytes.NewReader(append(reply, huge...))).Read(make([]byte, 1<<20)); err != nil {
		t.Fatalf("the frame before the huge one: %v", err)
	}
	f := newFrameFilter(bytes.NewReader(huge))
	if _, err := f.Read(make([]byte, 64)); err == nil || !strings.Contains(err.Error(), "frame of") {
		t.Errorf("a frame of %d bytes: %v, want it refused", maxFrame+1, err)
	}
	if _, err := newFrameFilter(bytes.NewReader(frame(commandChannel, []byte{'L', 0}))).Read(make([]byte, 64)); err == nil {
		t.Error("a command of 2 bytes was let through")
	}
	if _, err := newFrameFilter(bytes.NewReader(reply[:len(reply)-2])).Read(make([]byte, 64)); err != io.ErrUnexpectedEOF {
		t.Errorf("a frame cut short: %v, want io.ErrUnexpectedEOF", err)
	}
}
