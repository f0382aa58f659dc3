package client

import (
	"context"
	"crypto/x509"
	"errors"
	"math/rand/v2"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// The retry policy.
//
// Retried: errors before or during a response (connection refused or reset,
// EOF, an attempt that outlasts its timeout) and the statuses 429, 502, 503
// and 504. Everything else is final: 4xx answers do not improve by asking
// again, and a 200 whose body cannot be decoded would decode no better.
//
// Retrying is safe for both calls. basic-info is a read. SetOrganization
// is idempotent in effect: setting the organization a lock already has is
// harmless (the API answers with "event": null and the same version), so a
// request that reached the server before the connection dropped may be sent
// again.
func (c *Client) checkRetry(ctx context.Context, resp *http.Response, err error) (bool, error) {
	if ctxErr := ctx.Err(); ctxErr != nil {
		return false, ctxErr
	}
	call := callFrom(ctx)
	fields := map[string]any{"method": call.method, "path": call.path, "attempt": call.attempts.Load()}
	if err != nil {
		if isPermanent(err) {
			return false, err
		}
		fields["error"] = err.Error()
		c.logger.Warn(ctx, "SmartphoneKey API request failed; will retry if attempts remain", fields)
		return true, nil
	}
	switch resp.StatusCode {
	case http.StatusTooManyRequests, http.StatusBadGateway, http.StatusServiceUnavailable, http.StatusGatewayTimeout:
		fields["status"] = resp.StatusCode
		c.logger.Warn(ctx, "SmartphoneKey API answered with a retryable status; will retry if attempts remain", fields)
		return true, nil
	}
	return false, nil
}

// isPermanent reports transport errors that another attempt cannot fix.
func isPermanent(err error) bool {
	if errors.Is(err, errBodyTooLarge) {
		return true
	}
	var unknownAuthority x509.UnknownAuthorityError
	var hostname x509.HostnameError
	var invalid x509.CertificateInvalidError
	return errors.As(err, &unknownAuthority) || errors.As(err, &hostname) || errors.As(err, &invalid) ||
		strings.Contains(err.Error(), "tls: failed to verify certificate")
}

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

// giveUp is retryablehttp's ErrorHandler. After the last attempt it hands
// back a response with a retryable status unread, so that the caller can
// quote the API's message; an error passes through.
func giveUp(resp *http.Response, err error, _ int) (*http.Response, error) {
	if err == nil && resp != nil {
		return resp, nil
	}
	if resp != nil {
		_ = resp.Body.Close()
	}
	return nil, err
}
