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

// eventJSON is one event of lock 41's history, as the contract shapes it.
func eventJSON(version int, typ string) string {
	return fmt.Sprintf(`{"aggregateType":"lock","aggregateId":"41","version":%d,"type":%q,"timestamp":"2026-01-01T00:00:%02dZ",`+
		`"orgId":"org-%d","event":{"lockId":41,"v":%d}}`, version, typ, version%60, version, version)
}

// historyPageSize is the API's page size (the mock's too).
const historyPageSize = 10

// historyServer serves lock 41's history of n events, historyPageSize
// events a page, page 1 the oldest, the last page without a page parameter; the
// event of version v has type types[(v-1)%len(types)].
func historyServer(t *testing.T, n int, types ...string) *stubServer {
	t.Helper()
	const pageSize = historyPageSize
	return newStubServer(t, func(w http.ResponseWriter, r *http.Request, _ int) {
		pages := max((n+pageSize-1)/pageSize, 1)
		page := pages
		if p := r.URL.Query().Get("page"); p != "" {
			_, _ = fmt.Sscanf(p, "%d", &page)
		}
		var events []string
		for v := (page-1)*pageSize + 1; v <= min(page*pageSize, n); v++ {
			events = append(events, eventJSON(v, types[(v-1)%len(types)]))
		}
		fixed(http.StatusOK, fmt.Sprintf(`{"aggregateId":"41","totalEvents":%d,"page":%d,"pageSize":%d,"totalPages":%d,"events":[%s]}`,
			n, page, pageSize, pages, strings.Join(events, ",")))(w, r, 0)
	})
}

func TestLockEventsRequest(t *testing.T) {
	t.Parallel()
	srv := historyServer(t, 25, "OrganizationSet")
	c := newTestClient(t, srv.URL, nil)
	last, err := c.LockEvents(context.Background(), 41, 0)
	if err != nil {
		t.Fatalf("LockEvents(0): %v", err)
	}
	if last.Page != 3 || last.TotalPages != 3 || last.TotalEvents != 25 || last.PageSize != 10 || len(last.Events) != 5 {
		t.Errorf("last page = %+v, want page 3 of 3 with 5 of 25 events", last)
	}
	want := Event{AggregateType: "lock", AggregateID: "41", Version: "21", Type: "OrganizationSet", Timestamp: "2026-01-01T00:00:21Z",
		OrgID: "org-21", Event: json.RawMessage(`{"lockId":41,"v":21}`)}
	if !reflect.DeepEqual(last.Events[0], want) {
		t.Errorf("first event of the last page = %+v, want %+v", last.Events[0], want)
	}
	if _, err := c.LockEvents(context.Background(), 41, 2); err != nil {
		t.Fatalf("LockEvents(2): %v", err)
	}
	if _, err := c.LockEvents(context.Background(), 41, -1); err == nil {
		t.Error("LockEvents accepted page -1")
	}
	reqs := srv.recorded()
	if len(reqs) != 2 {
		t.Fatalf("server saw %d requests, want 2 (none for page -1)", len(reqs))
	}
	for i, wantQuery := range []string{"", "page=2"} {
		if reqs[i].Method != http.MethodGet || reqs[i].Path != "/locks/41/events" || reqs[i].Query != wantQuery {
			t.Errorf("request %d = %s %s?%s, want GET /locks/41/events?%s", i, reqs[i].Method, reqs[i].Path, reqs[i].Query, wantQuery)
		}
	}
}

func TestLockEventsWrongPage(t *testing.T) {
	t.Parallel()
	srv := newStubServer(t, fixed(http.StatusOK, `{"aggregateId":"41","totalEvents":25,"page":3,"pageSize":10,"totalPages":3,"events":[]}`))
	c := newTestClient(t, srv.URL, nil)
	_, err := c.LockEvents(context.Background(), 41, 1)
	var decErr *DecodeError
	if !errors.As(err, &decErr) || !strings.Contains(err.Error(), `"page" is 3, but page 1 was asked for`) || decErr.Path != "/locks/41/events?page=1" {
		t.Errorf("error = %v, want a *DecodeError naming the page for /locks/41/events?page=1", err)
	}
}

func TestLockEventsDecode(t *testing.T) {
	t.Parallel()
	page := func(fields string, events ...string) string {
		return `{` + fields + `"events":[` + strings.Join(events, ",") + `]}`
	}
	const head = `"aggregateId":"41","totalEvents":1,"page":1,"pageSize":10,"totalPages":1,`
	ev := eventJSON(1, "OwnerSet")
	tests := []struct {
		name    string
		body    string
		wantErr string
		wantIs  error
	}{
		{name: "valid", body: page(head, ev)},
		{name: "no events yet", body: `{"aggregateId":"41","totalEvents":0,"page":0,"pageSize":10,"totalPages":0,"events":[]}`},
		{name: "event without payload", body: page(head, strings.Replace(ev, `,"event":{"lockId":41,"v":1}`, "", 1))},
		{name: "whole numbers written as decimals", body: page(`"aggregateId":"41","totalEvents":1.0,"page":1,"pageSize":1e1,"totalPages":1,`, ev)},
		{name: "missing aggregateId", body: page(`"totalEvents":1,"page":1,"pageSize":10,"totalPages":1,`, ev), wantErr: `"aggregateId" is missing`},
		{name: "missing totalEvents", body: page(`"aggregateId":"41","page":1,"pageSize":10,"totalPages":1,`, ev), wantErr: `"totalEvents" is missing`},
		{name: "missing page", body: page(`"aggregateId":"41","totalEvents":1,"pageSize":10,"totalPages":1,`, ev), wantErr: `"page" is missing`},
		{name: "missing pageSize", body: page(`"aggregateId":"41","totalEvents":1,"page":1,"totalPages":1,`, ev), wantErr: `"pageSize" is missing`},
		{name: "missing totalPages", body: page(`"aggregateId":"41","totalEvents":1,"page":1,"pageSize":10,`, ev), wantErr: `"totalPages" is missing`},
		{name: "missing events", body: `{"aggregateId":"41","totalEvents":1,"page":1,"pageSize":10,"totalPages":1}`, wantErr: `"events" is missing`},
		{name: "null events", body: `{"aggregateId":"41","totalEvents":1,"page":1,"pageSize":10,"totalPages":1,"events":null}`, wantErr: `"events" is missing or null`},
		{name: "page as string", body: page(`"aggregateId":"41","totalEvents":1,"page":"1","pageSize":10,"totalPages":1,`, ev),
			wantErr: `field "page" has the wrong JSON type: want number, got string`},
		{name: "fractional page", body: page(`"aggregateId":"41","totalEvents":1,"page":1.5,"pageSize":10,"totalPages":1,`, ev),
			wantErr: `field "page" is 1.5, not a whole number`},
		{name: "negative total", body: page(`"aggregateId":"41","totalEvents":-1,"page":1,"pageSize":10,"totalPages":1,`, ev),
			wantErr: `field "totalEvents" is -1`},
		{name: "page beyond totalPages", body: page(`"aggregateId":"41","totalEvents":1,"page":7,"pageSize":10,"totalPages":1,`, ev),
			wantErr: `"page" is 7, beyond totalPages 1`},
		{name: "events not an array", body: `{"aggregateId":"41","totalEvents":1,"page":1,"pageSize":10,"totalPages":1,"events":{}}`,
			wantErr: `field "events" has the wrong JSON type`},
		{name: "event version as string", body: page(head, strings.Replace(ev, `"version":1`, `"version":"1"`, 1)),
			wantErr: `field "events.version" has the wrong JSON type: want number, got string`},
		{name: "another lock's history", body: page(strings.Replace(head, `"41"`, `"999"`, 1), ev),
			wantErr: `aggregateId is "999", not 41`, wantIs: ErrOtherLock},
		{name: "another lock's event", body: page(head, strings.Replace(ev, `"aggregateId":"41"`, `"aggregateId":"999"`, 1)),
			wantErr: `events[0]: the answer is about another lock: aggregateId is "999"`, wantIs: ErrOtherLock},
	}
	for _, field := range []string{"aggregateType", "aggregateId", "version", "type", "timestamp", "orgId"} {
		var w map[string]any
		_ = json.Unmarshal([]byte(ev), &w)
		delete(w, field)
		b, _ := json.Marshal(w)
		tests = append(tests, struct {
			name    string
			body    string
			wantErr string
			wantIs  error
		}{name: "event without " + field, body: page(head, eventJSON(2, "OwnerSet"), string(b)), wantErr: fmt.Sprintf(`events[1]: required field %q is missing`, field)})
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			srv := newStubServer(t, fixed(http.StatusOK, tt.body))
			c := newTestClient(t, srv.URL, nil)
			p, err := c.LockEvents(context.Background(), 41, 0)
			if tt.wantErr == "" {
				if err != nil {
					t.Fatalf("LockEvents: %v", err)
				}
				if p.AggregateID != "41" {
					t.Errorf("page = %+v", p)
				}
				return
			}
			var decErr *DecodeError
			if !errors.As(err, &decErr) || !strings.Contains(err.Error(), tt.wantErr) {
				t.Fatalf("error = %v, want a *DecodeError containing %q", err, tt.wantErr)
			}
			if tt.wantIs != nil && !errors.Is(err, tt.wantIs) {
				t.Errorf("errors.Is(err, %v) = false", tt.wantIs)
			}
			if srv.count() != 1 {
				t.Errorf("server saw %d requests, want 1", srv.count())
			}
		})
	}
}

func TestRecentEvents(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name         string
		types        []string
		limit        int
		wantVersions []string
		// wantQueries are the pages asked for, in order.
		wantQueries []string
	}{
		{name: "within the last page", limit: 3, wantVersions: []string{"25", "24", "23"}, wantQueries: []string{""}},
		{name: "the whole last page", limit: 5, wantVersions: []string{"25", "24", "23", "22", "21"}, wantQueries: []string{""}},
		{name: "one page back", limit: 7, wantVersions: []string{"25", "24", "23", "22", "21", "20", "19"}, wantQueries: []string{"", "page=2"}},
		{name: "filtered", types: []string{"OwnerSet"}, limit: 4, wantVersions: []string{"24", "21", "18", "15"}, wantQueries: []string{"", "page=2"}},
		{name: "more than there are", types: []string{"KeyAdded"}, limit: 50,
			wantVersions: []string{"23", "20", "17", "14", "11", "8", "5", "2"}, wantQueries: []string{"", "page=2", "page=1"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			srv := historyServer(t, 25, "OrganizationSet", "KeyAdded", "OwnerSet")
			c := newTestClient(t, srv.URL, nil)
			events, err := c.RecentEvents(context.Background(), 41, tt.types, tt.limit)
			if err != nil {
				t.Fatalf("RecentEvents: %v", err)
			}
			var versions []string
			for _, e := range events {
				versions = append(versions, string(e.Version))
			}
			if !reflect.DeepEqual(versions, tt.wantVersions) {
				t.Errorf("versions = %v, want %v", versions, tt.wantVersions)
			}
			var queries []string
			for _, r := range srv.recorded() {
				queries = append(queries, r.Query)
			}
			if !reflect.DeepEqual(queries, tt.wantQueries) {
				t.Errorf("pages asked for = %q, want %q", queries, tt.wantQueries)
			}
		})
	}
	t.Run("no history", func(t *testing.T) {
		t.Parallel()
		srv := historyServer(t, 0, "OwnerSet")
		c := newTestClient(t, srv.URL, nil)
		events, err := c.RecentEvents(context.Background(), 41, nil, 5)
		if err != nil || len(events) != 0 || srv.count() != 1 {
			t.Errorf("events %v, error %v after %d requests; want none, no error, 1 request", events, err, srv.count())
		}
	})
	t.Run("bad limit", func(t *testing.T) {
		t.Parallel()
		srv := historyServer(t, 3, "OwnerSet")
		c := newTestClient(t, srv.URL, nil)
		if _, err := c.RecentEvents(context.Background(), 41, nil, 0); err == nil || srv.count() != 0 {
			t.Errorf("limit 0: error %v after %d requests, want an error and no request", err, srv.count())
		}
	})
	t.Run("error on an older page", func(t *testing.T) {
		t.Parallel()
		srv := newStubServer(t, func(w http.ResponseWriter, r *http.Request, n int) {
			if n == 1 {
				fixed(http.StatusOK, `{"aggregateId":"41","totalEvents":11,"page":2,"pageSize":10,"totalPages":2,"events":[`+eventJSON(11, "X")+`]}`)(w, r, n)
				return
			}
			failing(http.StatusForbidden)(w, r, n)
		})
		c := newTestClient(t, srv.URL, nil)
		if _, err := c.RecentEvents(context.Background(), 41, nil, 5); !errors.Is(err, ErrForbidden) {
			t.Errorf("error = %v, want the second page's 403", err)
		}
	})
}

// TestRecentEventsBounded: paging stops on a page served again, on pages
// out of order and at MaxEventPages, each with an error that says which
// (issue 23 item 4).
func TestRecentEventsBounded(t *testing.T) {
	t.Parallel()
	// pageOf answers page (0: the last) of a history of pages pages, ten
	// events each, versions from first(page).
	pageOf := func(pages int, first func(page int) int, types string) func(http.ResponseWriter, *http.Request, int) {
		return func(w http.ResponseWriter, r *http.Request, _ int) {
			page := pages
			if p := r.URL.Query().Get("page"); p != "" {
				_, _ = fmt.Sscanf(p, "%d", &page)
			}
			var events []string
			for i := range historyPageSize {
				events = append(events, eventJSON(first(page)+i, types))
			}
			fixed(http.StatusOK, fmt.Sprintf(`{"aggregateId":"41","totalEvents":%d,"page":%d,"pageSize":10,"totalPages":%d,"events":[%s]}`,
				pages*historyPageSize, page, pages, strings.Join(events, ",")))(w, r, 0)
		}
	}
	tests := []struct {
		name         string
		answer       func(http.ResponseWriter, *http.Request, int)
		types        []string
		limit        int
		wantErr      []string
		wantIs       error
		wantRequests int
	}{
		// Three pages of the same ten events must not make 30 events.
		{name: "the same page served again", answer: pageOf(3, func(int) int { return 21 }, "X"), limit: 30,
			wantErr:      []string{"GET /locks/41/events?page=2", "page 2 holds version 30, not older than version 21 on page 3 read before it", "the pages repeat or are out of order"},
			wantRequests: 2},
		{name: "an older page with newer events", answer: pageOf(3, func(p int) int { return 100 - 10*p }, "X"), types: []string{"OwnerSet"},
			wantErr: []string{"page 2 holds version 89, not older than version 70 on page 3"}, wantRequests: 2},
		{name: "events out of order within a page", answer: fixed(http.StatusOK, `{"aggregateId":"41","totalEvents":2,"page":1,"pageSize":10,"totalPages":1,"events":[`+
			eventJSON(5, "X")+`,`+eventJSON(4, "X")+`]}`),
			wantErr: []string{"events[1] has version 4, not newer than version 5 before it"}, wantRequests: 1},
		{name: "endless pages", answer: pageOf(1_000_000_000, func(p int) int { return 10*p - 9 }, "X"), types: []string{"OwnerSet"},
			wantErr: []string{"GET /locks/41/events: the event history is too long to read back this far: the 500 pages read (a read stops there), " +
				"back to page 999999501, hold 0 of the 10 events asked for. Lower limit, or narrow types"},
			wantIs: ErrEventPageCap, wantRequests: MaxEventPages},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			srv := newStubServer(t, tt.answer)
			c := newTestClient(t, srv.URL, nil)
			events, err := c.RecentEvents(context.Background(), 41, tt.types, max(tt.limit, 10))
			if err == nil {
				t.Fatalf("no error; %d events", len(events))
			}
			for _, w := range tt.wantErr {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not contain %q", err, w)
				}
			}
			var decErr *DecodeError
			if tt.wantIs != nil && !errors.Is(err, tt.wantIs) || tt.wantIs == nil && !errors.As(err, &decErr) {
				t.Errorf("error %v is not a %v", err, map[bool]any{true: tt.wantIs, false: "*DecodeError"}[tt.wantIs != nil])
			}
			if srv.count() != tt.wantRequests {
				t.Errorf("%d requests, want %d", srv.count(), tt.wantRequests)
			}
		})
	}
}
