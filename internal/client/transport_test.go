package client

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/smartphonekey/terraform-provider-spkey/internal/spkeytest"
)

// stall waits d or until the client goes away.
func stall(r *http.Request, d time.Duration) {
	select {
	case <-r.Context().Done():
	case <-time.After(d):
	}
}

func TestAttemptTimeout(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		answer func(http.ResponseWriter, *http.Request, int)
	}{
		{name: "no headers", answer: func(_ http.ResponseWriter, r *http.Request, _ int) { stall(r, 5*time.Second) }},
		{name: "slow body", answer: func(w http.ResponseWriter, r *http.Request, _ int) {
			w.Header().Set("Content-Length", "200")
			w.WriteHeader(http.StatusOK)
			_, _ = fmt.Fprint(w, `{"id":"1",`)
			flush(t, w)
			stall(r, 5*time.Second)
		}},
		{name: "slow error body", answer: func(w http.ResponseWriter, r *http.Request, _ int) {
			w.Header().Set("Content-Length", "200")
			w.WriteHeader(http.StatusNotFound)
			_, _ = fmt.Fprint(w, `{"success":false,`)
			flush(t, w)
			stall(r, 5*time.Second)
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			srv := newStubServer(t, tt.answer)
			c := newTestClient(t, srv.URL, func(cfg *Config) { cfg.RequestTimeout = 100 * time.Millisecond; cfg.MaxRetries = 2 })
			start := time.Now()
			_, err := c.LockBasicInfo(context.Background(), 1)
			elapsed := time.Since(start)
			var reqErr *RequestError
			if !errors.As(err, &reqErr) {
				t.Fatalf("error = %v (%T), want a *RequestError", err, err)
			}
			var timeoutErr *AttemptTimeoutError
			if !errors.As(err, &timeoutErr) || timeoutErr.Timeout != "100ms" {
				t.Errorf("error = %v, want it to wrap an AttemptTimeoutError of 100ms", err)
			}
			if errors.Is(err, context.DeadlineExceeded) || errors.Is(err, context.Canceled) {
				t.Errorf("an attempt timeout looks like the caller's context ending: %v", err)
			}
			if reqErr.Attempts != 3 || srv.count() != 3 {
				t.Errorf("Attempts = %d, server saw %d; want 3 and 3", reqErr.Attempts, srv.count())
			}
			within(t, "three timed-out attempts", elapsed, 300*time.Millisecond, 2*time.Second)
		})
	}
}

func TestSlowBodyThenSuccess(t *testing.T) {
	t.Parallel()
	srv := newStubServer(t, func(w http.ResponseWriter, r *http.Request, n int) {
		if n == 1 {
			w.Header().Set("Content-Length", "200")
			w.WriteHeader(http.StatusOK)
			_, _ = fmt.Fprint(w, `{"success":`)
			flush(t, w)
			stall(r, 5*time.Second)
			return
		}
		fixed(http.StatusOK, `{"success":true,"aggregateId":"1","version":2,"event":null}`)(w, r, n)
	})
	c := newTestClient(t, srv.URL, func(cfg *Config) { cfg.RequestTimeout = 100 * time.Millisecond })
	res, err := c.SetOrganization(context.Background(), 1, "o")
	if err != nil {
		t.Fatalf("SetOrganization: %v", err)
	}
	if res.Version != "2" || srv.count() != 2 {
		t.Errorf("version %q after %d requests, want 2 after 2", res.Version, srv.count())
	}
}

func TestCallerContext(t *testing.T) {
	t.Parallel()
	slow := func(_ http.ResponseWriter, r *http.Request, _ int) { stall(r, 5*time.Second) }
	retryLater := func(w http.ResponseWriter, r *http.Request, n int) {
		w.Header().Set("Retry-After", "3")
		failing(http.StatusServiceUnavailable)(w, r, n)
	}
	tests := []struct {
		name      string
		answer    func(http.ResponseWriter, *http.Request, int)
		ctx       func() (context.Context, context.CancelFunc)
		cancelIn  time.Duration
		want      error
		wantCalls int
	}{
		{name: "cancel during an attempt", answer: slow, ctx: cancelCtx, cancelIn: 100 * time.Millisecond, want: context.Canceled, wantCalls: 1},
		{name: "cancel during a backoff", answer: retryLater, ctx: cancelCtx, cancelIn: 100 * time.Millisecond, want: context.Canceled, wantCalls: 1},
		{name: "cancel during drops", answer: func(w http.ResponseWriter, r *http.Request, _ int) { stall(r, 30*time.Millisecond); hangUp(t, w) },
			ctx: cancelCtx, cancelIn: 100 * time.Millisecond, want: context.Canceled},
		{name: "deadline during an attempt", answer: slow, want: context.DeadlineExceeded, wantCalls: 1,
			ctx: func() (context.Context, context.CancelFunc) {
				return context.WithTimeout(context.Background(), 100*time.Millisecond)
			}},
		{name: "deadline during a backoff", answer: retryLater, want: context.DeadlineExceeded, wantCalls: 1,
			ctx: func() (context.Context, context.CancelFunc) {
				return context.WithTimeout(context.Background(), 100*time.Millisecond)
			}},
		{name: "already cancelled", answer: slow, want: context.Canceled,
			ctx: func() (context.Context, context.CancelFunc) {
				ctx, cancel := context.WithCancel(context.Background())
				cancel()
				return ctx, cancel
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			srv := newStubServer(t, tt.answer)
			c := newTestClient(t, srv.URL, func(cfg *Config) {
				cfg.MaxRetries = 10
				cfg.RetryWaitMax = 5 * time.Second
				cfg.RequestTimeout = 5 * time.Second
			})
			ctx, cancel := tt.ctx()
			defer cancel()
			if tt.cancelIn > 0 {
				timer := time.AfterFunc(tt.cancelIn, cancel)
				defer timer.Stop()
			}
			start := time.Now()
			_, err := c.SetOrganization(ctx, 1, "o")
			within(t, "the call", time.Since(start), 0, time.Second)
			if !errors.Is(err, tt.want) {
				t.Fatalf("error = %v, want errors.Is(err, %v)", err, tt.want)
			}
			var reqErr *RequestError
			if !errors.As(err, &reqErr) {
				t.Errorf("error = %T, want a *RequestError", err)
			}
			var timeoutErr *AttemptTimeoutError
			if errors.As(err, &timeoutErr) {
				t.Errorf("the caller's context ending was reported as an attempt timeout: %v", err)
			}
			if tt.wantCalls > 0 && srv.count() != tt.wantCalls {
				t.Errorf("server saw %d requests, want %d", srv.count(), tt.wantCalls)
			}
			if tt.name == "already cancelled" && srv.count() != 0 {
				t.Errorf("server saw %d requests for a cancelled context", srv.count())
			}
		})
	}
}

func cancelCtx() (context.Context, context.CancelFunc) {
	return context.WithCancel(context.Background())
}

func TestOversizedBody(t *testing.T) {
	t.Parallel()
	big := `{"success":true,"padding":"` + strings.Repeat("x", MaxResponseBytes) + `"}`
	tests := []struct {
		name   string
		status int
		body   string
		// wantTooLarge is false for a body just within the limit.
		wantTooLarge bool
	}{
		{name: "200", status: 200, body: big, wantTooLarge: true},
		{name: "404", status: 404, body: big, wantTooLarge: true},
		{name: "exactly the limit", status: 200, body: `{"a":"` + strings.Repeat("x", MaxResponseBytes-8) + `"}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			srv := newStubServer(t, fixed(tt.status, tt.body))
			c := newTestClient(t, srv.URL, func(cfg *Config) { cfg.MaxRetries = 3 })
			_, err := c.SetOrganization(context.Background(), 1, "o")
			if err == nil {
				t.Fatal("no error")
			}
			if got := errors.Is(err, errBodyTooLarge); got != tt.wantTooLarge {
				t.Errorf("error = %v; too large = %v, want %v", err, got, tt.wantTooLarge)
			}
			if tt.wantTooLarge {
				var reqErr *RequestError
				if !errors.As(err, &reqErr) || reqErr.Attempts != 1 {
					t.Errorf("error = %#v, want a *RequestError after 1 attempt", err)
				}
			}
			if srv.count() != 1 {
				t.Errorf("server saw %d requests, want 1 (not retried)", srv.count())
			}
			if len(err.Error()) > 1000 {
				t.Errorf("the error quotes %d bytes", len(err.Error()))
			}
		})
	}
}

func TestRateLimitPausesOtherRequests(t *testing.T) {
	t.Parallel()
	var mu sync.Mutex
	arrivals := map[string][]time.Time{}
	limited := make(chan time.Time, 1)
	srv := newStubServer(t, func(w http.ResponseWriter, r *http.Request, n int) {
		now := time.Now()
		mu.Lock()
		arrivals[r.URL.Path] = append(arrivals[r.URL.Path], now)
		mu.Unlock()
		if n == 1 {
			w.Header().Set("Retry-After", "1")
			failing(http.StatusTooManyRequests)(w, r, n)
			limited <- now
			return
		}
		answerInfo(w, r)
	})
	c := newTestClient(t, srv.URL, func(cfg *Config) { cfg.RetryWaitMax = 3 * time.Second })
	gate := senderOf(t, c).gate

	errA := make(chan error, 1)
	go func() {
		_, err := c.LockBasicInfo(context.Background(), 1)
		errA <- err
	}()
	limitedAt := <-limited
	// Wait until the client has seen the 429 and closed the gate.
	for deadline := time.Now().Add(2 * time.Second); ; {
		gate.mu.Lock()
		closed := time.Until(gate.until) > 0
		gate.mu.Unlock()
		if closed {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the client did not pause after a 429 with Retry-After")
		}
		time.Sleep(time.Millisecond)
	}
	if _, err := c.LockBasicInfo(context.Background(), 2); err != nil {
		t.Fatalf("second call: %v", err)
	}
	if err := <-errA; err != nil {
		t.Fatalf("first call: %v", err)
	}
	mu.Lock()
	otherAt := arrivals["/locks/2/basic-info"]
	mu.Unlock()
	if len(otherAt) != 1 {
		t.Fatalf("the other call reached the server %d times, want 1", len(otherAt))
	}
	within(t, "the other call's wait after the 429", otherAt[0].Sub(limitedAt), 900*time.Millisecond, 2500*time.Millisecond)
}

func TestPauseGate(t *testing.T) {
	t.Parallel()
	t.Run("extend never shortens", func(t *testing.T) {
		t.Parallel()
		g := &pauseGate{}
		g.extend(time.Hour)
		long := g.until
		g.extend(time.Millisecond)
		if !g.until.Equal(long) {
			t.Errorf("a shorter pause moved the gate from %v to %v", long, g.until)
		}
	})
	t.Run("open gate does not wait", func(t *testing.T) {
		t.Parallel()
		start := time.Now()
		if err := (&pauseGate{}).wait(context.Background()); err != nil {
			t.Fatal(err)
		}
		within(t, "an open gate", time.Since(start), 0, 50*time.Millisecond)
	})
	t.Run("waits until the deadline", func(t *testing.T) {
		t.Parallel()
		g := &pauseGate{}
		g.extend(100 * time.Millisecond)
		start := time.Now()
		if err := g.wait(context.Background()); err != nil {
			t.Fatal(err)
		}
		within(t, "a 100ms pause", time.Since(start), 90*time.Millisecond, time.Second)
	})
	t.Run("context ends the wait", func(t *testing.T) {
		t.Parallel()
		g := &pauseGate{}
		g.extend(time.Hour)
		ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
		defer cancel()
		start := time.Now()
		if err := g.wait(ctx); !errors.Is(err, context.DeadlineExceeded) {
			t.Errorf("wait = %v, want DeadlineExceeded", err)
		}
		within(t, "a cancelled wait", time.Since(start), 40*time.Millisecond, time.Second)
	})
}

func TestPauseFor(t *testing.T) {
	t.Parallel()
	at := &sender{maxWait: 2 * time.Second}
	tests := []struct {
		name   string
		status int
		header string
		want   time.Duration
		ok     bool
	}{
		{name: "429 with Retry-After", status: 429, header: "1", want: time.Second, ok: true},
		{name: "429 with long Retry-After", status: 429, header: "60", want: 2 * time.Second, ok: true},
		{name: "429 without Retry-After", status: 429, want: time.Second, ok: true},
		{name: "503 with Retry-After", status: 503, header: "1", want: time.Second, ok: true},
		{name: "503 without Retry-After", status: 503},
		{name: "502 with Retry-After", status: 502, header: "1"},
		{name: "200", status: 200, header: "1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			resp := &http.Response{StatusCode: tt.status, Header: http.Header{}}
			if tt.header != "" {
				resp.Header.Set("Retry-After", tt.header)
			}
			got, ok := at.pauseFor(resp)
			if got != tt.want || ok != tt.ok {
				t.Errorf("pauseFor = %v, %v; want %v, %v", got, ok, tt.want, tt.ok)
			}
		})
	}
	t.Run("429 without Retry-After within a small RetryWaitMax", func(t *testing.T) {
		t.Parallel()
		small := &sender{maxWait: 20 * time.Millisecond}
		got, ok := small.pauseFor(&http.Response{StatusCode: 429, Header: http.Header{}})
		if !ok || got > 20*time.Millisecond {
			t.Errorf("pauseFor = %v, %v; want at most RetryWaitMax (20ms)", got, ok)
		}
	})
}

func TestRequestsPerSecond(t *testing.T) {
	t.Parallel()
	var arrivals timeline
	srv := newStubServer(t, func(w http.ResponseWriter, r *http.Request, n int) {
		arrivals.add(time.Now())
		answerInfo(w, r)
	})
	c := newTestClient(t, srv.URL, func(cfg *Config) { cfg.RequestsPerSecond = 20 })
	const calls = 8
	start := time.Now()
	var wg sync.WaitGroup
	for i := range calls {
		wg.Go(func() {
			if _, err := c.LockBasicInfo(context.Background(), int64(i+1)); err != nil {
				t.Errorf("call %d: %v", i, err)
			}
		})
	}
	wg.Wait()
	// 20 per second with a burst of 1: the first request goes at once,
	// each further one 50ms later.
	within(t, "8 calls at 20 per second", time.Since(start), 330*time.Millisecond, 2*time.Second)
	at := arrivals.all()
	if len(at) != calls {
		t.Fatalf("server saw %d requests, want %d", len(at), calls)
	}
	// The limiter spaces sends; arrivals add network and scheduling
	// jitter, so compare each one with the first rather than neighbours.
	for i := 1; i < len(at); i++ {
		if d, want := at[i].Sub(at[0]), time.Duration(i)*50*time.Millisecond-30*time.Millisecond; d < want {
			t.Errorf("request %d arrived %v after the first, want at least %v", i+1, d, want)
		}
	}
}

// inFlight is a handler wrapper that tracks concurrent requests.
type inFlight struct {
	now, peak atomic.Int64
}

func (f *inFlight) enter() {
	n := f.now.Add(1)
	for {
		p := f.peak.Load()
		if n <= p || f.peak.CompareAndSwap(p, n) {
			return
		}
	}
}

func (f *inFlight) leave() { f.now.Add(-1) }

func runConcurrently(t *testing.T, n int, call func(i int) error) {
	t.Helper()
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			if err := call(i); err != nil {
				t.Errorf("call %d: %v", i, err)
			}
		})
	}
	wg.Wait()
}

func TestMaxConcurrencyMock(t *testing.T) {
	t.Parallel()
	ids, _ := spkeytest.ParseLockIDs("1-50")
	srv := spkeytest.NewTestServer(t, spkeytest.Options{Token: testToken, Locks: ids, Latency: 10 * time.Millisecond})
	c := newTestClient(t, srv.URL, func(cfg *Config) { cfg.MaxConcurrency = 4 })
	runConcurrently(t, 50, func(i int) error {
		_, err := c.SetOrganization(context.Background(), int64(i+1), "org")
		return err
	})
	st := srv.Stats()
	if st.Requests != 50 {
		t.Errorf("mock saw %d requests, want 50", st.Requests)
	}
	if st.Connections < 1 || st.Connections > 4 {
		t.Errorf("mock saw %d connections, want 1 to 4", st.Connections)
	}
}

func TestMaxConcurrencyInFlight(t *testing.T) {
	t.Parallel()
	var conns atomic.Int64
	var flight inFlight
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		flight.enter()
		defer flight.leave()
		time.Sleep(10 * time.Millisecond)
		answerInfo(w, r)
	}))
	srv.Config.ConnState = func(_ net.Conn, st http.ConnState) {
		if st == http.StateNew {
			conns.Add(1)
		}
	}
	srv.Start()
	t.Cleanup(srv.Close)
	c := newTestClient(t, srv.URL, func(cfg *Config) { cfg.MaxConcurrency = 4 })
	runConcurrently(t, 50, func(i int) error {
		_, err := c.LockBasicInfo(context.Background(), int64(i+1))
		return err
	})
	if n := conns.Load(); n < 1 || n > 4 {
		t.Errorf("server saw %d connections, want 1 to 4", n)
	}
	if p := flight.peak.Load(); p > 4 {
		t.Errorf("%d requests were in flight at once, want at most 4", p)
	}
}

// TestMaxConcurrencyHTTP2 checks the cap over HTTP/2, where one TCP
// connection carries many requests at once.
func TestMaxConcurrencyHTTP2(t *testing.T) {
	t.Parallel()
	var flight inFlight
	var h2 atomic.Int64
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		flight.enter()
		defer flight.leave()
		if r.ProtoMajor == 2 {
			h2.Add(1)
		}
		time.Sleep(10 * time.Millisecond)
		answerInfo(w, r)
	}))
	srv.EnableHTTP2 = true
	srv.StartTLS()
	t.Cleanup(srv.Close)
	c := newTestClient(t, srv.URL, func(cfg *Config) { cfg.MaxConcurrency = 4 })
	// Trust the test server's certificate; everything else stays as New
	// built it.
	tr, ok := senderOf(t, c).next.(*http.Transport)
	if !ok {
		t.Fatalf("the client's transport wraps a %T, want an *http.Transport", senderOf(t, c).next)
	}
	srvTr, ok := srv.Client().Transport.(*http.Transport)
	if !ok {
		t.Fatalf("the test server's client has a %T, want an *http.Transport", srv.Client().Transport)
	}
	tr.TLSClientConfig = srvTr.TLSClientConfig.Clone()
	runConcurrently(t, 50, func(i int) error {
		_, err := c.LockBasicInfo(context.Background(), int64(i+1))
		return err
	})
	if p := flight.peak.Load(); p > 4 {
		t.Errorf("%d requests were in flight at once (%d of 50 over HTTP/2), want at most 4", p, h2.Load())
	}
}

// TestQueueingIsNotTheAttemptTimeout checks that a call waiting for one of
// the MaxConcurrency slots does not spend its per-attempt timeout there.
func TestQueueingIsNotTheAttemptTimeout(t *testing.T) {
	t.Parallel()
	srv := newStubServer(t, func(w http.ResponseWriter, r *http.Request, n int) {
		time.Sleep(100 * time.Millisecond)
		answerInfo(w, r)
	})
	c := newTestClient(t, srv.URL, func(cfg *Config) {
		cfg.MaxConcurrency = 2
		cfg.MaxRetries = 0
		cfg.RequestTimeout = 500 * time.Millisecond
	})
	// Sixteen calls through two slots queue for about 800ms, longer than
	// the timeout, although each answer takes only 100ms: a fifth of the
	// timeout, so that a busy machine does not fail the test.
	runConcurrently(t, 16, func(i int) error {
		_, err := c.LockBasicInfo(context.Background(), int64(i+1))
		return err
	})
	if srv.count() != 16 {
		t.Errorf("server saw %d requests, want 16", srv.count())
	}
}

func TestReadBody(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		size    int
		wantErr bool
	}{
		{name: "empty", size: 0},
		{name: "limit", size: MaxResponseBytes},
		{name: "over", size: MaxResponseBytes + 1, wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			rc := &closeRecorder{Reader: bytes.NewReader(make([]byte, tt.size))}
			b, err := readBody(&http.Response{Body: rc, ContentLength: -1})
			if (err != nil) != tt.wantErr {
				t.Fatalf("readBody error = %v, want error %v", err, tt.wantErr)
			}
			if !tt.wantErr && len(b) != tt.size {
				t.Errorf("read %d bytes, want %d", len(b), tt.size)
			}
			if !rc.closed {
				t.Error("the body was not closed")
			}
		})
	}
}

type closeRecorder struct {
	*bytes.Reader
	closed bool
}

func (c *closeRecorder) Close() error { c.closed = true; return nil }
