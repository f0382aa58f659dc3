package provider

import "testing"

func TestClaimsReportConflicts(t *testing.T) {
	t.Parallel()
	c := newClaims()
	if got := c.claim("org_id", "a", "org_a", []int64{1, 2, 3}); len(got) != 0 {
		t.Fatalf("first claim conflicts: %v", got)
	}
	if got := c.claim("org_id", "b", "org_a", []int64{3, 4}); len(got) != 0 {
		t.Fatalf("same organization is no conflict: %v", got)
	}
	got := c.claim("org_id", "c", "org_b", []int64{4, 2, 9})
	if len(got) != 2 || got[0].lockID != 2 || got[1].lockID != 4 || got[0].other != "a" || got[1].other != "b" || got[0].otherOrg != "org_a" {
		t.Fatalf("conflicts = %+v", got)
	}
	if got := c.claim("user_id", "d", "user_x", []int64{4}); len(got) != 0 {
		t.Fatalf("another attribute of the same lock is no conflict: %v", got)
	}
}
