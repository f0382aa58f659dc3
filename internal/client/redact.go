package client

import (
	"bytes"
	"encoding/json"
	"net/url"
	"strings"
)

const redactedText = "[redacted]"

// redactor removes the credentials from whatever the server sent, in case
// a misbehaving server or proxy echoes request headers back: raw, or
// JSON-escaped ("\/", "\u002f", any character as \uXXXX) inside a string.
// Bodies are redacted as soon as they are read, before anything decodes,
// quotes or cuts them, so no prefix of a credential survives a cut either.
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

// text redacts a string.
func (r redactor) text(s string) string {
	for _, secret := range r {
		if strings.Contains(s, secret) {
			s = strings.ReplaceAll(s, secret, redactedText)
		}
	}
	return s
}

// location redacts a redirect target, which may carry a credential
// percent-encoded.
func (r redactor) location(loc string) string {
	if unescaped, err := url.PathUnescape(loc); err == nil && r.text(unescaped) != unescaped {
		return r.text(unescaped)
	}
	return r.text(loc)
}

// body redacts a response body: the raw bytes, then every JSON string
// literal that holds an escape. A body without a credential or a
// backslash is returned as it is, without copying.
func (r redactor) body(b []byte) []byte {
	for _, secret := range r {
		// bytes.Contains with a converted string does not allocate; the
		// check keeps ReplaceAll from copying a clean body.
		if bytes.Contains(b, []byte(secret)) {
			b = bytes.ReplaceAll(b, []byte(secret), []byte(redactedText))
		}
	}
	if len(r) == 0 || bytes.IndexByte(b, '\\') < 0 {
		return b
	}
	return r.escapedStrings(b)
}

// escapedStrings decodes each quoted string that contains an escape and,
// when the decoded text holds a credential, writes it back redacted.
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
