package provider

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"sync"

	"github.com/smartphonekey/terraform-provider-spkey/internal/client"
)

// maxConsecutiveFailures is how many calls in a row may fail in a way that
// is not about their lock (every retry spent, nothing listening at
// base_url, a server that is not the API) before a fleet operation stops:
// past that, the next lock would almost surely fail the same way, and
// 10,000 locks would each spend their whole retry budget.
const maxConsecutiveFailures = 10

// notTriedError is the failure recorded for a lock that was never called
// because the operation stopped early; cause is why it stopped.
type notTriedError struct {
	causeLock int64
	cause     error
	// consecutive is how many calls in a row failed; 0 when one answer
	// (a 401) stopped the operation.
	consecutive int
}

func (e *notTriedError) Error() string {
	return fmt.Sprintf("not tried: the operation stopped after lock %d failed", e.causeLock)
}

func (e *notTriedError) Unwrap() error { return e.cause }

// stopsAtOnce reports whether err is true of every lock, not just this
// one: a 401 means the credentials are wrong everywhere. A 403 is about one
// lock (a key's organization must own the lock), so it does not stop.
func stopsAtOnce(err error) bool {
	return errors.Is(err, client.ErrUnauthorized)
}

// failsTheRun reports whether err counts towards maxConsecutiveFailures:
// a failure of the way to the API rather than an answer about the lock.
func failsTheRun(err error) bool {
	for _, target := range []error{client.ErrRetriesExhausted, client.ErrConnectionRefused,
		client.ErrProtocolMismatch, client.ErrCertificate, client.ErrNotSpkeyAPI} {
		if errors.Is(err, target) {
			return true
		}
	}
	return false
}

// lockPool is what runPerLock needs of the client: how many calls it runs
// at once, and a context prepared once for the log lines of many calls.
type lockPool interface {
	MaxConcurrency() int
	LogContext(ctx context.Context) context.Context
}

// runPerLock calls fn for every lock id with at most pool.MaxConcurrency()
// calls in flight, and returns the failures by lock id. Once ctx ends,
// locks not yet started fail with ctx's error instead of being called. It
// stops early, cancelling the calls in flight, after a 401 or after
// maxConsecutiveFailures calls in a row failed on the way to the API;
// the locks it did not call then fail with a *notTriedError. The client
// underneath shares one rate limit and one back-off across all workers, so
// workers only bound concurrency; they do not retry on their own.
func runPerLock(ctx context.Context, pool lockPool, ids []int64, fn func(context.Context, int64) error) map[int64]error {
	workers := pool.MaxConcurrency()
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	run := &perLockRun{failed: map[int64]error{}, cancel: cancel}
	next := make(chan int64)
	var wg sync.WaitGroup
	for range max(1, min(workers, len(ids))) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			// One logging context per worker, never shared: tflog's masking
			// writes into the context's field map on every line.
			ctx := pool.LogContext(ctx)
			for id := range next {
				switch stopped, err := run.stopped(), ctx.Err(); {
				case stopped != nil:
					run.finish(id, stopped)
				case err != nil:
					run.finish(id, context.Cause(ctx))
				default:
					run.finish(id, fn(ctx, id))
				}
			}
		}()
	}
	for _, id := range ids {
		next <- id
	}
	close(next)
	wg.Wait()
	return run.failed
}

// readEach reads every id concurrently with runPerLock, for a query that
// must not return an incomplete list: an id whose read answers the API's
// not-found has no entry; any other failure cancels the reads left and is
// returned with its id, the lowest one that is not the cancellation of
// the others.
func readEach[T any](ctx context.Context, pool lockPool, ids []int64, read func(context.Context, int64) (T, error)) (map[int64]T, int64, error) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var mu sync.Mutex
	found := make(map[int64]T, len(ids))
	failed := runPerLock(ctx, pool, ids, func(ctx context.Context, id int64) error {
		v, err := read(ctx, id)
		if errors.Is(err, client.ErrNotFound) {
			return nil
		}
		if err != nil {
			cancel()
			return err
		}
		mu.Lock()
		defer mu.Unlock()
		found[id] = v
		return nil
	})
	if len(failed) == 0 {
		return found, 0, nil
	}
	first := sortedIDs(failed)[0]
	for _, id := range sortedIDs(failed) {
		if !errors.Is(failed[id], context.Canceled) {
			first = id
			break
		}
	}
	return nil, first, failed[first]
}

// perLockRun is what the workers of one runPerLock share: the failures so
// far and whether, and why, the run stopped.
type perLockRun struct {
	mu          sync.Mutex
	failed      map[int64]error
	stop        *notTriedError
	consecutive int
	cancel      context.CancelFunc
}

func (r *perLockRun) stopped() *notTriedError {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.stop
}

// finish records one call's result and decides whether to stop.
func (r *perLockRun) finish(id int64, err error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	switch {
	case err == nil:
		r.consecutive = 0
		return
	case r.stop != nil && errors.Is(err, context.Canceled):
		// Interrupted by the stop: the call may or may not have reached
		// the API, so it counts as failed, with the reason.
		err = &interruptedError{stop: r.stop, err: err}
	case r.stop != nil:
	case stopsAtOnce(err):
		r.stop = &notTriedError{causeLock: id, cause: err}
		r.cancel()
	case failsTheRun(err):
		if r.consecutive++; r.consecutive >= maxConsecutiveFailures {
			r.stop = &notTriedError{causeLock: id, cause: err, consecutive: r.consecutive}
			r.cancel()
		}
	default:
		r.consecutive = 0
	}
	r.failed[id] = err
}

// interruptedError is the failure of a call in flight that the stop
// cancelled.
type interruptedError struct {
	stop *notTriedError
	err  error
}

func (e *interruptedError) Error() string {
	return fmt.Sprintf("interrupted when the operation stopped after lock %d failed: %v", e.stop.causeLock, e.err)
}

// Unwrap gives both the call's own error and the stop, so that
// stoppedEarly finds the stop when every lock was already called.
func (e *interruptedError) Unwrap() []error { return []error{e.err, e.stop} }

// isNotTried reports whether err marks a lock runPerLock did not call.
func isNotTried(err error) bool {
	_, ok := err.(*notTriedError) //nolint:errorlint // only the bare error marks a lock that was not called.
	return ok
}

// stoppedEarly returns why a runPerLock stopped early (nil when it did
// not) and how many locks it did not call.
func stoppedEarly(failed map[int64]error) (*notTriedError, int) {
	var stop *notTriedError
	n := 0
	for _, err := range failed {
		if e := (*notTriedError)(nil); errors.As(err, &e) {
			stop = e
		}
		if isNotTried(err) {
			n++
		}
	}
	return stop, n
}

// sortedIDs returns the keys of a map by lock id (failures, grants) in
// order.
func sortedIDs[V any](m map[int64]V) []int64 {
	out := make([]int64, 0, len(m))
	for id := range m {
		out = append(out, id)
	}
	sort.Slice(out, func(i, j int) bool { return out[i] < out[j] })
	return out
}

// succeeded returns the ids that did not fail, in order.
func succeeded(ids []int64, failed map[int64]error) []int64 {
	out := make([]int64, 0, len(ids))
	for _, id := range ids {
		if _, bad := failed[id]; !bad {
			out = append(out, id)
		}
	}
	return out
}
