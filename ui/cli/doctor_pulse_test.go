//go:build unix

package cli

import (
	"os"
	"testing"

	"github.com/cirrus-tui/cirrus/internal/testpulse"
)

// The doctor's sound test on a real PulseAudio of the test's own: the
// inaudible silence goes to the named device.
func TestDoctorSoundOnPulseAudio(t *testing.T) {
	if os.Getenv("CIRRUS_SERVICES_UP") != "1" {
		if os.Getenv("CIRRUS_SKIP_SERVICES") != "1" {
			t.Fatal("needs PulseAudio: run under scripts/with-services (CIRRUS_SKIP_SERVICES=1 skips this test)")
		}
		t.Skip("needs PulseAudio; skipped because CIRRUS_SKIP_SERVICES=1")
	}
	newWorld(t)
	pa := testpulse.Start(t, testpulse.Options{Sinks: []string{"doctorsink"}})
	t.Setenv("PULSE_SERVER", pa.Addr())
	r, m := doctorJSON(t, "--output", "pulse", "--device", "doctorsink")
	if r.code != ExitOK {
		t.Errorf("exit %d: %s", r.code, r.errOut)
	}
	wantCheck(t, m, "sound", checkOK, "output pulse, doctorsink")
	wantCheck(t, m, "sound", checkOK, "of silence")
}
