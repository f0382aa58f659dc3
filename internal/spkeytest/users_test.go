package spkeytest

import (
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"reflect"
	"strings"
	"testing"
	"time"
)

// wantLookupError checks the look-ups' error shape, {"error": "..."}.
func wantLookupError(t *testing.T, r result, status int, contains string) {
	t.Helper()
	if r.Status != status {
		t.Fatalf("status = %d, want %d (body %s)", r.Status, status, r.Body)
	}
	m := r.JSON(t)
	msg, _ := m["error"].(string)
	if len(m) != 1 || !strings.Contains(msg, contains) {
		t.Errorf("body = %v, want only an error containing %q", m, contains)
	}
}

func TestNumberedUser(t *testing.T) {
	t.Parallel()
	for n, want := range map[int64]User{
		1:     {ID: "00000000-0000-4000-a000-000000000001", Email: "user1@example.com", Phone: "+48600000001"},
		7:     {ID: "00000000-0000-4000-a000-000000000007", Email: "user7@example.com", Phone: "+48600000007"},
		12345: {ID: "00000000-0000-4000-a000-000000012345", Email: "user12345@example.com", Phone: "+48600012345"},
	} {
		if got := NumberedUser(n); got != want {
			t.Errorf("NumberedUser(%d) = %+v, want %+v", n, got, want)
		}
		if UserUUID(n) != want.ID {
			t.Errorf("UserUUID(%d) = %q", n, UserUUID(n))
		}
	}
}

func TestUserByEmail(t *testing.T) {
	t.Parallel()
	u1 := NumberedUser(1)
	srv := newServer(t, Options{Users: []User{u1}, Clock: StepClock(clockStart, time.Minute)})
	lookup := func(query string) result { return get(t, srv, "/users/by-email?"+query) }

	m := lookup("email=" + u1.Email).JSON(t)
	want := map[string]any{"uuid": u1.ID, "email": u1.Email, "created_at": ts(0)}
	if !reflect.DeepEqual(m, want) {
		t.Errorf("found = %v, want %v", m, want)
	}
	if m := lookup("email=USER1@Example.COM&searchOnly=true").JSON(t); m["uuid"] != u1.ID {
		t.Errorf("upper-case email: %v, want user 1 (emails compare without case)", m)
	}

	// A miss creates a user with an id of its own, once.
	m = lookup("email=new@example.com").JSON(t)
	created, _ := m["uuid"].(string)
	if created != "00000000-0000-4000-b000-000000000001" || m["email"] != "new@example.com" || m["created_at"] != ts(1) {
		t.Errorf("created = %v", m)
	}
	if again := lookup("email=new@example.com").JSON(t); again["uuid"] != created {
		t.Errorf("second look-up = %v, want the same user", again)
	}
	if u, ok := srv.User(created); !ok || u.Version != 1 || u.Email != "new@example.com" {
		t.Errorf("stored user = %+v %v", u, ok)
	}
	if evs, _ := srv.UserEvents(created); len(evs) != 1 || evs[0].Type != EventUserCreated || evs[0].AggregateType != UserAggregateType {
		t.Errorf("events = %+v, want one UserCreated", evs)
	}

	// uuid= names the new user's id, lower-cased.
	if m := lookup("email=third@example.com&uuid=3F2504E0-4F89-41D3-9A0C-0305E82C3301").JSON(t); m["uuid"] != "3f2504e0-4f89-41d3-9a0c-0305e82c3301" {
		t.Errorf("with uuid= = %v", m)
	}
	// A user found keeps its id whatever uuid= says.
	if m := lookup("email=third@example.com&uuid=" + UserUUID(50)).JSON(t); m["uuid"] != "3f2504e0-4f89-41d3-9a0c-0305e82c3301" {
		t.Errorf("found with another uuid= = %v", m)
	}
	before := len(srv.Users())
	wantLookupError(t, lookup("email=fourth@example.com&uuid="+u1.ID), http.StatusConflict, "uuid already exists")
	wantLookupError(t, lookup("email=fourth@example.com&searchOnly=true"), http.StatusNotFound, "No user has this email")
	if m := lookup("email=" + u1.Email + "&searchOnly=false").JSON(t); m["uuid"] != u1.ID {
		t.Errorf("searchOnly=false = %v", m)
	}
	for query, msg := range map[string]string{
		"":                                  "email is required",
		"email=nope":                        "email must be an address",
		"email=a@b@c":                       "email must be an address",
		"email=a%20b@example.com":           "email must be an address",
		"email=x@example.com&searchOnly=1":  "searchOnly must be true or false",
		"email=x@example.com&uuid=not-uuid": "uuid must be a UUID",
	} {
		wantLookupError(t, lookup(query), http.StatusBadRequest, msg)
	}
	wantShapeA(t, send(t, srv, http.MethodGet, "/users/by-email?email=z@example.com", ""), 401, "Unauthorized", "Authentication required. Please provide a valid API token")
	if n := len(srv.Users()); n != before {
		t.Errorf("refused look-ups created %d users", n-before)
	}
	if got := srv.RequestsFor(OpUserByEmail, 0); len(got) == 0 || got[0].UserID != "" {
		t.Errorf("recorded look-ups = %+v", got)
	}
}

func TestUserByPhone(t *testing.T) {
	t.Parallel()
	u1 := NumberedUser(1)
	srv := newServer(t, Options{Users: []User{u1, {ID: UserUUID(2), Email: "two@example.com"}}})
	lookup := func(query string) result { return get(t, srv, "/users/by-phone?"+query) }

	for _, form := range []string{"+48 600 000 001", "0048600000001", "+48600000001", "+48-600-000-001"} {
		m := lookup("phoneNumber=" + url.QueryEscape(form) + "&searchOnly=true").JSON(t)
		if m["uuid"] != u1.ID || m["phoneNumber"] != u1.Phone || m["email"] != u1.Email {
			t.Errorf("%q = %v, want user 1", form, m)
		}
	}

	// A miss creates a phone-only user; email= adds an email.
	m := lookup("phoneNumber=" + url.QueryEscape("+44 20 7946 0000")).JSON(t)
	if m["phoneNumber"] != "+442079460000" || m["email"] != nil {
		t.Errorf("phone-only user = %v, want email null", m)
	}
	if _, present := m["email"]; !present {
		t.Error("email is missing instead of null")
	}
	m = lookup("phoneNumber=0033123456789&email=both@example.com").JSON(t)
	if m["phoneNumber"] != "+33123456789" || m["email"] != "both@example.com" {
		t.Errorf("user with both = %v", m)
	}
	if found := get(t, srv, "/users/by-email?searchOnly=true&email=both@example.com").JSON(t); found["uuid"] != m["uuid"] {
		t.Errorf("by-email finds %v, want the user by-phone created", found)
	}
	// An email-only user: by-email finds it, by-phone does not.
	if m := get(t, srv, "/users/by-email?email=two@example.com").JSON(t); m["uuid"] != UserUUID(2) {
		t.Errorf("email-only user = %v", m)
	}
	if m := lookup("phoneNumber=%2B48600000002&searchOnly=true"); m.Status != 404 {
		t.Errorf("email-only user by phone = %d, want 404", m.Status)
	}

	before := len(srv.Users())
	wantLookupError(t, lookup("phoneNumber=%2B48111111111&email=two@example.com"), http.StatusConflict, "already has this email")
	wantLookupError(t, lookup("phoneNumber=%2B48111111111&uuid="+u1.ID), http.StatusConflict, "uuid already exists")
	wantLookupError(t, lookup("phoneNumber=%2B48111111111&searchOnly=true"), http.StatusNotFound, "No user has this phone number")
	for query, msg := range map[string]string{
		"":                                       "phoneNumber is required",
		"phoneNumber=48600000001":                "international form",
		"phoneNumber=+48600000001":               "%2B", // a raw "+" reads as a space
		"phoneNumber=%2B48abc":                   "international form",
		"phoneNumber=%2B123":                     "international form",
		"phoneNumber=%2B48600000001&email=nope":  "email must be an address",
		"phoneNumber=%2B48600000001&searchOnly=": "",
	} {
		if msg == "" {
			if r := lookup(query); r.Status != 200 {
				t.Errorf("%s = %d, want 200 (an empty searchOnly is its default)", query, r.Status)
			}
			continue
		}
		wantLookupError(t, lookup(query), http.StatusBadRequest, msg)
	}
	if n := len(srv.Users()); n != before {
		t.Errorf("refused look-ups created %d users", n-before)
	}
}

func TestUsersGoAPI(t *testing.T) {
	t.Parallel()
	srv := newServer(t, Options{Clock: StepClock(clockStart, time.Minute)})
	u, err := srv.AddUser(User{Email: "a@example.com", Phone: "0048 600 000 111"})
	if err != nil || u.ID == "" || u.Phone != "+48600000111" || u.Version != 1 || !u.CreatedAt.Equal(clockStart) {
		t.Fatalf("AddUser = %+v, %v", u, err)
	}
	for _, bad := range []User{
		{ID: u.ID},
		{Email: "A@example.com"},
		{Phone: "+48600000111"},
		{ID: "7"},
		{Email: "nope"},
		{Phone: "600000111"},
	} {
		if _, err := srv.AddUser(bad); err == nil {
			t.Errorf("AddUser(%+v) succeeded", bad)
		}
	}
	b, _ := srv.AddUser(User{ID: UserUUID(2), Email: "b@example.com"})

	u, err = srv.SetUserContact(u.ID, "c@example.com", "")
	if err != nil || u.Email != "c@example.com" || u.Phone != "" || u.Version != 2 {
		t.Errorf("SetUserContact = %+v, %v", u, err)
	}
	if same, _ := srv.SetUserContact(u.ID, "c@example.com", ""); same.Version != 2 {
		t.Errorf("an unchanged contact recorded an event: %+v", same)
	}
	if r := get(t, srv, "/users/by-email?searchOnly=true&email=a@example.com"); r.Status != 404 {
		t.Errorf("the old email still finds the user: %d", r.Status)
	}
	if r := get(t, srv, "/users/by-phone?searchOnly=true&phoneNumber=%2B48600000111"); r.Status != 404 {
		t.Errorf("the removed phone still finds the user: %d", r.Status)
	}
	if _, err := srv.SetUserContact(u.ID, b.Email, ""); err == nil {
		t.Error("SetUserContact took another user's email")
	}
	if _, err := srv.SetUserContact(UserUUID(9), "", ""); !errors.Is(err, ErrNotFound) {
		t.Errorf("SetUserContact of a missing user = %v, want ErrNotFound", err)
	}
	evs, _ := srv.UserEvents(u.ID)
	if len(evs) != 2 || evs[1].Type != EventUserUpdated || evs[1].Data["email"] != "c@example.com" {
		t.Errorf("events = %+v", evs)
	}

	if got := srv.Users(); len(got) != 2 || got[0].ID != UserUUID(2) {
		t.Errorf("Users() = %+v, want two, ordered by id", got)
	}
	if !srv.DeleteUser(b.ID) || srv.DeleteUser(b.ID) {
		t.Error("DeleteUser reported the wrong result")
	}
	if _, ok := srv.User(b.ID); ok {
		t.Error("the deleted user is still there")
	}
	if r := get(t, srv, "/users/by-email?email=b@example.com"); r.Status != 200 || r.JSON(t)["uuid"] == b.ID {
		t.Errorf("the deleted user's email = %d %s, want a new user", r.Status, r.Body)
	}
}

func TestOptionsUsersChecked(t *testing.T) {
	t.Parallel()
	for _, users := range [][]User{
		{{Email: "a@example.com"}, {Email: "a@example.com"}},
		{{Phone: "123"}},
	} {
		s := New(Options{Token: testToken, Users: users})
		if err := s.Start("127.0.0.1:0"); err == nil {
			s.Close()
			t.Errorf("Start accepted Options.Users %+v", users)
		}
	}
	var decoded []User
	srv := newServer(t, Options{Users: []User{NumberedUser(3)}})
	r := send(t, srv, http.MethodGet, "/_mock/users", "")
	if err := json.Unmarshal(r.Body, &decoded); err != nil || len(decoded) != 1 || decoded[0].ID != UserUUID(3) || decoded[0].Version != 1 {
		t.Errorf("GET /_mock/users = %s (%v)", r.Body, err)
	}
}
