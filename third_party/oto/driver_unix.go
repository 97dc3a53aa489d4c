// Copyright 2021 The Oto Authors
//
// Licensed under the Apache License, Version 2.0 (the "License");
// you may not use this file except in compliance with the License.
// You may obtain a copy of the License at
//
//     http://www.apache.org/licenses/LICENSE-2.0
//
// Unless required by applicable law or agreed to in writing, software
// distributed under the License is distributed on an "AS IS" BASIS,
// WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
// See the License for the specific language governing permissions and
// limitations under the License.

//go:build !android && !darwin && !js && !windows && !nintendosdk && !playstation5

package oto

// #cgo pkg-config: alsa
// #cgo LDFLAGS: -lpthread
//
// #include <alsa/asoundlib.h>
// #include <errno.h>
// #include <fcntl.h>
// #include <poll.h>
// #include <pthread.h>
// #include <signal.h>
// #include <stdlib.h>
// #include <string.h>
// #include <unistd.h>
//
// // otoWriter is the device writer: a C thread that owns the per-period
// // writing (snd_pcm_writei), fed from a ring of float32 frames that Go
// // fills. See writerMain.
// typedef struct {
// 	snd_pcm_t *pcm;
// 	int channels;
// 	snd_pcm_uframes_t period;	// the device's period (avail_min)
// 	unsigned rate;
//
// 	// io is held around every ALSA call on pcm: by the writer, and by Go's
// 	// control calls (Suspend, Resume, DropBuffered). The writer waits for
// 	// the device in poll() without it, and calls ALSA in non-blocking mode.
// 	pthread_mutex_t io;
// 	int suspended;	// under io: the writer does not touch pcm
// 	int ctl;	// under io: bumped by every control call
// 	int err;	// under io and ring: the ALSA error that stopped the writer
// 	const char *errAt;
//
// 	// ring is held briefly around the ring's indices and Go's copy into it.
// 	pthread_mutex_t ring;
// 	float *buf;
// 	size_t frames;	// capacity
// 	size_t head;	// first frame to write to the device
// 	size_t count;	// frames held
// 	size_t low;	// Go is told (notifyFd) when count drops below low
// 	int signalled;	// Go has been told and has not filled since
// 	float gain;	// under ring: the gain Go set (cirrus patch), applied as frames go to the device
// 	float applied;	// the writer's: the gain the last scaled frame got
// 	size_t scaled;	// under io: frames from head already scaled (a short write leaves some)
// 	int starved;	// the device has a period free and the ring is empty
//
// 	int notifyFd;	// writer -> Go: a byte means "fill the ring"
// 	int wakeR, wakeW;	// Go -> writer: a byte wakes its poll()
// 	pthread_t thread;
// } otoWriter;
//
// static void otoPoke(int fd) {
// 	char b = 1;
// 	ssize_t r = write(fd, &b, 1); // non-blocking; a full pipe is awake anyway
// 	(void)r;
// }
//
// // otoNotifyLocked tells Go to fill the ring once it is below the low-water
// // mark (or empty with the device wanting more); the caller holds ring.
// static void otoNotifyLocked(otoWriter *w) {
// 	if (!w->signalled && (w->count < w->low || w->starved)) {
// 		w->signalled = 1;
// 		otoPoke(w->notifyFd);
// 	}
// }
//
// // otoScale multiplies k frames at p by a gain going from `from` to `to`
// // across them (cirrus patch).
// static void otoScale(float *p, size_t k, int ch, float from, float to) {
// 	if (k == 0 || (from == 1.0f && to == 1.0f)) return;
// 	for (size_t i = 0; i < k; i++) {
// 		float g = to;
// 		if (from != to) g = from + (to - from) * (float)(i + 1) / (float)k;
// 		for (int c = 0; c < ch; c++) p[i * ch + c] *= g;
// 	}
// }
//
// // otoService writes what the ring holds to the device, a period at least
// // at a time (or all the ring holds); the caller holds io. It returns 1 to
// // wait for the device, with *deficit the frames it lacks for a period, 0
// // to wait for data (the ring is empty and the device has a period free),
// // or a negative ALSA error.
// static int otoService(otoWriter *w, snd_pcm_uframes_t *deficit) {
// 	int recovers = 0;
// 	*deficit = 0;
// 	for (;;) {
// 		snd_pcm_sframes_t n = snd_pcm_avail_update(w->pcm);
// 		if (n >= 0) {
// 			size_t head, count;
// 			float gain;
// 			if ((snd_pcm_uframes_t)n < w->period) {
// 				*deficit = w->period - n;
// 				return 1;
// 			}
// 			pthread_mutex_lock(&w->ring);
// 			head = w->head;
// 			count = w->count;
// 			gain = w->gain;
// 			if (count == 0) {
// 				w->starved = 1;
// 				otoNotifyLocked(w);
// 				pthread_mutex_unlock(&w->ring);
// 				return 0;
// 			}
// 			pthread_mutex_unlock(&w->ring);
// 			if ((size_t)n > count) n = count;
// 			if ((size_t)n > w->frames - head) n = w->frames - head;
// 			if ((size_t)n > w->scaled) {
// 				// The gain is applied here, as frames leave the ring, so
// 				// a volume change is heard after the device buffer, not
// 				// the ring too; a change ramps over the chunk.
// 				otoScale(w->buf + (head + w->scaled) * w->channels, n - w->scaled, w->channels, w->applied, gain);
// 				w->applied = gain;
// 				w->scaled = n;
// 			}
// 			// Only this thread moves head, and Go writes only past
// 			// head+count: the frames written here are not touched.
// 			n = snd_pcm_writei(w->pcm, w->buf + head * w->channels, n);
// 			if (n == -EAGAIN) {
// 				*deficit = w->period;
// 				return 1;
// 			}
// 			if (n >= 0) {
// 				pthread_mutex_lock(&w->ring);
// 				w->head = (w->head + n) % w->frames;
// 				w->count -= n;
// 				w->scaled -= n;
// 				otoNotifyLocked(w);
// 				pthread_mutex_unlock(&w->ring);
// 				continue; // the device may have room for more
// 			}
// 			w->errAt = "snd_pcm_writei or snd_pcm_recover";
// 		} else {
// 			w->errAt = "snd_pcm_avail_update or snd_pcm_recover";
// 		}
// 		// An underrun (-EPIPE) or a suspend (-ESTRPIPE): start again.
// 		if (++recovers > 8) {
// 			return (int)n;
// 		}
// 		int err = snd_pcm_recover(w->pcm, (int)n, 1);
// 		if (err < 0) {
// 			return err;
// 		}
// 	}
// }
//
// // writerMain is the writer thread: it writes the ring to the device as
// // the device makes room, and sleeps in poll() (on the device's
// // descriptors, or only on its wake pipe while suspended or starved)
// // without holding io. Should the device's descriptors wake it twice in a
// // row with less than a period of room (PulseAudio's plugin can say it is
// // ready before ALSA counts a period free), it sleeps for the time that
// // room takes to come instead of spinning.
// static void *writerMain(void *arg) {
// 	otoWriter *w = arg;
// 	enum { maxFds = 16 };
// 	struct pollfd pfds[1 + maxFds];
// 	int npcm = 0, ctl = 0, early = 0, pcmWoke = 0;
// 	for (;;) {
// 		int timeout = -1;
// 		pthread_mutex_lock(&w->io);
// 		if (npcm > 0 && ctl == w->ctl) {
// 			// Lets plugins (PulseAudio's) clear what woke poll().
// 			unsigned short revents;
// 			snd_pcm_poll_descriptors_revents(w->pcm, pfds + 1, npcm, &revents);
// 		}
// 		npcm = 0;
// 		ctl = w->ctl;
// 		if (!w->suspended) {
// 			snd_pcm_uframes_t deficit;
// 			int r = otoService(w, &deficit);
// 			if (r < 0) {
// 				pthread_mutex_lock(&w->ring);
// 				w->err = r;
// 				otoPoke(w->notifyFd);
// 				pthread_mutex_unlock(&w->ring);
// 				pthread_mutex_unlock(&w->io);
// 				return NULL;
// 			}
// 			early = (r == 1 && pcmWoke) ? early + 1 : 0;
// 			if (early >= 2) {
// 				// At least a quarter period: the room may come in steps.
// 				if (deficit < w->period / 4) deficit = w->period / 4;
// 				timeout = (int)(deficit * 1000 / w->rate) + 1;
// 			} else if (r == 1) {
// 				npcm = snd_pcm_poll_descriptors(w->pcm, pfds + 1, maxFds);
// 				if (npcm < 0) npcm = 0;
// 			}
// 		}
// 		pthread_mutex_unlock(&w->io);
//
// 		pfds[0].fd = w->wakeR;
// 		pfds[0].events = POLLIN;
// 		pfds[0].revents = 0;
// 		if (poll(pfds, 1 + npcm, timeout) < 0 && errno != EINTR) {
// 			npcm = 0;
// 		}
// 		pcmWoke = 0;
// 		for (int i = 1; i <= npcm; i++) {
// 			if (pfds[i].revents) pcmWoke = 1;
// 		}
// 		if (pfds[0].revents & POLLIN) {
// 			char b[64];
// 			while (read(w->wakeR, b, sizeof b) > 0) {
// 			}
// 		}
// 	}
// }
//
// static int otoNonblockPipe(int fds[2]) {
// 	if (pipe(fds) < 0) return -errno;
// 	for (int i = 0; i < 2; i++) {
// 		fcntl(fds[i], F_SETFL, fcntl(fds[i], F_GETFL) | O_NONBLOCK);
// 		fcntl(fds[i], F_SETFD, FD_CLOEXEC);
// 	}
// 	return 0;
// }
//
// // otoWriterStart starts the writer on pcm (set to non-blocking mode here)
// // with a ring of frames frames; notifyFd is the write end of Go's pipe.
// static otoWriter *otoWriterStart(snd_pcm_t *pcm, int channels, unsigned rate, snd_pcm_uframes_t period, size_t frames, size_t low, int notifyFd, int *errOut) {
// 	otoWriter *w = calloc(1, sizeof *w);
// 	if (!w) { *errOut = -ENOMEM; return NULL; }
// 	w->buf = calloc(frames * channels, sizeof(float));
// 	if (!w->buf) { free(w); *errOut = -ENOMEM; return NULL; }
// 	w->pcm = pcm;
// 	w->channels = channels;
// 	w->period = period;
// 	w->rate = rate;
// 	w->frames = frames;
// 	w->low = low;
// 	w->notifyFd = notifyFd;
// 	w->gain = 1.0f;
// 	w->applied = 1.0f;
// 	int fds[2];
// 	int err = otoNonblockPipe(fds);
// 	if (err < 0) { free(w->buf); free(w); *errOut = err; return NULL; }
// 	w->wakeR = fds[0];
// 	w->wakeW = fds[1];
// 	pthread_mutex_init(&w->io, NULL);
// 	pthread_mutex_init(&w->ring, NULL);
// 	if ((err = snd_pcm_nonblock(pcm, 1)) < 0) { *errOut = err; return NULL; }
// 	// Go's signals are for Go's threads.
// 	sigset_t all, old;
// 	sigfillset(&all);
// 	pthread_sigmask(SIG_SETMASK, &all, &old);
// 	err = pthread_create(&w->thread, NULL, writerMain, w);
// 	pthread_sigmask(SIG_SETMASK, &old, NULL);
// 	if (err != 0) { *errOut = -err; return NULL; }
// 	pthread_detach(w->thread);
// 	return w;
// }
//
// // otoWriterState reports the ring's fill, whether the writer is starved
// // and its error, for Go's filler.
// static size_t otoWriterState(otoWriter *w, int *starved, int *err) {
// 	pthread_mutex_lock(&w->ring);
// 	size_t count = w->count;
// 	*starved = w->starved;
// 	*err = w->err;
// 	pthread_mutex_unlock(&w->ring);
// 	return count;
// }
//
// // otoWriterPush appends n frames to the ring (n fits: Go asked
// // otoWriterState first and nothing else adds). It returns 1 when Go should
// // fill again at once (the writer is starved and the ring still empty).
// static int otoWriterPush(otoWriter *w, const float *src, size_t n) {
// 	pthread_mutex_lock(&w->ring);
// 	size_t tail = (w->head + w->count) % w->frames;
// 	size_t first = w->frames - tail;
// 	if (first > n) first = n;
// 	if (n > 0) {
// 		memcpy(w->buf + tail * w->channels, src, first * w->channels * sizeof(float));
// 		memcpy(w->buf, src + first * w->channels, (n - first) * w->channels * sizeof(float));
// 	}
// 	w->count += n;
// 	int again = 0;
// 	if (w->starved && n > 0) {
// 		w->starved = 0;
// 		otoPoke(w->wakeW);
// 	}
// 	if (w->starved && w->count == 0) {
// 		again = 1;
// 	} else {
// 		w->signalled = 0;
// 	}
// 	pthread_mutex_unlock(&w->ring);
// 	return again;
// }
//
// static size_t otoWriterBuffered(otoWriter *w) {
// 	pthread_mutex_lock(&w->ring);
// 	size_t count = w->count;
// 	pthread_mutex_unlock(&w->ring);
// 	return count;
// }
//
// // otoWriterLock takes io for a control call: the writer is then in no
// // ALSA call (at most a non-blocking one was waited for). It returns the
// // writer's error, if it stopped.
// static int otoWriterLock(otoWriter *w) {
// 	pthread_mutex_lock(&w->io);
// 	return w->err;
// }
//
// // otoWriterUnlock ends a control call and wakes the writer to look again.
// static void otoWriterUnlock(otoWriter *w, int wake) {
// 	w->ctl++;
// 	pthread_mutex_unlock(&w->io);
// 	if (wake) otoPoke(w->wakeW);
// }
//
// // otoWriterDrop empties the ring; the caller holds io.
// static void otoWriterDrop(otoWriter *w) {
// 	pthread_mutex_lock(&w->ring);
// 	w->head = 0;
// 	w->count = 0;
// 	w->starved = 0;
// 	w->scaled = 0;
// 	pthread_mutex_unlock(&w->ring);
// }
//
// static void otoWriterSetSuspended(otoWriter *w, int s) { w->suspended = s; }
//
// static void otoWriterSetGain(otoWriter *w, float g) {
// 	pthread_mutex_lock(&w->ring);
// 	w->gain = g;
// 	pthread_mutex_unlock(&w->ring);
// }
import "C"

import (
	"fmt"
	"os"
	"strings"
	"sync"
	"syscall"
	"time"
	"unsafe"

	"github.com/cirrus-tui/cirrus/third_party/oto/internal/mux"
)

type context struct {
	sampleRate   int
	channelCount int

	suspended bool

	handle *C.snd_pcm_t

	// canPause reports whether the device can pause (snd_pcm_hw_params_can_pause).
	canPause bool
	// devicePaused reports whether Suspend paused the device (snd_pcm_pause).
	devicePaused bool

	// w is the C writer thread's state (see writerMain): it writes the ring
	// to the device; fill copies the players' audio into the ring.
	w          *C.otoWriter
	ringFrames int
	period     int

	// cond's lock is held by fill while it reads the players and copies
	// into the ring, and by Suspend, Resume and DropBuffered; fill waits
	// on cond while suspended.
	cond *sync.Cond

	mux *mux.Mux
	err atomicError

	ready chan struct{}
}

var theContext *context

func alsaError(name string, err C.int) error {
	return fmt.Errorf("oto: ALSA error at %s: %s", name, C.GoString(C.snd_strerror(err)))
}

func deviceCandidates() []string {
	const getAllDevices = -1

	cPCMInterfaceName := C.CString("pcm")
	defer C.free(unsafe.Pointer(cPCMInterfaceName))

	var hints *unsafe.Pointer
	err := C.snd_device_name_hint(getAllDevices, cPCMInterfaceName, &hints)
	if err != 0 {
		return []string{"default", "plug:default"}
	}
	defer C.snd_device_name_free_hint(hints)

	var devices []string

	cIoHintName := C.CString("IOID")
	defer C.free(unsafe.Pointer(cIoHintName))
	cNameHintName := C.CString("NAME")
	defer C.free(unsafe.Pointer(cNameHintName))

	for it := hints; *it != nil; it = (*unsafe.Pointer)(unsafe.Pointer(uintptr(unsafe.Pointer(it)) + unsafe.Sizeof(uintptr(0)))) {
		io := C.snd_device_name_get_hint(*it, cIoHintName)
		defer func() {
			if io != nil {
				C.free(unsafe.Pointer(io))
			}
		}()
		if C.GoString(io) == "Input" {
			continue
		}

		name := C.snd_device_name_get_hint(*it, cNameHintName)
		defer func() {
			if name != nil {
				C.free(unsafe.Pointer(name))
			}
		}()
		if name == nil {
			continue
		}
		goName := C.GoString(name)
		if goName == "null" {
			continue
		}
		if goName == "default" {
			continue
		}
		devices = append(devices, goName)
	}

	devices = append([]string{"default", "plug:default"}, devices...)

	return devices
}

func newContext(sampleRate int, channelCount int, format mux.Format, bufferSizeInBytes int) (*context, chan struct{}, error) {
	c := &context{
		sampleRate:   sampleRate,
		channelCount: channelCount,
		cond:         sync.NewCond(&sync.Mutex{}),
		mux:          mux.New(sampleRate, channelCount, format),
		ready:        make(chan struct{}),
	}
	theContext = c

	go func() {
		defer close(c.ready)

		// Open a default ALSA audio device for stream playback (the writer
		// sets it non-blocking)
		type openError struct {
			device string
			err    C.int
		}
		var openErrs []openError
		var found bool

		for _, name := range deviceCandidates() {
			cname := C.CString(name)
			defer C.free(unsafe.Pointer(cname))
			if err := C.snd_pcm_open(&c.handle, cname, C.SND_PCM_STREAM_PLAYBACK, 0); err < 0 {
				openErrs = append(openErrs, openError{
					device: name,
					err:    err,
				})
				continue
			}
			found = true
			break
		}
		if !found {
			var msgs []string
			for _, e := range openErrs {
				msgs = append(msgs, fmt.Sprintf("%q: %s", e.device, C.GoString(C.snd_strerror(e.err))))
			}
			c.err.TryStore(fmt.Errorf("oto: ALSA error at snd_pcm_open: %s", strings.Join(msgs, ", ")))
			return
		}

		// TODO: Should snd_pcm_hw_params_set_periods be called explicitly?
		const periods = 2
		var periodSize C.snd_pcm_uframes_t
		if bufferSizeInBytes != 0 {
			periodSize = C.snd_pcm_uframes_t(bufferSizeInBytes / (channelCount * 4 * periods))
		} else {
			periodSize = C.snd_pcm_uframes_t(1024)
		}
		bufferSize := periodSize * periods
		if err := c.alsaPcmHwParams(sampleRate, channelCount, &bufferSize, &periodSize); err != nil {
			c.err.TryStore(err)
			return
		}
		if err := c.startWriter(int(bufferSize), int(periodSize)); err != nil {
			c.err.TryStore(err)
			return
		}
	}()

	return c, c.ready, nil
}

// ringTime is the least audio the ring between the players and the writer
// holds when full (it holds at least the device buffer). Go fills it when a
// quarter is left, so Go runs about 1/(3/4 ringTime) times a second
// whatever the device's period. A player's own volume (Player.SetVolume)
// is applied as the ring is filled, so a change to it is heard after what
// the ring and the device hold; Context.SetGain (cirrus patch) is applied
// as frames leave the ring, heard after the device buffer only.
const ringTime = 200 * time.Millisecond

// startWriter starts the C writer thread (writerMain) and the goroutine
// that fills its ring (fillLoop).
func (c *context) startWriter(bufferFrames, periodFrames int) error {
	c.ringFrames = max(bufferFrames, int(int64(c.sampleRate)*int64(ringTime)/int64(time.Second)))
	// Refill when a quarter is left (two periods at least, half at most):
	// Go then has that, and the device buffer, to answer.
	low := min(max(c.ringFrames/4, 2*periodFrames), c.ringFrames/2)
	c.period = periodFrames
	// The writer wakes the filler through a pipe that Go's netpoller
	// watches, so the filler waits without a blocking system call or cgo
	// call: an idle Go runtime sleeps until the writer wants audio.
	var fds [2]int
	if err := syscall.Pipe2(fds[:], syscall.O_CLOEXEC|syscall.O_NONBLOCK); err != nil {
		return fmt.Errorf("oto: pipe: %w", err)
	}
	r := os.NewFile(uintptr(fds[0]), "oto-writer")
	var cerr C.int
	c.w = C.otoWriterStart(c.handle, C.int(c.channelCount), C.unsigned(c.sampleRate), C.snd_pcm_uframes_t(periodFrames),
		C.size_t(c.ringFrames), C.size_t(low), C.int(fds[1]), &cerr)
	if c.w == nil {
		r.Close()
		syscall.Close(fds[1])
		return alsaError("starting the writer", cerr)
	}
	go c.fillLoop(r)
	return nil
}

// fillLoop fills the ring whenever the writer asks (a byte on r).
func (c *context) fillLoop(r *os.File) {
	buf32 := make([]float32, c.ringFrames*c.channelCount)
	var b [64]byte
	for {
		if _, err := r.Read(b[:]); err != nil {
			c.err.TryStore(fmt.Errorf("oto: reading the writer's pipe: %w", err))
			return
		}
		for {
			again, ok := c.fill(buf32)
			if !ok {
				return
			}
			if !again {
				break
			}
		}
	}
}

// fill reads what the ring is missing from the players and copies it into
// the ring. It reads no more than every playing player has buffered
// (mux.BufferedFrames), so as not to pad with silence what a player is
// about to have, unless the writer is starved: then it reads a period at
// least, silence where a player has nothing, as oto always did. While
// suspended, the players are not read. It reports whether to fill again
// at once, and false in ok once the writer has stopped.
func (c *context) fill(buf32 []float32) (again, ok bool) {
	c.cond.L.Lock()
	defer c.cond.L.Unlock()
	for c.suspended && c.err.Load() == nil {
		c.cond.Wait()
	}
	if c.err.Load() != nil {
		return false, false
	}
	var starved, werr C.int
	count := int(C.otoWriterState(c.w, &starved, &werr))
	if werr != 0 {
		c.storeWriterErr(werr)
		return false, false
	}
	missing := c.ringFrames - count
	n := missing
	if avail := c.mux.BufferedFrames(); avail >= 0 && avail < n {
		n = avail
	}
	if starved != 0 {
		n = max(n, min(c.period, missing))
	}
	if n <= 0 {
		return C.otoWriterPush(c.w, nil, 0) != 0, true
	}
	b := buf32[:n*c.channelCount]
	c.mux.ReadFloat32s(b)
	return C.otoWriterPush(c.w, (*C.float)(unsafe.Pointer(&b[0])), C.size_t(n)) != 0, true
}

func (c *context) storeWriterErr(code C.int) {
	c.err.TryStore(alsaError(C.GoString(c.w.errAt), code))
	c.cond.Signal()
}

// lockIO takes the cond lock and the writer's I/O lock for a control call:
// the filler is not between reading the players and filling the ring, and
// the writer is in no ALSA call (it makes only non-blocking ones). It
// returns the context's error, if any; the locks are held either way.
func (c *context) lockIO() error {
	c.cond.L.Lock()
	if werr := C.otoWriterLock(c.w); werr != 0 {
		c.storeWriterErr(werr)
	}
	if err := c.err.Load(); err != nil {
		return err
	}
	return nil
}

// unlockIO lets the writer go on, waking it to look at the change if wake.
func (c *context) unlockIO(wake bool) {
	w := C.int(0)
	if wake {
		w = 1
	}
	C.otoWriterUnlock(c.w, w)
	c.cond.L.Unlock()
}

func (c *context) alsaPcmHwParams(sampleRate, channelCount int, bufferSize, periodSize *C.snd_pcm_uframes_t) error {
	var params *C.snd_pcm_hw_params_t
	C.snd_pcm_hw_params_malloc(&params)
	defer C.free(unsafe.Pointer(params))

	if err := C.snd_pcm_hw_params_any(c.handle, params); err < 0 {
		return alsaError("snd_pcm_hw_params_any", err)
	}
	if err := C.snd_pcm_hw_params_set_access(c.handle, params, C.SND_PCM_ACCESS_RW_INTERLEAVED); err < 0 {
		return alsaError("snd_pcm_hw_params_set_access", err)
	}
	if err := C.snd_pcm_hw_params_set_format(c.handle, params, C.SND_PCM_FORMAT_FLOAT_LE); err < 0 {
		return alsaError("snd_pcm_hw_params_set_format", err)
	}
	if err := C.snd_pcm_hw_params_set_channels(c.handle, params, C.unsigned(channelCount)); err < 0 {
		return alsaError("snd_pcm_hw_params_set_channels", err)
	}
	if err := C.snd_pcm_hw_params_set_rate_resample(c.handle, params, 1); err < 0 {
		return alsaError("snd_pcm_hw_params_set_rate_resample", err)
	}
	sr := C.unsigned(sampleRate)
	if err := C.snd_pcm_hw_params_set_rate_near(c.handle, params, &sr, nil); err < 0 {
		return alsaError("snd_pcm_hw_params_set_rate_near", err)
	}
	if err := C.snd_pcm_hw_params_set_buffer_size_near(c.handle, params, bufferSize); err < 0 {
		return alsaError("snd_pcm_hw_params_set_buffer_size_near", err)
	}
	if err := C.snd_pcm_hw_params_set_period_size_near(c.handle, params, periodSize, nil); err < 0 {
		return alsaError("snd_pcm_hw_params_set_period_size_near", err)
	}
	if err := C.snd_pcm_hw_params(c.handle, params); err < 0 {
		return alsaError("snd_pcm_hw_params", err)
	}
	c.canPause = C.snd_pcm_hw_params_can_pause(params) == 1
	return nil
}

func (c *context) Suspend() error {
	<-c.ready
	if c.w == nil {
		return c.Err()
	}

	err := c.lockIO()
	defer c.unlockIO(false)
	if err != nil {
		return err
	}

	c.suspended = true
	C.otoWriterSetSuspended(c.w, 1)

	// Pause the device too when it can pause and is running, so that what it
	// has buffered is not heard until Resume. Not all devices support this
	// (snd_pcm_hw_params_can_pause); the others only stop being fed, and what
	// they hold plays out. The ring is kept for Resume. The writer's I/O
	// lock is held, so no ALSA call of the writer's is in flight, and while
	// suspended it makes none.
	// Do not use snd_pcm_drop here: it discards what the device holds (see
	// DropBuffered for a caller that wants that).
	if c.canPause && !c.devicePaused && C.snd_pcm_state(c.handle) == C.SND_PCM_STATE_RUNNING {
		if C.snd_pcm_pause(c.handle, 1) >= 0 {
			c.devicePaused = true
		}
	}
	return nil
}

func (c *context) Resume() error {
	<-c.ready
	if c.w == nil {
		return c.Err()
	}

	err := c.lockIO()
	defer c.unlockIO(true)
	if err != nil {
		return err
	}

	if c.devicePaused {
		c.devicePaused = false
		if err := C.snd_pcm_pause(c.handle, 0); err < 0 {
			// The device could not be released: start it afresh (what it held
			// is lost) rather than leave it stuck.
			if err := C.snd_pcm_prepare(c.handle); err < 0 {
				err := alsaError("snd_pcm_prepare", err)
				c.err.TryStore(err)
				c.cond.Signal()
				return err
			}
		}
	}

	c.suspended = false
	C.otoWriterSetSuspended(c.w, 0)
	c.cond.Signal()
	return nil
}

// DropBuffered discards what the device has buffered and not yet played
// (snd_pcm_drop), and what the ring holds, and prepares the device to be
// written again (snd_pcm_prepare). It waits for a fill of the ring under
// way (a copy from the players) and for an ALSA call of the writer's (a
// non-blocking one). A suspended context stays suspended; a device paused
// by Suspend is no longer paused (there is nothing left to resume) and
// starts again with the next write.
func (c *context) DropBuffered() error {
	<-c.ready
	if c.w == nil {
		return c.Err()
	}

	err := c.lockIO()
	defer c.unlockIO(true)
	if err != nil {
		return err
	}

	C.otoWriterDrop(c.w)
	c.devicePaused = false
	if err := C.snd_pcm_drop(c.handle); err < 0 {
		return alsaError("snd_pcm_drop", err)
	}
	if err := C.snd_pcm_prepare(c.handle); err < 0 {
		err := alsaError("snd_pcm_prepare", err)
		c.err.TryStore(err)
		c.cond.Signal()
		return err
	}
	return nil
}

// buffered is how much audio the ring holds: read from the players and not
// yet written to the device.
func (c *context) buffered() time.Duration {
	<-c.ready
	if c.w == nil {
		return 0
	}
	n := int64(C.otoWriterBuffered(c.w))
	return time.Duration(n * int64(time.Second) / int64(c.sampleRate))
}

// setGain sets the gain applied as frames leave the ring for the device
// (cirrus patch); false if there is no writer.
func (c *context) setGain(g float64) bool {
	<-c.ready
	if c.w == nil {
		return false
	}
	C.otoWriterSetGain(c.w, C.float(g))
	return true
}

func (c *context) suspendPausesDevice() bool {
	<-c.ready
	return c.canPause
}

func (c *context) Err() error {
	if err := c.err.Load(); err != nil {
		return err.(error)
	}
	return nil
}
