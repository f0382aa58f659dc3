package provider

import (
	"context"
	"sort"
	"sync"
)

// runPerLock calls fn for every lock id with at most workers calls in
// flight, and returns the failures by lock id. Once ctx ends, locks not
// yet started fail with ctx's error instead of being called. The client
// underneath shares one rate limit and one back-off across all workers, so
// workers only bound concurrency; they do not retry on their own.
func runPerLock(ctx context.Context, ids []int64, workers int, fn func(context.Context, int64) error) map[int64]error {
	failed := map[int64]error{}
	var mu sync.Mutex
	next := make(chan int64)
	var wg sync.WaitGroup
	for range max(1, min(workers, len(ids))) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for id := range next {
				err := ctx.Err()
				if err == nil {
					err = fn(ctx, id)
				}
				if err != nil {
					mu.Lock()
					failed[id] = err
					mu.Unlock()
				}
			}
		}()
	}
	for _, id := range ids {
		next <- id
	}
	close(next)
	wg.Wait()
	return failed
}

// sortedIDs returns the keys of a failure map in order.
func sortedIDs(m map[int64]error) []int64 {
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
