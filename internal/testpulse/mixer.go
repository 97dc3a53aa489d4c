package testpulse

import (
	"net"
	"strings"
	"testing"
	"time"

	"github.com/jfreymuth/pulse/proto"
)

// Mixer is a client of a sound server that stays connected, as a mixer
// (pavucontrol, a desktop's sound settings) does, to move streams.
//
// A test moves a stream through it rather than with pactl: PipeWire
// 0.3.65's pipewire-pulse acknowledges a move at once and carries it out
// by a metadata write queued on that client's own PipeWire connection,
// which it drops, unsent, when the client hangs up before the connection
// is flushed. pactl hangs up as soon as it has the acknowledgement, and on
// a busy machine pipewire-pulse reads the move and the hang-up together:
// the move was acknowledged and never made (seen in a CI run and here,
// once in three runs).
type Mixer struct {
	c  *proto.Client
	nc net.Conn
}

// NewMixer connects to the server at addr ("unix:/path", as Server.Addr
// gives it, or a socket path); the connection is closed when the test
// ends.
func NewMixer(t testing.TB, addr string) *Mixer {
	t.Helper()
	nc, err := net.DialTimeout("unix", strings.TrimPrefix(addr, "unix:"), 5*time.Second)
	if err != nil {
		t.Fatalf("testpulse: connect a mixer to %s: %v", addr, err)
	}
	t.Cleanup(func() { nc.Close() })
	c := &proto.Client{}
	c.SetTimeout(10 * time.Second)
	c.Open(nc)
	var auth proto.AuthReply
	if err := c.Request(&proto.Auth{Version: c.Version(), Cookie: make([]byte, 256)}, &auth); err != nil {
		t.Fatalf("testpulse: mixer authentication: %v", err)
	}
	c.SetVersion(auth.Version)
	if err := c.Request(&proto.SetClientName{Props: proto.PropList{"application.name": proto.PropListString("cirrus-test-mixer")}}, &proto.SetClientNameReply{}); err != nil {
		t.Fatalf("testpulse: mixer name: %v", err)
	}
	return &Mixer{c: c, nc: nc}
}

// MoveSinkInput moves the sink input index to the sink named sink.
func (m *Mixer) MoveSinkInput(index uint32, sink string) error {
	return m.c.Request(&proto.MoveSinkInput{SinkInputIndex: index, DeviceIndex: proto.Undefined, DeviceName: sink}, nil)
}
