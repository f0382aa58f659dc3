package spkeytest

import (
	"bytes"
	"encoding/json"
	"mime"
	"strconv"
	"strings"
	"time"
)

// jsonBody reads a command's JSON object field by field against the
// contract and keeps the first problem, the message of the 400. Unknown
// fields are ignored, as the API does.
type jsonBody struct {
	fields  map[string]json.RawMessage
	problem string
}

func readJSONBody(contentType string, raw []byte) *jsonBody {
	b := &jsonBody{}
	if mt, _, err := mime.ParseMediaType(contentType); err != nil || mt != "application/json" {
		b.problem = "Content-Type must be application/json"
		return b
	}
	if err := json.Unmarshal(raw, &b.fields); err != nil {
		b.problem = "Request body must be a JSON object"
	}
	return b
}

func (b *jsonBody) fail(msg string) {
	if b.problem == "" {
		b.problem = msg
	}
}

func isNull(raw json.RawMessage) bool { return bytes.Equal(bytes.TrimSpace(raw), []byte("null")) }

// present reports whether the body has name with a value other than null.
func (b *jsonBody) present(name string) bool {
	raw, ok := b.fields[name]
	return ok && !isNull(raw)
}

// str reads a non-blank string. A required field must be there (null
// counts as empty); an optional one may be absent or null ("").
func (b *jsonBody) str(name string, required bool) string {
	raw, ok := b.fields[name]
	if !ok || (!required && isNull(raw)) {
		if required {
			b.fail(name + " is required")
		}
		return ""
	}
	var v string
	if err := json.Unmarshal(raw, &v); err != nil {
		b.fail(name + " must be a string")
		return ""
	}
	if strings.TrimSpace(v) == "" {
		b.fail(name + " must not be empty")
		return ""
	}
	return v
}

// text reads an optional string that may be empty, of at most maxLen
// characters.
func (b *jsonBody) text(name string, maxLen int) string {
	if !b.present(name) {
		return ""
	}
	var v string
	if err := json.Unmarshal(b.fields[name], &v); err != nil {
		b.fail(name + " must be a string")
		return ""
	}
	if len([]rune(v)) > maxLen {
		b.fail(name + " must be at most " + strconv.Itoa(maxLen) + " characters")
		return ""
	}
	return v
}

// integer reads an optional whole number of at least minimum; nil when
// absent or null (present tells the two apart from a number).
func (b *jsonBody) integer(name string, minimum int64) (v *int64, present bool) {
	raw, ok := b.fields[name]
	if !ok {
		return nil, false
	}
	if isNull(raw) {
		return nil, true
	}
	// Into any, since a JSON string such as "1" decodes into a
	// json.Number too.
	var decoded any
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var num json.Number
	isNumber := false
	if dec.Decode(&decoded) == nil {
		num, isNumber = decoded.(json.Number)
	}
	if !isNumber {
		b.fail(name + " must be an integer")
		return nil, true
	}
	n, err := strconv.ParseInt(num.String(), 10, 64)
	if err != nil {
		b.fail(name + " must be an integer")
		return nil, true
	}
	if n < minimum {
		b.fail(name + " must be at least " + strconv.FormatInt(minimum, 10))
		return nil, true
	}
	return &n, true
}

// stringList reads an optional array of non-blank strings.
func (b *jsonBody) stringList(name string) (v []string, present bool) {
	if !b.present(name) {
		return nil, false
	}
	if err := json.Unmarshal(b.fields[name], &v); err != nil {
		b.fail(name + " must be an array of strings")
		return nil, true
	}
	for _, s := range v {
		if strings.TrimSpace(s) == "" {
			b.fail(name + " must not contain empty strings")
			return nil, true
		}
	}
	return v, true
}

// timestamp reads a required RFC 3339 date-time, kept as written.
func (b *jsonBody) timestamp(name string) (text string, t time.Time) {
	text = b.str(name, true)
	if text == "" {
		return "", time.Time{}
	}
	t, err := time.Parse(time.RFC3339, text)
	if err != nil {
		b.fail(name + " must be an RFC 3339 date-time such as 2026-12-01T09:00:00Z")
		return "", time.Time{}
	}
	return text, t
}

// oneOf reads a required string that must be one of values.
func (b *jsonBody) oneOf(name string, values ...string) string {
	v := b.str(name, true)
	if v == "" {
		return ""
	}
	for _, ok := range values {
		if v == ok {
			return v
		}
	}
	b.fail(name + " must be one of " + strings.Join(values, ", "))
	return ""
}
