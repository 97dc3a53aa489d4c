package cli

import (
	"testing"
	"time"
)

func TestClockNeverNegative(t *testing.T) {
	for d, want := range map[time.Duration]string{
		-(40*time.Minute + 20*time.Second): "0:00",
		-time.Nanosecond:                   "0:00",
		0:                                  "0:00",
		61 * time.Second:                   "1:01",
		time.Hour + 2*time.Second:          "1:00:02",
	} {
		if got := clock(d); got != want {
			t.Errorf("clock(%v) = %q, want %q", d, got, want)
		}
	}
}
