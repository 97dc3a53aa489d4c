//go:build linux && cgo

package oto_test

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestHeardThroughALSADefault plays 2 s of a 440 Hz sine through this copy
// (cirrus's patch included) to ALSA's default device and reads back what
// the sound server played: the tone, at its pitch, for its length. Under
// scripts/with-services the default device is PulseAudio's ALSA plugin, on
// PulseAudio and (in make test's PipeWire pass) on PipeWire's PulseAudio
// server. It plays in a child process onto a null sink of its own (other
// packages' tests play onto the services' sink meanwhile), which the
// child's device is pointed at before it opens it (see heardChild).
func TestHeardThroughALSADefault(t *testing.T) {
	sink := os.Getenv("CIRRUS_HEARD_SINK")
	if sink == "" {
		heardChild(t, "ALSA plug-in [", nil)
		return
	}
	const rate, freq, secs = 48000, 440.0, 2
	var rec bytes.Buffer
	cmd := exec.Command("parec", "-d", sink+".monitor", "--format=float32le", "--rate=48000",
		"--channels=1", "--latency-msec=100", "--raw")
	cmd.Stdout = &rec
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Process.Kill()
	// the monitor may drop about the first second it records
	time.Sleep(1500 * time.Millisecond)

	pcm := make([]byte, rate*secs*8)
	for i := range rate * secs {
		v := math.Float32bits(float32(0.5 * math.Sin(2*math.Pi*freq*float64(i)/rate)))
		binary.LittleEndian.PutUint32(pcm[i*8:], v)
		binary.LittleEndian.PutUint32(pcm[i*8+4:], v)
	}
	p := theContext.NewPlayer(bytes.NewReader(pcm))
	p.Play()
	// which ALSA plugin plays it, by the name the server lists it under
	client := os.Getenv("CIRRUS_WANT_ALSA_CLIENT")
	seen := client == ""
	for deadline := time.Now().Add(10 * time.Second); p.IsPlaying(); time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("the player still plays 10 s after a 2 s sound started")
		}
		if !seen {
			out, _ := exec.Command("pactl", "list", "sink-inputs").Output()
			seen = strings.Contains(string(out), `application.name = "`+client+filepath.Base(os.Args[0])+`]"`)
		}
	}
	if !seen {
		t.Errorf("no sink input named %q while it played", client+filepath.Base(os.Args[0])+"]")
	}
	time.Sleep(time.Second) // what the device and the server still hold
	cmd.Process.Kill()
	cmd.Wait()

	x := make([]float32, rec.Len()/4)
	binary.Read(bytes.NewReader(rec.Bytes()[:len(x)*4]), binary.LittleEndian, x)
	// 10 ms blocks: the loud ones are the tone heard
	const block = rate / 100
	loud := 0
	for b := 0; b+block <= len(x); b += block {
		var sum float64
		for _, v := range x[b : b+block] {
			sum += float64(v) * float64(v)
		}
		if math.Sqrt(sum/block) > 0.1 {
			loud++
		}
	}
	heard := time.Duration(loud) * 10 * time.Millisecond
	if loud == 0 {
		t.Fatalf("nothing heard at %s.monitor in %v recorded", sink, time.Duration(len(x))*time.Second/rate)
	}
	// its pitch: zero crossings from the first loud sample to the last
	first, last := -1, -1
	for i, v := range x {
		if math.Abs(float64(v)) > 0.25 {
			if first < 0 {
				first = i
			}
			last = i
		}
	}
	crossings := 0
	for i := first + 1; i <= last; i++ {
		if (x[i-1] < 0) != (x[i] < 0) {
			crossings++
		}
	}
	pitch := float64(crossings) / 2 / (float64(last-first) / rate)
	t.Logf("heard %v of the 2 s tone, at %.1f Hz", heard, pitch)
	if heard < secs*time.Second-300*time.Millisecond || heard > secs*time.Second+100*time.Millisecond {
		t.Errorf("heard %v of tone, want 2 s", heard)
	}
	if math.Abs(pitch-freq) > 10 {
		t.Errorf("heard %.1f Hz, want %v", pitch, freq)
	}
}

// TestHeardThroughPipeWireALSA runs TestHeardThroughALSADefault again in a
// child process whose ALSA default device is PipeWire's own ALSA plugin
// (pipewire-alsa, unpacked into bin/ by scripts/install-deps --test: the
// package conflicts with pulseaudio), and checks that the server saw the
// plugin's client, not PulseAudio's. It runs in make test's PipeWire pass.
func TestHeardThroughPipeWireALSA(t *testing.T) {
	if os.Getenv("CIRRUS_SOUND_SERVER") != "pipewire" {
		t.Skip("runs in make test's PipeWire pass (CIRRUS_SOUND_SERVER=pipewire)")
	}
	var lib string
	for _, pat := range []string{"../../bin/pipewire-alsa/usr/lib/*/alsa-lib", "/usr/lib/*/alsa-lib"} {
		if m, _ := filepath.Glob(filepath.Join(pat, "libasound_module_pcm_pipewire.so")); len(m) > 0 {
			lib, _ = filepath.Abs(filepath.Dir(m[0]))
			break
		}
	}
	if lib == "" {
		t.Fatal("PipeWire's ALSA plugin is not there: run scripts/install-deps --test")
	}
	// Only PipeWire's device: the system's configuration would route
	// the default device to PulseAudio's plugin.
	conf := filepath.Join(t.TempDir(), "asound.conf")
	heardChild(t, "PipeWire ALSA [", func(sink string) []string {
		err := os.WriteFile(conf, []byte(`pcm_type.pipewire { lib "`+lib+`/libasound_module_pcm_pipewire.so" }
ctl_type.pipewire { lib "`+lib+`/libasound_module_ctl_pipewire.so" }
pcm.!default { type pipewire playback_node "`+sink+`" capture_node "-1" }
ctl.!default { type pipewire }
`), 0o644)
		if err != nil {
			t.Fatal(err)
		}
		return []string{"ALSA_CONFIG_PATH=" + conf}
	})
}

// heardChild runs TestHeardThroughALSADefault in a child process that
// plays onto a null sink of its own, made for it (PULSE_SINK points
// PulseAudio's plugin there; env gives more of the child's environment),
// and checks that the server listed the child's stream under client, the
// name the ALSA plugin gives it.
func heardChild(t *testing.T, client string, env func(sink string) []string) {
	t.Helper()
	if os.Getenv("CIRRUS_SERVICES_UP") != "1" {
		if os.Getenv("CIRRUS_SKIP_SERVICES") != "1" {
			t.Fatal("needs a sound server: run under scripts/with-services (CIRRUS_SKIP_SERVICES=1 skips this test)")
		}
		t.Skip("needs a sound server; skipped because CIRRUS_SKIP_SERVICES=1")
	}
	sink := fmt.Sprintf("otoheard%d", os.Getpid())
	out, err := exec.Command("pactl", "load-module", "module-null-sink", "sink_name="+sink).Output()
	if err != nil {
		t.Fatalf("pactl load-module module-null-sink: %v", err)
	}
	module := strings.TrimSpace(string(out))
	t.Cleanup(func() { exec.Command("pactl", "unload-module", module).Run() })
	for deadline := time.Now().Add(5 * time.Second); ; time.Sleep(50 * time.Millisecond) {
		if l, _ := exec.Command("pactl", "list", "short", "sinks").Output(); strings.Contains(string(l), sink) {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the sink %s did not appear", sink)
		}
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestHeardThroughALSADefault$", "-test.v", "-test.count=1")
	cmd.Env = append(os.Environ(), "PULSE_SINK="+sink, "CIRRUS_HEARD_SINK="+sink, "CIRRUS_WANT_ALSA_CLIENT="+client)
	if env != nil {
		cmd.Env = append(cmd.Env, env(sink)...)
	}
	b, err := cmd.CombinedOutput()
	t.Logf("through %s…]:\n%s", client, b)
	if err != nil || !strings.Contains(string(b), "--- PASS: TestHeardThroughALSADefault") {
		t.Errorf("the heard test failed through %s…] (%v)", client, err)
	}
}
