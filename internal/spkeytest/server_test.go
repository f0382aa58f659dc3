package spkeytest

import (
	"bytes"
	"encoding/json"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"
)

const (
	testToken = "mock-token-5c1d2e3f4a5b6c7d" //nolint:gosec // G101: a fake token for the mock server, never a real credential.
	testKey   = "mock-key-0a9b8c7d6e5f4a3b"
)

// result is one answer as a test sees it.
type result struct {
	Status int
	Header http.Header
	Body   []byte
}

// JSON decodes the body into a map.
func (r result) JSON(t *testing.T) map[string]any {
	t.Helper()
	var m map[string]any
	dec := json.NewDecoder(bytes.NewReader(r.Body))
	dec.UseNumber()
	if err := dec.Decode(&m); err != nil {
		t.Fatalf("body %q is not a JSON object: %v", r.Body, err)
	}
	return m
}

// send makes one request to srv. headers are name, value pairs; a nil body
// sends none.
func send(t *testing.T, srv *Server, method, path, body string, headers ...string) result {
	t.Helper()
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, err := http.NewRequestWithContext(t.Context(), method, srv.URL+path, rd)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	defer func() { _ = resp.Body.Close() }()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("%s %s: reading the body: %v", method, path, err)
	}
	return result{Status: resp.StatusCode, Header: resp.Header, Body: b}
}

// The usual headers of an authenticated call.
var (
	withToken = []string{"Authorization", "Bearer " + testToken, "Content-Type", "application/json"}
	withKey   = []string{"X-API-Key", testKey, "Content-Type", "application/json"}
)

func setOrg(t *testing.T, srv *Server, id, body string, headers ...string) result {
	t.Helper()
	if headers == nil {
		headers = withToken
	}
	return send(t, srv, http.MethodPost, "/locks/"+id+"/SetOrganization", body, headers...)
}

func basicInfo(t *testing.T, srv *Server, id string, headers ...string) result {
	t.Helper()
	if headers == nil {
		headers = withToken
	}
	return send(t, srv, http.MethodGet, "/locks/"+id+"/basic-info", "", headers...)
}

func newServer(t *testing.T, opts Options) *Server {
	t.Helper()
	if opts.Token == "" && opts.APIKey == "" {
		opts.Token, opts.APIKey = testToken, testKey
	}
	return NewTestServer(t, opts)
}

// wantShapeA checks SetOrganization's error shape.
func wantShapeA(t *testing.T, r result, status int, title, message string) {
	t.Helper()
	if r.Status != status {
		t.Fatalf("status = %d, want %d (body %s)", r.Status, status, r.Body)
	}
	if ct := r.Header.Get("Content-Type"); ct != "application/json" {
		t.Errorf("Content-Type = %q", ct)
	}
	m := r.JSON(t)
	want := map[string]any{"success": false, "error": title, "message": message, "code": json.Number(itoa(status))}
	if !reflect.DeepEqual(m, want) {
		t.Errorf("body = %v, want %v", m, want)
	}
}

// wantShapeB checks basic-info's error shape.
func wantShapeB(t *testing.T, r result, status int, message string) {
	t.Helper()
	if r.Status != status {
		t.Fatalf("status = %d, want %d (body %s)", r.Status, status, r.Body)
	}
	m := r.JSON(t)
	want := map[string]any{"success": false, "errors": []any{map[string]any{"code": json.Number(itoa(status)), "message": message}}}
	if !reflect.DeepEqual(m, want) {
		t.Errorf("body = %v, want %v", m, want)
	}
}

// wantRouterNotFound checks the answer to a path the API does not serve.
func wantRouterNotFound(t *testing.T, r result) {
	t.Helper()
	if r.Status != http.StatusNotFound || string(r.Body) != "404 page not found\n" || r.Header.Get("Content-Type") != "text/plain; charset=utf-8" || json.Valid(r.Body) {
		t.Errorf("answer = %d %q %q, want a router's plain-text 404", r.Status, r.Header.Get("Content-Type"), r.Body)
	}
}

func itoa(n int) string { b, _ := json.Marshal(n); return string(b) }

func TestAuthentication(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		opts    Options
		headers []string
		ok      bool
	}{
		{name: "token", opts: Options{Token: testToken, APIKey: testKey}, headers: []string{"Authorization", "Bearer " + testToken}, ok: true},
		{name: "key", opts: Options{Token: testToken, APIKey: testKey}, headers: []string{"X-API-Key", testKey}, ok: true},
		{name: "both", opts: Options{Token: testToken, APIKey: testKey}, headers: []string{"Authorization", "Bearer " + testToken, "X-API-Key", testKey}, ok: true},
		{name: "right token wrong key", opts: Options{Token: testToken, APIKey: testKey}, headers: []string{"Authorization", "Bearer " + testToken, "X-API-Key", "nope"}, ok: true},
		{name: "wrong token right key", opts: Options{Token: testToken, APIKey: testKey}, headers: []string{"Authorization", "Bearer nope", "X-API-Key", testKey}, ok: true},
		{name: "none", opts: Options{Token: testToken, APIKey: testKey}},
		{name: "wrong token", opts: Options{Token: testToken, APIKey: testKey}, headers: []string{"Authorization", "Bearer nope"}},
		{name: "token without Bearer", opts: Options{Token: testToken, APIKey: testKey}, headers: []string{"Authorization", testToken}},
		{name: "token as key", opts: Options{Token: testToken, APIKey: testKey}, headers: []string{"X-API-Key", testToken}},
		{name: "wrong key", opts: Options{Token: testToken, APIKey: testKey}, headers: []string{"X-API-Key", "nope"}},
		{name: "empty bearer when no token configured", opts: Options{APIKey: testKey}, headers: []string{"Authorization", "Bearer "}},
		{name: "empty key when no key configured", opts: Options{Token: testToken}, headers: []string{"X-API-Key", ""}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			tt.opts.Locks = []int64{1}
			srv := NewTestServer(t, tt.opts)
			headers := append([]string{"Content-Type", "application/json"}, tt.headers...)
			for _, r := range []result{
				setOrg(t, srv, "1", `{"orgId":"o"}`, headers...),
				basicInfo(t, srv, "1", headers...),
			} {
				if tt.ok {
					if r.Status != http.StatusOK {
						t.Errorf("status = %d, want 200 (%s)", r.Status, r.Body)
					}
					continue
				}
				wantShapeA(t, r, http.StatusUnauthorized, "Unauthorized", "Authentication required. Please provide a valid API token")
			}
		})
	}
}

func TestStartNeedsCredentials(t *testing.T) {
	t.Parallel()
	s := New(Options{})
	if err := s.Start("127.0.0.1:0"); err == nil {
		s.Close()
		t.Fatal("Start accepted a mock without credentials")
	}
	s = New(Options{Token: "t", Faults: []Fault{{Kind: "bogus"}}})
	if err := s.Start("127.0.0.1:0"); err == nil {
		s.Close()
		t.Fatal("Start accepted an invalid fault in Options.Faults")
	}
}

func TestSetOrganizationContract(t *testing.T) {
	t.Parallel()
	srv := newServer(t, Options{Locks: []int64{123}})

	r := setOrg(t, srv, "123", `{"orgId":"org-a"}`)
	if r.Status != http.StatusOK {
		t.Fatalf("status = %d: %s", r.Status, r.Body)
	}
	m := r.JSON(t)
	if m["success"] != true || m["aggregateId"] != "123" || m["version"] != json.Number("2") {
		t.Errorf("answer = %v, want success, aggregateId \"123\", version 2", m)
	}
	ev, ok := m["event"].(map[string]any)
	if !ok || ev["type"] != "OrganizationSet" {
		t.Fatalf("event = %v, want an OrganizationSet event", m["event"])
	}
	data, ok := ev["data"].(map[string]any)
	if !ok {
		t.Fatalf("event data = %v (%T), want an object", ev["data"], ev["data"])
	}
	if data["lockId"] != json.Number("123") || data["orgId"] != "org-a" || data["uuid"] == "" {
		t.Errorf("event data = %v", data)
	}
	if ts, ok := data["timestamp"].(string); !ok {
		t.Errorf("timestamp = %v (%T), want a string", data["timestamp"], data["timestamp"])
	} else if _, err := time.Parse(time.RFC3339Nano, ts); err != nil {
		t.Errorf("timestamp %v: %v", data["timestamp"], err)
	}

	// The same organization again: no event, same version.
	m = setOrg(t, srv, "123", `{"orgId":"org-a"}`).JSON(t)
	if m["event"] != nil || m["version"] != json.Number("2") {
		t.Errorf("repeat answer = %v, want event null and version 2", m)
	}
	if _, present := m["event"]; !present {
		t.Error("the event field is missing instead of null")
	}

	// Each change adds one.
	for i, org := range []string{"org-b", "org-a", "org-c"} {
		m = setOrg(t, srv, "123", `{"orgId":"`+org+`"}`, withKey...).JSON(t)
		if want := json.Number(itoa(3 + i)); m["version"] != want || m["event"] == nil {
			t.Errorf("change to %s: answer %v, want version %s with an event", org, m, want)
		}
	}
	l, _ := srv.Lock(123)
	if l.OrgID != "org-c" || l.Version != 5 {
		t.Errorf("stored lock = %+v, want org-c at version 5", l)
	}
}

func TestBasicInfoContract(t *testing.T) {
	t.Parallel()
	srv := newServer(t, Options{Locks: []int64{7}})
	m := basicInfo(t, srv, "7").JSON(t)
	for _, k := range []string{"orgId", "organizationId"} {
		if _, ok := m[k]; ok {
			t.Errorf("%s present on a lock without organization: %v", k, m)
		}
	}
	for _, k := range []string{"id", "lockId", "uuid", "version", "r2Prefix", "serialNumber", "ownerId", "doId"} {
		if _, ok := m[k]; !ok {
			t.Errorf("field %s missing: %v", k, m)
		}
	}
	if m["id"] != "7" || m["lockId"] != json.Number("7") || m["version"] != json.Number("1") {
		t.Errorf("answer = %v", m)
	}

	srv.SetOrg(7, "org-x")
	m = basicInfo(t, srv, "7").JSON(t)
	if m["orgId"] != "org-x" || m["organizationId"] != "org-x" || m["version"] != json.Number("2") {
		t.Errorf("after SetOrg: %v, want orgId and organizationId org-x at version 2", m)
	}
	l, _ := srv.Lock(7)
	if m["uuid"] != l.UUID || m["serialNumber"] != l.SerialNumber || m["ownerId"] != l.OwnerID {
		t.Errorf("answer %v does not match the stored lock %+v", m, l)
	}
}

func TestUnknownLock(t *testing.T) {
	t.Parallel()
	srv := newServer(t, Options{Locks: []int64{1}})
	wantShapeA(t, setOrg(t, srv, "2", `{"orgId":"o"}`), http.StatusNotFound, "Not Found", "The requested resource was not found")
	wantShapeB(t, basicInfo(t, srv, "2"), http.StatusNotFound, "Lock 2 not found")
	if srv.RequestsFor(OpSetOrganization, 2)[0].Status != http.StatusNotFound {
		t.Error("the recorded status is not 404")
	}
}

func TestRouting(t *testing.T) {
	t.Parallel()
	srv := newServer(t, Options{Locks: []int64{1}})
	tests := []struct {
		name, method, path string
		status             int
		message            string
		// routerNotFound: a path the API does not serve answers a
		// router's plain-text 404, neither of the API's error shapes.
		routerNotFound bool
	}{
		{name: "zero id", method: "GET", path: "/locks/0/basic-info", status: 400, message: "Lock ID must be a positive integer"},
		{name: "negative id", method: "GET", path: "/locks/-1/basic-info", status: 400, message: "Lock ID must be a positive integer"},
		{name: "uuid id", method: "POST", path: "/locks/6f1c0000-0000-4000-9000-000000000001/SetOrganization", status: 400, message: "Lock ID must be a positive integer"},
		{name: "other op", method: "GET", path: "/locks/1/keys", status: 404, routerNotFound: true},
		{name: "root", method: "GET", path: "/", status: 404, routerNotFound: true},
		{name: "trailing segment", method: "GET", path: "/locks/1/basic-info/x", status: 404, routerNotFound: true},
		{name: "path prefix", method: "GET", path: "/v2/locks/1/basic-info", status: 404, routerNotFound: true},
		{name: "GET SetOrganization", method: "GET", path: "/locks/1/SetOrganization", status: 405, message: "Use POST for SetOrganization"},
		{name: "POST basic-info", method: "POST", path: "/locks/1/basic-info", status: 405, message: "Use GET for basic-info"},
		{name: "letters for a key's lock", method: "POST", path: "/locks/abc/AddKey", status: 400, message: "Lock ID must be a positive integer"},
		{name: "empty id", method: "POST", path: "/locks//SetOrganization", status: 400, message: "Lock ID must be a positive integer"},
		{name: "dot id", method: "GET", path: "/locks/./basic-info", status: 400, message: "Lock ID must be a positive integer"},
		{name: "dot-dot id", method: "GET", path: "/locks/../temp-keys", status: 400, message: "Lock ID must be a positive integer"},
		{name: "bad id before the method", method: "GET", path: "/locks/x/RemoveKey", status: 400, message: "Lock ID must be a positive integer"},
		{name: "POST by-email", method: "POST", path: "/users/by-email", status: 405, message: "Use GET for by-email"},
		{name: "GET AddAccessibleLock", method: "GET", path: "/users/u/AddAccessibleLock", status: 405, message: "Use POST for AddAccessibleLock"},
		{name: "DELETE residents", method: "DELETE", path: "/locks/1/residents", status: 405, message: "Use GET for residents"},
		{name: "user op on a lock", method: "GET", path: "/locks/1/accessible-locks", status: 404, routerNotFound: true},
		{name: "lock op on a user", method: "GET", path: "/users/u/temp-keys", status: 404, routerNotFound: true},
		{name: "by-email with a segment more", method: "GET", path: "/users/by-email/x", status: 404, routerNotFound: true},
		{name: "trailing slash", method: "GET", path: "/locks/1/details/", status: 404, routerNotFound: true},
		{name: "double slash elsewhere", method: "GET", path: "//locks/1/details", status: 404, routerNotFound: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			r := send(t, srv, tt.method, tt.path, "", withToken...)
			if tt.routerNotFound {
				wantRouterNotFound(t, r)
				return
			}
			wantShapeA(t, r, tt.status, http.StatusText(tt.status), tt.message)
		})
	}
}

func TestSetOrganizationBadBody(t *testing.T) {
	t.Parallel()
	srv := newServer(t, Options{Locks: []int64{1}})
	tests := []struct {
		name, body, contentType, message string
	}{
		{name: "not JSON", body: `orgId=x`, contentType: "application/json", message: "Request body must be a JSON object"},
		{name: "array", body: `["x"]`, contentType: "application/json", message: "Request body must be a JSON object"},
		{name: "empty", body: ``, contentType: "application/json", message: "Request body must be a JSON object"},
		{name: "missing orgId", body: `{"org":"x"}`, contentType: "application/json", message: "orgId is required"},
		{name: "orgId number", body: `{"orgId":7}`, contentType: "application/json", message: "orgId must be a string"},
		{name: "orgId null", body: `{"orgId":null}`, contentType: "application/json", message: "orgId must not be empty"},
		{name: "empty orgId", body: `{"orgId":""}`, contentType: "application/json", message: "orgId must not be empty"},
		{name: "blank orgId", body: `{"orgId":"  "}`, contentType: "application/json", message: "orgId must not be empty"},
		{name: "text content type", body: `{"orgId":"x"}`, contentType: "text/plain", message: "Content-Type must be application/json"},
		{name: "form content type", body: `{"orgId":"x"}`, contentType: "application/x-www-form-urlencoded", message: "Content-Type must be application/json"},
		{name: "no content type", body: `{"orgId":"x"}`, message: "Content-Type must be application/json"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			headers := []string{"Authorization", "Bearer " + testToken}
			if tt.contentType != "" {
				headers = append(headers, "Content-Type", tt.contentType)
			}
			wantShapeA(t, setOrg(t, srv, "1", tt.body, headers...), http.StatusBadRequest, "Bad Request", tt.message)
		})
	}
	t.Cleanup(func() {
		if l, _ := srv.Lock(1); l.OrgID != "" || l.Version != 1 {
			t.Errorf("a rejected request changed the lock: %+v", l)
		}
	})
}

func TestContentTypeWithCharset(t *testing.T) {
	t.Parallel()
	srv := newServer(t, Options{Locks: []int64{1}})
	r := setOrg(t, srv, "1", `{"orgId":"x"}`, "Authorization", "Bearer "+testToken, "Content-Type", "application/json; charset=utf-8")
	if r.Status != http.StatusOK {
		t.Errorf("status = %d: %s", r.Status, r.Body)
	}
}

func TestAPIKeyOrg(t *testing.T) {
	t.Parallel()
	srv := newServer(t, Options{Token: testToken, APIKey: testKey, APIKeyOrg: "org-own", Locks: []int64{1}})
	srv.AddLock(2, "org-own")
	srv.AddLock(3, "org-other")
	tests := []struct {
		name    string
		id      string
		headers []string
		status  int
	}{
		{name: "key, unassigned lock", id: "1", headers: withKey, status: 200},
		{name: "key, own lock", id: "2", headers: withKey, status: 200},
		{name: "key, other org's lock", id: "3", headers: withKey, status: 403},
		{name: "token, other org's lock", id: "3", headers: withToken, status: 200},
		{name: "token and key, other org's lock", id: "3", headers: append([]string{"X-API-Key", testKey}, withToken...), status: 200},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := basicInfo(t, srv, tt.id, tt.headers...)
			if tt.status == 403 {
				wantShapeA(t, r, 403, "Forbidden", "The API key's organization does not own this lock")
				before, _ := srv.Lock(3)
				wantShapeA(t, setOrg(t, srv, tt.id, `{"orgId":"org-own"}`, tt.headers...), 403, "Forbidden", "The API key's organization does not own this lock")
				if after, _ := srv.Lock(3); after != before {
					t.Errorf("a forbidden request changed the lock: %+v -> %+v", before, after)
				}
				return
			}
			if r.Status != tt.status {
				t.Errorf("basic-info status = %d, want %d", r.Status, tt.status)
			}
		})
	}
}

func TestHelpers(t *testing.T) {
	t.Parallel()
	srv := newServer(t, Options{Locks: []int64{3, 1}})

	if got := srv.Locks(); len(got) != 2 || got[0].ID != 1 || got[1].ID != 3 {
		t.Fatalf("Locks() = %+v, want locks 1 and 3 in order", got)
	}
	l := srv.AddLock(5, "org-a")
	if l.ID != 5 || l.OrgID != "org-a" || l.Version != 2 {
		t.Errorf("AddLock(5, org-a) = %+v, want version 2 (creation and organization)", l)
	}
	if l2 := srv.AddLock(5, "org-a"); l2 != l {
		t.Errorf("AddLock with the same organization changed the lock: %+v", l2)
	}
	if l2 := srv.AddLock(5, ""); l2.OrgID != "org-a" || l2.Version != 2 {
		t.Errorf("AddLock(5, \"\") on an existing lock = %+v, want it unchanged", l2)
	}
	if l2 := srv.AddLock(5, "org-b"); l2.OrgID != "org-b" || l2.Version != 3 {
		t.Errorf("AddLock moving the lock = %+v, want org-b at version 3", l2)
	}
	if l2 := srv.AddLock(6, ""); l2.OrgID != "" || l2.Version != 1 {
		t.Errorf("AddLock(6, \"\") = %+v, want no organization at version 1", l2)
	}

	if !srv.SetOrg(1, "org-z") {
		t.Error("SetOrg on an existing lock reported false")
	}
	if srv.SetOrg(99, "org-z") {
		t.Error("SetOrg on a missing lock reported true")
	}
	if l, _ := srv.Lock(1); l.OrgID != "org-z" || l.Version != 2 {
		t.Errorf("after SetOrg: %+v", l)
	}
	if !srv.SetOrg(1, "") {
		t.Error("SetOrg to none reported false")
	}
	if l, _ := srv.Lock(1); l.OrgID != "" || l.Version != 3 {
		t.Errorf("after SetOrg to none: %+v, want no organization at version 3", l)
	}

	if !srv.BumpVersion(3) || srv.BumpVersion(99) {
		t.Error("BumpVersion reported the wrong result")
	}
	if l, _ := srv.Lock(3); l.Version != 2 || l.OrgID != "" {
		t.Errorf("after BumpVersion: %+v, want version 2 and no organization", l)
	}
	m := basicInfo(t, srv, "3").JSON(t)
	if m["version"] != json.Number("2") {
		t.Errorf("basic-info after BumpVersion: %v", m)
	}

	if !srv.DeleteLock(3) || srv.DeleteLock(3) {
		t.Error("DeleteLock reported the wrong result")
	}
	if _, ok := srv.Lock(3); ok {
		t.Error("the deleted lock is still there")
	}
	wantShapeB(t, basicInfo(t, srv, "3"), 404, "Lock 3 not found")

	a, _ := srv.Lock(1)
	b, _ := srv.Lock(5)
	if a.UUID == b.UUID || a.SerialNumber == b.SerialNumber {
		t.Errorf("two locks share a uuid or serial number: %+v %+v", a, b)
	}
}

func TestRequestsRecorded(t *testing.T) {
	t.Parallel()
	srv := newServer(t, Options{Locks: []int64{1, 2}})
	setOrg(t, srv, "1", `{"orgId":"o"}`, append([]string{"User-Agent", "ua/1"}, withToken...)...)
	basicInfo(t, srv, "2", withKey...)
	basicInfo(t, srv, "9")
	send(t, srv, http.MethodGet, "/elsewhere", "", withToken...)
	send(t, srv, http.MethodGet, "/_mock/stats", "")

	reqs := srv.Requests()
	if len(reqs) != 4 {
		t.Fatalf("Requests() has %d entries, want 4 (admin calls are not recorded)", len(reqs))
	}
	want := []struct {
		method, path, op string
		lock             int64
		status           int
	}{
		{"POST", "/locks/1/SetOrganization", OpSetOrganization, 1, 200},
		{"GET", "/locks/2/basic-info", OpBasicInfo, 2, 200},
		{"GET", "/locks/9/basic-info", OpBasicInfo, 9, 404},
		{"GET", "/elsewhere", "", 0, 404},
	}
	for i, w := range want {
		r := reqs[i]
		if r.Method != w.method || r.Path != w.path || r.Op != w.op || r.LockID != w.lock || r.Status != w.status {
			t.Errorf("request %d = %s %s op %q lock %d status %d, want %+v", i, r.Method, r.Path, r.Op, r.LockID, r.Status, w)
		}
	}
	if string(reqs[0].Body) != `{"orgId":"o"}` || reqs[0].Header.Get("User-Agent") != "ua/1" || reqs[0].Header.Get("Authorization") != "Bearer "+testToken {
		t.Errorf("request 0 = body %q, headers %v", reqs[0].Body, reqs[0].Header)
	}
	if reqs[1].Header.Get("X-API-Key") != testKey || len(reqs[1].Body) != 0 {
		t.Errorf("request 1 = body %q, headers %v", reqs[1].Body, reqs[1].Header)
	}

	if got := srv.RequestsFor(OpBasicInfo, 2); len(got) != 1 || got[0].Path != "/locks/2/basic-info" {
		t.Errorf("RequestsFor(basic-info, 2) = %+v", got)
	}
	if got := srv.RequestsFor(OpSetOrganization, 2); len(got) != 0 {
		t.Errorf("RequestsFor(SetOrganization, 2) = %+v, want none", got)
	}

	// The returned slice is a copy.
	reqs[0].Path = "changed"
	if srv.Requests()[0].Path == "changed" {
		t.Error("Requests() returned the server's own slice")
	}

	st := srv.Stats()
	if st.Requests != 4 || st.ByStatus[200] != 2 || st.ByStatus[404] != 2 || st.Faults != 0 || st.RateLimited != 0 || st.Connections < 1 {
		t.Errorf("Stats() = %+v", st)
	}
	// By operation, whatever the answer; /elsewhere is no operation.
	if want := map[string]int{OpSetOrganization: 1, OpBasicInfo: 2}; !reflect.DeepEqual(st.ByOp, want) {
		t.Errorf("Stats().ByOp = %v, want %v", st.ByOp, want)
	}

	srv.ResetStats()
	if st := srv.Stats(); st.Requests != 0 || st.Connections != 0 || len(st.ByStatus) != 0 || len(st.ByOp) != 0 || st.MaxInFlight != 0 || len(srv.Requests()) != 0 {
		t.Errorf("after ResetStats: %+v with %d requests", st, len(srv.Requests()))
	}
	if _, ok := srv.Lock(1); !ok {
		t.Error("ResetStats removed a lock")
	}
}

// MaxInFlight is the most requests served at once, latency included: six
// requests held by the latency at the same time count six, one after the
// other count one.
func TestStatsMaxInFlight(t *testing.T) {
	t.Parallel()
	srv := newServer(t, Options{Locks: []int64{1}, Latency: time.Second})
	const n = 6
	var wg sync.WaitGroup
	for range n {
		wg.Go(func() { basicInfo(t, srv, "1") })
	}
	wg.Wait()
	if st := srv.Stats(); st.MaxInFlight != n || st.ByOp[OpBasicInfo] != n {
		t.Errorf("%d requests at once: MaxInFlight %d, ByOp %v; want %d", n, st.MaxInFlight, st.ByOp, n)
	}
	srv.ResetStats()
	basicInfo(t, srv, "1")
	basicInfo(t, srv, "1")
	if st := srv.Stats(); st.MaxInFlight != 1 {
		t.Errorf("two requests one after the other: MaxInFlight %d, want 1", st.MaxInFlight)
	}
}

// syncBuffer is a bytes.Buffer safe for a log.Logger and a test at once.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

func TestLog(t *testing.T) {
	t.Parallel()
	var out syncBuffer
	srv := newServer(t, Options{Locks: []int64{1}, Log: log.New(&out, "", 0)})
	inject(t, srv, Fault{Kind: FaultStatus, Status: 503, Op: OpBasicInfo, Count: 1})
	setOrg(t, srv, "1", `{"orgId":"o"}`)
	basicInfo(t, srv, "1", withKey...)
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	if len(lines) != 2 {
		t.Fatalf("log has %d lines, want 2: %q", len(lines), out.String())
	}
	if !strings.HasPrefix(lines[0], "POST /locks/1/SetOrganization -> 200") {
		t.Errorf("line 0 = %q", lines[0])
	}
	if !strings.Contains(lines[1], "GET /locks/1/basic-info -> 503 kind=status,status=503") {
		t.Errorf("line 1 = %q", lines[1])
	}
	if strings.Contains(out.String(), testToken) || strings.Contains(out.String(), testKey) {
		t.Errorf("the log contains a credential: %q", out.String())
	}
}

func TestHandlerWithoutStart(t *testing.T) {
	t.Parallel()
	s := New(Options{Token: testToken, Locks: []int64{1}})
	s.Close() // Closing a server that never started is harmless.
	req := httptest.NewRequestWithContext(t.Context(), http.MethodGet, "/locks/1/basic-info", nil)
	req.Header.Set("Authorization", "Bearer "+testToken)
	rec := httptest.NewRecorder()
	s.ServeHTTP(rec, req)
	if rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), `"lockId":1`) {
		t.Errorf("ServeHTTP = %d %s", rec.Code, rec.Body.String())
	}
}

func TestAdmin(t *testing.T) {
	t.Parallel()
	srv := newServer(t, Options{Locks: []int64{1, 2}})
	basicInfo(t, srv, "1")

	r := send(t, srv, http.MethodGet, "/_mock/stats", "")
	var st Stats
	if err := json.Unmarshal(r.Body, &st); err != nil || r.Status != 200 || st.Requests != 1 || st.ByStatus[200] != 1 {
		t.Errorf("GET /_mock/stats = %d %s (%v)", r.Status, r.Body, err)
	}
	if r := send(t, srv, http.MethodPost, "/_mock/stats/reset", ""); r.Status != http.StatusNoContent || srv.Stats().Requests != 0 {
		t.Errorf("POST /_mock/stats/reset = %d, requests now %d", r.Status, srv.Stats().Requests)
	}

	r = send(t, srv, http.MethodPut, "/_mock/locks/9?org=org-q", "")
	var l Lock
	if err := json.Unmarshal(r.Body, &l); err != nil || r.Status != 200 || l.ID != 9 || l.OrgID != "org-q" {
		t.Errorf("PUT /_mock/locks/9 = %d %s", r.Status, r.Body)
	}
	if got, _ := srv.Lock(9); got.OrgID != "org-q" {
		t.Errorf("lock 9 = %+v", got)
	}
	r = send(t, srv, http.MethodGet, "/_mock/locks", "")
	var locks []Lock
	if err := json.Unmarshal(r.Body, &locks); err != nil || len(locks) != 3 || locks[2].ID != 9 {
		t.Errorf("GET /_mock/locks = %d %s", r.Status, r.Body)
	}
	if r := send(t, srv, http.MethodDelete, "/_mock/locks/2", ""); r.Status != http.StatusNoContent {
		t.Errorf("DELETE /_mock/locks/2 = %d", r.Status)
	}
	if r := send(t, srv, http.MethodDelete, "/_mock/locks/2", ""); r.Status != http.StatusNotFound {
		t.Errorf("second DELETE /_mock/locks/2 = %d, want 404", r.Status)
	}
	for _, path := range []string{"/_mock/locks/0", "/_mock/locks/x"} {
		if r := send(t, srv, http.MethodPut, path, ""); r.Status != http.StatusBadRequest {
			t.Errorf("PUT %s = %d, want 400", path, r.Status)
		}
	}
	if r := send(t, srv, http.MethodPost, "/_mock/locks/1", ""); r.Status != http.StatusMethodNotAllowed {
		t.Errorf("POST /_mock/locks/1 = %d, want 405", r.Status)
	}

	if r := send(t, srv, http.MethodPost, "/_mock/faults", "kind=status,status=503,op=basic-info,count=1"); r.Status != http.StatusNoContent {
		t.Errorf("POST /_mock/faults = %d %s", r.Status, r.Body)
	}
	wantShapeB(t, basicInfo(t, srv, "1"), 503, "Service temporarily unavailable")
	if r := basicInfo(t, srv, "1"); r.Status != 200 {
		t.Errorf("after the count ran out: %d", r.Status)
	}
	if r := send(t, srv, http.MethodPost, "/_mock/faults", "kind=nope"); r.Status != http.StatusBadRequest || !strings.Contains(string(r.Body), "unknown kind") {
		t.Errorf("POST /_mock/faults with a bad spec = %d %s", r.Status, r.Body)
	}
	send(t, srv, http.MethodPost, "/_mock/faults", "kind=status,status=500")
	if r := basicInfo(t, srv, "1"); r.Status != 500 {
		t.Errorf("with a fault on every request: %d", r.Status)
	}
	if r := send(t, srv, http.MethodDelete, "/_mock/faults", ""); r.Status != http.StatusNoContent {
		t.Errorf("DELETE /_mock/faults = %d", r.Status)
	}
	if r := basicInfo(t, srv, "1"); r.Status != 200 {
		t.Errorf("after DELETE /_mock/faults: %d", r.Status)
	}
	if r := send(t, srv, http.MethodGet, "/_mock/nothing", ""); r.Status != http.StatusNotFound {
		t.Errorf("GET /_mock/nothing = %d, want 404", r.Status)
	}
	if st := srv.Stats(); st.Requests != 4 {
		t.Errorf("Stats().Requests = %d, want 4: admin calls must not count", st.Requests)
	}
}

func TestRequestRouteFields(t *testing.T) {
	t.Parallel()
	u := UserUUID(1)
	srv := newServer(t, Options{Locks: []int64{1}, Users: []User{NumberedUser(1)}})
	post(t, srv, "/users/"+u+"/AddAccessibleLock", `{"lockId":"12","lockName":"a","accessLevel":"USER","grantedBy":"x"}`)
	post(t, srv, "/users/"+u+"/RemoveAccessibleLock", `{"lockId":"door","removedBy":"x","reason":"r"}`)
	get(t, srv, "/locks/abc/basic-info")
	get(t, srv, "/users/by-email?email=x@example.com")
	if err := srv.AddCanned(Canned{Path: "/users/" + u + "/accessible-locks", Body: "{}"}); err != nil {
		t.Fatal(err)
	}
	get(t, srv, "/users/"+u+"/accessible-locks")
	want := []struct {
		op     string
		lock   int64
		user   string
		status int
		canned bool
	}{
		{OpAddAccessibleLock, 12, u, 200, false},
		{OpRemoveAccessibleLock, 0, u, 400, false},
		{OpBasicInfo, 0, "", 400, false},
		{OpUserByEmail, 0, "", 200, false},
		{OpAccessibleLocks, 0, u, 200, true},
	}
	reqs := srv.Requests()
	if len(reqs) != len(want) {
		t.Fatalf("%d requests, want %d", len(reqs), len(want))
	}
	for i, w := range want {
		r := reqs[i]
		if r.Op != w.op || r.LockID != w.lock || r.UserID != w.user || r.Status != w.status || r.Canned != w.canned {
			t.Errorf("request %d = op %q lock %d user %q status %d canned %v, want %+v", i, r.Op, r.LockID, r.UserID, r.Status, r.Canned, w)
		}
	}
	if got := srv.RequestsForUser(OpAccessibleLocks, u); len(got) != 1 || !got[0].Canned {
		t.Errorf("RequestsForUser = %+v", got)
	}
	if got := srv.RequestsForUser(OpAccessibleLocks, UserUUID(2)); len(got) != 0 {
		t.Errorf("RequestsForUser of another user = %+v", got)
	}
}
