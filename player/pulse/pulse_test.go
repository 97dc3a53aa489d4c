package pulse

import (
	"os"
	"testing"
	"time"
)

// needServer skips without the test services and insists on them when
// scripts/with-services says they are up.
func needServer(t *testing.T) {
	t.Helper()
	if os.Getenv("CIRRUS_SERVICES_UP") != "1" {
		if os.Getenv("CIRRUS_SKIP_SERVICES") != "1" {
			t.Fatal("needs a sound server: run under scripts/with-services (CIRRUS_SKIP_SERVICES=1 skips this test)")
		}
		t.Skip("needs a sound server; skipped because CIRRUS_SKIP_SERVICES=1")
	}
}

const rate = 44100

func silence(d time.Duration) []byte {
	return make([]byte, int(d.Seconds()*rate)*FrameBytes)
}

// TestFlushThenPlayOn writes half a second, lets it play, flushes, and
// writes again: after the flush the server holds nothing (write index back
// at the read index), and what is written then plays (the read index
// moves), and the server's notices are still taken: PipeWire 0.3.65's
// server says "started" again after a flush (seen here: once before the
// flush and once after it; PulseAudio 16 once before, not after), and
// jfreymuth/pulse's own stream blocks its connection's reader on that
// second notice (an unbuffered channel nobody reads), so it hears no more
// requests and stops playing: the silence after a flush the issue saw.
// This package's reader never blocks. It logs the requests and notices.
func TestFlushThenPlayOn(t *testing.T) {
	needServer(t)
	c, err := Dial("", map[string]string{"application.name": "cirrus-test"})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	name, _ := c.ServerName()
	st, err := c.NewPlayback(StreamOptions{Rate: rate, Props: map[string]string{"media.name": "flush test"},
		Target: time.Second, Start: 50 * time.Millisecond, Volume: 1})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if err := st.Write(silence(500 * time.Millisecond)); err != nil {
		t.Fatal(err)
	}
	if err := st.Cork(false); err != nil {
		t.Fatal(err)
	}
	time.Sleep(300 * time.Millisecond)
	before, started := st.Asked(), st.Started()
	if err := st.Flush(); err != nil {
		t.Fatal(err)
	}
	tm, err := st.Timing()
	if err != nil {
		t.Fatal(err)
	}
	if tm.WriteIndex != tm.ReadIndex {
		t.Errorf("after the flush the server holds %d bytes (write %d, read %d), want none", tm.WriteIndex-tm.ReadIndex, tm.WriteIndex, tm.ReadIndex)
	}
	if err := st.Write(silence(800 * time.Millisecond)); err != nil {
		t.Fatal(err)
	}
	var moved bool
	var tm2 Timing
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline) && !moved; time.Sleep(50 * time.Millisecond) {
		if tm2, err = st.Timing(); err != nil {
			t.Fatal(err)
		}
		moved = tm2.ReadIndex > tm.ReadIndex+int64(len(silence(100*time.Millisecond)))
	}
	time.Sleep(300 * time.Millisecond)
	t.Logf("%s: requests asked %d bytes before the flush, %d after it; started %d times before it, %d after; read index %d after the flush, %d later (running %v)",
		name, before, st.Asked()-before, started, st.Started()-started, tm.ReadIndex, tm2.ReadIndex, tm2.Running)
	if st.Asked() == before {
		t.Errorf("the server asked for nothing after the flush (or its requests were not heard)")
	}
	if !moved {
		t.Errorf("what was written after the flush does not play: read index %d after the flush, %d 5 s later", tm.ReadIndex, tm2.ReadIndex)
	}
}
