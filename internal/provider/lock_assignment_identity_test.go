package provider

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"
)

// Resource identity is a Terraform 1.12 (and OpenTofu 1.12) feature:
// older CLIs neither store nor send it, so these tests skip below 1.12.
var identityVersions = []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_12_0)}

// A created lock has the identity { lock_id }, and an import block with
// that identity imports it with no change. (String-id import, with
// identity recorded or not, is TestAccLockOrganization_lifecycle's, on
// every CLI.)
func TestAccLockOrganization_identity(t *testing.T) {
	mock := newMock(t, 123)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		TerraformVersionChecks:   identityVersions,
		Steps: []resource.TestStep{
			{
				Config: lockOrgConfig(mock.URL, 123, "org_a"),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectIdentity(testResource, map[string]knownvalue.Check{
						"lock_id": knownvalue.Int64Exact(123),
					}),
					statecheck.ExpectIdentityValueMatchesState(testResource, tfjsonpath.New("lock_id")),
				},
			},
			{
				ResourceName:    testResource,
				ImportState:     true,
				ImportStateKind: resource.ImportBlockWithResourceIdentity,
				ImportPlanChecks: resource.ImportPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(testResource, plancheck.ResourceActionNoop),
					},
				},
			},
		},
	})
}

// An import block's identity goes through the same lock-id rules as an
// import id.
func TestAccLockOrganization_identityInvalid(t *testing.T) {
	mock := newMock(t, 123)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		TerraformVersionChecks:   identityVersions,
		Steps: []resource.TestStep{{
			Config: providerBlock(mock.URL) + `
import {
  to       = spkey_lock_organization.test
  identity = { lock_id = 0 }
}
resource "spkey_lock_organization" "test" {
  lock_id = 123
  org_id  = "org_a"
}
`,
			ExpectError: errorMatching("Invalid Import ID", `"0" is not a lock id: it must be at least 1`),
		}},
	})
	if n := len(mock.Requests()); n != 0 {
		t.Errorf("the mock received %d requests for an invalid identity, want none", n)
	}
}

// State written before identity existed (by an older provider or CLI)
// gets its identity on the next refresh, with no change planned.
func TestAccCLI_identityAddedOnRefresh(t *testing.T) {
	cli := newCLI(t)
	if v := cliVersion(t); !v.atLeast(12) {
		t.Skipf("%s %d.%d stores no resource identity (Terraform and OpenTofu 1.12+ do)", v.name, v.major, v.minor)
	}
	mock := newMock(t, 123)
	writeFile(t, filepath.Join(cli.dir, "main.tf"), requiredProviders+lockOrgConfig(mock.URL, 123, "org_a"))
	cli.run(true, "apply", "-auto-approve")

	// Take the identity out of the state file, as an older provider
	// would have written it.
	statePath := filepath.Join(cli.dir, "terraform.tfstate")
	raw, err := os.ReadFile(statePath) //nolint:gosec // G304: the test's own state file
	if err != nil {
		t.Fatal(err)
	}
	var state map[string]any
	if err := json.Unmarshal(raw, &state); err != nil {
		t.Fatal(err)
	}
	removed := 0
	for _, r := range state["resources"].([]any) { //nolint:forcetypeassert // the state file's documented shape; a panic fails the test
		for _, inst := range r.(map[string]any)["instances"].([]any) { //nolint:forcetypeassert // as above
			i := inst.(map[string]any) //nolint:forcetypeassert // as above
			if _, ok := i["identity"]; ok {
				delete(i, "identity")
				delete(i, "identity_schema_version")
				removed++
			}
		}
	}
	if removed != 1 {
		t.Fatalf("the state after apply has %d identities, want 1:\n%s", removed, raw)
	}
	out, err := json.Marshal(state)
	if err != nil {
		t.Fatal(err)
	}
	writeFile(t, statePath, string(out))

	cli.run(true, "apply", "-refresh-only", "-auto-approve")
	shown := cli.run(true, "show", "-json")
	if !strings.Contains(shown, `"identity":{"lock_id":123}`) {
		t.Errorf("after refresh the state has no identity {lock_id = 123}:\n%s", shown)
	}
	cli.run(true, "plan", "-detailed-exitcode")
}
