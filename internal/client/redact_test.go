package client

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"testing"
)

// escapeAll writes every character of s as a JSON \u escape.
func escapeAll(s string) string {
	return eachByte(s, `\u%04x`)
}

// eachByte writes every byte of s (ASCII in these tests) with format.
func eachByte(s, format string) string {
	var b strings.Builder
	for i := range len(s) {
		fmt.Fprintf(&b, format, s[i])
	}
	return b.String()
}

// jsonString is s as a JSON string literal without its quotes, escaped
// once more for every extra level: JSON inside a JSON string.
func jsonString(s string, levels int) string {
	for range levels {
		b, _ := json.Marshal(s)
		s = string(b[1 : len(b)-1])
	}
	return s
}

// redactSecret has the characters that encodings change: a slash, a plus
// and an ampersand.
const redactSecret = "spk_live/9d8c+7b6a&5f4e3d2c" //nolint:gosec // G101: a fake key, never a real credential.

// encodings are the ways a server or proxy may echo a secret in text
// people see (issue 23 item 5), each written independently of the
// redactor's decoder.
var encodings = map[string]func(string) string{
	"raw":                       func(s string) string { return s },
	"JSON \\/":                  func(s string) string { return strings.ReplaceAll(s, "/", `\/`) },
	"JSON \\u002f":              func(s string) string { return strings.ReplaceAll(s, "/", `\u002f`) },
	"JSON, every character \\u": escapeAll,
	"JSON escaped twice":        func(s string) string { return jsonString(strings.ReplaceAll(s, "/", `\/`), 1) },
	"JSON in JSON in JSON":      func(s string) string { return jsonString(escapeAll(s), 2) },
	"HTML &#x2F;": func(s string) string {
		return strings.NewReplacer("/", "&#x2F;", "+", "&#x2B;", "&", "&amp;").Replace(s)
	},
	"HTML &#47;": func(s string) string { return strings.NewReplacer("/", "&#47;", "+", "&#43;", "&", "&#38;").Replace(s) },
	"HTML named": func(s string) string {
		return strings.NewReplacer("/", "&sol;", "+", "&plus;", "&", "&amp;").Replace(s)
	},
	"HTML, every character &#x;": func(s string) string { return eachByte(s, "&#x%X;") },
	"HTML, every character &#;":  func(s string) string { return eachByte(s, "&#%d;") },
	"HTML escaped twice": func(s string) string {
		return strings.NewReplacer("/", "&amp;#x2F;", "+", "&amp;#43;", "&", "&amp;amp;").Replace(s)
	},
	"percent":                     func(s string) string { return strings.NewReplacer("/", "%2F", "+", "%2B", "&", "%26").Replace(s) },
	"percent, lower case":         func(s string) string { return strings.NewReplacer("/", "%2f", "+", "%2b", "&", "%26").Replace(s) },
	"percent, every character":    func(s string) string { return eachByte(s, "%%%02X") },
	"percent twice":               func(s string) string { return strings.NewReplacer("/", "%252F", "+", "%252B", "&", "%2526").Replace(s) },
	"percent %u":                  func(s string) string { return strings.NewReplacer("/", "%u002F", "+", "%u002B").Replace(s) },
	"JavaScript \\x2f":            func(s string) string { return strings.NewReplacer("/", `\x2f`, "+", `\x2B`).Replace(s) },
	"JavaScript \\u{2f}":          func(s string) string { return strings.NewReplacer("/", `\u{2f}`, "+", `\u{2B}`).Replace(s) },
	"JavaScript, every character": func(s string) string { return eachByte(s, `\x%02x`) },
	"JavaScript identity escapes": func(s string) string { return strings.NewReplacer("/", `\/`, "_", `\_`, "+", `\+`).Replace(s) },
	"HTML in JSON":                func(s string) string { return strings.ReplaceAll(s, "/", `\u0026#x2F;`) },
	"percent in JSON":             func(s string) string { return strings.ReplaceAll(s, "/", `\u00252F`) },
	"JSON in HTML":                func(s string) string { return strings.ReplaceAll(s, "/", `&#x5C;u002f`) },
}

// containers are the texts an encoded secret arrives in.
var containers = map[string]string{
	"JSON message":         `{"success":false,"error":"Bad Request","message":"key %s is not allowed"}`,
	"unterminated JSON":    `{"success":false,"message":"key %s`,
	"invalid JSON":         `{success: false, message: 'key %s'}`,
	"HTML page":            `<html><body><p>Your key: %s</p></body></html>`,
	"single-quoted JS":     `<script>var key = '%s';</script>`,
	"nested JSON string":   `{"message":"{\"detail\":\"key %s\"}"}`,
	"query of a URL":       `https://proxy.example/denied?key=%s&retry=1`,
	"between escaped text": `\n\t%s\u0021`,
}

// assertRedacted fails unless out holds the secret in no view (the text
// itself and its decodings) and says what was redacted.
func assertRedacted(t *testing.T, in, out string, secrets ...string) {
	t.Helper()
	assertNoSecretDecoded(t, in, out, secrets...)
	if !strings.Contains(out, redactedText) {
		t.Errorf("text(%s) = %s does not say what was redacted", in, out)
	}
}

// assertNoSecretDecoded fails when out, or any decoding of it, holds a
// secret or its first 8 characters.
func assertNoSecretDecoded(t *testing.T, in, out string, secrets ...string) {
	t.Helper()
	for _, v := range views(out) {
		for _, secret := range secrets {
			if strings.Contains(string(v.text), secret) || strings.Contains(string(v.text), secret[:8]) {
				t.Errorf("text(%s) = %s still holds a secret (decoded: %s)", in, out, v.text)
			}
		}
	}
}

// TestRedactsEveryEncoding: a secret is redacted in every encoding, in
// every kind of text it may arrive in, and the text around it stays.
func TestRedactsEveryEncoding(t *testing.T) {
	t.Parallel()
	r := newRedactor(redactSecret)
	for encName, encode := range encodings {
		for contName, container := range containers {
			in := fmt.Sprintf(container, encode(redactSecret))
			out := r.text(in)
			assertRedacted(t, in, out, redactSecret)
			// What is around the secret is kept, as it was written.
			before := container[:strings.Index(container, "%s")]
			if !strings.HasPrefix(out, before) {
				t.Errorf("%s in %s: text(%s) = %s lost what came before the secret", encName, contName, in, out)
			}
		}
	}
}

func TestRedactorText(t *testing.T) {
	t.Parallel()
	r := newRedactor("s3cr/et", "tok-0123")
	tests := []struct{ in, want string }{
		{in: `{"a":"s3cr/et"}`, want: `{"a":"[redacted]"}`},
		{in: `{"a":"s3cr\/et"}`, want: `{"a":"[redacted]"}`},
		{in: `{"a":"x \u0073\u0033cr\u002Fet y","b":"\n"}`, want: `{"a":"x [redacted] y","b":"\n"}`},
		{in: `{"a":"\"quoted\" t\u006fk-0123"}`, want: `{"a":"\"quoted\" [redacted]"}`},
		{in: `<html>"unterminated \u0074ok-0123`, want: `<html>"unterminated [redacted]`},
		{in: `<p>s3cr&#x2F;et</p>`, want: `<p>[redacted]</p>`},
		{in: `<p>s3cr&#47et</p>`, want: `<p>[redacted]</p>`},
		{in: `?k=s3cr%2Fet&x=1`, want: `?k=[redacted]&x=1`},
		{in: `'s3cr\x2fet'`, want: `'[redacted]'`},
		// Two secrets side by side become one redaction.
		{in: `s3cr/ettok-0123`, want: `[redacted]`},
		// Nothing to redact: every escape and odd character stays.
		{in: `{"a":"no secret \/ here"}`, want: `{"a":"no secret \/ here"}`},
		{in: `C:\temp 100%zz &amp; \u12 &#xZZ; \`, want: `C:\temp 100%zz &amp; \u12 &#xZZ; \`},
		{in: "", want: ""},
		// The beginning of a secret before a cut, encoded or raw, and with
		// an escape the cut broke.
		{in: `key tok-01...`, want: `key [redacted]...`},
		{in: `key s3cr&#x2F;e...`, want: `key [redacted]...`},
		{in: `key s3cr%2...`, want: `key [redacted]...`},
		{in: `key s3cr\u002...`, want: `key [redacted]...`},
		{in: `key s3\u0063r&#x...`, want: `key [redacted]...`},
		// Too short a beginning means nothing.
		{in: `key s3...`, want: `key s3...`},
	}
	for _, tt := range tests {
		if got := r.text(tt.in); got != tt.want {
			t.Errorf("text(%s) = %s, want %s", tt.in, got, tt.want)
		}
	}
}

// TestRedactsSecretInAnyCase: a temporary key's UUID configured in upper
// case may be echoed in lower case (as the API writes UUIDs), and the
// other way round; either way it is redacted, raw, escaped or cut short.
func TestRedactsSecretInAnyCase(t *testing.T) {
	t.Parallel()
	const lower = "9e7d1c2b-3a4f-4b5c-8d6e-7f8091a2b3c4"
	upper := strings.ToUpper(lower)
	for _, tt := range []struct{ secret, echoed string }{
		{lower, upper}, {upper, lower}, {lower, "9E7d1C2b-3a4F-4b5C-8d6E-7f8091A2b3C4"},
	} {
		r := newRedactor(tt.secret)
		for _, in := range []string{
			`{"message":"tempKeyUuid ` + tt.echoed + ` invalid"}`,
			`{"message":"tempKeyUuid ` + strings.ReplaceAll(tt.echoed, "-", `\u002d`) + ` invalid"}`,
			"tempKeyUuid " + tt.echoed[:20] + "...",
		} {
			out := r.text(in)
			if strings.Contains(strings.ToLower(out), lower[:20]) || !strings.Contains(out, redactedText) {
				t.Errorf("secret %s: text(%s) = %s, want the echo in another case redacted", tt.secret, in, out)
			}
		}
	}
}

// TestRedactsEscapedSecrets: a credential echoed JSON-escaped is redacted
// like one echoed raw, in every field an error or a result quotes, and
// before any cut (issue 11 item 3).
func TestRedactsEscapedSecrets(t *testing.T) {
	t.Parallel()
	const slashKey = "key/9d8c7b6a5f4e3d2c1b0a99/887766554433"
	escapedSlash := strings.ReplaceAll(slashKey, "/", `\/`)
	escapedU := strings.ReplaceAll(slashKey, "/", `\u002f`)
	tests := []struct {
		name   string
		status int
		body   string
		call   string
	}{
		{name: "slash escaped in a message", status: 401, body: `{"success":false,"error":"Unauthorized","message":"bad key ` + escapedSlash + `"}`},
		{name: "u002f in a message", status: 401, body: `{"success":false,"error":"Unauthorized","message":"bad key ` + escapedU + `"}`},
		{name: "every character escaped", status: 403, body: `{"success":false,"error":"` + escapeAll(slashKey) + `","message":"m"}`},
		{name: "token escaped in errors", status: 404, call: "basic-info",
			body: `{"success":false,"errors":[{"code":404,"message":"` + escapeAll(testToken) + `"}]}`},
		{name: "200 success false", status: 200, body: `{"success":false,"error":"Bad","message":"` + escapedU + `"}`},
		{name: "aggregateId", status: 200, body: `{"success":true,"aggregateId":"` + escapedU + `","version":1,"event":null}`},
		{name: "lockId mismatch beside an echo", status: 200, call: "basic-info",
			body: `{"id":"` + escapedU + `","lockId":2,"uuid":"u","version":1,"r2Prefix":"p"}`},
		{name: "crossing the 500-character cut", status: 400,
			body: `{"success":false,"error":"Bad Request","message":"` + strings.Repeat("x", 490) + escapedU + `"}`},
		{name: "raw, crossing the cut", status: 400,
			body: `{"success":false,"error":"Bad Request","message":"` + strings.Repeat("x", 495) + "Bearer " + testToken + `"}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			srv := newStubServer(t, fixed(tt.status, tt.body))
			c := newTestClient(t, srv.URL, func(cfg *Config) { cfg.APIKey = slashKey })
			err := calls[map[bool]string{true: tt.call, false: "SetOrganization"}[tt.call != ""]](c, 1)
			if err == nil {
				t.Fatal("no error")
			}
			for _, text := range []string{err.Error(), fmt.Sprintf("%+v", err)} {
				for _, secret := range []string{slashKey, testToken} {
					// Even a short prefix must not survive a cut.
					if strings.Contains(text, secret[:8]) || strings.Contains(text, escapedSlash[:8]) {
						t.Errorf("error contains (part of) a credential: %s", text)
					}
				}
			}
			var apiErr *APIError
			// Past the cut, even "[redacted]" may be cut off.
			if errors.As(err, &apiErr) && !strings.HasSuffix(apiErr.Message, "...") && !strings.Contains(apiErr.Title+apiErr.Message, redactedText) {
				t.Errorf("APIError %q / %q does not say what was redacted", apiErr.Title, apiErr.Message)
			}
		})
	}
}

// TestRedactsEchoesInEveryEncoding: a server or proxy that echoes the
// credentials in any encoding, in an error page of any kind, a header
// value or a connection's garbage, gets them into no error and no log
// line.
func TestRedactsEchoesInEveryEncoding(t *testing.T) {
	t.Parallel()
	for encName, encode := range encodings {
		t.Run(encName, func(t *testing.T) {
			t.Parallel()
			key, token := encode(testKey+"/x"), encode(testToken)
			bodies := []struct {
				status      int
				contentType string
				body        string
			}{
				{400, "application/json", `{"success":false,"error":"Bad Request","message":"key ` + key + ` token ` + token + `"}`},
				{400, "application/json", `{"success":false,"message":"key ` + key + ` token ` + token},
				{502, "text/html", `<html><body><h1>502 Bad Gateway</h1><p>upstream refused ` + key + ` / ` + token + `</p></body></html>`},
				{503, "text/html", `<script>var k = '` + key + `', t = '` + token + `';</script>`},
				{200, "application/json", `{"success":false,"error":"Refused","message":"{\"key\":\"` + jsonString(key, 1) + `\"} ` + token + `"}`},
				{302, "", ""},
			}
			said := 0
			for _, b := range bodies {
				srv := newStubServer(t, func(w http.ResponseWriter, _ *http.Request, _ int) {
					if b.status == http.StatusFound {
						w.Header().Set("Location", "https://elsewhere.example/?k="+key+"&t="+token)
					}
					if b.contentType != "" {
						w.Header().Set("Content-Type", b.contentType)
					}
					w.WriteHeader(b.status)
					_, _ = fmt.Fprint(w, b.body)
				})
				logger := &fakeLogger{}
				c := newTestClient(t, srv.URL, func(cfg *Config) {
					cfg.APIKey, cfg.Logger, cfg.MaxRetries = testKey+"/x", logger, 1
				})
				_, err := c.SetOrganization(context.Background(), 1, "o")
				if err == nil {
					t.Fatalf("HTTP %d: no error", b.status)
				}
				assertNoSecretDecoded(t, b.body, err.Error(), testKey+"/x", testToken)
				if strings.Contains(err.Error(), redactedText) {
					said++
				}
				for _, l := range logger.all() {
					for k, v := range l.Fields {
						assertNoSecretDecoded(t, "log field "+k, fmt.Sprint(v), testKey, testToken)
					}
				}
			}
			// Most errors quote the echo: the search above could fail.
			if said < len(bodies)-1 {
				t.Errorf("only %d of %d errors say what was redacted", said, len(bodies))
			}
		})
	}
}

// TestRedactsTransportErrorsInLogs: a server that answers garbage quoting
// the credentials (Go's transport quotes a malformed status line) gets
// them into neither the error nor the log lines of the attempts.
func TestRedactsTransportErrorsInLogs(t *testing.T) {
	t.Parallel()
	srv := newStubServer(t, func(w http.ResponseWriter, _ *http.Request, _ int) {
		hj, ok := w.(http.Hijacker)
		if !ok {
			t.Error("no hijacker")
			return
		}
		conn, buf, err := hj.Hijack()
		if err != nil {
			t.Error(err)
			return
		}
		defer func() { _ = conn.Close() }()
		_, _ = buf.WriteString("GARBAGE " + strings.ReplaceAll(testKey, "-", "%2D") + " " + testToken + "\r\n\r\n")
		_ = buf.Flush()
	})
	logger := &fakeLogger{}
	c := newTestClient(t, srv.URL, func(cfg *Config) { cfg.Logger = logger })
	_, err := c.LockBasicInfo(context.Background(), 1)
	if err == nil {
		t.Fatal("no error")
	}
	assertNoSecret(t, "error", err.Error())
	logged := false
	for _, l := range logger.all() {
		for k, v := range l.Fields {
			s := fmt.Sprint(v)
			if k == "error" && strings.Contains(s, "malformed HTTP") {
				logged = true
			}
			assertNoSecret(t, "log field "+k, s)
			if strings.Contains(s, "%2D") {
				t.Errorf("log field %s holds the percent-encoded key: %s", k, s)
			}
		}
	}
	if !logged {
		t.Errorf("no log line quotes the transport error, so the search could not fail: %+v", logger.all())
	}
}

// TestRedactsCallSecretsInLogs: a call's own secret (a temporary key's
// UUID) is redacted from the log lines of that call's attempts.
func TestRedactsCallSecretsInLogs(t *testing.T) {
	t.Parallel()
	const uuid = "7e0c1a2b-3c4d-4e5f-8a9b-0c1d2e3f4a5b"
	next := &fakeLogger{}
	l := redactingLogger{next: next, secrets: newRedactor(testToken)}
	l.Warn(withCallSecrets(context.Background(), []string{uuid}), "lost "+uuid,
		map[string]any{"error": errors.New("echo " + strings.ToUpper(uuid[:0]) + uuid), "n": 3, "token": "%74" + testToken[1:]})
	line := next.all()[0]
	if strings.Contains(line.Msg, uuid) || strings.Contains(fmt.Sprint(line.Fields), uuid) || strings.Contains(fmt.Sprint(line.Fields), testToken[1:]) {
		t.Errorf("a secret reached the log: %+v", line)
	}
	if line.Fields["n"] != 3 {
		t.Errorf("a number field changed: %+v", line.Fields)
	}
}

// TestRedactionLeavesDataAlone: a credential that also occurs in answers
// (a token "1" and an organization "org-1", a token "true") changes no
// data: the client redacts what people see, not what it decodes (issue
// 23 item 6). The provider refuses credentials this short; the client
// must not depend on that.
func TestRedactionLeavesDataAlone(t *testing.T) {
	t.Parallel()
	for _, token := range []string{"1", "true", "org", `"`} {
		t.Run(token, func(t *testing.T) {
			t.Parallel()
			srv := newStubServer(t, func(w http.ResponseWriter, r *http.Request, _ int) {
				if r.Method == http.MethodPost {
					fixed(http.StatusOK, `{"success":true,"aggregateId":"1","version":1,"event":null}`)(w, r, 0)
					return
				}
				fixed(http.StatusOK, `{"id":"1","lockId":1,"uuid":"u-1","version":11,"orgId":"org-1","r2Prefix":"p"}`)(w, r, 0)
			})
			c := newTestClient(t, srv.URL, func(cfg *Config) { cfg.Token, cfg.APIKey = token, "" })
			info, err := c.LockBasicInfo(context.Background(), 1)
			if err != nil {
				t.Fatalf("basic-info with token %q: %v", token, err)
			}
			if org := info.Organization(); org == nil || *org != "org-1" || info.UUID != "u-1" || info.Version != "11" {
				t.Errorf("basic-info with token %q decoded %+v, want org-1, u-1, 11", token, info)
			}
			res, err := c.SetOrganization(context.Background(), 1, "org-1")
			if err != nil {
				t.Fatalf("SetOrganization with token %q: %v", token, err)
			}
			if res.AggregateID != "1" || res.Version != "1" {
				t.Errorf("SetOrganization with token %q decoded %+v", token, res)
			}
		})
	}
}

func FuzzRedactText(f *testing.F) {
	for _, s := range []string{`{"a":"s3cr\/et"}`, `{"a":"\u0073\u0033cr\u002fet"}`, `["s3cr/et","\"",1]`, `"s3cr\u002`, `plain s3cr/et`,
		`s3cr&#x2F;et`, `s3cr%2Fet`, `'s3cr\x2fet'`, `s3cr&amp;#47;et`, `s3c...`, `\\\u0073`} {
		f.Add([]byte(s))
	}
	const secret = "s3cr/et"
	r := newRedactor(secret)
	f.Fuzz(func(t *testing.T, body []byte) {
		out := r.text(string(body))
		for _, v := range views(out) {
			if strings.Contains(string(v.text), secret) {
				t.Fatalf("redacted %q is %q, which still decodes to the secret: %q", body, out, v.text)
			}
		}
		var v any
		if json.Unmarshal([]byte(out), &v) == nil && strings.Contains(fmt.Sprint(v), secret) {
			t.Fatalf("redacted body %q decodes to the secret: %v", out, v)
		}
	})
}

// TestRedactsLocation: a redirect target that carries a credential,
// percent-encoded or not, is redacted.
func TestRedactsLocation(t *testing.T) {
	t.Parallel()
	for _, loc := range []string{"https://evil.example/?k=" + testKey, "https://evil.example/%6b" + strings.TrimPrefix(testKey, "k")} {
		srv := newStubServer(t, func(w http.ResponseWriter, _ *http.Request, _ int) {
			w.Header().Set("Location", loc)
			w.WriteHeader(http.StatusFound)
		})
		c := newTestClient(t, srv.URL, nil)
		_, err := c.LockBasicInfo(context.Background(), 1)
		assertNoSecret(t, "error", err.Error())
		if !strings.Contains(err.Error(), redactedText) {
			t.Errorf("error %q does not say what was redacted", err)
		}
	}
}

// TestClientRedact: what the provider calls on server text it shows or
// stores.
func TestClientRedact(t *testing.T) {
	t.Parallel()
	c := newTestClient(t, "http://127.0.0.1:1", nil)
	in := `{"note":"{\"k\":\"` + jsonString(strings.ReplaceAll(testKey, "-", "\\u002d"), 1) + `\"}"}`
	out := c.Redact(in)
	assertRedacted(t, in, out, testKey)
	var v any
	if err := json.Unmarshal([]byte(out), &v); err != nil {
		t.Errorf("Redact(%s) = %s is no longer JSON: %v", in, out, err)
	}
}
