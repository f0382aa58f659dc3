package provider

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"net/http"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/smartphonekey/terraform-provider-spkey/internal/client"
)

func TestRunPerLock(t *testing.T) {
	t.Parallel()
	var inFlight, most atomic.Int64
	bad := errors.New("refused")
	ids := []int64{1, 2, 3, 4, 5, 6, 7, 8}
	failed := runPerLock(t.Context(), fixedPool(3), ids, func(_ context.Context, id int64) error {
		n := inFlight.Add(1)
		defer inFlight.Add(-1)
		for {
			m := most.Load()
			if n <= m || most.CompareAndSwap(m, n) {
				break
			}
		}
		if id%3 == 0 {
			return bad
		}
		return nil
	})
	if got := sortedIDs(failed); !slices.Equal(got, []int64{3, 6}) || !errors.Is(failed[3], bad) {
		t.Errorf("failed %v, want locks 3 and 6 with their error", failed)
	}
	if most.Load() > 3 {
		t.Errorf("%d calls in flight at once, want at most 3", most.Load())
	}
	if got := succeeded(ids, failed); !slices.Equal(got, []int64{1, 2, 4, 5, 7, 8}) {
		t.Errorf("succeeded = %v", got)
	}
}

func TestRunPerLockAfterTheContextEnds(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	calls := 0
	failed := runPerLock(ctx, fixedPool(1), []int64{1, 2}, func(context.Context, int64) error { calls++; return nil })
	if calls != 0 || !errors.Is(failed[1], context.Canceled) || !errors.Is(failed[2], context.Canceled) {
		t.Errorf("%d calls, failures %v; want none called, both failed with the context's error", calls, failed)
	}
}

// The stop rules: a 401 stops at once, a 403 or a not-found does not, and
// failures on the way to the API stop only maxConsecutiveFailures in a
// row; a success in between starts the count again.
func TestRunPerLockStopsEarly(t *testing.T) {
	t.Parallel()
	unauthorized := &client.APIError{StatusCode: http.StatusUnauthorized}
	forbidden := &client.APIError{StatusCode: http.StatusForbidden}
	exhausted := fmt.Errorf("429 five times: %w", client.ErrRetriesExhausted)
	for _, tc := range []struct {
		name         string
		fail         func(id int64) error
		wantCalls    int
		wantNotTried int
		wantCause    int64
	}{
		{name: "401", fail: func(int64) error { return unauthorized }, wantCalls: 1, wantNotTried: 99, wantCause: 1},
		{name: "403 everywhere", fail: func(int64) error { return forbidden }, wantCalls: 100},
		{name: "retries spent everywhere", fail: func(int64) error { return exhausted },
			wantCalls: maxConsecutiveFailures, wantNotTried: 100 - maxConsecutiveFailures, wantCause: maxConsecutiveFailures},
		{name: "every other lock succeeds", fail: func(id int64) error {
			if id%2 == 0 {
				return nil
			}
			return exhausted
		}, wantCalls: 100},
		{name: "a 403 breaks the run", fail: func(id int64) error {
			if id%maxConsecutiveFailures == 0 {
				return forbidden
			}
			return exhausted
		}, wantCalls: 100},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			calls := 0
			failed := runPerLock(t.Context(), fixedPool(1), firstLocks(100), func(_ context.Context, id int64) error { calls++; return tc.fail(id) })
			stop, notTried := stoppedEarly(failed)
			if calls != tc.wantCalls || notTried != tc.wantNotTried {
				t.Errorf("%d calls, %d not tried; want %d and %d", calls, notTried, tc.wantCalls, tc.wantNotTried)
			}
			if (stop == nil) != (tc.wantCause == 0) || stop != nil && stop.causeLock != tc.wantCause {
				t.Errorf("stopped by %+v, want lock %d", stop, tc.wantCause)
			}
			if stop != nil && !errors.Is(failed[101-int64(tc.wantNotTried)], stop.cause) {
				t.Errorf("a lock not tried fails with %v, want the cause %v", failed[100], stop.cause)
			}
		})
	}
}

// Calls in flight when the run stops are cancelled and count as failed,
// not as not tried: they may have reached the API.
func TestRunPerLockCancelsCallsInFlight(t *testing.T) {
	t.Parallel()
	var started sync.WaitGroup
	started.Add(2)
	failed := runPerLock(t.Context(), fixedPool(3), []int64{1, 2, 3}, func(ctx context.Context, id int64) error {
		if id == 1 {
			started.Wait()
			return &client.APIError{StatusCode: http.StatusUnauthorized}
		}
		started.Done()
		<-ctx.Done()
		return ctx.Err()
	})
	stop, notTried := stoppedEarly(failed)
	if stop == nil || stop.causeLock != 1 || notTried != 0 || len(failed) != 3 {
		t.Fatalf("stop %+v, %d not tried, failures %v; want lock 1's 401 to cancel 2 and 3", stop, notTried, failed)
	}
	if !errors.Is(failed[2], context.Canceled) || !strings.Contains(failed[2].Error(), "interrupted when the operation stopped after lock 1 failed") {
		t.Errorf("lock 2 failed with %v", failed[2])
	}
}

// fixedPool runs n calls at once and logs nothing.
type fixedPool int

func (n fixedPool) MaxConcurrency() int { return int(n) }

func (fixedPool) LogContext(ctx context.Context) context.Context { return ctx }

// Every worker logs through a context of its own: tflog's masking writes
// into the prepared context's field map, so two goroutines logging through
// one would crash the provider.
func TestRunPerLockPreparesALogContextPerWorker(t *testing.T) {
	t.Parallel()
	pool := &countingPool{}
	failed := runPerLock(t.Context(), pool, firstLocks(200), func(ctx context.Context, _ int64) error {
		inUse, ok := ctx.Value(preparedKey{}).(*atomic.Bool)
		if !ok {
			return errors.New("the call's context was not prepared for logging")
		}
		if !inUse.CompareAndSwap(false, true) {
			return errors.New("two calls log through one prepared context at once")
		}
		time.Sleep(100 * time.Microsecond)
		inUse.Store(false)
		return nil
	})
	if len(failed) != 0 {
		t.Errorf("%d locks failed, first %v", len(failed), failed[slices.Min(slices.Collect(maps.Keys(failed)))])
	}
	if n := pool.prepared.Load(); n != 4 {
		t.Errorf("prepared %d contexts, want one per worker (4)", n)
	}
}

type preparedKey struct{}

// countingPool runs 4 calls at once and counts the contexts it prepares.
type countingPool struct{ prepared atomic.Int32 }

func (*countingPool) MaxConcurrency() int { return 4 }

func (p *countingPool) LogContext(ctx context.Context) context.Context {
	p.prepared.Add(1)
	return context.WithValue(ctx, preparedKey{}, &atomic.Bool{})
}
