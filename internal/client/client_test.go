package client

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"

	"golang.org/x/time/rate"

	"github.com/smartphonekey/terraform-provider-spkey/internal/spkeytest"
)

func TestSetOrganizationRequest(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name        string
		token, key  string
		wantAuth    string
		wantKey     string
		wantHasAuth bool
		wantHasKey  bool
	}{
		{name: "token only", token: testToken, wantAuth: "Bearer " + testToken, wantHasAuth: true},
		{name: "key only", key: testKey, wantKey: testKey, wantHasKey: true},
		{name: "token and key", token: testToken, key: testKey, wantAuth: "Bearer " + testToken, wantKey: testKey, wantHasAuth: true, wantHasKey: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			srv := spkeytest.NewTestServer(t, spkeytest.Options{Token: testToken, APIKey: testKey, Locks: []int64{42}})
			c := newTestClient(t, srv.URL, func(cfg *Config) { cfg.Token, cfg.APIKey = tt.token, tt.key })
			res, err := c.SetOrganization(context.Background(), 42, "org-7")
			if err != nil {
				t.Fatalf("SetOrganization: %v", err)
			}
			if res.AggregateID != "42" {
				t.Errorf("AggregateID = %q, want 42", res.AggregateID)
			}
			reqs := srv.RequestsFor("SetOrganization", 42)
			if len(reqs) != 1 {
				t.Fatalf("server saw %d requests, want 1", len(reqs))
			}
			r := reqs[0]
			if r.Method != http.MethodPost || r.Path != "/locks/42/SetOrganization" {
				t.Errorf("request = %s %s, want POST /locks/42/SetOrganization", r.Method, r.Path)
			}
			if string(r.Body) != `{"orgId":"org-7"}` {
				t.Errorf("body = %s, want exactly {\"orgId\":\"org-7\"}", r.Body)
			}
			if _, ok := r.Header["Authorization"]; ok != tt.wantHasAuth {
				t.Errorf("Authorization present = %v, want %v", ok, tt.wantHasAuth)
			}
			if got := r.Header.Get("Authorization"); got != tt.wantAuth {
				t.Errorf("Authorization = %q, want %q", got, tt.wantAuth)
			}
			if _, ok := r.Header["X-Api-Key"]; ok != tt.wantHasKey {
				t.Errorf("X-API-Key present = %v, want %v", ok, tt.wantHasKey)
			}
			if got := r.Header.Get("X-API-Key"); got != tt.wantKey {
				t.Errorf("X-API-Key = %q, want %q", got, tt.wantKey)
			}
			for h, want := range map[string]string{
				"Content-Type": "application/json",
				"Accept":       "application/json",
				"User-Agent":   "spkey-test/1.0",
			} {
				if got := r.Header.Get(h); got != want {
					t.Errorf("%s = %q, want %q", h, got, want)
				}
			}
			for _, h := range []string{"X-Org-Id", "X-User-Id"} {
				if _, ok := r.Header[h]; ok {
					t.Errorf("internal header %s was sent", h)
				}
			}
		})
	}
}

func TestLockBasicInfoRequest(t *testing.T) {
	t.Parallel()
	srv := spkeytest.NewTestServer(t, spkeytest.Options{Token: testToken, Locks: []int64{9}})
	c := newTestClient(t, srv.URL, func(cfg *Config) { cfg.APIKey = "" })
	info, err := c.LockBasicInfo(context.Background(), 9)
	if err != nil {
		t.Fatalf("LockBasicInfo: %v", err)
	}
	if info.ID != "9" || info.LockID != "9" {
		t.Errorf("info = %+v, want id 9", info)
	}
	reqs := srv.RequestsFor("basic-info", 9)
	if len(reqs) != 1 {
		t.Fatalf("server saw %d requests, want 1", len(reqs))
	}
	r := reqs[0]
	if r.Method != http.MethodGet || r.Path != "/locks/9/basic-info" {
		t.Errorf("request = %s %s, want GET /locks/9/basic-info", r.Method, r.Path)
	}
	if len(r.Body) != 0 {
		t.Errorf("GET sent a body: %q", r.Body)
	}
	if ct, ok := r.Header["Content-Type"]; ok {
		t.Errorf("GET sent Content-Type %q", ct)
	}
	if got := r.Header.Get("Accept"); got != "application/json" {
		t.Errorf("Accept = %q", got)
	}
	if got := r.Header.Get("User-Agent"); got != "spkey-test/1.0" {
		t.Errorf("User-Agent = %q", got)
	}
	if _, ok := r.Header["X-Api-Key"]; ok {
		t.Error("X-API-Key sent although no key is configured")
	}
}

func TestBaseURLJoin(t *testing.T) {
	t.Parallel()
	srv := newStubServer(t, fixed(http.StatusOK, `{"success":true,"aggregateId":"5","version":2,"event":null}`))
	tests := []struct {
		name     string
		base     string
		wantPath string
		wantBase string
	}{
		{name: "bare", base: srv.URL, wantPath: "/locks/5/SetOrganization", wantBase: srv.URL},
		{name: "trailing slash", base: srv.URL + "/", wantPath: "/locks/5/SetOrganization", wantBase: srv.URL},
		{name: "path prefix", base: srv.URL + "/api", wantPath: "/api/locks/5/SetOrganization", wantBase: srv.URL + "/api"},
		{name: "path prefix with trailing slash", base: srv.URL + "/api/", wantPath: "/api/locks/5/SetOrganization", wantBase: srv.URL + "/api"},
		{name: "nested prefix", base: srv.URL + "/v1/b2c//", wantPath: "/v1/b2c/locks/5/SetOrganization", wantBase: srv.URL + "/v1/b2c"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := newTestClient(t, tt.base, nil)
			if c.BaseURL() != tt.wantBase {
				t.Errorf("BaseURL() = %q, want %q", c.BaseURL(), tt.wantBase)
			}
			before := len(srv.recorded())
			if _, err := c.SetOrganization(context.Background(), 5, "o"); err != nil {
				t.Fatalf("SetOrganization: %v", err)
			}
			reqs := srv.recorded()
			if len(reqs) != before+1 {
				t.Fatalf("server saw %d new requests, want 1", len(reqs)-before)
			}
			if got := reqs[len(reqs)-1].Path; got != tt.wantPath {
				t.Errorf("path = %q, want %q", got, tt.wantPath)
			}
		})
	}
}

func TestInvalidLockIDSendsNothing(t *testing.T) {
	t.Parallel()
	srv := newStubServer(t, fixed(http.StatusOK, `{}`))
	c := newTestClient(t, srv.URL, nil)
	for _, id := range []int64{0, -1} {
		t.Run(fmt.Sprint(id), func(t *testing.T) {
			if _, err := c.SetOrganization(context.Background(), id, "o"); err == nil {
				t.Error("SetOrganization accepted a non-positive lock id")
			}
			if _, err := c.LockBasicInfo(context.Background(), id); err == nil {
				t.Error("LockBasicInfo accepted a non-positive lock id")
			}
		})
	}
	if srv.count() != 0 {
		t.Errorf("server saw %d requests, want 0", srv.count())
	}
}

func TestNew(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		cfg     Config
		wantErr string
	}{
		{name: "no credentials", cfg: Config{BaseURL: "https://api.spkey.co"}, wantErr: "no credentials"},
		{name: "bad base URL", cfg: Config{BaseURL: "http://example.com", Token: "t"}, wantErr: "not loopback"},
		{name: "empty base URL", cfg: Config{Token: "t"}, wantErr: "not an absolute URL"},
		{name: "token only", cfg: Config{BaseURL: "https://api.spkey.co", Token: "t"}},
		{name: "key only", cfg: Config{BaseURL: "https://api.spkey.co", APIKey: "k"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c, err := New(tt.cfg)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("New error = %v, want one containing %q", err, tt.wantErr)
				}
				if c != nil {
					t.Error("New returned a client along with an error")
				}
				return
			}
			if err != nil {
				t.Fatalf("New: %v", err)
			}
			if c.MaxConcurrency() != DefaultMaxConcurrency {
				t.Errorf("MaxConcurrency() = %d, want the default %d", c.MaxConcurrency(), DefaultMaxConcurrency)
			}
		})
	}
}

func TestNewDefaults(t *testing.T) {
	t.Parallel()
	c, err := New(Config{BaseURL: "https://api.spkey.co/", Token: "t", MaxRetries: -1, MaxConcurrency: 3})
	if err != nil {
		t.Fatal(err)
	}
	if c.retry.maxRetries != DefaultMaxRetries {
		t.Errorf("RetryMax = %d, want %d for a negative MaxRetries", c.retry.maxRetries, DefaultMaxRetries)
	}
	if c.retry.waitMin != DefaultRetryWaitMin || c.retry.waitMax != DefaultRetryWaitMax {
		t.Errorf("waits = %v..%v, want the defaults", c.retry.waitMin, c.retry.waitMax)
	}
	at := senderOf(t, c)
	if at.timeout != DefaultRequestTimeout {
		t.Errorf("timeout = %v, want %v", at.timeout, DefaultRequestTimeout)
	}
	if at.rate.lim.Limit() != rate.Inf {
		t.Errorf("the rate is %v without RequestsPerSecond, want unlimited", at.rate.lim.Limit())
	}
	if c.MaxConcurrency() != 3 {
		t.Errorf("MaxConcurrency() = %d, want 3", c.MaxConcurrency())
	}
	if c.BaseURL() != "https://api.spkey.co" {
		t.Errorf("BaseURL() = %q", c.BaseURL())
	}
}

func TestParseBaseURL(t *testing.T) {
	t.Parallel()
	tests := []struct {
		raw  string
		ok   bool
		host string
	}{
		{raw: "https://api.spkey.co", ok: true, host: "api.spkey.co"},
		{raw: "https://api.spkey.co/", ok: true, host: "api.spkey.co"},
		{raw: "https://b2c-api.spk-stage.workers.dev/api/", ok: true, host: "b2c-api.spk-stage.workers.dev"},
		{raw: "  https://api.spkey.co  ", ok: true, host: "api.spkey.co"},
		{raw: "http://localhost:8787", ok: true, host: "localhost"},
		{raw: "http://LOCALHOST:8787", ok: true, host: "LOCALHOST"},
		{raw: "http://127.0.0.5", ok: true, host: "127.0.0.5"},
		{raw: "http://127.0.0.1:8787/", ok: true, host: "127.0.0.1"},
		{raw: "http://[::1]:8787", ok: true, host: "::1"},
		{raw: "http://example.com"},
		{raw: "http://10.0.0.1:8787"},
		{raw: "http://localhost.example.com"},
		{raw: "http://127.0.0.1.nip.io"},
		{raw: "ftp://api.spkey.co"},
		{raw: "file:///etc/passwd"},
		{raw: "api.spkey.co"},
		{raw: "/locks"},
		{raw: "//api.spkey.co"},
		{raw: "https://user:pass@api.spkey.co"}, //nolint:gosec // G101: a fake credential in a URL the test expects ParseBaseURL to reject.
		{raw: "https://user@api.spkey.co"},
		{raw: "http://user:pass@localhost:8787"}, //nolint:gosec // G101: a fake credential in a URL the test expects ParseBaseURL to reject.
		{raw: "http://user:pass@example.com"},    //nolint:gosec // G101: a fake credential in a URL the test expects ParseBaseURL to reject.
		{raw: "ftp://user:pass@api.spkey.co"},    //nolint:gosec // G101: a fake credential in a URL the test expects ParseBaseURL to reject.
		{raw: "//user:pass@api.spkey.co"},
		{raw: "https://user:pass@api.spkey.co/?x=1"}, //nolint:gosec // G101: a fake credential in a URL the test expects ParseBaseURL to reject.
		{raw: "https://api.spkey.co/?x=1"},
		{raw: "https://api.spkey.co?"},
		{raw: "https://api.spkey.co#frag"},
		{raw: "https://:443"},
		{raw: "https://"},
		{raw: ""},
		{raw: "https://api.spkey.co/%zz"},
	}
	for _, tt := range tests {
		t.Run(tt.raw, func(t *testing.T) {
			t.Parallel()
			u, err := ParseBaseURL(tt.raw)
			if !tt.ok {
				if err == nil {
					t.Fatalf("ParseBaseURL(%q) = %v, want an error", tt.raw, u)
				}
				if strings.Contains(err.Error(), "pass@") {
					t.Errorf("error repeats the credentials: %v", err)
				}
				return
			}
			if err != nil {
				t.Fatalf("ParseBaseURL(%q): %v", tt.raw, err)
			}
			if u.Hostname() != tt.host {
				t.Errorf("host = %q, want %q", u.Hostname(), tt.host)
			}
		})
	}
}

func TestIsLoopback(t *testing.T) {
	t.Parallel()
	tests := map[string]bool{
		"localhost": true, "LocalHost": true, "127.0.0.1": true, "127.255.0.9": true, "::1": true,
		"": false, "example.com": false, "128.0.0.1": false, "::2": false, "0.0.0.0": false,
	}
	for host, want := range tests {
		if got := IsLoopback(host); got != want {
			t.Errorf("IsLoopback(%q) = %v, want %v", host, got, want)
		}
	}
}

func TestRedirectNotFollowed(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		status int
	}{
		{name: "301", status: http.StatusMovedPermanently},
		{name: "302", status: http.StatusFound},
		{name: "307", status: http.StatusTemporaryRedirect},
		{name: "308", status: http.StatusPermanentRedirect},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var hits atomic.Int64
			target := httptest.NewServer(mustNotBeCalled(t, &hits))
			t.Cleanup(target.Close)
			srv := newStubServer(t, func(w http.ResponseWriter, r *http.Request, _ int) {
				http.Redirect(w, r, target.URL+r.URL.Path, tt.status)
			})
			c := newTestClient(t, srv.URL, nil)

			_, err := c.SetOrganization(context.Background(), 3, "o")
			var apiErr *APIError
			if !errors.As(err, &apiErr) {
				t.Fatalf("SetOrganization error = %v, want an *APIError", err)
			}
			// The redirect target is the client's report, not the API's
			// words, so it is in Location and the error's text, not Message.
			if apiErr.StatusCode != tt.status || !strings.HasPrefix(apiErr.Location, target.URL) || !strings.Contains(err.Error(), target.URL) {
				t.Errorf("APIError = %+v, want status %d naming %s", apiErr, tt.status, target.URL)
			}
			_, err = c.LockBasicInfo(context.Background(), 3)
			if !errors.As(err, &apiErr) || apiErr.StatusCode != tt.status {
				t.Errorf("LockBasicInfo error = %v, want an *APIError with status %d", err, tt.status)
			}
			if srv.count() != 2 {
				t.Errorf("API saw %d requests, want 2 (no retries)", srv.count())
			}
			if hits.Load() != 0 {
				t.Errorf("redirect target received %d requests", hits.Load())
			}
		})
	}
}

func TestRedactsEchoedSecrets(t *testing.T) {
	t.Parallel()
	echo := "Invalid token " + testToken + " and key " + testKey
	tests := []struct {
		name   string
		status int
		ct     string
		body   string
		call   string
		// quiet is set when the error does not quote the body at all.
		quiet bool
	}{
		{name: "json message", status: http.StatusUnauthorized, ct: "application/json",
			body: `{"success":false,"error":"Unauthorized ` + testKey + `","message":"` + echo + `","code":401}`},
		{name: "errors array", status: http.StatusNotFound, ct: "application/json",
			body: `{"success":false,"errors":[{"code":404,"message":"` + echo + `"}]}`, call: "basic-info"},
		{name: "html page", status: http.StatusBadGateway, ct: "text/html",
			body: "<html><body><pre>Authorization: Bearer " + testToken + "\nX-API-Key: " + testKey + "</pre></body></html>"},
		{name: "html page cut in a secret", status: http.StatusInternalServerError, ct: "text/html",
			body: "<html>" + strings.Repeat("x", 90) + " Bearer " + testToken + "</html>"},
		{name: "redirect location", status: http.StatusFound, ct: "text/html",
			body: "moved"},
		{name: "200 success false", status: http.StatusOK, ct: "application/json",
			body: `{"success":false,"error":"Bad ` + testKey + `","message":"` + echo + `"}`},
		{name: "200 not JSON", status: http.StatusOK, ct: "text/html",
			body: "<html>" + strings.Repeat("y", 30) + " Bearer " + testToken + "</html>"},
		{name: "200 wrong type", status: http.StatusOK, ct: "application/json",
			body: `{"success":true,"aggregateId":"1","version":"` + testToken + `"}`, quiet: true},
		{name: "basic-info 200 not an object", status: http.StatusOK, ct: "application/json",
			body: `"` + testToken + `"`, call: "basic-info"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			srv := newStubServer(t, func(w http.ResponseWriter, _ *http.Request, _ int) {
				w.Header().Set("Content-Type", tt.ct)
				if tt.status == http.StatusFound {
					w.Header().Set("Location", "https://evil.example/?key="+testKey)
				}
				w.WriteHeader(tt.status)
				_, _ = fmt.Fprint(w, tt.body)
			})
			c := newTestClient(t, srv.URL, func(cfg *Config) { cfg.MaxRetries = 0 })
			var err error
			if tt.call == "basic-info" {
				_, err = c.LockBasicInfo(context.Background(), 1)
			} else {
				_, err = c.SetOrganization(context.Background(), 1, "o")
			}
			if err == nil {
				t.Fatal("no error")
			}
			assertNoSecret(t, "error", err.Error())
			if !tt.quiet && !strings.Contains(err.Error(), "[redacted]") {
				t.Errorf("error %q does not say what was redacted", err)
			}
			var apiErr *APIError
			if errors.As(err, &apiErr) {
				assertNoSecret(t, "APIError.Title", apiErr.Title)
				assertNoSecret(t, "APIError.Message", apiErr.Message)
			}
		})
	}
}

func TestLogging(t *testing.T) {
	t.Parallel()
	srv := newStubServer(t, func(w http.ResponseWriter, r *http.Request, n int) {
		if n <= 2 {
			w.WriteHeader(http.StatusServiceUnavailable)
			_, _ = fmt.Fprint(w, `{"success":false,"error":"Service Unavailable","message":"echo `+r.Header.Get("X-API-Key")+`"}`)
			return
		}
		if n == 3 {
			hangUp(t, w)
			return
		}
		fixed(http.StatusOK, `{"success":true,"aggregateId":"8","version":3,"event":null}`)(w, r, n)
	})
	logger := &fakeLogger{}
	c := newTestClient(t, srv.URL, func(cfg *Config) { cfg.Logger = logger })
	if _, err := c.SetOrganization(context.Background(), 8, "o"); err != nil {
		t.Fatalf("SetOrganization: %v", err)
	}
	lines := logger.all()
	var attempts []logLine
	for _, l := range lines {
		if l.Level == "debug" {
			attempts = append(attempts, l)
		}
		assertNoSecret(t, "log message", l.Msg)
		for k, v := range l.Fields {
			assertNoSecret(t, "log field "+k, fmt.Sprint(v))
		}
	}
	if len(attempts) != 4 {
		t.Fatalf("got %d debug lines, want one per attempt (4): %+v", len(attempts), lines)
	}
	wantStatus := []any{503, 503, nil, 200}
	for i, l := range attempts {
		if l.Fields["method"] != http.MethodPost || l.Fields["path"] != "/locks/8/SetOrganization" {
			t.Errorf("line %d: method/path = %v %v", i, l.Fields["method"], l.Fields["path"])
		}
		if fmt.Sprint(l.Fields["attempt"]) != fmt.Sprint(i+1) {
			t.Errorf("line %d: attempt = %v, want %d", i, l.Fields["attempt"], i+1)
		}
		if _, ok := l.Fields["duration_ms"]; !ok {
			t.Errorf("line %d has no duration_ms", i)
		}
		if wantStatus[i] == nil {
			if _, ok := l.Fields["error"]; !ok {
				t.Errorf("line %d: a failed attempt has no error field: %v", i, l.Fields)
			}
			continue
		}
		if l.Fields["status"] != wantStatus[i] {
			t.Errorf("line %d: status = %v, want %v", i, l.Fields["status"], wantStatus[i])
		}
	}
	var warns int
	for _, l := range lines {
		if l.Level == "warn" {
			warns++
		}
	}
	if warns != 3 {
		t.Errorf("got %d warn lines, want one per retry decision (3)", warns)
	}
	if c.Requests() != 4 {
		t.Errorf("Requests() = %d, want 4", c.Requests())
	}
}

func TestCheckCredential(t *testing.T) {
	t.Parallel()
	const secretish = "zq7-abcdef0123456789"
	tests := []struct {
		name, value, want string
	}{
		{name: "fine", value: secretish},
		{name: "empty", value: ""},
		{name: "trailing newline", value: secretish + "\n", want: "U+000A"},
		{name: "carriage return", value: secretish + "\r\n", want: "U+000D"},
		{name: "tab inside", value: "zq7\tx", want: "U+0009"},
		{name: "NUL", value: "zq7\x00", want: "U+0000"},
		{name: "leading space", value: " " + secretish, want: "white space"},
		{name: "trailing space", value: secretish + " ", want: "white space"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			err := CheckCredential(tt.value)
			if tt.want == "" {
				if err != nil {
					t.Errorf("CheckCredential = %v, want nil", err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.want) || !errors.Is(err, ErrInvalidCredential) {
				t.Fatalf("CheckCredential = %v, want an ErrInvalidCredential naming %q", err, tt.want)
			}
			if strings.Contains(err.Error(), "abcdef") || strings.Contains(err.Error(), "zq7") {
				t.Errorf("the error quotes the value: %v", err)
			}
		})
	}
}

// TestUnsendableCredentialIsRefusedAtOnce: a token read from a file with
// its newline fails New, before any request (issue 11 item 2).
func TestUnsendableCredentialIsRefusedAtOnce(t *testing.T) {
	t.Parallel()
	srv := newStubServer(t, fixed(200, `{}`))
	for _, edit := range []func(*Config){
		func(cfg *Config) { cfg.Token = testToken + "\n" },
		func(cfg *Config) { cfg.APIKey = testKey + "\r\n" },
	} {
		cfg := testConfig(srv.URL)
		edit(&cfg)
		c, err := New(cfg)
		if c != nil || !errors.Is(err, ErrInvalidCredential) || !strings.Contains(err.Error(), "cannot be sent") {
			t.Errorf("New = %v, %v; want no client and an ErrInvalidCredential", c, err)
		}
		if err != nil {
			assertNoSecret(t, "error", err.Error())
		}
	}
	if srv.count() != 0 {
		t.Errorf("server saw %d requests", srv.count())
	}
}

func TestUserAgentAppend(t *testing.T) {
	tests := []struct {
		name, env, want string
		wantErr         bool
	}{
		{name: "unset", want: "spkey-test/1.0"},
		{name: "appended and trimmed", env: "  ci-pipeline/3 (run 42)\n", want: "spkey-test/1.0 ci-pipeline/3 (run 42)"},
		{name: "blank", env: "   ", want: "spkey-test/1.0"},
		{name: "control character", env: "a\x01b", wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Setenv("TF_APPEND_USER_AGENT", tt.env)
			srv := newStubServer(t, answerInfoFunc)
			c, err := New(testConfig(srv.URL))
			if tt.wantErr {
				if err == nil || !strings.Contains(err.Error(), "TF_APPEND_USER_AGENT") {
					t.Errorf("New error = %v, want one naming TF_APPEND_USER_AGENT", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if _, err := c.LockBasicInfo(context.Background(), 1); err != nil {
				t.Fatal(err)
			}
			if got := srv.recorded()[0].Header.Get("User-Agent"); got != tt.want {
				t.Errorf("User-Agent = %q, want %q", got, tt.want)
			}
		})
	}
}
