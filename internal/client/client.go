package client

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"os"
	"strings"
	"time"
	"unicode"
)

// Defaults for Config fields left at their zero value.
const (
	DefaultBaseURL        = "https://api.spkey.co"
	DefaultMaxRetries     = 4
	DefaultRequestTimeout = 30 * time.Second
	DefaultMaxConcurrency = 8
	DefaultRetryWaitMin   = 500 * time.Millisecond
	DefaultRetryWaitMax   = 30 * time.Second

	// MaxResponseBytes bounds every response read: the documented answers
	// are a few hundred bytes, an events page a few kilobytes.
	MaxResponseBytes = 1 << 20
)

// Config configures a Client. BaseURL and at least one of Token and APIKey
// are required.
type Config struct {
	BaseURL string
	// Token is sent as "Authorization: Bearer <token>".
	Token string
	// APIKey is sent as "X-API-Key: <key>".
	APIKey string
	// UserAgent is sent as the User-Agent header, followed by the
	// environment variable TF_APPEND_USER_AGENT when that is set.
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
	baseURL string
	// base is baseURL parsed, without a trailing slash.
	base *url.URL
	// headers holds the request headers without and with a body. They are
	// built once and never written again, so every request shares them.
	headers [2]http.Header
	secrets redactor
	retry   retryPolicy
	reads   *sharedReads
	send    *sender
	logger  Logger
	maxConc int
}

// New returns a Client for cfg.
func New(cfg Config) (*Client, error) {
	base, err := ParseBaseURL(cfg.BaseURL)
	if err != nil {
		return nil, err
	}
	headers, err := requestHeaders(cfg)
	if err != nil {
		return nil, err
	}
	cfg = withDefaults(cfg)
	next, err := transportFor(cfg)
	if err != nil {
		return nil, err
	}
	base.Path, base.RawPath = strings.TrimRight(base.Path, "/"), strings.TrimRight(base.RawPath, "/")
	secrets := newRedactor(cfg.Token, cfg.APIKey)
	// Every line the client logs passes the redactor: a field may quote a
	// server's text.
	cfg.Logger = redactingLogger{next: cfg.Logger, secrets: secrets}
	return &Client{
		baseURL: strings.TrimRight(base.String(), "/"),
		base:    base,
		headers: headers,
		secrets: secrets,
		retry:   retryPolicy{maxRetries: cfg.MaxRetries, waitMin: cfg.RetryWaitMin, waitMax: cfg.RetryWaitMax},
		reads:   newSharedReads(),
		send:    newSender(next, cfg),
		logger:  cfg.Logger,
		maxConc: cfg.MaxConcurrency,
	}, nil
}

func withDefaults(cfg Config) Config {
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
	return cfg
}

// transportFor is cfg.Transport, or a transport whose pool is the
// provider's concurrency limit: one connection per request in flight, all
// of them kept alive.
func transportFor(cfg Config) (http.RoundTripper, error) {
	if cfg.Transport != nil {
		return cfg.Transport, nil
	}
	dt, ok := http.DefaultTransport.(*http.Transport)
	if !ok {
		return nil, fmt.Errorf("http.DefaultTransport is a %T, not an *http.Transport; pass Config.Transport", http.DefaultTransport)
	}
	t := dt.Clone()
	t.MaxConnsPerHost = cfg.MaxConcurrency
	t.MaxIdleConnsPerHost = cfg.MaxConcurrency
	return t, nil
}

// requestHeaders builds the headers of every request. A value that cannot
// be sent is refused here, once, instead of failing every request.
func requestHeaders(cfg Config) ([2]http.Header, error) {
	var none [2]http.Header
	if cfg.Token == "" && cfg.APIKey == "" {
		return none, errors.New("no credentials: set a token, an API key, or both")
	}
	for what, value := range map[string]string{"token": cfg.Token, "API key": cfg.APIKey} {
		if err := CheckCredential(value); err != nil {
			return none, fmt.Errorf("the %s cannot be sent: %w", what, err)
		}
	}
	get := http.Header{"Accept": {"application/json"}}
	if cfg.Token != "" {
		get["Authorization"] = []string{"Bearer " + cfg.Token}
	}
	if cfg.APIKey != "" {
		get["X-Api-Key"] = []string{cfg.APIKey}
	}
	ua, err := userAgent(cfg.UserAgent, os.Getenv("TF_APPEND_USER_AGENT"))
	if err != nil {
		return none, err
	}
	if ua != "" {
		get["User-Agent"] = []string{ua}
	}
	post := get.Clone()
	post["Content-Type"] = []string{"application/json"}
	return [2]http.Header{get, post}, nil
}

// userAgent appends Terraform's TF_APPEND_USER_AGENT, trimmed, to ua.
func userAgent(ua, appended string) (string, error) {
	appended = strings.TrimSpace(appended)
	if appended == "" {
		return ua, nil
	}
	if hasControl(appended) {
		return "", errors.New("TF_APPEND_USER_AGENT contains a control character, which an HTTP header cannot carry")
	}
	return strings.TrimSpace(ua + " " + appended), nil
}

// ErrInvalidCredential matches a token or API key that no HTTP request can
// carry.
var ErrInvalidCredential = errors.New("invalid credential")

// CheckCredential reports why value cannot be sent as a token or API key:
// a control character (a file's trailing newline, say) or white space
// around it. The error never quotes the value.
func CheckCredential(value string) error {
	for i, r := range value {
		if unicode.IsControl(r) {
			return fmt.Errorf("%w: it contains a control character (%U) at byte %d of %d; "+
				"a token or API key never does (a value read from a file keeps the file's trailing newline: trim it)",
				ErrInvalidCredential, r, i+1, len(value))
		}
	}
	if strings.TrimSpace(value) != value {
		return fmt.Errorf("%w: it starts or ends with white space, which a token or API key never does", ErrInvalidCredential)
	}
	return nil
}

func hasControl(s string) bool {
	return strings.IndexFunc(s, unicode.IsControl) >= 0
}

// MaxConcurrency is the number of requests the Client runs at once; bulk
// callers size their worker pools to it.
func (c *Client) MaxConcurrency() int { return c.maxConc }

// LogContext prepares ctx for the log lines of many calls; see
// Logger.Prepare.
func (c *Client) LogContext(ctx context.Context) context.Context { return c.logger.Prepare(ctx) }

// BaseURL is the API base URL without a trailing slash.
func (c *Client) BaseURL() string { return c.baseURL }

// Requests is the number of HTTP attempts this Client has sent.
func (c *Client) Requests() int64 { return c.send.counter.Load() }

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
