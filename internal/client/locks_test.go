package client

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"reflect"
	"strings"
	"testing"
)

// bodyServer answers every request with the body (status 200, JSON) that
// bodies holds for the request's lock id, and counts the requests.
func bodyServer(t *testing.T, bodies map[int64]string) *stubServer {
	t.Helper()
	return newStubServer(t, func(w http.ResponseWriter, r *http.Request, _ int) {
		var id int64
		var op string
		if _, err := fmt.Sscanf(r.URL.Path, "/locks/%d/%s", &id, &op); err != nil {
			t.Errorf("unexpected path %q", r.URL.Path)
		}
		w.Header().Set("Content-Type", "application/json")
		_, _ = fmt.Fprint(w, bodies[id])
	})
}

func ptr(s string) *string { return &s }

// lockIDIn is the lockId a basic-info body names, or 5: the lock a test
// asks about, so that the answer is about the lock asked for.
func lockIDIn(body string) int64 {
	var id int64 = 5
	if _, after, ok := strings.Cut(body, `"lockId":`); ok {
		_, _ = fmt.Sscanf(after, "%d", &id)
	}
	return id
}

func TestSetOrganizationDecode(t *testing.T) {
	t.Parallel()
	event := `{"type":"OrganizationSet","data":{"lockId":123,"uuid":"u-1","timestamp":"2026-01-02T03:04:05Z","orgId":"org-1"}}`
	wantEvent := &OrganizationSetEvent{Type: "OrganizationSet", LockID: "123", UUID: "u-1", Timestamp: "2026-01-02T03:04:05Z", OrgID: "org-1"}
	tests := []struct {
		name string
		body string
		want *SetOrganizationResult
		// wantErr is a substring of the *DecodeError's text; "" means
		// success is expected.
		wantErr string
	}{
		{name: "integer version with event",
			body: `{"success":true,"aggregateId":"123","version":7,"event":` + event + `}`,
			want: &SetOrganizationResult{AggregateID: "123", Version: "7", Event: wantEvent}},
		{name: "documented placeholder version",
			body: `{"success": true, "aggregateId": "123", "version": 3.14, "event": null}`,
			want: &SetOrganizationResult{AggregateID: "123", Version: "3.14"}},
		{name: "large version keeps its digits",
			body: `{"success":true,"aggregateId":"123","version":9007199254740993,"event":null}`,
			want: &SetOrganizationResult{AggregateID: "123", Version: "9007199254740993"}},
		{name: "exponent version kept verbatim",
			body: `{"success":true,"aggregateId":"123","version":1e2}`,
			want: &SetOrganizationResult{AggregateID: "123", Version: "1e2"}},
		{name: "event null",
			body: `{"success":true,"aggregateId":"123","version":7,"event":null}`,
			want: &SetOrganizationResult{AggregateID: "123", Version: "7"}},
		{name: "event string null tolerated",
			body: `{"success":true,"aggregateId":"123","version":7,"event":"null"}`,
			want: &SetOrganizationResult{AggregateID: "123", Version: "7"}},
		{name: "event absent",
			body: `{"success":true,"aggregateId":"123","version":7}`,
			want: &SetOrganizationResult{AggregateID: "123", Version: "7"}},
		{name: "odd event ignored",
			body: `{"success":true,"aggregateId":"123","version":7,"event":{"type":"OrganizationSet","data":{"lockId":"123"}}}`,
			want: &SetOrganizationResult{AggregateID: "123", Version: "7"}},
		{name: "unknown fields allowed, whitespace around",
			body: "\n  {\"success\":true,\"aggregateId\":\"123\",\"version\":7,\"event\":null,\"extra\":[1,2]}  \n",
			want: &SetOrganizationResult{AggregateID: "123", Version: "7"}},
		{name: "version as string", body: `{"success":true,"aggregateId":"123","version":"7","event":null}`,
			wantErr: `field "version" has the wrong JSON type: want number, got string`},
		{name: "version as boolean", body: `{"success":true,"aggregateId":"123","version":true}`,
			wantErr: `field "version" has the wrong JSON type: want number, got boolean`},
		{name: "aggregateId as number", body: `{"success":true,"aggregateId":123,"version":7}`,
			wantErr: `field "aggregateId" has the wrong JSON type: want string`},
		{name: "success as string", body: `{"success":"true","aggregateId":"123","version":7}`,
			wantErr: `field "success" has the wrong JSON type: want boolean`},
		{name: "missing aggregateId", body: `{"success":true,"version":7,"event":null}`,
			wantErr: `"aggregateId" is missing`},
		{name: "null aggregateId", body: `{"success":true,"aggregateId":null,"version":7}`,
			wantErr: `"aggregateId" is missing or null`},
		{name: "missing version", body: `{"success":true,"aggregateId":"123","event":null}`,
			wantErr: `"version" is missing`},
		{name: "null version", body: `{"success":true,"aggregateId":"123","version":null}`,
			wantErr: `"version" is missing or null`},
		{name: "missing success", body: `{"aggregateId":"123","version":7,"event":null}`,
			wantErr: `"success" is missing`},
		{name: "array", body: `[{"success":true}]`, wantErr: "want a JSON object"},
		{name: "string", body: `"ok"`, wantErr: "want a JSON object"},
		{name: "null", body: `null`, wantErr: "want a JSON object"},
		{name: "number", body: `7`, wantErr: "want a JSON object"},
		{name: "html", body: `<html>ok</html>`, wantErr: "want a JSON object"},
		{name: "empty", body: ``, wantErr: "empty body"},
		{name: "blank", body: " \n\t", wantErr: "empty body"},
		{name: "truncated", body: `{"success":true,"aggregateId":"123","vers`, wantErr: "invalid JSON"},
		{name: "trailing garbage", body: `{"success":true,"aggregateId":"123","version":7} xyz`, wantErr: "after the JSON object"},
		{name: "second object", body: `{"success":true,"aggregateId":"123","version":7}{}`, wantErr: "after the JSON object"},
		{name: "trailing brace", body: `{"success":true,"aggregateId":"123","version":7}}`, wantErr: "after the JSON object"},
		{name: "trailing bracket", body: `{"success":true,"aggregateId":"123","version":7}]`, wantErr: "after the JSON object"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			// Every body is about lock 123: an answer about another lock is
			// refused (TestAnswerAboutAnotherLock).
			const id = 123
			srv := newStubServer(t, fixed(http.StatusOK, tt.body))
			c := newTestClient(t, srv.URL, nil)
			t.Cleanup(func() {
				// A body the client cannot use is never retried.
				if srv.count() != 1 {
					t.Errorf("server saw %d requests for 1 call: something was retried", srv.count())
				}
			})
			got, err := c.SetOrganization(context.Background(), id, "org-1")
			if tt.wantErr == "" {
				if err != nil {
					t.Fatalf("SetOrganization: %v", err)
				}
				if !reflect.DeepEqual(got, tt.want) {
					t.Errorf("result = %+v (event %+v), want %+v (event %+v)", got, got.Event, tt.want, tt.want.Event)
				}
				return
			}
			var decErr *DecodeError
			if !errors.As(err, &decErr) {
				t.Fatalf("error = %v (%T), want a *DecodeError", err, err)
			}
			if !strings.Contains(decErr.Error(), tt.wantErr) {
				t.Errorf("error = %q, want it to contain %q", decErr, tt.wantErr)
			}
			wantPath := fmt.Sprintf("/locks/%d/SetOrganization", id)
			if decErr.Method != http.MethodPost || decErr.Path != wantPath || decErr.StatusCode != http.StatusOK {
				t.Errorf("DecodeError = %s %s %d, want POST %s 200", decErr.Method, decErr.Path, decErr.StatusCode, wantPath)
			}
			if decErr.Unwrap() == nil {
				t.Error("DecodeError wraps nothing")
			}
		})
	}
}

func TestSetOrganizationSuccessFalse(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name      string
		body      string
		wantTitle string
		wantMsg   string
	}{
		{name: "with message", body: `{"success":false,"error":"Conflict","message":"The command was rejected","code":409}`,
			wantTitle: "Conflict", wantMsg: "The command was rejected"},
		{name: "without message", body: `{"success":false}`,
			wantMsg: `"success": false without a message`},
		{name: "required fields missing do not matter", body: `{"success":false,"message":"nope"}`,
			wantMsg: "nope"},
	}
	bodies := map[int64]string{}
	for i, tt := range tests {
		bodies[int64(i+1)] = tt.body
	}
	srv := bodyServer(t, bodies)
	c := newTestClient(t, srv.URL, nil)
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := c.SetOrganization(context.Background(), int64(i+1), "o")
			var apiErr *APIError
			if !errors.As(err, &apiErr) {
				t.Fatalf("error = %v (%T), want an *APIError", err, err)
			}
			if apiErr.StatusCode != http.StatusOK || apiErr.Title != tt.wantTitle || !strings.Contains(apiErr.Message, tt.wantMsg) {
				t.Errorf("APIError = %+v, want status 200, title %q, message containing %q", apiErr, tt.wantTitle, tt.wantMsg)
			}
			wantPath := fmt.Sprintf("/locks/%d/SetOrganization", i+1)
			if apiErr.Method != http.MethodPost || apiErr.Path != wantPath || apiErr.Attempts != 1 {
				t.Errorf("APIError = %s %s after %d attempts, want POST %s after 1", apiErr.Method, apiErr.Path, apiErr.Attempts, wantPath)
			}
			for _, sentinel := range []error{ErrNotFound, ErrUnauthorized, ErrForbidden, ErrRateLimited} {
				if errors.Is(err, sentinel) {
					t.Errorf("a 200 with success false matches %v", sentinel)
				}
			}
		})
	}
	if srv.count() != len(tests) {
		t.Errorf("server saw %d requests, want %d (no retries)", srv.count(), len(tests))
	}
}

func TestLockBasicInfoDecode(t *testing.T) {
	t.Parallel()
	full := `{"id":"123","lockId":123,"uuid":"u-123","version":7,"serialNumber":"SPK-1","ownerId":"own-1",` +
		`"orgId":"org-1","organizationId":"org-1","doId":"do-1","r2Prefix":"locks/123/"}`
	tests := []struct {
		name    string
		body    string
		want    *LockInfo
		wantOrg *string
		wantErr string
	}{
		{name: "all fields", body: full,
			want: &LockInfo{ID: "123", LockID: "123", UUID: "u-123", Version: "7", SerialNumber: ptr("SPK-1"), OwnerID: ptr("own-1"),
				OrgID: ptr("org-1"), OrganizationID: ptr("org-1"), DOID: ptr("do-1"), R2Prefix: "locks/123/"},
			wantOrg: ptr("org-1")},
		{name: "required only", body: `{"id":"5","lockId":5,"uuid":"u-5","version":1,"r2Prefix":"p/"}`,
			want: &LockInfo{ID: "5", LockID: "5", UUID: "u-5", Version: "1", R2Prefix: "p/"}},
		{name: "organizationId only", body: `{"id":"5","lockId":5,"uuid":"u","version":2,"r2Prefix":"p","organizationId":"org-b"}`,
			want:    &LockInfo{ID: "5", LockID: "5", UUID: "u", Version: "2", R2Prefix: "p", OrganizationID: ptr("org-b")},
			wantOrg: ptr("org-b")},
		{name: "orgId wins", body: `{"id":"5","lockId":5,"uuid":"u","version":2,"r2Prefix":"p","orgId":"org-a","organizationId":"org-b"}`,
			want:    &LockInfo{ID: "5", LockID: "5", UUID: "u", Version: "2", R2Prefix: "p", OrgID: ptr("org-a"), OrganizationID: ptr("org-b")},
			wantOrg: ptr("org-a")},
		{name: "empty orgId falls back", body: `{"id":"5","lockId":5,"uuid":"u","version":2,"r2Prefix":"p","orgId":"","organizationId":"org-b"}`,
			want:    &LockInfo{ID: "5", LockID: "5", UUID: "u", Version: "2", R2Prefix: "p", OrgID: ptr(""), OrganizationID: ptr("org-b")},
			wantOrg: ptr("org-b")},
		{name: "null orgId", body: `{"id":"5","lockId":5,"uuid":"u","version":2,"r2Prefix":"p","orgId":null}`,
			want: &LockInfo{ID: "5", LockID: "5", UUID: "u", Version: "2", R2Prefix: "p"}},
		{name: "fractional version", body: `{"id":"5","lockId":5,"uuid":"u","version":3.14,"r2Prefix":"p"}`,
			want: &LockInfo{ID: "5", LockID: "5", UUID: "u", Version: "3.14", R2Prefix: "p"}},
		{name: "missing id", body: `{"lockId":5,"uuid":"u","version":1,"r2Prefix":"p"}`, wantErr: `"id" is missing`},
		{name: "missing lockId", body: `{"id":"5","uuid":"u","version":1,"r2Prefix":"p"}`, wantErr: `"lockId" is missing`},
		{name: "missing uuid", body: `{"id":"5","lockId":5,"version":1,"r2Prefix":"p"}`, wantErr: `"uuid" is missing`},
		{name: "missing version", body: `{"id":"5","lockId":5,"uuid":"u","r2Prefix":"p"}`, wantErr: `"version" is missing`},
		{name: "missing r2Prefix", body: `{"id":"5","lockId":5,"uuid":"u","version":1}`, wantErr: `"r2Prefix" is missing`},
		{name: "version as string", body: `{"id":"5","lockId":5,"uuid":"u","version":"1","r2Prefix":"p"}`,
			wantErr: `field "version" has the wrong JSON type: want number, got string`},
		{name: "lockId as string", body: `{"id":"5","lockId":"5","uuid":"u","version":1,"r2Prefix":"p"}`,
			wantErr: `field "lockId" has the wrong JSON type: want number, got string`},
		{name: "id as number", body: `{"id":5,"lockId":5,"uuid":"u","version":1,"r2Prefix":"p"}`,
			wantErr: `field "id" has the wrong JSON type: want string, got number`},
		{name: "orgId as number", body: `{"id":"5","lockId":5,"uuid":"u","version":1,"r2Prefix":"p","orgId":7}`,
			wantErr: `field "orgId" has the wrong JSON type`},
		{name: "array", body: `[]`, wantErr: "want a JSON object"},
		{name: "empty", body: ``, wantErr: "empty body"},
		{name: "trailing garbage", body: `{"id":"5","lockId":5,"uuid":"u","version":1,"r2Prefix":"p"},`, wantErr: "after the JSON object"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			srv := newStubServer(t, fixed(http.StatusOK, tt.body))
			c := newTestClient(t, srv.URL, nil)
			got, err := c.LockBasicInfo(context.Background(), lockIDIn(tt.body))
			if tt.wantErr != "" {
				var decErr *DecodeError
				if !errors.As(err, &decErr) {
					t.Fatalf("error = %v (%T), want a *DecodeError", err, err)
				}
				if !strings.Contains(err.Error(), tt.wantErr) {
					t.Errorf("error = %q, want it to contain %q", err, tt.wantErr)
				}
				if decErr.Method != http.MethodGet || decErr.StatusCode != http.StatusOK {
					t.Errorf("DecodeError = %s %d, want GET 200", decErr.Method, decErr.StatusCode)
				}
				return
			}
			if err != nil {
				t.Fatalf("LockBasicInfo: %v", err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("info = %s, want %s", dump(got), dump(tt.want))
			}
			org := got.Organization()
			switch {
			case tt.wantOrg == nil && org != nil:
				t.Errorf("Organization() = %q, want nil", *org)
			case tt.wantOrg != nil && (org == nil || *org != *tt.wantOrg):
				t.Errorf("Organization() = %v, want %q", org, *tt.wantOrg)
			}
		})
	}
}

func TestLockBasicInfoSuccessFalse(t *testing.T) {
	t.Parallel()
	srv := bodyServer(t, map[int64]string{
		1: `{"success":false,"error":"Conflict","message":"Injected failure: the command was rejected","code":200}`,
		2: `{"success":false,"errors":[{"code":500,"message":"Lock store unavailable"}]}`,
	})
	c := newTestClient(t, srv.URL, nil)
	for id, want := range map[int64]string{1: "Injected failure", 2: "Lock store unavailable"} {
		_, err := c.LockBasicInfo(context.Background(), id)
		var apiErr *APIError
		if !errors.As(err, &apiErr) {
			t.Fatalf("lock %d: error = %v (%T), want an *APIError", id, err, err)
		}
		if apiErr.StatusCode != http.StatusOK || !strings.Contains(apiErr.Message, want) || apiErr.Method != http.MethodGet {
			t.Errorf("lock %d: APIError = %+v, want GET, status 200 and %q", id, apiErr, want)
		}
	}
}

func TestOrganizationFallback(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		info LockInfo
		want *string
	}{
		{name: "neither", want: nil},
		{name: "both empty", info: LockInfo{OrgID: ptr(""), OrganizationID: ptr("")}, want: nil},
		{name: "orgId", info: LockInfo{OrgID: ptr("a")}, want: ptr("a")},
		{name: "organizationId", info: LockInfo{OrganizationID: ptr("b")}, want: ptr("b")},
		{name: "both", info: LockInfo{OrgID: ptr("a"), OrganizationID: ptr("b")}, want: ptr("a")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got := tt.info.Organization()
			if (got == nil) != (tt.want == nil) || (got != nil && *got != *tt.want) {
				t.Errorf("Organization() = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestNumberRejectsNonNumbers(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in   string
		ok   bool
		kind string
	}{
		{in: `7`, ok: true}, {in: `-1`, ok: true}, {in: `0.5`, ok: true},
		{in: `"7"`, kind: "string"}, {in: `true`, kind: "boolean"}, {in: `{}`, kind: "object"}, {in: `[]`, kind: "array"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			t.Parallel()
			var n number
			err := n.UnmarshalJSON([]byte(tt.in))
			if tt.ok {
				if err != nil || string(n) != tt.in {
					t.Errorf("UnmarshalJSON(%s) = %q, %v", tt.in, n, err)
				}
				return
			}
			var typeErr *json.UnmarshalTypeError
			if !errors.As(err, &typeErr) || typeErr.Value != tt.kind {
				t.Errorf("UnmarshalJSON(%s) error = %v, want an UnmarshalTypeError for a %s", tt.in, err, tt.kind)
			}
		})
	}
}

func dump(l *LockInfo) string {
	if l == nil {
		return "nil"
	}
	b, _ := json.Marshal(l)
	return string(b)
}

func TestSetOwner(t *testing.T) {
	t.Parallel()
	const user = "6b1e0c6e-0d3b-4f57-9d8c-7b6a5f4e3d2c"
	tests := []struct {
		name string
		body string
		want *SetOwnerResult
	}{
		{name: "with event", body: `{"success":true,"aggregateId":"42","version":9,"event":{"type":"OwnerSet","data":` +
			`{"lockId":42,"uuid":"u-42","timestamp":"2026-01-02T03:04:05Z","userId":"` + user + `"}}}`,
			want: &SetOwnerResult{AggregateID: "42", Version: "9",
				Event: &OwnerSetEvent{Type: "OwnerSet", LockID: "42", UUID: "u-42", Timestamp: "2026-01-02T03:04:05Z", UserID: user}}},
		{name: "unchanged", body: `{"success":true,"aggregateId":"42","version":9,"event":null}`,
			want: &SetOwnerResult{AggregateID: "42", Version: "9"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			srv := newStubServer(t, fixed(http.StatusOK, tt.body))
			c := newTestClient(t, srv.URL, nil)
			got, err := c.SetOwner(context.Background(), 42, user)
			if err != nil {
				t.Fatalf("SetOwner: %v", err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("result = %+v (event %+v), want %+v (event %+v)", got, got.Event, tt.want, tt.want.Event)
			}
			r := srv.recorded()[0]
			if r.Method != http.MethodPost || r.Path != "/locks/42/SetOwner" || string(r.Body) != `{"userId":"`+user+`"}` ||
				r.Header.Get("Content-Type") != "application/json" {
				t.Errorf("request = %s %s %s (%s), want POST /locks/42/SetOwner with {\"userId\":...} as JSON", r.Method, r.Path, r.Body, r.Header.Get("Content-Type"))
			}
		})
	}
	t.Run("the decoder is SetOrganization's", func(t *testing.T) {
		t.Parallel()
		srv := newStubServer(t, fixed(http.StatusOK, `{"success":true,"aggregateId":"42","version":"9"}`))
		c := newTestClient(t, srv.URL, nil)
		_, err := c.SetOwner(context.Background(), 42, user)
		var decErr *DecodeError
		if !errors.As(err, &decErr) || !strings.Contains(err.Error(), `field "version" has the wrong JSON type`) || decErr.Path != "/locks/42/SetOwner" {
			t.Errorf("error = %v, want a *DecodeError naming version", err)
		}
	})
}

func TestOwner(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		info LockInfo
		want *string
	}{
		{want: nil}, {info: LockInfo{OwnerID: ptr("")}, want: nil}, {info: LockInfo{OwnerID: ptr("user-1")}, want: ptr("user-1")},
	} {
		if got := tt.info.Owner(); (got == nil) != (tt.want == nil) || (got != nil && *got != *tt.want) {
			t.Errorf("Owner() of %+v = %v, want %v", tt.info, got, tt.want)
		}
	}
}
