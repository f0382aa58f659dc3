package spkeytest

import (
	"encoding/json"
	"errors"
	"reflect"
	"testing"
	"time"
)

// wantKeyError checks the error shape of AddKey and RemoveKey,
// {"success": false, "error": "...", "message": "..."}.
func wantKeyError(t *testing.T, r result, status int, title, message string) {
	t.Helper()
	if r.Status != status {
		t.Fatalf("status = %d, want %d (body %s)", r.Status, status, r.Body)
	}
	if m, want := r.JSON(t), map[string]any{"success": false, "error": title, "message": message}; !reflect.DeepEqual(m, want) {
		t.Errorf("body = %v, want %v", m, want)
	}
}

func TestKeys(t *testing.T) {
	t.Parallel()
	srv := newServer(t, Options{Locks: []int64{5}, Clock: StepClock(clockStart, time.Minute)})
	add := func(body string) result { return post(t, srv, "/locks/5/AddKey", body) }
	remove := func(body string) result { return post(t, srv, "/locks/5/RemoveKey", body) }
	l, _ := srv.Lock(5)

	m := add(`{"keyUuid":"k-1","keyIndexNumber":3,"userId":"u-1"}`).JSON(t)
	typ, data := event(t, m)
	wantData := map[string]any{"lockId": json.Number("5"), "uuid": l.UUID, "timestamp": ts(1), "keyUuid": "k-1", "keyIndexNumber": json.Number("3"), "userId": "u-1"}
	if m["version"] != json.Number("2") || typ != EventKeyAdded || !reflect.DeepEqual(data, wantData) {
		t.Errorf("answer = %v, want version 2 and data %v", m, wantData)
	}
	// The same keyUuid again: 200, event null, nothing changes.
	m = add(`{"keyUuid":"k-1","keyIndexNumber":4}`).JSON(t)
	if _, present := m["event"]; !present || m["event"] != nil || m["version"] != json.Number("2") {
		t.Errorf("repeat = %v, want event null at version 2", m)
	}
	m = add(`{"keyUuid":"k-2","keyIndexNumber":3}`).JSON(t)
	if _, data := event(t, m); data["userId"] != nil {
		t.Errorf("a key without a holder = %v", data)
	}
	add(`{"keyUuid":"k-3"}`)
	keys, _ := srv.Keys(5)
	three := int64(3)
	want := []Key{{UUID: "k-1", IndexNumber: &three, UserID: "u-1"}, {UUID: "k-2", IndexNumber: &three}, {UUID: "k-3"}}
	if !reflect.DeepEqual(keys, want) {
		t.Errorf("Keys = %+v, want %+v", keys, want)
	}

	for body, msg := range map[string]string{
		`{}`:                                   "keyUuid is required",
		`{"keyUuid":""}`:                       "keyUuid must not be empty",
		`{"keyUuid":"k","keyIndexNumber":-1}`:  "keyIndexNumber must be at least 0",
		`{"keyUuid":"k","keyIndexNumber":1.5}`: "keyIndexNumber must be an integer",
		`{"keyUuid":"k","keyIndexNumber":"1"}`: "keyIndexNumber must be an integer",
		`{"keyUuid":"k","userId":7}`:           "userId must be a string",
	} {
		wantKeyError(t, add(body), 400, "Bad Request", msg)
	}
	wantKeyError(t, post(t, srv, "/locks/99/AddKey", `{"keyUuid":"k"}`), 404, "Not Found", "Lock 99 not found")

	// By slot: the oldest key in it.
	m = remove(`{"keyIndexNumber":3}`).JSON(t)
	if typ, data := event(t, m); typ != EventKeyRemoved || data["keyUuid"] != "k-1" || data["keyIndexNumber"] != json.Number("3") || data["userId"] != nil {
		t.Errorf("remove by slot = %v", m)
	}
	if m := remove(`{"keyIndexNumber":3}`).JSON(t); m["event"] == nil {
		t.Errorf("second remove by slot 3 = %v, want k-2 removed", m)
	}
	wantKeyError(t, remove(`{"keyIndexNumber":3}`), 404, "Not Found", "No such key on lock 5")
	if m := remove(`{"keyUuid":"k-3"}`).JSON(t); m["version"] != json.Number("7") {
		t.Errorf("remove by uuid = %v, want version 7", m)
	}
	wantKeyError(t, remove(`{"keyUuid":"k-3"}`), 404, "Not Found", "No such key on lock 5")
	wantKeyError(t, remove(`{}`), 400, "Bad Request", "Give keyUuid or keyIndexNumber")
	wantKeyError(t, post(t, srv, "/locks/99/RemoveKey", `{"keyUuid":"k"}`), 404, "Not Found", "Lock 99 not found")
	if keys, _ := srv.Keys(5); len(keys) != 0 {
		t.Errorf("Keys = %+v, want none", keys)
	}
}

func TestDeviceOffline(t *testing.T) {
	t.Parallel()
	srv := newServer(t, Options{Locks: []int64{5, 6}, OfflineDevices: []int64{5}})
	if err := srv.AddKey(5, Key{UUID: "k-1"}); err != nil {
		t.Fatal(err)
	}
	before, _ := srv.Lock(5)
	for _, r := range []result{
		post(t, srv, "/locks/5/AddKey", `{"keyUuid":"k-2"}`),
		post(t, srv, "/locks/5/RemoveKey", `{"keyUuid":"k-1"}`),
	} {
		wantKeyError(t, r, 502, "Bad Gateway", "The lock's device could not be reached; nothing was recorded")
	}
	if after, _ := srv.Lock(5); after != before {
		t.Errorf("an offline device's commands changed the lock: %+v -> %+v", before, after)
	}
	if keys, _ := srv.Keys(5); len(keys) != 1 || keys[0].UUID != "k-1" {
		t.Errorf("Keys = %+v, want k-1 only", keys)
	}
	// A key the lock has needs no device: its repeat still answers 200.
	if m := post(t, srv, "/locks/5/AddKey", `{"keyUuid":"k-1"}`).JSON(t); m["event"] != nil || m["success"] != true {
		t.Errorf("repeat while offline = %v", m)
	}
	// Other locks, other commands and reads are unaffected.
	if r := post(t, srv, "/locks/6/AddKey", `{"keyUuid":"k-2"}`); r.Status != 200 {
		t.Errorf("AddKey on lock 6 = %d", r.Status)
	}
	if r := get(t, srv, "/locks/5/details"); r.Status != 200 {
		t.Errorf("details while offline = %d", r.Status)
	}
	if !srv.DeviceOffline(5) || srv.DeviceOffline(6) {
		t.Error("DeviceOffline reported the wrong state")
	}
	srv.SetDeviceOffline(5, false)
	if r := post(t, srv, "/locks/5/AddKey", `{"keyUuid":"k-2"}`); r.Status != 200 {
		t.Errorf("AddKey once online = %d %s", r.Status, r.Body)
	}
}

func TestKeysGoAPI(t *testing.T) {
	t.Parallel()
	srv := newServer(t, Options{Locks: []int64{5}})
	one := int64(1)
	if err := srv.AddKey(5, Key{UUID: "k", IndexNumber: &one}); err != nil {
		t.Fatal(err)
	}
	one = 2 // The caller's variable is not the stored slot.
	keys, _ := srv.Keys(5)
	if *keys[0].IndexNumber != 1 {
		t.Errorf("the stored slot followed the caller's variable: %d", *keys[0].IndexNumber)
	}
	*keys[0].IndexNumber = 9
	if again, _ := srv.Keys(5); *again[0].IndexNumber != 1 {
		t.Error("Keys returned the stored slot itself")
	}
	if err := srv.AddKey(5, Key{UUID: "k", IndexNumber: &one}); err != nil {
		t.Fatal(err)
	}
	if l, _ := srv.Lock(5); l.Version != 4 {
		t.Errorf("a key moved to another slot: version %d, want 4 (removed, added)", l.Version)
	}
	if !srv.RemoveKey(5, "k") || srv.RemoveKey(5, "k") {
		t.Error("RemoveKey reported the wrong result")
	}
	if err := srv.AddKey(9, Key{UUID: "k"}); !errors.Is(err, ErrNotFound) {
		t.Errorf("AddKey on a missing lock = %v", err)
	}
	minus := int64(-1)
	if srv.AddKey(5, Key{}) == nil || srv.AddKey(5, Key{UUID: "x", IndexNumber: &minus}) == nil {
		t.Error("AddKey took a key without uuid or with a negative slot")
	}
}

func TestDetails(t *testing.T) {
	t.Parallel()
	u1 := NumberedUser(1)
	srv := newServer(t, Options{Locks: []int64{5}, Users: []User{u1}, Clock: StepClock(clockStart, time.Minute)})
	m := get(t, srv, "/locks/5/details").JSON(t)
	if m["orgId"] != "" || m["timestamp"] != ts(0) || !reflect.DeepEqual(m["keys"], []any{}) || !reflect.DeepEqual(m["residents"], []any{}) {
		t.Errorf("details of a bare lock = %v, want orgId \"\", empty keys and residents", m)
	}
	if _, ok := m["organizationId"]; ok {
		t.Errorf("organizationId present without an organization: %v", m)
	}
	basic := basicInfo(t, srv, "5").JSON(t)
	for k, v := range basic {
		if !reflect.DeepEqual(m[k], v) {
			t.Errorf("details %s = %v, basic-info has %v", k, m[k], v)
		}
	}

	srv.SetOrg(5, "org-a")
	if err := srv.AddResident(5, Resident{UserID: u1.ID, Name: "Ann"}); err != nil {
		t.Fatal(err)
	}
	post(t, srv, "/locks/5/AddKey", `{"keyUuid":"k-1","keyIndexNumber":0,"userId":"`+u1.ID+`"}`)
	m = get(t, srv, "/locks/5/details").JSON(t)
	wantKeys := []any{map[string]any{"uuid": "k-1", "indexNumber": json.Number("0"), "userId": u1.ID}}
	wantResidents := []any{map[string]any{"userId": u1.ID, "name": "Ann", "email": u1.Email}}
	if m["orgId"] != "org-a" || m["organizationId"] != "org-a" || m["version"] != json.Number("4") || m["timestamp"] != ts(4) ||
		!reflect.DeepEqual(m["keys"], wantKeys) || !reflect.DeepEqual(m["residents"], wantResidents) {
		t.Errorf("details = %v", m)
	}
	wantShapeB(t, get(t, srv, "/locks/99/details"), 404, "Lock 99 not found")
}
