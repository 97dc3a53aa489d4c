package player

import (
	"context"
	"errors"
	"runtime"
	"sync"
	"time"
)

// pcmQueue carries decoded stereo frames from a track's decoding goroutine to
// the output. It is a ring of float32 frames, allocated once: a push copies
// into it and a read copies out, so audio is copied twice between decoder
// and output and nothing is allocated per frame. It is bounded, so a decoder
// runs only a little ahead of what is heard and memory stays flat whatever
// the track's length.
type pcmQueue struct {
	mu      sync.Mutex
	cond    *sync.Cond
	ring    [][2]float32
	head    int // index of the oldest frame in ring
	frames  int // frames buffered
	max     int
	low     int  // a full queue lets its producer go on only below this
	full    bool // the producer waits for the queue to drain to low
	rate    int
	done    bool         // producer finished
	err     error        // why the producer stopped early, if it did
	closed  bool         // consumer gone
	starved bool         // consumer waited on an empty queue
	need    int          // frames a waiter needs (the least, if several); a push wakes at that
	total   int64        // frames ever pushed
	audio   bool         // decoded audio was pushed (not only silence for lost audio)
	conv    [][2]float32 // Stream's float32 side, reused
}

func newPCMQueue(maxFrames int) *pcmQueue {
	// Refilling from low to max in one go wakes the decoder about once a
	// second instead of once per output period.
	q := &pcmQueue{max: maxFrames, low: maxFrames * 2 / 3, ring: make([][2]float32, maxFrames)}
	q.cond = sync.NewCond(&q.mu)
	return q
}

// setRate records the source sample rate; the first push needs it. It
// returns the rate in force: the first stream's, when another one carries
// on in the same queue (its audio is resampled to it).
func (q *pcmQueue) setRate(r int) int {
	q.mu.Lock()
	if q.rate == 0 {
		q.rate = r
	}
	r = q.rate
	q.mu.Unlock()
	q.cond.Broadcast()
	return r
}

// unqueue drops the audio not yet read: a stream that failed over is
// replaced from the first frame not yet heard. Pushed counts only what
// stays.
func (q *pcmQueue) unqueue() {
	q.mu.Lock()
	q.total -= int64(q.frames)
	q.frames, q.head = 0, 0
	q.mu.Unlock()
	q.cond.Broadcast()
}

// pushed is how much audio was pushed, at the queue's rate.
func (q *pcmQueue) pushed() time.Duration {
	q.mu.Lock()
	defer q.mu.Unlock()
	if q.rate == 0 {
		return 0
	}
	return time.Duration(q.total) * time.Second / time.Duration(q.rate)
}

// sampleRate waits until the producer knows the rate (or gives up).
func (q *pcmQueue) sampleRate() int {
	q.mu.Lock()
	defer q.mu.Unlock()
	for q.rate == 0 && !q.done && !q.closed {
		q.cond.Wait()
	}
	return q.rate
}

// push copies f into the queue, blocking while it is full. It fails when
// the consumer closed the queue or ctx ended. f is not kept.
func (q *pcmQueue) push(ctx context.Context, f [][2]float32) error {
	if len(f) == 0 {
		return nil
	}
	var stop func() bool
	q.mu.Lock()
	err := q.pushLocked(ctx, f, &stop)
	q.mu.Unlock()
	if stop != nil {
		stop()
	}
	if err == nil && runtime.GOMAXPROCS(0) == 1 {
		// Let the output's goroutines run between decoded frames:
		// on a machine (or GOMAXPROCS) with one processor,
		// and a refill of a second of audio must not hold it for the
		// whole burst. With more processors they have their own, and
		// yielding would only wake an idle one (a futex call) per
		// frame: 10 % of an unpaced decode's CPU.
		runtime.Gosched()
	}
	return err
}

// pushLocked is push with q.mu held. A producer that has to wait
// registers (in *stop) a wake-up for when ctx ends; one that does not
// wait costs no registration.
func (q *pcmQueue) pushLocked(ctx context.Context, f [][2]float32, stop *func() bool) error {
	for len(f) > 0 {
		if q.frames >= q.max {
			q.full = true
		}
		for q.full && q.frames > q.low && !q.closed {
			if ctx.Err() != nil {
				return ctx.Err()
			}
			if *stop == nil {
				q.mu.Unlock()
				*stop = context.AfterFunc(ctx, q.wake)
				q.mu.Lock()
				continue // the queue may have moved meanwhile
			}
			q.cond.Wait()
		}
		q.full = false
		if q.closed {
			return context.Canceled
		}
		// Copy what fits, in at most two pieces (the ring wraps).
		n := min(len(f), q.max-q.frames)
		tail := (q.head + q.frames) % q.max
		k := copy(q.ring[tail:min(tail+n, q.max)], f[:n])
		copy(q.ring[:n-k], f[k:n])
		f = f[n:]
		q.frames += n
		q.total += int64(n)
		if q.need > 0 && q.frames >= q.need {
			// A reader waits for this much; less would only wake it
			// to take what there is and wait again.
			q.need = 0
			q.cond.Broadcast()
		}
	}
	return nil
}

// finish marks the end of the stream; err is nil at a clean end.
func (q *pcmQueue) finish(err error) {
	q.mu.Lock()
	if !q.done {
		q.done, q.err = true, err
	}
	q.mu.Unlock()
	q.cond.Broadcast()
}

// close releases a blocked producer and consumer; the queue is discarded.
func (q *pcmQueue) close() {
	q.mu.Lock()
	q.closed = true
	q.frames = 0
	q.ring = nil
	q.mu.Unlock()
	q.cond.Broadcast()
}

// read fills dst, waiting for the decoder when it is behind. ok is false at
// the end of the track or when the queue was closed.
func (q *pcmQueue) read(dst [][2]float32) (int, bool) {
	q.mu.Lock()
	defer q.mu.Unlock()
	n := 0
	for n < len(dst) {
		// Wait for all that is missing at once, not a wake-up per push;
		// never for more than a full queue's producer goes on to give.
		for want := min(len(dst)-n, max(q.low, 1)); q.frames < want && !q.done && !q.closed; {
			q.starved = true
			if q.full && q.frames <= q.low {
				q.cond.Broadcast() // the producer may go on
			}
			q.waitFor(want)
		}
		if q.frames == 0 {
			break
		}
		k := copy(dst[n:], q.ring[q.head:min(q.head+q.frames, q.max)])
		n += k
		q.head += k
		q.frames -= k
		if q.head == q.max {
			q.head = 0
		}
	}
	if q.full && q.frames <= q.low {
		q.cond.Broadcast() // the producer may go on
	}
	return n, n > 0
}

// Stream is beep.Streamer's Stream: read, in beep's float64 frames (the
// resampler's input, when the track's rate is not the device's).
func (q *pcmQueue) Stream(dst [][2]float64) (int, bool) {
	if cap(q.conv) < len(dst) {
		q.conv = make([][2]float32, len(dst))
	}
	buf := q.conv[:len(dst)]
	n, ok := q.read(buf)
	for i, f := range buf[:n] {
		dst[i] = [2]float64{float64(f[0]), float64(f[1])}
	}
	return n, ok
}

// Err is beep.Streamer's Err.
func (q *pcmQueue) Err() error {
	q.mu.Lock()
	defer q.mu.Unlock()
	return q.err
}

// buffered reports how much decoded audio waits, and whether the producer is done.
func (q *pcmQueue) buffered() (time.Duration, bool) {
	q.mu.Lock()
	defer q.mu.Unlock()
	if q.rate == 0 {
		return 0, q.done
	}
	return time.Duration(q.frames) * time.Second / time.Duration(q.rate), q.done
}

// waitFrames blocks until n frames are queued, the producer ended, or ctx ends.
func (q *pcmQueue) waitFrames(ctx context.Context, n int) {
	stop := context.AfterFunc(ctx, q.wake)
	defer stop()
	q.mu.Lock()
	defer q.mu.Unlock()
	n = min(n, max(q.low, 1))
	for q.frames < n && !q.done && !q.closed && ctx.Err() == nil {
		q.waitFor(n)
	}
}

// markAudio notes that decoded audio (not silence standing in for lost
// audio) is being pushed.
func (q *pcmQueue) markAudio() {
	q.mu.Lock()
	q.audio = true
	q.mu.Unlock()
	q.cond.Broadcast()
}

// waitAudio blocks until d of decoded audio is queued, or the producer
// ended (nil if it gave audio, else its error or one saying there was no
// audio), or the queue was closed or ctx ended. Nothing may read the
// queue meanwhile.
func (q *pcmQueue) waitAudio(ctx context.Context, d time.Duration) error {
	stop := context.AfterFunc(ctx, q.wake)
	defer stop()
	q.mu.Lock()
	defer q.mu.Unlock()
	enough := func() bool {
		n := int(d.Seconds() * float64(max(q.rate, 8000)))
		return q.audio && q.frames >= min(n, q.low)
	}
	for !enough() && !q.done && !q.closed && ctx.Err() == nil {
		q.waitFor(min(int(d.Seconds()*float64(max(q.rate, 8000))), max(q.low, 1)))
	}
	switch {
	case q.done && q.err != nil:
		return q.err
	case q.audio && (enough() || q.done):
		return nil
	case ctx.Err() != nil:
		return ctx.Err()
	case q.closed:
		return context.Canceled
	}
	return errors.New("the stream holds no audio")
}

// trialErr is the error the producer ended with, if it did.
func (q *pcmQueue) trialErr() error {
	q.mu.Lock()
	defer q.mu.Unlock()
	if q.done {
		return q.err
	}
	return nil
}

// waitFor waits (q.mu held) for a push to bring the queue to n frames, or
// for anything else that wakes the queue's waiters.
func (q *pcmQueue) waitFor(n int) {
	if q.need == 0 || n < q.need {
		q.need = n
	}
	q.cond.Wait()
}

// takeStarved reports and clears whether the consumer ran dry.
func (q *pcmQueue) takeStarved() bool {
	q.mu.Lock()
	defer q.mu.Unlock()
	s := q.starved
	q.starved = false
	return s
}

// wake wakes every waiter; taking the lock first means no waiter misses it.
func (q *pcmQueue) wake() {
	q.mu.Lock()
	q.cond.Broadcast()
	q.mu.Unlock()
}

// closedOrDone says whether no more frames will come.
func (q *pcmQueue) closedOrDone() bool {
	q.mu.Lock()
	defer q.mu.Unlock()
	return q.closed || (q.done && q.frames == 0)
}
