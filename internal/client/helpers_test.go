package client

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// The credentials every test client sends. They are long and distinctive so
// that a test can search any text for them.
const (
	testToken = "tok-3f9a1c7e5b2d4860a1b2c3d4e5f60718"   //nolint:gosec // G101: a fake token for the stub servers, never a real credential.
	testKey   = "key-9d8c7b6a5f4e3d2c1b0a99887766554433" //nolint:gosec // G101: a fake API key for the stub servers, never a real credential.
)

// testConfig is a Config with fast retries, for a server at baseURL.
func testConfig(baseURL string) Config {
	return Config{
		BaseURL:        baseURL,
		Token:          testToken,
		APIKey:         testKey,
		UserAgent:      "spkey-test/1.0",
		MaxRetries:     3,
		RequestTimeout: 5 * time.Second,
		RetryWaitMin:   time.Millisecond,
		RetryWaitMax:   20 * time.Millisecond,
	}
}

// newTestClient returns a client for baseURL with testConfig, changed by
// edit when it is not nil.
func newTestClient(t *testing.T, baseURL string, edit func(*Config)) *Client {
	t.Helper()
	cfg := testConfig(baseURL)
	if edit != nil {
		edit(&cfg)
	}
	c, err := New(cfg)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return c
}

// recordedRequest is what a stubServer saw of one request.
type recordedRequest struct {
	Method string
	Path   string
	Query  string
	Header http.Header
	Body   []byte
}

// stubServer is an httptest server whose answers a test scripts: answer is
// called with the 1-based number of the request.
type stubServer struct {
	*httptest.Server
	n        atomic.Int64
	mu       sync.Mutex
	requests []recordedRequest
}

func newStubServer(t *testing.T, answer func(w http.ResponseWriter, r *http.Request, n int)) *stubServer {
	t.Helper()
	s := &stubServer{}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		r.Body = io.NopCloser(bytes.NewReader(body)) // for answers that read it
		s.mu.Lock()
		s.requests = append(s.requests, recordedRequest{Method: r.Method, Path: r.URL.Path, Query: r.URL.RawQuery, Header: r.Header.Clone(), Body: body})
		s.mu.Unlock()
		answer(w, r, int(s.n.Add(1)))
	}))
	t.Cleanup(s.Close)
	return s
}

// count is the number of requests the server received.
func (s *stubServer) count() int { return int(s.n.Load()) }

func (s *stubServer) recorded() []recordedRequest {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]recordedRequest(nil), s.requests...)
}

// fixed answers every request with status and body as JSON.
func fixed(status int, body string) func(http.ResponseWriter, *http.Request, int) {
	return func(w http.ResponseWriter, _ *http.Request, _ int) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		_, _ = io.WriteString(w, body)
	}
}

// hangUp closes the connection without answering. It runs in a handler's
// goroutine, so it reports a failure with t.Errorf, not t.Fatal.
func hangUp(t *testing.T, w http.ResponseWriter) {
	t.Helper()
	hj, ok := w.(http.Hijacker)
	if !ok {
		t.Errorf("hangUp: the %T cannot be hijacked", w)
		return
	}
	conn, _, err := hj.Hijack()
	if err != nil {
		t.Errorf("hangUp: %v", err)
		return
	}
	_ = conn.Close()
}

// flush sends what the handler has written so far. It runs in a handler's
// goroutine, so it reports a failure with t.Errorf, not t.Fatal.
func flush(t *testing.T, w http.ResponseWriter) {
	t.Helper()
	f, ok := w.(http.Flusher)
	if !ok {
		t.Errorf("flush: the %T cannot flush", w)
		return
	}
	f.Flush()
}

// senderOf returns the *sender that New installs in the client.
func senderOf(t *testing.T, c *Client) *sender {
	t.Helper()
	if c.send == nil {
		t.Fatal("the client has no sender")
	}
	return c.send
}

// answerInfo answers a basic-info request with a minimal lock about the
// lock id in the request's path.
func answerInfo(w http.ResponseWriter, r *http.Request) {
	var id int64
	_, _ = fmt.Sscanf(r.URL.Path, "/locks/%d/", &id)
	fixed(http.StatusOK, fmt.Sprintf(`{"id":"%d","lockId":%d,"uuid":"u","version":1,"r2Prefix":"p"}`, id, id))(w, r, 0)
}

// logLine is one line a fakeLogger received.
type logLine struct {
	Level  string
	Msg    string
	Fields map[string]any
}

// fakeLogger records every line.
type fakeLogger struct {
	mu    sync.Mutex
	lines []logLine
}

func (l *fakeLogger) Debug(_ context.Context, msg string, fields map[string]any) {
	l.add("debug", msg, fields)
}

func (l *fakeLogger) Warn(_ context.Context, msg string, fields map[string]any) {
	l.add("warn", msg, fields)
}

func (l *fakeLogger) Prepare(ctx context.Context) context.Context { return ctx }

func (l *fakeLogger) add(level, msg string, fields map[string]any) {
	cp := make(map[string]any, len(fields))
	for k, v := range fields {
		cp[k] = v
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	l.lines = append(l.lines, logLine{Level: level, Msg: msg, Fields: cp})
}

func (l *fakeLogger) all() []logLine {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]logLine(nil), l.lines...)
}

// assertNoSecret fails the test when text contains a test credential or a
// long prefix of one.
func assertNoSecret(t *testing.T, what, text string) {
	t.Helper()
	for _, secret := range []string{testToken, testKey} {
		if strings.Contains(text, secret[:12]) {
			t.Errorf("%s contains (part of) a credential: %s", what, text)
		}
	}
}

// within fails the test when d is outside [lo, hi].
func within(t *testing.T, what string, d, lo, hi time.Duration) {
	t.Helper()
	if d < lo || d > hi {
		t.Errorf("%s took %v, want between %v and %v", what, d, lo, hi)
	}
}

// mustNotBeCalled is a handler for a server that must receive nothing.
func mustNotBeCalled(t *testing.T, hits *atomic.Int64) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		t.Errorf("unexpected request %s %s with X-API-Key %q", r.Method, r.URL.Path, r.Header.Get("X-API-Key"))
		_, _ = fmt.Fprint(w, `{}`)
	}
}

// timeline records when things happened, safely across goroutines.
type timeline struct {
	mu    sync.Mutex
	times []time.Time
}

func (tl *timeline) add(at time.Time) {
	tl.mu.Lock()
	defer tl.mu.Unlock()
	tl.times = append(tl.times, at)
}

func (tl *timeline) all() []time.Time {
	tl.mu.Lock()
	defer tl.mu.Unlock()
	return append([]time.Time(nil), tl.times...)
}

// answerInfoFunc is answerInfo as a stubServer answer.
func answerInfoFunc(w http.ResponseWriter, r *http.Request, _ int) { answerInfo(w, r) }
