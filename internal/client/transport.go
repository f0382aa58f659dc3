package client

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"sync"
	"sync/atomic"
	"time"
)

// sender sends single HTTP attempts: it waits for one of the
// MaxConcurrency slots, for any pause a 429 imposed and for the shared rate
// limit, bounds the attempt (answer and body) with the per-attempt
// timeout, and logs it. Client.do sits above it and decides whether to try
// again.
type sender struct {
	next    http.RoundTripper
	timeout time.Duration
	// slots holds one token per attempt in flight, from before it is sent
	// until its body is read. The connection pool alone does not bound
	// requests in flight: over HTTP/2 one connection carries them all.
	slots   chan struct{}
	rate    *adaptiveRate
	gate    *pauseGate
	maxWait time.Duration
	logger  Logger
	counter atomic.Int64
}

func newSender(next http.RoundTripper, cfg Config) *sender {
	return &sender{
		next:    next,
		timeout: cfg.RequestTimeout,
		slots:   make(chan struct{}, cfg.MaxConcurrency),
		gate:    &pauseGate{},
		rate:    newAdaptiveRate(cfg.RequestsPerSecond),
		maxWait: cfg.RetryWaitMax,
		logger:  cfg.Logger,
	}
}

// attempt sends req once and reads the whole answer. The answer's body is
// closed; its bytes are returned.
func (s *sender) attempt(ctx context.Context, req *http.Request, body []byte, n int) (*http.Response, []byte, error) {
	// The waits come before the attempt's timeout starts: time spent
	// queueing behind other requests is not the API being slow.
	release, err := s.wait(ctx)
	if err != nil {
		return nil, nil, err
	}
	defer release()
	s.counter.Add(1)
	actx, cancel := context.WithTimeout(ctx, s.timeout)
	defer cancel()
	start := time.Now()
	resp, got, err := s.roundTrip(withBody(req.WithContext(actx), body))
	if err != nil {
		err = s.attemptErr(ctx, actx, err)
	}
	s.log(ctx, req, n, start, resp, err)
	if resp != nil {
		s.slowDown(ctx, resp)
	}
	return resp, got, err
}

// roundTrip sends one request and reads its body to the end.
func (s *sender) roundTrip(req *http.Request) (*http.Response, []byte, error) {
	resp, err := s.next.RoundTrip(req)
	if err != nil {
		return nil, nil, err
	}
	got, err := readBody(resp)
	return resp, got, err
}

func withBody(req *http.Request, body []byte) *http.Request {
	if body != nil {
		req.Body = io.NopCloser(bytes.NewReader(body))
		req.ContentLength = int64(len(body))
	}
	return req
}

// wait takes a slot and waits out the shared pause and rate; the returned
// func gives the slot back.
func (s *sender) wait(ctx context.Context) (func(), error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	select {
	case s.slots <- struct{}{}:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	release := func() { <-s.slots }
	if err := s.gate.wait(ctx); err != nil {
		release()
		return nil, err
	}
	if err := s.rate.wait(ctx); err != nil {
		release()
		return nil, err
	}
	return release, nil
}

func (s *sender) log(ctx context.Context, req *http.Request, n int, start time.Time, resp *http.Response, err error) {
	fields := map[string]any{
		"method":      req.Method,
		"path":        req.URL.Path,
		"attempt":     n,
		"duration_ms": time.Since(start).Milliseconds(),
	}
	if resp != nil {
		fields["status"] = resp.StatusCode
	}
	if err != nil {
		fields["error"] = err.Error()
		s.logger.Debug(ctx, "SmartphoneKey API request failed", fields)
		return
	}
	s.logger.Debug(ctx, "SmartphoneKey API request", fields)
}

// slowDown pauses every request of this client after a 429 (or a 503 with
// Retry-After), and lowers the shared rate after a 429.
func (s *sender) slowDown(ctx context.Context, resp *http.Response) {
	pause, ok := s.pauseFor(resp)
	if !ok {
		return
	}
	s.gate.extend(pause)
	fields := map[string]any{"status": resp.StatusCode, "pause_ms": pause.Milliseconds()}
	if resp.StatusCode == http.StatusTooManyRequests {
		if limit, cut := s.rate.throttled(time.Now()); cut {
			fields["new_requests_per_second"] = float64(limit)
		}
	}
	s.logger.Warn(ctx, "SmartphoneKey API asked to slow down; pausing all requests", fields)
}

// pauseFor is how long every request of this client waits after resp: a
// 429 (or a 503 with Retry-After) slows the whole provider down, not just
// the worker that got it.
func (s *sender) pauseFor(resp *http.Response) (time.Duration, bool) {
	wait, hasHeader := retryAfter(resp, time.Now())
	switch {
	case resp.StatusCode == http.StatusTooManyRequests && hasHeader:
		return min(wait, s.maxWait), true
	case resp.StatusCode == http.StatusTooManyRequests:
		// RetryWaitMax bounds every wait between attempts, this one too.
		return min(time.Second, s.maxWait), true
	case resp.StatusCode == http.StatusServiceUnavailable && hasHeader:
		return min(wait, s.maxWait), true
	}
	return 0, false
}

// attemptErr turns the end of this attempt's own deadline into an
// AttemptTimeoutError, which is retried; the caller's deadline or
// cancellation passes through unchanged, which is not.
func (s *sender) attemptErr(parent, actx context.Context, err error) error {
	if parent.Err() == nil && errors.Is(actx.Err(), context.DeadlineExceeded) {
		return &AttemptTimeoutError{Timeout: s.timeout.String()}
	}
	return err
}

var errBodyTooLarge = fmt.Errorf("the response body exceeds %d bytes", MaxResponseBytes)

// readBody reads a response body to the end, or to the first error, and
// closes it. A declared length sizes the buffer, so a usual answer costs
// one allocation.
func readBody(resp *http.Response) ([]byte, error) {
	// The body is read to the end or abandoned on error; a failure to close
	// it changes neither outcome.
	defer func() { _ = resp.Body.Close() }()
	size := 512
	if n := resp.ContentLength; n >= 0 && n < MaxResponseBytes {
		size = int(n) + 1
	}
	buf := make([]byte, 0, size)
	for {
		if len(buf) == cap(buf) {
			buf = append(buf, 0)[:len(buf)]
		}
		n, err := resp.Body.Read(buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+n]
		if len(buf) > MaxResponseBytes {
			return nil, errBodyTooLarge
		}
		if errors.Is(err, io.EOF) {
			return buf, nil
		}
		if err != nil {
			return nil, err
		}
	}
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
		if err := sleep(ctx, d); err != nil {
			return err
		}
	}
}

// sleep waits d, or until ctx ends and returns its error.
func sleep(ctx context.Context, d time.Duration) error {
	timer := time.NewTimer(d)
	defer timer.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-timer.C:
		return nil
	}
}
