package spkeytest

import (
	"encoding/json"
	"net/http"
	"testing"
	"time"
)

func TestAdminOutOfBandChanges(t *testing.T) {
	t.Parallel()
	srv := newServer(t, Options{Locks: []int64{1}, Clock: StepClock(clockStart, time.Second)})

	decodeLock := func(r result) Lock {
		t.Helper()
		var l Lock
		if r.Status != 200 || json.Unmarshal(r.Body, &l) != nil {
			t.Fatalf("answer = %d %s, want 200 with the lock", r.Status, r.Body)
		}
		return l
	}
	if l := decodeLock(send(t, srv, http.MethodPut, "/_mock/locks/1/owner?user=u-9", "")); l.OwnerID != "u-9" || l.Version != 2 {
		t.Errorf("PUT owner = %+v, want u-9 at version 2", l)
	}
	if l := decodeLock(send(t, srv, http.MethodPost, "/_mock/locks/1/bump", "")); l.OwnerID != "u-9" || l.Version != 3 {
		t.Errorf("POST bump = %+v, want version 3, owner kept", l)
	}
	if l := decodeLock(send(t, srv, http.MethodPut, "/_mock/locks/1/owner?user=", "")); l.OwnerID != "" || l.Version != 4 {
		t.Errorf("PUT owner without user = %+v, want no owner at version 4", l)
	}
	r := send(t, srv, http.MethodGet, "/_mock/locks/1/events", "")
	var evs []Event
	if err := json.Unmarshal(r.Body, &evs); err != nil || r.Status != 200 {
		t.Fatalf("GET events = %d %s", r.Status, r.Body)
	}
	want := []string{EventLockCreated, EventOwnerSet, EventKeyIssued, EventOwnerRemoved}
	if len(evs) != len(want) {
		t.Fatalf("events = %+v, want %v", evs, want)
	}
	for i, ev := range evs {
		if ev.Type != want[i] || ev.Version != int64(i+1) || ev.Timestamp != clockStart.Add(time.Duration(i)*time.Second).Format(time.RFC3339Nano) {
			t.Errorf("event %d = %+v, want %s at version %d", i, ev, want[i], i+1)
		}
	}
	if evs[1].Data["userId"] != "u-9" {
		t.Errorf("OwnerSet payload = %v", evs[1].Data)
	}

	for _, c := range []struct{ method, path string }{
		{http.MethodPut, "/_mock/locks/2/owner?user=u"},
		{http.MethodPost, "/_mock/locks/2/bump"},
		{http.MethodGet, "/_mock/locks/2/events"},
	} {
		if r := send(t, srv, c.method, c.path, ""); r.Status != http.StatusNotFound {
			t.Errorf("%s %s on a missing lock = %d, want 404", c.method, c.path, r.Status)
		}
	}
	if r := send(t, srv, http.MethodPost, "/_mock/locks/x/bump", ""); r.Status != http.StatusBadRequest {
		t.Errorf("bump of lock x = %d, want 400", r.Status)
	}
	if r := send(t, srv, http.MethodGet, "/_mock/locks/1/bump", ""); r.Status != http.StatusMethodNotAllowed {
		t.Errorf("GET bump = %d, want 405", r.Status)
	}
	if st := srv.Stats(); st.Requests != 0 {
		t.Errorf("control calls were counted: %+v", st)
	}
}

func TestControlEndpointsDocumented(t *testing.T) {
	t.Parallel()
	seen := map[string]bool{}
	for _, c := range ControlEndpoints() {
		key := c.Method + " " + c.Path
		if seen[key] || c.Answer == "" || c.serve != nil {
			t.Errorf("%s: duplicate, undocumented or leaking its handler", key)
		}
		seen[key] = true
	}
	if len(seen) != len(controls) {
		t.Errorf("ControlEndpoints() has %d entries, the table %d", len(seen), len(controls))
	}
}
