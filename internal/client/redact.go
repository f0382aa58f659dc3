package client

import (
	"encoding/json"
	"errors"
	"net/url"
	"strings"
)

const redactedText = "[redacted]"

// redactor takes secrets out of what people see: the credentials, in case
// a misbehaving server or proxy echoes request headers back, and a call's
// own secrets (a temporary key's UUID opens a door). It works on the text
// of errors, never on the answers the client decodes: redacting a body
// before decoding would change data whenever a short secret also occurs in
// an answer.
type redactor []string

func newRedactor(secrets ...string) redactor {
	var r redactor
	for _, s := range secrets {
		if s != "" {
			r = append(r, s)
		}
	}
	return r
}

// with is r plus a call's own secrets.
func (r redactor) with(secrets ...string) redactor {
	if len(secrets) == 0 {
		return r
	}
	return append(newRedactor(secrets...), r...)
}

// text redacts a string: each secret raw, JSON-escaped inside a quoted
// string ("\/", "\u002f", any character as \uXXXX), and the beginning of
// one that an excerpt's "..." cut off.
func (r redactor) text(s string) string {
	if len(r) == 0 {
		return s
	}
	for _, secret := range r {
		if strings.Contains(s, secret) {
			s = strings.ReplaceAll(s, secret, redactedText)
		}
	}
	if strings.IndexByte(s, '\\') >= 0 {
		s = string(r.escapedStrings([]byte(s)))
	}
	if strings.Contains(s, "...") {
		s = r.cutPrefixes(s)
	}
	return s
}

// minCutPrefix is the shortest beginning of a secret that text redacts
// before a cut: shorter ones are too common to mean anything.
const minCutPrefix = 3

// cutPrefixes redacts the beginning of a secret just before each "..."
// that excerpt writes where it cut a text short.
func (r redactor) cutPrefixes(s string) string {
	var b strings.Builder
	for {
		i := strings.Index(s, "...")
		if i < 0 {
			b.WriteString(s)
			return b.String()
		}
		head := s[:i]
		for _, secret := range r {
			for n := len(secret) - 1; n >= minCutPrefix; n-- {
				if strings.HasSuffix(head, secret[:n]) {
					head = head[:len(head)-n] + redactedText
					break
				}
			}
		}
		b.WriteString(head + "...")
		s = s[i+3:]
	}
}

// location redacts a redirect target, which may carry a credential
// percent-encoded.
func (r redactor) location(loc string) string {
	if unescaped, err := url.PathUnescape(loc); err == nil && r.text(unescaped) != unescaped {
		return r.text(unescaped)
	}
	return r.text(loc)
}

// escapedStrings decodes each quoted string that contains an escape and,
// when the decoded text holds a secret, writes it back redacted.
func (r redactor) escapedStrings(b []byte) []byte {
	var out []byte
	last := 0
	for i := 0; i < len(b); {
		if b[i] != '"' {
			i++
			continue
		}
		end, escaped := stringEnd(b, i)
		if end < 0 {
			break
		}
		if escaped {
			var s string
			if json.Unmarshal(b[i:end], &s) == nil {
				if red := r.text(s); red != s {
					enc, _ := json.Marshal(red)
					out = append(append(out, b[last:i]...), enc...)
					last = end
				}
			}
		}
		i = end
	}
	if out == nil {
		return b
	}
	return append(out, b[last:]...)
}

// stringEnd finds the end (just past the closing quote) of the quoted
// string starting at b[start], or -1, and whether it contains an escape.
func stringEnd(b []byte, start int) (end int, escaped bool) {
	for j := start + 1; j < len(b); j++ {
		switch b[j] {
		case '\\':
			escaped = true
			j++
		case '"':
			return j + 1, escaped
		}
	}
	return -1, escaped
}

// scrub redacts every text of err that people see, in place: err is the
// call's own (or a shared read's, scrubbed once before it is shared).
func (r redactor) scrub(err error) error {
	if err == nil || len(r) == 0 {
		return err
	}
	var apiErr *APIError
	if errors.As(err, &apiErr) {
		apiErr.Title, apiErr.Message = r.text(apiErr.Title), r.text(apiErr.Message)
		apiErr.Location, apiErr.Hint = r.text(apiErr.Location), r.text(apiErr.Hint)
	}
	var decErr *DecodeError
	if errors.As(err, &decErr) && decErr.Err != nil {
		decErr.reason = r.text(decErr.Reason())
	}
	var reqErr *RequestError
	if errors.As(err, &reqErr) && reqErr.Err != nil {
		reqErr.reason = r.text(reqErr.Reason())
	}
	var outErr *OutcomeError
	if errors.As(err, &outErr) {
		_ = r.scrub(outErr.Cause)   // in place; the same error
		_ = r.scrub(outErr.ReadErr) // in place; the same error
	}
	return err
}
