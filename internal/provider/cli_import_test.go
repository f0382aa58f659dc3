package provider

import (
	"os"
	"path/filepath"
	"testing"
)

// Adopting existing locks the GitOps way: an import block, `plan
// -generate-config-out`, and the generated configuration applies with
// nothing left to change.
func TestAccCLI_importGeneratedConfig(t *testing.T) {
	mock := newMock(t, 1, 2)
	mock.AddLock(123, "org_a")
	mock.AddLock(1, "org_b")
	mock.AddLock(2, "org_b")
	cli := newCLI(t)
	writeFile(t, filepath.Join(cli.dir, "main.tf"), requiredProviders+providerBlock(mock.URL)+`
import {
  to = spkey_lock_organization.adopted
  id = "123"
}
import {
  to = spkey_organization_locks.adopted
  id = "org_b:1-2"
}
`)
	cli.run(true, "plan", "-generate-config-out=generated.tf")
	generated, err := os.ReadFile(filepath.Join(cli.dir, "generated.tf"))
	if err != nil {
		t.Fatal(err)
	}
	mustContain(t, "generated.tf", string(generated), `resource "spkey_lock_organization" "adopted"`, "lock_id", "= 123", "org_id", `= "org_a"`)
	mustContain(t, "generated.tf", string(generated), `resource "spkey_organization_locks" "adopted"`, "locks", `"1" = ""`, `"2" = ""`, `"org_b"`)

	out := cli.run(true, "apply", "-auto-approve")
	mustContain(t, "apply output", out, "2 imported, 0 added, 0 changed, 0 destroyed")
	mustContain(t, "plan after import", cli.run(true, "plan", "-detailed-exitcode"), "No changes.")
	if sets := requestsOf(mock, "SetOrganization"); len(sets) != 0 {
		t.Errorf("importing sent %d SetOrganization calls; it must only read", len(sets))
	}
}

// Adopting a fleet whose configuration has labels: the import brings
// empty labels, and the plan shows the labels as an update in place that
// apply makes without a single SetOrganization.
func TestAccCLI_importFleetWithLabels(t *testing.T) {
	mock := newMock(t)
	mock.AddLock(1, "org_b")
	mock.AddLock(2, "org_b")
	cli := newCLI(t)
	writeFile(t, filepath.Join(cli.dir, "main.tf"), requiredProviders+providerBlock(mock.URL)+`
import {
  to = spkey_organization_locks.fleet
  id = "org_b:1-2"
}
resource "spkey_organization_locks" "fleet" {
  org_id = "org_b"
  locks  = { "1" = "front door", "2" = "" }
}
`)
	out := cli.run(true, "apply", "-auto-approve")
	mustContain(t, "apply output", out, "1 imported, 0 added, 1 changed, 0 destroyed")
	mustContain(t, "state", cli.run(true, "state", "show", "spkey_organization_locks.fleet"), `"1" = "front door"`, `"2" = ""`)
	mustContain(t, "plan after import", cli.run(true, "plan", "-detailed-exitcode"), "No changes.")
	if sets := requestsOf(mock, "SetOrganization"); len(sets) != 0 {
		t.Errorf("importing and labelling sent %d SetOrganization calls; it must only read", len(sets))
	}
}

// The fleet adoption example: import blocks with for_each, which need
// Terraform 1.7 or OpenTofu 1.7.
func TestAccCLI_importFleetWithForEach(t *testing.T) {
	cli := newCLI(t)
	if v := cliVersion(t); v.name == "terraform" && !v.atLeast(7) {
		t.Skipf("import blocks with for_each need Terraform 1.7 or later; this is %s %d.%d", v.name, v.major, v.minor)
	}
	mock := newMock(t)
	for _, id := range []int64{101, 102, 103} {
		mock.AddLock(id, "org_7f3a")
	}
	example, err := os.ReadFile("../../examples/adopt-existing-locks/main.tf")
	if err != nil {
		t.Fatal(err)
	}
	writeFile(t, filepath.Join(cli.dir, "main.tf"), providerBlock(mock.URL)+string(example))
	writeFile(t, filepath.Join(cli.dir, "terraform.tfvars"), `locks = { reception = 101, server_room = 102, storage = 103 }`+"\n")
	out := cli.run(true, "apply", "-auto-approve")
	mustContain(t, "apply output", out, "3 imported, 0 added, 0 changed, 0 destroyed")
	mustContain(t, "plan after import", cli.run(true, "plan", "-detailed-exitcode"), "No changes.")
}
