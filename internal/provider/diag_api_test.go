package provider

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/smartphonekey/terraform-provider-spkey/internal/client"
)

// diagFor sends one real call through the client to a server running h and
// returns the diagnostic the provider makes of the error.
func diagFor(t *testing.T, op operation, h http.HandlerFunc) (summary, detail string) {
	t.Helper()
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	c, err := client.New(client.Config{BaseURL: srv.URL, Token: "tok", MaxRetries: 0})
	if err != nil {
		t.Fatal(err)
	}
	if op == opReadLock {
		_, err = c.LockBasicInfo(context.Background(), 26)
	} else {
		_, err = c.SetOrganization(context.Background(), 26, "org_a")
	}
	if err == nil {
		t.Fatal("the call succeeded; want an error")
	}
	d := apiErrorDiag(op, lockSubject(26), c.BaseURL(), err)
	return d.Summary(), d.Detail()
}

// jsonAnswer answers every request with status and a JSON body.
func jsonAnswer(status int, body string) http.HandlerFunc {
	return func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		_, _ = w.Write([]byte(body))
	}
}

// The provider's wording points the right way: a redirect never suggests
// a base_url on another host and never calls the provider's own advice
// "the API said"; a refresh never says "the change was not made"; a 400
// names the operation's own attribute; a 404 for a numeric id says
// "check base_url" and not the UUID advice meant for ids that look like
// UUIDs.
func TestAPIErrorDiagWording(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name  string
		op    operation
		h     http.HandlerFunc
		want  []string
		avoid []string
	}{
		{
			name: "redirect to another host",
			op:   opSetOrganization,
			h: func(w http.ResponseWriter, r *http.Request) {
				http.Redirect(w, r, "https://evil.example"+r.URL.Path, http.StatusFound)
			},
			want:  []string{"the server at base_url answered HTTP 302, a redirect to", "redirected to another host, evil.example", "does not follow redirects"},
			avoid: []string{"the API said", "set base_url to", "the API redirected"},
		},
		{
			name: "redirect on the same host",
			op:   opSetOrganization,
			h: func(w http.ResponseWriter, r *http.Request) {
				http.Redirect(w, r, "/v1"+r.URL.Path, http.StatusMovedPermanently)
			},
			want:  []string{"a redirect to", "if the API lives at", "/v1, set base_url to that"},
			avoid: []string{"the API said"},
		},
		{
			name:  "200 success false on refresh",
			op:    opReadLock,
			h:     jsonAnswer(http.StatusOK, `{"success":false,"message":"maintenance"}`),
			want:  []string{`"success": false`, "nothing was read and state is unchanged"},
			avoid: []string{"the change was not made"},
		},
		{
			name: "200 success false on SetOrganization",
			op:   opSetOrganization,
			h:    jsonAnswer(http.StatusOK, `{"success":false,"message":"maintenance"}`),
			want: []string{`"success": false`, "the change was not made"},
		},
		{
			name:  "400 names the operation's attribute",
			op:    opSetOwner,
			h:     jsonAnswer(http.StatusBadRequest, `{"success":false,"error":"Bad Request","message":"invalid id","code":400}`),
			want:  []string{"Unable to Set Lock Owner", "HTTP 400", "Check user_id."},
			avoid: []string{"org_id"},
		},
		{
			name:  "404 for a numeric id",
			op:    opReadLock,
			h:     jsonAnswer(http.StatusNotFound, `{"success":false,"errors":[{"code":404,"message":"Lock 26 not found"}]}`),
			want:  []string{"lock 26 does not exist (HTTP 404", "Check lock_id, and check base_url"},
			avoid: []string{"UUID"},
		},
		{
			name: "404 that is not the API's",
			op:   opReadLock,
			h: func(w http.ResponseWriter, _ *http.Request) {
				http.Error(w, "404 page not found", http.StatusNotFound)
			},
			want:  []string{"the server answered HTTP 404", "does not look like the SmartphoneKey API", "Nothing was read and state is unchanged"},
			avoid: []string{"does not exist", "the API said"},
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			summary, detail := diagFor(t, tc.op, tc.h)
			text := summary + ": " + detail
			for _, w := range tc.want {
				if !strings.Contains(text, w) {
					t.Errorf("the diagnostic does not say %q:\n%s", w, text)
				}
			}
			for _, a := range tc.avoid {
				if strings.Contains(text, a) {
					t.Errorf("the diagnostic says %q:\n%s", a, text)
				}
			}
		})
	}
}

// A cancelled operation says what running it again does, in the words of
// that operation: a write names its own attribute, a read changes nothing.
func TestCancelledOperationSaysWhatAgainDoes(t *testing.T) {
	t.Parallel()
	for op, want := range map[operation]string{
		opSetOrganization: "sending the same org_id a second time is harmless",
		opSetOwner:        "sending the same user_id a second time is harmless",
		opReadLock:        "a read changes nothing",
		opQueryLocks:      "a read changes nothing",
	} {
		d := apiErrorDiag(op, lockSubject(26), "http://127.0.0.1:1", context.Canceled)
		if !strings.Contains(d.Detail(), want) {
			t.Errorf("%s: %q does not say %q", op.summary, d.Detail(), want)
		}
	}
}

// A timeout names the timeouts attribute that bounds the call where it ran
// (issue 23 item 9): a refresh or a data source "read", an update's call
// "update", a create "create", a remove "delete"; a query has none to name.
func TestTimeoutAdviceNamesTheOperationsTimeout(t *testing.T) {
	t.Parallel()
	cases := []struct {
		op          operation
		want, avoid string
	}{
		{opReadLock, `Raise the read timeout (for example timeouts = { read = "10m" })`, "create"},
		{opReadEvents, `Raise the read timeout (for example timeouts = { read = "10m" })`, "create"},
		{opSetOrganization, `Raise the create timeout (for example timeouts = { create = "10m" })`, "update"},
		{opSetOwner.during("update"), `Raise the update timeout (for example timeouts = { update = "10m" })`, "create"},
		{opRevokeAccess, `Raise the delete timeout (for example timeouts = { delete = "10m" })`, "create"},
		{opQueryLocks, "the time Terraform gave the operation ran out before the API answered", "timeouts ="},
		{opReadResidents.during(noTimeouts), "the time Terraform gave the operation ran out before the API answered", "timeouts ="},
		{opReadResidents.during("create"), `Raise the create timeout (for example timeouts = { create = "10m" })`, "read timeout"},
		{opUpdateTempKey, `Raise the update timeout (for example timeouts = { update = "10m" })`, "create"},
		{opQueryAccess, "the time Terraform gave the operation ran out before the API answered", "timeouts ="},
	}
	for _, tc := range cases {
		d := apiErrorDiag(tc.op, lockSubject(26), "http://127.0.0.1:1", context.DeadlineExceeded)
		if !strings.Contains(d.Detail(), tc.want) || strings.Contains(d.Detail(), tc.avoid) {
			t.Errorf("%s (%s): %q should say %q and not %q", tc.op.summary, tc.op.timeoutKey(), d.Detail(), tc.want, tc.avoid)
		}
	}
}

// An exclusive resource's changes are bounded by the create or update
// timeout, whichever step failed (an add, a remove): the error advises
// that one.
func TestResidentChangesAdviseTheirTimeout(t *testing.T) {
	t.Parallel()
	change := residentChange{userID: "6f1c2a4e-8d0b-4c3e-9a7f-1b2c3d4e5f60", name: "Ada"}
	for _, key := range []string{"create", "update"} {
		for _, err := range []error{context.DeadlineExceeded, &stepError{op: opRemoveResident, err: context.DeadlineExceeded}} {
			got := residentFailureDetail(7, change, "http://127.0.0.1:1", err, key)
			if want := `timeouts = { ` + key + ` = "10m" }`; !strings.Contains(got, want) {
				t.Errorf("%s, %v: %q does not advise %s", key, err, got, want)
			}
		}
	}
}

// A user's list of grants is changed within the create or update
// timeout: a failed grant or removal advises that one.
func TestGrantChangesAdviseTheirTimeout(t *testing.T) {
	t.Parallel()
	for _, key := range []string{"create", "update"} {
		for _, remove := range []bool{false, true} {
			d := grantFailuresDiag(map[int64]error{7: context.DeadlineExceeded}, 1, "6f1c2a4e-8d0b-4c3e-9a7f-1b2c3d4e5f60", "http://127.0.0.1:1",
				map[int64]grantChange{7: {remove: remove}}, accessUpdateAfter, key)
			if want := `timeouts = { ` + key + ` = "10m" }`; !strings.Contains(d.Detail(), want) {
				t.Errorf("%s, remove %v: %q does not advise %s", key, remove, d.Detail(), want)
			}
		}
	}
}
