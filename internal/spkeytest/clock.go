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

// SetNow fixes the time the mock computes temp key statuses at (a test
// moves it past a key's validUntil); the zero time goes back to
// Options.Now. Event timestamps keep following Options.Clock.
func (s *Server) SetNow(t time.Time) {
	s.nowMu.Lock()
	defer s.nowMu.Unlock()
	s.fixedNow = t
}

// Now is the time temp key statuses are computed at: SetNow's, else
// Options.Now's, else the real time.
func (s *Server) Now() time.Time {
	s.nowMu.Lock()
	fixed := s.fixedNow
	s.nowMu.Unlock()
	switch {
	case !fixed.IsZero():
		return fixed
	case s.opts.Now != nil:
		return s.opts.Now()
	}
	return time.Now()
}

// actorID is the user the mock acts as.
func (s *Server) actorID() string {
	if s.opts.ActorID != "" {
		return s.opts.ActorID
	}
	return DefaultActorID
}
