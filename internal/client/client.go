package client

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync/atomic"
	"time"

	"github.com/hashicorp/go-retryablehttp"
)

// Defaults for Config fields left at their zero value.
const (
	DefaultBaseURL        = "https://api.spkey.co"
	DefaultMaxRetries     = 4
	DefaultRequestTimeout = 30 * time.Second
	DefaultMaxConcurrency = 8
	DefaultRetryWaitMin   = 500 * time.Millisecond
	DefaultRetryWaitMax   = 30 * time.Second

	// MaxResponseBytes bounds every response read: both documented
	// answers are a few hundred bytes.
	MaxResponseBytes = 1 << 20
)

// Config configures a Client. BaseURL and at least one of Token and APIKey
// are required.
type Config struct {
	BaseURL string
	// Token is sent as "Authorization: Bearer <token>".
	Token string
	// APIKey is sent as "X-API-Key: <key>".
	APIKey    string
	UserAgent string

	// MaxRetries is the number of retries after the first attempt; 0
	// disables retries. Negative means DefaultMaxRetries.
	MaxRetries int
	// RequestTimeout bounds each attempt, from sending the request to
	// reading the last byte of the answer.
	RequestTimeout time.Duration
	// RetryWaitMin and RetryWaitMax bound the backoff between attempts
	// and cap a server's Retry-After.
	RetryWaitMin time.Duration
	RetryWaitMax time.Duration
	// MaxConcurrency caps the requests in flight, and the TCP connections
	// to the API, across everything that uses the Client.
	MaxConcurrency int
	// RequestsPerSecond caps the request rate across everything that uses
	// the Client; 0 means no cap.
	RequestsPerSecond float64

	Logger Logger
	// Transport replaces the HTTP transport (tests). Its connection
	// limits are then the caller's business.
	Transport http.RoundTripper
}

// Client calls the SmartphoneKey API. It is safe for concurrent use, and
// every caller shares its connection pool, rate limit and back-off.
type Client struct {
	baseURL   string
	token     string
	apiKey    string
	userAgent string
	http      *retryablehttp.Client
	logger    Logger
	maxConc   int
	requests  atomic.Int64
}

// New returns a Client for cfg.
func New(cfg Config) (*Client, error) {
	base, err := ParseBaseURL(cfg.BaseURL)
	if err != nil {
		return nil, err
	}
	if cfg.Token == "" && cfg.APIKey == "" {
		return nil, errors.New("no credentials: set a token, an API key, or both")
	}
	if cfg.MaxRetries < 0 {
		cfg.MaxRetries = DefaultMaxRetries
	}
	if cfg.RequestTimeout <= 0 {
		cfg.RequestTimeout = DefaultRequestTimeout
	}
	if cfg.RetryWaitMin <= 0 {
		cfg.RetryWaitMin = DefaultRetryWaitMin
	}
	if cfg.RetryWaitMax < cfg.RetryWaitMin {
		cfg.RetryWaitMax = max(DefaultRetryWaitMax, cfg.RetryWaitMin)
	}
	if cfg.MaxConcurrency <= 0 {
		cfg.MaxConcurrency = DefaultMaxConcurrency
	}
	if cfg.Logger == nil {
		cfg.Logger = nopLogger{}
	}

	next := cfg.Transport
	if next == nil {
		dt, ok := http.DefaultTransport.(*http.Transport)
		if !ok {
			return nil, fmt.Errorf("http.DefaultTransport is a %T, not an *http.Transport; pass Config.Transport", http.DefaultTransport)
		}
		t := dt.Clone()
		// One connection per request in flight, all of them kept alive:
		// the pool is the provider's concurrency limit.
		t.MaxConnsPerHost = cfg.MaxConcurrency
		t.MaxIdleConnsPerHost = cfg.MaxConcurrency
		next = t
	}
	c := &Client{
		baseURL:   strings.TrimRight(base.String(), "/"),
		token:     cfg.Token,
		apiKey:    cfg.APIKey,
		userAgent: cfg.UserAgent,
		logger:    cfg.Logger,
		maxConc:   cfg.MaxConcurrency,
	}
	at := &attemptTransport{
		next:    next,
		timeout: cfg.RequestTimeout,
		slots:   make(chan struct{}, cfg.MaxConcurrency),
		gate:    &pauseGate{},
		rate:    newAdaptiveRate(cfg.RequestsPerSecond),
		maxWait: cfg.RetryWaitMax,
		logger:  cfg.Logger,
		counter: &c.requests,
	}
	c.http = &retryablehttp.Client{
		HTTPClient: &http.Client{
			Transport: at,
			// Never follow a redirect: Go would resend X-API-Key to
			// whatever host the redirect names.
			CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
		},
		RetryWaitMin: cfg.RetryWaitMin,
		RetryWaitMax: cfg.RetryWaitMax,
		RetryMax:     cfg.MaxRetries,
		CheckRetry:   c.checkRetry,
		Backoff:      backoff,
		ErrorHandler: giveUp,
	}
	return c, nil
}

// MaxConcurrency is the number of requests the Client runs at once; bulk
// callers size their worker pools to it.
func (c *Client) MaxConcurrency() int { return c.maxConc }

// BaseURL is the API base URL without a trailing slash.
func (c *Client) BaseURL() string { return c.baseURL }

// Requests is the number of HTTP attempts this Client has sent.
func (c *Client) Requests() int64 { return c.requests.Load() }

// ParseBaseURL checks an API base URL: absolute, http or https, https for
// every host but loopback (the API's own "Local" server is
// http://localhost:8787), and no credentials, query or fragment.
func ParseBaseURL(raw string) (*url.URL, error) {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil {
		return nil, fmt.Errorf("%q is not a valid URL: %w", raw, errors.Unwrap(err))
	}
	// First, because the other messages quote raw: they must not repeat a
	// password.
	if u.User != nil {
		return nil, fmt.Errorf("the URL must not contain credentials; use the token or API key settings instead")
	}
	if !u.IsAbs() || u.Hostname() == "" {
		return nil, fmt.Errorf("%q is not an absolute URL; write it like https://api.spkey.co", raw)
	}
	switch u.Scheme {
	case "https":
	case "http":
		if !IsLoopback(u.Hostname()) {
			return nil, fmt.Errorf("%q uses http to a host that is not loopback; use https (http is only allowed for localhost, 127.0.0.0/8 and ::1)", raw)
		}
	default:
		return nil, fmt.Errorf("%q has scheme %q; use https (or http for a loopback host)", raw, u.Scheme)
	}
	// ForceQuery is a bare "?", which u.String() would keep and every
	// request path would then land in the query.
	if u.RawQuery != "" || u.ForceQuery || u.Fragment != "" {
		return nil, fmt.Errorf("%q has a query or fragment; give only scheme, host and optional path", raw)
	}
	return u, nil
}

// IsLoopback reports whether host is localhost or a loopback IP address.
func IsLoopback(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// response is a complete HTTP answer.
type response struct {
	status   int
	body     []byte
	attempts int
}

// do sends one API call, with retries, and returns a 2xx answer's body or
// a typed error.
func (c *Client) do(ctx context.Context, method, path string, body []byte) (*response, error) {
	call := &callInfo{method: method, path: path}
	ctx = context.WithValue(ctx, callKey{}, call)

	var rawBody any
	if body != nil {
		rawBody = body
	}
	req, err := retryablehttp.NewRequestWithContext(ctx, method, c.baseURL+path, rawBody)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Accept", "application/json")
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if c.userAgent != "" {
		req.Header.Set("User-Agent", c.userAgent)
	}
	if c.token != "" {
		req.Header.Set("Authorization", "Bearer "+c.token)
	}
	if c.apiKey != "" {
		req.Header.Set("X-API-Key", c.apiKey)
	}

	// The body is read inside the retry loop so that a connection that
	// drops, or an answer that stalls, half-way through the body is retried
	// like one that drops before the headers.
	var got []byte
	var read bool
	req.SetResponseHandler(func(resp *http.Response) error {
		b, err := readBody(resp.Body)
		got, read = b, err == nil
		return err
	})

	resp, err := c.http.Do(req) //nolint:bodyclose // readBody closes it: in the response handler, or below when the handler did not run.
	attempts := int(call.attempts.Load())
	if err != nil {
		if ctxErr := ctx.Err(); ctxErr != nil {
			err = ctxErr
		}
		return nil, &RequestError{Method: method, Path: path, Attempts: attempts, Err: err}
	}
	if !read {
		// The retry budget ran out on a retryable status: the handler was
		// not called, and the last answer's body carries the API's message.
		got, err = readBody(resp.Body)
		if err != nil {
			return nil, &RequestError{Method: method, Path: path, Attempts: attempts, Err: err}
		}
	}
	// Whatever the client makes of the body (data, an error message, an
	// excerpt cut at any point) must not carry a credential a misbehaving
	// server or proxy echoed back.
	got = c.redactBytes(got)
	if resp.StatusCode >= 200 && resp.StatusCode < 300 {
		return &response{status: resp.StatusCode, body: got, attempts: attempts}, nil
	}
	apiErr := &APIError{Method: method, Path: path, StatusCode: resp.StatusCode, Attempts: attempts}
	if resp.StatusCode >= 300 && resp.StatusCode < 400 {
		apiErr.Message = fmt.Sprintf("the API redirected to %q; set the base URL to the address it redirects to", resp.Header.Get("Location"))
	} else {
		apiErr.Title, apiErr.Message = parseErrorBody(resp.Header.Get("Content-Type"), got)
	}
	apiErr.Title, apiErr.Message = c.redact(apiErr.Title), c.redact(apiErr.Message)
	return nil, apiErr
}

// redact removes the credentials from text the server sent, in case a
// misbehaving server or proxy echoes request headers into an error page.
func (c *Client) redact(s string) string {
	for _, secret := range []string{c.token, c.apiKey} {
		if secret != "" {
			s = strings.ReplaceAll(s, secret, "[redacted]")
		}
	}
	return s
}

// redactBytes is redact for a response body.
func (c *Client) redactBytes(b []byte) []byte {
	for _, secret := range []string{c.token, c.apiKey} {
		if secret != "" {
			b = bytes.ReplaceAll(b, []byte(secret), []byte("[redacted]"))
		}
	}
	return b
}

var errBodyTooLarge = fmt.Errorf("the response body exceeds %d bytes", MaxResponseBytes)

func readBody(body io.ReadCloser) ([]byte, error) {
	// The body is read to the end or abandoned on error; a failure to close
	// it changes neither outcome.
	defer func() { _ = body.Close() }()
	var buf bytes.Buffer
	n, err := buf.ReadFrom(io.LimitReader(body, MaxResponseBytes+1))
	if err != nil {
		return nil, err
	}
	if n > MaxResponseBytes {
		return nil, errBodyTooLarge
	}
	return buf.Bytes(), nil
}

// callInfo follows one API call through its attempts.
type callInfo struct {
	method   string
	path     string
	attempts atomic.Int32
}

type callKey struct{}

func callFrom(ctx context.Context) *callInfo {
	if ci, ok := ctx.Value(callKey{}).(*callInfo); ok {
		return ci
	}
	return &callInfo{}
}
