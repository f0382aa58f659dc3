package client

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/smartphonekey/terraform-provider-spkey/internal/spkeytest"
)

func TestErrorMapping(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name        string
		status      int
		ct          string
		body        string
		basicInfo   bool
		wantTitle   string
		wantMessage string
		wantIs      error
	}{
		{name: "401", status: 401, ct: "application/json",
			body:      `{"success":false,"error":"Unauthorized","message":"Authentication required. Please provide a valid API token","code":401}`,
			wantTitle: "Unauthorized", wantMessage: "Authentication required. Please provide a valid API token", wantIs: ErrUnauthorized},
		{name: "401 on basic-info", status: 401, ct: "application/json", basicInfo: true,
			body:      `{"success":false,"error":"Unauthorized","message":"Authentication required. Please provide a valid API token","code":401}`,
			wantTitle: "Unauthorized", wantMessage: "Authentication required", wantIs: ErrUnauthorized},
		{name: "403", status: 403, ct: "application/json",
			body:      `{"success":false,"error":"Forbidden","message":"The API key's organization does not own this lock","code":403}`,
			wantTitle: "Forbidden", wantMessage: "does not own this lock", wantIs: ErrForbidden},
		{name: "SetOrganization 404", status: 404, ct: "application/json",
			body:      `{"success":false,"error":"Not Found","message":"The requested resource was not found","code":404}`,
			wantTitle: "Not Found", wantMessage: "The requested resource was not found", wantIs: ErrNotFound},
		{name: "basic-info 404", status: 404, ct: "application/json", basicInfo: true,
			body:        `{"success":false,"errors":[{"code":404,"message":"Lock 77 not found"},{"code":404,"message":"second"}]}`,
			wantMessage: "Lock 77 not found", wantIs: ErrNotFound},
		// Not the API's own "not found" shape (issue 11 item 1).
		{name: "404 without body", status: 404, wantIs: ErrNotSpkeyAPI},
		{name: "400", status: 400, ct: "application/json",
			body:      `{"success":false,"error":"Bad Request","message":"orgId is required","code":400}`,
			wantTitle: "Bad Request", wantMessage: "orgId is required"},
		{name: "409", status: 409, ct: "application/json",
			body:      `{"success":false,"error":"Conflict","message":"Concurrent modification","code":409}`,
			wantTitle: "Conflict", wantMessage: "Concurrent modification"},
		{name: "HTML 500", status: 500, ct: "text/html; charset=utf-8",
			body:        "<!DOCTYPE html>\n<html><head><title>500 Internal Server Error</title></head>\n<body><h1>Internal Server Error</h1></body></html>\n",
			wantMessage: `unexpected text/html response: "<!DOCTYPE html> <html><head><title>500 Internal Server Error`},
		{name: "long HTML is cut", status: 500, ct: "text/html",
			body:        "<html>" + strings.Repeat("a", 500) + "</html>",
			wantMessage: "aaa...\""},
		{name: "plain text without content type", status: 500,
			body:        "upstream connect error",
			wantMessage: `unexpected non-JSON response: "upstream connect error"`},
		{name: "JSON of another shape", status: 500, ct: "application/json",
			body:        `{"oops":true}`,
			wantMessage: `unexpected application/json response: "{\"oops\":true}"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			srv := newStubServer(t, func(w http.ResponseWriter, _ *http.Request, _ int) {
				if tt.ct != "" {
					w.Header().Set("Content-Type", tt.ct)
				} else {
					// No Content-Type at all: stop net/http sniffing one.
					w.Header()["Content-Type"] = nil
				}
				w.WriteHeader(tt.status)
				_, _ = fmt.Fprint(w, tt.body)
			})
			c := newTestClient(t, srv.URL, nil)
			var err error
			method, path := http.MethodPost, "/locks/77/SetOrganization"
			if tt.basicInfo {
				method, path = http.MethodGet, "/locks/77/basic-info"
				_, err = c.LockBasicInfo(context.Background(), 77)
			} else {
				_, err = c.SetOrganization(context.Background(), 77, "o")
			}
			var apiErr *APIError
			if !errors.As(err, &apiErr) {
				t.Fatalf("error = %v (%T), want an *APIError", err, err)
			}
			if apiErr.StatusCode != tt.status || apiErr.Title != tt.wantTitle || !strings.Contains(apiErr.Message, tt.wantMessage) {
				t.Errorf("APIError = status %d title %q message %q, want %d %q containing %q",
					apiErr.StatusCode, apiErr.Title, apiErr.Message, tt.status, tt.wantTitle, tt.wantMessage)
			}
			if tt.wantMessage == "" && apiErr.Message != "" {
				t.Errorf("Message = %q, want empty", apiErr.Message)
			}
			if apiErr.Method != method || apiErr.Path != path || apiErr.Attempts != 1 {
				t.Errorf("APIError = %s %s after %d attempts, want %s %s after 1", apiErr.Method, apiErr.Path, apiErr.Attempts, method, path)
			}
			for _, sentinel := range []error{ErrNotFound, ErrUnauthorized, ErrForbidden, ErrRateLimited, ErrNotSpkeyAPI, ErrRetriesExhausted} {
				if got, want := errors.Is(err, sentinel), errors.Is(sentinel, tt.wantIs); got != want {
					t.Errorf("errors.Is(err, %v) = %v, want %v", sentinel, got, want)
				}
			}
			if srv.count() != 1 {
				t.Errorf("server saw %d requests, want 1 (not retried)", srv.count())
			}
		})
	}
}

func TestMockErrorShapes(t *testing.T) {
	t.Parallel()
	srv := spkeytest.NewTestServer(t, spkeytest.Options{Token: testToken, APIKey: testKey, APIKeyOrg: "org-own", Locks: []int64{1}})
	srv.AddLock(2, "org-other")
	good := newTestClient(t, srv.URL, nil)
	wrong := newTestClient(t, srv.URL, func(cfg *Config) { cfg.Token, cfg.APIKey = "", "wrong-key-000000000000" })
	keyOnly := newTestClient(t, srv.URL, func(cfg *Config) { cfg.Token = "" })

	tests := []struct {
		name    string
		call    func() error
		status  int
		is      error
		message string
	}{
		{name: "SetOrganization unknown lock", status: 404, is: ErrNotFound, message: "The requested resource was not found",
			call: func() error { _, err := good.SetOrganization(context.Background(), 99, "o"); return err }},
		{name: "basic-info unknown lock", status: 404, is: ErrNotFound, message: "Lock 99 not found",
			call: func() error { _, err := good.LockBasicInfo(context.Background(), 99); return err }},
		{name: "wrong credentials", status: 401, is: ErrUnauthorized, message: "Authentication required",
			call: func() error { _, err := wrong.SetOrganization(context.Background(), 1, "o"); return err }},
		{name: "wrong credentials basic-info", status: 401, is: ErrUnauthorized, message: "Authentication required",
			call: func() error { _, err := wrong.LockBasicInfo(context.Background(), 1); return err }},
		{name: "key of another org", status: 403, is: ErrForbidden, message: "does not own this lock",
			call: func() error { _, err := keyOnly.SetOrganization(context.Background(), 2, "org-own"); return err }},
		{name: "key of another org basic-info", status: 403, is: ErrForbidden, message: "does not own this lock",
			call: func() error { _, err := keyOnly.LockBasicInfo(context.Background(), 2); return err }},
		{name: "empty orgId", status: 400, message: "orgId must not be empty",
			call: func() error { _, err := good.SetOrganization(context.Background(), 1, " "); return err }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.call()
			var apiErr *APIError
			if !errors.As(err, &apiErr) {
				t.Fatalf("error = %v (%T), want an *APIError", err, err)
			}
			if apiErr.StatusCode != tt.status || !strings.Contains(apiErr.Message, tt.message) {
				t.Errorf("APIError = %d %q, want %d containing %q", apiErr.StatusCode, apiErr.Message, tt.status, tt.message)
			}
			if tt.is != nil && !errors.Is(err, tt.is) {
				t.Errorf("errors.Is(err, %v) = false", tt.is)
			}
		})
	}
}

func TestAPIErrorText(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		err  error
		want string
	}{
		{name: "title equal to status text is not repeated",
			err:  &APIError{Method: "POST", Path: "/locks/1/SetOrganization", StatusCode: 404, Title: "Not Found", Message: "gone", Attempts: 1},
			want: "POST /locks/1/SetOrganization: HTTP 404 Not Found: gone"},
		{name: "other title shown",
			err:  &APIError{Method: "POST", Path: "/p", StatusCode: 200, Title: "Conflict", Message: "rejected", Attempts: 1},
			want: "POST /p: HTTP 200 OK (Conflict): rejected"},
		{name: "attempts",
			err:  &APIError{Method: "GET", Path: "/p", StatusCode: 503, Attempts: 4},
			want: "GET /p: HTTP 503 Service Unavailable (gave up after 4 attempts)"},
		{name: "unknown status",
			err:  &APIError{Method: "GET", Path: "/p", StatusCode: 599},
			want: "GET /p: HTTP 599"},
		{name: "request error single",
			err:  &RequestError{Method: "GET", Path: "/p", Attempts: 1, Err: errors.New("boom")},
			want: "GET /p: boom"},
		{name: "request error attempts",
			err:  &RequestError{Method: "GET", Path: "/p", Attempts: 3, Err: errors.New("boom")},
			want: "GET /p: gave up after 3 attempts: boom"},
		{name: "decode error",
			err:  &DecodeError{Method: "GET", Path: "/p", StatusCode: 200, Err: errors.New("empty body")},
			want: "GET /p: HTTP 200 with an unusable response body: empty body"},
		{name: "attempt timeout",
			err:  &AttemptTimeoutError{Timeout: "1s"},
			want: "no complete response within the per-attempt timeout of 1s"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := tt.err.Error(); got != tt.want {
				t.Errorf("Error() = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestAPIErrorIs(t *testing.T) {
	t.Parallel()
	tests := []struct {
		status int
		want   error
	}{
		{401, ErrUnauthorized}, {403, ErrForbidden}, {404, ErrNotFound}, {429, ErrRateLimited}, {400, nil}, {500, nil}, {200, nil},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprint(tt.status), func(t *testing.T) {
			t.Parallel()
			err := fmt.Errorf("wrapped: %w", &APIError{StatusCode: tt.status})
			for _, sentinel := range []error{ErrNotFound, ErrUnauthorized, ErrForbidden, ErrRateLimited} {
				if got := errors.Is(err, sentinel); got != errors.Is(sentinel, tt.want) {
					t.Errorf("errors.Is(%d, %v) = %v", tt.status, sentinel, got)
				}
			}
		})
	}
}

func TestExcerpt(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in   string
		n    int
		want string
	}{
		{in: "short", n: 10, want: "short"},
		{in: "exactly10!", n: 10, want: "exactly10!"},
		{in: "longer than ten", n: 10, want: "longer tha..."},
		{in: "  lead\n\n\tand   runs  ", n: 50, want: "lead and runs "},
		// Control characters and terminal escapes show escaped, never raw.
		{in: "a\x00\x01b", n: 10, want: `a\x00\x01b`},
		{in: "\x1b[2J\x1b[31mError: fake", n: 50, want: `\x1b[2J\x1b[31mError: fake`},
		{in: "user\u202egnp.exe", n: 50, want: `user\u202egnp.exe`},
		{in: "bad \xff byte", n: 50, want: `bad \xff byte`},
		{in: "line\u2028separator", n: 50, want: "line separator"},
		{in: "héllo wörld", n: 4, want: "héll..."},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			t.Parallel()
			if got := excerpt([]byte(tt.in), tt.n); got != tt.want {
				t.Errorf("excerpt(%q, %d) = %q, want %q", tt.in, tt.n, got, tt.want)
			}
		})
	}
}
