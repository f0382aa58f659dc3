package spkeytest

import (
	"encoding/json"
	"net/http"
	"testing"
	"time"
)

func TestAdminAccessControls(t *testing.T) {
	t.Parallel()
	u1 := NumberedUser(1)
	srv := newServer(t, Options{Locks: []int64{5}, Users: []User{u1}, Now: func() time.Time { return clockStart }})
	call := func(method, path string, status int) []byte {
		t.Helper()
		r := send(t, srv, method, path, "")
		if r.Status != status {
			t.Fatalf("%s %s = %d %s, want %d", method, path, r.Status, r.Body, status)
		}
		return r.Body
	}

	// Users.
	var u User
	if err := json.Unmarshal(call("PUT", "/_mock/users/"+UserUUID(2)+"?email=two@example.com&phone=%2B48700000002", 200), &u); err != nil || u.Phone != "+48700000002" || u.Version != 1 {
		t.Errorf("PUT a new user = %+v (%v)", u, err)
	}
	if err := json.Unmarshal(call("PUT", "/_mock/users/"+UserUUID(2)+"?phone=", 200), &u); err != nil || u.Phone != "" || u.Email != "two@example.com" || u.Version != 2 {
		t.Errorf("PUT removing the phone = %+v (%v), want the email kept", u, err)
	}
	call("PUT", "/_mock/users/"+UserUUID(3)+"?email="+u1.Email, 409)
	call("PUT", "/_mock/users/"+UserUUID(3)+"?email=nope", 400)
	call("PUT", "/_mock/users/not-a-uuid", 400)
	if err := json.Unmarshal(call("GET", "/_mock/users/"+u1.ID, 200), &u); err != nil || u.ID != u1.ID {
		t.Errorf("GET a user = %+v (%v)", u, err)
	}
	call("GET", "/_mock/users/"+UserUUID(9), 404)

	// Accessible locks.
	var a AccessibleLock
	if err := json.Unmarshal(call("PUT", "/_mock/users/"+u1.ID+"/accessible-locks/5?level=ADMIN", 200), &a); err != nil ||
		a != (AccessibleLock{LockID: "5", LockName: "Lock 5", AccessLevel: AccessAdmin, GrantedBy: DefaultActorID}) {
		t.Errorf("PUT an accessible lock = %+v (%v)", a, err)
	}
	call("PUT", "/_mock/users/"+u1.ID+"/accessible-locks/6?level=ROOT", 400)
	call("PUT", "/_mock/users/"+UserUUID(9)+"/accessible-locks/6", 404)
	if m := get(t, srv, "/users/"+u1.ID+"/accessible-locks").JSON(t); m["totalCount"] != json.Number("1") {
		t.Errorf("the API's list = %v", m)
	}
	call("DELETE", "/_mock/users/"+u1.ID+"/accessible-locks/5", 204)
	call("DELETE", "/_mock/users/"+u1.ID+"/accessible-locks/5", 404)
	var evs []Event
	if err := json.Unmarshal(call("GET", "/_mock/users/"+u1.ID+"/events", 200), &evs); err != nil || len(evs) != 3 || evs[2].Type != EventAccessibleLockRemoved {
		t.Errorf("user events = %+v (%v)", evs, err)
	}
	call("GET", "/_mock/users/"+UserUUID(9)+"/events", 404)

	// Residents.
	var res Resident
	if err := json.Unmarshal(call("PUT", "/_mock/locks/5/residents/"+u1.ID+"?name=Ann", 200), &res); err != nil ||
		res != (Resident{UserID: u1.ID, Name: "Ann", Email: u1.Email, HasPhone: true}) {
		t.Errorf("PUT a resident = %+v (%v)", res, err)
	}
	call("PUT", "/_mock/locks/5/residents/"+u1.ID, 400)
	call("PUT", "/_mock/locks/9/residents/"+u1.ID+"?name=Ann", 404)
	call("DELETE", "/_mock/locks/5/residents/"+u1.ID, 204)
	call("DELETE", "/_mock/locks/5/residents/"+u1.ID, 404)

	// Keys, with the device offline.
	call("PUT", "/_mock/locks/5/device?online=false", 204)
	if !srv.DeviceOffline(5) {
		t.Error("the device is still online")
	}
	call("PUT", "/_mock/locks/5/device?online=maybe", 400)
	var k Key
	if err := json.Unmarshal(call("PUT", "/_mock/locks/5/keys/k-1?index=2&user="+u1.ID, 200), &k); err != nil || k.UUID != "k-1" || k.IndexNumber == nil || *k.IndexNumber != 2 || k.UserID != u1.ID {
		t.Errorf("PUT a key = %+v (%v)", k, err)
	}
	call("PUT", "/_mock/locks/5/keys/k-2?index=-1", 400)
	call("PUT", "/_mock/locks/9/keys/k-2", 404)
	call("DELETE", "/_mock/locks/5/keys/k-1", 204)
	call("DELETE", "/_mock/locks/5/keys/k-1", 404)
	call("PUT", "/_mock/locks/5/device?online=true", 204)
	if srv.DeviceOffline(5) {
		t.Error("the device is still offline")
	}

	// Temp keys and the clock.
	post(t, srv, "/locks/5/create-temp-key", tempKeyBody("tk-1", map[string]string{"maxUses": "3"}))
	var tk TempKey
	if err := json.Unmarshal(call("POST", "/_mock/locks/5/temp-keys/tk-1/use?n=3", 200), &tk); err != nil || tk.UsedCount != 3 || tk.Status != TempKeyUsedUp {
		t.Errorf("use = %+v (%v)", tk, err)
	}
	call("POST", "/_mock/locks/5/temp-keys/tk-1/use?n=0", 400)
	call("POST", "/_mock/locks/5/temp-keys/tk-9/use", 404)
	var now map[string]string
	if err := json.Unmarshal(call("PUT", "/_mock/clock?now=2026-12-03T00:00:00Z", 200), &now); err != nil || now["now"] != "2026-12-03T00:00:00Z" {
		t.Errorf("PUT clock = %v (%v)", now, err)
	}
	if keys, _ := srv.TempKeys(5); keys[0].Status != TempKeyExpired {
		t.Errorf("after moving the clock: %s", keys[0].Status)
	}
	call("PUT", "/_mock/clock?now=tomorrow", 400)
	call("PUT", "/_mock/clock", 200)
	if !srv.Now().Equal(clockStart) {
		t.Errorf("after PUT /_mock/clock without now: %v, want Options.Now", srv.Now())
	}
	call("DELETE", "/_mock/locks/5/temp-keys/tk-1", 204)
	call("DELETE", "/_mock/locks/5/temp-keys/tk-1", 404)

	call("DELETE", "/_mock/users/"+UserUUID(2), 204)
	call("DELETE", "/_mock/users/"+UserUUID(2), 404)
	var users []User
	if err := json.Unmarshal(call("GET", "/_mock/users", 200), &users); err != nil || len(users) != 1 {
		t.Errorf("GET /_mock/users = %+v (%v)", users, err)
	}
	if st := srv.Stats(); st.Requests != 2 {
		t.Errorf("Stats().Requests = %d, want 2: control calls must not count", st.Requests)
	}
	if r := send(t, srv, http.MethodPost, "/_mock/users/"+u1.ID, ""); r.Status != http.StatusMethodNotAllowed {
		t.Errorf("POST /_mock/users/{id} = %d, want 405", r.Status)
	}
}
