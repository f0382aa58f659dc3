package client

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"
)

// failing answers status with a message naming the attempt, in the
// SetOrganization error shape.
func failing(status int) func(http.ResponseWriter, *http.Request, int) {
	return func(w http.ResponseWriter, _ *http.Request, n int) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		_, _ = fmt.Fprintf(w, `{"success":false,"error":%q,"message":"attempt %d","code":%d}`, http.StatusText(status), n, status)
	}
}

func TestRetryableStatusesExhaustRetries(t *testing.T) {
	t.Parallel()
	for _, status := range []int{429, 502, 503, 504} {
		for _, op := range []string{"SetOrganization", "basic-info"} {
			t.Run(fmt.Sprintf("%d %s", status, op), func(t *testing.T) {
				t.Parallel()
				srv := newStubServer(t, failing(status))
				c := newTestClient(t, srv.URL, func(cfg *Config) { cfg.MaxRetries = 3 })
				start := time.Now()
				var err error
				if op == "basic-info" {
					_, err = c.LockBasicInfo(context.Background(), 1)
				} else {
					_, err = c.SetOrganization(context.Background(), 1, "o")
				}
				var apiErr *APIError
				if !errors.As(err, &apiErr) {
					t.Fatalf("error = %v (%T), want an *APIError", err, err)
				}
				if apiErr.StatusCode != status || apiErr.Attempts != 4 || apiErr.Message != "attempt 4" {
					t.Errorf("APIError = status %d, %d attempts, message %q; want %d, 4, %q", apiErr.StatusCode, apiErr.Attempts, apiErr.Message, status, "attempt 4")
				}
				if !strings.Contains(err.Error(), "gave up after 4 attempts") {
					t.Errorf("error %q does not say how many attempts were made", err)
				}
				if srv.count() != 4 {
					t.Errorf("server saw %d requests, want 4", srv.count())
				}
				if c.Requests() != 4 {
					t.Errorf("Requests() = %d, want 4", c.Requests())
				}
				if got, want := errors.Is(err, ErrRateLimited), status == 429; got != want {
					t.Errorf("errors.Is(err, ErrRateLimited) = %v, want %v", got, want)
				}
				// A 429 without Retry-After pauses the client, but no longer
				// than RetryWaitMax allows.
				within(t, "three retries with a 20ms RetryWaitMax", time.Since(start), 0, 500*time.Millisecond)
			})
		}
	}
}

func TestDroppedConnectionsExhaustRetries(t *testing.T) {
	t.Parallel()
	for _, op := range []string{"SetOrganization", "basic-info"} {
		t.Run(op, func(t *testing.T) {
			t.Parallel()
			srv := newStubServer(t, func(w http.ResponseWriter, _ *http.Request, _ int) { hangUp(t, w) })
			c := newTestClient(t, srv.URL, func(cfg *Config) { cfg.MaxRetries = 2 })
			var err error
			if op == "basic-info" {
				_, err = c.LockBasicInfo(context.Background(), 1)
			} else {
				_, err = c.SetOrganization(context.Background(), 1, "o")
			}
			var reqErr *RequestError
			if !errors.As(err, &reqErr) {
				t.Fatalf("error = %v (%T), want a *RequestError", err, err)
			}
			if reqErr.Attempts != 3 {
				t.Errorf("Attempts = %d, want 3", reqErr.Attempts)
			}
			if !strings.Contains(err.Error(), "EOF") {
				t.Errorf("error %q does not name the dropped connection", err)
			}
			if srv.count() != 3 {
				t.Errorf("server saw %d requests, want 3", srv.count())
			}
		})
	}
}

// TestConnectionRefusedIsNotRetried: a refused connection means nothing
// listens on base_url's port (issue 11 item 9), which no retry changes.
func TestConnectionRefusedIsNotRetried(t *testing.T) {
	t.Parallel()
	srv := newStubServer(t, fixed(200, `{}`))
	url := srv.URL
	srv.Close()
	c := newTestClient(t, url, func(cfg *Config) { cfg.MaxRetries = 2 })
	_, err := c.LockBasicInfo(context.Background(), 1)
	var reqErr *RequestError
	if !errors.As(err, &reqErr) || reqErr.Attempts != 1 {
		t.Fatalf("error = %v, want a *RequestError after 1 attempt", err)
	}
	if !strings.Contains(err.Error(), "connection refused") || !strings.Contains(err.Error(), "check the port in base_url") {
		t.Errorf("error %q does not say the connection was refused and what to check", err)
	}
	if !errors.Is(err, ErrConnectionRefused) || errors.Is(err, ErrRetriesExhausted) {
		t.Errorf("errors.Is(err, ErrConnectionRefused) = %v, ErrRetriesExhausted = %v; want true, false",
			errors.Is(err, ErrConnectionRefused), errors.Is(err, ErrRetriesExhausted))
	}
}

func TestNotRetried(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		answer func(http.ResponseWriter, *http.Request, int)
	}{
		{name: "400", answer: failing(400)},
		{name: "401", answer: failing(401)},
		{name: "403", answer: failing(403)},
		{name: "404", answer: failing(404)},
		{name: "405", answer: failing(405)},
		{name: "409", answer: failing(409)},
		{name: "500", answer: failing(500)},
		{name: "501", answer: failing(501)},
		{name: "200 malformed", answer: fixed(200, `{"success": true, "aggregateId": "1", "vers`)},
		{name: "200 wrong type", answer: fixed(200, `{"success":true,"aggregateId":"1","version":"7"}`)},
		{name: "200 success false", answer: fixed(200, `{"success":false,"message":"no"}`)},
		{name: "204 empty", answer: fixed(204, ``)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			srv := newStubServer(t, tt.answer)
			c := newTestClient(t, srv.URL, func(cfg *Config) { cfg.MaxRetries = 5 })
			_, err := c.SetOrganization(context.Background(), 1, "o")
			if err == nil {
				t.Fatal("no error")
			}
			if srv.count() != 1 {
				t.Errorf("server saw %d requests, want exactly 1", srv.count())
			}
			var apiErr *APIError
			if errors.As(err, &apiErr) && apiErr.Attempts != 1 {
				t.Errorf("Attempts = %d, want 1", apiErr.Attempts)
			}
		})
	}
}

func TestMaxRetriesZero(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		answer func(http.ResponseWriter, *http.Request, int)
	}{
		{name: "503", answer: failing(503)},
		{name: "429", answer: failing(429)},
		{name: "drop", answer: func(w http.ResponseWriter, _ *http.Request, _ int) { hangUp(t, w) }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			srv := newStubServer(t, tt.answer)
			c := newTestClient(t, srv.URL, func(cfg *Config) { cfg.MaxRetries = 0 })
			_, err := c.LockBasicInfo(context.Background(), 1)
			if err == nil {
				t.Fatal("no error")
			}
			if srv.count() != 1 {
				t.Errorf("server saw %d requests, want 1", srv.count())
			}
			var apiErr *APIError
			var reqErr *RequestError
			switch {
			case errors.As(err, &apiErr):
				if apiErr.Attempts != 1 || apiErr.Message != "attempt 1" {
					t.Errorf("APIError = %+v, want 1 attempt and its message", apiErr)
				}
			case errors.As(err, &reqErr):
				if reqErr.Attempts != 1 {
					t.Errorf("Attempts = %d, want 1", reqErr.Attempts)
				}
			default:
				t.Errorf("error = %v (%T)", err, err)
			}
		})
	}
}

func TestSuccessAfterFailures(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		fail func(w http.ResponseWriter, r *http.Request, n int)
	}{
		{name: "503 then 502", fail: func(w http.ResponseWriter, r *http.Request, n int) { failing(501+n)(w, r, n) }},
		{name: "drops", fail: func(w http.ResponseWriter, _ *http.Request, _ int) { hangUp(t, w) }},
		{name: "429s", fail: failing(429)},
		{name: "truncated bodies", fail: func(w http.ResponseWriter, _ *http.Request, _ int) {
			w.Header().Set("Content-Length", "100")
			w.WriteHeader(200)
			_, _ = fmt.Fprint(w, `{"success":true`)
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			srv := newStubServer(t, func(w http.ResponseWriter, r *http.Request, n int) {
				if n <= 2 {
					tt.fail(w, r, n)
					return
				}
				fixed(200, `{"success":true,"aggregateId":"1","version":4,"event":null}`)(w, r, n)
			})
			c := newTestClient(t, srv.URL, func(cfg *Config) { cfg.MaxRetries = 2 })
			res, err := c.SetOrganization(context.Background(), 1, "o")
			if err != nil {
				t.Fatalf("SetOrganization: %v", err)
			}
			if res.Version != "4" {
				t.Errorf("Version = %q, want 4", res.Version)
			}
			if srv.count() != 3 {
				t.Errorf("server saw %d requests, want 3", srv.count())
			}
			for i, r := range srv.recorded() {
				if string(r.Body) != `{"orgId":"o"}` {
					t.Errorf("attempt %d sent body %q: the body was not rewound", i+1, r.Body)
				}
			}
		})
	}
}

func TestRetryAfterHonoured(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name       string
		status     int
		retryAfter func() string
		waitMax    time.Duration
		lo, hi     time.Duration
	}{
		{name: "429 seconds", status: 429, retryAfter: func() string { return "1" },
			waitMax: 3 * time.Second, lo: 950 * time.Millisecond, hi: 1800 * time.Millisecond},
		{name: "503 seconds", status: 503, retryAfter: func() string { return "1" },
			waitMax: 3 * time.Second, lo: 950 * time.Millisecond, hi: 1800 * time.Millisecond},
		{name: "429 HTTP date", status: 429,
			retryAfter: func() string { return time.Now().Add(2 * time.Second).UTC().Format(http.TimeFormat) },
			waitMax:    3 * time.Second, lo: 900 * time.Millisecond, hi: 2500 * time.Millisecond},
		{name: "capped by RetryWaitMax", status: 429, retryAfter: func() string { return "30" },
			waitMax: 50 * time.Millisecond, lo: 40 * time.Millisecond, hi: 800 * time.Millisecond},
		{name: "date capped by RetryWaitMax", status: 503,
			retryAfter: func() string { return time.Now().Add(time.Hour).UTC().Format(http.TimeFormat) },
			waitMax:    50 * time.Millisecond, lo: 40 * time.Millisecond, hi: 800 * time.Millisecond},
		{name: "date in the past", status: 503,
			retryAfter: func() string { return time.Now().Add(-time.Hour).UTC().Format(http.TimeFormat) },
			waitMax:    3 * time.Second, lo: 0, hi: 500 * time.Millisecond},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var arrivals timeline
			srv := newStubServer(t, func(w http.ResponseWriter, r *http.Request, n int) {
				arrivals.add(time.Now())
				if n == 1 {
					w.Header().Set("Retry-After", tt.retryAfter())
					failing(tt.status)(w, r, n)
					return
				}
				answerInfo(w, r)
			})
			c := newTestClient(t, srv.URL, func(cfg *Config) { cfg.MaxRetries = 1; cfg.RetryWaitMax = tt.waitMax })
			if _, err := c.LockBasicInfo(context.Background(), 1); err != nil {
				t.Fatalf("LockBasicInfo: %v", err)
			}
			if srv.count() != 2 {
				t.Fatalf("server saw %d requests, want 2", srv.count())
			}
			at := arrivals.all()
			within(t, "the retry", at[1].Sub(at[0]), tt.lo, tt.hi)
		})
	}
}

func TestRetryAfterParsing(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	tests := []struct {
		name   string
		status int
		header string
		want   time.Duration
		ok     bool
	}{
		{name: "seconds", status: 429, header: "120", want: 120 * time.Second, ok: true},
		{name: "zero", status: 429, header: "0", want: 0, ok: true},
		{name: "spaces", status: 503, header: " 3 ", want: 3 * time.Second, ok: true},
		{name: "huge capped at a day", status: 429, header: "99999999999", want: 24 * time.Hour, ok: true},
		{name: "negative", status: 429, header: "-5"},
		{name: "fraction", status: 429, header: "1.5"},
		{name: "garbage", status: 429, header: "soon"},
		{name: "empty", status: 429, header: ""},
		{name: "date", status: 429, header: "Sun, 01 Mar 2026 12:00:30 GMT", want: 30 * time.Second, ok: true},
		{name: "past date", status: 503, header: "Sun, 01 Mar 2026 11:00:00 GMT", want: 0, ok: true},
		{name: "RFC 850 date", status: 503, header: "Sunday, 01-Mar-26 12:01:00 GMT", want: time.Minute, ok: true},
		{name: "ignored on 500", status: 500, header: "5"},
		{name: "ignored on 502", status: 502, header: "5"},
		{name: "ignored on 200", status: 200, header: "5"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			resp := &http.Response{StatusCode: tt.status, Header: http.Header{}}
			if tt.header != "" {
				resp.Header.Set("Retry-After", tt.header)
			}
			got, ok := retryAfter(resp, now)
			if got != tt.want || ok != tt.ok {
				t.Errorf("retryAfter(%q) = %v, %v; want %v, %v", tt.header, got, ok, tt.want, tt.ok)
			}
		})
	}
}

func TestBackoff(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name         string
		minW, maxW   time.Duration
		attempt      int
		resp         *http.Response
		wantLo, want time.Duration
	}{
		{name: "first", minW: 100 * time.Millisecond, maxW: 10 * time.Second, attempt: 0, wantLo: 50 * time.Millisecond, want: 100 * time.Millisecond},
		{name: "third", minW: 100 * time.Millisecond, maxW: 10 * time.Second, attempt: 2, wantLo: 200 * time.Millisecond, want: 400 * time.Millisecond},
		{name: "capped", minW: 100 * time.Millisecond, maxW: time.Second, attempt: 10, wantLo: 500 * time.Millisecond, want: time.Second},
		{name: "very late attempt", minW: 100 * time.Millisecond, maxW: time.Second, attempt: 1000, wantLo: 500 * time.Millisecond, want: time.Second},
		{name: "large minimum, late attempt", minW: 30 * time.Second, maxW: time.Minute, attempt: 29, wantLo: 30 * time.Second, want: time.Minute},
		{name: "large minimum, every shift", minW: 20 * time.Second, maxW: time.Minute, attempt: 25, wantLo: 30 * time.Second, want: time.Minute},
		{name: "Retry-After", minW: time.Millisecond, maxW: time.Minute, attempt: 0, wantLo: 7 * time.Second, want: 7 * time.Second,
			resp: &http.Response{StatusCode: 429, Header: http.Header{"Retry-After": {"7"}}}},
		{name: "Retry-After capped", minW: time.Millisecond, maxW: time.Second, attempt: 0, wantLo: time.Second, want: time.Second,
			resp: &http.Response{StatusCode: 503, Header: http.Header{"Retry-After": {"7"}}}},
		{name: "Retry-After ignored on 502", minW: 10 * time.Millisecond, maxW: time.Minute, attempt: 0, wantLo: 5 * time.Millisecond, want: 10 * time.Millisecond,
			resp: &http.Response{StatusCode: 502, Header: http.Header{"Retry-After": {"7"}}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			for range 50 {
				got := backoff(tt.minW, tt.maxW, tt.attempt, tt.resp)
				if got < tt.wantLo || got > tt.want {
					t.Fatalf("backoff = %v, want between %v and %v", got, tt.wantLo, tt.want)
				}
			}
		})
	}
	t.Run("every attempt of a large minimum", func(t *testing.T) {
		t.Parallel()
		for attempt := range 70 {
			if got := backoff(25*time.Second, 2*time.Minute, attempt, nil); got <= 0 || got > 2*time.Minute {
				t.Fatalf("attempt %d: backoff = %v", attempt, got)
			}
		}
	})
}

func TestIsPermanent(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		err  error
		want bool
	}{
		{name: "body too large", err: fmt.Errorf("read: %w", errBodyTooLarge), want: true},
		// Recognised by type, not text (issue 12 item 5).
		{name: "tls", err: &url.Error{Op: "Get", URL: "https://x", Err: &tls.CertificateVerificationError{Err: x509.UnknownAuthorityError{}}}, want: true},
		{name: "x509 hostname", err: x509.HostnameError{Host: "x"}, want: true},
		{name: "tls text only", err: errors.New("tls: failed to verify certificate: x509: certificate signed by unknown authority")},
		{name: "refused", err: &net.OpError{Op: "dial", Err: os.NewSyscallError("connect", syscall.ECONNREFUSED)}, want: true},
		{name: "https to plain http", err: http.ErrSchemeMismatch, want: true},
		{name: "EOF", err: errors.New("EOF")},
		{name: "attempt timeout", err: &AttemptTimeoutError{Timeout: "1s"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := isPermanent(tt.err); got != tt.want {
				t.Errorf("isPermanent(%v) = %v, want %v", tt.err, got, tt.want)
			}
		})
	}
}

// TestProtocolMismatchIsNotRetried: http:// to a TLS port and https:// to
// a plain one get one attempt and an error that says which (issue 11 item
// 9).
func TestProtocolMismatchIsNotRetried(t *testing.T) {
	t.Parallel()
	var tlsHits, plainHits atomic.Int64
	tlsSrv := httptest.NewUnstartedServer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { tlsHits.Add(1) }))
	tlsSrv.Config.ErrorLog = log.New(io.Discard, "", 0)
	tlsSrv.StartTLS()
	t.Cleanup(tlsSrv.Close)
	plainSrv := httptest.NewServer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { plainHits.Add(1) }))
	t.Cleanup(plainSrv.Close)
	tests := []struct {
		name, base, want string
	}{
		{name: "http to TLS", base: strings.Replace(tlsSrv.URL, "https://", "http://", 1), want: "speaks HTTPS: use https://"},
		{name: "https to plain", base: strings.Replace(plainSrv.URL, "http://", "https://", 1), want: "check base_url's scheme"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c := newTestClient(t, tt.base, func(cfg *Config) { cfg.MaxRetries = 3 })
			_, err := c.LockBasicInfo(context.Background(), 1)
			var reqErr *RequestError
			if !errors.As(err, &reqErr) || reqErr.Attempts != 1 || !errors.Is(err, ErrProtocolMismatch) {
				t.Fatalf("error = %v, want a *RequestError matching ErrProtocolMismatch after 1 attempt", err)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %q does not say %q", err, tt.want)
			}
			if c.Requests() != 1 {
				t.Errorf("Requests() = %d, want 1", c.Requests())
			}
		})
	}
	if tlsHits.Load()+plainHits.Load() != 0 {
		t.Errorf("handlers ran %d times", tlsHits.Load()+plainHits.Load())
	}
}

// TestUntrustedCertificateIsNotRetried: a certificate error, recognised by
// its type, gets one attempt.
func TestUntrustedCertificateIsNotRetried(t *testing.T) {
	t.Parallel()
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) {}))
	srv.Config.ErrorLog = log.New(io.Discard, "", 0)
	srv.StartTLS()
	t.Cleanup(srv.Close)
	c := newTestClient(t, srv.URL, func(cfg *Config) { cfg.MaxRetries = 3 })
	_, err := c.LockBasicInfo(context.Background(), 1)
	var certErr *tls.CertificateVerificationError
	if !errors.As(err, &certErr) || !errors.Is(err, ErrCertificate) || c.Requests() != 1 {
		t.Errorf("error = %v after %d attempts, want a certificate error after 1", err, c.Requests())
	}
}
