package pulse

import (
	"encoding/binary"
	"fmt"
	"io"

	"github.com/jfreymuth/pulse/proto"
)

// maxFrame bounds one frame from the server; PulseAudio itself refuses
// frames over 16 MiB (FRAME_SIZE_MAX_ALLOW). The codec would allocate
// whatever a frame's header says.
const maxFrame = 16 << 20

// frameHeader is a frame's descriptor: length, channel, offset (two words)
// and flags, big-endian.
const frameHeader = 20

// commandChannel marks a frame that carries a command, not audio.
const commandChannel = 0xFFFFFFFF

// knownOps are the commands the codec's reader takes from the server. It
// prints any other's number to standard output, where the TUI draws, so
// frames with others are dropped before it sees them.
var knownOps = map[uint32]bool{
	proto.OpError: true, proto.OpReply: true, proto.OpRequest: true,
	proto.OpOverflow: true, proto.OpUnderflow: true,
	proto.OpPlaybackStreamKilled: true, proto.OpRecordStreamKilled: true,
	proto.OpSubscribeEvent:          true,
	proto.OpPlaybackStreamSuspended: true, proto.OpRecordStreamSuspended: true,
	proto.OpPlaybackStreamMoved: true, proto.OpRecordStreamMoved: true,
	proto.OpClientEvent: true, proto.OpPlaybackStreamEvent: true, proto.OpRecordStreamEvent: true,
	proto.OpStarted: true, proto.OpPlaybackBufferAttrChanged: true,
}

// frameFilter is what the codec reads from the server: whole frames, each
// bounded by maxFrame (a longer one fails the connection), without the
// commands the codec does not know.
type frameFilter struct {
	r       io.Reader
	pending []byte // the frames let through, not yet read
	buf     []byte
}

func newFrameFilter(r io.Reader) *frameFilter { return &frameFilter{r: r} }

func (f *frameFilter) Read(p []byte) (int, error) {
	for len(f.pending) == 0 {
		if err := f.next(); err != nil {
			return 0, err
		}
	}
	n := copy(p, f.pending)
	f.pending = f.pending[n:]
	return n, nil
}

// next reads one frame and keeps it in pending unless it is a command the
// codec does not know.
func (f *frameFilter) next() error {
	if cap(f.buf) < frameHeader {
		f.buf = make([]byte, frameHeader, 4096)
	}
	h := f.buf[:frameHeader]
	if _, err := io.ReadFull(f.r, h); err != nil {
		return err
	}
	n := binary.BigEndian.Uint32(h)
	if n > maxFrame {
		return fmt.Errorf("pulse: the server sent a frame of %d bytes (at most %d)", n, maxFrame)
	}
	if cap(f.buf) < frameHeader+int(n) {
		b := make([]byte, frameHeader+int(n))
		copy(b, h)
		f.buf = b
	}
	frame := f.buf[:frameHeader+int(n)]
	if _, err := io.ReadFull(f.r, frame[frameHeader:]); err != nil {
		if err == io.EOF {
			err = io.ErrUnexpectedEOF
		}
		return err
	}
	if binary.BigEndian.Uint32(frame[4:]) == commandChannel {
		// a command: tagged u32 'L', then its number
		body := frame[frameHeader:]
		if len(body) < 5 || body[0] != 'L' {
			return fmt.Errorf("pulse: the server sent a malformed command (%d bytes)", len(body))
		}
		if !knownOps[binary.BigEndian.Uint32(body[1:])] {
			return nil
		}
	}
	f.pending = frame
	return nil
}
