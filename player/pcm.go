package player

import (
	"context"
	"sync"
	"time"
)

// pcmQueue carries decoded stereo frames from a track's decoding goroutine to
// the output. It is bounded, so a decoder runs only a little ahead of what is
// heard and memory stays flat whatever the track's length.
type pcmQueue struct {
	mu      sync.Mutex
	cond    *sync.Cond
	chunks  [][][2]float64
	head    int // read offset into chunks[0]
	frames  int // frames buffered
	max     int
	low     int  // a full queue lets its producer go on only below this
	full    bool // the producer waits for the queue to drain to low
	rate    int
	done    bool  // producer finished
	err     error // why the producer stopped early, if it did
	closed  bool  // consumer gone
	starved bool  // consumer waited on an empty queue
	total   int64 // frames ever pushed
}

func newPCMQueue(maxFrames int) *pcmQueue {
	// Refilling from low to max in one go wakes the decoder about once a
	// second instead of once per output period.
	q := &pcmQueue{max: maxFrames, low: maxFrames * 2 / 3}
	q.cond = sync.NewCond(&q.mu)
	return q
}

// setRate records the source sample rate; the first push needs it.
func (q *pcmQueue) setRate(r int) {
	q.mu.Lock()
	if q.rate == 0 {
		q.rate = r
	}
	q.mu.Unlock()
	q.cond.Broadcast()
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

// push blocks while the queue is full. It fails when the consumer closed the
// queue or ctx ended.
func (q *pcmQueue) push(ctx context.Context, f [][2]float64) error {
	if len(f) == 0 {
		return nil
	}
	stop := context.AfterFunc(ctx, q.wake)
	defer stop()
	q.mu.Lock()
	defer q.mu.Unlock()
	if q.frames >= q.max {
		q.full = true
	}
	for q.full && q.frames > q.low && !q.closed {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		q.cond.Wait()
	}
	q.full = false
	if q.closed {
		return context.Canceled
	}
	q.chunks = append(q.chunks, f)
	q.frames += len(f)
	q.total += int64(len(f))
	q.cond.Broadcast()
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
	q.chunks = nil
	q.frames = 0
	q.mu.Unlock()
	q.cond.Broadcast()
}

// Stream fills dst, waiting for the decoder when it is behind. ok is false at
// the end of the track or when the queue was closed.
func (q *pcmQueue) Stream(dst [][2]float64) (int, bool) {
	q.mu.Lock()
	defer q.mu.Unlock()
	n := 0
	for n < len(dst) {
		for q.frames == 0 && !q.done && !q.closed {
			q.starved = true
			q.cond.Wait()
		}
		if q.frames == 0 {
			break
		}
		c := q.chunks[0][q.head:]
		k := copy(dst[n:], c)
		n += k
		q.head += k
		q.frames -= k
		if q.head == len(q.chunks[0]) {
			q.chunks[0] = nil
			q.chunks = q.chunks[1:]
			q.head = 0
		}
	}
	if q.full && q.frames <= q.low {
		q.cond.Broadcast() // the producer may go on
	}
	return n, n > 0
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
	for q.frames < n && !q.done && !q.closed && ctx.Err() == nil {
		q.cond.Wait()
	}
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
