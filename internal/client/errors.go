package client

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Sentinels for errors.Is. An *APIError matches the one that fits its
// status; ErrNotFound only when the body is the operation's own "not
// found" answer.
var (
	// ErrNotFound is the API's own answer that the lock does not exist.
	ErrNotFound = errors.New("not found")
	// ErrUnauthorized is a 401: the credentials are wrong for every lock.
	ErrUnauthorized = errors.New("unauthorized")
	// ErrForbidden is a 403: the credentials may not touch this lock.
	ErrForbidden   = errors.New("forbidden")
	ErrRateLimited = errors.New("rate limited")
	// ErrNotSpkeyAPI is an answer the SmartphoneKey API does not give,
	// such as a 404 that is not the operation's documented "not found"
	// (a proxy's page, a router's answer for a wrong path prefix).
	ErrNotSpkeyAPI = errors.New("the server at base_url does not look like the SmartphoneKey API")
	// ErrRetriesExhausted matches a call that failed in a way worth
	// retrying (429, 502-504, a dropped connection, a timeout) on every
	// attempt the retry budget allowed.
	ErrRetriesExhausted = errors.New("failed after every retry")
	// ErrOtherLock matches an answer about another lock (or user) than the
	// one asked about; it comes wrapped in a *DecodeError.
	ErrOtherLock = errors.New("the answer is about another lock")
	// ErrDeviceUnreachable is a device command's 502 in the API's own
	// shape: the lock's device could not be reached and nothing was
	// recorded.
	ErrDeviceUnreachable = errors.New("the lock's device could not be reached")
	// ErrAlreadyExists matches an add whose entry a read-back found already
	// there (see OutcomeError.Same).
	ErrAlreadyExists = errors.New("already exists")
	// ErrNotPresent matches a remove whose entry a read-back found already
	// gone.
	ErrNotPresent = errors.New("not present")
	// ErrOutcomeUnknown matches an add or remove whose answer was lost and
	// whose read-back failed too: it may or may not have taken effect.
	ErrOutcomeUnknown = errors.New("outcome unknown")
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
	// Location is a redirect's target, redacted; the client never follows
	// a redirect.
	Location string
	// Hint is the client's own advice (never the API's words): what a
	// redirect or an answer the API does not give most likely means.
	Hint string

	notAPI    bool
	exhausted bool
	device    bool
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
	if e.Location != "" {
		fmt.Fprintf(&b, " to %q", e.Location)
	}
	if e.Message != "" {
		b.WriteString(": " + e.Message)
	}
	if e.Attempts > 1 {
		fmt.Fprintf(&b, " (gave up after %d attempts)", e.Attempts)
	}
	if e.Hint != "" {
		b.WriteString(". " + e.Hint)
	}
	return b.String()
}

// Is makes errors.Is(err, ErrNotFound) and friends work on an *APIError.
func (e *APIError) Is(target error) bool {
	switch target {
	case ErrNotFound:
		return e.StatusCode == http.StatusNotFound && !e.notAPI
	case ErrNotSpkeyAPI:
		return e.notAPI
	case ErrUnauthorized:
		return e.StatusCode == http.StatusUnauthorized
	case ErrForbidden:
		return e.StatusCode == http.StatusForbidden
	case ErrRateLimited:
		return e.StatusCode == http.StatusTooManyRequests
	case ErrRetriesExhausted:
		return e.exhausted
	case ErrDeviceUnreachable:
		return e.device
	}
	return false
}

// RequestError is a call that never got a usable HTTP response: the
// connection was refused or dropped, or every attempt timed out.
type RequestError struct {
	Method   string
	Path     string
	Attempts int
	// Err is the failure as it happened; Reason is its text as people may
	// see it.
	Err error

	exhausted bool
	reason    string
}

// Reason is Err's text with every secret redacted.
func (e *RequestError) Reason() string {
	if e.reason != "" || e.Err == nil {
		return e.reason
	}
	return e.Err.Error()
}

func (e *RequestError) Error() string {
	hint := ""
	switch cause := permanent(e.Err); {
	case errors.Is(cause, ErrConnectionRefused):
		hint = " (not retried: nothing accepts connections at base_url's host and port; check the port in base_url)"
	case errors.Is(cause, ErrProtocolMismatch):
		hint = " (not retried: check base_url's scheme, https:// or http://, against what the server at that port speaks)"
	case errors.Is(cause, ErrCertificate):
		hint = " (not retried: the server's TLS certificate is not trusted for base_url's host)"
	}
	if e.Attempts > 1 {
		return fmt.Sprintf("%s %s: gave up after %d attempts: %s%s", e.Method, e.Path, e.Attempts, e.Reason(), hint)
	}
	return fmt.Sprintf("%s %s: %s%s", e.Method, e.Path, e.Reason(), hint)
}

func (e *RequestError) Unwrap() error { return e.Err }

// Is matches ErrRetriesExhausted and the sentinels of transport failures
// that are not retried (ErrConnectionRefused, ErrProtocolMismatch,
// ErrCertificate).
func (e *RequestError) Is(target error) bool {
	if target == ErrRetriesExhausted {
		return e.exhausted
	}
	return target != nil && permanent(e.Err) == target
}

// DecodeError is a successful status whose body the client cannot use:
// not JSON, the wrong JSON types, required fields missing, or an answer
// about another lock (ErrOtherLock). It is never retried: sending the same
// request again would not change the answer's shape.
type DecodeError struct {
	Method     string
	Path       string
	StatusCode int
	// Err is what was wrong; Reason is its text as people may see it.
	Err error

	reason string
}

// Reason is Err's text with every secret redacted.
func (e *DecodeError) Reason() string {
	if e.reason != "" || e.Err == nil {
		return e.reason
	}
	return e.Err.Error()
}

func (e *DecodeError) Error() string {
	return fmt.Sprintf("%s %s: HTTP %d with an unusable response body: %s", e.Method, e.Path, e.StatusCode, e.Reason())
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
	// Success and the codes are raw, so that a wrong type there does not
	// hide the message.
	Success json.RawMessage `json:"success"`
	Error   *string         `json:"error"`
	Message *string         `json:"message"`
	Code    json.RawMessage `json:"code"`
	Errors  []struct {
		Code    json.RawMessage `json:"code"`
		Message *string         `json:"message"`
	} `json:"errors"`
}

// title is the "error" field, or "".
func (b *errorBody) title() string { return deref(b.Error) }

// message is "message", else the first of "errors".
func (b *errorBody) message() string {
	if m := deref(b.Message); m != "" || len(b.Errors) == 0 {
		return m
	}
	return deref(b.Errors[0].Message)
}

func (b *errorBody) refused() bool { return string(b.Success) == "false" }

// commandNotFound is the 404 of SetOrganization, SetOwner, events and the
// key commands: {"success":false,"error":"Not Found","message":"...","code":404}.
func commandNotFound(b *errorBody) bool {
	return b.refused() && b.Error != nil && b.Message != nil && (b.Code == nil || is404(b.Code))
}

// messageNotFound is the 404 of the access commands and the temp keys:
// {"error":"...","message":"..."}, "success": false allowed.
func messageNotFound(b *errorBody) bool {
	return string(b.Success) != "true" && b.Error != nil && b.Message != nil && (b.Code == nil || is404(b.Code))
}

// readNotFound is the 404 of basic-info and the other GETs of an
// aggregate (details, residents, accessible-locks):
// {"success":false,"errors":[{"code":404,"message":"..."}]}.
func readNotFound(b *errorBody) bool {
	return b.refused() && len(b.Errors) > 0 && is404(b.Errors[0].Code) && b.Errors[0].Message != nil
}

// lookupNotFound is the 404 of the user look-ups: {"error":"..."}.
func lookupNotFound(b *errorBody) bool {
	return string(b.Success) != "true" && b.Error != nil && len(b.Errors) == 0
}

func is404(raw json.RawMessage) bool { return sameNumber(string(raw), http.StatusNotFound) }

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

// parseErrorBody extracts the API's title and message from an error
// response. A body that is not one of the documented shapes yields an
// excerpt of the body instead, so an HTML error page still tells the user
// something.
func parseErrorBody(contentType string, body []byte) (title, message string) {
	var eb errorBody
	if err := json.Unmarshal(body, &eb); err == nil {
		if title, message = eb.title(), eb.message(); title != "" || message != "" {
			// The API's words are quoted whole, within reason.
			return excerpt([]byte(title), maxQuoted), excerpt([]byte(message), maxQuoted)
		}
	}
	if len(bytes.TrimSpace(body)) == 0 {
		return "", ""
	}
	return "", fmt.Sprintf("unexpected %s response: %q", describeContentType(contentType), excerpt(body, 120))
}

// statusError is the error for a non-2xx answer; device marks a device
// command, whose 502 in the API's shape is ErrDeviceUnreachable.
func statusError(notFound func(*errorBody) bool, device bool, resp *response) *APIError {
	e := &APIError{Method: resp.method, Path: resp.path, StatusCode: resp.status, Attempts: resp.attempts, exhausted: resp.exhausted}
	e.device = device && resp.status == http.StatusBadGateway && apiShaped(resp.body)
	if resp.status >= 300 && resp.status < 400 {
		e.Location = resp.location
		e.Hint = redirectHint(resp.baseURL, resp.path, resp.location)
		return e
	}
	e.Title, e.Message = parseErrorBody(resp.contentType, resp.body)
	if resp.status == http.StatusNotFound {
		var eb errorBody
		if json.Unmarshal(resp.body, &eb) != nil || !notFound(&eb) {
			e.notAPI = true
			e.Hint = fmt.Sprintf("This 404 is not the SmartphoneKey API's \"not found\" answer, so the server at %s does not look like "+
				"the SmartphoneKey API: check base_url, its path prefix, and any proxy in between", resp.baseURL)
		}
	}
	return e
}

// refusedError is the error for a 2xx answer that says "success": false.
func refusedError(resp *response) *APIError {
	var eb errorBody
	_ = json.Unmarshal(resp.body, &eb)
	msg := excerpt([]byte(eb.message()), maxQuoted)
	if msg == "" {
		msg = `the API answered "success": false without a message`
	}
	return &APIError{Method: resp.method, Path: resp.path, StatusCode: resp.status, Attempts: resp.attempts,
		Title: excerpt([]byte(eb.title()), maxQuoted), Message: msg}
}

// redirectHint advises on a redirect. It suggests a new base_url only when
// the redirect stays on the same host and keeps the API's path, because
// following a redirect elsewhere would hand the credentials to that host.
func redirectHint(baseURL, path, location string) string {
	base, err1 := url.Parse(baseURL)
	loc, err2 := url.Parse(location)
	if location == "" || err1 != nil || err2 != nil {
		return "The server answered with a redirect; the provider does not follow redirects. Check base_url"
	}
	loc = base.ResolveReference(loc)
	// Another port is another server, as far as credentials go.
	if !strings.EqualFold(loc.Host, base.Host) {
		return fmt.Sprintf("The server at base_url redirected to another host, %s; the provider does not follow redirects, "+
			"because that would send the credentials there. Check base_url and any proxy in between", loc.Host)
	}
	if prefix, ok := strings.CutSuffix(loc.Path, strings.TrimPrefix(path, base.Path)); ok && loc.RawQuery == "" {
		loc.Path, loc.RawPath = strings.TrimSuffix(prefix, "/"), ""
		return fmt.Sprintf("The provider does not follow redirects: if the API lives at %s, set base_url to that", loc)
	}
	return "The provider does not follow redirects. Check base_url"
}

// protocolMismatch recognises a TLS server's answer to plain HTTP: Go's
// servers and nginx answer 400 with a sentence that says so.
func protocolMismatch(req *http.Request, resp *response) error {
	if req.URL.Scheme != "http" || resp.status != http.StatusBadRequest {
		return nil
	}
	for _, s := range []string{"HTTP request to an HTTPS server", "plain HTTP request was sent to HTTPS port"} {
		if bytes.Contains(resp.body, []byte(s)) {
			return fmt.Errorf("%w: base_url uses http:// but the server at %s speaks HTTPS: use https://", ErrProtocolMismatch, req.URL.Host)
		}
	}
	return nil
}

// maxQuoted bounds how much of the API's own text a message quotes.
const maxQuoted = 500

// describeContentType names a response's media type for a message. The
// header is the server's text: it is cut short and made valid UTF-8,
// because Terraform's protocol rejects a diagnostic that is not.
func describeContentType(ct string) string {
	ct, _, _ = strings.Cut(ct, ";")
	ct = strings.TrimSpace(ct)
	if ct == "" {
		return "non-JSON"
	}
	return excerpt([]byte(ct), 60)
}

// excerpt returns at most n runes of body with runs of white space folded
// to one space and every other character that is not printable written as
// its Go escape (see Printable), for quoting in an error message.
func excerpt(body []byte, n int) string {
	var b strings.Builder
	space := false
	count := 0
	for len(body) > 0 && count < n {
		r, size := utf8.DecodeRune(body)
		if unicode.IsSpace(r) {
			body = body[size:]
			if !space && b.Len() > 0 {
				b.WriteByte(' ')
				count++
			}
			space = true
			continue
		}
		space = false
		writePrintable(&b, body[:size])
		body = body[size:]
		count++
	}
	if len(body) > 0 {
		b.WriteString("...")
	}
	return b.String()
}

// Printable returns s as one line of printable text, for a message: every
// character that is not printable (a control character such as ESC or a
// line break, an invisible format character such as a right-to-left
// override, a byte that is not UTF-8) is written as its Go escape (\x1b,
// \n, \u202e, \xff), so that a server's text can neither drive a terminal
// nor start a line of its own; printable Unicode stays as it is.
func Printable(s string) string {
	if isPrintable(s) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		_, size := utf8.DecodeRuneInString(s[i:])
		writePrintable(&b, []byte(s[i:i+size]))
		i += size
	}
	return b.String()
}

func isPrintable(s string) bool {
	for i, r := range s {
		if !strconv.IsPrint(r) || r == utf8.RuneError && !strings.HasPrefix(s[i:], "\uFFFD") {
			return false
		}
	}
	return true
}

// writePrintable writes one character (the bytes of one rune, or one byte
// that is not UTF-8) to b, escaped unless it is printable.
func writePrintable(b *strings.Builder, c []byte) {
	r, _ := utf8.DecodeRune(c)
	switch {
	case r == utf8.RuneError && len(c) == 1:
		fmt.Fprintf(b, `\x%02x`, c[0])
	case strconv.IsPrint(r):
		b.Write(c)
	default:
		q := strconv.QuoteRune(r)
		b.WriteString(q[1 : len(q)-1])
	}
}
