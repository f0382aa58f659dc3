package client

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"testing"
)

// calls runs each lock operation against a client, for tests that check
// every endpoint alike.
var calls = map[string]func(c *Client, lockID int64) error{
	"SetOrganization": func(c *Client, id int64) error {
		_, err := c.SetOrganization(context.Background(), id, "o")
		return err
	},
	"SetOwner": func(c *Client, id int64) error {
		_, err := c.SetOwner(context.Background(), id, "6b1e0c6e-0d3b-4f57-9d8c-7b6a5f4e3d2c")
		return err
	},
	"basic-info": func(c *Client, id int64) error { _, err := c.LockBasicInfo(context.Background(), id); return err },
	"events":     func(c *Client, id int64) error { _, err := c.LockEvents(context.Background(), id, 0); return err },
}

// TestOnlyTheAPIsOwnNotFound: a 404 means "the lock is gone" only in the
// operation's documented shape (issue 11 item 1); any other 404 says the
// server does not look like the API.
func TestOnlyTheAPIsOwnNotFound(t *testing.T) {
	t.Parallel()
	const (
		commandShape = `{"success":false,"error":"Not Found","message":"The requested resource was not found","code":404}`
		infoShape    = `{"success":false,"errors":[{"code":404,"message":"Lock 7 not found"}]}`
	)
	tests := []struct {
		name, ct, body string
		// gone lists the operations for which the body is their own 404.
		gone []string
	}{
		{name: "command shape", ct: "application/json", body: commandShape, gone: []string{"SetOrganization", "SetOwner", "events"}},
		{name: "command shape without code", ct: "application/json", body: `{"success":false,"error":"Not Found","message":"gone"}`,
			gone: []string{"SetOrganization", "SetOwner", "events"}},
		{name: "basic-info shape", ct: "application/json", body: infoShape, gone: []string{"basic-info"}},
		{name: "basic-info shape, another code", ct: "application/json", body: `{"success":false,"errors":[{"code":500,"message":"x"}]}`},
		{name: "command shape, another code", ct: "application/json", body: `{"success":false,"error":"Not Found","message":"x","code":400}`},
		{name: "success true", ct: "application/json", body: `{"success":true,"error":"Not Found","message":"x"}`},
		{name: "html page", ct: "text/html", body: "<html><body><h1>404 Not Found</h1>nginx</body></html>"},
		{name: "JSON of another shape", ct: "application/json", body: `{"detail":"Not Found"}`},
		{name: "empty", body: ""},
	}
	for _, tt := range tests {
		for op, call := range calls {
			t.Run(tt.name+" "+op, func(t *testing.T) {
				t.Parallel()
				srv := newStubServer(t, func(w http.ResponseWriter, _ *http.Request, _ int) {
					w.Header()["Content-Type"] = []string{tt.ct}
					w.WriteHeader(http.StatusNotFound)
					_, _ = fmt.Fprint(w, tt.body)
				})
				c := newTestClient(t, srv.URL+"/v2", nil)
				err := call(c, 7)
				var apiErr *APIError
				if !errors.As(err, &apiErr) || apiErr.StatusCode != http.StatusNotFound || apiErr.Attempts != 1 {
					t.Fatalf("error = %v, want a 404 *APIError after 1 attempt", err)
				}
				gone := false
				for _, g := range tt.gone {
					gone = gone || g == op
				}
				if errors.Is(err, ErrNotFound) != gone || errors.Is(err, ErrNotSpkeyAPI) == gone {
					t.Errorf("ErrNotFound %v, ErrNotSpkeyAPI %v; want %v, %v", errors.Is(err, ErrNotFound), errors.Is(err, ErrNotSpkeyAPI), gone, !gone)
				}
				if !gone && (!strings.Contains(err.Error(), srv.URL+"/v2 does not look like the SmartphoneKey API") ||
					!strings.Contains(apiErr.Hint, "check base_url, its path prefix, and any proxy")) {
					t.Errorf("error %q does not name base_url and what to check", err)
				}
			})
		}
	}
}

// TestAnswerAboutAnotherLock: an answer that names another lock is not
// recorded (issue 11 item 5).
func TestAnswerAboutAnotherLock(t *testing.T) {
	t.Parallel()
	tests := []struct {
		op, body string
		ok       bool
	}{
		{op: "SetOrganization", body: `{"success":true,"aggregateId":"999","version":2,"event":null}`},
		{op: "SetOrganization", body: `{"success":true,"aggregateId":"026","version":2,"event":null}`},
		{op: "SetOwner", body: `{"success":true,"aggregateId":"999","version":2,"event":null}`},
		{op: "basic-info", body: `{"id":"26","lockId":999,"uuid":"u","version":1,"r2Prefix":"p"}`},
		{op: "basic-info", body: `{"id":"26","lockId":26.0,"uuid":"u","version":1,"r2Prefix":"p"}`, ok: true},
		{op: "basic-info", body: `{"id":"26","lockId":2.6e1,"uuid":"u","version":1,"r2Prefix":"p"}`, ok: true},
		{op: "events", body: `{"aggregateId":"999","totalEvents":0,"page":1,"pageSize":10,"totalPages":1,"events":[]}`},
	}
	for _, tt := range tests {
		t.Run(tt.op+" "+tt.body, func(t *testing.T) {
			t.Parallel()
			srv := newStubServer(t, fixed(http.StatusOK, tt.body))
			c := newTestClient(t, srv.URL, nil)
			err := calls[tt.op](c, 26)
			if tt.ok {
				if err != nil {
					t.Fatalf("error = %v for an answer about lock 26", err)
				}
				return
			}
			var decErr *DecodeError
			if !errors.As(err, &decErr) || !errors.Is(err, ErrOtherLock) || !strings.Contains(err.Error(), "not 26") {
				t.Errorf("error = %v, want a *DecodeError matching ErrOtherLock", err)
			}
			if srv.count() != 1 {
				t.Errorf("server saw %d requests, want 1", srv.count())
			}
		})
	}
}

func TestRedirectHint(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, base, path, location string
		want, notWant              string
	}{
		{name: "same host, new prefix", base: "https://api.spkey.co", path: "/locks/1/basic-info",
			location: "https://api.spkey.co/v2/locks/1/basic-info", want: "if the API lives at https://api.spkey.co/v2, set base_url to that"},
		{name: "relative", base: "https://api.spkey.co/v1", path: "/locks/1/basic-info",
			location: "/v2/locks/1/basic-info", want: "set base_url to that", notWant: "another host"},
		{name: "foreign host", base: "https://api.spkey.co", path: "/locks/1/basic-info",
			location: "https://evil.example/locks/1/basic-info", want: "redirected to another host, evil.example", notWant: "set base_url to"},
		{name: "same host, another path", base: "https://api.spkey.co", path: "/locks/1/basic-info",
			location: "https://api.spkey.co/login", want: "does not follow redirects", notWant: "set base_url to"},
		{name: "another port", base: "http://127.0.0.1:8787", path: "/locks/1/basic-info",
			location: "http://127.0.0.1:9999/locks/1/basic-info", want: "another host, 127.0.0.1:9999", notWant: "set base_url to"},
		{name: "no location", base: "https://api.spkey.co", path: "/locks/1/basic-info", want: "Check base_url"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got := redirectHint(tt.base, tt.path, tt.location)
			if !strings.Contains(got, tt.want) || (tt.notWant != "" && strings.Contains(got, tt.notWant)) {
				t.Errorf("redirectHint = %q, want it to contain %q and not %q", got, tt.want, tt.notWant)
			}
			if strings.Contains(got, "API said") {
				t.Errorf("redirectHint = %q labels the client's words as the API's", got)
			}
		})
	}
}

// TestRetriesExhausted: a call that failed on every attempt its retries
// allowed says so (issue 11 item 4); others do not.
func TestRetriesExhausted(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name       string
		answer     func(http.ResponseWriter, *http.Request, int)
		maxRetries int
		want       bool
	}{
		{name: "503 throughout", answer: failing(503), maxRetries: 2, want: true},
		{name: "429 without retries", answer: failing(429), want: true},
		{name: "drops throughout", answer: func(w http.ResponseWriter, _ *http.Request, _ int) { hangUp(t, w) }, maxRetries: 1, want: true},
		{name: "401", answer: failing(401), maxRetries: 2},
		{name: "403", answer: failing(403), maxRetries: 2},
		{name: "500", answer: failing(500), maxRetries: 2},
		{name: "unusable 200", answer: fixed(200, `{}`), maxRetries: 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			srv := newStubServer(t, tt.answer)
			c := newTestClient(t, srv.URL, func(cfg *Config) { cfg.MaxRetries = tt.maxRetries })
			err := calls["basic-info"](c, 1)
			if err == nil || errors.Is(err, ErrRetriesExhausted) != tt.want {
				t.Errorf("error = %v; errors.Is(err, ErrRetriesExhausted) = %v, want %v", err, errors.Is(err, ErrRetriesExhausted), tt.want)
			}
		})
	}
}
