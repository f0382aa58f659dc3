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
// take its answer. A write to an aggregate (command) makes every shared
// read of it stale, so the next read after a write is fresh, and a read
// that was in flight during the write is not kept.
//
// Answers are kept, API errors included (a 404 is an answer); a failure to
// get an answer (a timeout, a dropped connection) is handed to the callers
// waiting for it and then forgotten, so a later caller asks again.
type sharedReads struct {
	mu sync.Mutex
	// gen counts the writes to each aggregate; a read records the count it
	// started under and is only kept while it still holds.
	gen     map[string]uint64
	entries map[string]*sharedRead
}

type sharedRead struct {
	aggregate string
	gen       uint64
	done      chan struct{}
	val       any
	err       error
	// answered is set when err is an answer of the API's, which is kept.
	answered bool
}

func newSharedReads() *sharedReads {
	return &sharedReads{gen: map[string]uint64{}, entries: map[string]*sharedRead{}}
}

// get returns the answer stored under key, waiting for one in flight, or
// fetches it.
func (s *sharedReads) get(ctx context.Context, key, aggregate string, fetch func() (any, error)) (any, error) {
	for {
		s.mu.Lock()
		e, ok := s.entries[key]
		if ok && e.gen == s.gen[aggregate] {
			s.mu.Unlock()
			select {
			case <-e.done:
			case <-ctx.Done():
				return nil, ctx.Err()
			}
			if e.err == nil || e.answered {
				return e.val, e.err
			}
			// The read in flight got no answer; ask again.
			continue
		}
		e = &sharedRead{aggregate: aggregate, gen: s.gen[aggregate], done: make(chan struct{})}
		s.entries[key] = e
		s.mu.Unlock()

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
}

// invalidate makes every shared read of aggregate stale.
func (s *sharedReads) invalidate(aggregate string) {
	if aggregate == "" {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.gen[aggregate]++
	for key, e := range s.entries {
		if e.aggregate == aggregate {
			delete(s.entries, key)
		}
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
