package provider

import (
	"strings"
	"testing"

	"github.com/smartphonekey/terraform-provider-spkey/internal/client"
)

// The fleet's warnings read right where they appear: the drift warning
// shows inside the plan that re-adds the locks, so it must not promise
// "the next plan"; the two-organizations warning names both resources.
func TestFleetWarningsPointTheRightWay(t *testing.T) {
	t.Parallel()
	other := "org_b"
	drift := locksDriftedDiag("org_a", []goneLock{{id: 12, orgID: &other}, {id: 9, deleted: true}, {id: 10}}).Detail()
	for _, want := range []string{
		`3 lock(s) in state no longer belong to "org_a"`,
		`lock 9 no longer exists, lock 10 has no organization, lock 12 belongs to "org_b"`,
		`While the configuration still lists them in locks, a plan assigns them to "org_a" again`,
		"remove them from locks",
	} {
		if !strings.Contains(drift, want) {
			t.Errorf("drift warning lacks %q:\n%s", want, drift)
		}
	}
	if strings.Contains(drift, "next plan") {
		t.Errorf("drift warning speaks of the next plan inside a plan:\n%s", drift)
	}

	claims := conflictingClaimsDiag(organizationLocksType, "org_a", []conflict{{lockID: 5, other: lockOrganizationType, value: "org_b"}}).Detail()
	want := `lock 5: "org_a" by spkey_organization_locks, "org_b" by spkey_lock_organization`
	if !strings.Contains(claims, want) {
		t.Errorf("two-organizations warning lacks %q:\n%s", want, claims)
	}
}

// Every warning of the fleet and the per-lock resources reads as one
// sentence after another: no phrase said twice, no garbled sentence
// (issue 23 item 9).
func TestWarningsSayEachThingOnce(t *testing.T) {
	t.Parallel()
	other := "org_b"
	gone := make([]goneLock, 7)
	for i := range gone {
		gone[i] = goneLock{id: int64(i + 1), orgID: &other, since: " since 2026-11-30T10:04:00Z (version 3, OrganizationSet event)"}
	}
	owner := "6f1c2a4e-8d0b-4c3e-9a7f-1b2c3d4e5f60"
	for _, tc := range []struct {
		name        string
		text        string
		want, avoid []string
	}{
		{name: "fleet drift", text: locksDriftedDiag("org_a", gone).Detail(),
			want:  []string{"The time each lock moved is looked up in its event history for the first 5 locks listed only."},
			avoid: []string{"When a lock moved is read"}},
		{name: "fleet destroy", text: locksLeftInPlaceDiag([]int64{1, 2, 3, 4, 5, 6, 7}, "org_a", true).Detail(),
			want:  []string{`no API call is made: destroying this resource only removes it from Terraform state. These locks keep organization "org_a": lock 1, 2, 3, 4, 5 and 2 more.`},
			avoid: []string{"and lock"}},
		{name: "fleet removal", text: locksLeftInPlaceDiag([]int64{3}, "org_a", false).Detail(),
			want: []string{`no API call is made: 1 lock(s) leave this resource. These locks keep organization "org_a": lock 3.`}},
		{name: "per-lock conflict", text: conflictingOwnersDiag(lockOwnerType, owner, []conflict{{lockID: 1, other: lockOwnerType, value: "00000000-0000-4000-a000-000000000001"}}).Detail(),
			want:  []string{`lock 1: "` + owner + `" by spkey_lock_owner, "00000000-0000-4000-a000-000000000001" by spkey_lock_owner`},
			avoid: []string{"for lock 1"}},
		{name: "fleet lock not found", text: fleetFailureDetail(opSetOrganization, 5, "http://127.0.0.1:1", &client.APIError{
			Method: "POST", Path: "/locks/5/SetOrganization", StatusCode: 404, Title: "Not Found", Message: "The requested resource was not found"}),
			want:  []string{`lock 5 does not exist (HTTP 404, the API said: "The requested resource was not found")`},
			avoid: []string{"the API says"}},
	} {
		for _, w := range tc.want {
			if !strings.Contains(tc.text, w) {
				t.Errorf("%s: %q does not say %q", tc.name, tc.text, w)
			}
		}
		for _, a := range tc.avoid {
			if strings.Contains(tc.text, a) {
				t.Errorf("%s: %q says %q", tc.name, tc.text, a)
			}
		}
	}
}
