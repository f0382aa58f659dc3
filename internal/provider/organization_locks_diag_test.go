package provider

import (
	"strings"
	"testing"
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

	by := `spkey_organization_locks with org_id = "org_a"`
	claims := conflictingClaimsDiag(by, "org_a", []conflict{{lockID: 5, other: `spkey_organization_locks with org_id = "org_b"`, value: "org_b"}}).Detail()
	want := `lock 5: "org_a" by spkey_organization_locks with org_id = "org_a", "org_b" by spkey_organization_locks with org_id = "org_b"`
	if !strings.Contains(claims, want) {
		t.Errorf("two-organizations warning lacks %q:\n%s", want, claims)
	}
}
