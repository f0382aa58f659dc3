package provider

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
)

// A fleet's identity is { org_id, lock_ids }, its locks as ranges: it
// follows the locks, and an import block with it imports the fleet with no
// change.
func TestAccOrganizationLocks_identity(t *testing.T) {
	mock := newMock(t, 1, 2, 3, 4, 7)
	identity := func(ids string) statecheck.StateCheck {
		return statecheck.ExpectIdentity(testFleet, map[string]knownvalue.Check{
			"org_id": knownvalue.StringExact("org_a"), "lock_ids": knownvalue.StringExact(ids)})
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		TerraformVersionChecks:   identityVersions,
		Steps: []resource.TestStep{
			{Config: fleetConfig(mock.URL, "org_a", []int64{1, 2, 3}), ConfigStateChecks: []statecheck.StateCheck{identity("1-3")}},
			{Config: fleetConfig(mock.URL, "org_a", []int64{1, 2, 3, 4, 7}), ConfigStateChecks: []statecheck.StateCheck{identity("1-4,7")}},
			{
				ResourceName:    testFleet,
				ImportState:     true,
				ImportStateKind: resource.ImportBlockWithResourceIdentity,
				ImportPlanChecks: resource.ImportPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(testFleet, plancheck.ResourceActionNoop)},
				},
			},
		},
	})
}

// terraform query over fleets: one result per organization found in the
// ranges, and -generate-config-out writes one fleet resource each, with
// its import block, that apply with imports only and then plan no change.
func TestAccCLI_fleetQueryGenerateConfig(t *testing.T) {
	cli := newCLI(t)
	if v := cliVersion(t); v.name != "terraform" || !v.atLeast(14) {
		t.Skipf("%s %d.%d has no terraform query (Terraform 1.14+)", v.name, v.major, v.minor)
	}
	mock := twoOrgMock(t)
	writeFile(t, filepath.Join(cli.dir, "main.tf"), requiredProviders+providerBlock(mock.URL))
	writeFile(t, filepath.Join(cli.dir, "fleets.tfquery.hcl"), `
list "spkey_organization_locks" "all" {
  provider         = spkey
  include_resource = true
  config {
    lock_ids = "100-119"
  }
}
`)
	out := cli.run(true, "query", "-generate-config-out=fleets.tf")
	mustContain(t, "query output", out, "organization org_a: 5 lock(s), 100-104", "organization org_b: 2 lock(s), 106-107")
	generated, err := os.ReadFile(filepath.Join(cli.dir, "fleets.tf"))
	if err != nil {
		t.Fatal(err)
	}
	gen := string(generated)
	if c := strings.Count(gen, `resource "spkey_organization_locks"`); c != 2 {
		t.Errorf("fleets.tf has %d fleet resources, want 2:\n%s", c, gen)
	}
	for _, want := range []string{`lock_ids\s*=\s*"100-104"`, `lock_ids\s*=\s*"106-107"`, `org_id\s*=\s*"org_b"`, `"104"\s*=\s*""`} {
		if !regexp.MustCompile(want).MatchString(gen) {
			t.Errorf("fleets.tf does not match %s:\n%s", want, gen)
		}
	}
	out = cli.run(true, "apply", "-auto-approve")
	mustContain(t, "apply", out, "2 imported, 0 added, 0 changed, 0 destroyed")
	cli.run(true, "plan", "-detailed-exitcode")
	for _, r := range mock.Requests() {
		if r.Op != "basic-info" {
			t.Errorf("unexpected %s %s: importing sets nothing", r.Method, r.Path)
		}
	}
	t.Logf("generated configuration:\n%s", gen)
}
