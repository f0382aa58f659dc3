package spkeytest

import (
	"sync"
	"time"
)

// StepClock returns a clock for Options.Clock that reads start, then
// start+step, start+2*step and so on, one step per event recorded, so
// that a test knows every event's timestamp in advance.
func StepClock(start time.Time, step time.Duration) func() time.Time {
	var mu sync.Mutex
	next := start
	return func() time.Time {
		mu.Lock()
		defer mu.Unlock()
		t := next
		next = next.Add(step)
		return t
	}
}
