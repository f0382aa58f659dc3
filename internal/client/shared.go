package client

import (
	"context"
	"errors"
	"net/http"
	"sync"
)

// sharedReads shares the answers of list reads (a lock's residents, a
// user's accessible locks) among every caller of one Client, which is one
// provider configuration, which is one Terraform command. A refresh of
// for_each over 1,000 residents of one lock then sends one GET residents,
// not 1,000: concurrent callers wait for the read in flight, later ones
// take its answer.
//
// Writes count per aggregate (its generation). A read records the
// generation it started under. An ordinary read takes only a read started
// after the aggregate's last write, so the next read after a write is
// fresh. A read that follows the caller's own write (readAfter) takes any
// read started after that write, even if others have written since: it
// only needs to see its own. While such a read of the list is in flight
// but started too early, the caller waits for it and then shares the next
// one with everyone else who waited, so that 1,000 creates of residents of
// one lock, each reading the list back after its add, send a few dozen
// reads rather than 1,000.
//
// Answers are kept, API errors included (a 404 is an answer); a failure to
// get an answer (a timeout, a dropped connection) is handed to the callers
// waiting for it and then forgotten, so a later caller asks again.
type sharedReads struct {
	mu      sync.Mutex
	gen     map[string]uint64
	entries map[string]*sharedRead
}

type sharedRead struct {
	gen  uint64
	done chan struct{}
	val  any
	err  error
	// answered is set when err is an answer of the API's, which is kept.
	answered bool
}

func newSharedReads() *sharedReads {
	return &sharedReads{gen: map[string]uint64{}, entries: map[string]*sharedRead{}}
}

// get returns the answer of a read of key started after the aggregate's
// last write, waiting for one in flight, or fetches it.
func (s *sharedReads) get(ctx context.Context, key, aggregate string, fetch func() (any, error)) (any, error) {
	return s.read(ctx, key, aggregate, false, 0, fetch)
}

// getAfter returns the answer of a read of key started at generation
// since or later (after the caller's own write); see sharedReads.
func (s *sharedReads) getAfter(ctx context.Context, key, aggregate string, since uint64, fetch func() (any, error)) (any, error) {
	return s.read(ctx, key, aggregate, true, since, fetch)
}

func (s *sharedReads) read(ctx context.Context, key, aggregate string, after bool, since uint64, fetch func() (any, error)) (any, error) {
	for {
		s.mu.Lock()
		if !after {
			since = s.gen[aggregate]
		}
		e, ok := s.entries[key]
		switch {
		case ok && e.gen >= since:
			// Started late enough: take its answer.
		case ok && after && !closed(e.done):
			// In flight but too early: wait for it, then share the next
			// one with the others who waited.
		default:
			e = &sharedRead{gen: s.gen[aggregate], done: make(chan struct{})}
			s.entries[key] = e
			s.mu.Unlock()
			return s.fetch(key, e, fetch)
		}
		s.mu.Unlock()
		select {
		case <-e.done:
		case <-ctx.Done():
			return nil, ctx.Err()
		}
		if e.gen >= since && (e.err == nil || e.answered) {
			return e.val, e.err
		}
		// Too early, or no answer came: ask again.
	}
}

// fetch makes the read e stands for and hands its outcome to the callers
// waiting for it.
func (s *sharedReads) fetch(key string, e *sharedRead, fetch func() (any, error)) (any, error) {
	e.val, e.err = fetch()
	e.answered = isAnswer(e.err)
	s.mu.Lock()
	if !e.answered && s.entries[key] == e {
		delete(s.entries, key)
	}
	s.mu.Unlock()
	close(e.done)
	return e.val, e.err
}

// invalidate counts a write to aggregate: every read of it started before
// is stale for ordinary reads. It returns the new generation, which a
// read after this write asks for (getAfter).
func (s *sharedReads) invalidate(aggregate string) uint64 {
	if aggregate == "" {
		return 0
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.gen[aggregate]++
	return s.gen[aggregate]
}

func closed(done chan struct{}) bool {
	select {
	case <-done:
		return true
	default:
		return false
	}
}

// isAnswer reports whether err is the API's answer (an HTTP status with
// its body, or an unusable body), which asking again would not change,
// rather than a failure to get one.
func isAnswer(err error) bool {
	var apiErr *APIError
	var decErr *DecodeError
	switch {
	case err == nil, errors.As(err, &decErr):
		return true
	case errors.As(err, &apiErr):
		// A server error or a spent retry budget may go better later.
		return !apiErr.exhausted && apiErr.StatusCode < http.StatusInternalServerError
	}
	return false
}
