package client

import (
	"context"
	"errors"
	"io"
	"net/http"
	"sync"
	"sync/atomic"
	"time"
)

// attemptTransport wraps each single HTTP attempt: it waits for one of the
// MaxConcurrency slots, for any pause a 429 imposed and for the shared rate
// limit, bounds the attempt with the per-attempt timeout, and logs it.
// retryablehttp sits above it and decides whether to try again.
type attemptTransport struct {
	next    http.RoundTripper
	timeout time.Duration
	// slots holds one token per attempt in flight, from before it is sent
	// until its body is closed. The connection pool alone does not bound
	// requests in flight: over HTTP/2 one connection carries them all.
	slots   chan struct{}
	rate    *adaptiveRate
	gate    *pauseGate
	maxWait time.Duration
	logger  Logger
	counter *atomic.Int64
}

func (t *attemptTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	ctx := req.Context()
	call := callFrom(ctx)
	// The waits come before the attempt's timeout starts: time spent
	// queueing behind other requests is not the API being slow.
	release, err := t.acquire(ctx)
	if err != nil {
		return nil, err
	}
	if err := t.gate.wait(ctx); err != nil {
		release()
		return nil, err
	}
	if err := t.rate.wait(ctx); err != nil {
		release()
		return nil, err
	}
	attempt := call.attempts.Add(1)
	t.counter.Add(1)

	actx, cancel := context.WithTimeout(ctx, t.timeout)
	start := time.Now()
	resp, err := t.next.RoundTrip(req.WithContext(actx))
	fields := map[string]any{
		"method":      req.Method,
		"path":        req.URL.Path,
		"attempt":     attempt,
		"duration_ms": time.Since(start).Milliseconds(),
	}
	if err != nil {
		cancel()
		release()
		err = t.attemptErr(ctx, actx, err)
		fields["error"] = err.Error()
		t.logger.Debug(ctx, "SmartphoneKey API request failed", fields)
		return nil, err
	}
	fields["status"] = resp.StatusCode
	t.logger.Debug(ctx, "SmartphoneKey API request", fields)

	if pause, ok := t.pauseFor(resp); ok {
		t.gate.extend(pause)
		fields := map[string]any{"status": resp.StatusCode, "pause_ms": pause.Milliseconds()}
		if resp.StatusCode == http.StatusTooManyRequests {
			if limit, cut := t.rate.throttled(time.Now()); cut {
				fields["new_requests_per_second"] = float64(limit)
			}
		}
		t.logger.Warn(ctx, "SmartphoneKey API asked to slow down; pausing all requests", fields)
	}
	resp.Body = &attemptBody{ReadCloser: resp.Body, t: t, parent: ctx, actx: actx, cancel: cancel, release: release}
	return resp, nil
}

// acquire takes a slot for one attempt; the returned func gives it back
// and may be called more than once.
func (t *attemptTransport) acquire(ctx context.Context) (func(), error) {
	if t.slots == nil {
		return func() {}, nil
	}
	select {
	case t.slots <- struct{}{}:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	var once sync.Once
	return func() { once.Do(func() { <-t.slots }) }, nil
}

// pauseFor is how long every request of this client waits after resp: a
// 429 (or a 503 with Retry-After) slows the whole provider down, not just
// the worker that got it.
func (t *attemptTransport) pauseFor(resp *http.Response) (time.Duration, bool) {
	wait, hasHeader := retryAfter(resp, time.Now())
	switch {
	case resp.StatusCode == http.StatusTooManyRequests && hasHeader:
		return min(wait, t.maxWait), true
	case resp.StatusCode == http.StatusTooManyRequests:
		// RetryWaitMax bounds every wait between attempts, this one too.
		return min(time.Second, t.maxWait), true
	case resp.StatusCode == http.StatusServiceUnavailable && hasHeader:
		return min(wait, t.maxWait), true
	}
	return 0, false
}

// attemptErr turns the end of this attempt's own deadline into an
// AttemptTimeoutError, which is retried; the caller's deadline or
// cancellation passes through unchanged, which is not.
func (t *attemptTransport) attemptErr(parent, actx context.Context, err error) error {
	if parent.Err() == nil && errors.Is(actx.Err(), context.DeadlineExceeded) {
		return &AttemptTimeoutError{Timeout: t.timeout.String()}
	}
	return err
}

// attemptBody keeps the attempt's deadline running while the body is read
// and releases it, and the attempt's slot, when the body is closed.
type attemptBody struct {
	io.ReadCloser
	t       *attemptTransport
	parent  context.Context
	actx    context.Context
	cancel  context.CancelFunc
	release func()
}

func (b *attemptBody) Read(p []byte) (int, error) {
	n, err := b.ReadCloser.Read(p)
	if err != nil && !errors.Is(err, io.EOF) {
		err = b.t.attemptErr(b.parent, b.actx, err)
	}
	return n, err
}

func (b *attemptBody) Close() error {
	defer b.release()
	defer b.cancel()
	return b.ReadCloser.Close()
}

// pauseGate holds every request of a client until a shared deadline.
type pauseGate struct {
	mu    sync.Mutex
	until time.Time
}

func (g *pauseGate) extend(d time.Duration) {
	g.mu.Lock()
	defer g.mu.Unlock()
	if until := time.Now().Add(d); until.After(g.until) {
		g.until = until
	}
}

func (g *pauseGate) wait(ctx context.Context) error {
	for {
		g.mu.Lock()
		d := time.Until(g.until)
		g.mu.Unlock()
		if d <= 0 {
			return nil
		}
		timer := time.NewTimer(d)
		select {
		case <-ctx.Done():
			timer.Stop()
			return ctx.Err()
		case <-timer.C:
		}
	}
}
