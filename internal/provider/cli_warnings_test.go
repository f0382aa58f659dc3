package provider

import (
	"path/filepath"
	"testing"
)

// Destroy makes no API call and says so, already at plan time; a lock that
// disappeared leaves state with a warning.
func TestAccCLI_warnings(t *testing.T) {
	mock := newMock(t, 123, 124)
	cli := newCLI(t)
	config := requiredProviders + providerBlock(mock.URL) + `
resource "spkey_lock_organization" "a" {
  lock_id = 123
  org_id  = "org_a"
}
resource "spkey_lock_organization" "b" {
  lock_id = 124
  org_id  = "org_a"
}
`
	writeFile(t, filepath.Join(cli.dir, "main.tf"), config)
	cli.run(true, "apply", "-auto-approve")

	mock.DeleteLock(124)
	out := cli.run(true, "apply", "-refresh-only", "-auto-approve")
	mustContain(t, "refresh output", out, "Warning: Lock No Longer Exists", "answered 404 for lock 124", "removed from Terraform state")

	// Replacing the resource with another lock leaves the old one in place,
	// and the plan says so.
	writeFile(t, filepath.Join(cli.dir, "main.tf"), requiredProviders+providerBlock(mock.URL)+`
resource "spkey_lock_organization" "a" {
  lock_id = 124
  org_id  = "org_a"
}
`)
	out = cli.run(true, "plan")
	mustContain(t, "plan output for a new lock_id", out, "must be replaced", "Warning: Lock Organization Left in Place", `lock 123 keeps organization "org_a"`)
	writeFile(t, filepath.Join(cli.dir, "main.tf"), config)

	out = cli.run(true, "plan", "-destroy")
	mustContain(t, "plan -destroy output", out, "Warning: Lock Organization Left in Place", `lock 123 keeps organization "org_a"`)

	requestsBefore := len(mock.Requests())
	out = cli.run(true, "destroy", "-auto-approve")
	mustContain(t, "destroy output", out, "Lock Organization Left in Place", "Destroy complete! Resources: 1 destroyed.")
	for _, r := range mock.Requests()[requestsBefore:] {
		if r.Op != "basic-info" {
			t.Errorf("destroy sent %s %s; it must only refresh", r.Method, r.Path)
		}
	}
	if l, _ := mock.Lock(123); l.OrgID != "org_a" {
		t.Errorf("lock 123 has org %q after destroy, want org_a", l.OrgID)
	}
}

// Two resources that put one lock in different organizations would fight
// on every apply: the plan says so.
func TestAccCLI_conflictingResources(t *testing.T) {
	mock := newMock(t, 5, 6, 7)
	cli := newCLI(t)
	writeFile(t, filepath.Join(cli.dir, "main.tf"), requiredProviders+providerBlock(mock.URL)+`
resource "spkey_lock_organization" "single" {
  lock_id = 5
  org_id  = "org_a"
}
resource "spkey_organization_locks" "fleet" {
  org_id = "org_b"
  locks  = { "5" = "lobby", "6" = "", "7" = "" }
}
`)
	out := cli.run(true, "plan")
	// Whichever resource Terraform plans second reports the conflict.
	mustContain(t, "plan output", out, "Warning: Locks Assigned to Two Organizations", "lock 5:", "fight")
	if !errorMatching(`lock 5: "org_b" by spkey_organization_locks, "org_a" by spkey_lock_organization`).MatchString(out) &&
		!errorMatching(`lock 5: "org_a" by spkey_lock_organization, "org_b" by spkey_organization_locks`).MatchString(out) {
		t.Errorf("the warning does not name both organizations and both resources:\n%s", out)
	}
}
