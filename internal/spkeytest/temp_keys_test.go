package spkeytest

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"
	"time"
)

// tempKeyBody is a create-temp-key body valid from clockStart for two
// days, with fields added or replaced by extra ("key": raw JSON).
func tempKeyBody(uuid string, extra map[string]string) string {
	fields := map[string]string{
		"tempKeyUuid": `"` + uuid + `"`, "accessMode": `"public"`,
		"validFrom": `"2026-11-30T09:00:00Z"`, "validUntil": `"2026-12-02T09:00:00Z"`,
	}
	for k, v := range extra {
		if v == "" {
			delete(fields, k)
		} else {
			fields[k] = v
		}
	}
	var parts []string
	for k, v := range fields {
		parts = append(parts, `"`+k+`":`+v)
	}
	return "{" + strings.Join(parts, ",") + "}"
}

func listTempKeys(t *testing.T, srv *Server, id string) []map[string]any {
	t.Helper()
	r := get(t, srv, "/locks/"+id+"/temp-keys")
	var list struct {
		TempKeys []map[string]any `json:"tempKeys"`
	}
	if err := json.Unmarshal(r.Body, &list); err != nil || r.Status != 200 {
		t.Fatalf("temp-keys = %d %s (%v)", r.Status, r.Body, err)
	}
	return list.TempKeys
}

func TestCreateTempKey(t *testing.T) {
	t.Parallel()
	u1 := NumberedUser(1)
	srv := newServer(t, Options{Locks: []int64{5, 6}, Clock: StepClock(clockStart, time.Minute), Now: func() time.Time { return clockStart.Add(time.Hour) }})
	create := func(id, body string) result { return post(t, srv, "/locks/"+id+"/create-temp-key", body) }
	l, _ := srv.Lock(5)

	m := create("5", tempKeyBody("tk-1", map[string]string{"description": `"for the plumber"`})).JSON(t)
	typ, data := event(t, m)
	wantData := map[string]any{
		"tempKeyUuid": "tk-1", "lockId": json.Number("5"), "lockUuid": l.UUID, "accessMode": "public", "allowedUserIds": []any{},
		"validFrom": "2026-11-30T09:00:00Z", "validUntil": "2026-12-02T09:00:00Z", "maxUses": nil, "createdBy": DefaultActorID, "timestamp": ts(2),
	}
	if m["tempKeyUuid"] != "tk-1" || m["aggregateId"] != "5" || m["version"] != json.Number("2") || typ != EventTempKeyCreated || !reflect.DeepEqual(data, wantData) {
		t.Errorf("answer = %v, want data %v", m, wantData)
	}
	if r := create("5", tempKeyBody("tk-2", map[string]string{"accessMode": `"user-whitelist"`, "allowedUserIds": `["` + u1.ID + `"]`, "maxUses": "2", "validFrom": `"2026-11-30T10:00:00.5+01:00"`})); r.Status != 200 {
		t.Fatalf("whitelist = %d %s", r.Status, r.Body)
	}
	keys := listTempKeys(t, srv, "5")
	if len(keys) != 2 {
		t.Fatalf("temp keys = %v", keys)
	}
	want := map[string]any{
		"uuid": "tk-2", "lockId": float64(5), "lockUuid": l.UUID, "accessMode": "user-whitelist", "allowedUserIds": []any{u1.ID},
		"validFrom": "2026-11-30T10:00:00.5+01:00", "validUntil": "2026-12-02T09:00:00Z", "maxUses": float64(2), "usedCount": float64(0),
		"createdAt": ts(3), "createdBy": DefaultActorID, "status": TempKeyValid,
	}
	if !reflect.DeepEqual(keys[1], want) {
		t.Errorf("tk-2 = %v, want %v", keys[1], want)
	}
	if _, ok := keys[0]["description"]; ok {
		t.Errorf("the description is returned: %v", keys[0])
	}

	long := strings.Repeat("é", maxDescription)
	if r := create("6", tempKeyBody("tk-3", map[string]string{"description": `"` + long + `"`})); r.Status != 200 {
		t.Errorf("a description of %d characters = %d %s", maxDescription, r.Status, r.Body)
	}
	for name, tc := range map[string]struct {
		body, msg string
	}{
		"no uuid":          {tempKeyBody("", map[string]string{"tempKeyUuid": ""}), "tempKeyUuid is required"},
		"mode":             {tempKeyBody("tk-x", map[string]string{"accessMode": `"private"`}), "accessMode must be one of public, user-whitelist"},
		"no validFrom":     {tempKeyBody("tk-x", map[string]string{"validFrom": ""}), "validFrom is required"},
		"date only":        {tempKeyBody("tk-x", map[string]string{"validUntil": `"2026-12-02"`}), "validUntil must be an RFC 3339 date-time such as 2026-12-01T09:00:00Z"},
		"backwards":        {tempKeyBody("tk-x", map[string]string{"validUntil": `"2026-11-30T09:00:00Z"`}), "validUntil must be after validFrom"},
		"whitelist empty":  {tempKeyBody("tk-x", map[string]string{"accessMode": `"user-whitelist"`}), "accessMode user-whitelist needs at least one entry in allowedUserIds"},
		"public with ids":  {tempKeyBody("tk-x", map[string]string{"allowedUserIds": `["a"]`}), "accessMode public takes no allowedUserIds (send [] to clear them)"},
		"ids not strings":  {tempKeyBody("tk-x", map[string]string{"allowedUserIds": `[1]`}), "allowedUserIds must be an array of strings"},
		"empty id":         {tempKeyBody("tk-x", map[string]string{"accessMode": `"user-whitelist"`, "allowedUserIds": `[""]`}), "allowedUserIds must not contain empty strings"},
		"maxUses 0":        {tempKeyBody("tk-x", map[string]string{"maxUses": "0"}), "maxUses must be at least 1"},
		"maxUses fraction": {tempKeyBody("tk-x", map[string]string{"maxUses": "1.5"}), "maxUses must be an integer"},
		"long description": {tempKeyBody("tk-x", map[string]string{"description": `"` + long + `x"`}), "description must be at most 2000 characters"},
		"uuid in use":      {tempKeyBody("tk-1", nil), "tempKeyUuid is already in use; mint a new one"},
	} {
		t.Run(name, func(t *testing.T) {
			wantCommandError(t, create("6", tc.body), 400, "Bad Request", tc.msg)
		})
	}
	wantCommandError(t, create("99", tempKeyBody("tk-x", nil)), 404, "Not Found", "Lock 99 not found")
	if keys := listTempKeys(t, srv, "6"); len(keys) != 1 {
		t.Errorf("refused creates stored keys: %v", keys)
	}
	wantCommandError(t, get(t, srv, "/locks/99/temp-keys"), 404, "Not Found", "Lock 99 not found")
}

func TestTempKeyStatus(t *testing.T) {
	t.Parallel()
	srv := newServer(t, Options{Locks: []int64{5}, Now: func() time.Time { return clockStart.Add(-time.Hour) }})
	post(t, srv, "/locks/5/create-temp-key", tempKeyBody("tk-1", map[string]string{"maxUses": "2"}))
	status := func() string {
		t.Helper()
		keys, _ := srv.TempKeys(5)
		if got := listTempKeys(t, srv, "5")[0]["status"]; got != keys[0].Status {
			t.Errorf("the API says %v, TempKeys %s", got, keys[0].Status)
		}
		return keys[0].Status
	}
	if s := status(); s != TempKeyNotYetValid {
		t.Errorf("before validFrom (Options.Now): %s", s)
	}
	srv.SetNow(clockStart)
	if s := status(); s != TempKeyValid {
		t.Errorf("at validFrom: %s", s)
	}
	if !srv.UseTempKey(5, "tk-1", 1) || status() != TempKeyValid {
		t.Errorf("after one of two uses: %s", status())
	}
	if !srv.UseTempKey(5, "tk-1", 1) || status() != TempKeyUsedUp {
		t.Errorf("after two of two uses: %s", status())
	}
	srv.SetNow(time.Date(2026, 12, 2, 9, 0, 0, 0, time.UTC))
	if s := status(); s != TempKeyExpired {
		t.Errorf("at validUntil: %s", s)
	}
	srv.SetNow(time.Time{})
	if s := status(); s != TempKeyNotYetValid {
		t.Errorf("after SetNow(zero): %s, want Options.Now again", s)
	}
	if srv.UseTempKey(5, "tk-1", 0) || srv.UseTempKey(5, "nope", 1) || srv.UseTempKey(9, "tk-1", 1) {
		t.Error("UseTempKey reported success for nothing")
	}
	evs, _ := srv.Events(5)
	if last := evs[len(evs)-1]; last.Type != EventTempKeyUsed || last.Data["usedCount"] != int64(2) || last.Data["lockUuid"] == nil {
		t.Errorf("last event = %+v, want TempKeyUsed with usedCount 2", last)
	}
}

func TestUpdateAndDeleteTempKey(t *testing.T) {
	t.Parallel()
	u1 := NumberedUser(1)
	srv := newServer(t, Options{Locks: []int64{5}, ActorID: UserUUID(77), Clock: StepClock(clockStart, time.Minute)})
	update := func(body string) result { return post(t, srv, "/locks/5/update-temp-key", body) }
	post(t, srv, "/locks/5/create-temp-key", tempKeyBody("tk-1", map[string]string{"maxUses": "3"}))

	m := update(`{"tempKeyUuid":"tk-1","maxUses":null,"validUntil":"2026-12-24T18:00:00Z"}`).JSON(t)
	typ, data := event(t, m)
	l, _ := srv.Lock(5)
	wantData := map[string]any{
		"tempKeyUuid": "tk-1", "lockId": json.Number("5"), "lockUuid": l.UUID,
		"changes":   map[string]any{"maxUses": nil, "validUntil": "2026-12-24T18:00:00Z"},
		"updatedBy": UserUUID(77), "timestamp": ts(2),
	}
	if typ != EventTempKeyUpdated || m["version"] != json.Number("3") || !reflect.DeepEqual(data, wantData) {
		t.Errorf("answer = %v, want data %v", m, wantData)
	}
	if k := listTempKeys(t, srv, "5")[0]; k["maxUses"] != nil || k["validUntil"] != "2026-12-24T18:00:00Z" || k["validFrom"] != "2026-11-30T09:00:00Z" || k["createdBy"] != UserUUID(77) {
		t.Errorf("after the update = %v", k)
	}

	wantCommandError(t, update(`{"tempKeyUuid":"tk-1","accessMode":"user-whitelist"}`), 400, "Bad Request", "accessMode user-whitelist needs at least one entry in allowedUserIds")
	if r := update(`{"tempKeyUuid":"tk-1","accessMode":"user-whitelist","allowedUserIds":["` + u1.ID + `"]}`); r.Status != 200 {
		t.Fatalf("to a whitelist = %d %s", r.Status, r.Body)
	}
	wantCommandError(t, update(`{"tempKeyUuid":"tk-1","accessMode":"public"}`), 400, "Bad Request", "accessMode public takes no allowedUserIds (send [] to clear them)")
	if r := update(`{"tempKeyUuid":"tk-1","accessMode":"public","allowedUserIds":[]}`); r.Status != 200 {
		t.Fatalf("back to public = %d %s", r.Status, r.Body)
	}
	for body, msg := range map[string]string{
		`{"tempKeyUuid":"tk-1"}`: "Give at least one of validFrom, validUntil, maxUses, allowedUserIds or accessMode to change",
		`{"maxUses":1}`:          "tempKeyUuid is required",
		`{"tempKeyUuid":"tk-1","validFrom":"2026-12-25T00:00:00Z"}`: "validUntil must be after validFrom",
		`{"tempKeyUuid":"tk-1","validFrom":null}`:                   "validFrom must not be empty",
		`{"tempKeyUuid":"tk-1","maxUses":0}`:                        "maxUses must be at least 1",
	} {
		wantCommandError(t, update(body), 400, "Bad Request", msg)
	}
	wantCommandError(t, update(`{"tempKeyUuid":"tk-9","maxUses":1}`), 404, "Not Found", "Temporary key not found on this lock")
	wantCommandError(t, post(t, srv, "/locks/99/update-temp-key", `{"tempKeyUuid":"tk-1","maxUses":1}`), 404, "Not Found", "Lock 99 not found")

	m = post(t, srv, "/locks/5/delete-temp-key", `{"tempKeyUuid":"tk-1"}`).JSON(t)
	if typ, data := event(t, m); typ != EventTempKeyDeleted || data["deletedBy"] != UserUUID(77) || data["tempKeyUuid"] != "tk-1" || data["lockUuid"] != l.UUID {
		t.Errorf("delete = %v", m)
	}
	if keys := listTempKeys(t, srv, "5"); len(keys) != 0 {
		t.Errorf("after delete: %v", keys)
	}
	wantCommandError(t, post(t, srv, "/locks/5/delete-temp-key", `{"tempKeyUuid":"tk-1"}`), 404, "Not Found", "Temporary key not found on this lock")
	wantCommandError(t, post(t, srv, "/locks/5/delete-temp-key", `{}`), 400, "Bad Request", "tempKeyUuid is required")
	// A deleted key's uuid is free again, and so are a deleted lock's.
	if r := post(t, srv, "/locks/5/create-temp-key", tempKeyBody("tk-1", nil)); r.Status != 200 {
		t.Errorf("re-create after delete = %d %s", r.Status, r.Body)
	}
	srv.DeleteLock(5)
	srv.AddLock(6, "")
	if r := post(t, srv, "/locks/6/create-temp-key", tempKeyBody("tk-1", nil)); r.Status != 200 {
		t.Errorf("create after the lock was deleted = %d %s", r.Status, r.Body)
	}
	if !srv.DeleteTempKey(6, "tk-1") || srv.DeleteTempKey(6, "tk-1") || srv.DeleteTempKey(5, "tk-1") {
		t.Error("DeleteTempKey reported the wrong result")
	}
}
