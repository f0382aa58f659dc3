package client

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Sentinels for errors.Is. An *APIError matches the one that fits its status.
var (
	ErrNotFound     = errors.New("not found")
	ErrUnauthorized = errors.New("unauthorized")
	ErrForbidden    = errors.New("forbidden")
	ErrRateLimited  = errors.New("rate limited")
)

// APIError is an HTTP response the API answered with an error: a non-2xx
// status, or a 200 whose body says "success": false.
type APIError struct {
	Method     string
	Path       string
	StatusCode int
	// Title is the API's "error" field ("Not Found"), if it sent one.
	Title string
	// Message is the API's "message" (or the first of its "errors"), or a
	// short excerpt of a body that was not JSON.
	Message string
	// Attempts is how many requests were sent before giving up (1 when the
	// error is not retryable).
	Attempts int
}

func (e *APIError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s %s: HTTP %d", e.Method, e.Path, e.StatusCode)
	if text := http.StatusText(e.StatusCode); text != "" {
		b.WriteString(" " + text)
	}
	if e.Title != "" && e.Title != http.StatusText(e.StatusCode) {
		b.WriteString(" (" + e.Title + ")")
	}
	if e.Message != "" {
		b.WriteString(": " + e.Message)
	}
	if e.Attempts > 1 {
		fmt.Fprintf(&b, " (gave up after %d attempts)", e.Attempts)
	}
	return b.String()
}

// Is makes errors.Is(err, ErrNotFound) and friends work on an *APIError.
func (e *APIError) Is(target error) bool {
	switch target {
	case ErrNotFound:
		return e.StatusCode == http.StatusNotFound
	case ErrUnauthorized:
		return e.StatusCode == http.StatusUnauthorized
	case ErrForbidden:
		return e.StatusCode == http.StatusForbidden
	case ErrRateLimited:
		return e.StatusCode == http.StatusTooManyRequests
	}
	return false
}

// RequestError is a call that never got a usable HTTP response: the
// connection was refused or dropped, or every attempt timed out.
type RequestError struct {
	Method   string
	Path     string
	Attempts int
	Err      error
}

func (e *RequestError) Error() string {
	if e.Attempts > 1 {
		return fmt.Sprintf("%s %s: gave up after %d attempts: %v", e.Method, e.Path, e.Attempts, e.Err)
	}
	return fmt.Sprintf("%s %s: %v", e.Method, e.Path, e.Err)
}

func (e *RequestError) Unwrap() error { return e.Err }

// DecodeError is a successful status whose body the client cannot use:
// not JSON, the wrong JSON types, or required fields missing. It is never
// retried: sending the same request again would not change the answer's
// shape.
type DecodeError struct {
	Method     string
	Path       string
	StatusCode int
	Err        error
}

func (e *DecodeError) Error() string {
	return fmt.Sprintf("%s %s: HTTP %d with an unusable response body: %v", e.Method, e.Path, e.StatusCode, e.Err)
}

func (e *DecodeError) Unwrap() error { return e.Err }

// AttemptTimeoutError is one attempt that outlasted the configured
// per-attempt timeout. It is retried like a dropped connection.
type AttemptTimeoutError struct {
	Timeout string
}

func (e *AttemptTimeoutError) Error() string {
	return "no complete response within the per-attempt timeout of " + e.Timeout
}

// errorBody holds both error shapes of the contract:
// SetOrganization's {"success":false,"error":"...","message":"...","code":401}
// and basic-info's {"success":false,"errors":[{"code":404,"message":"..."}]}.
type errorBody struct {
	Error   string `json:"error"`
	Message string `json:"message"`
	Errors  []struct {
		Message string `json:"message"`
	} `json:"errors"`
}

// parseErrorBody extracts the API's title and message from an error
// response. A body that is not one of the documented shapes yields an
// excerpt of the body instead, so an HTML error page still tells the user
// something.
func parseErrorBody(contentType string, body []byte) (title, message string) {
	var eb errorBody
	if err := json.Unmarshal(body, &eb); err == nil {
		message = eb.Message
		if message == "" && len(eb.Errors) > 0 {
			message = eb.Errors[0].Message
		}
		if eb.Error != "" || message != "" {
			// The API's words are quoted whole, within reason.
			return excerpt([]byte(eb.Error), maxQuoted), excerpt([]byte(message), maxQuoted)
		}
	}
	if len(strings.TrimSpace(string(body))) == 0 {
		return "", ""
	}
	return "", fmt.Sprintf("unexpected %s response: %q", describeContentType(contentType), excerpt(body, 120))
}

// describeContentType names a response's media type for a message. The
// header is the server's text: it is cut short and made valid UTF-8,
// because Terraform's protocol rejects a diagnostic that is not.
// maxQuoted bounds how much of the API's own text a message quotes.
const maxQuoted = 500

func describeContentType(ct string) string {
	ct, _, _ = strings.Cut(ct, ";")
	ct = strings.TrimSpace(ct)
	if ct == "" {
		return "non-JSON"
	}
	return excerpt([]byte(ct), 60)
}

// excerpt returns at most n runes of body with control characters and
// runs of white space folded, for quoting in an error message.
func excerpt(body []byte, n int) string {
	var b strings.Builder
	space := false
	count := 0
	for len(body) > 0 && count < n {
		r, size := utf8.DecodeRune(body)
		body = body[size:]
		if unicode.IsSpace(r) || unicode.IsControl(r) {
			if !space && b.Len() > 0 {
				b.WriteByte(' ')
				count++
			}
			space = true
			continue
		}
		space = false
		b.WriteRune(r)
		count++
	}
	if len(body) > 0 {
		b.WriteString("...")
	}
	return b.String()
}
