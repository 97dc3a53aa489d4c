package player

import (
	"io"
	"sync/atomic"
)

// nullOutput plays into nothing, in real time: the position moves as with a
// speaker and nothing is written anywhere. It is what runs without a sound
// device (the demo on a machine without sound, benchmarks of the pipeline).
type nullOutput struct {
	rate   int
	frames atomic.Int64
	done   chan struct{}
	werr   atomic.Pointer[error]
}

// nullFrames is how many frames the null output takes at a time: about
// 190 ms at 44.1 kHz.
const nullFrames = 4 * pumpFrames

func newNullOutput(rate int) *nullOutput {
	return &nullOutput{rate: rate, done: make(chan struct{})}
}

func (o *nullOutput) start(r io.Reader) error {
	go func() {
		defer close(o.done)
		// Nobody hears it: big blocks wake the pump less often (the
		// position still moves in real time, in steps of a block).
		err := pumpBlocks(r.Read, 8, nullFrames, o.rate, 1, func(b []byte) error {
			o.frames.Add(int64(len(b) / 8))
			return nil
		})
		if err != nil {
			o.werr.Store(&err)
		}
	}()
	return nil
}

func (o *nullOutput) pause()        {}
func (o *nullOutput) resume()       {}
func (o *nullOutput) flush()        {}
func (o *nullOutput) buffered() int { return 0 }

func (o *nullOutput) err() error {
	if e := o.werr.Load(); e != nil {
		return *e
	}
	return nil
}

// close waits for the pump to see the engine's end (the engine is closed
// first).
func (o *nullOutput) close() error {
	<-o.done
	return o.err()
}
