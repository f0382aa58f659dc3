package spkeytest

import (
	"encoding/json"
	"net/http"
	"reflect"
	"strings"
	"testing"
)

func TestFaultGateway(t *testing.T) {
	t.Parallel()
	f, err := ParseFault("kind=gateway,op=AddKey,lock=5,after=true,count=1")
	if err != nil || !reflect.DeepEqual(f, Fault{Kind: FaultGateway, Op: OpAddKey, LockID: 5, After: true, Count: 1}) {
		t.Fatalf("ParseFault = %#v, %v", f, err)
	}
	u, err := ParseFault("kind=gateway,status=504,op=AddAccessibleLock,user=" + UserUUID(1))
	if err != nil || u.UserID != UserUUID(1) || u.Status != 504 {
		t.Fatalf("ParseFault with user= = %#v, %v", u, err)
	}
	if again, err := ParseFault(u.String()); err != nil || again != u {
		t.Errorf("round trip through %q = %#v, %v", u.String(), again, err)
	}
	for _, spec := range []string{"kind=gateway,status=500", "kind=gateway,status=429"} {
		if _, err := ParseFault(spec); err == nil || !strings.Contains(err.Error(), "502, 503 or 504") {
			t.Errorf("ParseFault(%q) = %v, want a status error", spec, err)
		}
	}

	srv := newServer(t, Options{Locks: []int64{5}})
	inject(t, srv, Fault{Kind: FaultGateway, Op: OpDetails, Count: 1})
	inject(t, srv, Fault{Kind: FaultGateway, Status: 503, RetryAfter: "7", Op: OpDetails, Count: 1})
	r := get(t, srv, "/locks/5/details")
	if r.Status != 502 || r.Header.Get("Content-Type") != "text/html" || json.Valid(r.Body) || !strings.Contains(string(r.Body), "<title>502 Bad Gateway</title>") || !strings.Contains(string(r.Body), "nginx") {
		t.Errorf("gateway answer = %d %q %q", r.Status, r.Header.Get("Content-Type"), r.Body)
	}
	r = get(t, srv, "/locks/5/details")
	if r.Status != 503 || r.Header.Get("Retry-After") != "7" || !strings.Contains(string(r.Body), "<title>503 Service Unavailable</title>") {
		t.Errorf("gateway 503 = %d %q %q", r.Status, r.Header.Get("Retry-After"), r.Body)
	}
}

// TestLostAnswers applies every access command, then loses its answer
// (after=true): the change is there, as a read shows.
func TestLostAnswers(t *testing.T) {
	t.Parallel()
	u1 := NumberedUser(1)
	commands := []struct {
		op, path, body string
		took           func(s *Server) bool
	}{
		{OpAddAccessibleLock, "/users/" + u1.ID + "/AddAccessibleLock", `{"lockId":"5","lockName":"a","accessLevel":"USER","grantedBy":"x"}`,
			func(s *Server) bool { l, _ := s.AccessibleLocks(u1.ID); return len(l) == 1 }},
		{OpRemoveAccessibleLock, "/users/" + u1.ID + "/RemoveAccessibleLock", `{"lockId":"5","removedBy":"x","reason":"r"}`,
			func(s *Server) bool { l, _ := s.AccessibleLocks(u1.ID); return len(l) == 0 }},
		{OpAddResident, "/locks/5/AddResident", `{"name":"Ann","userId":"` + u1.ID + `"}`,
			func(s *Server) bool { r, _ := s.Residents(5); return len(r) == 1 }},
		{OpRemoveResident, "/locks/5/RemoveResident", `{"userId":"` + u1.ID + `"}`,
			func(s *Server) bool { r, _ := s.Residents(5); return len(r) == 0 }},
		{OpAddKey, "/locks/5/AddKey", `{"keyUuid":"k-1"}`,
			func(s *Server) bool { k, _ := s.Keys(5); return len(k) == 1 }},
		{OpRemoveKey, "/locks/5/RemoveKey", `{"keyUuid":"k-1"}`,
			func(s *Server) bool { k, _ := s.Keys(5); return len(k) == 0 }},
		{OpCreateTempKey, "/locks/5/create-temp-key", tempKeyBody("tk-1", nil),
			func(s *Server) bool { k, _ := s.TempKeys(5); return len(k) == 1 }},
		{OpUpdateTempKey, "/locks/5/update-temp-key", `{"tempKeyUuid":"tk-1","maxUses":4}`,
			func(s *Server) bool {
				k, _ := s.TempKeys(5)
				return len(k) == 1 && k[0].MaxUses != nil && *k[0].MaxUses == 4
			}},
		{OpDeleteTempKey, "/locks/5/delete-temp-key", `{"tempKeyUuid":"tk-1"}`,
			func(s *Server) bool { k, _ := s.TempKeys(5); return len(k) == 0 }},
	}
	for _, kind := range []FaultKind{FaultGateway, FaultDrop} {
		t.Run(string(kind), func(t *testing.T) {
			t.Parallel()
			srv := newServer(t, Options{Locks: []int64{5}, Users: []User{u1}})
			for _, c := range commands {
				inject(t, srv, Fault{Kind: kind, Op: c.op, After: true, Count: 1})
				req, err := http.NewRequestWithContext(t.Context(), http.MethodPost, srv.URL+c.path, strings.NewReader(c.body))
				if err != nil {
					t.Fatal(err)
				}
				for i := 0; i < len(withToken); i += 2 {
					req.Header.Set(withToken[i], withToken[i+1])
				}
				resp, err := freshClient().Do(req)
				switch {
				case kind == FaultDrop && err == nil:
					_ = resp.Body.Close()
					t.Errorf("%s: HTTP %d, want a dropped connection", c.op, resp.StatusCode)
				case kind == FaultGateway && err != nil:
					t.Fatalf("%s: %v", c.op, err)
				case kind == FaultGateway:
					_ = resp.Body.Close()
					if resp.StatusCode != 502 || resp.Header.Get("Content-Type") != "text/html" {
						t.Errorf("%s: %d %s, want a gateway's HTML 502", c.op, resp.StatusCode, resp.Header.Get("Content-Type"))
					}
				}
				if !c.took(srv) {
					t.Errorf("%s: the command did not take effect despite after=true", c.op)
				}
			}
		})
	}
}

func TestFaultsMatchUsersAndBodyLocks(t *testing.T) {
	t.Parallel()
	u1, u2 := NumberedUser(1), NumberedUser(2)
	srv := newServer(t, Options{Users: []User{u1, u2}})
	inject(t, srv, Fault{Kind: FaultStatus, Status: 503, Op: OpAccessibleLocks, UserID: u1.ID})
	inject(t, srv, Fault{Kind: FaultStatus, Status: 429, Op: OpAddAccessibleLock, LockID: 7})
	wantShapeB(t, get(t, srv, "/users/"+u1.ID+"/accessible-locks"), 503, "Service temporarily unavailable")
	if r := get(t, srv, "/users/"+u2.ID+"/accessible-locks"); r.Status != 200 {
		t.Errorf("another user's list = %d, want 200", r.Status)
	}
	grant := func(lockID string) result {
		return post(t, srv, "/users/"+u2.ID+"/AddAccessibleLock", `{"lockId":"`+lockID+`","lockName":"a","accessLevel":"USER","grantedBy":"x"}`)
	}
	wantCommandError(t, grant("7"), 429, "Too Many Requests", "Too many attempts")
	if r := grant("8"); r.Status != 200 {
		t.Errorf("lock 8 = %d, want 200 (the rule names lock 7)", r.Status)
	}
}

// TestFaultStatusShapes: an injected status answers in the operation's
// own error shape.
func TestFaultStatusShapes(t *testing.T) {
	t.Parallel()
	srv := newServer(t, Options{Locks: []int64{5}})
	for _, c := range []struct {
		op, method, path string
		check            func(r result)
	}{
		{OpUserByEmail, "GET", "/users/by-email?email=a@example.com", func(r result) { wantLookupError(t, r, 503, "Service temporarily unavailable") }},
		{OpTempKeys, "GET", "/locks/5/temp-keys", func(r result) { wantCommandError(t, r, 503, "Service Unavailable", "Service temporarily unavailable") }},
		{OpResidents, "GET", "/locks/5/residents", func(r result) { wantShapeB(t, r, 503, "Service temporarily unavailable") }},
		{OpAddKey, "POST", "/locks/5/AddKey", func(r result) { wantKeyError(t, r, 503, "Service Unavailable", "Service temporarily unavailable") }},
	} {
		inject(t, srv, Fault{Kind: FaultStatus, Status: 503, Op: c.op, Count: 1})
		c.check(send(t, srv, c.method, c.path, `{"keyUuid":"k"}`, withToken...))
	}
	if k, _ := srv.Keys(5); len(k) != 0 {
		t.Errorf("a fault without after applied the command: %+v", k)
	}
}
