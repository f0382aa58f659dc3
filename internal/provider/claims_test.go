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
	if len(got) != 2 || got[0].lockID != 2 || got[1].lockID != 4 || got[0].other != "a" || got[1].other != "b" || got[0].value != "org_a" {
		t.Fatalf("conflicts = %+v", got)
	}
	if got := c.claim("user_id", "d", "user_x", []int64{4}); len(got) != 0 {
		t.Fatalf("another attribute of the same lock is no conflict: %v", got)
	}
}

// TestClaimsOfEntries: a lock's entry for a user is claimed apart from the
// lock's own attributes and from other users' entries; user ids compare
// without regard to case.
func TestClaimsOfEntries(t *testing.T) {
	t.Parallel()
	c := newClaims()
	const user = "6f1c2a4e-8d0b-4c3e-9a7f-1b2c3d4e5f60"
	if got := c.claimEntry("access", "a", "Door/USER", 7, user); len(got) != 0 {
		t.Fatalf("first claim conflicts: %v", got)
	}
	if got := c.claimEntry("access", "b", "Door/ADMIN", 7, "6F1C2A4E-8D0B-4C3E-9A7F-1B2C3D4E5F60"); len(got) != 1 ||
		got[0].other != "a" || got[0].value != "Door/USER" || got[0].lockID != 7 || got[0].of != user {
		t.Fatalf("conflicts = %+v, want the first claim", got)
	}
	if got := c.claimEntry("access", "c", "Door/ADMIN", 7, "00000000-0000-4000-a000-000000000001"); len(got) != 0 {
		t.Fatalf("another user's entry is no conflict: %v", got)
	}
	if got := c.claim("access", "d", "x", []int64{7}); len(got) != 0 {
		t.Fatalf("the lock's own attribute is no conflict with its entries: %v", got)
	}
}
