package client

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/smartphonekey/terraform-provider-spkey/internal/spkeytest"
)

// TestMockFaults runs the client against every fault the mock injects and
// checks what a caller sees.
func TestMockFaults(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		// spec is the fault in spkey-mock -fault syntax.
		spec      string
		basicInfo bool
		// check inspects the call's outcome.
		check func(t *testing.T, err error, res *SetOrganizationResult)
		// wantRequests is how many requests reach the mock.
		wantRequests int
		wantOrg      string
		// timeout is the per-attempt timeout when not the default 5s.
		timeout time.Duration
	}{
		{name: "503 twice then success", spec: "kind=status,status=503,count=2", wantRequests: 3, wantOrg: "org-m",
			check: func(t *testing.T, err error, res *SetOrganizationResult) {
				if err != nil || res.Version != "2" || res.Event == nil {
					t.Errorf("result %+v, error %v; want version 2 with an event", res, err)
				}
			}},
		{name: "503 always", spec: "kind=status,status=503", wantRequests: 4,
			check: func(t *testing.T, err error, _ *SetOrganizationResult) {
				var apiErr *APIError
				if !errors.As(err, &apiErr) || apiErr.StatusCode != 503 || apiErr.Attempts != 4 || apiErr.Message != "Service temporarily unavailable" {
					t.Errorf("error = %#v, want a 503 after 4 attempts with the mock's message", err)
				}
			}},
		{name: "429 with a long Retry-After", spec: "kind=status,status=429,retry-after=30,count=1", wantRequests: 2, wantOrg: "org-m",
			check: func(t *testing.T, err error, _ *SetOrganizationResult) {
				if err != nil {
					t.Errorf("error = %v", err)
				}
			}},
		{name: "drop once", spec: "kind=drop,count=1", wantRequests: 2, wantOrg: "org-m",
			check: func(t *testing.T, err error, res *SetOrganizationResult) {
				if err != nil || res.Event == nil {
					t.Errorf("result %+v, error %v; want success with an event", res, err)
				}
			}},
		{name: "drop after applying", spec: "kind=drop,count=1,after=true", wantRequests: 2, wantOrg: "org-m",
			check: func(t *testing.T, err error, res *SetOrganizationResult) {
				// The first attempt changed the lock; the retry finds it done.
				if err != nil || res.Event != nil || res.Version != "2" {
					t.Errorf("result %+v, error %v; want version 2 without an event", res, err)
				}
			}},
		{name: "malformed", spec: "kind=malformed", wantRequests: 1,
			check: func(t *testing.T, err error, _ *SetOrganizationResult) {
				var decErr *DecodeError
				if !errors.As(err, &decErr) || !strings.Contains(err.Error(), "invalid JSON") {
					t.Errorf("error = %v, want a *DecodeError for invalid JSON", err)
				}
			}},
		{name: "success false", spec: "kind=success-false", wantRequests: 1,
			check: func(t *testing.T, err error, _ *SetOrganizationResult) {
				var apiErr *APIError
				if !errors.As(err, &apiErr) || apiErr.StatusCode != 200 || apiErr.Title != "Conflict" || !strings.Contains(apiErr.Message, "Injected failure") {
					t.Errorf("error = %#v, want a 200 APIError with the mock's message", err)
				}
			}},
		{name: "success false on basic-info", spec: "kind=success-false", basicInfo: true, wantRequests: 1,
			check: func(t *testing.T, err error, _ *SetOrganizationResult) {
				var apiErr *APIError
				if !errors.As(err, &apiErr) || apiErr.StatusCode != 200 || !strings.Contains(apiErr.Message, "Injected failure") {
					t.Errorf("error = %#v, want a 200 APIError with the mock's message", err)
				}
			}},
		{name: "html500", spec: "kind=html500", wantRequests: 1,
			check: func(t *testing.T, err error, _ *SetOrganizationResult) {
				var apiErr *APIError
				if !errors.As(err, &apiErr) || apiErr.StatusCode != 500 || !strings.Contains(apiErr.Message, "unexpected text/html response") ||
					!strings.Contains(apiErr.Message, "Internal Server Error") {
					t.Errorf("error = %#v, want a 500 quoting the page", err)
				}
			}},
		{name: "oversized", spec: "kind=oversized", wantRequests: 1,
			check: func(t *testing.T, err error, _ *SetOrganizationResult) {
				var reqErr *RequestError
				if !errors.As(err, &reqErr) || !errors.Is(err, errBodyTooLarge) {
					t.Errorf("error = %v, want a *RequestError for a body that is too large", err)
				}
			}},
		{name: "slow body once", spec: "kind=slow-body,slow-for=5s,count=1", wantRequests: 2, wantOrg: "org-m", timeout: 200 * time.Millisecond,
			check: func(t *testing.T, err error, _ *SetOrganizationResult) {
				if err != nil {
					t.Errorf("error = %v", err)
				}
			}},
		{name: "latency", spec: "kind=latency,latency=30ms", wantRequests: 1, wantOrg: "org-m",
			check: func(t *testing.T, err error, _ *SetOrganizationResult) {
				if err != nil {
					t.Errorf("error = %v", err)
				}
			}},
		{name: "string version", spec: `kind=body,body={"success":true,"aggregateId":"1","version":"7","event":null}`, wantRequests: 1,
			check: func(t *testing.T, err error, _ *SetOrganizationResult) {
				var decErr *DecodeError
				if !errors.As(err, &decErr) || !strings.Contains(err.Error(), `field "version"`) {
					t.Errorf("error = %v, want a *DecodeError naming version", err)
				}
			}},
		{name: "404 on basic-info", spec: "kind=status,status=404", basicInfo: true, wantRequests: 1,
			check: func(t *testing.T, err error, _ *SetOrganizationResult) {
				var apiErr *APIError
				if !errors.Is(err, ErrNotFound) || !errors.As(err, &apiErr) || apiErr.Message != "Injected failure" {
					t.Errorf("error = %v, want ErrNotFound with the mock's message", err)
				}
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			fault, err := spkeytest.ParseFault(tt.spec)
			if err != nil {
				t.Fatal(err)
			}
			srv := spkeytest.NewTestServer(t, spkeytest.Options{Token: testToken, Locks: []int64{1}, Faults: []spkeytest.Fault{fault}})
			c := newTestClient(t, srv.URL, func(cfg *Config) {
				cfg.APIKey = ""
				if tt.timeout > 0 {
					cfg.RequestTimeout = tt.timeout
				}
			})
			var res *SetOrganizationResult
			if tt.basicInfo {
				_, err = c.LockBasicInfo(context.Background(), 1)
			} else {
				res, err = c.SetOrganization(context.Background(), 1, "org-m")
			}
			tt.check(t, err, res)
			if n := len(srv.Requests()); n != tt.wantRequests {
				t.Errorf("mock saw %d requests, want %d", n, tt.wantRequests)
			}
			if l, _ := srv.Lock(1); l.OrgID != tt.wantOrg {
				t.Errorf("lock organization = %q, want %q", l.OrgID, tt.wantOrg)
			}
		})
	}
}
