package provider

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/smartphonekey/terraform-provider-spkey/internal/spkeytest"
)

// A partly failed create: Terraform taints any create that returns an
// error, so the error says what the next plan will show and how to avoid
// re-sending every lock. After terraform untaint the next plan is an
// update in place and the apply sends exactly the failed locks.
func TestAccCLI_fleetPartialCreate(t *testing.T) {
	mock := newMock(t, 1, 2, 3, 4, 5)
	for _, id := range []int64{2, 4} {
		mustInject(t, mock, spkeytest.Fault{Kind: spkeytest.FaultStatus, Status: 503, Op: "SetOrganization", LockID: id})
	}
	cli := newCLI(t)
	writeFile(t, filepath.Join(cli.dir, "main.tf"), requiredProviders+providerBlock(mock.URL, "  max_retries = 0")+`
resource "spkey_organization_locks" "fleet" {
  org_id = "org_a"
  locks  = { for id in range(1, 6) : tostring(id) => "" }
}
`)
	out := cli.run(false, "apply", "-auto-approve")
	mustContain(t, "apply output", out, "Unable to Set Lock Organization: 2 of 5 Locks Failed",
		"with spkey_organization_locks.fleet", "marks a resource whose create failed as tainted", "terraform untaint ADDRESS")
	mock.ClearFaults()

	// What the error says Terraform does without untaint.
	mustContain(t, "plan output", cli.run(false, "plan", "-detailed-exitcode"),
		// Terraform says "so must be replaced", OpenTofu "so it must be replaced".
		"spkey_organization_locks.fleet is tainted, so", "must be replaced", "1 to add, 0 to change, 1 to destroy")

	cli.run(true, "untaint", "spkey_organization_locks.fleet")
	mustContain(t, "plan after untaint", cli.run(false, "plan", "-detailed-exitcode"),
		"spkey_organization_locks.fleet will be updated in-place", `+ "2" = ""`, `+ "4" = ""`, "0 to add, 1 to change, 0 to destroy")

	mark := len(mock.Requests())
	mustContain(t, "apply after untaint", cli.run(true, "apply", "-auto-approve"), "0 added, 1 changed, 0 destroyed")
	if err := checkSetOrganizationsSince(mock, &mark, 2, 4)(nil); err != nil {
		t.Error(err)
	}
	mustContain(t, "plan at the end", cli.run(true, "plan", "-detailed-exitcode"), "No changes.")
}

// Importing locks of another organization: none of them is an error that
// names where each one is; some of them imports those and warns about the
// rest.
func TestAccCLI_fleetImportOtherOrganization(t *testing.T) {
	mock := newMock(t, 303)
	mock.AddLock(301, "org_a")
	mock.AddLock(302, "org_b")
	cli := newCLI(t)
	config := func(org string) {
		writeFile(t, filepath.Join(cli.dir, "main.tf"), requiredProviders+providerBlock(mock.URL)+fmt.Sprintf(`
resource "spkey_organization_locks" "f" {
  org_id = %q
  locks  = { "301" = "", "302" = "", "303" = "" }
}
`, org))
	}
	config("org_nobody")
	out := cli.run(false, "import", "spkey_organization_locks.f", "org_nobody:301-303")
	mustContain(t, "import output", out, "Error: Locks Not in the Organization", `None of the 3 lock(s) to import belong to "org_nobody"`,
		`lock 301 belongs to "org_a", lock 302 belongs to "org_b", lock 303 has no organization`)
	if state, err := os.ReadFile(filepath.Join(cli.dir, "terraform.tfstate")); err == nil && errorMatching("spkey_organization_locks").Match(state) {
		t.Errorf("the failed import left the resource in state:\n%s", state)
	}

	config("org_a")
	out = cli.run(true, "import", "spkey_organization_locks.f", "org_a:301-303")
	mustContain(t, "import output", out, "Import successful!", "Warning: Some Locks Not Imported",
		`2 lock(s) do not belong to "org_a" and were not imported: lock 302 belongs to "org_b", lock 303 has no organization`)
	mustContain(t, "state", cli.run(true, "state", "show", "spkey_organization_locks.f"), `"301" = ""`)
	if state := cli.run(true, "state", "show", "spkey_organization_locks.f"); errorMatching(`"302"`).MatchString(state) {
		t.Errorf("lock 302 of org_b was imported into org_a's fleet:\n%s", state)
	}
	if sets := requestsOf(mock, "SetOrganization"); len(sets) != 0 {
		t.Errorf("importing sent %d SetOrganization calls; it must only read", len(sets))
	}

	// Once imported, a lock that moves is drift, not the import ID's
	// mistake: the import's mark in private state ends with its Read.
	writeFile(t, filepath.Join(cli.dir, "main.tf"), requiredProviders+providerBlock(mock.URL)+`
resource "spkey_organization_locks" "f" {
  org_id = "org_a"
  locks  = { "301" = "" }
}
`)
	cli.run(true, "apply", "-refresh-only", "-auto-approve")
	mock.SetOrg(301, "org_c")
	mustContain(t, "plan after the lock moved", cli.run(false, "plan", "-detailed-exitcode"),
		`+ "301" = ""`, "Warning: Locks Left the Organization Outside Terraform", `lock 301 belongs to "org_c" since`)
}

// Destroying a fleet warns once that its locks keep their organization:
// at plan time, not again when Delete runs (issue 23 item 9).
func TestAccCLI_fleetDestroyWarnsOnce(t *testing.T) {
	mock := newMock(t, 1, 2)
	cli := newCLI(t)
	writeFile(t, filepath.Join(cli.dir, "main.tf"), requiredProviders+providerBlock(mock.URL)+`
resource "spkey_organization_locks" "fleet" {
  org_id = "org_a"
  locks  = { "1" = "", "2" = "" }
}
`)
	cli.run(true, "apply", "-auto-approve")
	out := cli.run(true, "destroy", "-auto-approve", "-json")
	if n := countWarnings(t, out, "Lock Organization Left in Place"); n != 1 {
		t.Errorf("destroying one fleet printed %d \"Left in Place\" warnings, want 1:\n%s", n, out)
	}
	mustContain(t, "destroy output", out, `These locks keep organization \"org_a\": lock 1, 2.`, "Destroy complete! Resources: 1 destroyed.")
	if sets := requestsOf(mock, "SetOrganization"); len(sets) != 2 {
		t.Errorf("%d SetOrganization calls, want the 2 of the apply and none from destroy", len(sets))
	}
}
