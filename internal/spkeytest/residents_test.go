package spkeytest

import (
	"encoding/json"
	"errors"
	"reflect"
	"testing"
	"time"
)

func TestResidents(t *testing.T) {
	t.Parallel()
	u1 := NumberedUser(1)
	phoneOnly := User{ID: UserUUID(2), Phone: "+48700000002"}
	emailOnly := User{ID: UserUUID(3), Email: "three@example.com"}
	srv := newServer(t, Options{Locks: []int64{5}, Users: []User{u1, phoneOnly, emailOnly}, Clock: StepClock(clockStart, time.Minute)})
	add := func(body string) result { return post(t, srv, "/locks/5/AddResident", body) }
	remove := func(body string) result { return post(t, srv, "/locks/5/RemoveResident", body) }
	// The lock's creation is event 0, the three users' 1 to 3.

	m := add(`{"name":"Ann","email":"USER1@example.com"}`).JSON(t)
	typ, data := event(t, m)
	l, _ := srv.Lock(5)
	wantData := map[string]any{"lockId": json.Number("5"), "uuid": l.UUID, "timestamp": ts(4), "userId": u1.ID, "name": "Ann", "email": u1.Email}
	if m["aggregateId"] != "5" || m["version"] != json.Number("2") || m["email"] != u1.Email || typ != EventResidentAdded || !reflect.DeepEqual(data, wantData) {
		t.Errorf("answer = %v, want version 2 and data %v", m, wantData)
	}
	m = add(`{"name":"Bob","phoneNumber":"0048 700 000 002"}`).JSON(t)
	if _, data := event(t, m); data["userId"] != phoneOnly.ID || data["email"] != nil || m["email"] != nil {
		t.Errorf("phone-only resident = %v, want no email", m)
	}
	if r := add(`{"name":"Cy","userId":"` + emailOnly.ID + `"}`); r.JSON(t)["email"] != emailOnly.Email {
		t.Errorf("by userId of an email-only user = %s, want the user's email", r.Body)
	}
	// A userId the mock does not know is used as given.
	if r := add(`{"name":"Dee","userId":"d-1","email":"dee@example.com"}`); r.Status != 200 {
		t.Fatalf("unknown userId = %d %s", r.Status, r.Body)
	}

	wantCommandError(t, add(`{"name":"Ann","phoneNumber":"+48600000001"}`), 400, "Bad Request", "Resident already exists")
	wantCommandError(t, add(`{"name":"Eve","email":"eve@example.com"}`), 404, "Not Found", "No user has this email address; look the user up with GET /users/by-email or /users/by-phone first")
	wantCommandError(t, add(`{"name":"Eve","phoneNumber":"+48123456789"}`), 404, "Not Found", "No user has this phone number; look the user up with GET /users/by-email or /users/by-phone first")
	for body, msg := range map[string]string{
		`{"name":"Eve"}`:                           "Give the resident's userId, email or phoneNumber",
		`{"userId":"x"}`:                           "name is required",
		`{"name":"","userId":"x"}`:                 "name must not be empty",
		`{"name":"Eve","userId":""}`:               "userId must not be empty",
		`{"name":"Eve","email":"nope"}`:            "email must be an address such as user@example.com",
		`{"name":"Eve","phoneNumber":"600000001"}`: "phoneNumber: " + phoneProblem,
	} {
		wantCommandError(t, add(body), 400, "Bad Request", msg)
	}
	wantCommandError(t, post(t, srv, "/locks/99/AddResident", `{"name":"Ann","userId":"x"}`), 404, "Not Found", "Lock 99 not found")

	r := get(t, srv, "/locks/5/residents")
	var list struct {
		Residents []Resident `json:"residents"`
	}
	if err := json.Unmarshal(r.Body, &list); err != nil {
		t.Fatal(err)
	}
	want := []Resident{
		{UserID: u1.ID, Name: "Ann", Email: u1.Email, HasPhone: true},
		{UserID: phoneOnly.ID, Name: "Bob", HasPhone: true},
		{UserID: emailOnly.ID, Name: "Cy", Email: emailOnly.Email},
		{UserID: "d-1", Name: "Dee", Email: "dee@example.com"},
	}
	if !reflect.DeepEqual(list.Residents, want) {
		t.Errorf("residents = %+v, want %+v", list.Residents, want)
	}
	wantShapeB(t, get(t, srv, "/locks/99/residents"), 404, "Lock 99 not found")

	m = remove(`{"phoneNumber":"+48 600 000 001"}`).JSON(t)
	if typ, data := event(t, m); typ != EventResidentRemoved || data["userId"] != u1.ID || data["email"] != u1.Email || m["email"] != u1.Email || m["version"] != json.Number("6") {
		t.Errorf("remove by phone = %v", m)
	}
	// A resident added by an unknown userId goes by the email it was given.
	if r := remove(`{"email":"dee@example.com"}`); r.Status != 200 {
		t.Errorf("remove by a resident's own email = %d %s", r.Status, r.Body)
	}
	wantCommandError(t, remove(`{"userId":"`+u1.ID+`"}`), 400, "Bad Request", "Resident not found on this lock")
	wantCommandError(t, remove(`{"email":"eve@example.com"}`), 400, "Bad Request", "Resident not found on this lock")
	wantCommandError(t, remove(`{}`), 400, "Bad Request", "Give the resident's userId, email or phoneNumber")
	wantCommandError(t, post(t, srv, "/locks/99/RemoveResident", `{"userId":"x"}`), 404, "Not Found", "Lock 99 not found")

	_, page := getEvents(t, srv, "5", "")
	var types []string
	for _, ev := range page.Events {
		types = append(types, ev.Type)
	}
	wantTypes := []string{EventLockCreated, EventResidentAdded, EventResidentAdded, EventResidentAdded, EventResidentAdded, EventResidentRemoved, EventResidentRemoved}
	if !reflect.DeepEqual(types, wantTypes) {
		t.Errorf("lock events = %v, want %v", types, wantTypes)
	}
}

func TestResidentsGoAPI(t *testing.T) {
	t.Parallel()
	u1 := NumberedUser(1)
	srv := newServer(t, Options{Locks: []int64{5}, Users: []User{u1}})
	if err := srv.AddResident(5, Resident{UserID: u1.ID, Name: "Ann"}); err != nil {
		t.Fatal(err)
	}
	rs, _ := srv.Residents(5)
	if len(rs) != 1 || rs[0] != (Resident{UserID: u1.ID, Name: "Ann", Email: u1.Email, HasPhone: true}) {
		t.Errorf("Residents = %+v, want email and hasPhone from the user", rs)
	}
	if err := srv.AddResident(5, Resident{UserID: u1.ID, Name: "Ann"}); err != nil {
		t.Fatal(err)
	}
	if l, _ := srv.Lock(5); l.Version != 2 {
		t.Errorf("the same resident again: version %d, want 2", l.Version)
	}
	if err := srv.AddResident(5, Resident{UserID: u1.ID, Name: "Ann B."}); err != nil {
		t.Fatal(err)
	}
	if rs, _ := srv.Residents(5); len(rs) != 1 || rs[0].Name != "Ann B." {
		t.Errorf("renamed: %+v", rs)
	}
	if l, _ := srv.Lock(5); l.Version != 4 {
		t.Errorf("a renamed resident: version %d, want 4 (removed, added)", l.Version)
	}
	if !srv.RemoveResident(5, u1.ID) || srv.RemoveResident(5, u1.ID) || srv.RemoveResident(9, u1.ID) {
		t.Error("RemoveResident reported the wrong result")
	}
	if err := srv.AddResident(9, Resident{UserID: "x", Name: "y"}); !errors.Is(err, ErrNotFound) {
		t.Errorf("AddResident on a missing lock = %v, want ErrNotFound", err)
	}
	if err := srv.AddResident(5, Resident{UserID: "x"}); err == nil {
		t.Error("AddResident without a name succeeded")
	}
	if _, ok := srv.Residents(9); ok {
		t.Error("Residents of a missing lock reported ok")
	}
}
