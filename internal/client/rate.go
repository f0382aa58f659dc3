package client

import (
	"context"
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// adaptiveRate is the client's shared request rate. It starts at the
// configured cap (or unlimited) and adapts to the API: on a 429 it drops to
// 90% of the rate actually sent over the last second, so that the provider
// settles just under a limit it was never told about instead of hitting it
// again after every pause; afterwards it grows back by 1% per second,
// never above the cap. The API documents no rate limits, so learning one
// beats guessing it.
type adaptiveRate struct {
	mu      sync.Mutex
	lim     *rate.Limiter
	ceiling rate.Limit // the configured cap, or rate.Inf
	// sent holds the start times of the attempts of the last second.
	sent    []time.Time
	lastCut time.Time
	grownAt time.Time
}

const (
	rateCutFactor  = 0.9
	rateGrowthPerS = 0.01
	// rateMinSent is how many attempts of the last second make a 429 a
	// sign of a rate limit. Below it, pacing cannot be the fix, and a cut
	// would only slow down the retries.
	rateMinSent     = 5
	rateMeterWindow = time.Second
	// rateMinSpan is the shortest time the attempts of the last second are
	// taken to span, so that a few attempts sent at once do not look like
	// an unbounded rate; rateBurstCutFactor replaces rateCutFactor when
	// they span less than half the window.
	rateMinSpan        = 100 * time.Millisecond
	rateBurstCutFactor = 0.5
)

func newAdaptiveRate(perSecond float64) *adaptiveRate {
	ceiling := rate.Inf
	if perSecond > 0 {
		ceiling = rate.Limit(perSecond)
	}
	return &adaptiveRate{lim: rate.NewLimiter(ceiling, 1), ceiling: ceiling}
}

// wait blocks until the next attempt may start, and counts it as sent.
func (a *adaptiveRate) wait(ctx context.Context) error {
	a.grow(time.Now())
	if err := a.lim.Wait(ctx); err != nil {
		return err
	}
	now := time.Now()
	a.mu.Lock()
	a.sent = append(a.trim(now), now)
	a.mu.Unlock()
	return nil
}

// throttled lowers the rate after a 429. Answers to requests that were
// already in flight arrive together, so one cut per second is enough.
func (a *adaptiveRate) throttled(now time.Time) (rate.Limit, bool) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if now.Sub(a.lastCut) < rateMeterWindow {
		return a.lim.Limit(), false
	}
	a.sent = a.trim(now)
	if len(a.sent) < rateMinSent {
		return a.lim.Limit(), false
	}
	// The rate is the attempts over the time they span. At the start and
	// after a pause that is much less than the window: 20 attempts sent in
	// the first 10 ms are not 20 per second, and cutting to 18 per second
	// would take minutes to grow back from. Such a burst only says that
	// the limit is below it, so the cut goes deeper.
	span := now.Sub(a.sent[0])
	factor := rate.Limit(rateCutFactor)
	if span < rateMeterWindow/2 {
		factor = rateBurstCutFactor
	}
	observed := rate.Limit(float64(len(a.sent)) / max(span, rateMinSpan).Seconds())
	target := observed * factor
	if target >= a.lim.Limit() {
		return a.lim.Limit(), false
	}
	a.lim.SetLimitAt(now, target)
	a.lastCut, a.grownAt = now, now
	return target, true
}

// grow raises a lowered rate by rateGrowthPerS per second since the last
// change, up to the ceiling.
func (a *adaptiveRate) grow(now time.Time) {
	a.mu.Lock()
	defer a.mu.Unlock()
	cur := a.lim.Limit()
	if cur >= a.ceiling || a.grownAt.IsZero() {
		return
	}
	secs := now.Sub(a.grownAt).Seconds()
	if secs < 0.1 {
		return
	}
	a.lim.SetLimitAt(now, min(a.ceiling, cur*rate.Limit(1+rateGrowthPerS*secs)))
	a.grownAt = now
}

// trim drops send times older than the meter window; a.mu is held.
func (a *adaptiveRate) trim(now time.Time) []time.Time {
	cut := 0
	for cut < len(a.sent) && now.Sub(a.sent[cut]) > rateMeterWindow {
		cut++
	}
	return a.sent[cut:]
}
