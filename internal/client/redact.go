package client

import (
	"context"
	"errors"
	"regexp"
	"strings"
)

const redactedText = "[redacted]"

// redactor takes secrets out of what people see: the credentials, in case
// a misbehaving server or proxy echoes request headers back, and a call's
// own secrets (a temporary key's UUID opens a door). It works on the text
// of errors and log lines, never on the answers the client decodes:
// redacting a body before decoding would change data whenever a secret
// also occurs in an answer.
//
// A secret is found whatever the case of its ASCII letters: a temporary
// key's UUID configured in upper case may come back in lower case (the
// API writes UUIDs so), or the other way round, and a credential echoed in
// another case is redacted too, at no cost.
//
// A server may echo a secret encoded: JSON-escaped (\/ \u002f, also in
// invalid or unterminated JSON), as HTML character references (&#x2F;
// &#47; &sol; &amp;...), percent-encoded (%2F, %u002F), in a single-quoted
// JavaScript string (\' \x2f \u{2f}), or escaped twice (JSON inside a JSON
// string). text finds a secret in every one of these forms: it decodes
// views of the text, one layer of every escape kind at a time, each
// remembering which bytes of the text every byte of the view came from,
// and replaces the original bytes of each occurrence.
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

// maxLayers is how many layers of escapes text decodes: a secret escaped
// twice (JSON in a JSON string, &amp;#x2F;) takes two, and a few more
// cost little on the short texts of errors and log lines.
const maxLayers = 4

// text redacts every secret in s, raw or encoded, and the beginning of one
// that an excerpt's "..." cut off.
func (r redactor) text(s string) string {
	if len(r) == 0 || s == "" || r.plainly(s) {
		return s
	}
	var spans []span
	for _, v := range views(s) {
		spans = append(spans, r.find(v)...)
	}
	if strings.Contains(s, "...") {
		spans = append(spans, r.cutPrefixes(s)...)
	}
	return replaceSpans(s, spans)
}

// plainly reports whether s holds no secret, known without decoding: it
// has no escape, no cut and no raw secret. Most log fields are so.
func (r redactor) plainly(s string) bool {
	if strings.ContainsAny(s, `\%&`) || strings.Contains(s, "...") {
		return false
	}
	folded := foldASCII(s)
	for _, secret := range r {
		if strings.Contains(folded, foldASCII(secret)) {
			return false
		}
	}
	return true
}

// foldASCII is s with its ASCII letters in lower case and every other byte
// as it was: the same length, so a position in it is the same position
// in s.
func foldASCII(s string) string {
	for i := range len(s) {
		if 'A' <= s[i] && s[i] <= 'Z' {
			b := []byte(s)
			for j := i; j < len(b); j++ {
				if 'A' <= b[j] && b[j] <= 'Z' {
					b[j] += 'a' - 'A'
				}
			}
			return string(b)
		}
	}
	return s
}

// span is a range [start, end) of the original text.
type span struct{ start, end int }

// view is a text with some escapes decoded: byte i of text came from the
// original bytes [start[i], end[i]).
type view struct {
	text       []byte
	start, end []int
}

// views returns s itself, then s with one more layer of escapes decoded,
// up to maxLayers, stopping when a layer decodes nothing.
func views(s string) []view {
	v := view{text: []byte(s), start: make([]int, len(s)), end: make([]int, len(s))}
	for i := range s {
		v.start[i], v.end[i] = i, i+1
	}
	out := []view{v}
	if !strings.ContainsAny(s, `\%&`) {
		return out
	}
	for range maxLayers {
		next, changed := v.decode()
		if !changed {
			break
		}
		out = append(out, next)
		v = next
	}
	return out
}

// decode returns v with one layer of escapes decoded: what an escape
// decodes to is not decoded again until the next layer.
func (v view) decode() (view, bool) {
	out := view{text: make([]byte, 0, len(v.text)), start: make([]int, 0, len(v.text)), end: make([]int, 0, len(v.text))}
	changed := false
	for i := 0; i < len(v.text); {
		decoded, n := unescape(v.text[i:])
		if n == 0 {
			out.text = append(out.text, v.text[i])
			out.start, out.end = append(out.start, v.start[i]), append(out.end, v.end[i])
			i++
			continue
		}
		changed = true
		for range decoded {
			out.start, out.end = append(out.start, v.start[i]), append(out.end, v.end[i+n-1])
		}
		out.text = append(out.text, decoded...)
		i += n
	}
	return out, changed
}

// find returns where each secret occurs in v, in the original text.
func (r redactor) find(v view) []span {
	var spans []span
	text := foldASCII(string(v.text))
	for _, secret := range r {
		secret := foldASCII(secret)
		for from := 0; from+len(secret) <= len(text); {
			i := strings.Index(text[from:], secret)
			if i < 0 {
				break
			}
			at := from + i
			spans = append(spans, span{v.start[at], v.end[at+len(secret)-1]})
			// Occurrences may overlap ("aa" twice in "aaa").
			from = at + 1
		}
	}
	return spans
}

// minCutPrefix is the shortest beginning of a secret that text redacts
// before a cut: shorter ones are too common to mean anything.
const minCutPrefix = 3

// cutTail is an escape cut short by an excerpt: its end was dropped, so it
// decodes to nothing (or to something else) and hides the secret's
// beginning before it.
var cutTail = regexp.MustCompile(`(?:\\+(?:u\{?[0-9a-fA-F]{0,5}|x[0-9a-fA-F]?)?|%(?:u[0-9a-fA-F]{0,3}|[0-9a-fA-F])?|&#?[xX]?[0-9A-Za-z]*)$`)

// cutPrefixes finds the beginning of a secret, raw or encoded, just before
// each "..." that excerpt writes where it cut a text short, with an escape
// the cut broke.
func (r redactor) cutPrefixes(s string) []span {
	var spans []span
	for from := 0; ; {
		i := strings.Index(s[from:], "...")
		if i < 0 {
			return spans
		}
		cut := from + i
		head := s[:cut]
		if loc := cutTail.FindStringIndex(head); loc != nil {
			head = head[:loc[0]]
		}
		for _, v := range views(head) {
			if n := r.longestPrefixAtEnd(v.text); n > 0 {
				spans = append(spans, span{v.start[len(v.text)-n], cut})
			}
		}
		from = cut + 3
	}
}

// longestPrefixAtEnd is the length of the longest beginning of a secret,
// at least minCutPrefix long and shorter than the secret, that b ends
// with; 0 when none.
func (r redactor) longestPrefixAtEnd(b []byte) int {
	best := 0
	for _, secret := range r {
		for n := min(len(secret)-1, len(b)); n >= max(minCutPrefix, best+1); n-- {
			if foldASCII(string(b[len(b)-n:])) == foldASCII(secret[:n]) {
				best = n
				break
			}
		}
	}
	return best
}

// replaceSpans writes s with every span, merged where they overlap or
// touch, replaced by redactedText.
func replaceSpans(s string, spans []span) string {
	if len(spans) == 0 {
		return s
	}
	covered := make([]bool, len(s))
	for _, sp := range spans {
		for i := sp.start; i < sp.end; i++ {
			covered[i] = true
		}
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		if !covered[i] {
			b.WriteByte(s[i])
			i++
			continue
		}
		b.WriteString(redactedText)
		for i < len(s) && covered[i] {
			i++
		}
	}
	return b.String()
}

// scrub redacts every text of err that people see, in place, and makes it
// printable (see Printable): err is the call's own (or a shared read's,
// scrubbed once before it is shared).
func (r redactor) scrub(err error) error {
	if err == nil {
		return nil
	}
	var apiErr *APIError
	if errors.As(err, &apiErr) {
		apiErr.Title, apiErr.Message = r.shown(apiErr.Title), r.shown(apiErr.Message)
		apiErr.Location, apiErr.Hint = r.shown(apiErr.Location), r.shown(apiErr.Hint)
	}
	var decErr *DecodeError
	if errors.As(err, &decErr) && decErr.Err != nil {
		decErr.reason = r.shown(decErr.Reason())
	}
	var reqErr *RequestError
	if errors.As(err, &reqErr) && reqErr.Err != nil {
		reqErr.reason = r.shown(reqErr.Reason())
	}
	var outErr *OutcomeError
	if errors.As(err, &outErr) {
		_ = r.scrub(outErr.Cause)   // in place; the same error
		_ = r.scrub(outErr.ReadErr) // in place; the same error
	}
	return err
}

// shown is a text a server had a say in, as people may see it: redacted,
// then printable.
func (r redactor) shown(s string) string { return Printable(r.text(s)) }

// Redact returns s with the client's credentials taken out, however s
// encodes them (see redactor). The provider calls it on the server's text
// it shows or stores that is not an error's (an error's text is redacted
// already): event payloads, values quoted in warnings.
func (c *Client) Redact(s string) string { return c.secrets.text(s) }

// callSecretsKey carries a call's own secrets in its context, for the log
// lines of its attempts.
type callSecretsKey struct{}

// withCallSecrets returns ctx carrying secrets for the log lines of the
// call made with it.
func withCallSecrets(ctx context.Context, secrets []string) context.Context {
	if len(secrets) == 0 {
		return ctx
	}
	return context.WithValue(ctx, callSecretsKey{}, secrets)
}

// redactingLogger is the client's Logger: every string it passes on (the
// message and each field value that is a string or an error) is redacted
// of the credentials and of the call's own secrets, since a field may
// carry a server's text (a transport error quotes a malformed answer).
type redactingLogger struct {
	next    Logger
	secrets redactor
}

func (l redactingLogger) Debug(ctx context.Context, msg string, fields map[string]any) {
	r := l.redactor(ctx)
	l.next.Debug(ctx, r.text(msg), r.fields(fields))
}

func (l redactingLogger) Warn(ctx context.Context, msg string, fields map[string]any) {
	r := l.redactor(ctx)
	l.next.Warn(ctx, r.text(msg), r.fields(fields))
}

func (l redactingLogger) Prepare(ctx context.Context) context.Context { return l.next.Prepare(ctx) }

func (l redactingLogger) redactor(ctx context.Context) redactor {
	own, _ := ctx.Value(callSecretsKey{}).([]string)
	return l.secrets.with(own...)
}

// fields redacts every string and error value of fields, in place: the
// map is the caller's own, built for this one line.
func (r redactor) fields(fields map[string]any) map[string]any {
	for k, v := range fields {
		switch v := v.(type) {
		case string:
			fields[k] = r.text(v)
		case error:
			fields[k] = r.text(v.Error())
		}
	}
	return fields
}
