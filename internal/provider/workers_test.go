package provider

import (
	"context"
	"errors"
	"slices"
	"sync/atomic"
	"testing"
)

func TestRunPerLock(t *testing.T) {
	t.Parallel()
	var inFlight, most atomic.Int64
	bad := errors.New("refused")
	ids := []int64{1, 2, 3, 4, 5, 6, 7, 8}
	failed := runPerLock(t.Context(), ids, 3, func(_ context.Context, id int64) error {
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
	if got := sortedIDs(failed); !slices.Equal(got, []int64{3, 6}) || failed[3] != bad {
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
	failed := runPerLock(ctx, []int64{1, 2}, 1, func(context.Context, int64) error { calls++; return nil })
	if calls != 0 || !errors.Is(failed[1], context.Canceled) || !errors.Is(failed[2], context.Canceled) {
		t.Errorf("%d calls, failures %v; want none called, both failed with the context's error", calls, failed)
	}
}
