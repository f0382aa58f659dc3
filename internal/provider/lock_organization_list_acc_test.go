package provider

import (
	"fmt"
	"math/big"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/querycheck"
	"github.com/hashicorp/terraform-plugin-testing/querycheck/queryfilter"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"
)

// terraform query and list resources arrived in Terraform 1.14; older
// CLIs (and OpenTofu 1.12) do not read .tfquery.hcl files.
var queryVersions = []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_14_0)}

// lockListBlock is a list block of spkey_lock_organization.
func lockListBlock(name, lockIDs, orgID string, includeResource bool) string {
	filter := ""
	if orgID != "" {
		filter = fmt.Sprintf("    org_id   = %q\n", orgID)
	}
	return fmt.Sprintf(`
list "spkey_lock_organization" %q {
  provider         = spkey
  include_resource = %t
  config {
    lock_ids = %q
%s  }
}
`, name, includeResource, lockIDs, filter)
}

// A range with locks of two organizations and gaps: without a filter the
// query finds every lock that has an organization, with org_id only that
// organization's, each with its identity and resource object.
func TestAccLockOrganizationList_query(t *testing.T) {
	mock := twoOrgMock(t)
	lock102, _ := mock.Lock(102)
	idIs := func(id int64) queryfilter.QueryFilter {
		return queryfilter.ByResourceIdentity(map[string]knownvalue.Check{"lock_id": knownvalue.Int64Exact(id)})
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		TerraformVersionChecks:   queryVersions,
		Steps: []resource.TestStep{
			{Config: providerBlock(mock.URL)},
			{
				Query: true,
				// The provider block comes from the first step's
				// configuration, which query steps keep.
				Config: lockListBlock("all", "100-119", "", false) + lockListBlock("org_a", "100-119", "org_a", true),
				QueryResultChecks: []querycheck.QueryResultCheck{
					querycheck.ExpectLength("spkey_lock_organization.all", 7),
					querycheck.ExpectIdentity("spkey_lock_organization.all", map[string]knownvalue.Check{"lock_id": knownvalue.Int64Exact(106)}),
					querycheck.ExpectResourceDisplayName("spkey_lock_organization.all", idIs(107), knownvalue.StringExact("lock 107 (org_id org_b)")),
					querycheck.ExpectLength("spkey_lock_organization.org_a", 5),
					querycheck.ExpectResourceKnownValues("spkey_lock_organization.org_a", idIs(102), []querycheck.KnownValueCheck{
						{Path: tfjsonpath.New("org_id"), KnownValue: knownvalue.StringExact("org_a")},
						{Path: tfjsonpath.New("id"), KnownValue: knownvalue.StringExact("102")},
						{Path: tfjsonpath.New("aggregate_id"), KnownValue: knownvalue.StringExact("102")},
						{Path: tfjsonpath.New("version"), KnownValue: knownvalue.NumberExact(big.NewFloat(float64(lock102.Version)))},
					}),
				},
			},
			{
				Query:       true,
				Config:      lockListBlock("bad", "199-100", "", false),
				ExpectError: errorMatching("Invalid Lock ID", `lock_ids: Range "199-100" must go upwards`),
			},
		},
	})
}

// terraform query -generate-config-out writes resource and import blocks
// that apply with imports only (no SetOrganization) and then plan no
// change.
func TestAccCLI_queryGenerateConfig(t *testing.T) {
	cli := newCLI(t)
	if v := cliVersion(t); v.name != "terraform" || !v.atLeast(14) {
		t.Skipf("%s %d.%d has no terraform query (Terraform 1.14+)", v.name, v.major, v.minor)
	}
	mock := twoOrgMock(t)
	writeFile(t, filepath.Join(cli.dir, "main.tf"), requiredProviders+providerBlock(mock.URL))
	writeFile(t, filepath.Join(cli.dir, "locks.tfquery.hcl"), lockListBlock("org_a", "100-119", "org_a", true))
	out := cli.run(true, "query", "-generate-config-out=locks.tf")
	mustContain(t, "query output", out, "lock 100 (org_id org_a)", "lock 104 (org_id org_a)")
	generated, err := os.ReadFile(filepath.Join(cli.dir, "locks.tf"))
	if err != nil {
		t.Fatal(err)
	}
	gen := string(generated)
	for _, want := range []string{`resource "spkey_lock_organization"`, "import {", "identity", `org_id`} {
		if c := strings.Count(gen, want); c < 5 {
			t.Errorf("locks.tf has %q %d times, want at least 5:\n%s", want, c, gen)
		}
	}
	if !regexp.MustCompile(`lock_id\s*=\s*102`).MatchString(gen) || strings.Contains(gen, "org_b") {
		t.Errorf("locks.tf does not name exactly the org_a locks:\n%s", gen)
	}
	out = cli.run(true, "apply", "-auto-approve")
	mustContain(t, "apply", out, "5 imported, 0 added, 0 changed, 0 destroyed")
	cli.run(true, "plan", "-detailed-exitcode")
	for _, r := range mock.Requests() {
		if r.Op != "basic-info" {
			t.Errorf("unexpected %s %s: importing sets nothing", r.Method, r.Path)
		}
	}
	t.Logf("generated configuration:\n%s", gen)
}

// The fleet view documented on the spkey_organization_locks page: an
// import block over a range plus -generate-config-out writes one fleet
// resource whose locks map names exactly the organization's locks, and
// applying it imports with no change (Terraform 1.5+).
func TestAccCLI_fleetAdoptGenerateConfig(t *testing.T) {
	cli := newCLI(t)
	mock := twoOrgMock(t)
	writeFile(t, filepath.Join(cli.dir, "main.tf"), requiredProviders+providerBlock(mock.URL)+`
import {
  to = spkey_organization_locks.org_a
  id = "org_a:100-119"
}
`)
	cli.run(true, "plan", "-generate-config-out=fleet.tf")
	generated, err := os.ReadFile(filepath.Join(cli.dir, "fleet.tf"))
	if err != nil {
		t.Fatal(err)
	}
	gen := string(generated)
	keys := regexp.MustCompile(`"(\d+)"\s*=\s*""`).FindAllStringSubmatch(gen, -1)
	var got []string
	for _, k := range keys {
		got = append(got, k[1])
	}
	if strings.Join(got, ",") != "100,101,102,103,104" {
		t.Errorf("fleet.tf names locks %v, want 100-104:\n%s", got, gen)
	}
	out := cli.run(true, "apply", "-auto-approve")
	mustContain(t, "apply", out, "1 imported, 0 added, 0 changed, 0 destroyed")
	cli.run(true, "plan", "-detailed-exitcode")
	for _, r := range mock.Requests() {
		if r.Op != "basic-info" {
			t.Errorf("unexpected %s %s: importing sets nothing", r.Method, r.Path)
		}
	}
}
