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
	var b strings.Builder
	for _, r := range s {
		fmt.Fprintf(&b, `\u%04x`, r)
	}
	return b.String()
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

func TestRedactorText(t *testing.T) {
	t.Parallel()
	r := newRedactor("s3cr/et", "tok")
	tests := []struct{ in, want string }{
		{in: `{"a":"s3cr/et"}`, want: `{"a":"[redacted]"}`},
		{in: `{"a":"s3cr\/et"}`, want: `{"a":"[redacted]"}`},
		{in: `{"a":"x \u0073\u0033cr\u002Fet y","b":"\n"}`, want: `{"a":"x [redacted] y","b":"\n"}`},
		{in: `{"a":"\"quoted\" t\u006fk"}`, want: `{"a":"\"quoted\" [redacted]"}`},
		{in: `{"a":"no secret \/ here"}`, want: `{"a":"no secret \/ here"}`},
		{in: `<html>"unterminated \u0074ok`, want: `<html>"unterminated \u0074ok`},
	}
	for _, tt := range tests {
		if got := r.text(tt.in); got != tt.want {
			t.Errorf("text(%s) = %s, want %s", tt.in, got, tt.want)
		}
	}
}

func FuzzRedactText(f *testing.F) {
	for _, s := range []string{`{"a":"s3cr\/et"}`, `{"a":"\u0073\u0033cr\u002fet"}`, `["s3cr/et","\"",1]`, `"s3cr\u002`, `plain s3cr/et`} {
		f.Add([]byte(s))
	}
	const secret = "s3cr/et"
	r := newRedactor(secret)
	f.Fuzz(func(t *testing.T, body []byte) {
		out := []byte(r.text(string(body)))
		if strings.Contains(string(out), secret) {
			t.Fatalf("redacted body %q still holds the secret", out)
		}
		var v any
		if json.Unmarshal(out, &v) == nil && strings.Contains(fmt.Sprint(v), secret) {
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
