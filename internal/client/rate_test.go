package client

import (
	"context"
	"testing"
	"time"

	"golang.org/x/time/rate"
)

func TestAdaptiveRateCutsToWhatWasSentAndGrowsBack(t *testing.T) {
	t.Parallel()
	a := newAdaptiveRate(0)
	now := time.Now()
	// 50 attempts over the last second, then a 429.
	for i := range 50 {
		a.sent = append(a.sent, now.Add(-time.Duration(50-i)*20*time.Millisecond))
	}
	limit, cut := a.throttled(now)
	if !cut || limit != 45 {
		t.Fatalf("after a 429 at 50 requests/s the rate is %v (cut %v), want 45", limit, cut)
	}
	// A second 429 within the same second (an answer already in flight)
	// does not cut again.
	if limit, cut := a.throttled(now.Add(100 * time.Millisecond)); cut || limit != 45 {
		t.Fatalf("second 429 in the same second: rate %v, cut %v", limit, cut)
	}
	// Ten seconds later the rate has grown by about 10%.
	a.grow(now.Add(10 * time.Second))
	if got := a.lim.Limit(); got < 49 || got > 50 {
		t.Fatalf("after 10 s the rate is %v, want about 49.5", got)
	}
}

func TestAdaptiveRateNeverExceedsTheCap(t *testing.T) {
	t.Parallel()
	a := newAdaptiveRate(20)
	now := time.Now()
	// 19 attempts at the cap's pace, 50 ms apart, then a 429.
	for i := range 19 {
		a.sent = append(a.sent, now.Add(-time.Duration(18-i)*50*time.Millisecond))
	}
	want := rate.Limit(19 / 0.9 * rateCutFactor)
	if limit, _ := a.throttled(now); limit != want {
		t.Fatalf("rate after a 429 = %v, want %v", limit, want)
	}
	a.grow(now.Add(time.Hour))
	if got := a.lim.Limit(); got != 20 {
		t.Fatalf("rate after an hour = %v, want the cap 20", got)
	}
}

func TestAdaptiveRateMeasuresABurstOverItsOwnSpan(t *testing.T) {
	t.Parallel()
	a := newAdaptiveRate(0)
	now := time.Now()
	// The first 20 attempts went out within 10 ms (eight workers, no
	// limit yet) and the API answered 429. That is no sign of a limit of
	// 20 per second: taken over the shortest span, 200 per second, and
	// the limit is somewhere below.
	for i := range 20 {
		a.sent = append(a.sent, now.Add(-10*time.Millisecond+time.Duration(i)*500*time.Microsecond))
	}
	limit, cut := a.throttled(now)
	if !cut || limit != 100 {
		t.Fatalf("after a burst of 20 in 10 ms the rate is %v (cut %v), want 100", limit, cut)
	}
}

func TestAdaptiveRateIgnoresA429AtLowTraffic(t *testing.T) {
	t.Parallel()
	a := newAdaptiveRate(0)
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	if err := a.wait(ctx); err != nil {
		t.Fatal(err)
	}
	if limit, cut := a.throttled(time.Now()); cut || limit != rate.Inf {
		t.Fatalf("a 429 after one request cut the rate to %v; pacing cannot help there", limit)
	}
}
