package spkeytest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"
)

// post sends an authenticated command.
func post(t *testing.T, srv *Server, path, body string) result {
	t.Helper()
	return send(t, srv, http.MethodPost, path, body, withToken...)
}

// get sends an authenticated read.
func get(t *testing.T, srv *Server, path string) result {
	t.Helper()
	return send(t, srv, http.MethodGet, path, "", withToken...)
}

// TestAccessAnswersMatchTheOpenAPISubset decodes every answer of every
// access operation, 200s and errors, against the contract's schemas.
// Where the contract documents no schema for an answer the mock gives (a
// 400 of AddKey, the 404 of create-temp-key, the device's 502), the case
// names the schema of the same shape it follows.
func TestAccessAnswersMatchTheOpenAPISubset(t *testing.T) {
	t.Parallel()
	doc := loadOpenAPI(t)
	u1, u2 := NumberedUser(1), NumberedUser(2)
	srv := newServer(t, Options{Locks: []int64{5, 6}, Users: []User{u1, u2}, OfflineDevices: []int64{6},
		Clock: StepClock(clockStart, time.Second), Now: func() time.Time { return clockStart.Add(time.Hour) }})
	srv.AddLock(6, "org-a")
	srv.SetOwner(6, u2.ID)
	phoneOnly := UserUUID(900)
	q := url.QueryEscape

	type testCase struct {
		name, op string
		status   int
		do       func() result
		// schemaOp and schemaStatus name the schema when the contract has
		// none for this answer.
		schemaOp     string
		schemaStatus int
	}
	validFrom, validUntil := clockStart.Format(time.RFC3339), clockStart.Add(48*time.Hour).Format(time.RFC3339)
	tests := []testCase{
		{name: "by-email found", op: OpUserByEmail, status: 200, do: func() result { return get(t, srv, "/users/by-email?email="+q(u1.Email)) }},
		{name: "by-email created", op: OpUserByEmail, status: 200, do: func() result { return get(t, srv, "/users/by-email?email=new@example.com") }},
		{name: "by-email malformed", op: OpUserByEmail, status: 400, do: func() result { return get(t, srv, "/users/by-email?email=nope") }},
		{name: "by-email searchOnly miss", op: OpUserByEmail, status: 404, do: func() result { return get(t, srv, "/users/by-email?searchOnly=true&email=x@example.com") }},
		{name: "by-email uuid taken", op: OpUserByEmail, status: 409, do: func() result { return get(t, srv, "/users/by-email?email=y@example.com&uuid="+u1.ID) }},
		{name: "by-phone found", op: OpUserByPhone, status: 200, do: func() result { return get(t, srv, "/users/by-phone?phoneNumber="+q(u1.Phone)) }},
		{name: "by-phone created phone-only", op: OpUserByPhone, status: 200, do: func() result {
			return get(t, srv, "/users/by-phone?phoneNumber="+q("+48 700 000 900")+"&uuid="+phoneOnly)
		}},
		{name: "by-phone malformed", op: OpUserByPhone, status: 400, do: func() result { return get(t, srv, "/users/by-phone?phoneNumber=48700000900") }},
		{name: "by-phone searchOnly miss", op: OpUserByPhone, status: 404, do: func() result {
			return get(t, srv, "/users/by-phone?searchOnly=true&phoneNumber="+q("+48700000901"))
		}},
		{name: "by-phone uuid taken", op: OpUserByPhone, status: 409, do: func() result {
			return get(t, srv, "/users/by-phone?phoneNumber="+q("+48700000902")+"&uuid="+u1.ID)
		}},

		{name: "AddAccessibleLock", op: OpAddAccessibleLock, status: 200, do: func() result {
			return post(t, srv, "/users/"+u1.ID+"/AddAccessibleLock", `{"lockId":"5","lockName":"Front door","accessLevel":"ADMIN","grantedBy":"`+u2.ID+`","validUntil":"2027-01-01T00:00:00Z"}`)
		}},
		{name: "AddAccessibleLock again", op: OpAddAccessibleLock, status: 400, do: func() result {
			return post(t, srv, "/users/"+u1.ID+"/AddAccessibleLock", `{"lockId":"5","lockName":"Front door","accessLevel":"ADMIN","grantedBy":"`+u2.ID+`"}`)
		}},
		{name: "AddAccessibleLock bad level", op: OpAddAccessibleLock, status: 400, do: func() result {
			return post(t, srv, "/users/"+u1.ID+"/AddAccessibleLock", `{"lockId":"6","lockName":"Back door","accessLevel":"ROOT","grantedBy":"`+u2.ID+`"}`)
		}},
		{name: "AddAccessibleLock no user", op: OpAddAccessibleLock, status: 404, do: func() result {
			return post(t, srv, "/users/"+UserUUID(99)+"/AddAccessibleLock", `{"lockId":"6","lockName":"Back door","accessLevel":"USER","grantedBy":"`+u2.ID+`"}`)
		}},
		{name: "accessible-locks", op: OpAccessibleLocks, status: 200, do: func() result {
			if err := srv.GrantAccess(u1.ID, AccessibleLock{LockID: "6", LockName: "Back door", AccessLevel: AccessGuest, ExpiresAt: validUntil}); err != nil {
				t.Fatal(err)
			}
			return get(t, srv, "/users/"+u1.ID+"/accessible-locks")
		}},
		{name: "accessible-locks no user", op: OpAccessibleLocks, status: 404, do: func() result { return get(t, srv, "/users/"+UserUUID(99)+"/accessible-locks") }},
		{name: "RemoveAccessibleLock", op: OpRemoveAccessibleLock, status: 200, do: func() result {
			return post(t, srv, "/users/"+u1.ID+"/RemoveAccessibleLock", `{"lockId":"5","removedBy":"`+u2.ID+`","reason":"moved out"}`)
		}},
		{name: "RemoveAccessibleLock again", op: OpRemoveAccessibleLock, status: 400, do: func() result {
			return post(t, srv, "/users/"+u1.ID+"/RemoveAccessibleLock", `{"lockId":"5","removedBy":"`+u2.ID+`","reason":"moved out"}`)
		}},
		{name: "RemoveAccessibleLock no user", op: OpRemoveAccessibleLock, status: 404, do: func() result {
			return post(t, srv, "/users/"+UserUUID(99)+"/RemoveAccessibleLock", `{"lockId":"5","removedBy":"`+u2.ID+`","reason":"x"}`)
		}},

		{name: "AddResident by email", op: OpAddResident, status: 200, do: func() result {
			return post(t, srv, "/locks/5/AddResident", `{"name":"Ann","email":"`+u1.Email+`"}`)
		}},
		{name: "AddResident phone-only by userId", op: OpAddResident, status: 200, do: func() result {
			return post(t, srv, "/locks/5/AddResident", `{"name":"Bob","userId":"`+phoneOnly+`"}`)
		}},
		{name: "AddResident again", op: OpAddResident, status: 400, do: func() result {
			return post(t, srv, "/locks/5/AddResident", `{"name":"Ann","phoneNumber":"`+u1.Phone+`"}`)
		}},
		{name: "AddResident nobody named", op: OpAddResident, status: 400, do: func() result { return post(t, srv, "/locks/5/AddResident", `{"name":"Ann"}`) }},
		{name: "AddResident unknown email", op: OpAddResident, status: 404, do: func() result {
			return post(t, srv, "/locks/5/AddResident", `{"name":"Cy","email":"nobody@example.com"}`)
		}},
		{name: "AddResident no lock", op: OpAddResident, status: 404, do: func() result {
			return post(t, srv, "/locks/99/AddResident", `{"name":"Ann","userId":"`+u1.ID+`"}`)
		}},
		{name: "residents", op: OpResidents, status: 200, do: func() result { return get(t, srv, "/locks/5/residents") }},
		{name: "residents no lock", op: OpResidents, status: 404, do: func() result { return get(t, srv, "/locks/99/residents") }},

		{name: "AddKey", op: OpAddKey, status: 200, do: func() result {
			return post(t, srv, "/locks/5/AddKey", `{"keyUuid":"k-1","keyIndexNumber":3,"userId":"`+u1.ID+`"}`)
		}},
		{name: "AddKey again", op: OpAddKey, status: 200, do: func() result { return post(t, srv, "/locks/5/AddKey", `{"keyUuid":"k-1"}`) }},
		{name: "AddKey bare", op: OpAddKey, status: 200, do: func() result { return post(t, srv, "/locks/5/AddKey", `{"keyUuid":"k-2"}`) }},
		{name: "AddKey no lock", op: OpAddKey, status: 404, do: func() result { return post(t, srv, "/locks/99/AddKey", `{"keyUuid":"k-1"}`) }},
		{name: "AddKey bad index", op: OpAddKey, status: 400, schemaOp: OpRemoveKey, do: func() result {
			return post(t, srv, "/locks/5/AddKey", `{"keyUuid":"k-3","keyIndexNumber":1.5}`)
		}},
		{name: "AddKey device offline", op: OpAddKey, status: 502, schemaStatus: 404, do: func() result { return post(t, srv, "/locks/6/AddKey", `{"keyUuid":"k-9"}`) }},
		{name: "details with keys and residents", op: OpDetails, status: 200, do: func() result { return get(t, srv, "/locks/5/details") }},
		{name: "details with organization and owner", op: OpDetails, status: 200, do: func() result { return get(t, srv, "/locks/6/details") }},
		{name: "details no lock", op: OpDetails, status: 404, do: func() result { return get(t, srv, "/locks/99/details") }},
		{name: "RemoveKey by index", op: OpRemoveKey, status: 200, do: func() result { return post(t, srv, "/locks/5/RemoveKey", `{"keyIndexNumber":3}`) }},
		{name: "RemoveKey neither", op: OpRemoveKey, status: 400, do: func() result { return post(t, srv, "/locks/5/RemoveKey", `{}`) }},
		{name: "RemoveKey no key", op: OpRemoveKey, status: 404, do: func() result { return post(t, srv, "/locks/5/RemoveKey", `{"keyUuid":"k-1"}`) }},
		{name: "RemoveKey no lock", op: OpRemoveKey, status: 404, do: func() result { return post(t, srv, "/locks/99/RemoveKey", `{"keyUuid":"k-1"}`) }},

		{name: "RemoveResident by email", op: OpRemoveResident, status: 200, do: func() result {
			return post(t, srv, "/locks/5/RemoveResident", `{"email":"`+u1.Email+`"}`)
		}},
		{name: "RemoveResident not there", op: OpRemoveResident, status: 400, do: func() result {
			return post(t, srv, "/locks/5/RemoveResident", `{"userId":"`+u1.ID+`"}`)
		}},
		{name: "RemoveResident no lock", op: OpRemoveResident, status: 404, do: func() result {
			return post(t, srv, "/locks/99/RemoveResident", `{"userId":"`+u1.ID+`"}`)
		}},

		{name: "create-temp-key public", op: OpCreateTempKey, status: 200, do: func() result {
			return post(t, srv, "/locks/5/create-temp-key", `{"tempKeyUuid":"tk-1","accessMode":"public","validFrom":"`+validFrom+`","validUntil":"`+validUntil+`","description":"for the plumber"}`)
		}},
		{name: "create-temp-key whitelist", op: OpCreateTempKey, status: 200, do: func() result {
			return post(t, srv, "/locks/5/create-temp-key", `{"tempKeyUuid":"tk-2","accessMode":"user-whitelist","allowedUserIds":["`+u1.ID+`"],"validFrom":"`+validFrom+`","validUntil":"`+validUntil+`","maxUses":2}`)
		}},
		{name: "create-temp-key backwards", op: OpCreateTempKey, status: 400, do: func() result {
			return post(t, srv, "/locks/5/create-temp-key", `{"tempKeyUuid":"tk-3","accessMode":"public","validFrom":"`+validUntil+`","validUntil":"`+validFrom+`"}`)
		}},
		{name: "create-temp-key no lock", op: OpCreateTempKey, status: 404, schemaOp: OpUpdateTempKey, do: func() result {
			return post(t, srv, "/locks/99/create-temp-key", `{"tempKeyUuid":"tk-3","accessMode":"public","validFrom":"`+validFrom+`","validUntil":"`+validUntil+`"}`)
		}},
		{name: "update-temp-key", op: OpUpdateTempKey, status: 200, do: func() result {
			return post(t, srv, "/locks/5/update-temp-key", `{"tempKeyUuid":"tk-2","maxUses":null,"validUntil":"2026-12-31T00:00:00Z"}`)
		}},
		{name: "update-temp-key invalid result", op: OpUpdateTempKey, status: 400, do: func() result {
			return post(t, srv, "/locks/5/update-temp-key", `{"tempKeyUuid":"tk-2","accessMode":"public"}`)
		}},
		{name: "update-temp-key no key", op: OpUpdateTempKey, status: 404, do: func() result {
			return post(t, srv, "/locks/5/update-temp-key", `{"tempKeyUuid":"tk-9","maxUses":1}`)
		}},
		{name: "temp-keys", op: OpTempKeys, status: 200, do: func() result { return get(t, srv, "/locks/5/temp-keys") }},
		{name: "temp-keys no lock", op: OpTempKeys, status: 404, do: func() result { return get(t, srv, "/locks/99/temp-keys") }},
		{name: "delete-temp-key", op: OpDeleteTempKey, status: 200, do: func() result { return post(t, srv, "/locks/5/delete-temp-key", `{"tempKeyUuid":"tk-1"}`) }},
		{name: "delete-temp-key no uuid", op: OpDeleteTempKey, status: 400, do: func() result { return post(t, srv, "/locks/5/delete-temp-key", `{}`) }},
		{name: "delete-temp-key no key", op: OpDeleteTempKey, status: 404, do: func() result { return post(t, srv, "/locks/5/delete-temp-key", `{"tempKeyUuid":"tk-1"}`) }},
	}
	// Every operation without credentials: the same 401 as SetOrganization,
	// whose "code" (shown in the README) and "success" some of the access
	// schemas leave out.
	for i := range endpoints {
		ep := &endpoints[i]
		if isLockSubset(ep.op) {
			continue
		}
		path := strings.ReplaceAll(ep.path, "{id}", "5")
		if strings.HasPrefix(ep.path, "/users/{id}/") {
			path = strings.ReplaceAll(ep.path, "{id}", u1.ID)
		}
		tc := testCase{name: ep.op + " 401", op: ep.op, status: 401, do: func() result {
			return send(t, srv, ep.method, path, `{}`, "Content-Type", "application/json")
		}}
		if _, ok := doc.Paths[ep.path][strings.ToLower(ep.method)].Responses["401"]; !ok {
			tc.schemaOp = OpSetOrganization
		}
		tests = append(tests, tc)
	}
	allowed401 := map[string]bool{"$.code": true, "$.success": true}
	covered := map[string]map[int]bool{}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { // not parallel: the cases build on each other
			r := tt.do()
			if r.Status != tt.status {
				t.Fatalf("status = %d, want %d: %s", r.Status, tt.status, r.Body)
			}
			op, status := tt.op, tt.status
			if tt.schemaOp != "" {
				op = tt.schemaOp
			}
			if tt.schemaStatus != 0 {
				status = tt.schemaStatus
			}
			var allowed map[string]bool
			if status == 401 {
				allowed = allowed401
			}
			v := decodeAny(t, r)
			for _, p := range validate(doc.schema(t, op, endpointsByOp[op].method, status), v, "$", allowed) {
				t.Error(p)
			}
			if covered[tt.op] == nil {
				covered[tt.op] = map[int]bool{}
			}
			covered[tt.op][tt.status] = true
		})
	}
	// Every status the contract documents for an access operation was
	// answered, but for the look-ups' 500 and 503, which the mock never
	// gives on its own (FaultStatus can).
	for path, ops := range doc.Paths {
		for method, op := range ops {
			for code := range op.Responses {
				var name string
				for i := range endpoints {
					if endpoints[i].path == path && strings.ToLower(endpoints[i].method) == method {
						name = endpoints[i].op
					}
				}
				status, _ := strconv.Atoi(code)
				if name == "" || isLockSubset(name) || status >= 500 {
					continue
				}
				if !covered[name][status] {
					t.Errorf("%s %s: the contract documents %d, no case answered it", method, path, status)
				}
			}
		}
	}

	t.Run("event payloads", func(t *testing.T) {
		lockEvents, _ := srv.Events(5)
		userEvents, _ := srv.UserEvents(u1.ID)
		checkPayloads(t, doc, append(lockEvents, userEvents...))
	})
}

// isLockSubset tells the four operations of the locks subset, which
// TestAnswersMatchTheOpenAPISubset covers.
func isLockSubset(op string) bool {
	return op == OpSetOrganization || op == OpSetOwner || op == OpBasicInfo || op == OpEvents
}

// checkPayloads checks every event whose type a command's answer shows
// against the data schema of that answer: the API documents them as the
// same event.
func checkPayloads(t *testing.T, doc openAPI, events []Event) {
	t.Helper()
	byType := map[string]string{
		EventAccessibleLockAdded: OpAddAccessibleLock, EventAccessibleLockRemoved: OpRemoveAccessibleLock,
		EventResidentAdded: OpAddResident, EventResidentRemoved: OpRemoveResident,
		EventKeyAdded: OpAddKey, EventKeyRemoved: OpRemoveKey,
		EventTempKeyCreated: OpCreateTempKey, EventTempKeyUpdated: OpUpdateTempKey, EventTempKeyDeleted: OpDeleteTempKey,
	}
	seen := map[string]bool{}
	for i, ev := range events {
		op, ok := byType[ev.Type]
		if !ok {
			continue
		}
		seen[ev.Type] = true
		// Through JSON, as a client reads them.
		b, err := json.Marshal(ev.Data)
		if err != nil {
			t.Fatal(err)
		}
		dec := json.NewDecoder(bytes.NewReader(b))
		dec.UseNumber()
		var v any
		if err := dec.Decode(&v); err != nil {
			t.Fatal(err)
		}
		s := doc.schema(t, op, http.MethodPost, 200).Properties["event"].Properties["data"]
		for _, p := range validate(s, v, fmt.Sprintf("%s[%d]", ev.Type, i), nil) {
			t.Error(p)
		}
	}
	for typ := range byType {
		if !seen[typ] {
			t.Errorf("no %s event was checked", typ)
		}
	}
}
