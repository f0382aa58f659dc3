package spkeytest

import (
	"encoding/json"
	"net/http"
	"reflect"
	"strconv"
	"testing"
	"time"
)

var clockStart = time.Date(2026, 11, 30, 9, 0, 0, 0, time.UTC)

// ts is the timestamp of the n-th event (from 0) under StepClock(clockStart, time.Minute).
func ts(n int) string { return clockStart.Add(time.Duration(n) * time.Minute).Format(time.RFC3339Nano) }

func setOwner(t *testing.T, srv *Server, id, body string, headers ...string) result {
	t.Helper()
	if headers == nil {
		headers = withToken
	}
	return send(t, srv, http.MethodPost, "/locks/"+id+"/SetOwner", body, headers...)
}

// eventsPage decodes GET /locks/{id}/events[?page=N] into typed fields.
type eventsPage struct {
	AggregateID string  `json:"aggregateId"`
	TotalEvents int     `json:"totalEvents"`
	Page        int     `json:"page"`
	PageSize    int     `json:"pageSize"`
	TotalPages  int     `json:"totalPages"`
	Events      []Event `json:"events"`
}

func getEvents(t *testing.T, srv *Server, id, query string) (result, eventsPage) {
	t.Helper()
	r := send(t, srv, http.MethodGet, "/locks/"+id+"/events"+query, "", withToken...)
	var p eventsPage
	if r.Status == http.StatusOK {
		if err := json.Unmarshal(r.Body, &p); err != nil {
			t.Fatalf("events body %s: %v", r.Body, err)
		}
	}
	return r, p
}

func TestSetOwnerContract(t *testing.T) {
	t.Parallel()
	srv := newServer(t, Options{Locks: []int64{123}, Clock: StepClock(clockStart, time.Minute)})
	const user = "3f2504e0-4f89-41d3-9a0c-0305e82c3301"

	m := setOwner(t, srv, "123", `{"userId":"`+user+`"}`).JSON(t)
	want := map[string]any{
		"success": true, "aggregateId": "123", "version": json.Number("2"),
		"event": map[string]any{"type": "OwnerSet", "data": map[string]any{
			"lockId": json.Number("123"), "uuid": "00000000-0000-4000-8000-000000000123", "timestamp": ts(1), "userId": user,
		}},
	}
	if !reflect.DeepEqual(m, want) {
		t.Errorf("SetOwner = %v, want %v", m, want)
	}
	if b := basicInfo(t, srv, "123").JSON(t); b["ownerId"] != user || b["version"] != json.Number("2") {
		t.Errorf("basic-info after SetOwner = %v", b)
	}

	// The same owner again: no event, same version, event present as null.
	m = setOwner(t, srv, "123", `{"userId":"`+user+`"}`, withKey...).JSON(t)
	if ev, present := m["event"]; !present || ev != nil || m["version"] != json.Number("2") {
		t.Errorf("repeat SetOwner = %v, want event null and version 2", m)
	}
	// Each change of owner adds one; the organization is untouched.
	for i, u := range []string{"u-b", "u-a"} {
		m = setOwner(t, srv, "123", `{"userId":"`+u+`"}`).JSON(t)
		if m["version"] != json.Number(strconv.Itoa(3+i)) || m["event"] == nil {
			t.Errorf("change to %s = %v, want version %d with an event", u, m, 3+i)
		}
	}
	if l, _ := srv.Lock(123); l.OwnerID != "u-a" || l.OrgID != "" || l.Version != 4 {
		t.Errorf("stored lock = %+v, want owner u-a, no organization, version 4", l)
	}
}

func TestSetOwnerRejects(t *testing.T) {
	t.Parallel()
	srv := newServer(t, Options{APIKeyOrg: "org-own", Token: testToken, APIKey: testKey, Locks: []int64{1}})
	srv.AddLock(3, "org-other")
	tests := []struct {
		name, id, body string
		headers        []string
		check          func(t *testing.T, r result)
	}{
		{name: "no credentials", id: "1", body: `{"userId":"u"}`, headers: []string{"Content-Type", "application/json"},
			check: func(t *testing.T, r result) {
				wantShapeA(t, r, 401, "Unauthorized", "Authentication required. Please provide a valid API token")
			}},
		{name: "key of another organization", id: "3", body: `{"userId":"u"}`, headers: withKey,
			check: func(t *testing.T, r result) {
				wantShapeA(t, r, 403, "Forbidden", "The API key's organization does not own this lock")
			}},
		{name: "unknown lock", id: "2", body: `{"userId":"u"}`, headers: withToken,
			check: func(t *testing.T, r result) {
				wantShapeA(t, r, 404, "Not Found", "The requested resource was not found")
			}},
		{name: "missing userId", id: "1", body: `{"orgId":"u"}`, headers: withToken,
			check: func(t *testing.T, r result) { wantShapeA(t, r, 400, "Bad Request", "userId is required") }},
		{name: "userId number", id: "1", body: `{"userId":7}`, headers: withToken,
			check: func(t *testing.T, r result) { wantShapeA(t, r, 400, "Bad Request", "userId must be a string") }},
		{name: "blank userId", id: "1", body: `{"userId":" "}`, headers: withToken,
			check: func(t *testing.T, r result) { wantShapeA(t, r, 400, "Bad Request", "userId must not be empty") }},
		{name: "GET", id: "1", headers: withToken,
			check: func(t *testing.T, r result) { wantShapeA(t, r, 405, "Method Not Allowed", "Use POST for SetOwner") }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			method := http.MethodPost
			if tt.name == "GET" {
				method = http.MethodGet
			}
			tt.check(t, send(t, srv, method, "/locks/"+tt.id+"/SetOwner", tt.body, tt.headers...))
		})
	}
	for _, id := range []int64{1, 3} {
		if evs, _ := srv.Events(id); evs[len(evs)-1].Type == EventOwnerSet {
			t.Errorf("a rejected SetOwner recorded an event on lock %d: %+v", id, evs)
		}
	}
}

func TestBasicInfoWithoutOwner(t *testing.T) {
	t.Parallel()
	srv := newServer(t, Options{Locks: []int64{4}})
	srv.SetOwner(4, "")
	m := basicInfo(t, srv, "4").JSON(t)
	if _, ok := m["ownerId"]; ok || m["version"] != json.Number("2") {
		t.Errorf("basic-info of a lock without owner = %v, want no ownerId at version 2", m)
	}
	if evs, _ := srv.Events(4); evs[1].Type != EventOwnerRemoved {
		t.Errorf("events = %+v, want OwnerRemoved at version 2", evs)
	}
}

func TestEventsPaging(t *testing.T) {
	t.Parallel()
	srv := newServer(t, Options{Locks: []int64{9}, Clock: StepClock(clockStart, time.Minute)})
	// Version 1 is the creation; 2-24 alternate organization and owner
	// changes with unrelated events: 24 events, pages of 10, 10, 4.
	for v := 2; v <= 24; v++ {
		switch v % 3 {
		case 0:
			srv.SetOrg(9, "org-"+strconv.Itoa(v))
		case 1:
			srv.SetOwner(9, "user-"+strconv.Itoa(v))
		default:
			srv.BumpVersion(9)
		}
	}

	r, last := getEvents(t, srv, "9", "")
	if r.Status != 200 || last.AggregateID != "9" || last.TotalEvents != 24 || last.Page != 3 || last.PageSize != 10 || last.TotalPages != 3 || len(last.Events) != 4 {
		t.Fatalf("default page = %d %+v, want page 3 of 3 with 4 of 24 events", r.Status, last)
	}
	if _, p3 := getEvents(t, srv, "9", "?page=3"); !reflect.DeepEqual(p3, last) {
		t.Errorf("page=3 = %+v, want the default page %+v", p3, last)
	}
	var all []Event
	for page := 1; page <= 3; page++ {
		_, p := getEvents(t, srv, "9", "?page="+strconv.Itoa(page))
		if p.Page != page || p.TotalPages != 3 || p.TotalEvents != 24 {
			t.Errorf("page %d = %+v", page, p)
		}
		all = append(all, p.Events...)
	}
	for i, ev := range all {
		if ev.Version != int64(i+1) || ev.AggregateID != "9" || ev.AggregateType != AggregateType || ev.Timestamp != ts(i) || ev.Data["timestamp"] != ts(i) {
			t.Errorf("event %d = %+v, want version %d at %s", i, ev, i+1, ts(i))
		}
	}
	if all[0].Type != EventLockCreated || all[1].Type != EventKeyIssued || all[2].Type != EventOrganizationSet || all[3].Type != EventOwnerSet {
		t.Errorf("types = %s %s %s %s", all[0].Type, all[1].Type, all[2].Type, all[3].Type)
	}
	if ev := all[2]; ev.OrgID != "org-3" || ev.Data["orgId"] != "org-3" || ev.Data["lockId"] != float64(9) {
		t.Errorf("OrganizationSet = %+v", ev)
	}
	if ev := all[3]; ev.OrgID != "org-3" || ev.Data["userId"] != "user-4" {
		t.Errorf("OwnerSet = %+v, want orgId org-3 (the lock's) and userId user-4", ev)
	}
	stored, _ := srv.Events(9)
	if a, b := mustJSON(t, stored), mustJSON(t, all); a != b {
		t.Errorf("Events(9) = %s, want the pages' %s", a, b)
	}

	if _, p := getEvents(t, srv, "9", "?page=4"); p.Page != 4 || len(p.Events) != 0 || p.Events == nil || p.TotalPages != 3 {
		t.Errorf("page beyond the last = %+v, want page 4 with an empty list", p)
	}
	for _, q := range []string{"?page=0", "?page=-1", "?page=x", "?page=1.5"} {
		r, _ := getEvents(t, srv, "9", q)
		wantShapeA(t, r, 400, "Bad Request", "page must be a positive integer")
	}
	wantShapeA(t, send(t, srv, http.MethodGet, "/locks/10/events", "", withToken...), 404, "Not Found", "The requested resource was not found")
	wantShapeA(t, send(t, srv, http.MethodGet, "/locks/9/events", ""), 401, "Unauthorized", "Authentication required. Please provide a valid API token")
	wantShapeA(t, send(t, srv, http.MethodPost, "/locks/9/events", "", withToken...), 405, "Method Not Allowed", "Use GET for events")

	// The request log keeps the page asked for.
	var pages []string
	for _, rq := range srv.RequestsFor(OpEvents, 9) {
		pages = append(pages, rq.Query.Get("page"))
	}
	if want := []string{"", "3", "1", "2", "3", "4", "0", "-1", "x", "1.5", "", ""}; !reflect.DeepEqual(pages, want) {
		t.Errorf("recorded pages = %q, want %q", pages, want)
	}
}

func TestEventsOfAFreshLock(t *testing.T) {
	t.Parallel()
	srv := newServer(t, Options{Locks: []int64{1}, APIKeyOrg: "org-own", Token: testToken, APIKey: testKey})
	_, p := getEvents(t, srv, "1", "")
	if p.TotalEvents != 1 || p.Page != 1 || p.TotalPages != 1 || len(p.Events) != 1 || p.Events[0].Type != EventLockCreated || p.Events[0].OrgID != "" {
		t.Errorf("events of a new lock = %+v, want its creation only", p)
	}
	srv.AddLock(2, "org-other")
	wantShapeA(t, send(t, srv, http.MethodGet, "/locks/2/events", "", withKey...), 403, "Forbidden", "The API key's organization does not own this lock")
}

// TestNotFoundShapes pins which 404 means what: basic-info's own shape is
// the only "this lock does not exist" there; the other endpoints use
// SetOrganization's shape; a path the API does not serve gets a router's
// plain text.
func TestNotFoundShapes(t *testing.T) {
	t.Parallel()
	srv := newServer(t, Options{Locks: []int64{1}})
	wantShapeB(t, basicInfo(t, srv, "2"), 404, "Lock 2 not found")
	for _, r := range []result{
		setOrg(t, srv, "2", `{"orgId":"o"}`),
		setOwner(t, srv, "2", `{"userId":"u"}`),
		send(t, srv, http.MethodGet, "/locks/2/events", "", withToken...),
	} {
		wantShapeA(t, r, 404, "Not Found", "The requested resource was not found")
	}
	for _, path := range []string{"/v2/locks/1/basic-info", "/locks/1/basic-info/", "/locks/1/owner"} {
		wantRouterNotFound(t, send(t, srv, http.MethodGet, path, "", withToken...))
	}
}

func mustJSON(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
