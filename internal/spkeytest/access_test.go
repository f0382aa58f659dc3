package spkeytest

import (
	"encoding/json"
	"errors"
	"reflect"
	"testing"
	"time"
)

// wantCommandError checks the access commands' error shape,
// {"error": "...", "message": "..."}.
func wantCommandError(t *testing.T, r result, status int, title, message string) {
	t.Helper()
	if r.Status != status {
		t.Fatalf("status = %d, want %d (body %s)", r.Status, status, r.Body)
	}
	if m, want := r.JSON(t), map[string]any{"error": title, "message": message}; !reflect.DeepEqual(m, want) {
		t.Errorf("body = %v, want %v", m, want)
	}
}

// event returns the event of a command's answer.
func event(t *testing.T, m map[string]any) (typ string, data map[string]any) {
	t.Helper()
	ev, ok := m["event"].(map[string]any)
	if !ok {
		t.Fatalf("event = %v, want an object", m["event"])
	}
	data, _ = ev["data"].(map[string]any)
	typ, _ = ev["type"].(string)
	return typ, data
}

func TestAccessibleLocks(t *testing.T) {
	t.Parallel()
	u1, u2 := NumberedUser(1), NumberedUser(2)
	srv := newServer(t, Options{Users: []User{u1, u2}, Clock: StepClock(clockStart, time.Minute)})
	add := func(userID, body string) result { return post(t, srv, "/users/"+userID+"/AddAccessibleLock", body) }
	remove := func(userID, body string) result { return post(t, srv, "/users/"+userID+"/RemoveAccessibleLock", body) }
	grant := func(lockID, level string) string {
		return `{"lockId":"` + lockID + `","lockName":"Door ` + lockID + `","accessLevel":"` + level + `","grantedBy":"` + u2.ID + `"}`
	}

	m := add(u1.ID, grant("7", "ADMIN")).JSON(t)
	if m["success"] != true || m["aggregateId"] != u1.ID || m["version"] != json.Number("2") || m["lockId"] != "7" || m["accessLevel"] != "ADMIN" {
		t.Errorf("answer = %v", m)
	}
	typ, data := event(t, m)
	wantData := map[string]any{"userId": u1.ID, "lockId": "7", "lockName": "Door 7", "accessLevel": "ADMIN", "grantedBy": u2.ID}
	if typ != EventAccessibleLockAdded || !reflect.DeepEqual(data, wantData) {
		t.Errorf("event = %s %v, want %v", typ, data, wantData)
	}
	// validFrom and validUntil are accepted and not applied; the lock need
	// not exist in the mock (the API does not check it).
	if r := add(u1.ID, `{"lockId":"3","lockName":"Gate","accessLevel":"GUEST","grantedBy":"x","validFrom":"2026-01-01T00:00:00Z","validUntil":"2026-02-01T00:00:00Z"}`); r.Status != 200 {
		t.Fatalf("with validFrom and validUntil: %d %s", r.Status, r.Body)
	}
	wantCommandError(t, add(u1.ID, grant("7", "USER")), 400, "Bad Request", "Lock 7 is already accessible to this user")
	wantCommandError(t, add(UserUUID(9), grant("7", "USER")), 404, "Not Found", "User "+UserUUID(9)+" not found")
	for body, msg := range map[string]string{
		`{"lockName":"a","accessLevel":"USER","grantedBy":"x"}`:                            "lockId is required",
		`{"lockId":7,"lockName":"a","accessLevel":"USER","grantedBy":"x"}`:                 "lockId must be a string",
		`{"lockId":"7","lockName":"","accessLevel":"USER","grantedBy":"x"}`:                "lockName must not be empty",
		`{"lockId":"8","lockName":"a","accessLevel":"user","grantedBy":"x"}`:               "accessLevel must be one of OWNER, ADMIN, USER, GUEST",
		`{"lockId":"8","lockName":"a","accessLevel":"USER"}`:                               "grantedBy is required",
		`{"lockId":"8","lockName":"a","accessLevel":"USER","grantedBy":"x","validFrom":1}`: "validFrom must be a string",
		`[]`: "Request body must be a JSON object",
	} {
		wantCommandError(t, add(u1.ID, body), 400, "Bad Request", msg)
	}

	r := get(t, srv, "/users/"+u1.ID+"/accessible-locks")
	var list struct {
		Locks      []AccessibleLock `json:"locks"`
		TotalCount int              `json:"totalCount"`
	}
	if err := json.Unmarshal(r.Body, &list); err != nil || list.TotalCount != 2 || len(list.Locks) != 2 || list.Locks[0].LockID != "7" || list.Locks[1].LockID != "3" || list.Locks[1].ExpiresAt != "" {
		t.Errorf("accessible-locks = %s (%v), want 7 then 3, no expiresAt", r.Body, err)
	}
	if m := get(t, srv, "/users/"+u2.ID+"/accessible-locks").JSON(t); m["totalCount"] != json.Number("0") || m["locks"] == nil {
		t.Errorf("empty list = %v, want locks [] and totalCount 0", m)
	}
	wantShapeB(t, get(t, srv, "/users/"+UserUUID(9)+"/accessible-locks"), 404, "User "+UserUUID(9)+" not found")

	m = remove(u1.ID, `{"lockId":"7","removedBy":"`+u2.ID+`","reason":"moved out"}`).JSON(t)
	typ, data = event(t, m)
	if typ != EventAccessibleLockRemoved || data["removedBy"] != u2.ID || data["reason"] != "moved out" || data["removedAt"] != ts(4) || m["removedAt"] != ts(4) || m["lockId"] != "7" || m["version"] != json.Number("4") {
		t.Errorf("remove answer = %v", m)
	}
	wantCommandError(t, remove(u1.ID, `{"lockId":"7","removedBy":"x","reason":"again"}`), 400, "Bad Request", "Lock 7 is not accessible to this user")
	wantCommandError(t, remove(UserUUID(9), `{"lockId":"7","removedBy":"x","reason":"r"}`), 404, "Not Found", "User "+UserUUID(9)+" not found")
	wantCommandError(t, remove(u1.ID, `{"lockId":"3","removedBy":"x"}`), 400, "Bad Request", "reason is required")

	// Added again after removal: a new entry at the end.
	add(u1.ID, grant("7", "GUEST"))
	if locks, _ := srv.AccessibleLocks(u1.ID); len(locks) != 2 || locks[1].LockID != "7" || locks[1].AccessLevel != "GUEST" {
		t.Errorf("AccessibleLocks = %+v", locks)
	}
	if reqs := srv.RequestsForUser(OpAddAccessibleLock, u1.ID); len(reqs) < 3 || reqs[0].LockID != 7 || reqs[1].LockID != 3 {
		t.Errorf("RequestsForUser = %+v, want the body's lockId as LockID", reqs)
	}
	if reqs := srv.RequestsFor(OpRemoveAccessibleLock, 7); len(reqs) != 3 || reqs[0].UserID != u1.ID {
		t.Errorf("RequestsFor(RemoveAccessibleLock, 7) = %+v", reqs)
	}
}

func TestAccessGoAPI(t *testing.T) {
	t.Parallel()
	u1 := NumberedUser(1)
	srv := newServer(t, Options{Users: []User{u1}, ActorID: UserUUID(77)})
	a := AccessibleLock{LockID: "7", LockName: "Door", AccessLevel: AccessUser}
	if err := srv.GrantAccess(u1.ID, a); err != nil {
		t.Fatal(err)
	}
	if err := srv.GrantAccess(u1.ID, AccessibleLock{LockID: "8", LockName: "Gate", AccessLevel: AccessGuest, ExpiresAt: "2027-01-01T00:00:00Z"}); err != nil {
		t.Fatal(err)
	}
	a.GrantedBy = UserUUID(77)
	if err := srv.GrantAccess(u1.ID, a); err != nil {
		t.Fatal(err)
	}
	if u, _ := srv.User(u1.ID); u.Version != 3 {
		t.Errorf("the same grant again changed the user: version %d, want 3", u.Version)
	}
	a.AccessLevel = AccessAdmin
	if err := srv.GrantAccess(u1.ID, a); err != nil {
		t.Fatal(err)
	}
	locks, _ := srv.AccessibleLocks(u1.ID)
	if len(locks) != 2 || locks[0].LockID != "8" || locks[1] != a {
		t.Errorf("after a changed grant: %+v, want 8 then 7 as ADMIN", locks)
	}
	evs, _ := srv.UserEvents(u1.ID)
	var types []string
	for _, ev := range evs {
		types = append(types, ev.Type)
	}
	want := []string{EventUserCreated, EventAccessibleLockAdded, EventAccessibleLockAdded, EventAccessibleLockRemoved, EventAccessibleLockAdded}
	if !reflect.DeepEqual(types, want) || evs[1].Data["grantedBy"] != UserUUID(77) {
		t.Errorf("events = %v (%v), want %v granted by the actor", types, evs[1].Data, want)
	}
	r := get(t, srv, "/users/"+u1.ID+"/accessible-locks")
	var list struct {
		Locks []map[string]any `json:"locks"`
	}
	if err := json.Unmarshal(r.Body, &list); err != nil || len(list.Locks) != 2 || list.Locks[0]["expiresAt"] != "2027-01-01T00:00:00Z" {
		t.Errorf("accessible-locks = %s (%v), want the first entry's expiresAt", r.Body, err)
	}
	if !srv.RevokeAccess(u1.ID, "8") || srv.RevokeAccess(u1.ID, "8") || srv.RevokeAccess(UserUUID(9), "7") {
		t.Error("RevokeAccess reported the wrong result")
	}
	if err := srv.GrantAccess(UserUUID(9), a); !errors.Is(err, ErrNotFound) {
		t.Errorf("GrantAccess to a missing user = %v, want ErrNotFound", err)
	}
	if err := srv.GrantAccess(u1.ID, AccessibleLock{LockID: "9", LockName: "x", AccessLevel: "ROOT"}); err == nil {
		t.Error("GrantAccess took an unknown level")
	}
}
