package client

import (
	"context"
	"net/http"
	"strings"
	"testing"
)

// TestUserPathLowerCase: a user id spelled in upper case names the same
// user, so every /users/{id} call sends it in lower case, as the API
// writes it, and the reads of one user share one answer however it was
// spelled.
func TestUserPathLowerCase(t *testing.T) {
	t.Parallel()
	srv := newStubServer(t, func(w http.ResponseWriter, r *http.Request, _ int) {
		if r.Method == http.MethodGet {
			fixed(http.StatusOK, `{"locks":[{"lockId":"7","lockName":"Front door","accessLevel":"USER","grantedBy":"`+resident+`"}],"totalCount":1}`)(w, r, 0)
			return
		}
		fixed(http.StatusOK, `{"success":true,"aggregateId":"`+resident+`","version":2,"event":null}`)(w, r, 0)
	})
	c := newTestClient(t, srv.URL, nil)
	upper := strings.ToUpper(resident)
	ctx := context.Background()
	if _, err := c.AddAccessibleLock(ctx, upper, Grant{LockID: 8, LockName: "Back door", AccessLevel: "USER", GrantedBy: resident}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.AccessibleLocks(ctx, upper); err != nil {
		t.Fatal(err)
	}
	if _, err := c.AccessibleLocks(ctx, resident); err != nil {
		t.Fatal(err)
	}
	if _, err := c.RemoveAccessibleLock(ctx, upper, Revocation{LockID: 8, RemovedBy: resident, Reason: "test"}); err != nil {
		t.Fatal(err)
	}
	rec := srv.recorded()
	var reads int
	for _, r := range rec {
		if strings.Contains(r.Path, upper) || !strings.HasPrefix(r.Path, "/users/"+resident+"/") {
			t.Errorf("%s %s: want the user id in lower case", r.Method, r.Path)
		}
		if r.Method == http.MethodGet {
			reads++
		}
	}
	if len(rec) != 3 || reads != 1 {
		t.Errorf("%d requests (%d reads), want 3 (1 read): both spellings share one read", len(rec), reads)
	}
}
