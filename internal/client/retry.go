package client

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"math/rand/v2"
	"net/http"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// The retry policy.
//
// Retried: errors before or during a response (a connection reset or
// dropped, EOF, an attempt that outlasts its timeout) and the statuses
// 429, 502, 503 and 504. Everything else is final: 4xx answers do not
// improve by asking again, a 200 whose body cannot be decoded would decode
// no better, and some transport errors say that nothing is listening or
// that the two sides do not speak the same protocol (see permanent).
//
// Retrying is safe for every call. basic-info and events are reads.
// SetOrganization and SetOwner are idempotent in effect: setting the value
// a lock already has is harmless (the API answers with "event": null and
// the same version), so a request that reached the server before the
// connection dropped may be sent again.
type retryPolicy struct {
	maxRetries       int
	waitMin, waitMax time.Duration
}

// retryable reports whether an attempt's outcome may improve on another
// try, and logs the decision when it may.
func (c *Client) retryable(ctx context.Context, req *http.Request, n int, resp *http.Response, err error) bool {
	var why map[string]any
	msg := "SmartphoneKey API request failed; will retry if attempts remain"
	switch {
	case ctx.Err() != nil:
		return false
	case err != nil:
		if permanent(err) != nil {
			return false
		}
		why = map[string]any{"error": err.Error()}
	case retryableStatus(resp.StatusCode):
		why = map[string]any{"status": resp.StatusCode}
		msg = "SmartphoneKey API answered with a retryable status; will retry if attempts remain"
	default:
		return false
	}
	if n <= c.retry.maxRetries {
		why["method"], why["path"], why["attempt"] = req.Method, req.URL.Path, n
		c.logger.Warn(ctx, msg, why)
	}
	return true
}

func retryableStatus(status int) bool {
	switch status {
	case http.StatusTooManyRequests, http.StatusBadGateway, http.StatusServiceUnavailable, http.StatusGatewayTimeout:
		return true
	}
	return false
}

// Sentinels for transport failures that another attempt cannot fix.
var (
	// ErrConnectionRefused matches a call whose connection was refused:
	// nothing listens at base_url's host and port.
	ErrConnectionRefused = errors.New("connection refused")
	// ErrProtocolMismatch matches a call where base_url's scheme does not
	// match the server: http:// to a TLS port, or https:// to a plain one.
	ErrProtocolMismatch = errors.New("the server does not speak base_url's protocol")
	// ErrCertificate matches a server certificate that failed verification.
	ErrCertificate = errors.New("the server's certificate failed verification")
)

// permanent returns, for a transport error that another attempt cannot
// fix, what it means; nil for an error worth retrying.
func permanent(err error) error {
	var certErr *tls.CertificateVerificationError
	var unknownAuthority x509.UnknownAuthorityError
	var hostname x509.HostnameError
	var invalid x509.CertificateInvalidError
	var record tls.RecordHeaderError
	switch {
	case errors.Is(err, errBodyTooLarge):
		return errBodyTooLarge
	case errors.As(err, &certErr), errors.As(err, &unknownAuthority), errors.As(err, &hostname), errors.As(err, &invalid):
		return ErrCertificate
	case errors.Is(err, syscall.ECONNREFUSED):
		return ErrConnectionRefused
	case errors.As(err, &record), errors.Is(err, http.ErrSchemeMismatch),
		// A TLS server's alert record read as an HTTP status line; net/http
		// has no type for it.
		strings.Contains(err.Error(), `malformed HTTP response "\x15\x03`):
		return ErrProtocolMismatch
	}
	return nil
}

// isPermanent reports transport errors that another attempt cannot fix.
func isPermanent(err error) bool { return permanent(err) != nil }

// backoff is exponential with jitter (half to all of min·2^attempt, capped
// at max), or the server's Retry-After, capped at max.
func backoff(minWait, maxWait time.Duration, attempt int, resp *http.Response) time.Duration {
	if resp != nil {
		if wait, ok := retryAfter(resp, time.Now()); ok {
			return min(wait, maxWait)
		}
	}
	// minWait<<attempt overflows for a large minimum and a late attempt
	// (30s<<29 already does), and a negative d would make rand.N panic, so
	// compare without shifting minWait.
	d := maxWait
	if attempt < 63 && minWait <= maxWait>>attempt {
		d = minWait << attempt
	}
	// Jitter spreads out the retries of concurrent workers; it needs no
	// cryptographic randomness.
	return d/2 + rand.N(d/2+1) //nolint:gosec // jitter, not a secret
}

// retryAfter parses a Retry-After header in either of its forms: delay
// seconds ("120") or an HTTP date ("Wed, 21 Oct 2026 07:28:00 GMT").
func retryAfter(resp *http.Response, now time.Time) (time.Duration, bool) {
	if resp.StatusCode != http.StatusTooManyRequests && resp.StatusCode != http.StatusServiceUnavailable {
		return 0, false
	}
	v := strings.TrimSpace(resp.Header.Get("Retry-After"))
	if v == "" {
		return 0, false
	}
	if secs, err := strconv.ParseInt(v, 10, 64); err == nil {
		if secs < 0 {
			return 0, false
		}
		if secs > int64(24*time.Hour/time.Second) {
			secs = int64(24 * time.Hour / time.Second)
		}
		return time.Duration(secs) * time.Second, true
	}
	if at, err := http.ParseTime(v); err == nil {
		return max(at.Sub(now), 0), true
	}
	return 0, false
}
